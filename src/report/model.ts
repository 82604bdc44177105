// The drift report model: built once from what the job did, rendered as JSON
// (renderJson) and as a GitHub job summary (renderMarkdown).
//
// JSON shape (renderJson; keys appear in this order, absent optional keys are
// omitted, arrays are sorted as described):
//
// {
//   "reportVersion": 1,
//   "mode": "record" | "verify",
//   "verdict": "pass" | "fail",          // fail iff counts.violations > 0
//   "headline": string,                  // e.g. "2 requests refused, 1 conflict"
//   "problems": string[],                // one line per reason for "fail"; [] on pass
//   "generatedAt": RFC 3339,             // the supplied "now"
//   "lockfile": { "path"?: string, "existed": boolean, "written"?: boolean, "error"?: string },
//   "policy": { "asOf"?: string, "minReleaseAge"?: string, "exempt": string[] },
//   "counts": { "added", "changed", "conflicts", "removed", "refused", "failed", "unused",
//               "violations", "drift", "servedFromStore", "servedFromUpstream", "servedFromLockfile": number },
//   "stats": { "requests", "hits", "misses", "bytesFromStore", "bytesFromUpstream", "durationMs": number },
//     (with a shared store also "upstreamFetches" and "shared": the shared tier's
//     hits, misses, bytes, errors, refused objects, uploads, privateShared, warnings),
//   "added":   Row[],   // lockfile order (policy, sumdb, then module path, list, latest, versions in semver order)
//   "changed": Row[],   // conflicts first (lockfile order), then other changes (lockfile order)
//   "removed": Row[],   // lockfile order
//   "refused": Row[],   // one row per distinct refusal, module path then version then request
//   "failed":  Row[],   // likewise, requests that could not be served (not violations)
//   "unused":  Row[],   // locked list/latest/version entries no request used; lockfile order
//   "sources": SourceRow[], // per module and version/query: requests and bytes by source
//   "drift": [{ "module", "version", "field": "time"|"origin"|"pseudo-time", "locked" (for pseudo-time: the version string's timestamp), "upstream", "source" }],
//                        // locked versions whose upstream .info says otherwise now (not violations)
//   "evicted": [{ "rel", "reason" }],
//                        // stored files that failed their checks or that an authority contradicted:
//                        // evicted and fetched again (not violations)
//   "sumdb"?: SumdbReport  // the checksum-database section (report/sumdb.ts)
//   "mirrors"?: MirrorPoolReport // the mirror pool's section (report/mirrors.ts); its disagreements are violations
// }
// Row = { "key", "module", "entry", "request"?, "previousVersion"?, "version"?,
//         "time"?, "ageMs"?, "changes": [{ "field", "before"?, "after"? }],
//         "listAdded"?, "listRemoved"?, "reason"?, "rule"?, "detail"?, "remedy"?,
//         "conflict"?, "count"? }
//   (rule/detail/remedy: refused and failed rows whose refusal gave them: the
//   policy rule, what happened without the remedy, and the structured remedy
//   the Markdown summary words for its own entry point)
//   (listAdded/listRemoved: list rows only, omitted when empty; changes: for
//   added rows every recorded field with "after", for removed rows every field
//   with "before", for changed rows only the fields that differ, for refused
//   rows [{ field: request kind, before: expected, after: actual }] when given)
// SourceRow = { "module", "target", "store": {"requests","bytes"}, "upstream": {...}, "lockfile": {...} }
//
// counts.refused counts refused requests (events); report.refused has one row
// per distinct refusal with its "count". counts.violations = refused +
// conflicts + checksum-database problems (+1 for an unwritable lockfile): the
// one number that fails a job, in the CLI and in the Action alike. counts.added/changed/removed/unused
// count rows. counts.conflicts counts changed rows with "conflict": true.

import { compareStrings, compareVersion } from "../gomod/semver.js";
import {
  diffLockfiles,
  listLockEntries,
  lockEntryKey,
  type Conflict,
  type FieldChange,
  type LockDiff,
  type LockEntryChange,
  type LockEntryKind,
  type Lockfile,
  type LockPolicy,
} from "../lock/index.js";
import { formatInstant, parseInstant } from "../time/format.js";
import type { DriftNote, ProxyEvent } from "../journal/journal.js";
import type { Eviction } from "../store/store.js";
import type { RequestKind } from "../protocol/module-file.js";
import type { SumdbReport } from "./sumdb.js";
import type { Remedy, Rule } from "../policy/refusal.js";
import { mirrorProblems, type MirrorPoolReport } from "./mirrors.js";
import type { SharedStoreReport } from "./shared.js";

