// Port of golang.org/x/mod/zip's CheckZip (plus the content checks of Unzip):
// validates a module zip file before it is stored or served.
//
// Rules (as in x/mod/zip):
//   - the version is canonical and module.Check(path, version) passes;
//   - the zip file itself is at most MaxZipFile bytes;
//   - every entry name starts with "<module>@<version>/" (the bare prefix
//     directory entry is ignored); the rest is a clean, valid file path
//     (module.CheckFilePath); directory entries ("x/") are checked but
//     otherwise ignored;
//   - no two paths are equal under Unicode case folding (strings.EqualFold),
//     no path is both a file and a directory, no file appears twice;
//   - a file whose base name folds to "go.mod" must be exactly "go.mod" at the
//     module root;
//   - declared uncompressed sizes total at most MaxZipFile; go.mod and LICENSE
//     at most MaxGoMod / MaxLICENSE.
// Note that CheckZip applies no vendor/ rules: those only decide which files
// zip.Create includes (see isVendoredPackage below).
//
// In addition (as Unzip does when extracting), each file's content is streamed
// and must decompress to exactly its declared size with a matching CRC-32;
// decompression stops as soon as a file exceeds its declared size, so a zip
// bomb costs at most MaxZipFile bytes of inflation.

import { checkFilePath, checkModuleVersion, GoModError, goQuote } from "./escape.js";
import { canonicalVersion } from "./semver.js";
import { FileDigest, hash1OfDigests, openZip, streamZipEntry, zipSize, type RawZipEntry, type ZipSource } from "./dirhash.js";
import { pathBase, pathClean, pathDir } from "./patterns.js";

export const MaxZipFile = 500 << 20;
export const MaxGoMod = 16 << 20;
export const MaxLICENSE = 16 << 20;

/**
 * Non-ASCII runes whose fold key (the smallest rune of their unicode.SimpleFold
 * orbit, with A-Z mapped to a-z) is not themselves, as of the Go release this
 * was generated from. See __tests__/oracle/main.go encodeFold.
 */
export const GO_FOLD_TABLE =
  "68:-w*n,2:-w*7,3:-1*o/2,4:-1*3/2,3:-1*8/2,3:-1*n/2,1:-3d,2:-1*3/2,1:-7g,4:-1*2/2,3:-1*2/4,6:-1*2/7,8:-1*3/2,3:-1*2/5,3:-1*2/4,2:-1*2/3,4:-1*2/8,1:-2,2:-1,1:-2,2:-1,1:-2,2:-1*8/2,1:-27,2:-1*9/2,3:-1,1:-2,2:-1,1:-2p,1:-1k,2:-1*k/2,1:-3m,3:-1*9/2,9:-1,1:-4j,5:-1,1:-5f,4:-1*5/2,4:-5u,1:-5q,2:-5p*2,2:-5m,2:-5n,5:-5p,3:-5r,5:-5t,1:-5v*2/6,3:-5x,3:-5y,b:-62*2/3,5:-62,1:-1x,1:-61*2,1:-1z,6:-63,67:-1*2/2,4:-1,y:-2c,3:-kn,g:-12,1:-11*3,2:-w*8,1:-38,1:-w*2,1:-lj,1:-w*5,1:-v,1:-w*9,1:-1s,1:-1r*2,2:-1q,1:-1l,4:-1b,1:-1i,1:-8,2:-1*c/2,1:-2e,1:-28,2:-38,1:-2k,1:-2o,3:-1,1:-7,2:-1,2:-3m*3,1d:-w*w,1:-28*g,2:-1*h/2,a:-1*r/2,3:-1*7/2,1:-f,2:-1*1c/2,1e:-1c*12,2uq:-8*6,1oj:-4tq,1:-4tp,1:-4tg,1:-4te*2,1:-4tf,1:-4t8,1:-4rp,9:-2bk*17,3:-2bk*3,8y:-1*23/2,6:-1n,3:-5vj,3:-1*1c/2,9:-8*8,9:-8*6,b:-8*8,9:-8*8,9:-8*6,c:-8*4/2,9:-8*8,p:-8*8,9:-8*8,9:-8*8,9:-8*2,1:-22*2,1:-9,2:-5mh,a:-2e*4,1:-9,c:-8*2,1:-2s*2,d:-8*2,1:-34*2,1:-7,c:-3k*2,1:-3i*2,1:-9,8a:-5tp,4:-6gv,1:-6ee,z:-s,y:-g*g,5:-1,ng:-q*q,1fr:-1c*1c,2:-1,1:-8af,1:-2xy,1:-89z,1:-8bv,1:-8bs,2:-1*3/2,1:-8bg,1:-8al,1:-8bj,1:-8bi,3:-1*2/3,8:-8cf*2,2:-1*1e/2,9:-1*2/2,5:-1,d:-5ls*12,2:-5ls*2/6,nx0:-1*5/2,1:-r7m,1:-r7n,2:-1*h/2,k:-1*e/2,3s:-1*7/2,4:-1*v/2,b:-1*2/2,1:-r9g,2:-1*5/2,5:-1,1:-wmg,4:-1*2/2,4:-1*a/2,1:-wn8,1:-wnj,1:-wnf,1:-wn5,1:-wn8,2:-wlu,1:-wmi,1:-wlx,3:-1*8/2,1:-1c,1:-wn7,1:-raw,2:-1*2/2,7:-1*2/6,2:-1*2/t,nx:-ps,t:-tzk*28,ghu:-w*q,y6:-14*14,3t:-14*10,4c:-13*b,2:-13*f,2:-13*7,2:-13*2,1dw:-1s*1f,2by:-w*w,gw1:-w*w,o83:-y*y";

