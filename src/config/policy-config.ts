// Resolves the lockfile policy with one documented precedence:
//   flags > GOPIN_* environment > the lockfile's recorded policy > defaults.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { readLockfile } from "../lock/io.js";
import type { Lockfile } from "../lock/model.js";
import { parseDuration, parseInstant } from "../time/format.js";
import type { TimeWindow } from "../policy/context.js";
import type { Mode } from "../policy/refusal.js";
import { checkModuleVersion } from "../gomod/escape.js";

export interface PolicyFlags {
  mode?: string;
  lockfile?: string;
  asOf?: string;
  minReleaseAge?: string;
  allow?: string[];
}

export interface PolicyConfig {
  mode: Mode;
  requestedMode: "auto" | Mode;
  lockfilePath: string;
  /** The lockfile as it was before the job (undefined: none yet). */
  lock: Lockfile | undefined;
  window: TimeWindow;
}

export class ConfigError extends Error {}

function splitList(s: string | undefined): string[] {
  return (s ?? "").split(/[\s,]+/).filter(Boolean);
}

/** The mode a run works in: "auto" is verify when the lockfile exists, record otherwise. */
export function settledMode(requested: "auto" | Mode, hasLockfile: boolean): Mode {
  return requested === "auto" ? (hasLockfile ? "verify" : "record") : requested;
}

export async function resolvePolicyConfig(flags: PolicyFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<PolicyConfig> {
  const lockfilePath = resolve(cwd, flags.lockfile ?? env.GOPIN_LOCKFILE ?? "gopin.lock");
  // A broken lockfile is an error here (LockfileError names file:line), and
  // nothing will ever overwrite it.
  const lock = existsSync(lockfilePath) ? await readLockfile(lockfilePath) : undefined;

  const modeText = flags.mode ?? env.GOPIN_MODE ?? "auto";
  if (!["auto", "verify", "record"].includes(modeText)) throw new ConfigError(`invalid mode "${modeText}": use auto, verify or record`);
  const requestedMode = modeText as PolicyConfig["requestedMode"];
  const mode = settledMode(requestedMode, lock !== undefined);
  if (mode === "verify" && !lock) {
    throw new ConfigError(`verify mode needs a lockfile, but ${lockfilePath} does not exist; run once with --mode record (or auto) to create it`);
  }

  const recorded = lock?.policy;
  const asOfText = flags.asOf ?? env.GOPIN_AS_OF ?? recorded?.asOf;
  const minAgeText = flags.minReleaseAge ?? env.GOPIN_MIN_RELEASE_AGE ?? recorded?.minReleaseAge;
  const allowList = flags.allow?.length ? flags.allow : env.GOPIN_ALLOW !== undefined ? splitList(env.GOPIN_ALLOW) : (recorded?.exempt ?? []);

  const window: TimeWindow = { allow: new Set() };
  try {
    if (asOfText) window.asOf = parseInstant(asOfText);
    if (minAgeText) {
      const ms = parseDuration(minAgeText);
      if (ms > 0) window.minReleaseAgeMs = ms;
    }
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  for (const a of allowList) {
    const at = a.lastIndexOf("@");
    if (at <= 0) throw new ConfigError(`invalid --allow "${a}": expected MODULE@VERSION, e.g. example.com/mod@v1.2.3`);
    try {
      checkModuleVersion(a.slice(0, at), a.slice(at + 1));
    } catch (e) {
      throw new ConfigError(`invalid --allow "${a}": ${(e as Error).message}`);
    }
    window.allow.add(a);
  }
  return { mode, requestedMode, lockfilePath, lock, window };
}
