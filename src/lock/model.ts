// The in-memory model of gopin.lock and the validators shared by the parser,
// the printer and the merge code. The text syntax is documented in
// docs/lockfile.md.

import { isValidModulePath, checkPath, checkPathMajor, splitPathVersion } from "../gomod/escape.js";
import { isValid as isValidSemver, canonicalVersion, compareStrings, compareVersion } from "../gomod/semver.js";
import { isRFC3339, parseDuration, parseInstant } from "../time/format.js";

/** The lockfile format this gopin writes. */
export const LOCKFILE_FORMAT = 1;
/**
 * The format of a lock with `missing` records (pinned not-found answers):
 * format 1 plus that record, which a format-1 reader would reject, so such a
 * lock says 2 and an older gopin asks to be upgraded. A lock without them is
 * written as format 1, byte for byte as before.
 */
export const MISSING_RECORDS_FORMAT = 2;
/** Every lockfile format this gopin reads. */
export const SUPPORTED_LOCKFILE_FORMATS: readonly number[] = [1, MISSING_RECORDS_FORMAT];
/** The first line of every format-1 lockfile. */
export const LOCKFILE_HEADER = `gopin-lock ${LOCKFILE_FORMAT}`;
export const DEFAULT_LOCKFILE_NAME = "gopin.lock";

/** The `Origin` object of a `.info` answer (the fields gopin keeps). */
export interface Origin {
  vcs?: string;
  url?: string;
  subdir?: string;
  ref?: string;
  hash?: string;
}
/** The Origin keys in the order they are printed. */
export const ORIGIN_FIELDS = ["vcs", "url", "subdir", "ref", "hash"] as const;

/** One fetched module version. At least one of time/mod/zip is set. */
export interface LockedVersion {
  /** `.info` Time, RFC 3339 exactly as the upstream gave it. */
  time?: string;
  /** `h1:` hash of the `.mod` file (go.sum's `/go.mod` line). */
  mod?: string;
  /** `h1:` hash of the module zip (go.sum's main line); absent when only the .mod was fetched. */
  zip?: string;
  /** `.info` Origin, when the upstream gave one. */
  origin?: Origin;
  /** Reserved: the checksum-database record number of this version (`rec=`). */
  sumdbRecord?: number;
}

/** The `@latest` answer the job saw. */
export interface LockedLatest {
  version: string;
  time?: string;
}

export interface LockedModule {
  /** Fetched versions, keyed by canonical version. */
  versions: Map<string, LockedVersion>;
  /** The `@v/list` answer, deduplicated, in Go semver order (see sortVersions). */
  list?: string[];
  /** The `@latest` answer. */
  latest?: LockedLatest;
  /** Not-found answers the job saw, by missingAnswer (`@v/list`, `@latest`, `@v/<version or query>`). */
  missing?: Set<string>;
}

/** The policy the lock was recorded under; strings are kept as written. */
export interface LockPolicy {
  /** Instant (RFC 3339 or YYYY-MM-DD) no version may be newer than. */
  asOf?: string;
  /** Minimum release age, a parseDuration string (`7d`, `168h0m0s`). */
  minReleaseAge?: string;
  /** Exact `module@version` exemptions, sorted (module path bytes, then semver). */
  exempt: string[];
}

/** Reserved: a checksum-database signed tree head (`sumdb` record). */
export interface SumdbTreeHead {
  size: number;
  /** Base64 root hash (32 bytes). */
  hash: string;
  /** The signed note text (stored base64 in the file). */
  note?: string;
}

export interface Lockfile {
  policy: LockPolicy;
  /** Keyed by module path. A module with no versions, list or latest is not printed. */
  modules: Map<string, LockedModule>;
  /** Reserved: keyed by checksum-database name, e.g. sum.golang.org. */
  sumdb: Map<string, SumdbTreeHead>;
}

/** Thrown for a lockfile that cannot be read; the message starts with `file:line: `. */
export class LockfileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = "LockfileError";
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

