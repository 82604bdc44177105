// What main hands to post through the runner's GITHUB_STATE file (one JSON
// value under one name, which post reads back as STATE_gopin).
import * as core from "@actions/core";
import type { RawInputs, SaveCachePolicy } from "./config.js";
import type { BuildCacheState } from "./build-cache.js";
import { INPUT_NAMES } from "./config.js";

export const STATE_NAME = "gopin";

export interface ActionState {
  pid: number;
  url: string;
  /** Date.now() just before the daemon started: store files newer than this are new entries. */
  startedAt: number;
  workspace: string;
  lockfile: string;
  mode: string;
  store: string;
  cachePath: string;
  logFile: string;
  reportFile: string;
  cache: boolean;
  saveCache: SaveCachePolicy;
  summary: boolean;
  /** Lockfile hash at the start of the job (the restore key's middle part). */
  lockHash: string;
  matchedKey?: string;
  cacheHit: boolean;
  cacheNote?: string;
  timings: { restoreMs: number; daemonMs: number; mainMs: number };
  /** What the main step laid out in the module cache (the summary's line). */
  prefill?: PrefillState;
  /** Set when the build cache is on and was restored (or tried). */
  buildCache?: BuildCacheState;
}

/** The module-cache prefill, as the summary tells it. */
export interface PrefillState {
  /** "laid out N of M locked module versions ...", or why nothing was laid out. */
  line: string;
  laidOut: number;
  skipped: number;
  ms: number;
}

export function saveActionState(s: ActionState): void {
  core.saveState(STATE_NAME, JSON.stringify(s));
}

export function loadActionState(): ActionState | undefined {
  const text = core.getState(STATE_NAME);
  if (!text) return undefined;
  return JSON.parse(text) as ActionState;
}

export function readInputs(): RawInputs {
  const out = {} as RawInputs;
  for (const [k, name] of Object.entries(INPUT_NAMES) as Array<[keyof RawInputs, string]>) {
    out[k] = core.getInput(name);
  }
  return out;
}
