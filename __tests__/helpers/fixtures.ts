// Fixture Go modules for gopin's tests and benchmarks: building module zips the
// way cmd/go does, writing GOPROXY file trees, a standard module set covering the
// protocol's corner cases, a deterministic large-graph generator, main modules
// that compile fixtures, go's own h1: sums, and private modules served from local
// git repositories through GOPROXY=direct.

import { createCipheriv, createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import yauzl from "yauzl";
import yazl from "yazl";
import { escapePath, escapeVersion } from "../../src/gomod/escape.js";
import { assertGoOk, goEnv, goModDownload, runCommand, tempDir, type EnvOverrides } from "./go.js";

// ---------------------------------------------------------------------------
// Types

export interface FixtureModule {
  /** Module path, e.g. "example.com/BigCorp/Widget". */
  path: string;
  /** Canonical semver, pseudo-version or +incompatible version. */
  version: string;
  /** Commit time, RFC 3339 UTC (e.g. "2023-01-05T10:00:00Z"); the .info Time. */
  time: string;
  /**
   * Files of the module, relative to its root (no "path@version/" prefix).
   * Default: one "<pkg>.go" with an exported Hello(). A go.mod is added unless
   * goMod is null (a "go.mod" key here is used as the go.mod if goMod is undefined).
   */
  files?: Record<string, string | Buffer>;
  /**
   * go.mod contents; default "module <path>\n\ngo 1.21\n". null: the zip has no
   * go.mod (the +incompatible case) and the served .mod is "module <path>\n",
   * which is what cmd/go synthesizes.
   */
  goMod?: string | null;
  /** Optional "Origin" object for the .info file. */
  origin?: object;
}

export interface ZipEntryData {
  /** Name relative to the module root. */
  name: string;
  data: Buffer;
}

export interface BuiltModule {
  path: string;
  version: string;
  time: string;
  /** {"Version","Time"[,"Origin"]} JSON, as served at @v/<version>.info. */
  info: Buffer;
  /** The .mod file as served at @v/<version>.mod. */
  mod: Buffer;
  /** The module zip as served at @v/<version>.zip. */
  zip: Buffer;
  /** The zip's files, in zip order (names relative to the module root). */
  files: ZipEntryData[];
}

export interface ModuleRef {
  path: string;
  version: string;
}

// ---------------------------------------------------------------------------
// Versions (a small self-contained copy of Go's semver rules, so that the test
// infrastructure does not depend on the code it tests)

const semverRe = /^v(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const pseudoRe = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)(\d{14})-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function cmpNum(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpPrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "") return 1;
  if (b === "") return -1;
  const as = a.split(".");
  const bs = b.split(".");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i]!;
    const y = bs[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return cmpNum(x, y);
    if (xn) return -1;
    if (yn) return 1;
    return x < y ? -1 : 1;
  }
  return as.length < bs.length ? -1 : as.length > bs.length ? 1 : 0;
}

/** Go's semver.Compare (invalid versions sort first, build metadata ignored). */
export function compareVersions(v: string, w: string): number {
  const a = semverRe.exec(v);
  const b = semverRe.exec(w);
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  for (let i = 1; i <= 3; i++) {
    const c = cmpNum(a[i] ?? "0", b[i] ?? "0");
    if (c !== 0) return c;
  }
  return cmpPrerelease(a[4] ?? "", b[4] ?? "");
}

