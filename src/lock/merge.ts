// Record mode: merging what a job observed into the lock, and comparing locks.

import { compareStrings, compareVersion, isValid as isValidSemver } from "../gomod/semver.js";
import { formatDuration, formatInstant } from "../time/format.js";
import {
  canonicalizeLockfile,
  cloneLockfile,
  cloneVersion,
  emptyLockfile,
  hashProblem,
  latestRecordProblem,
  missingAnswer,
  missingProblem,
  moduleEntry,
  modulePathProblem,
  originsEqual,
  policyProblem,
  sameInstant,
  sortExempt,
  sortMissing,
  sortVersions,
  versionRecordProblem,
  type Lockfile,
  type LockPolicy,
  type LockedVersion,
  type Origin,
} from "./model.js";
import { formatOrigin } from "./syntax.js";

/** One fetched module version as the job saw it (only the files it fetched). */
export interface ObservedVersion {
  path: string;
  version: string;
  /** `.info` Time, as given. */
  time?: string;
  /** h1: of the .mod file. */
  mod?: string;
  /** h1: of the zip. */
  zip?: string;
  /** `.info` Origin. */
  origin?: Origin;
  /** Record number in the checksum database. */
  rec?: number;
}

export interface ObservedList {
  path: string;
  /** The versions the `@v/list` answer named; anything that is not semver is dropped (as go does). */
  versions: readonly string[];
}

export interface ObservedLatest {
  path: string;
  version: string;
  time?: string;
}

/** A not-found answer the job saw (see missingAnswer). */
export interface ObservedMissing {
  path: string;
  answer: string;
}

/** Everything a job observed, to be merged into the lock in record mode. */
export interface Observed {
  versions?: readonly ObservedVersion[];
  lists?: readonly ObservedList[];
  latest?: readonly ObservedLatest[];
  missing?: readonly ObservedMissing[];
  /** The policy the job ran under; replaces the lock's policy when given. */
  policy?: LockPolicy;
}

export type ConflictField = "time" | "mod" | "zip" | "origin" | "rec";

/** An observed value that disagrees with an already-locked one. The lock keeps `locked`. */
export interface Conflict {
  path: string;
  version: string;
  field: ConflictField;
  /** The value in the lock (kept). */
  locked: string;
  /** The value the job observed (not written). */
  observed: string;
  /** One line for humans, e.g. `example.com/a@v1.0.0: zip hash changed: locked h1:..., upstream served h1:...`. */
  message: string;
}

/** An observation that could never be written to the lockfile; it is left out and reported. */
export interface Rejected {
  path: string;
  /** The version (version and latest records). */
  version?: string;
  kind: "version" | "list" | "latest" | "missing";
  /** The not-found answer (missing records): `@v/list`, `@latest`, `@v/<version or query>`. */
  answer?: string;
  /** Why, in the lockfile validator's words. */
  problem: string;
}

/**
 * Merges a job's observations into a lock (record mode). Never modifies its
 * arguments.
 *
 * - A version not in the lock is added with the fields observed.
 * - For a locked version, an observed field the lock lacks is filled in (e.g.
 *   the zip hash when an earlier job only fetched the .mod). An observed field
 *   that differs from the locked one is a Conflict and the lock keeps the old
 *   value. Times compare as instants; origins compare field by field.
 * - `@v/list` and `@latest` answers of queried modules are replaced by what was
 *   observed (lists are deduplicated and sorted, non-semver entries dropped).
 * - Not-found answers are added, unless the lock holds that answer found; an
 *   answer observed found drops its not-found record.
 * - Everything the job did not touch is kept.
 * - `observed.policy`, when given, replaces the lock's policy.
 *
 * An observation that could never be written (invalid module path,
 * non-canonical version, malformed hash or time) is left out and returned in
 * `rejected`, so one bad answer never costs the rest of the lock. Throws only
 * for an invalid policy (the job's own options, checked before it starts).
 */
