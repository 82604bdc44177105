// The Action's main step: resolve the inputs, restore the module store from
// the Actions cache, start `gopin serve` as a detached daemon that outlives
// this step, and point every later `go` command at it with exactly the
// environment the daemon resolved (from its ready file).
import { mkdirSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@actions/core";
import { scrub } from "../observe/scrub.js";
import { cachePathFor, needsGoEnv, resolveActionConfig, serveArgs, InputError } from "./config.js";
import { CHILD_ENV_NAMES } from "../core/child-env.js";
import { findGo } from "./go-tool.js";
import { startDaemon, killQuietly, DaemonError } from "./daemon.js";
import { lockfileHash, restorePlan, restoreStore, type RestoreResult } from "./store-cache.js";
import { readInputs, saveActionState, type PrefillState } from "./state.js";
import { runMirrorCheckStep } from "./mirror-check-step.js";
import { freshModuleCache, isPopulated } from "../core/modcache.js";
import { readGoEnv } from "../config/goenv.js";
import { restoreBuildCache } from "./build-cache.js";
import { readLockfile } from "../lock/io.js";
import { settledMode } from "../config/policy-config.js";
import { hasModCacheRW, ModuleCachePrefill, prefillText } from "../modcache/prefill.js";
import type { ActionConfig } from "./config.js";

/** The bundled CLI next to this bundle (dist/main -> dist/cli), or build/src/entries/cli.js when run unbundled. */
function cliPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, "..", "cli", "index.js"), join(here, "..", "entries", "cli.js")]) if (existsSync(p)) return p;
  throw new Error(`cannot find gopin's command line next to ${here}`);
}

/** The daemon's environment: the job's, minus the runner's secrets and inputs it has no use for. */
function daemonEnv(env: NodeJS.ProcessEnv, goPath: string | undefined): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith("INPUT_") || k.startsWith("STATE_")) continue;
    if (["ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_URL"].includes(k)) continue;
    out[k] = v;
  }
  if (goPath) out.GOPIN_GO = goPath;
  // libuv's default of 4 threads lets a few large zip writes to the store hold
  // up the lockfile writes and store reads that answers wait for (it is read
  // once, at start-up, so it can only be set from outside).
  out.UV_THREADPOOL_SIZE ??= "16";
  return out;
}