/** Sorts like Go's semver.Sort (ties broken by string order). */
export function sortVersions(list: readonly string[]): string[] {
  return [...list].sort((a, b) => compareVersions(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function isPseudoVersion(v: string): boolean {
  return semverRe.test(v) && pseudoRe.test(v);
}

function isPrerelease(v: string): boolean {
  const m = semverRe.exec(v);
  return !!m && m[4] !== undefined;
}

/** The time encoded in a pseudo-version, as RFC 3339 UTC. */
export function pseudoVersionTime(v: string): string {
  const m = pseudoRe.exec(v);
  if (!m) throw new Error(`not a pseudo-version: ${v}`);
  const t = m[3]!;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
}

/** Versions served in @v/list: every version except pseudo-versions, semver-sorted. */
export function listedVersions(versions: readonly string[]): string[] {
  return sortVersions(versions.filter((v) => !isPseudoVersion(v)));
}

/**
 * The version a proxy answers for @latest: the highest release, else the highest
 * pre-release, else the newest pseudo-version. undefined for an empty list.
 */
export function latestVersion(versions: readonly string[]): string | undefined {
  const sorted = sortVersions(versions);
  const releases = sorted.filter((v) => !isPrerelease(v));
  if (releases.length) return releases[releases.length - 1];
  const pre = sorted.filter((v) => !isPseudoVersion(v));
  if (pre.length) return pre[pre.length - 1];
  return sorted[sorted.length - 1];
}

// ---------------------------------------------------------------------------
// Sources

/** A Go package name derived from a module/import path ("example.org/lib/v2" -> "lib"). */
export function packageName(importPath: string): string {
  const elems = importPath.split("/");
  let last = elems[elems.length - 1] ?? "";
  if (/^v[2-9]\d*$|^v1\d+$/.test(last) && elems.length > 1) last = elems[elems.length - 2]!;
  let name = last.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (name === "" || /^\d/.test(name)) name = "p" + name;
  if (GO_KEYWORDS.has(name) || name === "main") name += "pkg";
  return name;
}

const GO_KEYWORDS = new Set([
  "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
  "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
  "struct", "switch", "type", "var",
]);

/**
 * The default Go source of a fixture module's root package: an exported Hello()
 * returning "path@version", blank-importing `imports` (other fixtures' packages).
 */
export function defaultGoFile(path: string, version: string, imports: readonly string[] = []): string {
  const pkg = packageName(path);
  let s = `// Package ${pkg} is a gopin test fixture (${path}).\npackage ${pkg}\n\n`;
  if (imports.length) {
    s += "import (\n" + imports.map((p) => `\t_ ${JSON.stringify(p)}\n`).join("") + ")\n\n";
  }
  s += `// Hello identifies the module version this package was built from.\n`;
  s += `func Hello() string { return ${JSON.stringify(path + "@" + version)} }\n`;
  return s;
}

/** The default go.mod of a fixture module. */
export function defaultGoMod(path: string, requires: readonly ModuleRef[] = [], goVersion = "1.21"): string {
  let s = `module ${path}\n\ngo ${goVersion}\n`;
  if (requires.length === 1) s += `\nrequire ${requires[0]!.path} ${requires[0]!.version}\n`;
  else if (requires.length > 1) {
    s += "\nrequire (\n" + requires.map((r) => `\t${r.path} ${r.version}\n`).join("") + ")\n";
  }
  return s;
}

// ---------------------------------------------------------------------------
// Building modules

function toBuffer(x: string | Buffer): Buffer {
  return typeof x === "string" ? Buffer.from(x, "utf8") : x;
}

/** Compares relative paths in the order filepath.Walk visits them (per-directory lexical). */
function walkOrder(a: string, b: string): number {
  const as = a.split("/");
  const bs = b.split("/");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] !== bs[i]) return as[i]! < bs[i]! ? -1 : 1;
  }
  return as.length - bs.length;
}

function checkTime(m: { path: string; version: string; time: string }): void {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(m.time) || Number.isNaN(Date.parse(m.time))) {
    throw new Error(`fixture ${m.path}@${m.version}: time ${JSON.stringify(m.time)} is not RFC 3339 UTC`);
  }
  if (isPseudoVersion(m.version)) {
    const want = pseudoVersionTime(m.version);
    if (new Date(m.time).getTime() !== new Date(want).getTime()) {
      throw new Error(`fixture ${m.path}@${m.version}: time ${m.time} differs from the pseudo-version's ${want}`);
    }
  }
}

/** The file list of a fixture module (go.mod included unless goMod is null) and its .mod. */
export function moduleFiles(m: FixtureModule): { files: ZipEntryData[]; mod: Buffer } {
  const given = m.files ?? { [packageName(m.path) + ".go"]: defaultGoFile(m.path, m.version) };
  const files = new Map<string, Buffer>();
  for (const [name, data] of Object.entries(given)) {
    if (name === "" || name.startsWith("/") || name.endsWith("/") || name.split("/").some((e) => e === "" || e === "." || e === "..")) {
      throw new Error(`fixture ${m.path}@${m.version}: bad file name ${JSON.stringify(name)}`);
    }
    files.set(name, toBuffer(data));
  }
  let mod: Buffer;
  if (m.goMod === null) {
    files.delete("go.mod");
    mod = Buffer.from(`module ${m.path}\n`, "utf8");
  } else {
    mod = m.goMod !== undefined ? toBuffer(m.goMod) : (files.get("go.mod") ?? Buffer.from(defaultGoMod(m.path), "utf8"));
    files.set("go.mod", mod);
  }
  const lower = new Set<string>();
  for (const name of files.keys()) {
    const l = name.toLowerCase();
    if (lower.has(l)) throw new Error(`fixture ${m.path}@${m.version}: case-insensitive duplicate file ${name}`);
    lower.add(l);
  }
  const list = [...files.entries()].sort((a, b) => walkOrder(a[0], b[0])).map(([name, data]) => ({ name, data }));
  return { files: list, mod };
}

