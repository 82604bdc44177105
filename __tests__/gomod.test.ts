// Differential tests of src/gomod against the real golang.org/x/mod (through
// the Go oracle in __tests__/oracle, built from the x/mod vendored in the
// installed Go toolchain), plus fixed vectors that stand on their own.
//
// Random inputs come from a seeded generator; set GOMOD_SEED to reproduce or
// vary a run. Every mismatch report includes the seed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { startOracle, type Oracle } from "./helpers/oracle.js";
import { buildZip, type ZipSpec } from "./helpers/zipcraft.js";
import { randomBytes, rng } from "./helpers/fixtures.js";
import {
  GoModError,
  GO_LETTER_RUNS,
  checkFilePath,
  checkImportPath,
  checkModuleVersion,
  checkPath,
  checkPathMajor,
  escapePath,
  escapeVersion,
  isGoLetter,
  splitPathVersion,
  unescapePath,
  unescapeVersion,
} from "../src/gomod/escape.js";
import * as semver from "../src/gomod/semver.js";
import {
  isPseudoVersion,
  isZeroPseudoVersion,
  pseudoVersion,
  zeroPseudoVersion,
  pseudoVersionBase,
  pseudoVersionRev,
  pseudoVersionTime,
} from "../src/gomod/pseudo.js";
import { matchPrefixPatterns, pathClean, pathMatch } from "../src/gomod/patterns.js";
import { GO_PRINT_RUNS, isGoPrint } from "../src/gomod/modfile/text.js";
import { modulePath, moduleDirective, parseGoModLax, retractions } from "../src/gomod/modfile/rule.js";
import { FileDigest, hashGoMod, hashZip } from "../src/gomod/dirhash.js";
import { createHash } from "node:crypto";
import {
  GO_FOLD_TABLE,
  checkModuleZip,
  checkZipMetadata,
  equalFold,
  foldRune,
  isVendoredPackage,
  zipFileNames,
} from "../src/gomod/zipcheck.js";

const SEED = Number(process.env.GOMOD_SEED ?? 0x5eed2024);

// ---------------------------------------------------------------------------
// Deterministic randomness

class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  join(pieces: readonly string[], min: number, max: number, sep = ""): string {
    const n = min + this.int(max - min + 1);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(pieces));
    return out.join(sep);
  }
}

/** A fresh generator per test, so tests stay reproducible independently. */
/** Incompressible bytes, so an entry stays over the 1 MiB inline limit when deflated. */
const noise = (size: number, seed: number): Buffer => randomBytes(size, `gomod-noise-${seed}`);

function rand(salt: number): Rand {
  return new Rand(SEED ^ Math.imul(salt, 0x9e3779b1));
}

// ---------------------------------------------------------------------------
// Comparing with the oracle

type Outcome = { ok: true; out: unknown } | { ok: false; err: string };

function normalize(v: unknown): unknown {
  return v === undefined ? null : v;
}

/** JSON with object keys sorted, for order-insensitive comparison of results. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

async function mine(fn: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, out: normalize(await fn()) };
  } catch (e) {
    if (e instanceof GoModError) return { ok: false, err: e.message };
    throw e;
  }
}

interface Mismatch {
  op: string;
  args: unknown[];
  go: unknown;
  ours: unknown;
}

class Differ {
  readonly mismatches: Mismatch[] = [];
  /** Per op: how often Go succeeded and failed, to catch degenerate generators. */
  readonly outcomes = new Map<string, { ok: number; err: number }>();
  count = 0;
  constructor(private readonly oracle: () => Oracle) {}

  /** Compares ok/err agreement and, when ok, the exact output. */
  async check(op: string, args: unknown[], ours: () => unknown, map: (out: unknown) => unknown = (x) => x): Promise<void> {
    this.count++;
    const [go, me] = await Promise.all([this.oracle().ask(op, args), mine(ours)]);
    const tally = this.outcomes.get(op) ?? { ok: 0, err: 0 };
    if (go.ok) tally.ok++;
    else tally.err++;
    this.outcomes.set(op, tally);
    const goOut = go.ok ? normalize(map(go.out)) : undefined;
    const same = go.ok === me.ok && (!go.ok || stable(goOut) === stable((me as { out: unknown }).out));
    if (!same) {
      this.mismatches.push({
        op,
        args,
        go: go.ok ? { ok: true, out: goOut } : { ok: false, err: go.err },
        ours: me,
      });
    }
  }

  async all(checks: Array<Promise<void>>): Promise<void> {
    await Promise.all(checks);
  }

  /**
   * Asserts that no case differed, that at least min cases ran, and that each
   * op in `mixed` saw Go both succeed and fail (so both paths were exercised).
   */
  assertNone(min = 1, mixed: string[] = []): void {
    assert.ok(this.count >= min, `expected at least ${min} comparisons, ran ${this.count}`);
    for (const op of mixed) {
      const t = this.outcomes.get(op);
      assert.ok(t && t.ok > 0 && t.err > 0, `${op}: inputs should include both valid and invalid cases (${JSON.stringify(t)})`);
    }
    assert.equal(
      this.mismatches.length,
      0,
      `seed ${SEED} (GOMOD_SEED=${SEED}): ${this.mismatches.length} of ${this.count} cases differ from x/mod; first ones:\n` +
        JSON.stringify(this.mismatches.slice(0, 8), null, 1),
    );
  }
}

let oracle: Oracle;
const differ = () => new Differ(() => oracle);

function b64(s: string | Buffer): string {
  return (typeof s === "string" ? Buffer.from(s, "utf8") : s).toString("base64");
}

// ---------------------------------------------------------------------------
// Input generators

const KELVIN = "\u212a";
const pathPieces = [
  "a", "b", "x", "Z", "Q", "-", ".", "_", "~", "/", "//", "!", "+", "é", "É", "Ж", KELVIN, "ß", "ı",
  "0", "1", "9", "v", "v2", "v0", "v1", "v1.2", "v02", ".v0", ".v1", ".v2", ".v3-unstable", "-unstable",
  "gopkg.in/", "yaml.v2", "example.com", "github.com/", "golang.org/x/", "com1", "CON", "lpt9", "aux.txt",
  "NUL.", "..", "~1", "~a", " ", "@", "%", "#", "😀", "$", "{", "}", "[", "]", ":", "*", "?", "\\", "'",
  '"', "\t", "\u00a0", "\u0301",
];
const hosts = ["example.com/", "github.com/", "gopkg.in/", "golang.org/x/", "Example.com/", "ex-ample.org/", "", "a.b.c/"];

function randomPath(r: Rand): string {
  return (r.chance(0.6) ? r.pick(hosts) : "") + r.join(pathPieces, 1, 7);
}

function randomValidishPath(r: Rand): string {
  const elems = ["foo", "Bar", "baz-qux", "a_b", "x~y", "v2", "v3", "v1", "v0", "yaml.v2", "yaml.v1", "pkg.v0", "V2"];
  return r.pick(["example.com", "github.com", "gopkg.in", "golang.org"]) + "/" + r.join(elems, 1, 3, "/");
}

const versionPieces = [
  "v", "v0", "v1", "v2", "v10", "v01", ".", "0", "1", "2", "00", "9", "-", "+", "pre", "rc.1", "alpha", "0.",
  "incompatible", "+incompatible", "-0.", "20230102150405", "-abcdef123456", "abc", "A", "Z", "!", "..", "~",
  ".v1", "x", "é", " ",
];