export function emptyLockfile(): Lockfile {
  return { policy: { exempt: [] }, modules: new Map(), sumdb: new Map() };
}

export function emptyModule(): LockedModule {
  return { versions: new Map() };
}

/** Returns the module entry for path, creating it if needed. */
export function moduleEntry(lock: Lockfile, path: string): LockedModule {
  let m = lock.modules.get(path);
  if (!m) {
    m = emptyModule();
    lock.modules.set(path, m);
  }
  return m;
}

/** Looks up a locked version. */
export function lockedVersion(lock: Lockfile | undefined, path: string, version: string): LockedVersion | undefined {
  return lock?.modules.get(path)?.versions.get(version);
}

/**
 * How a not-found answer is named in the lock: `@v/list`, `@latest`, or
 * `@v/<version>` for a version's .info, .mod or .zip (a version query too).
 */
export function missingAnswer(req: { kind: "list" | "latest" | "info" | "mod" | "zip"; version?: string }): string {
  return req.kind === "list" ? "@v/list" : req.kind === "latest" ? "@latest" : `@v/${req.version}`;
}

/** A version's `.info` answer as the lockfile pins it (Go's field names and order): what verify mode serves, and what the prefill writes. */
export function lockedInfo(version: string, lv: LockedVersion): Buffer {
  const info: Record<string, unknown> = { Version: version };
  if (lv.time !== undefined) info.Time = lv.time;
  const o = lv.origin;
  if (o) {
    const origin: Record<string, string> = {};
    if (o.vcs) origin.VCS = o.vcs;
    if (o.url) origin.URL = o.url;
    if (o.subdir) origin.Subdir = o.subdir;
    if (o.hash) origin.Hash = o.hash;
    if (o.ref) origin.Ref = o.ref;
    if (Object.keys(origin).length) info.Origin = origin;
  }
  return Buffer.from(JSON.stringify(info));
}

/** Not-found answers sort as list, latest, then versions in semver order (queries by bytes after them). */
export function sortMissing(answers: Iterable<string>): string[] {
  const rank = (a: string) => (a === "@v/list" ? 0 : a === "@latest" ? 1 : isValidSemver(a.slice(3)) ? 2 : 3);
  return [...answers].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? compareVersion(a.slice(3), b.slice(3)) : 0) || compareStrings(a, b));
}

export function missingProblem(path: string, answer: string): string | undefined {
  if (answer === "@v/list" || answer === "@latest" || (answer.startsWith("@v/") && answer.length > 3)) return undefined;
  return `not-found answer ${JSON.stringify(answer)} for ${path}: expected @v/list, @latest or @v/<version>`;
}

/** Deep copy. */
export function cloneLockfile(lock: Lockfile): Lockfile {
  const modules = new Map<string, LockedModule>();
  for (const [path, m] of lock.modules) {
    const versions = new Map<string, LockedVersion>();
    for (const [v, e] of m.versions) versions.set(v, cloneVersion(e));
    const c: LockedModule = { versions };
    if (m.list) c.list = [...m.list];
    if (m.latest) c.latest = { ...m.latest };
    if (m.missing) c.missing = new Set(m.missing);
    modules.set(path, c);
  }
  const sumdb = new Map<string, SumdbTreeHead>();
  for (const [n, t] of lock.sumdb) sumdb.set(n, { ...t });
  const policy: LockPolicy = { exempt: [...lock.policy.exempt] };
  if (lock.policy.asOf !== undefined) policy.asOf = lock.policy.asOf;
  if (lock.policy.minReleaseAge !== undefined) policy.minReleaseAge = lock.policy.minReleaseAge;
  return { policy, modules, sumdb };
}

export function cloneVersion(e: LockedVersion): LockedVersion {
  const c: LockedVersion = { ...e };
  if (e.origin) c.origin = { ...e.origin };
  return c;
}

// ---------------------------------------------------------------------------
// Ordering

/** Go semver order (semver.Compare, ties broken by byte order), as go uses for lists. */
export function sortVersions(versions: Iterable<string>): string[] {
  return [...versions].sort(compareVersion);
}