/**
 * Writes a module zip as cmd/go's modzip.Create does: one deflated entry per
 * file named "path@version/<file>", no directory entries, in walk order.
 * (Byte-identical output is impossible — zlib is not Go's compress/flate — but
 * the structure, and so the h1: hash, is the same.)
 */
export function createModuleZip(path: string, version: string, files: readonly ZipEntryData[], mtime?: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const prefix = `${path}@${version}/`;
    const when = mtime ?? new Date("2000-01-01T00:00:00Z");
    for (const f of files) {
      zip.addBuffer(f.data, prefix + f.name, { mtime: when, mode: 0o100644, compress: true, forceDosTimestamp: true });
    }
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.end();
  });
}

/** The .info JSON a proxy serves for a module version. */
export function infoJson(version: string, time: string, origin?: object): Buffer {
  const o: Record<string, unknown> = { Version: version, Time: time };
  if (origin !== undefined) o.Origin = origin;
  return Buffer.from(JSON.stringify(o), "utf8");
}

/** Builds the .info, .mod and .zip of a fixture module. */
export async function buildModule(m: FixtureModule): Promise<BuiltModule> {
  checkTime(m);
  escapePath(m.path); // validates the path (throws on a malformed one)
  escapeVersion(m.version);
  const { files, mod } = moduleFiles(m);
  const zip = await createModuleZip(m.path, m.version, files, new Date(m.time));
  return { path: m.path, version: m.version, time: m.time, info: infoJson(m.version, m.time, m.origin), mod, zip, files };
}

export function isBuiltModule(m: FixtureModule | BuiltModule): m is BuiltModule {
  return Buffer.isBuffer((m as BuiltModule).zip) && Buffer.isBuffer((m as BuiltModule).info);
}

/** Builds every module that is not built yet (BuiltModules are passed through). */
export async function buildAll(modules: ReadonlyArray<FixtureModule | BuiltModule>): Promise<BuiltModule[]> {
  const out: BuiltModule[] = [];
  for (const m of modules) out.push(isBuiltModule(m) ? m : await buildModule(m));
  return out;
}

// ---------------------------------------------------------------------------
// h1: hashes (golang.org/x/mod/sumdb/dirhash.Hash1)

/** dirhash.Hash1 over (name, content) pairs; names must already carry any prefix. */
export function hash1(files: ReadonlyArray<{ name: string; data: Buffer }>): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const h = createHash("sha256");
  for (const f of sorted) {
    if (f.name.includes("\n")) throw new Error(`dirhash: filenames with newlines are not supported: ${f.name}`);
    h.update(`${createHash("sha256").update(f.data).digest("hex")}  ${f.name}\n`);
  }
  return "h1:" + h.digest("base64");
}

/** The h1: hash of a .mod file (go.sum's "/go.mod" line). */
export function hashGoMod(mod: Buffer | string): string {
  return hash1([{ name: "go.mod", data: toBuffer(mod) }]);
}

/** The files of a zip, in archive order, read with yauzl. */
export function readZip(zip: Buffer): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err ?? new Error("cannot open zip"));
      const files: { name: string; data: Buffer }[] = [];
      zf.on("error", reject);
      zf.on("end", () => resolve(files));
      zf.on("entry", (e: yauzl.Entry) => {
        zf.openReadStream(e, (err2, rs) => {
          if (err2 || !rs) return reject(err2 ?? new Error("cannot read zip entry"));
          const chunks: Buffer[] = [];
          rs.on("data", (c: Buffer) => chunks.push(c));
          rs.on("error", reject);
          rs.on("end", () => {
            files.push({ name: e.fileName, data: Buffer.concat(chunks) });
            zf.readEntry();
          });
        });
      });
      zf.readEntry();
    });
  });
}

/** The h1: hash of a module zip's bytes (go.sum's zip line). */
export async function hashZip(zip: Buffer): Promise<string> {
  return hash1(await readZip(zip));
}

export interface ModuleSums {
  /** go.sum hash of the zip ("h1:..."); go mod download's Sum. */
  sum: string;
  /** go.sum hash of the .mod; go mod download's GoModSum. */
  goModSum: string;
}

/** The h1: sums computed here in TypeScript from a built module's files. */
export function h1Sums(b: BuiltModule): ModuleSums {
  const prefix = `${b.path}@${b.version}/`;
  return { sum: hash1(b.files.map((f) => ({ name: prefix + f.name, data: f.data }))), goModSum: hashGoMod(b.mod) };
}

