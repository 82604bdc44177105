// What failed, one finding per module version (or version query): the
// refused requests and lockfile conflicts of a report grouped by what they are
// about (a version's .mod and .zip are one finding), with the cause when the
// lockfile at the base of the change tells it (the lockfile was edited, or the
// upstream now serves other bytes) and the next step, worded for the entry
// point the reader drives gopin through.
import { compareStrings, compareVersion } from "../gomod/semver.js";
import { lockedVersion, type Lockfile } from "../lock/model.js";
import { remedyBrief, remedyText, type Advice, type Remedy, type Rule } from "../policy/refusal.js";
import type { DriftReport, ReportRow } from "./model.js";

/**
 * The lockfile at the base of the change under review (a pull request's base
 * commit, or a file or revision given to the CLI), or why there is none.
 */
export type BaseLock =
  /** `lock` undefined: the base has no lockfile. `rev`: the git revision it was read from (absent for a file). */
  | { label: string; rev?: string; lock: Lockfile | undefined }
  | { unavailable: string };

export type CauseKind =
  /** The base locks other hashes for this version: the change under review edited them. */
  | "lockfile-edited"
  /** The base locks the same hashes: the content served changed since. */
  | "upstream-changed"
  /** The base does not lock this version: whether it was edited or the upstream changed cannot be known. */
  | "added-here"
  /** Not locked, but the base locks it: the change removed it. */
  | "removed-here"
  /** Not locked at the base either: a version the build newly needs. */
  | "new-version"
  /** No base lockfile to compare with. */
  | "unknown";

export interface Finding {
  /** `module@version`, `module/@v/list` or `module@latest`. */
  target: string;
  module: string;
  version?: string;
  /** Short phrases: what failed (one per distinct rule). */
  what: string[];
  cause?: { kind: CauseKind; text: string };
  /** The next step, naming the entry point's flags or inputs: the whole sentence ("" when the reason is all there is), and a few words for a table cell. */
  next: string;
  nextBrief: string;
  /** The requests behind it: `.mod`, `.zip ×2`, `lock merge`. */
  requests: string[];
  /** The full reasons, one per distinct refusal or conflict. */
  details: string[];
}

export interface FindingsContext {
  advice: Advice;
  /** The lockfile as the reader knows it (e.g. `gopin.lock`). */
  lockfile: string;
  /** The lock in force during the job (verify: the lockfile; record: the lock it merged into). */
  lock?: Lockfile;
  /** The base lockfile; undefined when none was looked for. */
  base?: BaseLock;
}

const WHAT: Record<Rule, string> = {
  "not-locked": "not in the lockfile",
  "no-locked-answer": "no locked answer for this query",
  "version-query": "a branch or commit query, not a locked version",
  "missing-hash": "locked without this file's hash",
  "lock-mismatch": "hash differs from the lockfile",
  "beyond-locked-head": "newer than the locked checksum-database tree head",
  "as-of": "published after as-of",
  "min-release-age": "younger than min-release-age",
  "latest-outside-window": "@latest is outside the time window",
  "list-dating-limit": "too many undated versions in the list to apply the time window",
  "sumdb-unknown": "unknown to the checksum database",
  "sumdb-mismatch": "hash differs from the checksum database",
  "sumdb-unavailable": "the checksum database could not be reached",
  "sumdb-security": "the checksum database misbehaved",
  inadmissible: "the upstream's answer breaks Go's rules",
  "private-lookup": "a private module asked of the checksum database",
  unverifiable: "could not be verified",
};

/** Rules without a remedy of their own: what to do about them. */
const DEFAULT_REMEDY: Partial<Record<Rule, Remedy>> = {
  "sumdb-mismatch": { kind: "other-upstream" },
  "sumdb-security": { kind: "other-upstream" },
  inadmissible: { kind: "other-upstream" },
  "sumdb-unavailable": { kind: "retry" },
  unverifiable: { kind: "retry" },
  "latest-outside-window": { kind: "re-record" },
};

/** What a row is about: `module@version`, `module/@v/list` or `module@latest`. */
export function targetOf(r: ReportRow): string {
  const kind = r.request ?? r.entry;
  if (kind === "list") return `${r.module}/@v/list`;
  if (kind === "latest") return `${r.module}@latest`;
  return `${r.module}@${r.version ?? "?"}`;
}

/** The hash field a row is about (`mod`/`zip`), when it is a hash mismatch with the lock. */
function hashField(r: ReportRow): "mod" | "zip" | undefined {
  const f = r.conflict ? r.changes[0]?.field : r.rule === "lock-mismatch" ? r.request : undefined;
  return f === "mod" || f === "zip" ? f : undefined;
}

