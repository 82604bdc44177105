// Port of the path/version checking and escaping parts of golang.org/x/mod/module.
//
// Module paths appear in file system paths and proxy URLs, which cannot be relied
// upon to be case-sensitive, so every uppercase letter is escaped as "!" followed
// by the lowercase letter (github.com/Azure/x -> github.com/!azure/x).

import { build as semverBuild, major as semverMajor, isValid as semverIsValid } from "./semver.js";

/** Error thrown by the gomod package; messages follow Go's x/mod wording. */
export class GoModError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoModError";
  }
}

/** Go's %q for the strings we quote in messages (close enough: JSON escaping). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

function quoteRune(r: string): string {
  if (r === "'") return "'\\''";
  if (r === "\\") return "'\\\\'";
  const j = JSON.stringify(r);
  return "'" + j.slice(1, -1).replace(/\\"/g, '"') + "'";
}

type PathKind = "module" | "import" | "file";

/** Reports whether s is valid UTF-8 when encoded (i.e. has no lone surrogates). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function firstPathOK(r: string): boolean {
  return r === "-" || r === "." || (r >= "0" && r <= "9" && r.length === 1) || (r >= "a" && r <= "z" && r.length === 1);
}

function isAsciiAlnum(r: string): boolean {
  if (r.length !== 1) return false;
  return (r >= "0" && r <= "9") || (r >= "A" && r <= "Z") || (r >= "a" && r <= "z");
}

function modPathOK(r: string): boolean {
  return r === "-" || r === "." || r === "_" || r === "~" || isAsciiAlnum(r);
}

function importPathOK(r: string): boolean {
  return modPathOK(r) || r === "+";
}

/**
 * Decodes a run table (see __tests__/oracle/main.go encodeRuns) into a flat
 * sorted array [lo0, hi0, lo1, hi1, ...].
 */
export function decodeRuns(encoded: string): Uint32Array {
  const items = encoded.split(",");
  const out = new Uint32Array(items.length * 2);
  let prev = 0;
  items.forEach((item, i) => {
    const [gap, len] = item.split("+");
    const lo = prev + parseInt(gap!, 36);
    const hi = lo + (len === undefined ? 0 : parseInt(len, 36));
    out[2 * i] = lo;
    out[2 * i + 1] = hi;
    prev = hi;
  });
  return out;
}

/** Reports whether code point cp lies in a decoded run table. */
export function inRuns(runs: Uint32Array, cp: number): boolean {
  let lo = 0;
  let hi = runs.length / 2;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (runs[2 * m + 1]! < cp) lo = m + 1;
    else hi = m;
  }
  return lo < runs.length / 2 && runs[2 * lo]! <= cp;
}

/**
 * The non-ASCII runes for which Go's unicode.IsLetter is true, as of the Go
 * release this was generated from (Unicode 15.0.0). Embedded rather than using
 * \p{L} so that results do not depend on the Unicode version of Node's ICU.
 * Regenerate with the oracle's "unicode.Encoded" op (the tests check it).
 */