/**
 * go's own sums for modules, from `go mod download -json` through a file:// proxy
 * tree (keys "path@version"). Throws with go's output if go fails.
 */
export async function goSums(modules: ReadonlyArray<FixtureModule | BuiltModule>): Promise<Map<string, ModuleSums>> {
  const root = tempDir("gopin-sums-");
  const tree = join(root, "proxy");
  const built = await writeProxyTree(tree, modules);
  const env = goEnv(root, { GOPROXY: fileProxyUrl(tree) });
  const specs = built.map((b) => `${b.path}@${b.version}`);
  const { result, records } = await goModDownload(specs, { env, cwd: root });
  assertGoOk(result, `go mod download ${specs.join(" ")}`);
  const out = new Map<string, ModuleSums>();
  for (const r of records) {
    if (!r.Sum || !r.GoModSum) throw new Error(`go mod download gave no sums for ${r.Path}@${r.Version}: ${r.Error ?? ""}`);
    out.set(`${r.Path}@${r.Version}`, { sum: r.Sum, goModSum: r.GoModSum });
  }
  return out;
}

/** go.sum lines for modules (zip line and /go.mod line each), sorted like go writes them. */
export function goSumText(sums: Map<string, ModuleSums>): string {
  const lines: string[] = [];
  for (const [key, s] of sums) {
    const at = key.lastIndexOf("@");
    const path = key.slice(0, at);
    const version = key.slice(at + 1);
    lines.push(`${path} ${version} ${s.sum}`, `${path} ${version}/go.mod ${s.goModSum}`);
  }
  return lines.sort().join("\n") + (lines.length ? "\n" : "");
}

// ---------------------------------------------------------------------------
// GOPROXY file trees

/** file:// URL of a directory, for GOPROXY. */
export function fileProxyUrl(dir: string): string {
  return pathToFileURL(dir).href;
}

/** Groups built modules by path; versions sorted. */
export function groupByPath(built: readonly BuiltModule[]): Map<string, BuiltModule[]> {
  const by = new Map<string, BuiltModule[]>();
  for (const b of built) {
    const list = by.get(b.path) ?? [];
    const i = list.findIndex((x) => x.version === b.version);
    if (i >= 0) list[i] = b; // later definitions win
    else list.push(b);
    by.set(b.path, list);
  }
  for (const list of by.values()) list.sort((a, b) => compareVersions(a.version, b.version));
  return by;
}

/**
 * Writes a GOPROXY file tree (GOPROXY=file://<dir>): <escPath>/@v/list (sorted,
 * no pseudo-versions), <escPath>/@v/<escVersion>.{info,mod,zip} and
 * <escPath>/@latest. Returns the built modules.
 */
export async function writeProxyTree(dir: string, modules: ReadonlyArray<FixtureModule | BuiltModule>): Promise<BuiltModule[]> {
  const built = await buildAll(modules);
  for (const [path, list] of groupByPath(built)) {
    const base = join(dir, ...escapePath(path).split("/"));
    const vdir = join(base, "@v");
    await mkdir(vdir, { recursive: true });
    const versions = list.map((b) => b.version);
    const listed = listedVersions(versions);
    await writeFile(join(vdir, "list"), listed.map((v) => v + "\n").join(""));
    for (const b of list) {
      const ev = escapeVersion(b.version);
      await writeFile(join(vdir, ev + ".info"), b.info);
      await writeFile(join(vdir, ev + ".mod"), b.mod);
      await writeFile(join(vdir, ev + ".zip"), b.zip);
    }
    const latest = latestVersion(versions);
    const lb = list.find((b) => b.version === latest);
    if (lb) await writeFile(join(base, "@latest"), lb.info);
  }
  return built;
}

// ---------------------------------------------------------------------------
// The standard module set

export const STD = {
  widget: "example.com/BigCorp/Widget",
  legacy: "example.net/legacy",
  multi: "example.com/multi",
  libV2: "example.org/lib/v2",
  pseudo: "example.com/pseudo",
  big: "example.com/big",
  app: "example.org/app",
} as const;

export const STD_PSEUDO_VERSION = "v0.0.0-20230315120000-abcdef123456";