let foldMap: Map<number, number> | undefined;

function getFoldMap(): Map<number, number> {
  if (foldMap) return foldMap;
  const m = new Map<number, number>();
  let prev = 0;
  for (const item of GO_FOLD_TABLE.split(",")) {
    const [head, tail] = item.split("*");
    const [gap, delta] = head!.split(":");
    const [count, stride] = tail === undefined ? ["1", "1"] : tail.split("/");
    const start = prev + parseInt(gap!, 36);
    const d = parseInt(delta!, 36);
    const n = parseInt(count!, 36);
    const st = stride === undefined ? 1 : parseInt(stride, 36);
    for (let i = 0; i < n; i++) m.set(start + i * st, start + i * st + d);
    prev = start + (n - 1) * st;
  }
  foldMap = m;
  return m;
}

/** The fold key of one code point (zip's strToFold applied to a single rune). */
export function foldRune(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp;
  return getFoldMap().get(cp) ?? cp;
}

/**
 * x/mod/zip strToFold: strings.EqualFold(s, t) iff strToFold(s) === strToFold(t).
 * Lone surrogates (invalid UTF-8 in Go) fold to U+FFFD.
 */
export function strToFold(s: string): string {
  if (/^[\x00-\x40\x5b-\x7f]*$/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    out += String.fromCodePoint(foldRune(cp));
  }
  return out;
}

/** Go's strings.EqualFold. */
export function equalFold(s: string, t: string): boolean {
  return strToFold(s) === strToFold(t);
}

/** Where checkModuleZip sends the files it streams (e.g. an extraction). */
export interface ZipContentSink {
  /** A regular file, by its path below the module root (already checked by CheckZip's rules). */
  open(name: string): ZipFileWriter;
}

/** One file's content in order (none for an empty file), then end; abort when the zip failed. */
export interface ZipFileWriter {
  write(chunk: Buffer): void | Promise<void>;
  end(): Promise<void>;
  abort(): Promise<void>;
}

/** One rejected zip entry (Go's zip.FileError). */
export interface ZipFileError {
  path: string;
  err: string;
}

/** Error thrown by checkModuleZip; lists every offending entry and rule. */
export class ZipCheckError extends GoModError {
  constructor(
    message: string,
    readonly invalid: ZipFileError[] = [],
    readonly sizeError?: string,
  ) {
    super(message);
    this.name = "ZipCheckError";
  }
}

class CollisionChecker {
  private readonly m = new Map<string, { path: string; isDir: boolean }>();

  check(p: string, isDir: boolean): string | undefined {
    for (;;) {
      const fold = strToFold(p);
      const other = this.m.get(fold);
      if (other) {
        if (p !== other.path) return `case-insensitive file name collision: ${goQuote(other.path)} and ${goQuote(p)}`;
        if (isDir !== other.isDir) return `entry ${goQuote(p)} is both a file and a directory`;
        if (!isDir) return `multiple entries for file ${goQuote(p)}`;
      } else {
        this.m.set(fold, { path: p, isDir });
      }
      const parent = pathDir(p);
      if (parent === ".") return undefined;
      p = parent;
      isDir = true;
    }
  }
}

function isValidUtf8(raw: Buffer, decoded: string): boolean {
  return !decoded.includes("\ufffd") || Buffer.from(decoded, "utf8").equals(raw);
}

function displayName(e: RawZipEntry): string {
  return e.name;
}

