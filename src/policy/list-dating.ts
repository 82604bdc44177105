// How much of one `@v/list` answer gopin dates under a time window. Each
// version's time costs an upstream `.info` request (and a store write), so a
// list of thousands must not turn into thousands of requests. A list within
// the bound is dated whole. A longer one is dated newest first, up to the
// bound, stopping once a version inside the window is found (the newest
// version go may see is then decided); an undated version is never shown (it
// could be outside the window), and a list whose dated part holds nothing
// inside the window is refused, saying what to do instead.
import { compareVersion } from "../gomod/semver.js";
import { describeWindow } from "./window.js";
import { Refusal } from "./refusal.js";
import type { PolicyContext } from "./context.js";

/** The most versions of one list gopin dates with upstream requests. */
export const LIST_DATING_LIMIT = 100;

/**
 * The versions of `all` to date with an upstream request, newest first:
 * every one when they fit the bound, else the newest `limit` (`bounded`).
 * Versions whose time the lock holds cost nothing and are not counted.
 */
export function versionsToDate(all: readonly string[], hasLockedTime: (v: string) => boolean, limit = LIST_DATING_LIMIT): { toDate: string[]; bounded: boolean } {
  const need = all.filter((v) => !hasLockedTime(v)).sort((a, b) => compareVersion(b, a));
  return need.length <= limit ? { toDate: need, bounded: false } : { toDate: need.slice(0, limit), bounded: true };
}

/** A bounded list with nothing inside the window among the versions dated: which older one go may see is undecided. */
export function undatedListRefusal(ctx: PolicyContext, module: string, listed: number, limit = LIST_DATING_LIMIT): Refusal {
  return new Refusal({
    module,
    rule: "list-dating-limit",
    detail:
      `${module}: its version list has ${listed} versions; gopin dates at most ${limit} per list (newest first) against the time window (${describeWindow(ctx)}), ` +
      `and none of those is inside it, so the list is not served. Require an exact version instead (e.g. go get ${module}@VERSION); a version asked for by name is judged by its own .info time.`,
  });
}