export const GO_LETTER_RUNS = "4q,b,5,6+m,2+u,2+cp,5+b,f+4,8,2,3m+4,2+1,3+3,2,7,2+2,2,2+j,2+2a,2+3u,9+4l,2+11,3,7+14,20+q,5+3,1a+16,10+1,2+2q,2,g+1,8+1,b+2,3,h,2+t,u+2g,c,p+w,a+1,5,6+l,5,a,4,o+o,8+a,6+n,2+5,i+15,1n+1h,4,j,8+9,g+f,5+7,3+1,3+l,2+6,2,4+3,4,h,e+1,2+2,f+1,b,9+5,5+1,3+l,2+6,2+1,2+1,2+1,w+3,2,k+2,h+8,2+2,2+l,2+6,2+1,2+4,4,j,g+1,o,c+7,3+1,3+l,2+6,2+1,2+4,4,v+1,2+2,g,i,2+5,4+2,2+3,4+1,2,2+1,4+1,4+2,4+b,n,1h+7,2+2,2+m,2+f,4,r+2,3,3+1,v,5+7,2+2,2+m,2+9,2+4,4,w+1,2+1,g+1,i+8,2+2,2+14,3,h,6+2,9+2,p+5,6+h,4+n,2+8,2,3+6,1n+1b,2+1,d+6,1n+1,2,2+4,2+n,2,2+9,2+1,a,3+4,2,m+3,x,1s+7,2+z,s+4,38+16,l,h+5,5+3,4,4+1,8+2,5+c,d,i+11,2,6,3+16,2+98,2+3,3+6,2,2+3,3+14,2+3,3+w,2+3,3+6,2,2+3,3+e,2+1k,2+3,3+1u,12+f,h+2d,3+5,4+h7,3+g,2+p,6+22,7+7,8+h,e+i,f+h,f+c,2+2,g+1f,10,5,1w+2g,8+4,3+x,2,6+1x,b+u,1e+t,3+4,c+17,5+p,1j+m,a+1g,2b,2m+1a,i+7,1j+t,e+1,b+17,r+z,16+2,b+z,3+8,8+16,3+2,16+3,2+5,2+1,4,6+5b,1t+7p,3+5,3+11,3+5,3+7,2,2,2,2+u,3+1g,2+6,2,4+2,2+6,4+3,3+5,5+c,6+2,2+6,39,e,h+c,2u,5,3+9,2,4+4,7,2,2,2+3,2+a,3+3,6+4,5,1h+1,22k+6c,7+3,4+1,d+11,2,6,3+1j,8,h+m,a+6,2+6,2+6,2+6,2+6,2+6,2+6,2+6,29,d2+1,17+4,6+1,5+2d,7+2,2+2h,2+3,6+16,2+2l,i+v,1d+f,e9+533,1t+h3g,1w+19,3+7g,4+f,b+1,l+1a,h+u,3+1x,1e+8,3+2u,3+1r,6+1,2,2+4,p+f,2+2,2+3,2+m,u+1f,f+1d,1r+5,4,2+1,c+r,b+m,q+s,8+1a,t,h+4,2+9,b+4,2+14,o+2,2+7,l+m,4,4+1d,2,4+1,3+4,3,2,p+2,3+a,8+2,d+5,3+5,3+5,a+6,2+6,2+16,2+d,7+36,u+8mb,d+m,5+1c,6it+a5,3+2x,13+6,d+4,6,2+9,2+c,2+4,2,2+1,2+1,2+2z,y+a2,j+1r,3+1h,15+b,39+4,2+3q,11+p,7+p,c+2g,4+5,3+5,3+5,3+2,10+b,2+p,2+i,2+1,2+e,3+d,z+3e,au+s,4+1c,1c+v,e+j,2+7,7+11,b+t,3+z,5+7,1d+4d,j+z,5+z,5+13,9+1f,d+a,2+e,2+6,2+1,2+a,2+e,2+6,2+1,1w+8m,a+l,b+7,p+5,2+15,2+8,1y+5,3,2+17,2+1,4,3+m,b+m,a+u,1u+i,2+1,b+l,b+p,1z+1j,7+1,1t,g+3,2+2,2+s,17+s,4+s,10+7,2+r,s+1h,b+l,b+i,e+h,33+20,1k+1e,e+1e,e+z,9p+15,7+1,27+s,b,9+l,17+h,1b+k,s+m,d+1g,1m+1,3,e+18,x+o,r+z,u,3,9+y,4,d+1b,f+3,m,2,10+h,2+o,k+1,1s+6,2,2+3,2+e,2+9,8+1a,13+7,3+1,3+l,2+6,2+1,2+4,4,j,d+4,4f+1g,j+3,l+2,v+1b,l+1,2,55+1a,16+3,11+1b,l,1o+16,e,20+q,12+6,56+17,39+1r,w+7,3,3+7,2+1,2+n,g,2,2n+7,3+12,h,2,t,b+13,8,m,c+19,k,j+20,7c+8,2+10,i,1e+t,35+6,2+1,2+11,m,q+5,2+1,2+v,f,94+i,g,2+c,2+x,3h,28+pl,6f+5f,219+2o,g+tr,i+5,33u+g6,6nu+fs,8+u,i+26,i+t,j+1b,h+3,w+k,6+i,j5+1r,3l+22,6,1v+c,1t+1,2,t+4qf,9+yd,17+8,6w8+3,2+6,2+1,2+82,g,u+2,3,f+3,9+az,1s5+2y,6+c,4+8,8+9,4mf+2c,2+1y,2+1,3,3+1,3+3,2+b,2,2+6,2+1s,2+3,3+7,2+6,2+r,2+3,2+4,2,4+6,2+9f,3+o,2+o,2+u,2+o,2+u,2+o,2+u,2+o,2+u,2+o,2+7,1f9+u,7+5,7a+1p,43+18,b+6,h,8y+t,j+17,dh+r,l1+6,2+3,2+1,2+e,2+5g,1o+1v,8,xh+3,2+q,2+1,2,3,2+9,2+3,2,2,7,5,2,2,2+2,2+1,2,3,2,2,2,2,2+1,2,3+3,2+6,2+3,2+3,2,2+9,2+g,6+2,2+4,2+g,3et+wyn,x+37d,7+65,3+4g1,f+5rk,2e8+f1,15v+3t6,6+38f";

