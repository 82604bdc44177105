// The time window: `as-of` pins version queries to an instant and
// `min-release-age` refuses versions younger than a cooldown. Evidence of a
// version's age is its `.info` time and, stronger, its checksum-database
// record number dated against tree heads gopin saw (handed in by the caller).
import { isPseudoVersion, pseudoVersionTime } from "../gomod/pseudo.js";
import { compareVersion, prerelease } from "../gomod/semver.js";
import type { RecordDating } from "../sumdb/client.js";
import { formatDuration, formatInstant } from "../time/format.js";
import { hasWindow, instantMs, lockedHead, type PolicyContext } from "./context.js";
import { Refusal } from "./refusal.js";

/**
 * One time-window decision about a version, with the evidence that decided
 * it: the `.info` time, or the checksum database (a record number against a
 * tree head gopin saw at a known time, or against the locked tree head).
 */
export interface TimeVerdict {
  module: string;
  version: string;
  verdict: "admitted" | "refused";
  /** The rule that refused it (refused verdicts). */
  rule?: "as-of" | "min-release-age";
  evidence: "info" | "sumdb";
  detail: string;
  /** The time judged (see windowTime), when known. */
  time?: string;
  /** The checksum-database record number, when known. */
  rec?: number;
}

export function describeWindow(ctx: PolicyContext): string {
  const w = ctx.window;
  const parts: string[] = [];
  if (w.asOf) parts.push(`as-of ${formatInstant(w.asOf)}`);
  if (w.minReleaseAgeMs) parts.push(`min-release-age ${formatDuration(w.minReleaseAgeMs)}`);
  return parts.join(", ") || "no time window";
}

/** The release-age rule for a version fetched by name; undefined when it may be served. */
export function ageRefusal(ctx: PolicyContext, module: string, version: string, infoTime: string | undefined): Refusal | undefined {
  const { minReleaseAgeMs, allow } = ctx.window;
  if (!minReleaseAgeMs || allow.has(`${module}@${version}`)) return undefined;
  const time = windowTime(version, infoTime);
  const t = instantMs(time);
  const min = formatDuration(minReleaseAgeMs);
  const target = `${module}@${version}`;
  if (t === undefined) {
    return new Refusal({
      module,
      version,
      rule: "min-release-age",
      detail: `${target}: has no publication time, and min-release-age ${min} fails closed.`,
      remedy: { kind: "allow", target },
    });
  }
  const now = ctx.now().getTime();
  const age = now - t;
  if (age >= minReleaseAgeMs) return undefined;
  const ageText = formatDuration(Math.max(0, Math.floor(age / 1000) * 1000));
  return new Refusal({
    module,
    version,
    rule: "min-release-age",
    expected: `published before ${formatInstant(new Date(now - minReleaseAgeMs))} (min-release-age ${min})`,
    actual: `published ${time} (age ${ageText})`,
    detail: `${target} was published ${time}, ${ageText} ago, younger than min-release-age ${min}.`,
    remedy: { kind: "wait-or-allow", target },
  });
}

/**
 * The time the window judges a version by. A pseudo-version's timestamp is
 * part of the version string, which is what go.sum and the checksum database
 * authenticate (and what `go` checks against the commit when it resolves one
 * from version control, cmd/go/internal/modfetch/coderepo.go
 * validatePseudoVersion); its `.info` time is unauthenticated metadata that
 * mirrors report differently. Any other version is judged by its `.info` time.
 */
export function windowTime(version: string, infoTime: string | undefined): string | undefined {
  return isPseudoVersion(version) ? formatInstant(pseudoVersionTime(version)) : infoTime;
}

/** Whether a version is inside the time window for version queries. */
export function visible(ctx: PolicyContext, module: string, version: string, time: string | undefined): boolean {
  const { asOf, minReleaseAgeMs, allow } = ctx.window;
  const t = instantMs(windowTime(version, time));
  if (asOf && (t === undefined || t > asOf.getTime())) return false;
  if (minReleaseAgeMs && !allow.has(`${module}@${version}`)) {
    if (t === undefined || ctx.now().getTime() - t < minReleaseAgeMs) return false;
  }
  return true;
}

/** The versions of a list answer inside the window, given their times (same order). */
export function visibleVersions(ctx: PolicyContext, module: string, versions: readonly string[], times: readonly (string | undefined)[]): string[] {
  if (!hasWindow(ctx)) return [...versions];
  return versions.filter((v, i) => visible(ctx, module, v, times[i]));
}

/**
 * The version whose go.mod says what is retracted: the newest release (else
 * the newest version). Hiding newer versions must not resurrect versions
 * their author retracted, so the caller reads this go.mod when any were hidden.
 */
export function retractionSource(versions: readonly string[]): string | undefined {
  const sorted = [...versions].sort(compareVersion);
  const releases = sorted.filter((v) => prerelease(v) === "");
  return (releases.length ? releases : sorted).at(-1);
}

/** Drops versions inside any retracted [low, high] range. */
export function withoutRetracted(versions: readonly string[], ranges: readonly { low: string; high: string }[]): string[] {
  return versions.filter((v) => !ranges.some((r) => compareVersion(r.low, v) <= 0 && compareVersion(v, r.high) <= 0));
}

