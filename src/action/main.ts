// The Action's main step: resolve the configuration, restore the module store
// from the Actions cache, start `gopin serve` as a detached daemon that
// outlives this step, and point every later `go` command at it.
import { parseGoSumdb } from "../sumdb/config.js";
import { mkdirSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@actions/core";
import { readGoEnv, type GoEnv } from "../config/goenv.js";
import { cachePathFor, needsGoEnv, resolveActionConfig, serveArgs, InputError } from "./config.js";
import { findGo } from "./go-tool.js";
import { startDaemon, DaemonError } from "./daemon.js";
import { lockfileHash, restorePlan, restoreStore, type RestoreResult } from "./store-cache.js";
import { readInputs, saveActionState } from "./state.js";

/** The bundled CLI next to this bundle (dist/main -> dist/cli), or build/src/cli.js when run unbundled. */
function cliPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, "..", "cli", "index.js"), join(here, "..", "cli.js")]) if (existsSync(p)) return p;
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
  return out;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const env = process.env;
  const inputs = readInputs();
  // Validate inputs before anything slow happens. Upstream and private
  // patterns are settled later (the daemon reads `go env` itself).
  const early = resolveActionConfig(inputs, env, {});
  mkdirSync(early.store, { recursive: true });
  const lockHash = lockfileHash(early.lockfile);

  const go = await findGo(env, early.workspace);
  if (go) core.info(`gopin: go command: ${go.path} (${go.source}${go.version ? ` ${go.version}` : ""})`);
  if (!go && needsGoEnv(inputs, env) && inputs.upstream.trim() === "" && env.GOPIN_UPSTREAM === undefined) {
    throw new InputError("gopin needs the go command to read the job's Go environment (GOPROXY, GOPRIVATE, ...): add actions/setup-go before this step, or set the upstream input");
  }

  // Three things at once: the daemon starts (node, its bundle, `go env`,
  // the lockfile), the cache restores into the store, and `go env` gives main
  // what later steps need besides GOPROXY. No request reaches the daemon
  // before GOPROXY is exported below, which happens after the restore.
  const logFile = join(early.home, "gopin.log");
  const reportFile = join(early.home, "report.json");
  rmSync(reportFile, { force: true });
  const startedAt = Date.now();
  const daemonP = startDaemon({
    cli: cliPath(),
    args: serveArgs(early, inputs, { report: reportFile }),
    env: daemonEnv(env, go?.path),
    cwd: early.workspace,
    files: { urlFile: join(early.home, "url"), logFile },
  });
  const goEnvStart = performance.now();
  let goEnvMs = 0;
  const goEnvP: Promise<GoEnv> =
    needsGoEnv(inputs, env) && go ? readGoEnv({ ...env, GOPIN_GO: go.path }).finally(() => (goEnvMs = Math.round(performance.now() - goEnvStart))) : Promise.resolve({});
  const cachePath = cachePathFor(early.store);
  const restoreP: Promise<RestoreResult> = early.cache
    ? restoreStore(cachePath, restorePlan(env, lockHash))
    : Promise.resolve({ hit: false, ms: 0, note: "cache is off" });
  const [daemonR, goEnvR, restoreR] = await Promise.allSettled([daemonP, goEnvP, restoreP]);
  if (daemonR.status === "rejected") throw daemonR.reason;
  const daemon = daemonR.value;
  const stopOnError = (e: unknown): never => {
    try {
      process.kill(daemon.pid, "SIGKILL");
    } catch {
      /* gone */
    }
    throw e;
  };
  if (goEnvR.status === "rejected") stopOnError(goEnvR.reason);
  if (restoreR.status === "rejected") stopOnError(restoreR.reason);
  const restore = (restoreR as PromiseFulfilledResult<RestoreResult>).value;
  const cfg = resolveActionConfig(inputs, env, (goEnvR as PromiseFulfilledResult<GoEnv>).value);

  // Later steps: gopin alone, no fallback past it; private modules come
  // through gopin too (it fetches them direct), and stay out of the checksum
  // database.
  core.exportVariable("GOPROXY", daemon.url);
  core.exportVariable("GONOPROXY", "none");
  if (cfg.goPrivate) core.exportVariable("GOPRIVATE", cfg.goPrivate);
  if (cfg.noSumDb) core.exportVariable("GONOSUMDB", cfg.noSumDb);
  // The checksum database by name (never a URL), so go reaches it through
  // gopin's /sumdb/ like everything else.
  const sumdbValue = (goEnvR as PromiseFulfilledResult<GoEnv>).value.GOSUMDB || "sum.golang.org";
  if (sumdbValue !== "off") {
    try {
      const parsed = parseGoSumdb(sumdbValue);
      if (parsed) core.exportVariable("GOSUMDB", parsed.goValue);
    } catch (e) {
      core.warning(`gopin: cannot parse GOSUMDB "${sumdbValue}": ${(e as Error).message}; leaving GOSUMDB as it is`);
    }
  }
  core.exportVariable("GOPIN_URL", daemon.url);
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
    timings: { restoreMs: restore.ms, goEnvMs, daemonMs: daemon.startMs, mainMs },
  });
  const cacheText = restore.matchedKey ? `restored ${restore.matchedKey}${restore.hit ? "" : " (partial: another lockfile)"}` : `miss${restore.note ? ` (${restore.note})` : ""}`;
  core.info(
    `gopin: ${cfg.mode} mode, lockfile ${cfg.lockfile}, proxy ${daemon.url} (pid ${daemon.pid}), cache ${cacheText}; ` +
      `ready in ${mainMs} ms (restore ${restore.ms} ms, go env ${goEnvMs} ms, daemon ${daemon.startMs} ms)`,
  );
}

main()
  .catch((e: unknown) => {
    const msg = e instanceof InputError || e instanceof DaemonError ? e.message : ((e as Error)?.stack ?? String(e));
    core.setFailed(`gopin: ${msg}`);
  })
  .finally(() => {
    // Keep-alive sockets of the cache client must not hold the step open.
    setTimeout(() => process.exit(), 20).unref();
  });