export function mergeObserved(locked: Lockfile | undefined, observed: Observed): { lock: Lockfile; conflicts: Conflict[]; rejected: Rejected[] } {
  const lock = locked ? cloneLockfile(locked) : emptyLockfile();
  const conflicts: Conflict[] = [];
  const rejected: Rejected[] = [];

  for (const o of observed.versions ?? []) {
    const p = modulePathProblem(o.path) ?? versionRecordProblem(o.path, o.version, { ...o, ...(o.rec !== undefined ? { sumdbRecord: o.rec } : {}) });
    if (p) {
      rejected.push({ path: o.path, version: o.version, kind: "version", problem: p });
      continue;
    }

    const cur = lock.modules.get(o.path)?.versions.get(o.version);
    if (!cur) {
      // An origin alone is not a record; wait for the .info time or a hash.
      if (o.time === undefined && o.mod === undefined && o.zip === undefined) continue;
      const e: LockedVersion = {};
      if (o.time !== undefined) e.time = o.time;
      if (o.mod !== undefined) e.mod = o.mod;
      if (o.zip !== undefined) e.zip = o.zip;
      if (o.origin !== undefined) e.origin = { ...o.origin };
      if (o.rec !== undefined) e.sumdbRecord = o.rec;
      moduleEntry(lock, o.path).versions.set(o.version, e);
      continue;
    }
    const m = lock.modules.get(o.path)!;
    const conflict = (field: ConflictField, lockedValue: string, observedValue: string, what: string) => {
      conflicts.push({
        path: o.path,
        version: o.version,
        field,
        locked: lockedValue,
        observed: observedValue,
        message: `${o.path}@${o.version}: ${what} changed: locked ${lockedValue || "(none)"}, upstream served ${observedValue || "(none)"}; the lock keeps the locked value`,
      });
    };
    const next = cloneVersion(cur);
    if (o.time !== undefined) {
      if (cur.time === undefined) next.time = o.time;
      else if (!sameInstant(cur.time, o.time)) conflict("time", cur.time, o.time, ".info time");
    }
    for (const k of ["mod", "zip"] as const) {
      const v = o[k];
      if (v === undefined) continue;
      if (cur[k] === undefined) next[k] = v;
      else if (cur[k] !== v) conflict(k, cur[k]!, v, k === "mod" ? "go.mod hash" : "zip hash");
    }
    if (o.origin !== undefined) {
      if (cur.origin === undefined) next.origin = { ...o.origin };
      else if (!originsEqual(cur.origin, o.origin)) conflict("origin", formatOrigin(cur.origin), formatOrigin(o.origin), "origin");
    }
    if (o.rec !== undefined) {
      if (cur.sumdbRecord === undefined) next.sumdbRecord = o.rec;
      else if (cur.sumdbRecord !== o.rec) conflict("rec", String(cur.sumdbRecord), String(o.rec), "checksum database record number");
    }
    m.versions.set(o.version, next);
  }

  for (const l of observed.lists ?? []) {
    const p = modulePathProblem(l.path);
    if (p) {
      rejected.push({ path: l.path, kind: "list", problem: p });
      continue;
    }
    moduleEntry(lock, l.path).list = sortVersions(new Set(l.versions.filter((v) => isValidSemver(v))));
  }

  for (const l of observed.latest ?? []) {
    const p = modulePathProblem(l.path) ?? latestRecordProblem(l.path, l.version, l.time);
    if (p) {
      rejected.push({ path: l.path, version: l.version, kind: "latest", problem: p });
      continue;
    }
    moduleEntry(lock, l.path).latest = l.time !== undefined ? { version: l.version, time: l.time } : { version: l.version };
  }

  const found = (path: string, answer: string): boolean => {
    const m = lock.modules.get(path);
    if (!m) return false;
    if (answer === "@v/list") return m.list !== undefined;
    if (answer === "@latest") return m.latest !== undefined;
    return m.versions.has(answer.slice(3));
  };
  for (const o of observed.missing ?? []) {
    const p = modulePathProblem(o.path) ?? missingProblem(o.path, o.answer);
    if (p) {
      rejected.push({ path: o.path, kind: "missing", answer: o.answer, problem: p });
      continue;
    }
    if (!found(o.path, o.answer)) (moduleEntry(lock, o.path).missing ??= new Set()).add(o.answer);
  }
  const foundNow = [
    ...(observed.versions ?? []).map((o) => ({ path: o.path, answer: missingAnswer({ kind: "info", version: o.version }) })),
    ...(observed.lists ?? []).map((o) => ({ path: o.path, answer: missingAnswer({ kind: "list" }) })),
    ...(observed.latest ?? []).map((o) => ({ path: o.path, answer: missingAnswer({ kind: "latest" }) })),
  ];
  for (const f of foundNow) {
    const m = lock.modules.get(f.path);
    m?.missing?.delete(f.answer);
    if (m?.missing?.size === 0) delete m.missing;
  }

  if (observed.policy) {
    const p = policyProblem(observed.policy);
    if (p) throw new Error(`mergeObserved: ${p}`);
    lock.policy = { ...observed.policy, exempt: sortExempt(observed.policy.exempt) };
  }
  return { lock, conflicts, rejected };
}

/**
 * Drops the locked versions `observed` does not name (a lock of the whole
 * build graph, re-recorded: what is no longer reachable, e.g. the old version
 * after an upgrade). Lists, @latest and not-found answers are kept. Does not
 * modify its argument.
 */