export interface CheckedZip {
  /** Entry names (full, with the module@version/ prefix) of the valid files. */
  valid: string[];
  invalid: ZipFileError[];
  sizeError?: string;
}

/**
 * The metadata-only part of the check (x/mod/zip.CheckZip), over already-read
 * central-directory entries. Returns what Go's CheckedFiles would hold.
 */
export function checkZipEntries(entries: readonly RawZipEntry[], modulePath: string, version: string): CheckedZip {
  const prefix = Buffer.from(`${modulePath}@${version}/`, "utf8");
  const cf: CheckedZip = { valid: [], invalid: [] };
  const addError = (e: RawZipEntry, err: string) => cf.invalid.push({ path: displayName(e), err });
  const collisions = new CollisionChecker();
  let size = 0;
  for (const e of entries) {
    const raw = e.nameBytes;
    if (raw.length < prefix.length || !raw.subarray(0, prefix.length).equals(prefix)) {
      addError(e, `path does not have prefix ${goQuote(prefix.toString("utf8"))}`);
      continue;
    }
    const rawName = raw.subarray(prefix.length);
    if (rawName.length === 0) continue;
    let name = rawName.toString("utf8");
    const valid = isValidUtf8(rawName, name);
    const isDir = name.endsWith("/");
    if (isDir) name = name.slice(0, -1);
    if (pathClean(name) !== name) {
      addError(e, "file path is not clean");
      continue;
    }
    if (!valid) {
      addError(e, `malformed file path ${goQuote(name)}: invalid UTF-8`);
      continue;
    }
    try {
      checkFilePath(name);
    } catch (err) {
      addError(e, (err as Error).message);
      continue;
    }
    const collision = collisions.check(name, isDir);
    if (collision !== undefined) {
      addError(e, collision);
      continue;
    }
    if (isDir) continue;
    const base = pathBase(name);
    if (equalFold(base, "go.mod")) {
      if (base !== name) {
        addError(e, "go.mod file not in module root directory");
        continue;
      }
      if (name !== "go.mod") {
        addError(e, "go.mod files must have lowercase names");
        continue;
      }
    }
    const sz = e.entry.uncompressedSize;
    if (sz >= 0 && MaxZipFile - size >= sz) {
      size += sz;
    } else if (cf.sizeError === undefined) {
      cf.sizeError = `total uncompressed size of module contents too large (max size is ${MaxZipFile} bytes)`;
    }
    if (name === "go.mod" && sz > MaxGoMod) {
      addError(e, `go.mod file too large (max size is ${MaxGoMod} bytes)`);
      continue;
    }
    if (name === "LICENSE" && sz > MaxLICENSE) {
      addError(e, `LICENSE file too large (max size is ${MaxLICENSE} bytes)`);
      continue;
    }
    cf.valid.push(e.name);
  }
  return cf;
}

function cfError(cf: CheckedZip): ZipCheckError | undefined {
  if (cf.sizeError !== undefined) return new ZipCheckError(cf.sizeError, cf.invalid, cf.sizeError);
  if (cf.invalid.length > 0) {
    return new ZipCheckError(cf.invalid.map((f) => `${f.path}: ${f.err}`).join("\n"), cf.invalid);
  }
  return undefined;
}

function checkVersionAndPath(modulePath: string, version: string): void {
  const vers = canonicalVersion(version);
  if (vers !== version) {
    throw new GoModError(`version ${goQuote(version)} is not canonical (should be ${goQuote(vers)})`);
  }
  checkModuleVersion(modulePath, version);
}

/** The whole zip file may not exceed MaxZipFile (checked before reading it). */
async function checkZipFileSize(zipFile: ZipSource): Promise<void> {
  const size = await zipSize(zipFile);
  if (size > MaxZipFile) {
    throw new ZipCheckError(`module zip file is too large (${size} bytes; limit is ${MaxZipFile} bytes)`, [], "module zip file is too large");
  }
}

/**
 * x/mod/zip.CheckZip: validates names and declared sizes only (no content is
 * read). Throws GoModError / ZipCheckError on the first class of problem Go reports.
 */
export async function checkZipMetadata(zipFile: ZipSource, modulePath: string, version: string): Promise<void> {
  checkVersionAndPath(modulePath, version);
  await checkZipFileSize(zipFile);
  const zip = await openZip(zipFile);
  try {
    const err = cfError(checkZipEntries(zip.entries, modulePath, version));
    if (err) throw err;
  } finally {
    await zip.close();
  }
}