/** @latest outside the window: refused with 404 so go can fall back to the list. */
export function latestRefusal(ctx: PolicyContext, module: string, version: string, infoTime: string | undefined): Refusal | undefined {
  if (!hasWindow(ctx) || visible(ctx, module, version, infoTime)) return undefined;
  const time = windowTime(version, infoTime);
  return new Refusal({
    module,
    version,
    rule: "latest-outside-window",
    actual: time,
    detail: `the latest version of ${module} (${version}, published ${time ?? "at an unknown time"}) is outside the time window (${describeWindow(ctx)}); no older version is offered by @latest.`,
  });
}

/** Whether the window in force is the lock's own and the lock has a tree head (that head is the window's edge). */
export function asOfPinned(ctx: PolicyContext): boolean {
  const asOf = ctx.window.asOf;
  const recorded = ctx.lock?.policy.asOf;
  if (!asOf || !recorded || !lockedHead(ctx)) return false;
  const t = instantMs(recorded) ?? instantMs(recorded + "T00:00:00Z");
  return t === asOf.getTime();
}

export interface WindowEvidence {
  /** The `.info` time. */
  time?: string;
  /** The checksum-database record number. */
  rec?: number;
  /** What the tree heads gopin has seen say about when `rec` became public. */
  dating?: RecordDating;
}

/**
 * The time window for a version fetched by name, with both kinds of evidence.
 * A record proves a version is at least as young as the database says,
 * whatever its commit time claims. Returns the verdict to report, and the
 * refusal when it is outside.
 */
export function judgeWindow(
  ctx: PolicyContext,
  module: string,
  version: string,
  ev: WindowEvidence,
): { refusal?: Refusal; verdict?: TimeVerdict } {
  const w = ctx.window;
  if (!hasWindow(ctx)) return {};
  const { rec, dating } = ev;
  const time = windowTime(version, ev.time);
  const timeLabel = isPseudoVersion(version) ? "pseudo-version time" : ".info time";
  const db = ctx.sumdbName;
  const base = { module, version, ...(time !== undefined ? { time } : {}), ...(rec !== undefined ? { rec } : {}) };
  const target = `${module}@${version}`;
  const bySumdb = (rule: "as-of" | "min-release-age", detail: string, expected: string, actual: string) => ({
    verdict: { ...base, verdict: "refused" as const, rule, evidence: "sumdb" as const, detail },
    refusal: new Refusal({
      module,
      version,
      rule,
      expected,
      actual,
      detail: `${target}: outside the time window (${rule === "as-of" ? `as-of ${formatInstant(w.asOf!)}` : `min-release-age ${formatDuration(w.minReleaseAgeMs!)}`}): ${detail}. Its ${timeLabel} (${time ?? "none"}) does not count against the log.`,
      ...(rule === "min-release-age" ? { remedy: { kind: "allow" as const, target } } : {}),
    }),
  });
  // 1. The as-of is the lock's and the lock has a tree head: a record at or
  //    beyond that size was not public when the lock was recorded.
  const head = lockedHead(ctx);
  if (rec !== undefined && db && head && asOfPinned(ctx) && rec >= head.size) {
    return bySumdb(
      "as-of",
      `its checksum database record ${rec} is at or beyond the tree size ${head.size} locked in ${ctx.lockfileName}, so it was not public when the lock was made`,
      `a ${db} record below ${head.size}`,
      `record ${rec}`,
    );
  }
  // 2. The .info time.
  const age = ageRefusal(ctx, module, version, time);
  if (age) return { refusal: age, verdict: { ...base, verdict: "refused", rule: "min-release-age", evidence: "info", detail: `${timeLabel} ${time ?? "(none)"}` } };
  // 3. The log as a clock: the record was not in a tree seen at `after.seen`.
  const after = db ? dating?.after : undefined;
  if (after) {
    const seen = Date.parse(after.seen);
    const detail = `its checksum database record ${rec} was not yet in the ${db} tree of size ${after.size} that gopin saw at ${after.seen}, so it was published after that`;
    if (w.asOf && seen > w.asOf.getTime()) return bySumdb("as-of", detail, `published by ${formatInstant(w.asOf)}`, `published after ${after.seen}`);
    if (w.minReleaseAgeMs && !w.allow.has(target) && ctx.now().getTime() - seen < w.minReleaseAgeMs) {
      return bySumdb("min-release-age", detail, `published before ${formatInstant(new Date(ctx.now().getTime() - w.minReleaseAgeMs))}`, `published after ${after.seen}`);
    }
  }
  const by = db ? dating?.by : undefined;
  const detail =
    after || by
      ? [
          `${timeLabel} ${time ?? "(none)"}`,
          after ? `checksum database: published after ${after.seen} (record ${rec} ≥ tree size ${after.size})` : "",
          by ? `checksum database: public by ${by.seen} (record ${rec} < tree size ${by.size})` : "",
        ]
          .filter(Boolean)
          .join("; ")
      : `${timeLabel} ${time ?? "(none)"}${rec !== undefined ? `; checksum database record ${rec} (no earlier tree head seen to date it)` : ""}`;
  return { verdict: { ...base, verdict: "admitted", evidence: after || by ? "sumdb" : "info", detail } };
}
