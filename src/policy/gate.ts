// The verify gate: what can be decided before any content is fetched. Verify
// mode answers list and @latest from the lockfile and refuses anything the
// lockfile does not hold, so no upstream traffic happens for it. Record mode
// lets everything through to be fetched and judged.
import type { ModuleRequest } from "../protocol/request.js";
import { lockEntryKey } from "../lock/merge.js";
import { lockedInfo, missingAnswer } from "../lock/model.js";
import { lockedHead, lockedVersion, type PolicyContext } from "./context.js";
import { Refusal } from "./refusal.js";
import { toolchainTarget } from "../gomod/toolchain.js";

export type GateDecision =
  /** Answer from the lockfile; `uses` is the locked entry it used. */
  | { kind: "answer"; body: Buffer; uses: string }
  | { kind: "refuse"; refusal: Refusal }
  /** Answer "not found" (404), as the lockfile pins it; `uses` is that entry. */
  | { kind: "not-found"; detail: string; uses: string }
  /** Fetch and judge the content; `uses` is the locked entry it touches, if any. */
  | { kind: "fetch"; uses?: string };

export function gate(ctx: PolicyContext, req: ModuleRequest): GateDecision {
  const listKey = () => lockEntryKey({ kind: "list", path: req.module });
  const latestKey = () => lockEntryKey({ kind: "latest", path: req.module });
  if (ctx.mode !== "verify") {
    if (req.kind === "list") return { kind: "fetch", uses: listKey() };
    if (req.kind === "latest") return { kind: "fetch", uses: latestKey() };
    const locked = req.version !== undefined && req.canonical && lockedVersion(ctx, req.module, req.version);
    return locked ? { kind: "fetch", uses: lockEntryKey({ kind: "version", path: req.module, version: req.version! }) } : { kind: "fetch" };
  }
  const name = ctx.lockfileName;
  const mod = ctx.lock?.modules.get(req.module);
  // The recording job was told "not found": go moves on (a path prefix that
  // is not a module, an untagged module's @latest, an unknown version).
  const answer = missingAnswer(req);
  const missing: GateDecision | undefined = mod?.missing?.has(answer)
    ? { kind: "not-found", detail: `${req.module}/${answer}: not found (pinned by ${name})`, uses: lockEntryKey({ kind: "missing", path: req.module, answer }) }
    : undefined;
  const refuse = (r: ConstructorParameters<typeof Refusal>[0]): GateDecision => ({ kind: "refuse", refusal: new Refusal({ mode: "verify", ...r }) });
  switch (req.kind) {
    case "list":
      if (!mod?.list) {
        return missing ?? refuse({
          module: req.module,
          rule: "no-locked-answer",
          detail: `${req.module}/@v/list: ${name} holds no answer for this version list, so the query cannot be answered reproducibly.`,
          remedy: { kind: "re-record" },
        });
      }
      return { kind: "answer", body: Buffer.from(mod.list.map((v) => v + "\n").join("")), uses: listKey() };
    case "latest": {
      if (!mod?.latest) {
        return missing ?? refuse({
          module: req.module,
          rule: "no-locked-answer",
          detail: `${req.module}/@latest: ${name} holds no @latest answer for this module, so the query cannot be answered reproducibly.`,
          remedy: { kind: "re-record" },
        });
      }
      const info: Record<string, string> = { Version: mod.latest.version };
      if (mod.latest.time) info.Time = mod.latest.time;
      return { kind: "answer", body: Buffer.from(JSON.stringify(info)), uses: latestKey() };
    }
    default: {
      const version = req.version!;
      if (!req.canonical) {
        return missing ?? refuse({
          module: req.module,
          version,
          rule: "version-query",
          detail: `${req.module}@${version}: a version query (not a canonical version); verify mode serves only versions locked in ${name}.`,
        });
      }
      const lv = lockedVersion(ctx, req.module, version);
      if (!lv) {
        return missing ?? refuse({
          module: req.module,
          version,
          rule: "not-locked",
          detail: notLockedDetail(req.module, version, name),
          remedy: { kind: "re-record" },
        });
      }
      if (req.kind !== "info" && !lv[req.kind]) {
        return refuse({
          module: req.module,
          version,
          rule: "missing-hash",
          detail: `${req.module}@${version}: ${name} locks it without a ${req.kind === "zip" ? "zip" : "go.mod"} hash (the recording job never fetched its .${req.kind}).`,
          remedy: { kind: "re-record" },
        });
      }
      const head = lockedHead(ctx);
      if (head && lv.sumdbRecord !== undefined && lv.sumdbRecord >= head.size) {
        return refuse({
          module: req.module,
          version,
          rule: "beyond-locked-head",
          expected: `a checksum database record below ${head.size} (the locked ${ctx.sumdbName} tree size)`,
          actual: `record ${lv.sumdbRecord}`,
          detail: `${req.module}@${version}: outside the time window: ${name} gives it checksum database record ${lv.sumdbRecord}, at or beyond the locked tree size ${head.size}, so it was not public when the lock was made (whatever its commit time says).`,
          remedy: { kind: "re-record" },
        });
      }
      const uses = lockEntryKey({ kind: "version", path: req.module, version });
      // The lock pins .info: its time and origin are metadata that mirrors
      // report differently, so verify answers them from the lockfile.
      if (req.kind === "info" && lv.time !== undefined) return { kind: "answer", body: lockedInfo(version, lv), uses };
      return { kind: "fetch", uses };
    }
  }
}

/** Why a version is refused in verify mode; a toolchain says which Go was asked for. */
function notLockedDetail(module: string, version: string, lockfile: string): string {
  const tc = toolchainTarget(module, version);
  if (tc) return `${tc.go} for ${tc.platform} (${module}@${version}) is not in ${lockfile} (go fetches a toolchain when go.mod's go or toolchain line, GOTOOLCHAIN or go get go@… asks for another Go); verify mode serves only locked versions.`;
  return `${module}@${version}: not in ${lockfile}; verify mode serves only locked versions.`;
}
