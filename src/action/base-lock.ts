// The Action's base lockfile: the lockfile at the pull request's base commit
// (or, for a push, at the commit before it), read from the checkout with git.
import { readFileSync } from "node:fs";
import { lockfileAtRevision } from "../core/base-lockfile.js";
import type { BaseLock } from "../report/findings.js";

const NULL_SHA = /^0+$/;

/** The base revision the event names, or why there is none. */
export function baseRevision(env: NodeJS.ProcessEnv): { rev: string; label: string } | { none: string } {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return { none: "the job has no event payload (GITHUB_EVENT_PATH)" };
  let event: { pull_request?: { base?: { sha?: unknown } }; before?: unknown };
  try {
    event = JSON.parse(readFileSync(path, "utf8")) as typeof event;
  } catch (e) {
    return { none: `cannot read the event payload ${path}: ${(e as Error).message}` };
  }
  const pr = event.pull_request?.base?.sha;
  if (typeof pr === "string" && pr !== "") return { rev: pr, label: `the pull request's base ${pr.slice(0, 12)}` };
  const before = event.before;
  if (typeof before === "string" && before !== "" && !NULL_SHA.test(before)) return { rev: before, label: `the commit before this push ${before.slice(0, 12)}` };
  return { none: `the ${env.GITHUB_EVENT_NAME || "job's"} event names no base commit` };
}

export async function actionBaseLock(env: NodeJS.ProcessEnv, lockfile: string): Promise<BaseLock> {
  const r = baseRevision(env);
  if ("none" in r) return { unavailable: r.none };
  return lockfileAtRevision(r.rev, lockfile, r.label, "give actions/checkout fetch-depth: 2 (a pull request) or 0 so it is");
}