/** The module cache later go commands would use without gopin: GOMODCACHE, else go's default (undefined when unknown). */
async function jobModuleCache(env: NodeJS.ProcessEnv, goPath: string | undefined): Promise<string | undefined> {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  if (!goPath) return undefined;
  try {
    return (await readGoEnv({ ...env, GOPIN_GO: goPath })).GOMODCACHE || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gives later steps gopin's own, empty module cache. A populated one left by
 * an earlier step (setup-go restores one by default) would let go skip gopin
 * for every module it holds, so it is not used, and the job is told once.
 */
async function ownModuleCache(modCache: string, env: NodeJS.ProcessEnv, goPath: string | undefined): Promise<void> {
  const [previous] = await Promise.all([jobModuleCache(env, goPath), freshModuleCache(modCache)]);
  if (previous && previous !== modCache && (await isPopulated(previous))) {
    core.warning(
      `gopin: the module cache ${previous} already holds modules (an earlier step restored or filled it, e.g. actions/setup-go's cache) and is not used: ` +
        `later go commands get gopin's own, empty one (GOMODCACHE=${modCache}), so every module they use passes through gopin and is checked against the lockfile. ` +
        `Set "cache: false" on actions/setup-go to skip that restore.`,
    );
  }
}

/**
 * Verify mode: the locked zips of the store, laid out in gopin's module
 * cache as they arrive from the cache (and the rest once the restore is
 * done), so the job's go commands need not download and unzip them (they
 * still ask gopin for each .mod). Never throws: a problem is a line.
 */
async function planPrefill(cfg: ActionConfig, env: NodeJS.ProcessEnv, ready: Promise<unknown>): Promise<{ prefill?: ModuleCachePrefill; line: string }> {
  if (!cfg.prefill) return { line: `not prefilled (input "prefill-modcache" is false)` };
  if (cfg.mode === "record") return { line: "not prefilled (record mode: every module passes through gopin)" };
  let lock;
  try {
    lock = await readLockfile(cfg.lockfile);
  } catch (e) {
    return { line: `not prefilled (the lockfile cannot be read: ${(e as Error).message})` };
  }
  if (!lock) return { line: "not prefilled (no lockfile: record mode)" };
  // Its worker threads start now, while the caches download.
  return { prefill: new ModuleCachePrefill({ lock, store: cfg.store, modCache: cfg.modCache, modCacheRW: hasModCacheRW(env.GOFLAGS) }, ready), line: "" };
}

async function finishPrefill(planned: { prefill?: ModuleCachePrefill; line: string }): Promise<PrefillState> {
  const none = (line: string): PrefillState => ({ line, laidOut: 0, skipped: 0, ms: 0 });
  if (!planned.prefill) return none(planned.line);
  try {
    const r = await planned.prefill.finish();
    const differ = r.skipped.filter((s) => s.reason === "zip differs from the lockfile" || s.reason === "zip refused");
    if (differ.length) {
      core.warning(
        `gopin: ${differ.length} module zip(s) in the restored store do not match the lockfile and were not laid out in the module cache: ` +
          `${differ.slice(0, 5).map((s) => `${s.module}@${s.version} (${s.reason}${s.detail ? `: ${s.detail}` : ""})`).join(", ")}${differ.length > 5 ? ", …" : ""}. ` +
          `go asks gopin for them, which checks them again.`,
      );
    }
    return { line: prefillText(r), laidOut: r.laidOut, skipped: r.skipped.length, ms: r.ms };
  } catch (e) {
    return none(`not prefilled: ${(e as Error).message}`);
  }
}

/** The main step; throws InputError/DaemonError (shown as they are) or anything else (with its stack). */
export async function runMain(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const t0 = performance.now();
  const inputs = readInputs();
  // Validate inputs before anything slow happens. Upstream, private patterns
  // and the checksum database are settled by the daemon (it reads `go env`).
  const cfg = resolveActionConfig(inputs, env);
  mkdirSync(cfg.store, { recursive: true });
  const lockHash = lockfileHash(cfg.lockfile);

  const go = await findGo(env, cfg.workspace);
  if (go) core.info(`gopin: go command: ${go.path} (${go.source}${go.version ? ` ${go.version}` : ""})`);
  if (!go && needsGoEnv(inputs, env)) {
    throw new InputError("gopin needs the go command to read the job's Go environment (GOPROXY, GOPRIVATE, GOSUMDB, ...): add actions/setup-go before this step, or set the upstream and private inputs");
  }

  // Two things at once: the daemon starts (node, its bundle, `go env`, the
  // lockfile) and the cache restores into the store. No request reaches the
  // daemon before GOPROXY is exported below, which happens after the restore.
  const logFile = join(cfg.home, "gopin.log");
  const reportFile = join(cfg.home, "report.json");
  rmSync(reportFile, { force: true });
  const startedAt = Date.now();
  const readyFile = join(cfg.home, "ready.json");
  const daemonP = startDaemon({
    cli: cliPath(),
    args: serveArgs(cfg, inputs, { report: reportFile, ready: readyFile }),
    env: daemonEnv(env, go?.path),
    cwd: cfg.workspace,
    files: { readyFile, logFile },
    // Settled as the daemon will settle it.
    mode: settledMode(cfg.mode, existsSync(cfg.lockfile)),
  });
  const cachePath = cachePathFor(cfg.store);
  const modCacheP = ownModuleCache(cfg.modCache, env, go?.path);
  // Zips are laid out as the store's files land (once the module cache is empty), the rest after the restore.
  const planned = await planPrefill(cfg, env, modCacheP);
  const onFile = planned.prefill ? (f: string) => planned.prefill!.offer(f) : undefined;
  const restoreP: Promise<RestoreResult> = cfg.cache ? restoreStore(cachePath, restorePlan(env, lockHash), onFile) : Promise.resolve({ hit: false, ms: 0, note: "cache is off" });
  const buildP = cfg.cache && cfg.buildCache && go ? restoreBuildCache({ dir: cfg.goCache, cachePath: cachePathFor(cfg.goCache), goPath: go.path, lockHash, env, scratch: cfg.home }) : undefined;
  const prefillP = restoreP.then(
    () => finishPrefill(planned),
    () => finishPrefill(planned),
  );
  const [daemonR, restoreR, modCacheR, prefillR] = await Promise.allSettled([daemonP, restoreP, modCacheP, prefillP]);
  const prefilled = prefillR.status === "fulfilled" ? prefillR.value : { line: `not prefilled: ${(prefillR.reason as Error).message}`, laidOut: 0, skipped: 0, ms: 0 };
  const buildCache = await buildP; // never rejects
  if (daemonR.status === "rejected") throw daemonR.reason;
  const daemon = daemonR.value;
  if (restoreR.status === "rejected") {
    killQuietly(daemon.pid, "SIGKILL");
    throw restoreR.reason;
  }
  if (modCacheR.status === "rejected") {
    killQuietly(daemon.pid, "SIGKILL");
    throw new InputError(`cannot prepare gopin's module cache ${cfg.modCache}: ${(modCacheR.reason as Error).message}`);
  }
  const restore = restoreR.value;

  // Later steps: exactly what the daemon resolved (GOPROXY gopin alone,
  // GONOPROXY=none, the checksum database by name, private patterns kept out
  // of it). An empty value leaves the job's variable as it is.
  for (const k of CHILD_ENV_NAMES) if (daemon.env[k] !== "") core.exportVariable(k, daemon.env[k]);
  core.exportVariable("GOMODCACHE", cfg.modCache);
  core.exportVariable("GOPIN_URL", daemon.url);
  if (buildCache) core.exportVariable("GOCACHE", buildCache.dir);
  core.setOutput("proxy-url", daemon.url);
  core.setOutput("cache-hit", restore.hit ? "true" : "false");

  const mainMs = Math.round(performance.now() - t0);
  saveActionState({
    pid: daemon.pid,
    url: daemon.url,
    startedAt,
    workspace: cfg.workspace,
    lockfile: cfg.lockfile,
    mode: cfg.mode,
    store: cfg.store,
    cachePath,
    logFile,
    reportFile,
    cache: cfg.cache,
    saveCache: cfg.saveCache,
    summary: cfg.summary,
    lockHash,
    matchedKey: restore.matchedKey,
    cacheHit: restore.hit,
    cacheNote: restore.note,
    timings: { restoreMs: restore.ms, daemonMs: daemon.startMs, mainMs },
    prefill: prefilled,
    buildCache,
  });
  const cacheText = restore.matchedKey ? `restored ${restore.matchedKey}${restore.hit ? "" : " (partial: another lockfile)"}` : `miss${restore.note ? ` (${restore.note})` : ""}`;
  core.info(
    `gopin: ${cfg.mode} mode, lockfile ${cfg.lockfile}, proxy ${daemon.url} (pid ${daemon.pid}), cache ${cacheText}; ` +
      `ready in ${mainMs} ms (restore ${restore.ms} ms, daemon ${daemon.startMs} ms)`,
  );
  core.info(`gopin: module cache ${cfg.modCache}: ${prefilled.line}`);
  if (cfg.checkMirrors.length) await runMirrorCheckStep({ lockfile: cfg.lockfile, mirrors: cfg.checkMirrors, summary: cfg.summary });
  if (buildCache) core.info(`gopin: GOCACHE ${buildCache.dir}, ${buildCache.matchedKey ? `restored ${buildCache.matchedKey}` : `empty${buildCache.note ? ` (${buildCache.note})` : ""}`} in ${buildCache.ms} ms`);
}

/** Reports a main-step failure the way the runner shows it. */
export function failMain(e: unknown): void {
  const msg = e instanceof InputError || e instanceof DaemonError ? e.message : ((e as Error)?.stack ?? String(e));
  core.setFailed(scrub(`gopin: ${msg}`));
}