/** Module paths sort by their bytes (Go's string order). */
export function sortPaths(paths: Iterable<string>): string[] {
  return [...paths].sort(compareStrings);
}

/** Splits "path@version" at the first "@" (module paths cannot contain "@"). */
export function splitModVersion(s: string): [string, string] | undefined {
  const i = s.indexOf("@");
  if (i <= 0 || i === s.length - 1) return undefined;
  return [s.slice(0, i), s.slice(i + 1)];
}

function compareExempt(a: string, b: string): number {
  const pa = splitModVersion(a) ?? [a, ""];
  const pb = splitModVersion(b) ?? [b, ""];
  return compareStrings(pa[0], pb[0]) || compareVersion(pa[1], pb[1]);
}

export function sortExempt(list: Iterable<string>): string[] {
  return [...new Set(list)].sort(compareExempt);
}

/**
 * Returns the canonical form of a lock: lists deduplicated and sorted,
 * exemptions deduplicated and sorted, modules with nothing to print removed.
 * (Map order never matters: printing sorts.) Does not modify its argument.
 */
export function canonicalizeLockfile(lock: Lockfile): Lockfile {
  const c = cloneLockfile(lock);
  c.policy.exempt = sortExempt(c.policy.exempt);
  for (const [path, m] of [...c.modules]) {
    if (m.list) m.list = sortVersions(new Set(m.list));
    if (m.versions.size === 0 && !m.list && !m.latest && !m.missing?.size) c.modules.delete(path);
  }
  return c;
}

// ---------------------------------------------------------------------------
// Validators: each returns undefined when fine, else a reason (no trailing period).

export function moduleVersionProblem(path: string, version: string): string | undefined {
  const p = modulePathProblem(path);
  if (p) return p;
  return versionProblem(path, version);
}

export function modulePathProblem(path: string): string | undefined {
  if (validPaths.has(path)) return undefined;
  if (isValidModulePath(path)) {
    // Record mode checks every entry on each lockfile write: remember the good ones.
    if (validPaths.size >= VALID_PATHS_KEPT) validPaths.clear();
    validPaths.add(path);
    return undefined;
  }
  try {
    checkPath(path);
  } catch (e) {
    return (e as Error).message;
  }
  return `malformed module path ${JSON.stringify(path)}`;
}

const validPaths = new Set<string>();
const VALID_PATHS_KEPT = 100_000;
const validVersions = new Set<string>();

/** A locked version must be a canonical semantic version matching the path's major version. */
export function versionProblem(path: string, version: string): string | undefined {
  const key = `${path}@${version}`;
  if (validVersions.has(key)) return undefined;
  const p = versionProblemOf(path, version);
  if (p === undefined) {
    if (validVersions.size >= VALID_PATHS_KEPT) validVersions.clear();
    validVersions.add(key);
  }
  return p;
}

function versionProblemOf(path: string, version: string): string | undefined {
  if (!isValidSemver(version)) {
    return `invalid version ${JSON.stringify(version)} for ${path}: not a semantic version (expected e.g. v1.2.3)`;
  }
  if (canonicalVersion(version) !== version) {
    return `invalid version ${JSON.stringify(version)} for ${path}: not canonical (expected ${canonicalVersion(version)})`;
  }
  try {
    checkPathMajor(version, splitPathVersion(path).pathMajor);
  } catch (e) {
    return `version ${version} does not belong to module ${path}: ${(e as Error).message}`;
  }
  return undefined;
}

/** `@v/list` entries only need to be valid semver (go itself ignores anything else). */
export function listVersionProblem(path: string, version: string): string | undefined {
  if (!isValidSemver(version)) {
    return `invalid version ${JSON.stringify(version)} in the version list of ${path}: not a semantic version`;
  }
  return undefined;
}

/** `h1:` followed by the standard base64 of a 32-byte SHA-256, as in go.sum. */
export function isH1Hash(s: string): boolean {
  return s.startsWith("h1:") && isBase64Of(s.slice(3), 32);
}

