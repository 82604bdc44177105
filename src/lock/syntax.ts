// parseLockfile / printLockfile: the gopin.lock text format (docs/lockfile.md).

import { compareStrings } from "../gomod/semver.js";
import {
  DEFAULT_LOCKFILE_NAME,
  LOCKFILE_FORMAT,
  LOCKFILE_HEADER,
  LockfileError,
  MISSING_RECORDS_FORMAT,
  ORIGIN_FIELDS,
  SUPPORTED_LOCKFILE_FORMATS,
  emptyLockfile,
  exemptProblem,
  hashProblem,
  isBase64Of,
  isUint,
  latestRecordProblem,
  listVersionProblem,
  missingProblem,
  moduleEntry,
  modulePathProblem,
  moduleVersionProblem,
  policyProblem,
  sortExempt,
  sortMissing,
  sortPaths,
  sortVersions,
  sumdbNameProblem,
  timeProblem,
  versionRecordProblem,
  type Lockfile,
  type LockedModule,
  type LockedVersion,
  type Origin,
  type SumdbTreeHead,
} from "./model.js";
import { parseDuration, parseInstant } from "../time/format.js";

/** The comment printed on line 2 of every lockfile gopin writes. */
export const LOCKFILE_COMMENT =
  "# Written by gopin: one record per line, sorted. On a merge conflict keep both sides' lines (each record once) or re-record.";

const SUPPORTED = SUPPORTED_LOCKFILE_FORMATS.join(", ");
const REDO = "fix or delete the line, or delete the lockfile and re-run gopin in record mode";

// ---------------------------------------------------------------------------
// Field value encoding: bytes outside printable ASCII (0x21..0x7E) and "%" are
// written as %XX (upper-case hex) of their UTF-8 encoding.

