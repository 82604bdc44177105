// Port of golang.org/x/mod/semver (plus module.CanonicalVersion).
//
// Semantic version strings must begin with a leading "v", as in "v1.0.0".
// The general accepted form is vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]];
// "vMAJOR" and "vMAJOR.MINOR" (without suffixes) are shorthands for
// vMAJOR.0.0 and vMAJOR.MINOR.0.

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

/** Compares two strings by their UTF-8 byte sequences, like Go's strings.Compare. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order and UTF-8 byte order agree except that surrogates
    // (U+D800..U+DFFF, i.e. code points >= U+10000) sort after U+E000..U+FFFF in UTF-8.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) {
      if (sx) return y >= 0xe000 ? 1 : -1;
      return x >= 0xe000 ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9" && c.length === 1;
}

function isIdentChar(c: string): boolean {
  return (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "-";
}

function isBadNum(v: string): boolean {
  let i = 0;
  while (i < v.length && isDigit(v[i])) i++;
  return i === v.length && i > 1 && v[0] === "0";
}

function isNum(v: string): boolean {
  let i = 0;
  while (i < v.length && isDigit(v[i])) i++;
  return i === v.length;
}

function parseInt_(v: string): [string, string] | undefined {
  if (v === "" || !isDigit(v[0])) return undefined;
  let i = 1;
  while (i < v.length && isDigit(v[i])) i++;
  if (v[0] === "0" && i !== 1) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parsePrerelease(v: string): [string, string] | undefined {
  if (v === "" || v[0] !== "-") return undefined;
  let i = 1;
  let start = 1;
  while (i < v.length && v[i] !== "+") {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== ".") return undefined;
    if (c === ".") {
      if (start === i || isBadNum(v.slice(start, i))) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i || isBadNum(v.slice(start, i))) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parseBuild(v: string): [string, string] | undefined {
  if (v === "" || v[0] !== "+") return undefined;
  let i = 1;
  let start = 1;
  while (i < v.length) {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== ".") return undefined;
    if (c === ".") {
      if (start === i) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | undefined {
  if (v === "" || v[0] !== "v") return undefined;
  const p: Parsed = { major: "", minor: "", patch: "", short: "", prerelease: "", build: "" };
  let r = parseInt_(v.slice(1));
  if (!r) return undefined;
  [p.major, v] = r;
  if (v === "") {
    p.minor = "0";
    p.patch = "0";
    p.short = ".0.0";
    return p;
  }
  if (v[0] !== ".") return undefined;
  r = parseInt_(v.slice(1));
  if (!r) return undefined;
  [p.minor, v] = r;
  if (v === "") {
    p.patch = "0";
    p.short = ".0";
    return p;
  }
  if (v[0] !== ".") return undefined;
  r = parseInt_(v.slice(1));
  if (!r) return undefined;
  [p.patch, v] = r;
  if (v.length > 0 && v[0] === "-") {
    const pr = parsePrerelease(v);
    if (!pr) return undefined;
    [p.prerelease, v] = pr;
  }
  if (v.length > 0 && v[0] === "+") {
    const b = parseBuild(v);
    if (!b) return undefined;
    [p.build, v] = b;
  }
  if (v !== "") return undefined;
  return p;
}

/** semver.IsValid: reports whether v is a valid semantic version string. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined;
}

/**
 * semver.Canonical: fills in missing .MINOR/.PATCH and discards build metadata.
 * Returns "" for an invalid version.
 */
export function canonical(v: string): string {
  const p = parse(v);
  if (!p) return "";
  if (p.build !== "") return v.slice(0, v.length - p.build.length);
  if (p.short !== "") return v + p.short;
  return v;
}

/** Reports whether v is valid and already in canonical form (v === canonical(v)). */
export function isCanonical(v: string): boolean {
  return v !== "" && canonical(v) === v;
}

/** semver.Major: "v2.1.0" -> "v2"; "" if invalid. */
export function major(v: string): string {
  const p = parse(v);
  if (!p) return "";
  return v.slice(0, 1 + p.major.length);
}

/** semver.MajorMinor: "v2.1.0" -> "v2.1"; "" if invalid. */
export function majorMinor(v: string): string {
  const p = parse(v);
  if (!p) return "";
  const i = 1 + p.major.length;
  const j = i + 1 + p.minor.length;
  if (j <= v.length && v[i] === "." && v.slice(i + 1, j) === p.minor) return v.slice(0, j);
  return v.slice(0, i) + "." + p.minor;
}

/** semver.Prerelease: "v2.1.0-pre+meta" -> "-pre"; "" if invalid or none. */
export function prerelease(v: string): string {
  const p = parse(v);
  return p ? p.prerelease : "";
}

/** semver.Build: "v2.1.0+meta" -> "+meta"; "" if invalid or none. */
export function build(v: string): string {
  const p = parse(v);
  return p ? p.build : "";
}

function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length < y.length) return -1;
  if (x.length > y.length) return 1;
  return x < y ? -1 : 1;
}

function nextIdent(x: string): [string, string] {
  let i = 0;
  while (i < x.length && x[i] !== ".") i++;
  return [x.slice(0, i), x.slice(i)];
}

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === "") return 1;
  if (y === "") return -1;
  while (x !== "" && y !== "") {
    x = x.slice(1);
    y = y.slice(1);
    let dx: string;
    let dy: string;
    [dx, x] = nextIdent(x);
    [dy, y] = nextIdent(y);
    if (dx !== dy) {
      const ix = isNum(dx);
      const iy = isNum(dy);
      if (ix !== iy) return ix ? -1 : 1;
      if (ix) {
        if (dx.length < dy.length) return -1;
        if (dx.length > dy.length) return 1;
      }
      return dx < dy ? -1 : 1;
    }
  }
  return x === "" ? -1 : 1;
}

/**
 * semver.Compare: -1, 0 or +1. An invalid version is less than any valid one;
 * all invalid versions compare equal to each other.
 */
export function compare(v: string, w: string): number {
  const pv = parse(v);
  const pw = parse(w);
  if (!pv && !pw) return 0;
  if (!pv) return -1;
  if (!pw) return 1;
  return (
    compareInt(pv.major, pw.major) ||
    compareInt(pv.minor, pw.minor) ||
    compareInt(pv.patch, pw.patch) ||
    comparePrerelease(pv.prerelease, pw.prerelease)
  );
}

/** semver.Max (deprecated in Go): canonicalizes both and returns the greater. */
export function max(v: string, w: string): string {
  v = canonical(v);
  w = canonical(w);
  return compare(v, w) > 0 ? v : w;
}

/** Go's semver sort comparator: Compare, then byte-wise string order as tie-break. */
export function compareVersion(a: string, b: string): number {
  return compare(a, b) || compareStrings(a, b);
}

/**
 * semver.Sort: returns a new array sorted by Compare with strings.Compare as tie-break.
 * Note that, as in Go, invalid versions compare LOWER than valid ones and so sort first.
 */
export function sort(list: readonly string[]): string[] {
  return [...list].sort(compareVersion);
}

/**
 * module.CanonicalVersion: like canonical, but preserves the "+incompatible" build suffix.
 */
export function canonicalVersion(v: string): string {
  let cv = canonical(v);
  if (build(v) === "+incompatible") cv += "+incompatible";
  return cv;
}