export function pruneVersions(lock: Lockfile, observed: Observed): Lockfile {
  const keep = new Set((observed.versions ?? []).map((o) => `${o.path}@${o.version}`));
  const out = cloneLockfile(lock);
  for (const [path, m] of out.modules) {
    for (const v of [...m.versions.keys()]) if (!keep.has(`${path}@${v}`)) m.versions.delete(v);
  }
  return canonicalizeLockfile(out);
}

/**
 * Builds a LockPolicy in canonical spelling from typed options:
 * `asOf` -> formatInstant (RFC 3339 UTC, seconds), `minReleaseAgeMs` -> formatDuration.
 */
export function policyFromOptions(opts: { asOf?: Date; minReleaseAgeMs?: number; exempt?: Iterable<string> }): LockPolicy {
  const p: LockPolicy = { exempt: sortExempt(opts.exempt ?? []) };
  if (opts.asOf !== undefined) p.asOf = formatInstant(opts.asOf);
  if (opts.minReleaseAgeMs !== undefined) p.minReleaseAge = formatDuration(opts.minReleaseAgeMs);
  return p;
}

// ---------------------------------------------------------------------------
// Comparing locks

export type LockEntryKind = "version" | "list" | "latest" | "missing" | "policy" | "sumdb";

/**
 * The identity of one lock entry, as a string:
 *   version  `example.com/a@v1.2.3`
 *   list     `example.com/a/@v/list`
 *   latest   `example.com/a/@latest`
 *   missing  `example.com/a/@v/v1.2.3 not found` (and `/@v/list not found`, `/@latest not found`)
 *   policy   `policy as-of`, `policy min-age`, `policy exempt example.com/a@v1.2.3`
 *   sumdb    `sumdb sum.golang.org`
 * The proxy uses these keys for "the set of locked entries that were used".
 */
export function lockEntryKey(
  e: { kind: "version"; path: string; version: string } | { kind: "list" | "latest"; path: string } | { kind: "missing"; path: string; answer: string },
): string {
  switch (e.kind) {
    case "missing":
      return `${e.path}/${e.answer} not found`;
    case "version":
      return `${e.path}@${e.version}`;
    case "list":
      return `${e.path}/@v/list`;
    case "latest":
      return `${e.path}/@latest`;
  }
}

export interface FieldChange {
  /** time, mod, zip, origin, rec; versions (list); version, time (latest); answer (missing); value (policy); size, hash, note (sumdb). */
  field: string;
  before?: string;
  after?: string;
}

export interface LockEntryChange {
  kind: LockEntryKind;
  /** See lockEntryKey. */
  key: string;
  /** Module path (version, list, latest entries). */
  path?: string;
  /** Version (version entries). */
  version?: string;
  /** For added entries every field (before undefined); for removed every field (after undefined); for changed only the differing ones. */
  fields: FieldChange[];
  /** list entries: versions that appeared / disappeared. */
  listAdded?: string[];
  listRemoved?: string[];
}

export interface LockDiff {
  added: LockEntryChange[];
  changed: LockEntryChange[];
  removed: LockEntryChange[];
}

interface Flat {
  kind: LockEntryKind;
  key: string;
  path?: string;
  version?: string;
  /** Ordering: section, path, rank, version. */
  order: [number, string, number, string];
  fields: Record<string, string | undefined>;
  list?: string[];
}

function flatten(lock: Lockfile | undefined): Map<string, Flat> {
  const out = new Map<string, Flat>();
  if (!lock) return out;
  const put = (f: Flat) => out.set(f.key, f);
  if (lock.policy.asOf !== undefined) {
    put({ kind: "policy", key: "policy as-of", order: [0, "", 0, ""], fields: { value: lock.policy.asOf } });
  }
  if (lock.policy.minReleaseAge !== undefined) {
    put({ kind: "policy", key: "policy min-age", order: [0, "", 1, ""], fields: { value: lock.policy.minReleaseAge } });
  }
  for (const ex of lock.policy.exempt) {
    put({ kind: "policy", key: `policy exempt ${ex}`, order: [0, ex, 2, ""], fields: { value: ex } });
  }
  for (const [name, t] of lock.sumdb) {
    put({ kind: "sumdb", key: `sumdb ${name}`, order: [1, name, 0, ""], fields: { size: String(t.size), hash: t.hash, note: t.note } });
  }
  for (const [path, m] of lock.modules) {
    if (m.list) {
      const list = sortVersions(new Set(m.list));
      put({ kind: "list", key: lockEntryKey({ kind: "list", path }), path, order: [2, path, 0, ""], fields: { versions: list.join(" ") }, list });
    }
    if (m.latest) {
      put({ kind: "latest", key: lockEntryKey({ kind: "latest", path }), path, order: [2, path, 1, ""], fields: { version: m.latest.version, time: m.latest.time } });
    }
    sortMissing(m.missing ?? []).forEach((answer, i) => {
      put({ kind: "missing", key: lockEntryKey({ kind: "missing", path, answer }), path, order: [2, path, 3 + i, ""], fields: { answer } });
    });
    for (const [version, e] of m.versions) {
      put({
        kind: "version",
        key: lockEntryKey({ kind: "version", path, version }),
        path,
        version,
        order: [2, path, 2, version],
        fields: {
          time: e.time,
          mod: e.mod,
          zip: e.zip,
          origin: e.origin ? formatOrigin(e.origin) : undefined,
          rec: e.sumdbRecord !== undefined ? String(e.sumdbRecord) : undefined,
        },
      });
    }
  }
  return out;
}

