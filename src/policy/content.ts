// Content judged against the lockfile: the h1: hashes of a version's .mod and
// .zip, and its .info. The hashes are computed by the request path and
// handed in.
import { isPseudoVersion, pseudoVersionTime } from "../gomod/pseudo.js";
import { originsEqual, type Origin } from "../lock/model.js";
import { scrub, withoutUserinfo } from "../observe/scrub.js";
import { formatInstant } from "../time/format.js";
import { formatOrigin } from "../lock/syntax.js";
import { instantMs, lockedVersion, type PolicyContext } from "./context.js";
import { Refusal } from "./refusal.js";

export type HashKind = "mod" | "zip";

const FIELD_NAME = { mod: "go.mod hash", zip: "zip hash" } as const;

/** A locked value the content contradicts; undefined when it agrees or nothing is locked. */
export function lockMismatch(
  ctx: PolicyContext,
  module: string,
  version: string,
  field: HashKind,
  actual: string,
): Refusal | undefined {
  const lockedValue = lockedVersion(ctx, module, version)?.[field];
  if (lockedValue === undefined || lockedValue === actual) return undefined;
  return new Refusal({
    module,
    version,
    mode: ctx.mode,
    rule: "lock-mismatch",
    expected: lockedValue,
    actual,
    detail: `${module}@${version}: ${FIELD_NAME[field]} mismatch: ${ctx.lockfileName} has ${lockedValue}, the content served hashes to ${actual}. ${
      ctx.mode === "record" ? "A locked version never changes; gopin will not rewrite the lock." : "Either the lockfile was edited or the upstream now serves other bytes; the drift report tells which when it can compare with the base lockfile."
    }`,
  });
}

/**
 * Upstream drift: an `.info` whose time or origin differs from what the lock
 * pins for the version. `.info` is unauthenticated metadata that mirrors
 * report differently and that changes over time, so drift is reported, never
 * a violation; the lock keeps its values (integrity is the h1: hashes').
 */
export interface Drift {
  module: string;
  version: string;
  /** `pseudo-time`: a pseudo-version's `.info` time differs from the timestamp in the version string. */
  field: "time" | "origin" | "pseudo-time";
  /** The locked value (for `pseudo-time`, the version string's timestamp). */
  locked: string;
  /** What the upstream said ("(none)" when it said nothing). */
  upstream: string;
}

export function infoDrift(ctx: Pick<PolicyContext, "lock">, module: string, version: string, time: string | undefined, origin: Origin | undefined): Drift[] {
  const lv = lockedVersion(ctx, module, version);
  if (!lv) return [];
  const out: Drift[] = [];
  if (lv.time !== undefined && (time === undefined || instantMs(time) !== instantMs(lv.time))) {
    out.push({ module, version, field: "time", locked: lv.time, upstream: time ?? "(none)" });
  }
  if (lv.origin !== undefined && origin !== undefined && !originsEqual(lv.origin, origin)) {
    out.push({ module, version, field: "origin", locked: formatOrigin(lv.origin), upstream: formatOrigin(origin) });
  }
  return out;
}

/**
 * A pseudo-version whose `.info` time is not the timestamp in its version
 * string. `go` does not check this for proxy answers and mirrors serve other
 * times (e.g. when they first saw the commit), so it is drift; the time
 * window judges the version string's timestamp (window.ts windowTime).
 */
export function pseudoTimeDrift(module: string, version: string, time: string | undefined): Drift | undefined {
  if (!isPseudoVersion(version) || time === undefined) return undefined;
  const own = pseudoVersionTime(version);
  const got = instantMs(time);
  if (got !== undefined && Math.floor(got / 1000) === Math.floor(own.getTime() / 1000)) return undefined;
  return { module, version, field: "pseudo-time", locked: formatInstant(own), upstream: time };
}

/**
 * The Origin of an `.info` answer, as the lockfile keeps it: the URL without
 * userinfo, and no known credential in any field.
 */
export function originFromInfo(o: Record<string, unknown> | undefined): Origin | undefined {
  if (!o) return undefined;
  const out: Origin = {};
  const s = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? scrub(o[k] as string) : undefined);
  if (s("VCS")) out.vcs = s("VCS");
  const url = typeof o.URL === "string" ? withoutUserinfo(o.URL) : "";
  if (url) out.url = scrub(url);
  if (s("Subdir")) out.subdir = s("Subdir");
  if (s("Ref")) out.ref = s("Ref");
  if (s("Hash")) out.hash = s("Hash");
  return Object.keys(out).length ? out : undefined;
}