export function encodeValue(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x21 && c <= 0x7e && ch !== "%") out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function decodeValue(s: string): string | undefined {
  if (!s.includes("%")) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      for (const b of Buffer.from(s[i]!, "utf8")) bytes.push(b);
      i++;
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Parsing

const CONFLICT_MARKER = /^(?:<{7}|>{7}|\|{7})(?:\s|$)|^={7}\s*$/;

interface Seen {
  line: number;
}

/**
 * Parses gopin.lock text. Strict: throws LockfileError (with file, 1-based
 * line and a `file:line: reason` message) for anything it cannot read exactly.
 * Accepted leniencies, all for humans editing the file: records in any order,
 * blank lines, `#` comment lines, CRLF line ends, a UTF-8 BOM, runs of spaces
 * or tabs between fields, fields in any order, and a missing final newline.
 * None of them survive printLockfile.
 */
export function parseLockfile(text: string, fileName: string = DEFAULT_LOCKFILE_NAME): Lockfile {
  const fail = (line: number, reason: string): never => {
    throw new LockfileError(fileName, line, reason);
  };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();

  if (lines.every((l) => l.trim() === "")) {
    fail(1, `the lockfile is empty; expected the header "${LOCKFILE_HEADER}" on line 1. Restore it from version control, or delete it and re-run gopin in record mode`);
  }
  lines.forEach((l, i) => {
    if (CONFLICT_MARKER.test(l)) {
      fail(
        i + 1,
        `unresolved merge conflict (marker ${JSON.stringify(l.slice(0, 7))}). Resolve it by keeping the records of both sides (each record once; for the same module version keep one line) and deleting the <<<<<<<, ======= and >>>>>>> lines, or delete the lockfile and re-run gopin in record mode`,
      );
    }
  });

  // Header.
  const header = lines[0]!.trim();
  const hm = /^gopin-lock(?:[ \t]+(\S*))?(?:[ \t]+.*)?$/.exec(header);
  if (!hm) {
    fail(1, `missing lockfile header: line 1 must be "${LOCKFILE_HEADER}" (this gopin reads lockfile format ${SUPPORTED}); is this a gopin.lock file?`);
  }
  const fmt = hm![1] ?? "";
  if (fmt === "") fail(1, `the header has no format version: expected "${LOCKFILE_HEADER}" (this gopin reads lockfile format ${SUPPORTED})`);
  if (!/^[0-9]+$/.test(fmt) || !SUPPORTED_LOCKFILE_FORMATS.includes(Number(fmt))) {
    fail(1, `unsupported lockfile format ${JSON.stringify(fmt)}: this gopin reads lockfile format ${SUPPORTED} only; upgrade gopin to read this file, or delete it and re-record`);
  }
  if (header !== `gopin-lock ${fmt}`) fail(1, `malformed header ${JSON.stringify(header)}: expected exactly "${LOCKFILE_HEADER}"`);

  const lock = emptyLockfile();
  const seen = new Map<string, Seen>();
  const origins: { path: string; version: string; line: number; origin: Origin }[] = [];
  const dup = (key: string, line: number, what: string) => {
    const prev = seen.get(key);
    if (prev) fail(line, `duplicate ${what} (first on line ${prev.line}); keep one of the two lines and delete the other`);
    seen.set(key, { line });
  };

  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const f = trimmed.split(/[ \t]+/);
    const kw = f[0]!;
    switch (kw) {
      case "policy":
        parsePolicy(lock, f, n, fail, dup);
        break;
      case "sumdb": {
        const usage = `expected "sumdb <name> size=<n> hash=<base64> [note=<base64>]"`;
        if (f.length < 2) fail(n, `truncated or malformed sumdb record: ${usage}; ${REDO}`);
        const name = f[1]!;
        const p = sumdbNameProblem(name);
        if (p) fail(n, `${p}; ${REDO}`);
        const kv = parseKeyValues(f.slice(2), ["size", "hash", "note"], n, fail, "sumdb");
        if (kv.size === undefined || kv.hash === undefined) fail(n, `truncated or malformed sumdb record: size= and hash= are required: ${usage}`);
        if (!isUint(kv.size!)) fail(n, `sumdb size=${kv.size}: expected a non-negative integer`);
        if (!isBase64Of(kv.hash!, 32)) fail(n, `sumdb hash=${kv.hash}: expected the base64 of a 32-byte tree hash`);
        const th: SumdbTreeHead = { size: Number(kv.size), hash: kv.hash! };
        if (kv.note !== undefined) {
          if (!isBase64Of(kv.note)) fail(n, `sumdb note=: expected the base64 of the signed note`);
          th.note = Buffer.from(kv.note, "base64").toString("utf8");
        }
        dup(`sumdb ${name}`, n, `sumdb record for ${name}`);
        lock.sumdb.set(name, th);
        break;
      }
      case "list": {
        if (f.length < 2) fail(n, `truncated or malformed list record: expected "list <module> [<version> ...]"; ${REDO}`);
        const path = f[1]!;
        const pp = modulePathProblem(path);
        if (pp) fail(n, `${pp}; ${REDO}`);
        const vs = f.slice(2);
        const inList = new Set<string>();
        for (const v of vs) {
          const vp = listVersionProblem(path, v);
          if (vp) fail(n, `${vp}; ${REDO}`);
          if (inList.has(v)) fail(n, `version ${v} appears twice in the version list of ${path}; delete one`);
          inList.add(v);
        }
        dup(`list ${path}`, n, `list record for ${path}`);
        moduleEntry(lock, path).list = sortVersions(vs);
        break;
      }
      case "latest": {
        if (f.length < 3 || f[2]!.includes("=")) {
          fail(n, `truncated or malformed latest record: expected "latest <module> <version> [time=<RFC 3339>]"; ${REDO}`);
        }
        const [path, version] = [f[1]!, f[2]!];
        const p = moduleVersionProblem(path, version);
        if (p) fail(n, `${p}; ${REDO}`);
        const kv = parseKeyValues(f.slice(3), ["time"], n, fail, "latest");
        if (kv.time !== undefined) {
          const tp = timeProblem("time", kv.time);
          if (tp) fail(n, `${tp}; ${REDO}`);
        }
        dup(`latest ${path}`, n, `latest record for ${path}`);
        moduleEntry(lock, path).latest = kv.time !== undefined ? { version, time: kv.time } : { version };
        break;
      }
      case "missing": {
        const usage = `expected "missing <module> @v/list", "missing <module> @latest" or "missing <module> @v/<version>"`;
        if (f.length !== 3) fail(n, `truncated or malformed missing record: ${usage}; ${REDO}`);
        const path = f[1]!;
        const answer = decodeValue(f[2]!);
        const p = modulePathProblem(path) ?? (answer === undefined ? `malformed %-escape in ${JSON.stringify(f[2])}` : missingProblem(path, answer));
        if (p) fail(n, `${p}; ${REDO}`);
        dup(`missing ${path} ${answer}`, n, `missing record for ${path} ${answer}`);
        (moduleEntry(lock, path).missing ??= new Set()).add(answer!);
        break;
      }
      case "version": {
        const usage = `expected "version <module> <version> [time=<RFC 3339>] [mod=h1:...] [zip=h1:...]"`;
        if (f.length < 3 || f[2]!.includes("=")) fail(n, `truncated or malformed version record: ${usage}; ${REDO}`);
        const [path, version] = [f[1]!, f[2]!];
        const p = moduleVersionProblem(path, version);
        if (p) fail(n, `${p}; ${REDO}`);
        const kv = parseKeyValues(f.slice(3), ["time", "mod", "zip", "rec"], n, fail, "version");
        const e: LockedVersion = {};
        if (kv.time !== undefined) {
          const tp = timeProblem("time", kv.time);
          if (tp) fail(n, `${tp}; ${REDO}`);
          e.time = kv.time;
        }
        for (const k of ["mod", "zip"] as const) {
          const v = kv[k];
          if (v === undefined) continue;
          const hp = hashProblem(k, v);
          if (hp) fail(n, `${hp}; ${REDO}`);
          e[k] = v;
        }
        if (kv.rec !== undefined) {
          if (!isUint(kv.rec)) fail(n, `rec=${kv.rec}: expected a non-negative integer (checksum database record number)`);
          e.sumdbRecord = Number(kv.rec);
        }
        if (e.time === undefined && e.mod === undefined && e.zip === undefined) {
          fail(n, `truncated or malformed version record for ${path}@${version}: it needs at least one of time=, mod=, zip=; ${usage}`);
        }
        dup(`version ${path} ${version}`, n, `version record for ${path}@${version}`);
        moduleEntry(lock, path).versions.set(version, e);
        break;
      }
      case "origin": {
        if (f.length < 4 || f[2]!.includes("=")) {
          fail(n, `truncated or malformed origin record: expected "origin <module> <version> [vcs=...] [url=...] [subdir=...] [ref=...] [hash=...]" with at least one field; ${REDO}`);
        }
        const [path, version] = [f[1]!, f[2]!];
        const p = moduleVersionProblem(path, version);
        if (p) fail(n, `${p}; ${REDO}`);
        const kv = parseKeyValues(f.slice(3), ORIGIN_FIELDS, n, fail, "origin");
        dup(`origin ${path} ${version}`, n, `origin record for ${path}@${version}`);
        // Attached after all lines are read (records may come in any order).
        origins.push({ path, version, line: n, origin: kv as Origin });
        break;
      }
      default:
        if (/^gopin-lock\b/.test(kw)) fail(n, `a second lockfile header; only line 1 may hold "${LOCKFILE_HEADER}" (two lockfiles concatenated?)`);
        fail(n, `unknown record type ${JSON.stringify(kw)}: this gopin (lockfile format ${LOCKFILE_FORMAT}) knows policy, sumdb, list, latest, missing, version and origin; ${REDO}`);
    }
  }
  for (const o of origins) {
    const e = lock.modules.get(o.path)?.versions.get(o.version);
    if (!e) fail(o.line, `origin record for ${o.path}@${o.version} has no version record; add the version line or delete this one`);
    e!.origin = o.origin;
  }
  lock.policy.exempt = sortExempt(lock.policy.exempt);
  return lock;
}

