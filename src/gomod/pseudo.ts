// Port of golang.org/x/mod/module/pseudo.go.
//
// Pseudo-versions take one of three forms:
//   (1) vX.0.0-yyyymmddhhmmss-abcdefabcdef               (no earlier tag)
//   (2) vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef          (after release vX.Y.Z)
//   (3) vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef          (after prerelease vX.Y.Z-pre)
// each optionally followed by "+incompatible" (or other build metadata).

import { GoModError, goQuote } from "./escape.js";
import { build as semverBuild, canonical, isValid, major as semverMajor, prerelease } from "./semver.js";

const pseudoVersionRE =
  /^v[0-9]+\.(0\.0-|[0-9]+\.[0-9]+-([^+]*\.)?0\.)[0-9]{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export const pseudoVersionTimestampFormat = "20060102150405";

function pseudoError(v: string, msg: string): GoModError {
  return new GoModError(`pseudo-version ${goQuote(v)} invalid: ${msg}`);
}

/** module.IsPseudoVersion. */
export function isPseudoVersion(v: string): boolean {
  return (v.split("-").length - 1 >= 2) && isValid(v) && pseudoVersionRE.test(v);
}

interface ParsedPseudo {
  base: string;
  timestamp: string;
  rev: string;
  build: string;
}

function parsePseudoVersion(v: string): ParsedPseudo {
  if (!isPseudoVersion(v)) throw pseudoError(v, "syntax error");
  const build = semverBuild(v);
  let rest = v.slice(0, v.length - build.length);
  const j = rest.lastIndexOf("-");
  const rev = rest.slice(j + 1);
  rest = rest.slice(0, j);
  const i = rest.lastIndexOf("-");
  const k = rest.lastIndexOf(".");
  let base: string;
  let timestamp: string;
  if (k > i) {
    base = rest.slice(0, k);
    timestamp = rest.slice(k + 1);
  } else {
    base = rest.slice(0, i);
    timestamp = rest.slice(i + 1);
  }
  return { base, timestamp, rev, build };
}

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Parses a 14-digit "20060102150405" timestamp like Go's time.Parse (UTC); undefined if invalid. */
function parseTimestamp(ts: string): Date | undefined {
  if (!/^[0-9]{14}$/.test(ts)) return undefined;
  const year = Number(ts.slice(0, 4));
  const month = Number(ts.slice(4, 6));
  const day = Number(ts.slice(6, 8));
  const hour = Number(ts.slice(8, 10));
  const min = Number(ts.slice(10, 12));
  const sec = Number(ts.slice(12, 14));
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysIn(month, year)) return undefined;
  if (hour > 23 || min > 59 || sec > 59) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  return d;
}

/** module.PseudoVersionTime: the commit time embedded in pseudo-version v (UTC). */
export function pseudoVersionTime(v: string): Date {
  const { timestamp } = parsePseudoVersion(v);
  const t = parseTimestamp(timestamp);
  if (!t) throw pseudoError(v, `malformed time ${goQuote(timestamp)}`);
  return t;
}

/** module.PseudoVersionRev: the revision identifier of pseudo-version v. */
export function pseudoVersionRev(v: string): string {
  return parsePseudoVersion(v).rev;
}

function decDecimal(decimal: string): string {
  const digits = decimal.split("");
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === "0"; i--) digits[i] = "9";
  if (i < 0) return "";
  if (i === 0 && digits[i] === "1" && digits.length > 1) {
    digits.shift();
  } else {
    digits[i] = String.fromCharCode(digits[i]!.charCodeAt(0) - 1);
  }
  return digits.join("");
}

function incDecimal(decimal: string): string {
  const digits = decimal.split("");
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === "9"; i--) digits[i] = "0";
  if (i >= 0) {
    digits[i] = String.fromCharCode(digits[i]!.charCodeAt(0) + 1);
  } else {
    digits[0] = "1";
    digits.push("0");
  }
  return digits.join("");
}

/**
 * module.PseudoVersionBase: the canonical parent version of pseudo-version v,
 * or "" if it has none (form (1)).
 */
export function pseudoVersionBase(v: string): string {
  const { base, build } = parsePseudoVersion(v);
  const pre = prerelease(base);
  if (pre === "") {
    if (build !== "") throw pseudoError(v, `lacks base version, but has build metadata ${goQuote(build)}`);
    return "";
  }
  if (pre === "-0") {
    const b = base.slice(0, base.length - pre.length);
    const i = b.lastIndexOf(".");
    const patch = decDecimal(b.slice(i + 1));
    if (patch === "") throw pseudoError(v, `version before ${b} would have negative patch number`);
    return b.slice(0, i + 1) + patch + build;
  }
  // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef → vX.Y.Z-pre
  return base.slice(0, -".0".length) + build;
}

function formatTimestamp(t: Date): string {
  const p = (n: number, w: number) => String(n).padStart(w, "0");
  return (
    p(t.getUTCFullYear(), 4) + p(t.getUTCMonth() + 1, 2) + p(t.getUTCDate(), 2) +
    p(t.getUTCHours(), 2) + p(t.getUTCMinutes(), 2) + p(t.getUTCSeconds(), 2)
  );
}

/** module.PseudoVersion: builds a pseudo-version (years 0..9999 only). */
export function pseudoVersion(majorV: string, older: string, t: Date, rev: string): string {
  if (majorV === "") majorV = "v0";
  const segment = `${formatTimestamp(t)}-${rev}`;
  const b = semverBuild(older);
  older = canonical(older);
  if (older === "") return majorV + ".0.0-" + segment;
  if (prerelease(older) !== "") return older + ".0." + segment + b;
  const i = older.lastIndexOf(".") + 1;
  return older.slice(0, i) + incDecimal(older.slice(i)) + "-0." + segment + b;
}

/** module.ZeroPseudoVersion. */
export function zeroPseudoVersion(majorV: string): string {
  return (majorV === "" ? "v0" : majorV) + ".0.0-00010101000000-000000000000";
}

/** module.IsZeroPseudoVersion. */
export function isZeroPseudoVersion(v: string): boolean {
  return v === zeroPseudoVersion(semverMajor(v));
}
