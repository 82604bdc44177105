// What every policy decision reads: the mode, the lockfile as it was before
// the job, the time window, and the clock. Plain data: the policy reads no
// files, makes no requests and calls nothing back.
import type { Lockfile, LockedVersion, SumdbTreeHead } from "../lock/model.js";
import { matchPrefixPatterns } from "../gomod/patterns.js";
import type { Advice, Mode } from "./refusal.js";

export interface TimeWindow {
  /** Version queries see only versions published at or before this instant. */
  asOf?: Date;
  /** Versions younger than this are hidden from queries and refused by name. */
  minReleaseAgeMs?: number;
  /** Exact module@version exemptions from the release-age rule. */
  allow: Set<string>;
}

export interface PolicyContext {
  mode: Mode;
  lock: Lockfile | undefined;
  /** The lockfile's name as messages show it. */
  lockfileName: string;
  window: TimeWindow;
  /** The checksum database hashes are checked against (undefined: off). */
  sumdbName?: string;
  /** GONOSUMDB-style patterns never looked up in the checksum database. */
  noSumDb: string;
  advice: Advice;
  now(): Date;
}

export function lockedVersion(ctx: Pick<PolicyContext, "lock">, module: string, version: string): LockedVersion | undefined {
  return ctx.lock?.modules.get(module)?.versions.get(version);
}

/** The locked tree head of the configured checksum database. */
export function lockedHead(ctx: PolicyContext): SumdbTreeHead | undefined {
  return ctx.sumdbName ? ctx.lock?.sumdb.get(ctx.sumdbName) : undefined;
}

/** Whether `module`'s hashes are checked against the checksum database. */
export function sumdbApplies(ctx: PolicyContext, module: string): boolean {
  if (!ctx.sumdbName) return false;
  return !(ctx.noSumDb && matchPrefixPatterns(ctx.noSumDb, module));
}

export function hasWindow(ctx: PolicyContext): boolean {
  return Boolean(ctx.window.asOf || ctx.window.minReleaseAgeMs);
}

/** Milliseconds of an RFC 3339 time, or undefined. */
export function instantMs(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const n = Date.parse(t);
  return Number.isNaN(n) ? undefined : n;
}