type Fail = (line: number, reason: string) => never;

function parseKeyValues<K extends string>(
  fields: string[],
  allowed: readonly K[],
  line: number,
  fail: Fail,
  record: string,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const f of fields) {
    const eq = f.indexOf("=");
    if (eq <= 0) fail(line, `malformed field ${JSON.stringify(f)} in ${record} record: expected key=value (keys: ${allowed.join(", ")}); ${REDO}`);
    const key = f.slice(0, eq);
    if (!(allowed as readonly string[]).includes(key)) {
      fail(line, `unknown field ${JSON.stringify(key)} in ${record} record: this gopin (lockfile format ${LOCKFILE_FORMAT}) knows ${allowed.join(", ")}; ${REDO}`);
    }
    if (out[key as K] !== undefined) fail(line, `field ${key}= appears twice in ${record} record; keep one`);
    const value = decodeValue(f.slice(eq + 1));
    if (value === undefined) fail(line, `field ${key}= has a malformed %-escape (expected %XX hex of UTF-8 bytes); ${REDO}`);
    out[key as K] = value!;
  }
  return out;
}

function parsePolicy(lock: Lockfile, f: string[], n: number, fail: Fail, dup: (key: string, line: number, what: string) => void): void {
  const usage = `expected "policy as-of <instant>", "policy min-age <duration>" or "policy exempt <module>@<version>"`;
  if (f.length !== 3) fail(n, `truncated or malformed policy record: ${usage}; ${REDO}`);
  const [key, value] = [f[1]!, f[2]!];
  switch (key) {
    case "as-of":
      try {
        parseInstant(value);
      } catch (e) {
        fail(n, `policy as-of: ${(e as Error).message}`);
      }
      dup("policy as-of", n, "policy as-of record");
      lock.policy.asOf = value;
      return;
    case "min-age":
      try {
        parseDuration(value);
      } catch (e) {
        fail(n, `policy min-age: ${(e as Error).message}`);
      }
      dup("policy min-age", n, "policy min-age record");
      lock.policy.minReleaseAge = value;
      return;
    case "exempt": {
      const p = exemptProblem(value);
      if (p) fail(n, `${p}; ${REDO}`);
      dup(`policy exempt ${value}`, n, `policy exemption ${value}`);
      lock.policy.exempt.push(value);
      return;
    }
    default:
      fail(n, `unknown policy setting ${JSON.stringify(key)}: this gopin knows as-of, min-age and exempt; ${REDO}`);
  }
}