function bigModuleFiles(): Record<string, string> {
  const files: Record<string, string> = {
    "big.go": defaultGoFile(STD.big, "v1.0.0"),
    "README.md": "# big\n\nA fixture module with many files.\n",
    "LICENSE": "Fixture license: do what you like.\n",
  };
  for (let d = 0; d < 20; d++) {
    const pkg = `p${String(d).padStart(2, "0")}`;
    for (let f = 0; f < 10; f++) {
      files[`pkg/${pkg}/f${f}.go`] =
        `package ${pkg}\n\n// F${f} returns a constant of file ${f}.\nfunc F${f}() int { return ${d * 100 + f} }\n`;
    }
    files[`pkg/${pkg}/testdata/input.txt`] = `input data for ${pkg}\n`.repeat(d + 1);
    files[`pkg/${pkg}/doc.md`] = `# ${pkg}\n`;
  }
  for (let i = 0; i < 58; i++) {
    files[`data/set${Math.floor(i / 10)}/item-${String(i).padStart(3, "0")}.txt`] = `item ${i}\n`.repeat(i + 1);
  }
  return files; // 3 + 20 * 12 + 58 = 301 files, plus go.mod
}

/**
 * A small module set covering the protocol's corner cases, in time order:
 *  - example.com/BigCorp/Widget v1.0.0: uppercase path (escaped "!big!corp/!widget"), with an Origin
 *  - example.com/multi v1.0.0, v1.1.0, v1.2.0-pre, v1.2.0: several versions; v1.2.0's go.mod retracts v1.1.0
 *  - example.net/legacy v2.0.0+incompatible: no go.mod in the zip
 *  - example.org/lib/v2 v2.1.0: a /v2 major-version module
 *  - example.com/pseudo v0.0.0-20230315120000-abcdef123456: a pseudo-version only (empty @v/list)
 *  - example.com/big v1.0.0: 302 files in subdirectories
 *  - example.org/app v1.3.0: requires Widget v1.0.0 and multi v1.2.0 and imports both
 */
export function standardModules(): FixtureModule[] {
  const mods: FixtureModule[] = [
    {
      path: STD.widget,
      version: "v1.0.0",
      time: "2023-01-05T10:00:00Z",
      origin: { VCS: "git", URL: "https://example.com/BigCorp/Widget", Ref: "refs/tags/v1.0.0", Hash: "0123456789abcdef0123456789abcdef01234567" },
    },
    { path: STD.multi, version: "v1.0.0", time: "2023-01-10T09:00:00Z" },
    {
      path: STD.legacy,
      version: "v2.0.0+incompatible",
      time: "2023-02-01T08:30:00Z",
      goMod: null,
      files: {
        "legacy.go": defaultGoFile(STD.legacy, "v2.0.0+incompatible"),
        "LICENSE": "Legacy fixture license.\n",
      },
    },
    { path: STD.multi, version: "v1.1.0", time: "2023-02-10T09:00:00Z" },
    { path: STD.libV2, version: "v2.1.0", time: "2023-02-20T12:00:00Z" },
    { path: STD.multi, version: "v1.2.0-pre", time: "2023-03-10T09:00:00Z" },
    { path: STD.pseudo, version: STD_PSEUDO_VERSION, time: "2023-03-15T12:00:00Z" },
    { path: STD.big, version: "v1.0.0", time: "2023-03-20T16:45:00Z", files: bigModuleFiles() },
    {
      path: STD.multi,
      version: "v1.2.0",
      time: "2023-04-10T09:00:00Z",
      goMod: `module ${STD.multi}\n\ngo 1.21\n\n// v1.1.0 shipped a broken API.\nretract v1.1.0\n`,
    },
    {
      path: STD.app,
      version: "v1.3.0",
      time: "2023-05-01T07:00:00Z",
      goMod: defaultGoMod(STD.app, [
        { path: STD.widget, version: "v1.0.0" },
        { path: STD.multi, version: "v1.2.0" },
      ]),
      files: {
        "app.go":
          `// Package app is a gopin test fixture that depends on other fixtures.\npackage app\n\n` +
          `import (\n\t"${STD.widget}"\n\t"${STD.multi}"\n)\n\n` +
          `// Hello reports this module and its dependencies.\n` +
          `func Hello() string { return "${STD.app}@v1.3.0 " + widget.Hello() + " " + multi.Hello() }\n`,
      },
    },
  ];
  return mods;
}

/** The newest version of each module path of a list (what a main module would require). */
export function newestOfEach(modules: ReadonlyArray<ModuleRef>): ModuleRef[] {
  const by = new Map<string, string>();
  for (const m of modules) {
    const cur = by.get(m.path);
    if (cur === undefined || compareVersions(m.version, cur) > 0) by.set(m.path, m.version);
  }
  return [...by.entries()].map(([path, version]) => ({ path, version }));
}

// ---------------------------------------------------------------------------
// Deterministic graph generator for benchmarks

