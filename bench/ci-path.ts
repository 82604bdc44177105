// Benchmark: the whole CI path of a job, restore + `go build ./... && go test
// ./...` of a program that imports every module of a real project's graph
// (bench/graphs/*.tsv, generated fixtures), through a real Actions cache
// service (a local Twirp CacheService + Azurite, with the real @actions/cache):
//   gopin way:    the Action as a runner runs it, verify mode: its main step
//                 (dist/main, a node process of its own: the store and the
//                 build cache restore while gopin starts, and the store's
//                 locked zips are laid out in gopin's empty module cache as
//                 they land), build and test through gopin, its post step
//                 (dist/post, another process: stop gopin, keep what the job
//                 used of GOCACHE, save it when the job added entries);
//   setup-go way: `cache: true`: its two `go env` calls, then one entry
//                 holding GOMODCACHE and GOCACHE (tar+zstd) restored; build
//                 and test with GOPROXY=off; its post saves nothing on a hit.
//                 Its restore runs in this process, which has the toolkit
//                 loaded: setup-go's own step (node, its bundle, finding Go)
//                 is there in a gopin job too, which sets it up with
//                 `cache: false`, so only the restore is setup-go's extra.
// Both caches were filled by one cold job each beforehand. Reported: seconds
// (median of per-round ratios, sides alternating first) and bytes stored.
// Restores can cross a throttled relay: on a runner the cache is a network
// away, and the local blob store makes bytes free.
import { join } from "node:path";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as cache from "@actions/cache";
import { buildAll, goSums, goSumText } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { startCacheService } from "../__tests__/helpers/cache-service.js";
import { startThrottledRelay } from "../__tests__/helpers/throttle.js";
import { Job, killDaemons, type StepResult } from "../__tests__/helpers/runner.js";
import { GRAPH_PROGRAM, graphModules, readGraph, writeGraphProgram } from "./graphs.js";
import { median } from "./warm-store.js";

/** The parts of the Action's saved state (src/action/state.ts) the bench reads. */
interface ActionStateView {
  matchedKey?: string;
  cacheNote?: string;
  timings: { mainMs: number; restoreMs: number; daemonMs: number };
  prefill: { line: string; laidOut: number; skipped: number; ms: number };
  buildCache?: { matchedKey?: string; note?: string; ms?: number };
}

export interface CiPathResult {
  graph: string;
  modules: number;
  zipBytes: number;
  rounds: number;
  gopinMs: number[];
  setupGoMs: number[];
  /** Per round: [gopin's main step (a process: the store and the build cache restore while gopin starts), build+test, gopin's post step (a process)] and [restore, build+test], ms. */
  gopinPhases: number[][];
  setupGoPhases: number[][];
  /** Per round, as gopin's main step timed itself (its state): [main, store restore, daemon start, prefill, build-cache restore], ms. */
  gopinInside: number[][];
  /** Per round, the CPU time the whole machine spent during each side's restore phase, ms (Linux; empty elsewhere): all processes, the cache service's included. */
  gopinRestoreCpuMs: number[];
  setupGoRestoreCpuMs: number[];
  /** Per round: how many versions the prefill laid out. */
  prefillLaidOut: number[];
  /** Bytes in the cache: gopin's store and build-cache entries together, and setup-go's one entry. */
  gopinBytes: number;
  gopinStoreBytes: number;
  setupGoBytes: number;
  cacheMBps?: number;
}

export interface CiPathOptions {
  tmp: string;
  graph: string;
  rounds?: number;
  /** Restores come through a link of this many MB/s (absent: the local service's own speed). */
  cacheMBps?: number;
}

const SETUP_GO_KEY = "bench-setup-go";