/** Canonical standard base64 (with padding) of exactly `bytes` bytes, or of any length when omitted. */
export function isBase64Of(s: string, bytes?: number): boolean {
  if (s.length === 0 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
  const buf = Buffer.from(s, "base64");
  if (bytes !== undefined && buf.length !== bytes) return false;
  return buf.toString("base64") === s;
}

export function hashProblem(field: string, value: string): string | undefined {
  if (isH1Hash(value)) return undefined;
  if (!value.startsWith("h1:")) return `${field}=${value}: not an h1: hash (expected h1: followed by 44 base64 characters, as in go.sum)`;
  return `${field}=${value}: malformed or truncated h1: hash (expected h1: followed by 44 base64 characters, as in go.sum)`;
}

export function timeProblem(field: string, value: string): string | undefined {
  if (isRFC3339(value)) return undefined;
  return `${field}=${value}: not an RFC 3339 time (expected e.g. 2024-01-02T03:04:05Z)`;
}

// The one rule for what a lockfile can hold, shared by the printer, the
// record-mode merge and admission (so no upstream answer is accepted that
// the lockfile could not be written with).

/** Why a `version` record could not be written (undefined when it can). */
export function versionRecordProblem(path: string, version: string, e: Pick<LockedVersion, "time" | "mod" | "zip" | "sumdbRecord">): string | undefined {
  return (
    versionProblem(path, version) ??
    (e.time !== undefined ? timeProblem("time", e.time) : undefined) ??
    (e.mod !== undefined ? hashProblem("mod", e.mod) : undefined) ??
    (e.zip !== undefined ? hashProblem("zip", e.zip) : undefined) ??
    (e.sumdbRecord !== undefined && (!Number.isSafeInteger(e.sumdbRecord) || e.sumdbRecord < 0) ? `rec=${e.sumdbRecord}` : undefined)
  );
}

/** Why a `latest` record could not be written (undefined when it can). */
export function latestRecordProblem(path: string, version: string, time: string | undefined): string | undefined {
  return versionProblem(path, version) ?? (time !== undefined ? timeProblem("time", time) : undefined);
}

export function policyProblem(policy: LockPolicy): string | undefined {
  if (policy.asOf !== undefined) {
    if (/\s/.test(policy.asOf) || policy.asOf === "") return `policy as-of ${JSON.stringify(policy.asOf)}: must be one word`;
    try {
      parseInstant(policy.asOf);
    } catch (e) {
      return `policy as-of: ${(e as Error).message}`;
    }
  }
  if (policy.minReleaseAge !== undefined) {
    if (/\s/.test(policy.minReleaseAge) || policy.minReleaseAge === "") {
      return `policy min-age ${JSON.stringify(policy.minReleaseAge)}: must be one word`;
    }
    try {
      parseDuration(policy.minReleaseAge);
    } catch (e) {
      return `policy min-age: ${(e as Error).message}`;
    }
  }
  for (const ex of policy.exempt) {
    const p = exemptProblem(ex);
    if (p) return p;
  }
  return undefined;
}

export function exemptProblem(ex: string): string | undefined {
  const mv = splitModVersion(ex);
  if (!mv) return `policy exempt ${JSON.stringify(ex)}: expected module@version`;
  return moduleVersionProblem(mv[0], mv[1]);
}

export function sumdbNameProblem(name: string): string | undefined {
  if (/^[A-Za-z0-9][A-Za-z0-9._\-]*$/.test(name)) return undefined;
  return `invalid checksum database name ${JSON.stringify(name)}`;
}

export function isUint(s: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(s) && Number.isSafeInteger(Number(s));
}

/** Compares two instants given as RFC 3339 strings (equal strings, or the same moment). */
export function sameInstant(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return parseInstant(a).getTime() === parseInstant(b).getTime();
  } catch {
    return false;
  }
}

export function originsEqual(a: Origin | undefined, b: Origin | undefined): boolean {
  if (!a || !b) return a === b;
  return ORIGIN_FIELDS.every((k) => a[k] === b[k]);
}