export interface GraphOptions {
  /** Number of modules carrying a large incompressible blob. Default 3. */
  largeCount?: number;
  /** Size in bytes of each large blob. Default 4 MiB. */
  largeSize?: number;
  /** Min and max number of extra small files per module version. Default [2, 12]. */
  smallFiles?: [number, number];
  /** Fraction of modules with several (2-4) versions. Default 0.25. */
  multiVersionRatio?: number;
  /** Fraction of modules with only a pseudo-version. Default 0.05. */
  pseudoRatio?: number;
  /** Fraction of modules that depend on earlier modules. Default 0.35. */
  depRatio?: number;
  /** Max dependencies of one module. Default 3. */
  maxDeps?: number;
  /** Time of the first version. Default "2022-01-01T00:00:00Z". */
  startTime?: string;
}

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic incompressible bytes (AES-128-CTR keystream of the seed). */
export function randomBytes(size: number, seed: string): Buffer {
  const key = createHash("sha256").update("key:" + seed).digest().subarray(0, 16);
  const iv = createHash("sha256").update("iv:" + seed).digest().subarray(0, 16);
  const c = createCipheriv("aes-128-ctr", key, iv);
  return Buffer.concat([c.update(Buffer.alloc(size)), c.final()]);
}

const WORDS = [
  "alpha", "beta", "gamma", "delta", "ember", "fjord", "glyph", "harbor", "iris", "jade", "kite",
  "lumen", "mesa", "nimbus", "onyx", "prism", "quartz", "raven", "sable", "tundra", "umber", "vale",
  "willow", "xenon", "yarrow", "zephyr",
];
const HOSTS = ["example.com", "example.org", "example.net", "corp.example", "acme.test"];

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function pseudoStamp(ms: number): string {
  return rfc3339(ms).replace(/[-:TZ]/g, "");
}

/**
 * Generates `count` module paths (each with one or more versions, so the result
 * has more entries than count) with a realistic shape: a few large zips, many
 * small ones, some multi-version modules, some pseudo-version-only modules,
 * uppercase paths, /v2 majors, and dependency edges (to earlier modules only,
 * in go.mod and as imports, so main modules requiring them build). Deterministic
 * for a given (count, seed, opts). Sorted by time.
 */