let letterRuns: Uint32Array | undefined;

/** Go's unicode.IsLetter. */
export function isGoLetter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  letterRuns ??= decodeRuns(GO_LETTER_RUNS);
  return inRuns(letterRuns, cp);
}

function fileNameOK(r: string): boolean {
  const cp = r.codePointAt(0)!;
  if (cp < 0x80) {
    if (isAsciiAlnum(r)) return true;
    return "!#$%&()+,-.=@[]^_{}~ ".includes(r);
  }
  return isGoLetter(cp);
}

const badWindowsNames = [
  "CON", "PRN", "AUX", "NUL",
  "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
  "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/**
 * Go's strings.EqualFold against one of the names above is ASCII upper-casing
 * and comparing, for an all-ASCII element: none of the names contain K or S,
 * the only ASCII letters with non-ASCII simple case folds.
 */
const BAD_WINDOWS_NAMES = new Set(badWindowsNames);

/** Which ASCII characters each kind of path element allows (1: allowed). */
const ASCII_OK: Record<PathKind, Uint8Array> = (() => {
  const of = (ok: (r: string) => boolean) => Uint8Array.from({ length: 128 }, (_, c) => (ok(String.fromCharCode(c)) ? 1 : 0));
  return { module: of(modPathOK), import: of(importPathOK), file: of(fileNameOK) };
})();

/** checkElem from module.go; returns an error message or undefined. */
function checkElem(elem: string, kind: PathKind): string | undefined {
  if (elem === "") return "empty path element";
  if (/^\.+$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
  if (elem[0] === "." && kind === "module") return "leading dot in path element";
  if (elem[elem.length - 1] === ".") return "trailing dot in path element";
  // ASCII through a table; the first other character goes the long way.
  const table = ASCII_OK[kind];
  let i = 0;
  for (; i < elem.length; i++) {
    const c = elem.charCodeAt(i);
    if (c >= 0x80) break;
    if (table[c] !== 1) return `invalid char ${quoteRune(elem[i]!)}`;
  }
  for (const r of i === elem.length ? "" : elem.slice(i)) {
    let ok: boolean;
    switch (kind) {
      case "module":
        ok = modPathOK(r);
        break;
      case "import":
        ok = importPathOK(r);
        break;
      case "file":
        ok = fileNameOK(r);
        break;
    }
    if (!ok) return `invalid char ${quoteRune(r)}`;
  }
  let short = elem;
  const dot = short.indexOf(".");
  if (dot >= 0) short = short.slice(0, dot);
  // Every reserved name is three or four ASCII characters long.
  if ((short.length === 3 || short.length === 4) && BAD_WINDOWS_NAMES.has(short.toUpperCase()) && /^[\x00-\x7f]*$/.test(short)) {
    return `${goQuote(short)} disallowed as path element component on Windows`;
  }
  if (kind === "file") return undefined;
  const tilde = short.lastIndexOf("~");
  if (tilde >= 0 && tilde < short.length - 1) {
    if (/^[0-9]+$/.test(short.slice(tilde + 1))) return "trailing tilde and digits in path element";
  }
  return undefined;
}

/** checkPath from module.go; returns an error message or undefined. */
function checkPathKind(path: string, kind: PathKind): string | undefined {
  if (!isWellFormed(path)) return "invalid UTF-8";
  if (path === "") return "empty string";
  if (path[0] === "-" && kind !== "file") return "leading dash";
  if (path.includes("//")) return "double slash";
  if (path[path.length - 1] === "/") return "trailing slash";
  for (const elem of path.split("/")) {
    const err = checkElem(elem, kind);
    if (err !== undefined) return err;
  }
  return undefined;
}

function modulePathError(path: string): string | undefined {
  const err = checkPathKind(path, "module");
  if (err !== undefined) return err;
  let i = path.indexOf("/");
  if (i < 0) i = path.length;
  if (i === 0) return "leading slash";
  const first = path.slice(0, i);
  if (!first.includes(".")) return "missing dot in first path element";
  if (path[0] === "-") return "leading dash in first path element";
  for (const r of first) {
    if (!firstPathOK(r)) return `invalid char ${quoteRune(r)} in first path element`;
  }
  if (!splitPathVersion(path).ok) return "invalid version";
  return undefined;
}

/**
 * module.CheckPath: throws GoModError if path is not a valid module path.
 */
export function checkPath(path: string): void {
  const err = modulePathError(path);
  if (err !== undefined) throw new GoModError(`malformed module path ${goQuote(path)}: ${err}`);
}

/** module.CheckImportPath: throws GoModError if path is not a valid import path. */
export function checkImportPath(path: string): void {
  const err = checkPathKind(path, "import");
  if (err !== undefined) throw new GoModError(`malformed import path ${goQuote(path)}: ${err}`);
}

/** module.CheckFilePath: throws GoModError if path is not a valid slash-separated file path. */
export function checkFilePath(path: string): void {
  const err = checkPathKind(path, "file");
  if (err !== undefined) throw new GoModError(`malformed file path ${goQuote(path)}: ${err}`);
}

/** Boolean form of checkPath. */
export function isValidModulePath(path: string): boolean {
  return modulePathError(path) === undefined;
}

function isAsciiDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function splitGopkgIn(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (!path.startsWith("gopkg.in/")) return { prefix: path, pathMajor: "", ok: false };
  let i = path.length;
  if (path.endsWith("-unstable")) i -= "-unstable".length;
  while (i > 0 && isAsciiDigitCode(path.charCodeAt(i - 1))) i--;
  if (i <= 1 || path[i - 1] !== "v" || path[i - 2] !== ".") return { prefix: path, pathMajor: "", ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === "0" && pathMajor !== ".v0")) {
    return { prefix: path, pathMajor: "", ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/**
 * module.SplitPathVersion: prefix + pathMajor === path, where pathMajor is "" or
 * "/vN" (N >= 2), or ".vN" (any N, optional "-unstable") for gopkg.in paths.
 */
export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith("gopkg.in/")) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && (isAsciiDigitCode(path.charCodeAt(i - 1)) || path[i - 1] === ".")) {
    if (path[i - 1] === ".") dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== "v" || path[i - 2] !== "/") {
    return { prefix: path, pathMajor: "", ok: true };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === "0" || pathMajor === "/v1") {
    return { prefix: path, pathMajor: "", ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/**
 * module.CheckPathMajor: throws GoModError if semantic version v does not match
 * the path major version suffix pathMajor ("", "/vN", ".vN", ".vN-unstable").
 */
export function checkPathMajor(v: string, pathMajor: string): void {
  if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
    pathMajor = pathMajor.slice(0, -"-unstable".length);
  }
  if (v.startsWith("v0.0.0-") && pathMajor === ".v1") return;
  const m = semverMajor(v);
  if (pathMajor === "") {
    if (m === "v0" || m === "v1" || semverBuild(v) === "+incompatible") return;
    pathMajor = "v0 or v1";
  } else if (pathMajor[0] === "/" || pathMajor[0] === ".") {
    if (m === pathMajor.slice(1)) return;
    pathMajor = pathMajor.slice(1);
  }
  throw new GoModError(`version ${goQuote(v)} invalid: should be ${pathMajor}, not ${m}`);
}

/** module.MatchPathMajor. */
export function matchPathMajor(v: string, pathMajor: string): boolean {
  try {
    checkPathMajor(v, pathMajor);
    return true;
  } catch {
    return false;
  }
}

/** module.Check: valid module path, valid semver, and matching major version. */
export function checkModuleVersion(path: string, version: string): void {
  checkPath(path);
  if (!semverIsValid(version)) {
    throw new GoModError(`${path}@${version}: invalid version: not a semantic version`);
  }
  const { pathMajor } = splitPathVersion(path);
  try {
    checkPathMajor(version, pathMajor);
  } catch (e) {
    throw new GoModError(`module ${path}: ${(e as Error).message}`);
  }
}

function escapeString(s: string): string {
  let haveUpper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x21 || c >= 0x80) throw new GoModError("internal error: inconsistency in EscapePath");
    if (c >= 0x41 && c <= 0x5a) haveUpper = true;
  }
  if (!haveUpper) return s;
  return s.replace(/[A-Z]/g, (m) => "!" + m.toLowerCase());
}

function unescapeString(escaped: string): string | undefined {
  let out = "";
  let bang = false;
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped.charCodeAt(i);
    if (c >= 0x80) return undefined;
    const ch = escaped[i]!;
    if (bang) {
      bang = false;
      if (c < 0x61 || c > 0x7a) return undefined;
      out += ch.toUpperCase();
      continue;
    }
    if (ch === "!") {
      bang = true;
      continue;
    }
    if (c >= 0x41 && c <= 0x5a) return undefined;
    out += ch;
  }
  if (bang) return undefined;
  return out;
}

/** module.EscapePath: validates the module path, then escapes uppercase letters. */
export function escapePath(path: string): string {
  checkPath(path);
  return escapeString(path);
}

/**
 * module.EscapeVersion: versions may be non-semver but must be valid file-name
 * elements and must not contain "!".
 */
export function escapeVersion(v: string): string {
  if (checkElem(v, "file") !== undefined || v.includes("!")) {
    throw new GoModError(`version ${goQuote(v)} invalid: disallowed version string`);
  }
  return escapeString(v);
}

/** module.UnescapePath: inverse of escapePath; validates the result. */
export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === undefined) throw new GoModError(`invalid escaped module path ${goQuote(escaped)}`);
  const err = modulePathError(path);
  if (err !== undefined) {
    throw new GoModError(
      `invalid escaped module path ${goQuote(escaped)}: malformed module path ${goQuote(path)}: ${err}`,
    );
  }
  return path;
}

/** module.UnescapeVersion: inverse of escapeVersion; validates the result. */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === undefined) throw new GoModError(`invalid escaped version ${goQuote(escaped)}`);
  const err = checkElem(v, "file");
  if (err !== undefined) throw new GoModError(`invalid escaped version ${goQuote(v)}: ${err}`);
  return v;
}