export const REPORT_VERSION = 1;

export type { EventSource, ProxyEvent } from "../journal/journal.js";
export type { RequestKind } from "../protocol/module-file.js";

export interface ReportStats {
  requests: number;
  hits: number;
  misses: number;
  bytesFromStore: number;
  bytesFromUpstream: number;
  durationMs: number;
  upstreamFetches?: number;
  /** The shared tier's counters, refusals and warnings (when one ran). */
  shared?: SharedStoreReport;
}

export interface ReportInput {
  mode: "record" | "verify";
  /** The instant ages are measured from. */
  now: Date;
  /** The lockfile before the job (undefined: there was none). */
  before?: Lockfile;
  /** Record mode: the lockfile after merging (undefined in verify mode). */
  after?: Lockfile;
  events: readonly ProxyEvent[];
  /**
   * lockEntryKey strings of the locked entries the job used. Default: the keys
   * of every non-refused event (info/mod/zip -> `path@version`, list ->
   * `path/@v/list`, latest -> `path/@latest`).
   */
  used?: Iterable<string>;
  /** Record mode: mergeObserved's conflicts. */
  conflicts?: readonly Conflict[];
  stats: ReportStats;
  /** The policy the job ran under. Default: after's policy, else before's. */
  policy?: LockPolicy;
  lockfilePath?: string;
  /** Record mode: whether the lockfile was (re)written. */
  lockfileWritten?: boolean;
  /** Record mode: why the lockfile could not be written (a violation: the job's record is lost). */
  lockfileError?: string;
  /** The checksum-database section; its problems fail the job. */
  sumdb?: SumdbReport;
  /** Upstream drift: .info metadata that differs from the lock (never a violation). */
  drift?: readonly DriftNote[];
  /** Stored files evicted: failed their checks or contradicted by an authority (fetched again; never a violation). */
  evicted?: readonly Eviction[];
  /** The mirror pool's section; its disagreements fail the job. */
  mirrors?: MirrorPoolReport;
}

export type RowEntry = LockEntryKind;

export interface ReportRow {
  /** lockEntryKey of the entry, or for refusals a request description like `example.com/a@v1.0.0 (.zip)`. */
  key: string;
  /** Module path ("" for policy and sumdb rows). */
  module: string;
  entry: RowEntry;
  /** Refused rows: what was asked for. */
  request?: RequestKind;
  /** The version before (previous @latest, or the highest lower locked version of the module for an added version). */
  previousVersion?: string;
  /** The version this row is about (for latest rows, the new answer). */
  version?: string;
  /** RFC 3339 time of `version`, as given. */
  time?: string;
  /** now - time, in ms (negative when time is in the future). */
  ageMs?: number;
  changes: FieldChange[];
  listAdded?: string[];
  listRemoved?: string[];
  reason?: string;
  /** Refused/failed rows: the policy rule that refused. */
  rule?: Rule;
  /** Refused/failed rows: what happened, without the remedy. */
  detail?: string;
  /** Refused/failed rows: what the user can do (worded per entry point when rendered). */
  remedy?: Remedy;
  /** Changed rows: a locked value the upstream now contradicts (the lock kept it). */
  conflict?: boolean;
  /** Refused rows: how many identical refusals. */
  count?: number;
}

export interface SourceTally {
  requests: number;
  bytes: number;
}

export interface SourceRow {
  module: string;
  /** A version, `@v/list` or `@latest`. */
  target: string;
  store: SourceTally;
  upstream: SourceTally;
  lockfile: SourceTally;
}

export interface ReportCounts {
  added: number;
  changed: number;
  conflicts: number;
  removed: number;
  refused: number;
  /** Requests that could not be served (upstream failures, a full disk): go reports them; not violations. */
  failed: number;
  unused: number;
  /** What fails the job: refused requests, conflicts and checksum-database problems. */
  violations: number;
  /** Locked versions whose upstream .info now says another time or origin (not violations). */
  drift: number;
  servedFromStore: number;
  servedFromUpstream: number;
  servedFromLockfile: number;
}