function whatOf(r: ReportRow): string {
  const field = hashField(r);
  if (field) return `${field === "zip" ? "zip" : "go.mod"} hash differs from the lockfile`;
  if (r.conflict) return `upstream ${r.changes[0]?.field ?? "value"} contradicts the lockfile`;
  if (r.rule) return WHAT[r.rule];
  return r.reason ?? "refused";
}

function requestLabel(r: ReportRow): string {
  if (r.conflict) return "lock merge";
  const k = r.request;
  const name = k === "list" ? "@v/list" : k === "latest" ? "@latest" : `.${k ?? "?"}`;
  return r.count && r.count > 1 ? `${name} ×${r.count}` : name;
}

function shortRev(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 12) : rev;
}

function hashCause(rows: ReportRow[], ctx: FindingsContext, module: string, version: string): Finding["cause"] {
  const base = ctx.base;
  if (!base || "unavailable" in base) return { kind: "unknown", text: "lockfile edit or upstream change: cannot be told apart without the base lockfile" };
  const baseV = lockedVersion(base.lock, module, version);
  let edited = false;
  let same = false;
  for (const r of rows) {
    const field = hashField(r);
    if (!field) continue;
    const locked = lockedVersion(ctx.lock, module, version)?.[field] ?? r.changes[0]?.before;
    const atBase = baseV?.[field];
    if (atBase === undefined) continue;
    if (atBase === locked) same = true;
    else edited = true;
  }
  if (edited) return { kind: "lockfile-edited", text: "lockfile edited: the base locks another hash" };
  if (same) return { kind: "upstream-changed", text: "upstream changed: the base locks the same hash" };
  return { kind: "added-here", text: "locked since the base: an edit or an upstream change cannot be told apart" };
}

function lockedCause(ctx: FindingsContext, module: string, version: string): Finding["cause"] {
  const base = ctx.base;
  if (!base || "unavailable" in base) return undefined;
  return lockedVersion(base.lock, module, version)
    ? { kind: "removed-here", text: "removed from the lockfile since the base" }
    : { kind: "new-version", text: "new: not locked at the base either" };
}

function nextStep(rows: ReportRow[], cause: Finding["cause"], ctx: FindingsContext, module: string): Pick<Finding, "next" | "nextBrief"> {
  const base = ctx.base && !("unavailable" in ctx.base) ? ctx.base : undefined;
  let remedy: Remedy | undefined;
  if (cause?.kind === "lockfile-edited" && base?.rev !== undefined) remedy = { kind: "restore-lock", lockfile: ctx.lockfile, base: shortRev(base.rev) };
  else if (cause?.kind === "lockfile-edited") remedy = { kind: "re-record" };
  else if (rows.some((r) => hashField(r))) remedy = { kind: "other-upstream" };
  else if (rows.some((r) => r.rule === "version-query")) remedy = { kind: "canonical-version", module };
  else remedy = rows.find((r) => r.remedy)?.remedy ?? rows.map((r) => (r.rule ? DEFAULT_REMEDY[r.rule] : undefined)).find((x) => x);
  return remedy ? { next: remedyText(remedy, ctx.advice), nextBrief: remedyBrief(remedy, ctx.advice) } : { next: "", nextBrief: "See the reason below" };
}

/** One finding per module version or version query, in module then version order. */
export function findings(report: DriftReport, ctx: FindingsContext): Finding[] {
  const groups = new Map<string, ReportRow[]>();
  for (const r of [...report.refused, ...report.changed.filter((c) => c.conflict)]) {
    const t = targetOf(r);
    groups.set(t, [...(groups.get(t) ?? []), r]);
  }
  const out: Finding[] = [];
  for (const [target, rows] of groups) {
    const first = rows[0]!;
    const version = first.request === "list" || first.request === "latest" ? undefined : first.version;
    let cause: Finding["cause"];
    if (version !== undefined && rows.some((r) => hashField(r))) cause = hashCause(rows, ctx, first.module, version);
    else if (version !== undefined && rows.some((r) => r.rule === "not-locked")) cause = lockedCause(ctx, first.module, version);
    const f: Finding = {
      target,
      module: first.module,
      what: [...new Set(rows.map(whatOf))],
      ...nextStep(rows, cause, ctx, first.module),
      requests: rows.map(requestLabel),
      details: [...new Set(rows.map((r) => r.detail ?? r.reason ?? "refused"))],
    };
    if (version !== undefined) f.version = version;
    if (cause) f.cause = cause;
    out.push(f);
  }
  return out.sort((a, b) => compareStrings(a.module, b.module) || compareVersion(a.version ?? "", b.version ?? "") || compareStrings(a.target, b.target));
}
