// Content judged against the lockfile: the h1: hashes of a version's .mod and
// .zip, and its .info. The hashes are computed by the request path and
// handed in.
import type { Origin } from "../lock/model.js";
import { instantMs, lockedVersion, type PolicyContext } from "./context.js";
import { Refusal } from "./refusal.js";

export type HashKind = "mod" | "zip";

const FIELD_NAME = { mod: "go.mod hash", zip: "zip hash", time: ".info time" } as const;

/** A locked value the content contradicts; undefined when it agrees or nothing is locked. */
export function lockMismatch(
  ctx: PolicyContext,
  module: string,
  version: string,
  field: HashKind | "time",
  actual: string,
): Refusal | undefined {
  const lv = lockedVersion(ctx, module, version);
  const lockedValue = lv?.[field];
  if (lockedValue === undefined) return undefined;
  const same = field === "time" ? instantMs(lockedValue) === instantMs(actual) : lockedValue === actual;
  if (same) return undefined;
  return new Refusal({
    module,
    version,
    mode: ctx.mode,
    rule: "lock-mismatch",
    expected: lockedValue,
    actual,
    detail: `${module}@${version}: ${FIELD_NAME[field]} mismatch: ${ctx.lockfileName} has ${lockedValue}, the ${field === "time" ? "upstream says" : "content served hashes to"} ${actual}. ${
      ctx.mode === "record" ? "A locked version never changes; gopin will not rewrite the lock." : "The module changed since it was locked."
    }`,
  });
}

/** A locked .info time the upstream's .info does not have at all. */
export function missingTime(ctx: PolicyContext, module: string, version: string, time: string | undefined): Refusal | undefined {
  const locked = lockedVersion(ctx, module, version)?.time;
  if (ctx.mode !== "verify" || !locked || time !== undefined) return undefined;
  return new Refusal({
    module,
    version,
    mode: "verify",
    rule: "lock-mismatch",
    expected: locked,
    actual: "(none)",
    detail: `${module}@${version}: ${ctx.lockfileName} has .info time ${locked}, the upstream's .info has none.`,
  });
}

/** The Origin of an `.info` answer, as the lockfile keeps it. */
export function originFromInfo(o: Record<string, unknown> | undefined): Origin | undefined {
  if (!o) return undefined;
  const out: Origin = {};
  const s = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : undefined);
  if (s("VCS")) out.vcs = s("VCS");
  if (s("URL")) out.url = s("URL");
  if (s("Subdir")) out.subdir = s("Subdir");
  if (s("Ref")) out.ref = s("Ref");
  if (s("Hash")) out.hash = s("Hash");
  return Object.keys(out).length ? out : undefined;
}