export interface DriftReport {
  reportVersion: number;
  mode: "record" | "verify";
  verdict: "pass" | "fail";
  headline: string;
  problems: string[];
  generatedAt: string;
  lockfile: { path?: string; existed: boolean; written?: boolean; error?: string };
  policy: LockPolicy;
  counts: ReportCounts;
  stats: ReportStats;
  added: ReportRow[];
  changed: ReportRow[];
  removed: ReportRow[];
  refused: ReportRow[];
  failed: ReportRow[];
  unused: ReportRow[];
  sources: SourceRow[];
  drift: DriftNote[];
  evicted: Eviction[];
  sumdb?: SumdbReport;
  mirrors?: MirrorPoolReport;
}

function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The lockEntryKey a request touches, or undefined for a non-canonical .info query. */
export function eventEntryKey(e: Pick<ProxyEvent, "module" | "kind" | "version">): string | undefined {
  switch (e.kind) {
    case "list":
      return lockEntryKey({ kind: "list", path: e.module });
    case "latest":
      return lockEntryKey({ kind: "latest", path: e.module });
    default:
      return e.version !== undefined ? lockEntryKey({ kind: "version", path: e.module, version: e.version }) : undefined;
  }
}

function describeRequest(e: ProxyEvent): string {
  switch (e.kind) {
    case "list":
      return `${e.module}/@v/list`;
    case "latest":
      return `${e.module}/@latest`;
    default:
      return `${e.module}@${e.version ?? "?"} (.${e.kind})`;
  }
}

function ageOf(time: string | undefined, now: Date): number | undefined {
  if (time === undefined) return undefined;
  try {
    return now.getTime() - parseInstant(time).getTime();
  } catch {
    return undefined;
  }
}

function withTime(row: ReportRow, time: string | undefined, now: Date): void {
  if (time === undefined) return;
  row.time = time;
  const age = ageOf(time, now);
  if (age !== undefined) row.ageMs = age;
}

/** Builds a row with keys in the documented order. */
function row(init: {
  key: string;
  module: string;
  entry: RowEntry;
  request?: RequestKind;
  previousVersion?: string;
  version?: string;
  time?: string;
  changes?: FieldChange[];
  listAdded?: string[];
  listRemoved?: string[];
  reason?: string;
  rule?: Rule;
  detail?: string;
  remedy?: Remedy;
  conflict?: boolean;
  count?: number;
}, now: Date): ReportRow {
  const r = { key: init.key, module: init.module, entry: init.entry } as ReportRow;
  if (init.request !== undefined) r.request = init.request;
  if (init.previousVersion !== undefined) r.previousVersion = init.previousVersion;
  if (init.version !== undefined) r.version = init.version;
  withTime(r, init.time, now);
  r.changes = init.changes ?? [];
  if (init.listAdded !== undefined && init.listAdded.length > 0) r.listAdded = init.listAdded;
  if (init.listRemoved !== undefined && init.listRemoved.length > 0) r.listRemoved = init.listRemoved;
  if (init.reason !== undefined) r.reason = init.reason;
  if (init.rule !== undefined) r.rule = init.rule;
  if (init.detail !== undefined) r.detail = init.detail;
  if (init.remedy !== undefined) r.remedy = init.remedy;
  if (init.conflict !== undefined) r.conflict = init.conflict;
  if (init.count !== undefined) r.count = init.count;
  return r;
}

function highestLower(lock: Lockfile | undefined, path: string, version: string): string | undefined {
  const vs = lock?.modules.get(path)?.versions;
  if (!vs) return undefined;
  let best: string | undefined;
  for (const v of vs.keys()) {
    if (compareVersion(v, version) < 0 && (best === undefined || compareVersion(v, best) > 0)) best = v;
  }
  return best;
}

function entryTime(lock: Lockfile | undefined, c: { kind: LockEntryKind; path?: string; version?: string }): string | undefined {
  if (!lock || c.path === undefined) return undefined;
  const m = lock.modules.get(c.path);
  if (c.kind === "version" && c.version !== undefined) return m?.versions.get(c.version)?.time;
  if (c.kind === "latest") return m?.latest?.time;
  return undefined;
}