export function generateGraph(count: number, seed: number, opts: GraphOptions = {}): FixtureModule[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const largeCount = Math.min(opts.largeCount ?? 3, count);
  const largeSize = opts.largeSize ?? 4 * 1024 * 1024;
  const [minSmall, maxSmall] = opts.smallFiles ?? [2, 12];
  const multiRatio = opts.multiVersionRatio ?? 0.25;
  const pseudoRatio = opts.pseudoRatio ?? 0.05;
  const depRatio = opts.depRatio ?? 0.35;
  const maxDeps = opts.maxDeps ?? 3;
  let clock = Date.parse(opts.startTime ?? "2022-01-01T00:00:00Z");

  // Choose which modules are large, spread over the index range.
  const large = new Set<number>();
  while (large.size < largeCount) large.add(int(0, count - 1));

  interface Spec { path: string; versions: string[]; times: number[] }
  const specs: Spec[] = [];
  const out: FixtureModule[] = [];
  for (let i = 0; i < count; i++) {
    const host = pick(HOSTS);
    let name = `${pick(WORDS)}${i}`;
    let group = pick(WORDS);
    if (r() < 0.1) {
      group = group[0]!.toUpperCase() + group.slice(1);
      name = name[0]!.toUpperCase() + name.slice(1);
    }
    const v2 = r() < 0.06;
    const path = `${host}/${group}/${name}${v2 ? "/v2" : ""}`;
    const major = v2 ? 2 : r() < 0.3 ? 0 : 1;

    const versions: string[] = [];
    const times: number[] = [];
    const isLarge = large.has(i);
    if (!isLarge && r() < pseudoRatio && !v2) {
      clock += int(1, 72) * 3600_000;
      const rev = createHash("sha1").update(`${seed}:${path}`).digest("hex").slice(0, 12);
      versions.push(`v0.0.0-${pseudoStamp(clock)}-${rev}`);
      times.push(clock);
    } else {
      const n = isLarge ? 1 : r() < multiRatio ? int(2, 4) : 1;
      let minor = int(0, 5);
      let patch = int(0, 3);
      for (let k = 0; k < n; k++) {
        clock += int(1, 72) * 3600_000;
        if (k > 0) {
          if (r() < 0.5) patch++;
          else {
            minor++;
            patch = 0;
          }
        }
        const pre = k === n - 1 && n > 2 && r() < 0.3 ? "-rc.1" : "";
        versions.push(`v${major}.${minor}.${patch}${pre}`);
        times.push(clock);
      }
    }

    // Dependencies: earlier modules only (no cycles), at one of their versions.
    const deps: ModuleRef[] = [];
    if (specs.length > 0 && r() < depRatio) {
      const nd = int(1, Math.min(maxDeps, specs.length));
      const seen = new Set<string>();
      for (let k = 0; k < nd; k++) {
        const d = specs[int(Math.max(0, specs.length - 60), specs.length - 1)]!;
        if (seen.has(d.path)) continue;
        seen.add(d.path);
        deps.push({ path: d.path, version: pick(d.versions) });
      }
      deps.sort((a, b) => (a.path < b.path ? -1 : 1));
    }

    const pkg = packageName(path);
    for (let k = 0; k < versions.length; k++) {
      const version = versions[k]!;
      const files: Record<string, string | Buffer> = {
        [`${pkg}.go`]: defaultGoFile(path, version, deps.map((d) => d.path)),
      };
      const nsmall = int(minSmall, maxSmall);
      for (let f = 0; f < nsmall; f++) {
        const words = Array.from({ length: int(20, 600) }, () => pick(WORDS)).join(" ");
        if (r() < 0.5) {
          files[`extra${f}.go`] = `package ${pkg}\n\n// Text${f} is filler.\nconst Text${f} = ${JSON.stringify(words)}\n`;
        } else {
          files[`docs/note${f}.txt`] = words + "\n";
        }
      }
      if (isLarge) files["assets/blob.bin"] = randomBytes(largeSize, `${seed}:${path}@${version}`);
      out.push({
        path,
        version,
        time: rfc3339(times[k]!),
        goMod: defaultGoMod(path, deps),
        files,
      });
    }
    specs.push({ path, versions, times });
  }
  return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

// ---------------------------------------------------------------------------
// Main modules

export interface MainRequire extends ModuleRef {
  /** Package to import; default the module path (its root package). */
  pkg?: string;
}

export interface MainModuleOptions {
  /** Module path of the main module. Default "example.test/main". */
  modulePath?: string;
  goVersion?: string;
  /** go.sum contents to write (e.g. goSumText(await goSums(...))). */
  goSum?: string;
}

/**
 * Writes a main module to dir: go.mod requiring `requires`, and main.go
 * blank-importing each one's root package (so `go build` compiles them). The
 * go.mod lists only what is given: run `go mod tidy` (through a proxy) before
 * `go build` when the requirements have dependencies of their own or no go.sum
 * is given.
 */
export function writeMainModule(dir: string, requires: ReadonlyArray<MainRequire>, opts: MainModuleOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  const modPath = opts.modulePath ?? "example.test/main";
  writeFileSync(join(dir, "go.mod"), defaultGoMod(modPath, requires.map((r) => ({ path: r.path, version: r.version })), opts.goVersion ?? "1.21"));
  const imports = [...new Set(requires.map((r) => r.pkg ?? r.path))].sort();
  let src = "// Command main is a gopin test program that compiles its requirements.\npackage main\n\n";
  if (imports.length) src += "import (\n" + imports.map((p) => `\t_ ${JSON.stringify(p)}\n`).join("") + ")\n\n";
  src += `func main() { println("ok") }\n`;
  writeFileSync(join(dir, "main.go"), src);
  if (opts.goSum !== undefined) writeFileSync(join(dir, "go.sum"), opts.goSum);
}

// ---------------------------------------------------------------------------
// Private modules from local git repositories (GOPROXY=direct)

export interface PrivateGitModuleOptions {
  /** A module path with a ".git" VCS qualifier, e.g. "private.example/team/secret.git". */
  path: string;
  /** A semver tag to create, e.g. "v1.0.0". */
  version: string;
  /** Files (default: go.mod + one .go file, as for fixture modules). */
  files?: Record<string, string | Buffer>;
  /** go.mod contents (default "module <path>\n\ngo 1.21\n"); null: no go.mod. */
  goMod?: string | null;
  /** Commit time, RFC 3339 UTC. Default: 2024-01-01T00:00:00Z plus one day per commit. */
  time?: string;
}

export interface PrivateGitModule {
  /**
   * Variables to merge into the environment of `go` (on top of goEnv()):
   * GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM, GIT_TERMINAL_PROMPT, GIT_ALLOW_PROTOCOL,
   * GOPRIVATE, GOVCS. They cover every private module made under the same root.
   */
  env: Record<string, string>;
  /** The local repository (a normal, non-bare git repository). */
  repoDir: string;
  /** The commit the version tag points at. */
  commit: string;
  /** The git config file holding the url.insteadOf rewrites. */
  gitConfig: string;
}

function gitEnv(gitConfig: string, time: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("GIT_")) env[k] = v;
  }
  return Object.assign(env, {
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: "Fixture Author",
    GIT_AUTHOR_EMAIL: "author@example.com",
    GIT_COMMITTER_NAME: "Fixture Author",
    GIT_COMMITTER_EMAIL: "author@example.com",
    GIT_AUTHOR_DATE: time,
    GIT_COMMITTER_DATE: time,
  });
}