function randomVersion(r: Rand): string {
  if (r.chance(0.5)) {
    let v = `v${r.pick(["0", "1", "2", "10", "01"])}`;
    if (r.chance(0.85)) v += `.${r.pick(["0", "1", "12", "00"])}`;
    if (r.chance(0.75)) v += `.${r.pick(["0", "3", "45", "07"])}`;
    if (r.chance(0.4)) v += "-" + r.join(["alpha", "beta", "1", "0", "01", "rc", "x-y", "", "11", "2"], 1, 3, ".");
    if (r.chance(0.3)) v += "+" + r.join(["build", "incompatible", "1", "01", "", "x-y"], 1, 2, ".");
    return v;
  }
  return r.join(versionPieces, 1, 7);
}

function randomTimestamp(r: Rand): string {
  if (r.chance(0.15)) return r.pick(["00010101000000", "00000101000000", "99991231235959", "20240229120000", "20230229120000", "20231301000000", "20230100000000", "20230131240000", "20230131236000", "20230131235960", "21000229000000", "20000229000000", "2023010215040", "202301021504055"]);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(1990 + r.int(50), 4)}${p(1 + r.int(12))}${p(1 + r.int(31))}${p(r.int(24))}${p(r.int(60))}${p(r.int(60))}`;
}

function randomPseudo(r: Rand): string {
  const ts = randomTimestamp(r);
  const rev = r.pick(["abcdef123456", "000000000000", "0123456789ab", "ABCDEF", "a", "abc-def", "abcdef12345g", ""]);
  const M = r.pick(["0", "1", "2", "12"]);
  let v: string;
  switch (r.int(4)) {
    case 0:
      v = `v${M}.0.0-${ts}-${rev}`;
      break;
    case 1:
      v = `v${M}.${r.pick(["0", "1", "3"])}.${r.pick(["1", "0", "10", "100"])}-0.${ts}-${rev}`;
      break;
    case 2:
      v = `v${M}.${r.pick(["0", "2"])}.${r.pick(["0", "5"])}-${r.pick(["pre", "rc.1", "0", "alpha.beta", "1"])}.0.${ts}-${rev}`;
      break;
    default:
      v = `v${M}.0.0-${ts}-${rev}`.replace(/-/g, r.pick(["-", ".", "--"]));
  }
  if (r.chance(0.25)) v += r.pick(["+incompatible", "+meta", "+", "+a.b"]);
  if (r.chance(0.15)) {
    const i = r.int(v.length);
    v = v.slice(0, i) + (r.chance(0.5) ? "" : r.pick(["0", "-", ".", "x"])) + v.slice(i + 1);
  }
  return v;
}

const patternPieces = [
  "*", "?", "[", "]", "[^", "[a-c]", "[!a]", "\\", "\\*", "a", "b", "c", "/", "é", "x-y", "-", "^", "..", ".",
  "example.com", "*.corp", "corp.example.com", "[]", "[a-]", "[\\]]", "[é-ü]", "?*", "**", "[-a]", "[a-\\",
];
const targetPieces = ["a", "b", "c", "/", "example.com", "corp", "x", "é", "-", "[", "*", ".", "ü", "]", "\\", "y"];

function randomGlobs(r: Rand): string {
  const n = 1 + r.int(4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (r.chance(0.1)) {
      out.push("");
      continue;
    }
    let p = r.join(patternPieces, 1, 4);
    if (r.chance(0.15)) p += "/";
    out.push(p);
  }
  return out.join(",");
}

let zipCounter = 0;
async function writeZip(specs: ZipSpec[]): Promise<string> {
  const file = join(oracle.tmp, `t${zipCounter++}.zip`);
  writeFileSync(file, await buildZip(specs));
  return file;
}

// ---------------------------------------------------------------------------

describe("gomod vs golang.org/x/mod", { timeout: 120_000 }, () => {
  before(async () => {
    oracle = await startOracle();
  });
  after(async () => {
    await oracle?.close();
  });

  test("oracle is the real x/mod (sanity)", async () => {
    assert.deepEqual(await oracle.ask("module.EscapePath", ["github.com/Azure/azure-sdk-for-go"]), {
      ok: true,
      out: "github.com/!azure/azure-sdk-for-go",
      err: undefined,
    });
    const bad = await oracle.ask("module.CheckPath", ["nodot/x"]);
    assert.equal(bad.ok, false);
    assert.match(bad.err!, /missing dot in first path element/);
  });

  test("fixed vectors: escaping and path checks", () => {
    assert.equal(escapePath("github.com/Azure/azure-sdk-for-go"), "github.com/!azure/azure-sdk-for-go");
    assert.equal(escapePath("github.com/GoogleCloudPlatform/cloudsql-proxy"), "github.com/!google!cloud!platform/cloudsql-proxy");
    assert.equal(unescapePath("github.com/!sirupsen/logrus"), "github.com/Sirupsen/logrus");
    assert.equal(escapeVersion("v1.0.0-RC1"), "v1.0.0-!r!c1");
    assert.equal(unescapeVersion("v1.0.0-!r!c1"), "v1.0.0-RC1");
    assert.throws(() => unescapePath("github.com/Sirupsen/logrus"), GoModError);
    assert.throws(() => unescapePath("github.com/!!x"), GoModError);
    assert.throws(() => unescapePath("github.com/x!"), GoModError);
    assert.throws(() => escapeVersion("v1!"), GoModError);
    assert.throws(() => escapePath("example.com/../x"), GoModError);
    for (const ok of ["example.com/x", "gopkg.in/yaml.v2", "gopkg.in/check.v1", "example.com/x/v2", "x.y/z~a", "gopkg.in/src-d/go-git.v4"]) {
      assert.doesNotThrow(() => checkPath(ok), ok);
    }
    for (const bad of [
      "", "example", "Example.com/x", "-x.com/y", "example.com/", "/example.com", "example.com//x", "example.com/.x",
      "example.com/x.", "example.com/x/v1", "example.com/x/v0", "example.com/x/v2.0", "example.com/x/v02", "gopkg.in/yaml",
      "gopkg.in/yaml.v02", "example.com/com1", "example.com/AUX.go", "example.com/x~1", "example.com/é", "example.com/a b",
      "ex_ample.com/x",
    ]) {
      assert.throws(() => checkPath(bad), GoModError, JSON.stringify(bad));
    }
    assert.doesNotThrow(() => checkImportPath("example.com/c++"));
    assert.throws(() => checkPath("example.com/c++"), GoModError);
    assert.doesNotThrow(() => checkFilePath("dir/é file (1).go"));
    assert.throws(() => checkFilePath("dir/a*b"), GoModError);
    assert.deepEqual(splitPathVersion("example.com/x/v2"), { prefix: "example.com/x", pathMajor: "/v2", ok: true });
    assert.deepEqual(splitPathVersion("gopkg.in/yaml.v2"), { prefix: "gopkg.in/yaml", pathMajor: ".v2", ok: true });
    assert.deepEqual(splitPathVersion("example.com/x/v1"), { prefix: "example.com/x/v1", pathMajor: "", ok: false });
    assert.doesNotThrow(() => checkPathMajor("v2.1.0", "/v2"));
    assert.doesNotThrow(() => checkPathMajor("v2.0.0+incompatible", ""));
    assert.doesNotThrow(() => checkPathMajor("v0.0.0-20161208181325-20d25e280405", ".v1"));
    assert.throws(() => checkPathMajor("v2.0.0", ""), GoModError);
    assert.throws(() => checkPathMajor("v1.0.0", "/v2"), GoModError);
    assert.throws(() => checkModuleVersion("example.com/x/v2", "v1.0.0"), GoModError);
  });

  test("fixed vectors: semver", () => {
    assert.equal(semver.canonical("v1.2"), "v1.2.0");
    assert.equal(semver.canonical("v1.2.3+meta"), "v1.2.3");
    assert.equal(semver.canonicalVersion("v2.0.0+incompatible"), "v2.0.0+incompatible");
    assert.equal(semver.major("v2.1.0"), "v2");
    assert.equal(semver.majorMinor("v2"), "v2.0");
    assert.equal(semver.prerelease("v1.0.0-rc.1+b"), "-rc.1");
    assert.equal(semver.build("v1.0.0-rc.1+b"), "+b");
    assert.equal(semver.isValid("v1.0.0-01"), false);
    assert.equal(semver.isValid("1.0.0"), false);
    assert.equal(semver.isCanonical("v1.0.0"), true);
    assert.equal(semver.isCanonical("v1.0"), false);
    const order = ["v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0"];
    for (let i = 1; i < order.length; i++) assert.equal(semver.compare(order[i - 1]!, order[i]!), -1, order[i]);
    // Go sorts invalid versions first (they compare lower), ties broken bytewise.
    assert.deepEqual(semver.sort(["v1.10.0", "bad", "v1.2.0", "v1.2", "v1.9.0-pre", "junk"]), ["bad", "junk", "v1.2", "v1.2.0", "v1.9.0-pre", "v1.10.0"]);
    assert.equal(semver.max("v1.2", "v1.1.9"), "v1.2.0");
  });

  test("fixed vectors: pseudo-versions", () => {
    assert.equal(isPseudoVersion("v0.0.0-20191109021931-daa7c04131f5"), true);
    assert.equal(isPseudoVersion("v1.2.4-0.20191109021931-daa7c04131f5"), true);
    assert.equal(isPseudoVersion("v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible"), true);
    assert.equal(isPseudoVersion("v1.2.3"), false);
    assert.equal(pseudoVersionTime("v0.0.0-20191109021931-daa7c04131f5").toISOString(), "2019-11-09T02:19:31.000Z");
    assert.equal(pseudoVersionRev("v1.2.4-0.20191109021931-daa7c04131f5"), "daa7c04131f5");
    assert.equal(pseudoVersionBase("v1.2.4-0.20191109021931-daa7c04131f5"), "v1.2.3");
    assert.equal(pseudoVersionBase("v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible"), "v1.2.3-pre+incompatible");
    assert.equal(pseudoVersionBase("v0.0.0-20191109021931-daa7c04131f5"), "");
    assert.throws(() => pseudoVersionBase("v1.0.0-0.20191109021931-daa7c04131f5"), GoModError);
    assert.throws(() => pseudoVersionTime("v0.0.0-20191309021931-daa7c04131f5"), GoModError);
    assert.equal(isZeroPseudoVersion("v0.0.0-00010101000000-000000000000"), true);
    assert.equal(isZeroPseudoVersion("v2.0.0-00010101000000-000000000000"), true);
    assert.equal(isZeroPseudoVersion("v0.0.0-00010101000000-000000000001"), false);
  });

  test("fixed vectors: patterns", () => {
    assert.equal(matchPrefixPatterns("*.corp.example.com,rsc.io/private", "git.corp.example.com/x/y"), true);
    assert.equal(matchPrefixPatterns("*.corp.example.com,rsc.io/private", "rsc.io/private/z"), true);
    assert.equal(matchPrefixPatterns("*.corp.example.com,rsc.io/private", "rsc.io/privatez"), false);
    assert.equal(matchPrefixPatterns("rsc.io/private/", "rsc.io/private"), true);
    assert.equal(matchPrefixPatterns(",,", "x"), false);
    assert.equal(matchPrefixPatterns("[,x", "x"), true);
    assert.equal(matchPrefixPatterns("[", "["), false);
    assert.equal(pathMatch("a/*/c", "a/b/c"), true);
    assert.equal(pathMatch("a*", "ab/c"), false);
    assert.equal(pathMatch("[é-ü]", "ö"), true);
    assert.equal(pathMatch("a?c", "a/c"), false);
    assert.throws(() => pathMatch("[", "a"), GoModError);
    assert.throws(() => pathMatch("a\\", "a"), GoModError);
    assert.equal(pathClean("a//b/../c/."), "a/c");
  });

  test("fixed vectors: go.mod", () => {
    const gomod = [
      "// The module.",
      "module \"example.com/m\" // Deprecated: use example.com/m/v2",
      "",
      "go 1.21",
      "require example.com/dep v1.2 // indirect",
      "retract v1.0.0 // published by accident",
      "retract [v1.1.0, v1.2.0]",
      "// Several",
      "retract (",
      "\tv0.1.0 // first",
      "\t\"v0.2.0\"",
      ")",
      "replace example.com/x => ../x",
    ].join("\n");
    const f = parseGoModLax(gomod);
    assert.equal(f.module, "example.com/m");
    assert.equal(moduleDirective(gomod), "example.com/m");
    // "Deprecated:" must start a paragraph of the module's comments; here the
    // comment line above the directive joins the same paragraph.
    assert.equal(f.deprecated, "");
    assert.equal(parseGoModLax(gomod.replace("// The module.\n", "")).deprecated, "use example.com/m/v2");
    assert.equal(f.go, "1.21");
    assert.deepEqual(f.require, [{ path: "example.com/dep", version: "v1.2.0", indirect: true }]);
    assert.deepEqual(retractions(gomod), [
      { low: "v1.0.0", high: "v1.0.0", rationale: "published by accident" },
      { low: "v1.1.0", high: "v1.2.0", rationale: "" },
      { low: "v0.1.0", high: "v0.1.0", rationale: "first" },
      { low: "v0.2.0", high: "v0.2.0", rationale: "Several" },
    ]);
    assert.equal(moduleDirective("go 1.21\n"), undefined);
    assert.equal(moduleDirective("module (\n\texample.com/blk\n)\n"), "example.com/blk");
    assert.equal(moduleDirective("module example.com/x\nrequire example.com/y latest\n"), undefined);
    assert.equal(modulePath(Buffer.from("// c\nmodule `example.com/raw` // x\n")), "example.com/raw");
    assert.equal(modulePath("modulex y\n"), "");
    assert.throws(() => parseGoModLax("module x /* no */\n"), GoModError);
  });

  test("fixed vectors: hashes", async () => {
    // Values from the real dirhash (and independently checkable with sha256sum).
    assert.equal(hashGoMod(Buffer.from("module example.com/m\n\ngo 1.21\n")), "h1:ONeDgCa5UF/jJRjGzpOKmUiezgFEk4IPFZ96frvroW0=");
    assert.equal(hashGoMod(Buffer.alloc(0)), "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=");
    const file = await writeZip([
      { name: "example.com/m@v1.0.0/go.mod", data: "module example.com/m\n" },
      { name: "example.com/m@v1.0.0/a.go", data: "package m\n", compress: false },
    ]);
    assert.equal(await hashZip(file), "h1:SXy42eQ/QbleX7vtuAPFnaM3tNuQnfeo7rulG/p7iOw=");
    assert.deepEqual(await oracle.ask("dirhash.HashZip", [file]), { ok: true, out: await hashZip(file), err: undefined });
    assert.deepEqual(await zipFileNames(file), ["example.com/m@v1.0.0/go.mod", "example.com/m@v1.0.0/a.go"]);
  });

  test("fixed vectors: zip checks and vendoring", async () => {
    const good = await writeZip([
      { name: "example.com/m@v1.0.0/", dir: true },
      { name: "example.com/m@v1.0.0/go.mod", data: "module example.com/m\n" },
      { name: "example.com/m@v1.0.0/sub/", dir: true },
      { name: "example.com/m@v1.0.0/sub/x.go", data: "package sub\n" },
    ]);
    await checkModuleZip(good, "example.com/m", "v1.0.0");
    await assert.rejects(checkModuleZip(good, "example.com/m", "v1.0.1"), /prefix/);
    await assert.rejects(checkModuleZip(good, "example.com/m", "v1.0"), /not canonical/);
    const collide = await writeZip([
      { name: "example.com/m@v1.0.0/README", data: "a" },
      { name: "example.com/m@v1.0.0/readme", data: "b" },
    ]);
    await assert.rejects(checkModuleZip(collide, "example.com/m", "v1.0.0"), /case-insensitive file name collision/);
    const kelvin = await writeZip([
      { name: "example.com/m@v1.0.0/k.go", data: "a" },
      { name: `example.com/m@v1.0.0/${KELVIN}.go`, data: "b" },
    ]);
    await assert.rejects(checkModuleZip(kelvin, "example.com/m", "v1.0.0"), /collision/);
    const nested = await writeZip([{ name: "example.com/m@v1.0.0/sub/go.mod", data: "module x\n" }]);
    await assert.rejects(checkModuleZip(nested, "example.com/m", "v1.0.0"), /not in module root/);
    const bomb = await writeZip([{ name: "example.com/m@v1.0.0/big", data: Buffer.alloc(4 << 20), declaredSize: 100 }]);
    await checkZipMetadata(bomb, "example.com/m", "v1.0.0"); // CheckZip only trusts declared sizes...
    await assert.rejects(checkModuleZip(bomb, "example.com/m", "v1.0.0"), /larger than declared/); // ...content is checked.
    assert.equal(equalFold("straße", "STRASSE"), false);
    assert.equal(equalFold("Kelvin", `${KELVIN}ELVIN`), true);
    assert.equal(isVendoredPackage("vendor/modules.txt", "go1.24"), true);
    assert.equal(isVendoredPackage("vendor/modules.txt", "go1.23"), false);
    assert.equal(isVendoredPackage("vendor/x/y.go", "go1.21"), true);
    assert.equal(isVendoredPackage("vendor/y.go", "go1.21"), false);
    assert.equal(isVendoredPackage("pkg/vendor/vendor.go", "go1.23"), true);
    assert.equal(isVendoredPackage("pkg/vendor/vendor.go", "go1.24"), false);
    assert.equal(isVendoredPackage("pkg/vendor/foo/foo.go", "go1.24"), true);
  });

  test("Unicode tables match the Go toolchain's", async () => {
    const runsOf = (pred: (cp: number) => boolean): number[][] => {
      const out: number[][] = [];
      for (let cp = 0x80; cp <= 0x10ffff; cp++) {
        if (!pred(cp)) continue;
        const last = out[out.length - 1];
        if (last && last[1] === cp - 1) last[1] = cp;
        else out.push([cp, cp]);
      }
      return out;
    };
    const encoded = (await oracle.ask("unicode.Encoded")).out as Record<string, string>;
    const hint = "regenerate the embedded table from the oracle's unicode.Encoded op";
    assert.deepEqual(runsOf(isGoLetter), (await oracle.ask("unicode.LetterRuns")).out, hint);
    assert.deepEqual(runsOf(isGoPrint), (await oracle.ask("unicode.PrintRuns")).out, hint);
    const fold: number[][] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const f = foldRune(cp);
      if (f !== cp) fold.push([cp, f]);
    }
    assert.deepEqual(fold, (await oracle.ask("foldTable")).out, hint);
    assert.equal(GO_LETTER_RUNS, encoded.letters);
    assert.equal(GO_PRINT_RUNS, encoded.print);
    assert.equal(GO_FOLD_TABLE, encoded.fold);
  });

  test("semver: random and edge inputs", async () => {
    const d = differ();
    const r = rand(1);
    const edge = [
      "", "v", "v1", "v1.2", "v1.2.3", "v1.2.3-pre", "v1.2.3+meta", "v1.2.3-pre+meta", "v01.2.3", "v1.02.3", "v1.2.03",
      "v1.2.3-01", "v1.2.3-0", "v1.2.3-0a", "v1.2.3-", "v1.2.3+", "v1.2.3-a..b", "v1.2.3+a..b", "v1.2-pre", "v1+meta",
      "v2.0.0+incompatible", "v2+incompatible", "1.2.3", "V1.2.3", "v1.2.3.4", "v1.2.3-alpha.beta.1", "v1.2.3-é",
      "v99999999999999999999.0.0", "v0.0.0", "v1.2.3-a+b+c",
    ];
    const inputs = [...edge];
    for (let i = 0; i < 1500; i++) inputs.push(randomVersion(r));
    const checks: Array<Promise<void>> = [];
    for (const v of inputs) {
      checks.push(d.check("semver.IsValid", [v], () => semver.isValid(v)));
      checks.push(d.check("semver.Canonical", [v], () => semver.canonical(v)));
      checks.push(d.check("semver.Major", [v], () => semver.major(v)));
      checks.push(d.check("semver.MajorMinor", [v], () => semver.majorMinor(v)));
      checks.push(d.check("semver.Prerelease", [v], () => semver.prerelease(v)));
      checks.push(d.check("semver.Build", [v], () => semver.build(v)));
      checks.push(d.check("module.CanonicalVersion", [v], () => semver.canonicalVersion(v)));
    }
    for (let i = 0; i < 1500; i++) {
      const a = r.pick(inputs);
      const b = r.chance(0.2) ? a : r.pick(inputs);
      checks.push(d.check("semver.Compare", [a, b], () => semver.compare(a, b)));
      checks.push(d.check("semver.Max", [a, b], () => semver.max(a, b)));
    }
    // A small version space, so that comparisons reach the prerelease rules.
    const near = () =>
      `v1.${r.int(2)}.${r.int(2)}` +
      (r.chance(0.7) ? "-" + r.join(["alpha", "beta", "1", "2", "11", "0", "a-b", "01", "Z", "-", ""], 1, 3, ".") : "") +
      (r.chance(0.2) ? "+" + r.pick(["b", "incompatible", "1"]) : "");
    const nearby: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const a = near();
      const b = near();
      nearby.push(a, b);
      checks.push(d.check("semver.Compare", [a, b], () => semver.compare(a, b)));
    }
    for (let i = 0; i < 100; i++) {
      const pool = r.chance(0.5) ? inputs : nearby;
      const list = Array.from({ length: 1 + r.int(12) }, () => r.pick(pool));
      checks.push(d.check("semver.Sort", [list], () => semver.sort(list)));
    }
    await d.all(checks);
    d.assertNone(10000);
  });

  test("module paths: checks, escaping, path majors", async () => {
    const d = differ();
    const r = rand(2);
    const edge = [
      "example.com/x", "Example.com/x", "example.com/X", "example.com/!x", "example.com/../x", "example.com/./x",
      "example.com//x", "example.com/x/", "/example.com", "example.com", "examplecom/x", "-example.com/x",
      "example.com/-x", "exa_mple.com/x", "example.com/x.", "example.com/.x", "example.com/x~1", "example.com/x~",
      "example.com/x~1.go", "example.com/com1", "example.com/com1.x", "example.com/COM10", "example.com/lpt0",
      "example.com/nul", "example.com/aux~1", "example.com/é", "example.com/c++", "gopkg.in/yaml.v2", "gopkg.in/yaml.v0",
      "gopkg.in/yaml.v02", "gopkg.in/yaml", "gopkg.in/yaml.v1-unstable", "gopkg.in/user/pkg.v3", "gopkg.in/v2",
      "gopkg.in/.v2", "example.com/x/v2", "example.com/x/v1", "example.com/x/v0", "example.com/x/v02", "example.com/x/v2.1",
      "example.com/v2", "example.com/x/V2", "example.com/x/v", "example.com/x/2", "x.y/v2", "a.b/vv2", "github.com/!azure/x",
      "example.com/x\u0000", "example.com/x y", "example.com/\t", "example.com/" + KELVIN, "ex.com/a/b/c/d/e/f/v10",
      "...", ".", "..", "a..b/c", "a.b/..c", "a.b/c..", "", "v2", "gopkg.in/yaml.v2/x", "example.com/x.v2",
    ];
    const inputs = [...edge];
    for (let i = 0; i < 1200; i++) inputs.push(randomPath(r));
    for (let i = 0; i < 400; i++) inputs.push(randomValidishPath(r));
    const checks: Array<Promise<void>> = [];
    for (const p of inputs) {
      checks.push(d.check("module.CheckPath", [p], () => checkPath(p)));
      checks.push(d.check("module.CheckImportPath", [p], () => checkImportPath(p)));
      checks.push(d.check("module.CheckFilePath", [p], () => checkFilePath(p)));
      checks.push(d.check("module.EscapePath", [p], () => escapePath(p)));
      checks.push(d.check("module.UnescapePath", [p], () => unescapePath(p)));
      checks.push(d.check("module.EscapeVersion", [p], () => escapeVersion(p)));
      checks.push(d.check("module.UnescapeVersion", [p], () => unescapeVersion(p)));
      checks.push(d.check("module.SplitPathVersion", [p], () => splitPathVersion(p)));
      const v = r.chance(0.5) ? randomVersion(r) : r.pick(["v1.0.0", "v2.0.0", "v2.0.0+incompatible", "v0.0.0-20200101000000-abcdefabcdef", "v3.1.0", "v0.1.0"]);
      checks.push(d.check("module.Check", [p, v], () => checkModuleVersion(p, v)));
    }
    const majors = ["", "/v2", "/v3", ".v1", ".v0", ".v2", ".v1-unstable", ".v2-unstable", "v2", "/v1", "x"];
    for (let i = 0; i < 600; i++) {
      const v = r.chance(0.7) ? randomVersion(r) : randomPseudo(r);
      const m = r.pick(majors);
      checks.push(d.check("module.CheckPathMajor", [v, m], () => checkPathMajor(v, m)));
    }
    for (const v of ["v1.0.0-RC1", "v1.0.0-rc!1", "V1", "v1/x", "v1 x", "", ".", "v1.", "Vé", "v1~1", "CON"]) {
      checks.push(d.check("module.EscapeVersion", [v], () => escapeVersion(v)));
      checks.push(d.check("module.UnescapeVersion", [v], () => unescapeVersion(v)));
    }
    await d.all(checks);
    d.assertNone(15000, [
      "module.CheckPath", "module.CheckImportPath", "module.CheckFilePath", "module.EscapePath", "module.UnescapePath",
      "module.EscapeVersion", "module.UnescapeVersion", "module.Check", "module.CheckPathMajor",
    ]);

    // Round trip on everything Go accepts.
    for (const p of inputs) {
      let esc: string;
      try {
        esc = escapePath(p);
      } catch {
        continue;
      }
      assert.equal(unescapePath(esc), p, `seed ${SEED}: round trip of ${JSON.stringify(p)}`);
      assert.ok(!/[A-Z]/.test(esc));
    }
  });

  test("pseudo-versions: all three forms, broken timestamps, mutations", async () => {
    const d = differ();
    const r = rand(3);
    const inputs = [
      "v0.0.0-20191109021931-daa7c04131f5", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3-pre.0.20191109021931-daa7c04131f5",
      "v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible", "v2.0.0-20191109021931-daa7c04131f5+incompatible",
      "v1.0.0-0.20191109021931-daa7c04131f5", "v1.0.10-0.20191109021931-daa7c04131f5", "v1.0.100-0.20191109021931-daa7c04131f5",
      "v0.0.0-00010101000000-000000000000", "v2.0.0-00010101000000-000000000000", "v0.0.0-00010101000000-000000000000+incompatible",
      "v0.0.0-20191109021931-", "v0.0.0-2019110902193-daa7c04131f5", "v0.0.0-20191109021931daa7c04131f5", "v1.2.3",
      "v0.0.0-20190230000000-abc", "v0.0.0-20200229000000-abc", "v0.0.0-19000229000000-abc", "v0.0.0-00000101000000-abc",
      "v1.2.3-0.0.20191109021931-daa7c04131f5", "v1.2.3-rc.0.0.20191109021931-daa7c04131f5", "v0.0.0-20191109021931-daa7c04131f5+a.b",
    ];
    for (let i = 0; i < 1500; i++) inputs.push(randomPseudo(r));
    const checks: Array<Promise<void>> = [];
    for (const v of inputs) {
      checks.push(d.check("module.IsPseudoVersion", [v], () => isPseudoVersion(v)));
      checks.push(d.check("module.IsZeroPseudoVersion", [v], () => isZeroPseudoVersion(v)));
      checks.push(d.check("module.PseudoVersionTime", [v], () => pseudoVersionTime(v).getTime()));
      checks.push(d.check("module.PseudoVersionRev", [v], () => pseudoVersionRev(v)));
      checks.push(d.check("module.PseudoVersionBase", [v], () => pseudoVersionBase(v)));
    }
    for (let i = 0; i < 300; i++) {
      const major = r.pick(["", "v0", "v1", "v2", "v10"]);
      const older = r.pick(["", "v1.2.3", "v1.2.3-pre", "v1.2.3+incompatible", "v1.2.3-pre+incompatible", "v1.2.9", "v1.2.99", "v1.2", "bad", "v0.0.0"]);
      const ms = Date.UTC(1970 + r.int(60), r.int(12), 1 + r.int(28), r.int(24), r.int(60), r.int(60), r.int(1000));
      const rev = r.pick(["abcdef123456", "0123456789ab", "x"]);
      checks.push(d.check("module.PseudoVersion", [major, older, ms, rev], () => pseudoVersion(major, older, new Date(ms), rev)));
      checks.push(d.check("module.ZeroPseudoVersion", [major], () => zeroPseudoVersion(major)));
    }
    await d.all(checks);
    d.assertNone(7000, ["module.PseudoVersionTime", "module.PseudoVersionRev", "module.PseudoVersionBase"]);
    assert.ok(inputs.filter((v) => isPseudoVersion(v)).length > 500, "generator should produce many real pseudo-versions");
  });

  test("patterns: path.Match and MatchPrefixPatterns", async () => {
    const d = differ();
    const r = rand(4);
    const edge: Array<[string, string]> = [
      ["*", "a/b"], ["a/*", "a/b/c"], ["*/b", "a/b"], ["a*b*c", "abxbc"], ["a?", "a/"], ["[a-", "a"], ["[]", "]"], ["[]a]", "]"],
      ["[^]", "a"], ["[^a]", "b"], ["[-]", "-"], ["[a\\-z]", "-"], ["\\", ""], ["a\\", "a"], ["\\*", "*"], ["[\\]]", "]"],
      ["a[", "b"], ["*[", "ab"], ["a*[", "b"], ["[é]", "é"], ["?", "é"], ["??", "é"], ["[a-c", "b"], ["*x*", "y/x"],
      ["", ""], ["", "a"], ["**", "ab"], ["*?", ""], ["a*", "a"], ["[\xff]", "a"],
    ];
    const checks: Array<Promise<void>> = [];
    const pairs = [...edge];
    for (let i = 0; i < 2000; i++) pairs.push([r.join(patternPieces, 0, 5), r.join(targetPieces, 0, 6)]);
    for (const [p, n] of pairs) checks.push(d.check("path.Match", [p, n], () => pathMatch(p, n)));
    const prefixCases: Array<[string, string]> = [
      ["", "example.com"], [",", "example.com"], ["example.com", "example.com/x"], ["example.com/", "example.com/x"],
      ["example.com/x/", "example.com/x"], ["*.example.com", "a.example.com/b"], ["*", "anything/at/all"],
      ["*/*", "a"], ["a/b,c", "c/d"], ["[,a", "a"], ["a/[", "a/b"], ["example.com/x", "example.com/xy"],
      ["example.com/x", "example.com"], ["example.com//", "example.com/x"], ["/", "a"], ["//", "a/b/c"],
    ];
    for (let i = 0; i < 2000; i++) prefixCases.push([randomGlobs(r), r.join(targetPieces, 0, 8)]);
    for (const [g, t] of prefixCases) checks.push(d.check("module.MatchPrefixPatterns", [g, t], () => matchPrefixPatterns(g, t)));
    for (let i = 0; i < 500; i++) {
      const p = r.join(["a", "/", ".", "..", "b", "//", "./", "../"], 0, 8);
      checks.push(d.check("path.Clean", [p], () => pathClean(p)));
    }
    await d.all(checks);
    d.assertNone(4500, ["path.Match"]);
  });

  test("go.mod: ModulePath and ParseLax (module, retract, require, comments)", async () => {
    const d = differ();
    const r = rand(5);
    const lines = [
      "module example.com/m", "module \"example.com/q\"", "module `example.com/r`", "module", "module a b", "module (", ")",
      "module example.com/m // Deprecated: old", "module \"ex\\x41mple.com\"", "module \"unterminated", "  module   example.com/sp  ",
      "go 1.21", "go 1.21.0", "go v1.21x", "go 1.21rc1", "go 1.2.3.4", "go", "go 1.21 1.22", "toolchain go1.22",
      "require example.com/a v1.2.3", "require example.com/a/v2 v1.0.0", "require example.com/a v1.2", "require example.com/a latest",
      "require (", "require example.com/a v1.2.3 // indirect", "require example.com/b v2.0.0+incompatible", "require gopkg.in/x.v1 v0.0.0-20161208181325-20d25e280405",
      "retract v1.0.0", "retract [v1.0.0, v1.1.0]", "retract [v1.0.0,v1.1.0]", "retract v1.0.0 v1.2.0", "retract [v1.0.0]", "retract (",
      "retract \"v1.0.1\"", "retract foo", "retract", "retract [", "retract [v1, v2", "retract ()", "exclude x v1", "replace a => b",
      "ignore ./x", "ignore", "ignore \"x\"", "unknown stuff", "godebug x=1", "// comment", "// Deprecated: use v2", "//", "", "  ", "\t",
      "v1.0.0 // why", "[v1.0.0, v1.0.5] // range", "\"v1.9.9\"", "/* c */", "x\ty", "é", "\u00a0", "{", "}", "a,b", "retract v1.0.0 // a // b",
      "// Deprecated:", "// Deprecated: x", "//Deprecated: tight", "example.com/a v1.0.0", "retract `v1.0.0`", "require \"example.com/q\" \"v1.0.0\"",
    ];
    const suffixes = ["", "", "", " // rationale text", " // indirect", " //indirect; x", "// glued", " //", "\t// tab"];
    const docs: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const n = 1 + r.int(12);
      const out: string[] = [];
      for (let j = 0; j < n; j++) out.push(r.pick(lines) + r.pick(suffixes));
      docs.push(out.join(r.chance(0.2) ? "\r\n" : "\n") + (r.chance(0.8) ? "\n" : ""));
    }
    docs.push(
      "module example.com/m\n\nretract (\n\t// first group\n\tv1.0.0\n\n\t// second\n\tv1.1.0 // own\n\tv1.2.0\n)\n",
      "// Block comment\nretract (\n\tv1.0.0\n\tv1.1.0\n)\nmodule example.com/m\n",
      "retract ( // paren comment\n\tv1.0.0\n) // close comment\n",
      "module example.com/m\nretract v1.0.0 // a\n// b\nretract v1.0.1\n",
      "// Deprecated: first paragraph\n//\n// more\nmodule example.com/dep\n",
      "// intro\n//\n// Deprecated: second\n// continues\n//\n// after\nmodule example.com/dep\n",
      "module example.com/m\nrequire (\n\texample.com/a v1.0.0 // indirect\n\texample.com/b v1.0.0 // indirect; why\n\texample.com/c v1.0.0 // not indirect\n)\n",
      "module \"a\\u00e9\"\n", "module \"a\\xff\"\n", "module \"a\\777\"\n", "module \"a\\'\"\n", "module \"a\\q\"\n",
      "\ufeffmodule example.com/bom\n", "module example.com/m\r\n", "module example.com/m", "", "module \"a\" b\n",
      "module \"é\\u00e9\\101\\x41\\t\"\n", "module `a\rb`\n", "module \"\"\n", "module\texample.com/tab\n",
    );
    const rawDocs = [
      Buffer.from("module example.com/m\xff\n", "latin1"),
      Buffer.from("module \"ex\xffample\"\n", "latin1"),
      Buffer.from("module \"ex\xe2\x82ample\\n\"\n", "latin1"),
      Buffer.from("// \xc0\nmodule x\xed\xa0\x80y\nretract v1.0.0 // \xf0\x9f\n", "latin1"),
    ];
    const checks: Array<Promise<void>> = [];
    for (const data of [...docs.map((doc) => Buffer.from(doc, "utf8")), ...rawDocs]) {
      checks.push(d.check("modfile.ModulePath", [b64(data)], () => modulePath(data)));
      checks.push(
        d.check("modfile.ParseLax", [b64(data)], () => {
          const f = parseGoModLax(data);
          return { module: f.module ?? null, deprecated: f.deprecated, go: f.go ?? null, require: f.require, retract: f.retract };
        }),
      );
    }
    await d.all(checks);
    d.assertNone(3000, ["modfile.ParseLax"]);
    const parsed = docs.filter((doc) => {
      try {
        parseGoModLax(doc);
        return true;
      } catch {
        return false;
      }
    });
    assert.ok(parsed.length > 200, `too few random go.mod files parse (${parsed.length}); the generator is too noisy`);
    assert.ok(parsed.some((doc) => retractions(doc).some((x) => x.rationale !== "")), "some random retractions carry a rationale");
  });

  test("go.mod hash", async () => {
    const d = differ();
    const r = rand(6);
    const docs = ["", "module example.com/m\n", "\n", "module x\r\n", Buffer.from([0xff, 0x00, 0x0a]).toString("latin1")];
    for (let i = 0; i < 50; i++) docs.push(r.join(["module ", "x", "\n", "é", "\r", "go 1.21", " "], 0, 20));
    await d.all(docs.map((doc) => {
      const data = Buffer.from(doc, "latin1");
      return d.check("dirhash.HashGoMod", [b64(data)], () => hashGoMod(data));
    }));
    d.assertNone(50);
  });

  test("zips: CheckZip, Unzip-level content checks and HashZip", async () => {
    const d = differ();
    const r = rand(7);
    const P = "example.com/m@v1.0.0/";
    const handPicked: Array<{ specs: ZipSpec[]; path?: string; version?: string }> = [
      { specs: [{ name: P + "go.mod", data: "module example.com/m\n" }, { name: P + "a.go" }] },
      { specs: [{ name: P, dir: true }, { name: P + "x/", dir: true }, { name: P + "x/y.go" }] },
      { specs: [{ name: P + "A.go" }, { name: P + "a.go" }] },
      { specs: [{ name: P + "a.go" }, { name: P + "a.go" }] },
      { specs: [{ name: P + "a" }, { name: P + "a/b" }] },
      { specs: [{ name: P + "a/", dir: true }, { name: P + "a/", dir: true }] },
      { specs: [{ name: P + "GO.MOD" }] },
      { specs: [{ name: P + "sub/go.mod" }] },
      { specs: [{ name: P + "sub/GO.mod" }] },
      { specs: [{ name: "example.com/m@v1.0.1/a.go" }] },
      { specs: [{ name: "other.com/m@v1.0.0/a.go" }] },
      { specs: [{ name: P + "../a.go" }] },
      { specs: [{ name: P + "./a.go" }] },
      { specs: [{ name: P + "a//b.go" }] },
      { specs: [{ name: "/" + P + "a.go" }] },
      { specs: [{ name: P + "a\\b.go" }] },
      { specs: [{ name: P + "con.go" }] },
      { specs: [{ name: P + "x~1.go" }] },
      { specs: [{ name: P + "é.go" }, { name: P + "É.go" }] },
      { specs: [{ name: P + "k.go" }, { name: P + KELVIN + ".go" }] },
      { specs: [{ name: P + "ſ" }, { name: P + "S" }] },
      { specs: [{ name: P + "ß" }, { name: P + "ẞ" }] },
      { specs: [{ name: P + "ß" }, { name: P + "ss" }] },
      { specs: [{ name: Buffer.concat([Buffer.from(P), Buffer.from([0x61, 0xff])]) }] },
      { specs: [{ name: Buffer.concat([Buffer.from(P), Buffer.from([0xff, 0x2f, 0x2e, 0x2e])]) }] },
      { specs: [{ name: P + "a\nb" }] },
      { specs: [{ name: P + "go.mod", data: Buffer.alloc((16 << 20) + 1) }] },
      { specs: [{ name: P + "go.mod", data: Buffer.alloc(16 << 20) }] },
      { specs: [{ name: P + "LICENSE", data: "x", declaredSize: (16 << 20) + 1 }] },
      { specs: [{ name: P + "sub/LICENSE", data: "x", declaredSize: (16 << 20) + 1 }] },
      { specs: [{ name: P + "big", data: "x", declaredSize: 501 << 20 }] },
      { specs: [{ name: P + "a", data: "x", declaredSize: 300 << 20 }, { name: P + "b", data: "y", declaredSize: 300 << 20 }] },
      { specs: [{ name: P + "bomb", data: Buffer.alloc(1 << 20), declaredSize: 10 }] },
      // Entries over 1 MiB compressed take the sliced streaming path (from
      // disk and from memory): valid, bad CRC, a bomb, stored, descriptor.
      { specs: [{ name: P + "go.mod", data: "module example.com/m\n" }, { name: P + "blob", data: noise(3 << 20, 1), compress: true }] },
      { specs: [{ name: P + "blobcrc", data: noise(3 << 20, 2), compress: true, crc: 99 }] },
      { specs: [{ name: P + "blobbomb", data: Buffer.concat([noise(2 << 20, 3), Buffer.alloc(8 << 20)]), compress: true, declaredSize: (2 << 20) + 5 }] },
      { specs: [{ name: P + "blobshort", data: noise(3 << 20, 4), compress: true, declaredSize: (3 << 20) + 1 }] },
      { specs: [{ name: P + "blobstored", data: noise(3 << 20, 5), compress: false }] },
      { specs: [{ name: P + "blobdd", data: noise(3 << 20, 6), compress: true, stream: true }] },
      { specs: [{ name: P + "short", data: "abc", declaredSize: 10, compress: true }] },
      { specs: [{ name: P + "crc", data: "abc", crc: 12345 }] },
      { specs: [{ name: P + "crc0", data: "abc", crc: 0 }] },
      { specs: [{ name: P + "dd", data: "data descriptor", stream: true }, { name: P + "dd2", data: "", stream: true, compress: false }] },
      { specs: [{ name: P + "ddcrc", data: "data descriptor", stream: true, crc: 7 }] },
      { specs: [{ name: P + "ddcrc0", data: "data descriptor", stream: true, crc: 0 }] },
      { specs: [{ name: P + "ddesc", data: "data descriptor", stream: true, descCrc: 1 }] },
      { specs: [{ name: P + "ddsize", data: "data descriptor", stream: true, declaredSize: 3 }] },
      { specs: [{ name: P + "d/", dir: true, declaredSize: 5 }] },
      { specs: [{ name: P + "vendor/x/y.go" }, { name: P + "vendor/modules.txt" }] },
      { specs: [{ name: P + "a.go" }], path: "example.com/m", version: "v1.0" },
      { specs: [{ name: P + "a.go" }], path: "Example.com/m" },
      { specs: [{ name: "example.com/m/v2@v2.0.0/a.go" }], path: "example.com/m/v2", version: "v2.0.0" },
      { specs: [{ name: "example.com/m@v2.0.0+incompatible/a.go" }], path: "example.com/m", version: "v2.0.0+incompatible" },
      { specs: [{ name: "example.com/m@v2.0.0/a.go" }], path: "example.com/m", version: "v2.0.0" },
      { specs: [{ name: P }] },
      { specs: [] },
    ];
    const prefixes = [P, P, P, P, "example.com/M@v1.0.0/", "example.com/m@v1.0.1/", "", "example.com/m@v1.0.0"];
    const rests = [
      "go.mod", "GO.MOD", "sub/go.mod", "a.go", "A.go", "b/c.go", "b/", "b", "LICENSE", "vendor/x/y.go", "./a.go", "a//b.go",
      "a/../b.go", "con.go", "x/aux/y", "é.go", "É.go", "K.go", KELVIN + ".go", "ſ.txt", "s.txt", "ß", "ẞ", "a b.go", "a:b", "a*b",
      "\u00a0x", ".", "..", "dir/", "dir/file", "dir", "x~1", "", "Dir/File", "a/", "A/b",
    ];
    const cases = [...handPicked];
    for (let i = 0; i < 150; i++) {
      const n = r.int(6);
      const specs: ZipSpec[] = [];
      for (let j = 0; j < n; j++) {
        let rest = r.pick(rests);
        const prefix = r.pick(prefixes);
        if (prefix + rest === "") rest = "x"; // yazl cannot write an empty name
        const dir = rest.endsWith("/") && r.chance(0.7);
        specs.push({
          name: prefix + rest,
          dir,
          compress: r.chance(0.5),
          stream: r.chance(0.2),
          data: r.chance(0.5) ? `file ${i}/${j}\n` : "",
          ...(r.chance(0.05) ? { declaredSize: r.int(40) } : {}),
          ...(r.chance(0.03) ? { crc: r.int(1 << 30) } : {}),
        });
      }
      cases.push({ specs });
    }
    const checks: Array<Promise<void>> = [];
    let onePassHashes = 0;
    for (const c of cases) {
      const file = await writeZip(c.specs);
      const path = c.path ?? "example.com/m";
      const version = c.version ?? "v1.0.0";
      const names = c.specs.map((s) => (typeof s.name === "string" ? s.name : s.name.toString("latin1")));
      checks.push(d.check("zip.CheckZip", [path, version, file, names], () => checkZipMetadata(file, path, version)));
      checks.push(d.check("zip.Unzip", [path, version, file, names], () => checkModuleZip(file, path, version).then(() => undefined)));
      checks.push(d.check("dirhash.HashZip", [file, names], () => hashZip(file)));
      // The one-pass hash that checkModuleZip returns, from disk and from
      // memory, must be hashZip's (which the line above holds to Go's).
      checks.push(
        (async () => {
          const fromFile = await checkModuleZip(file, path, version).then((h) => h ?? "unhashable", (e: Error) => "error: " + e.message);
          const fromMemory = await checkModuleZip(readFileSync(file), path, version).then((h) => h ?? "unhashable", (e: Error) => "error: " + e.message);
          assert.equal(fromMemory.startsWith("error: "), fromFile.startsWith("error: "), `${names.join(",")}: file vs memory`);
          if (fromFile === "unhashable") await assert.rejects(hashZip(file), `${names.join(",")}: hashZip refuses what checkModuleZip calls unhashable`);
          else if (!fromFile.startsWith("error: ")) {
            assert.equal(fromFile, await hashZip(file), `${names.join(",")}: one-pass hash`);
            assert.equal(fromMemory, fromFile);
            onePassHashes++;
          }
        })(),
      );
    }
    await d.all(checks);
    assert.ok(onePassHashes > 20, `one-pass hash compared on ${onePassHashes} valid zips`);
    d.assertNone(500, ["zip.CheckZip", "zip.Unzip", "dirhash.HashZip"]);
  });

  test("zip framing as Go's archive/zip reads it: trailing data, a prepended stub, broken ends", async () => {
    const d = differ();
    const P = "example.com/m@v1.0.0/";
    const zip = await buildZip([{ name: P + "go.mod", data: "module example.com/m\n" }, { name: P + "a.go", data: "package m\n" }, { name: P + "sub/", dir: true }]);
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const dirOffset = zip.readUInt32LE(eocd + 16);
    const junk = (n: number, seed = 1) => noise(n, seed);
    /** The zip with `n` bytes before it and every offset moved to match (a well-made self-extractor). */
    const adjusted = (n: number) => {
      const z = Buffer.from(zip);
      for (let off = dirOffset; z.readUInt32LE(off) === 0x02014b50; off += 46 + z.readUInt16LE(off + 28) + z.readUInt16LE(off + 30) + z.readUInt16LE(off + 32)) {
        z.writeUInt32LE(z.readUInt32LE(off + 42) + n, off + 42);
      }
      z.writeUInt32LE(dirOffset + n, eocd + 16);
      return Buffer.concat([junk(n, 9), z]);
    };
    const withComment = (len: number, comment: Buffer) => {
      const z = Buffer.concat([zip, comment]);
      z.writeUInt16LE(len, eocd + 20);
      return z;
    };
    const fakeEnd = Buffer.alloc(22);
    fakeEnd.writeUInt32LE(0x06054b50, 0);
    // Go expects: accepted unless noted.
    const cases: Array<{ what: string; bytes: Buffer; goAccepts: boolean }> = [
      { what: "plain", bytes: zip, goAccepts: true },
      { what: "1 byte of trailing data", bytes: Buffer.concat([zip, Buffer.from("x")]), goAccepts: true },
      { what: "100 bytes of trailing data", bytes: Buffer.concat([zip, junk(100)]), goAccepts: true },
      { what: "trailing data beyond the first 1 KiB searched", bytes: Buffer.concat([zip, junk(5000)]), goAccepts: true },
      { what: "trailing data beyond the 65 KiB searched", bytes: Buffer.concat([zip, junk(70_000)]), goAccepts: false },
      { what: "a prepended stub, offsets not adjusted", bytes: Buffer.concat([junk(777, 2), zip]), goAccepts: true },
      { what: "a prepended stub and trailing data", bytes: Buffer.concat([junk(300, 3), zip, junk(40, 4)]), goAccepts: true },
      { what: "a prepended stub, offsets adjusted", bytes: adjusted(500), goAccepts: true },
      { what: "bytes between directory and end record (the unadjusted offset holds a directory header)", bytes: Buffer.concat([zip.subarray(0, eocd), junk(10, 5), zip.subarray(eocd)]), goAccepts: true },
      { what: "a comment that fits", bytes: withComment(5, Buffer.from("hello")), goAccepts: true },
      { what: "a comment longer than the file", bytes: withComment(50, Buffer.from("hello")), goAccepts: false },
      { what: "a comment and trailing data", bytes: withComment(5, Buffer.from("hello world")), goAccepts: true },
      { what: "an empty end record in the trailing data", bytes: Buffer.concat([zip, fakeEnd]), goAccepts: true },
      { what: "a truncated end record", bytes: zip.subarray(0, zip.length - 3), goAccepts: false },
      { what: "a directory offset past the end", bytes: (() => { const z = Buffer.from(zip); z.writeUInt32LE(zip.length + 10, eocd + 16); z.writeUInt32LE(0, eocd + 12); return z; })(), goAccepts: false },
      { what: "the stub only", bytes: junk(2000, 6), goAccepts: false },
      { what: "disk numbers set in the end record", bytes: (() => { const z = Buffer.from(zip); z.writeUInt16LE(1, eocd + 4); z.writeUInt16LE(1, eocd + 6); return z; })(), goAccepts: true },
      { what: "more records declared than the directory holds", bytes: (() => { const z = Buffer.from(zip); z.writeUInt16LE(5, eocd + 8); z.writeUInt16LE(5, eocd + 10); return z; })(), goAccepts: false },
      { what: "a directory offset 100 bytes too large (negative base: the directory reads, the files do not)", bytes: (() => { const z = Buffer.from(zip); z.writeUInt32LE(dirOffset + 100, eocd + 16); return z; })(), goAccepts: false },
      { what: "a compressed size of 0xffffffff without a zip64 extra field", bytes: (() => { const z = Buffer.from(zip); z.writeUInt32LE(0xffffffff, dirOffset + 20); return z; })(), goAccepts: false },
      { what: "an uncompressed size of 0xffffffff without a zip64 extra field", bytes: (() => { const z = Buffer.from(zip); z.writeUInt32LE(0xffffffff, dirOffset + 24); return z; })(), goAccepts: false },
      { what: "fewer records declared than the directory holds", bytes: (() => { const z = Buffer.from(zip); z.writeUInt16LE(1, eocd + 8); z.writeUInt16LE(1, eocd + 10); return z; })(), goAccepts: false },
    ];
    const checks: Array<Promise<void>> = [];
    for (const c of cases) {
      const file = join(oracle.tmp, `framing${zipCounter++}.zip`);
      writeFileSync(file, c.bytes);
      const unzip = await oracle.ask("zip.Unzip", ["example.com/m", "v1.0.0", file]);
      assert.equal(unzip.ok, c.goAccepts, `${c.what}: Go ${c.goAccepts ? "accepts" : "refuses"} it (${unzip.err ?? "ok"})`);
      checks.push(d.check("zip.CheckZip", ["example.com/m", "v1.0.0", file, c.what], () => checkZipMetadata(file, "example.com/m", "v1.0.0")));
      checks.push(d.check("zip.Unzip", ["example.com/m", "v1.0.0", file, c.what], () => checkModuleZip(file, "example.com/m", "v1.0.0").then(() => undefined)));
      checks.push(d.check("dirhash.HashZip", [file, c.what], () => hashZip(file)));
      // The one-pass hash, from disk and from memory, is Go's too.
      checks.push(d.check("dirhash.HashZip", [file, c.what], () => checkModuleZip(file, "example.com/m", "v1.0.0")));
      checks.push(d.check("dirhash.HashZip", [file, c.what], () => checkModuleZip(c.bytes, "example.com/m", "v1.0.0")));
    }
    await d.all(checks);
    d.assertNone(cases.length * 5, ["zip.CheckZip", "zip.Unzip", "dirhash.HashZip"]);
  });
});

test("FileDigest: one chunk or many, the SHA-256 of the whole content", () => {
  const data = randomBytes(200_000, "file-digest");
  for (const cuts of [[], [0], [200_000], [1], [65_536], [1, 2, 3], [10, 100_000, 199_999]]) {
    const d = new FileDigest();
    let at = 0;
    for (const c of [...cuts, data.length]) {
      if (c > at || (cuts.length === 0 && c === 0)) d.add(data.subarray(at, c));
      at = Math.max(at, c);
    }
    assert.equal(d.digest().toString("hex"), createHash("sha256").update(data).digest("hex"), `cut at ${cuts.join(",")}`);
  }
  assert.equal(new FileDigest().digest().toString("hex"), createHash("sha256").digest("hex"), "no chunk at all: the empty file");
});