export async function benchCiPath(opts: CiPathOptions): Promise<CiPathResult> {
  const rows = readGraph(opts.graph);
  const built = await buildAll(graphModules(rows));
  const up = await startFixtureUpstream(built);
  const svc = await startCacheService();
  const savedEnv = { ...process.env };
  Object.assign(process.env, svc.env(), { RUNNER_OS: "Linux", RUNNER_ARCH: "X64" });
  const az = new URL(svc.blobUrl);
  const relay = opts.cacheMBps ? await startThrottledRelay({ host: az.hostname, port: Number(az.port) }, opts.cacheMBps * 1e6) : undefined;
  const root = tempDir(join(opts.tmp, "gopin-cipath-"));
  process.env.RUNNER_TEMP = join(root, "runner-temp");
  // Fixed paths, as on a runner: the cache version hashes them, and Go's
  // build cache keys packages by their directories.
  const program = join(root, "program");
  const sgModCache = join(root, "setup-go-modcache");
  const sgGoCache = join(root, "setup-go-gocache");
  writeGraphProgram(program, rows, goSumText(await goSums(built)));
  const buildAndTest = async (env: Record<string, string>, what: string) =>
    assertGoOk(await runCommand("sh", ["-c", "go build ./... && go test ./..."], { cwd: program, env, timeoutMs: 1_800_000 }), what);
  // A fixed HOME and GOPATH per side, as a runner has: cached test results depend on them.
  const clientEnv = (side: string, overrides: Record<string, string>) => goEnv(join(root, `client-${side}`), { GONOPROXY: "none", ...overrides });
  // gopin's side is the Action as a runner runs it (__tests__/helpers/runner.ts):
  // dist/main and dist/post, each a node process of its own, in a job whose
  // root is emptied first (a fresh machine with the runner's fixed layout).
  const gopinRoot = join(root, "gopin-job");
  let lockText: Buffer | undefined;
  const gopinJob = async (what: string, hooks: { afterMain?: (r: StepResult) => void; afterBuild?: () => void } = {}): Promise<Job> => {
    removeTree(gopinRoot);
    mkdirSync(gopinRoot, { recursive: true });
    const job = new Job({ root: gopinRoot, env: { ...goEnv(gopinRoot, { GOPROXY: up.url, GONOPROXY: "none" }), ...svc.env() } });
    cpSync(program, job.workspace, { recursive: true });
    if (lockText) writeFileSync(join(job.workspace, "gopin.lock"), lockText);
    const inputs = { "build-cache": "true" };
    const main = await job.runAction("main", inputs);
    if (main.code !== 0) throw new Error(`gopin's main step (${what}) failed (exit ${main.code}):\n${main.stdout}\n${main.stderr}`);
    hooks.afterMain?.(main);
    const b = await job.run("sh", ["-c", "go build ./... && go test ./..."], { timeoutMs: 1_800_000 });
    if (b.code !== 0) throw new Error(`go build && go test through gopin (${what}) failed (exit ${b.code}):\n${b.stdout}\n${b.stderr}`);
    hooks.afterBuild?.();
    const post = await job.runAction("post", inputs);
    if (post.code !== 0) throw new Error(`gopin's post step (${what}) failed (exit ${post.code}):\n${post.stdout}\n${post.stderr}`);
    return job;
  };
  try {
    // One cold job on each side fills its cache. gopin's is the Action in
    // record mode (no lockfile yet); a second job, in verify mode, saves the
    // store under the recorded lockfile's key, as a repository's next job
    // would. The measured jobs then hit both of gopin's entries.
    const fill = await gopinJob("record (fills the caches)");
    if (!existsSync(join(fill.workspace, "gopin.lock"))) throw new Error("the record job wrote no gopin.lock");
    lockText = readFileSync(join(fill.workspace, "gopin.lock"));
    await gopinJob("verify (saves the store under the lockfile's key)");
    await buildAndTest(clientEnv("setup-go", { GOPROXY: up.url, GOMODCACHE: sgModCache, GOCACHE: sgGoCache }), "cold build, setup-go way");
    await cache.saveCache([sgModCache, sgGoCache], SETUP_GO_KEY);
    const size = (key: string | undefined) => svc.entries.find((e) => e.key === key && e.finalized)?.size ?? NaN;
    const setupGoBytes = size(SETUP_GO_KEY);
    await up.stop(); // the warm path must not need the upstream
    if (relay) svc.downloadHost = relay.host; // saving was local; restores cross the link

    const gopinMs: number[] = [];
    const setupGoMs: number[] = [];
    const gopinPhases: number[][] = [];
    const setupGoPhases: number[][] = [];
    const gopinInside: number[][] = [];
    const prefillLaidOut: number[] = [];
    const gopinRestoreCpuMs: number[] = [];
    const setupGoRestoreCpuMs: number[] = [];
    let gopinStoreBytes = NaN;
    let gopinBuildBytes = NaN;
    const gopinRound = async () => {
      const c0 = machineCpuMs();
      const t0 = performance.now();
      let t1 = t0;
      let t2 = t0;
      const j = await gopinJob("warm verify", {
        afterMain: (main) => {
          t1 = performance.now();
          const c1 = machineCpuMs();
          if (c0 !== undefined && c1 !== undefined) gopinRestoreCpuMs.push(c1 - c0);
          const st = JSON.parse(main.state.gopin!) as ActionStateView;
          if (main.outputs["cache-hit"] !== "true") throw new Error(`gopin's store was not a hit: ${st.cacheNote ?? ""}`);
          if (!st.buildCache?.matchedKey) throw new Error(`build cache not restored: ${st.buildCache?.note ?? ""}`);
          if (st.prefill.skipped) throw new Error(`prefill skipped ${st.prefill.skipped}: ${st.prefill.line}`);
          gopinInside.push([st.timings.mainMs, st.timings.restoreMs, st.timings.daemonMs, st.prefill.ms, st.buildCache.ms ?? NaN]);
          prefillLaidOut.push(st.prefill.laidOut);
          gopinStoreBytes = size(st.matchedKey);
          gopinBuildBytes = size(st.buildCache.matchedKey);
        },
        afterBuild: () => void (t2 = performance.now()),
      });
      const t3 = performance.now();
      gopinMs.push(t3 - t0);
      gopinPhases.push([t1 - t0, t2 - t1, t3 - t2]);
      void j;
    };
    const setupGoRound = async () => {
      const c0 = machineCpuMs();
      const t0 = performance.now();
      // setup-go finds its cache paths with two `go env` commands side by side (cache-utils.ts getCacheDirectoryPath).
      const sgEnv = clientEnv("setup-go", { GOPROXY: "off", GOMODCACHE: sgModCache, GOCACHE: sgGoCache });
      await Promise.all(["GOMODCACHE", "GOCACHE"].map(async (v) => assertGoOk(await runCommand("go", ["env", v], { cwd: program, env: sgEnv }), `go env ${v}`)));
      if (!(await cache.restoreCache([sgModCache, sgGoCache], SETUP_GO_KEY))) throw new Error("setup-go cache not restored");
      const t1 = performance.now();
      const c1 = machineCpuMs();
      if (c0 !== undefined && c1 !== undefined) setupGoRestoreCpuMs.push(c1 - c0);
      await buildAndTest(sgEnv, "warm build, setup-go way");
      const t2 = performance.now();
      setupGoMs.push(t2 - t0);
      setupGoPhases.push([t1 - t0, t2 - t1]);
    };
    // Both start from the same state: their trees gone and the disk flushed,
    // and they take turns going first.
    const fresh = () => {
      for (const d of [gopinRoot, sgModCache, sgGoCache]) removeTree(d);
      // A job starts from a fresh checkout: no binary from the previous round.
      // (go build skips the link when the binary there has the build ID it
      // would write, which the side that ran last gave it: 0.18 s for fzf.)
      rmSync(join(program, GRAPH_PROGRAM), { force: true });
      execFileSync("sync");
      // Each side starts with this process's heap collected, as an Action
      // step starts in a process of its own: otherwise one side pays for the
      // garbage the other left (run with --expose-gc; bench/run does).
      (globalThis as { gc?: () => void }).gc?.();
    };
    for (let i = 0; i < (opts.rounds ?? 3); i++) {
      fresh();
      if (i % 2 === 0) await gopinRound();
      else await setupGoRound();
      fresh();
      if (i % 2 === 0) await setupGoRound();
      else await gopinRound();
    }
    return {
      graph: opts.graph,
      modules: rows.length,
      zipBytes: built.reduce((n, m) => n + m.zip.length, 0),
      rounds: gopinMs.length,
      gopinMs,
      setupGoMs,
      gopinPhases,
      setupGoPhases,
      gopinInside,
      gopinRestoreCpuMs,
      setupGoRestoreCpuMs,
      prefillLaidOut,
      gopinBytes: gopinStoreBytes + gopinBuildBytes,
      gopinStoreBytes,
      setupGoBytes,
      ...(opts.cacheMBps ? { cacheMBps: opts.cacheMBps } : {}),
    };
  } finally {
    killDaemons();
    await relay?.stop();
    await svc.stop();
    await up.stop().catch(() => undefined);
    removeTree(root);
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  }
}

/** CPU time of the whole machine since boot, ms (/proc/stat: user, nice, system, irq, softirq), or undefined off Linux. */
function machineCpuMs(): number | undefined {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const hz = 100; // USER_HZ: 100 on every Linux this runs on
    return ((f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) * 1000) / hz;
  } catch {
    return undefined;
  }
}

export function ciPathRatios(r: CiPathResult): { seconds: number; bytes: number } {
  // The median of per-round ratios (each round's pair ran back to back).
  return { seconds: median(r.gopinMs.map((g, i) => g / r.setupGoMs[i]!)), bytes: r.gopinBytes / r.setupGoBytes };
}