async function git(args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  const r = await runCommand("git", args, { cwd, env, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}:\n${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

/**
 * Creates (or adds a tagged version to) a local git repository holding a private
 * module, and returns the environment that lets the real go command fetch it
 * with GOPROXY=direct and no network:
 *
 * - the module path carries a ".git" VCS qualifier, so cmd/go skips the
 *   "?go-get=1" HTTP lookup and runs `git ls-remote https://<host>/<repo>`;
 * - GIT_CONFIG_GLOBAL names a config with
 *   `[url "file://<root>/repos/<host>/"] insteadOf = https://<host>/`, so git
 *   reads the local repository instead;
 * - GIT_ALLOW_PROTOCOL=file:https lets git use file:// (whatever the config says)
 *   and keeps https the scheme cmd/go considers secure;
 * - GOPRIVATE=<host> makes the module bypass GOPROXY (GONOPROXY) and the checksum
 *   database (GONOSUMDB); GOVCS=<host>:git allows git for it explicitly.
 *
 * Hosts accumulate per root: the env of the last call covers all of them.
 */
export async function makePrivateGitModule(root: string, opts: PrivateGitModuleOptions): Promise<PrivateGitModule> {
  const m = /^([a-z0-9.-]+\.[a-z0-9.-]+)\/((?:[\w.~-]+\/)*[\w.~-]+?)\.git$/.exec(opts.path);
  if (!m) {
    throw new Error(`private module path must be <host>/<repo>.git with nothing after ".git": ${opts.path}`);
  }
  const host = m[1]!;
  const repoPath = m[2]!;
  const reposRoot = join(root, "repos");
  const repoDir = join(reposRoot, host, ...repoPath.split("/"));
  const gitConfig = join(root, "gitconfig");
  const hostsFile = join(root, "private-hosts.json");
  const hosts: string[] = existsSync(hostsFile) ? (JSON.parse(readFileSync(hostsFile, "utf8")) as string[]) : [];
  if (!hosts.includes(host)) hosts.push(host);
  mkdirSync(root, { recursive: true });
  writeFileSync(hostsFile, JSON.stringify(hosts));
  writeFileSync(
    gitConfig,
    hosts
      .map((h) => `[url "${pathToFileURL(join(reposRoot, h)).href}/"]\n\tinsteadOf = https://${h}/\n`)
      .join("") + "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
  );

  const fresh = !existsSync(join(repoDir, ".git"));
  const commitsSoFar = fresh ? 0 : Number((await git(["rev-list", "--count", "HEAD"], repoDir, gitEnv(gitConfig, "2024-01-01T00:00:00Z"))) || 0);
  const time = opts.time ?? rfc3339(Date.parse("2024-01-01T00:00:00Z") + commitsSoFar * 86_400_000);
  const env = gitEnv(gitConfig, time);
  if (fresh) {
    mkdirSync(repoDir, { recursive: true });
    await git(["init", "-q", "-b", "main"], repoDir, env);
  } else {
    await git(["rm", "-rq", "--ignore-unmatch", "."], repoDir, env);
  }
  const { files } = moduleFiles({ path: opts.path, version: opts.version, time, files: opts.files, goMod: opts.goMod });
  for (const f of files) {
    const p = join(repoDir, ...f.name.split("/"));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.data);
  }
  await git(["add", "-A"], repoDir, env);
  await git(["commit", "-q", "--allow-empty", "-m", `${opts.path} ${opts.version}`], repoDir, env);
  await git(["tag", opts.version], repoDir, env);
  const commit = await git(["rev-parse", "HEAD"], repoDir, env);

  return {
    env: {
      GIT_CONFIG_GLOBAL: gitConfig,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_TERMINAL_PROMPT: "0",
      GIT_ALLOW_PROTOCOL: "file:https",
      GOPRIVATE: hosts.join(","),
      GOVCS: hosts.map((h) => `${h}:git`).join(","),
    },
    repoDir,
    commit,
    gitConfig,
  };
}

/** Convenience: goEnv(tmpRoot) with a private-git env merged in and GOPROXY=direct. */
export function privateGoEnv(tmpRoot: string, priv: PrivateGitModule, overrides: EnvOverrides = {}): Record<string, string> {
  return goEnv(tmpRoot, { GOPROXY: "direct", ...priv.env, ...overrides });
}