function compareFlat(a: Flat, b: Flat): number {
  const [as, ap, ar, av] = a.order;
  const [bs, bp, br, bv] = b.order;
  if (as !== bs) return as - bs;
  if (as === 0 && ar !== br) return ar - br;
  return compareStrings(ap, bp) || ar - br || compareVersion(av, bv);
}

function toChange(f: Flat, fields: FieldChange[]): LockEntryChange {
  const c = { kind: f.kind, key: f.key } as LockEntryChange;
  if (f.path !== undefined) c.path = f.path;
  if (f.version !== undefined) c.version = f.version;
  c.fields = fields;
  return c;
}

/**
 * Compares two locks entry by entry (see lockEntryKey for what an entry is).
 * `before` may be undefined (no lockfile yet): everything in `after` is added.
 * Results are in lockfile order. The `policy` entries compare the spelled
 * values (a changed `min-age 7d` -> `168h` shows as changed).
 */
export function diffLockfiles(before: Lockfile | undefined, after: Lockfile | undefined): LockDiff {
  const b = flatten(before);
  const a = flatten(after);
  const added: Flat[] = [];
  const removed: Flat[] = [];
  const changed: [Flat, FieldChange[], string[]?, string[]?][] = [];
  for (const [key, fa] of a) {
    const fb = b.get(key);
    if (!fb) {
      added.push(fa);
      continue;
    }
    const fields: FieldChange[] = [];
    for (const name of Object.keys({ ...fb.fields, ...fa.fields })) {
      const x = fb.fields[name];
      const y = fa.fields[name];
      if (x === y) continue;
      const fc: FieldChange = { field: name };
      if (x !== undefined) fc.before = x;
      if (y !== undefined) fc.after = y;
      fields.push(fc);
    }
    if (fields.length === 0) continue;
    if (fa.kind === "list") {
      const bs = new Set(fb.list);
      const as = new Set(fa.list);
      changed.push([fa, fields, fa.list!.filter((v) => !bs.has(v)), fb.list!.filter((v) => !as.has(v))]);
    } else {
      changed.push([fa, fields]);
    }
  }
  for (const [key, fb] of b) if (!a.has(key)) removed.push(fb);

  const allFields = (f: Flat, side: "before" | "after"): FieldChange[] =>
    Object.entries(f.fields)
      .filter(([, v]) => v !== undefined)
      .map(([field, v]) => ({ field, [side]: v }) as FieldChange);

  added.sort(compareFlat);
  removed.sort(compareFlat);
  changed.sort((x, y) => compareFlat(x[0], y[0]));
  return {
    added: added.map((f) => {
      const c = toChange(f, allFields(f, "after"));
      if (f.kind === "list") c.listAdded = [...f.list!];
      return c;
    }),
    changed: changed.map(([f, fields, listAdded, listRemoved]) => {
      const c = toChange(f, fields);
      if (listAdded) c.listAdded = listAdded;
      if (listRemoved) c.listRemoved = listRemoved;
      return c;
    }),
    removed: removed.map((f) => {
      const c = toChange(f, allFields(f, "before"));
      if (f.kind === "list") c.listRemoved = [...f.list!];
      return c;
    }),
  };
}

export interface LockEntryRef {
  kind: LockEntryKind;
  key: string;
  path?: string;
  version?: string;
}

/** Every entry of a lock (policy, sumdb, list, latest, version), in lockfile order. */
export function listLockEntries(lock: Lockfile | undefined): LockEntryRef[] {
  return [...flatten(lock).values()].sort(compareFlat).map((f) => {
    const r: LockEntryRef = { kind: f.kind, key: f.key };
    if (f.path !== undefined) r.path = f.path;
    if (f.version !== undefined) r.version = f.version;
    return r;
  });
}