function fieldValue(c: LockEntryChange, field: string, side: "before" | "after"): string | undefined {
  return c.fields.find((f) => f.field === field)?.[side];
}

function changeReason(c: LockEntryChange): string | undefined {
  if (c.kind === "version") {
    const filled = c.fields.filter((f) => f.before === undefined).map((f) => f.field);
    if (filled.length === c.fields.length) return `recorded ${filled.join(", ")} (first fetch)`;
    return undefined;
  }
  if (c.kind === "list") {
    const parts: string[] = [];
    if (c.listAdded?.length) parts.push(`${plural(c.listAdded.length, "new version")}`);
    if (c.listRemoved?.length) parts.push(`${plural(c.listRemoved.length, "version")} no longer listed`);
    return parts.join(", ") || undefined;
  }
  if (c.kind === "latest") {
    const b = fieldValue(c, "version", "before");
    const a = fieldValue(c, "version", "after");
    if (b !== a) return `@latest moved`;
    return undefined;
  }
  return undefined;
}

/** Builds the report model. Pure: the same input gives the same report. */
export function buildReport(input: ReportInput): DriftReport {
  const { mode, now, before, events } = input;
  const after = mode === "record" ? input.after : undefined;
  const policySrc = input.policy ?? after?.policy ?? before?.policy ?? { exempt: [] };
  const policy: LockPolicy = {} as LockPolicy;
  if (policySrc.asOf !== undefined) policy.asOf = policySrc.asOf;
  if (policySrc.minReleaseAge !== undefined) policy.minReleaseAge = policySrc.minReleaseAge;
  policy.exempt = [...policySrc.exempt];

  const diff: LockDiff = after ? diffLockfiles(before, after) : { added: [], changed: [], removed: [] };

  // Added.
  const added = diff.added.map((c) => {
    const module = c.path ?? "";
    if (c.kind === "version") {
      return row({ key: c.key, module, entry: c.kind, previousVersion: highestLower(before, module, c.version!), version: c.version!, time: entryTime(after, c), changes: c.fields }, now);
    }
    if (c.kind === "latest") {
      return row({ key: c.key, module, entry: c.kind, version: fieldValue(c, "version", "after"), time: fieldValue(c, "time", "after"), changes: c.fields }, now);
    }
    return row({ key: c.key, module, entry: c.kind, changes: c.fields, listAdded: c.listAdded }, now);
  });

  // Changed: conflicts first, then the diff's changes.
  const conflicts = [...(input.conflicts ?? [])].sort(
    (a, b) => compareStrings(a.path, b.path) || compareVersion(a.version, b.version) || compareStrings(a.field, b.field),
  );
  const changed: ReportRow[] = conflicts.map((k) =>
    row(
      {
        key: lockEntryKey({ kind: "version", path: k.path, version: k.version }),
        module: k.path,
        entry: "version",
        version: k.version,
        time: entryTime(before, { kind: "version", path: k.path, version: k.version }) ?? (k.field === "time" ? k.locked : undefined),
        changes: [{ field: k.field, before: k.locked, after: k.observed }],
        reason: `upstream ${k.field === "time" ? "time" : k.field === "origin" ? "origin" : k.field + " hash"} differs from the lockfile; the locked value was kept`,
        conflict: true,
      },
      now,
    ),
  );
  for (const c of diff.changed) {
    const module = c.path ?? "";
    if (c.kind === "latest") {
      const prev = fieldValue(c, "version", "before");
      const next = fieldValue(c, "version", "after");
      changed.push(
        row({ key: c.key, module, entry: c.kind, previousVersion: prev !== next ? prev : undefined, version: next ?? entryLatest(after, module), time: entryTime(after, c), changes: c.fields, reason: changeReason(c) }, now),
      );
    } else if (c.kind === "version") {
      changed.push(row({ key: c.key, module, entry: c.kind, version: c.version, time: entryTime(after, c), changes: c.fields, reason: changeReason(c) }, now));
    } else {
      changed.push(row({ key: c.key, module, entry: c.kind, changes: c.fields, listAdded: c.listAdded, listRemoved: c.listRemoved, reason: changeReason(c) }, now));
    }
  }

  const removed = diff.removed.map((c) =>
    row({ key: c.key, module: c.path ?? "", entry: c.kind, version: c.version, time: entryTime(before, c), changes: c.fields, listRemoved: c.listRemoved }, now),
  );

  // Refused (violations) and failed requests: one row per distinct reason.
  const refusedEvents = events.filter((e) => e.source === "refused");
  const failedEvents = events.filter((e) => e.source === "failed");
  const refused = requestRows(refusedEvents, before, now);
  const failed = requestRows(failedEvents, before, now);

  // Unused locked entries (of the lock in force before the job).
  const used = new Set<string>();
  if (input.used) for (const k of input.used) used.add(k);
  else
    for (const e of events) {
      if (e.source === "refused" || e.source === "failed") continue;
      const k = eventEntryKey(e);
      if (k !== undefined) used.add(k);
    }
  const unused = listLockEntries(before)
    .filter((r) => (r.kind === "version" || r.kind === "list" || r.kind === "latest") && !used.has(r.key))
    .map((r) =>
      row(
        {
          key: r.key,
          module: r.path ?? "",
          entry: r.kind,
          version: r.kind === "latest" ? entryLatest(before, r.path!) : r.version,
          time: entryTime(before, r),
        },
        now,
      ),
    );

  // Store vs upstream, per module and version/query.
  const tallies = new Map<string, SourceRow & { order: [string, number, string] }>();
  let fromStore = 0;
  let fromUpstream = 0;
  let fromLockfile = 0;
  for (const e of events) {
    if (e.source === "refused" || e.source === "failed") continue;
    if (e.source === "store") fromStore++;
    else if (e.source === "upstream") fromUpstream++;
    else fromLockfile++;
    const target = e.kind === "list" ? "@v/list" : e.kind === "latest" ? "@latest" : (e.version ?? "?");
    const k = `${e.module} ${target}`;
    let t = tallies.get(k);
    if (!t) {
      t = {
        module: e.module,
        target,
        store: { requests: 0, bytes: 0 },
        upstream: { requests: 0, bytes: 0 },
        lockfile: { requests: 0, bytes: 0 },
        order: [e.module, e.kind === "list" ? 0 : e.kind === "latest" ? 1 : 2, target],
      };
      tallies.set(k, t);
    }
    const src = e.source as "store" | "upstream" | "lockfile";
    t[src].requests++;
    t[src].bytes += e.bytes ?? 0;
  }
  const sources: SourceRow[] = [...tallies.values()]
    .sort((x, y) => compareStrings(x.order[0], y.order[0]) || x.order[1] - y.order[1] || compareVersion(x.order[2], y.order[2]) || compareStrings(x.order[2], y.order[2]))
    .map(({ module, target, store, upstream, lockfile }) => ({ module, target, store, upstream, lockfile }));

  const counts: ReportCounts = {
    added: added.length,
    changed: changed.length,
    conflicts: conflicts.length,
    removed: removed.length,
    refused: refusedEvents.length,
    failed: failedEvents.length,
    unused: unused.length,
    violations: refusedEvents.length + conflicts.length + (input.sumdb?.problems.length ?? 0) + (input.lockfileError ? 1 : 0) + mirrorProblems(input.mirrors).length,
    drift: input.drift?.length ?? 0,
    servedFromStore: fromStore,
    servedFromUpstream: fromUpstream,
    servedFromLockfile: fromLockfile,
  };

  const problems: string[] = [];
  if (counts.refused > 0) problems.push(`${plural(counts.refused, "request")} refused`);
  if (counts.conflicts > 0) problems.push(`${plural(counts.conflicts, "locked value")} contradicted by upstream (conflict)`);
  for (const p of input.sumdb?.problems ?? []) problems.push(`checksum database: ${p.split("\n")[0]}`);
  if (input.lockfileError) problems.push(input.lockfileError);
  problems.push(...mirrorProblems(input.mirrors));
  const verdict = problems.length > 0 ? "fail" : "pass";
  let headline: string;
  if (verdict === "fail") {
    headline = problems.join(", ");
  } else if (mode === "record") {
    const parts: string[] = [];
    if (counts.added) parts.push(`${counts.added} added`);
    if (counts.changed) parts.push(`${counts.changed} changed`);
    if (counts.removed) parts.push(`${counts.removed} removed`);
    headline = parts.length ? `lockfile updated: ${parts.join(", ")}` : "no drift: the lockfile is unchanged";
  } else {
    headline = `no drift: ${plural(counts.servedFromStore + counts.servedFromUpstream + counts.servedFromLockfile, "request")} matched the lockfile`;
  }

  const lockfile: DriftReport["lockfile"] = {} as DriftReport["lockfile"];
  if (input.lockfilePath !== undefined) lockfile.path = input.lockfilePath;
  lockfile.existed = before !== undefined;
  if (input.lockfileWritten !== undefined) lockfile.written = input.lockfileWritten;
  if (input.lockfileError) lockfile.error = input.lockfileError;

  const s = input.stats;
  return {
    reportVersion: REPORT_VERSION,
    mode,
    verdict,
    headline,
    problems,
    generatedAt: formatInstant(now),
    lockfile,
    policy,
    counts,
    stats: {
      requests: s.requests,
      hits: s.hits,
      misses: s.misses,
      bytesFromStore: s.bytesFromStore,
      bytesFromUpstream: s.bytesFromUpstream,
      durationMs: s.durationMs,
      ...(s.shared ? { upstreamFetches: s.upstreamFetches ?? 0, shared: s.shared } : {}),
    },
    added,
    changed,
    removed,
    refused,
    failed,
    unused,
    sources,
    drift: [...(input.drift ?? [])].sort((a, b) => compareStrings(a.module, b.module) || compareVersion(a.version, b.version) || compareStrings(a.field, b.field)),
    evicted: [...(input.evicted ?? [])].sort((a, b) => compareStrings(a.rel, b.rel) || compareStrings(a.reason, b.reason)),
    ...(input.sumdb ? { sumdb: input.sumdb } : {}),
    ...(input.mirrors ? { mirrors: input.mirrors } : {}),
  };
}