/**
 * Validates a module zip the way the go command does before using it: all of
 * x/mod/zip.CheckZip's rules, then (like zip.Unzip) every file's content is
 * streamed and must match its declared size and CRC-32. Throws GoModError
 * (ZipCheckError for rule violations, naming each offending entry).
 *
 * Returns the zip's "h1:" hash (dirhash.HashZip), computed in the same pass:
 * a zip that passes has unique names, so hashing each entry's content as it
 * streams by gives exactly what hashZip would. Returns undefined for the one
 * kind of zip that passes but that HashZip refuses (a directory entry that
 * claims content).
 *
 * With a sink, every regular file also goes to it as it streams by (what
 * x/mod/zip Unzip extracts: not directory entries), only once the names have
 * passed CheckZip. Content reaches the sink before its CRC-32 and size are
 * checked, so when this throws the sink's output must be dropped.
 */
/** How long checkModuleZip runs before it lets other work in. */
const YIELD_AFTER_MS = 0.5;

export async function checkModuleZip(zipFile: ZipSource, modulePath: string, version: string, sink?: ZipContentSink): Promise<string | undefined> {
  checkVersionAndPath(modulePath, version);
  await checkZipFileSize(zipFile);
  const zip = await openZip(zipFile);
  try {
    const { entries } = zip;
    const err = cfError(checkZipEntries(entries, modulePath, version));
    if (err) throw err;
    const prefixLen = Buffer.byteLength(`${modulePath}@${version}/`);
    let total = 0;
    const digests: Array<{ name: Buffer; digest: Buffer }> = [];
    let unhashable = false;
    let ran = performance.now();
    for (const e of entries) {
      // Most entries are inflated in one synchronous call: a big zip gives
      // the event loop back every few milliseconds, so the proxy's other
      // answers (go's next .info, say) do not wait for the whole check.
      if (performance.now() - ran > YIELD_AFTER_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        ran = performance.now();
      }
      const hf = new FileDigest();
      const rest = e.nameBytes.subarray(prefixLen);
      const isDir = e.nameBytes.length > 0 && e.nameBytes[e.nameBytes.length - 1] === 0x2f;
      // Go's Unzip ignores a directory entry that claims content, but
      // HashZip refuses it: the zip passes, and has no h1: hash.
      if (isDir && e.entry.uncompressedSize !== 0) unhashable = true;
      if (!isDir && rest.length !== 0) {
        const out = sink?.open(rest.toString("utf8"));
        try {
          await streamZipEntry(zip.bytes, e, (chunk) => {
            total += chunk.length;
            if (total > MaxZipFile) {
              throw new ZipCheckError(
                `total uncompressed size of module contents too large (max size is ${MaxZipFile} bytes)`,
              );
            }
            hf.add(chunk);
            return out?.write(chunk);
          });
          await out?.end();
        } catch (err) {
          await out?.abort();
          throw err;
        }
      }
      digests.push({ name: e.nameBytes, digest: hf.digest() });
    }
    return unhashable ? undefined : hash1OfDigests(digests);
  } finally {
    await zip.close();
  }
}

/** The names of all entries in a zip (decoded as UTF-8), in directory order. */
export async function zipFileNames(zipFile: ZipSource): Promise<string[]> {
  const zip = await openZip(zipFile);
  try {
    return zip.entries.map((e) => e.name);
  } finally {
    await zip.close();
  }
}

/** go/version.Compare for the "go1.N..." language versions used by isVendoredPackage. */
function goVersionAtLeast124(vers: string): boolean {
  const m = /^go(\d+)(?:\.(\d+))?(.*)$/.exec(vers);
  if (!m) return false; // invalid versions compare lowest
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  if (major !== 1) return major > 1;
  if (minor !== 24) return minor > 24;
  return !/^(rc|beta)/.test(m[3]!); // go1.24rc1 < go1.24
}

/**
 * x/mod/zip isVendoredPackage: whether zip.Create would omit file name (a path
 * relative to the module root) as part of a vendored package, given the
 * module's go.mod language version ("go1.24", or "" if unknown). Exposed for
 * callers building zips; CheckZip itself does not apply it.
 */
export function isVendoredPackage(name: string, goVersion: string): boolean {
  const newer = goVersionAtLeast124(goVersion);
  if (newer && name === "vendor/modules.txt") return true;
  let i = 0;
  if (name.startsWith("vendor/")) {
    i += "vendor/".length;
  } else {
    const j = name.indexOf("/vendor/");
    if (j < 0) return false;
    i = newer ? j + "/vendor/".length : i + "/vendor/".length;
  }
  return name.slice(i).includes("/");
}