// ---------------------------------------------------------------------------
// Printing

/** The `vcs=... url=...` text of an origin (empty for none); also used in reports. */
export function formatOrigin(o: Origin | undefined): string {
  if (!o) return "";
  return ORIGIN_FIELDS.filter((k) => o[k] !== undefined)
    .map((k) => `${k}=${encodeValue(o[k]!)}`)
    .join(" ");
}

function fieldList(pairs: [string, string | undefined][]): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}=${encodeValue(v)}`)
    .join("");
}

function modulePrintable(m: LockedModule): boolean {
  return m.versions.size > 0 || m.list !== undefined || m.latest !== undefined || (m.missing?.size ?? 0) > 0;
}

/**
 * Prints the canonical text of a lock. Deterministic: the same state always
 * gives the same bytes, whatever the Map insertion order. Throws an Error
 * (not a LockfileError) if the model holds something the parser would refuse,
 * so gopin never writes a lockfile it cannot read back.
 */
export function printLockfile(lock: Lockfile): string {
  const blocks: string[] = [];
  for (const path of sortPaths(lock.modules.keys())) {
    const b = printLockModule(path, lock.modules.get(path)!);
    if (b !== undefined) blocks.push(b);
  }
  return assembleLockfile(printLockHeader(lock), blocks);
}

/** Whether a lock needs the format that holds `missing` records. */
export function hasMissingRecords(lock: Lockfile): boolean {
  for (const m of lock.modules.values()) if ((m.missing?.size ?? 0) > 0) return true;
  return false;
}

/** The lockfile text from its header and its module blocks in path order (printLockHeader, printLockModule). */
export function assembleLockfile(header: string, blocks: readonly string[]): string {
  return [header, ...blocks].join("\n\n") + "\n";
}

/** Everything before the first module block: format, comment, policy and tree heads. */
export function printLockHeader(lock: Lockfile, hasMissing = hasMissingRecords(lock)): string {
  const bad = refuseToPrint;
  const out: string[] = [hasMissing ? `gopin-lock ${MISSING_RECORDS_FORMAT}` : LOCKFILE_HEADER, LOCKFILE_COMMENT];

  const pp = policyProblem(lock.policy);
  if (pp) bad(pp);
  const policy: string[] = [];
  if (lock.policy.asOf !== undefined) policy.push(`policy as-of ${lock.policy.asOf}`);
  if (lock.policy.minReleaseAge !== undefined) policy.push(`policy min-age ${lock.policy.minReleaseAge}`);
  for (const ex of sortExempt(lock.policy.exempt)) policy.push(`policy exempt ${ex}`);
  if (policy.length) out.push("", ...policy);

  const sumdb: string[] = [];
  for (const name of [...lock.sumdb.keys()].sort(compareStrings)) {
    const t = lock.sumdb.get(name)!;
    const np = sumdbNameProblem(name);
    if (np) bad(np);
    if (!Number.isSafeInteger(t.size) || t.size < 0) bad(`sumdb ${name} size ${t.size}`);
    if (!isBase64Of(t.hash, 32)) bad(`sumdb ${name} hash ${t.hash}`);
    const note = t.note !== undefined ? Buffer.from(t.note, "utf8").toString("base64") : undefined;
    sumdb.push(`sumdb ${name}${fieldList([["size", String(t.size)], ["hash", t.hash], ["note", note]])}`);
  }
  if (sumdb.length) out.push("", ...sumdb);
  return out.join("\n");
}

/** One module's records (no blank lines around them), or undefined when it has none to print. */
export function printLockModule(path: string, m: LockedModule): string | undefined {
  const bad = refuseToPrint;
  if (!modulePrintable(m)) return undefined;
  const mp = modulePathProblem(path);
  if (mp) bad(mp);
  const out: string[] = [];
  if (m.list) {
    const list = sortVersions(new Set(m.list));
    for (const v of list) {
      const p = listVersionProblem(path, v);
      if (p) bad(p);
    }
    out.push(["list", path, ...list].join(" "));
  }
  if (m.latest) {
    const p = latestRecordProblem(path, m.latest.version, m.latest.time);
    if (p) bad(`latest ${path}: ${p}`);
    out.push(`latest ${path} ${m.latest.version}${fieldList([["time", m.latest.time]])}`);
  }
  for (const answer of sortMissing(m.missing ?? [])) {
    const p = missingProblem(path, answer);
    if (p) bad(p);
    out.push(`missing ${path} ${encodeValue(answer)}`);
  }
  for (const v of sortVersions(m.versions.keys())) {
    const e = m.versions.get(v)!;
    const p =
      versionRecordProblem(path, v, e) ??
      (e.time === undefined && e.mod === undefined && e.zip === undefined ? "no time, mod or zip" : undefined);
    if (p) bad(`${path}@${v}: ${p}`);
    const rec = e.sumdbRecord !== undefined ? String(e.sumdbRecord) : undefined;
    out.push(`version ${path} ${v}${fieldList([["time", e.time], ["mod", e.mod], ["zip", e.zip], ["rec", rec]])}`);
    const o = formatOrigin(e.origin);
    if (e.origin && o === "") bad(`${path}@${v}: empty origin`);
    if (o) out.push(`origin ${path} ${v} ${o}`);
  }
  return out.join("\n");
}

function refuseToPrint(what: string): never {
  throw new Error(`printLockfile: refusing to write an invalid lockfile: ${what}`);
}