/** One row per distinct request outcome (refused or failed), with its count. */
function requestRows(events: readonly ProxyEvent[], before: Lockfile | undefined, now: Date): ReportRow[] {
  const groups = new Map<string, { e: ProxyEvent; count: number }>();
  for (const e of events) {
    const k = JSON.stringify([e.module, e.kind, e.version ?? "", e.reason ?? "", e.expected ?? "", e.actual ?? ""]);
    const g = groups.get(k);
    if (g) {
      g.count++;
      if (g.e.time === undefined && e.time !== undefined) g.e = { ...g.e, time: e.time };
    } else groups.set(k, { e, count: 1 });
  }
  const kindRank: Record<RequestKind, number> = { list: 0, latest: 1, info: 2, mod: 3, zip: 4 };
  return [...groups.values()]
    .sort(
      (x, y) =>
        compareStrings(x.e.module, y.e.module) ||
        compareVersion(x.e.version ?? "", y.e.version ?? "") ||
        compareStrings(x.e.version ?? "", y.e.version ?? "") ||
        kindRank[x.e.kind] - kindRank[y.e.kind] ||
        compareStrings(x.e.reason ?? "", y.e.reason ?? ""),
    )
    .map(({ e, count }) => {
      const changes: FieldChange[] = [];
      if (e.expected !== undefined || e.actual !== undefined) {
        const fc: FieldChange = { field: e.kind };
        if (e.expected !== undefined) fc.before = e.expected;
        if (e.actual !== undefined) fc.after = e.actual;
        changes.push(fc);
      }
      const time = e.time ?? (e.version !== undefined ? before?.modules.get(e.module)?.versions.get(e.version)?.time : undefined);
      return row(
        {
          key: describeRequest(e),
          module: e.module,
          entry: e.kind === "list" ? "list" : e.kind === "latest" ? "latest" : "version",
          request: e.kind,
          version: e.version,
          time,
          changes,
          reason: e.reason ?? "refused",
          rule: e.rule,
          detail: e.detail,
          remedy: e.remedy,
          count,
        },
        now,
      );
    });
}

function entryLatest(lock: Lockfile | undefined, path: string): string | undefined {
  return lock?.modules.get(path)?.latest?.version;
}
