// Benchmark: the whole CI path of a job, restore + `go build ./... && go test
// ./...` of a program that imports every module of a real project's graph
// (bench/graphs/*.tsv, generated fixtures), through a real Actions cache
// service (a local Twirp CacheService + Azurite, with the real @actions/cache):
//   gopin way:    as the Action does in verify mode: the store and the
//                 build cache (src/action/build-cache.ts) restore while gopin
//                 starts, unpacked as they download (src/action/cache-stream.ts),
//                 and the store's locked zips are laid out in the fresh module
//                 cache as they land (src/modcache/prefill.ts, the Action's
//                 prefill-modcache); build and test through gopin;
//                 then the post step's part (stop gopin, keep what the job
//                 used of GOCACHE, save it when the job added entries);
//   setup-go way: `cache: true`: one entry holding GOMODCACHE and GOCACHE
//                 (tar+zstd), restored; build and test with GOPROXY=off; its
//                 post saves nothing on a hit.
// Both caches were filled by one cold job each beforehand. Reported: seconds
// (median of per-round ratios, sides alternating first) and bytes stored.
// Restores can cross a throttled relay: on a runner the cache is a network
// away, and the local blob store makes bytes free.
import { join } from "node:path";
import { readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as cache from "@actions/cache";
import { buildAll, goSums, goSumText } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, assertGoOk, tempDir, removeTree, runCommand, goBinary } from "../__tests__/helpers/go.js";
import { BUNDLED_CLI, startGopin } from "../__tests__/helpers/gopin.js";
import { daemonNodeFlags } from "../src/core/daemon-flags.js";
import { startCacheService } from "../__tests__/helpers/cache-service.js";
import { startThrottledRelay } from "../__tests__/helpers/throttle.js";
import { restoreBuildCache, saveBuildCache, type BuildCacheState } from "../src/action/build-cache.js";
import { GRAPH_PROGRAM, graphModules, readGraph, writeGraphProgram } from "./graphs.js";
import { readLockfile } from "../src/lock/io.js";
import { hasModCacheRW, ModuleCachePrefill, type PrefillResult } from "../src/modcache/prefill.js";
import { restoreStore } from "../src/action/store-cache.js";
import { median } from "./warm-store.js";

export interface CiPathResult {
  graph: string;
  modules: number;
  zipBytes: number;
  rounds: number;
  gopinMs: number[];
  setupGoMs: number[];
  /** Per round: [restore (store, build cache and gopin start side by side), build+test, post] and [restore, build+test], ms. */
  gopinPhases: number[][];
  setupGoPhases: number[][];
  /** Per round, ms from the round's start: store restored, prefill done, gopin ready, build cache restored. */
  gopinMilestones: number[][];
  /** Per round, the CPU time the whole machine spent during each side's restore phase, ms (Linux; empty elsewhere): all processes, the cache service's included. */
  gopinRestoreCpuMs: number[];
  setupGoRestoreCpuMs: number[];
  /** Per round: the prefill (within gopin's restore phase), ms, and how many versions it laid out. */
  prefillMs: number[];
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

const STORE_KEY = "bench-gopin-store";
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
  const store = join(root, "store");
  const gopinGoCache = join(root, "gopin-gocache");
  const gopinModCache = join(root, "gopin-modcache");
  const sgModCache = join(root, "setup-go-modcache");
  const sgGoCache = join(root, "setup-go-gocache");
  const scratch = tempDir(join(opts.tmp, "scratch-"));
  writeGraphProgram(program, rows, goSumText(await goSums(built)));
  const buildAndTest = async (env: Record<string, string>, what: string) =>
    assertGoOk(await runCommand("sh", ["-c", "go build ./... && go test ./..."], { cwd: program, env, timeoutMs: 1_800_000 }), what);
  // A fixed HOME and GOPATH per side, as a runner has: cached test results depend on them.
  const clientEnv = (side: string, overrides: Record<string, string>) => goEnv(join(root, `client-${side}`), { GONOPROXY: "none", ...overrides });
  const restoreGoCache = (): Promise<BuildCacheState> => restoreBuildCache({ dir: gopinGoCache, cachePath: gopinGoCache, goPath: goBinary(), lockHash: "nolock", env: process.env, scratch });
  try {
    // One cold job on each side fills its cache.
    const lockfile = join(root, "gopin.lock");
    const g0 = await startGopin({ store, upstream: up.url, logFile: join(root, "fill.log"), env: goEnv(root), extraArgs: ["--mode", "record", "--lockfile", lockfile, "--quiet"] });
    const bc0 = await restoreGoCache();
    await buildAndTest(clientEnv("gopin", { GOPROXY: g0.url, GOMODCACHE: gopinModCache, GOCACHE: gopinGoCache }), "cold build through gopin");
    await g0.stop();
    const firstSave = await saveBuildCache(bc0, 0, "always", process.env);
    if (!firstSave.save?.saved) throw new Error(`the build cache was not saved: ${JSON.stringify(firstSave)}`);
    await cache.saveCache([store], STORE_KEY);
    await buildAndTest(clientEnv("setup-go", { GOPROXY: up.url, GOMODCACHE: sgModCache, GOCACHE: sgGoCache }), "cold build, setup-go way");
    await cache.saveCache([sgModCache, sgGoCache], SETUP_GO_KEY);
    const size = (key: string) => svc.entries.find((e) => e.key === key && e.finalized)?.size ?? NaN;
    const gopinStoreBytes = size(STORE_KEY);
    const gopinBuildBytes = size(firstSave.save.key!);
    const setupGoBytes = size(SETUP_GO_KEY);
    await up.stop(); // the warm path must not need the upstream
    if (relay) svc.downloadHost = relay.host; // saving was local; restores cross the link

    const gopinMs: number[] = [];
    const setupGoMs: number[] = [];
    const gopinPhases: number[][] = [];
    const setupGoPhases: number[][] = [];
    const gopinMilestones: number[][] = [];
    const prefillMs: number[] = [];
    const prefillLaidOut: number[] = [];
    const gopinClient = clientEnv("gopin", { GOMODCACHE: gopinModCache, GOCACHE: gopinGoCache });
    const gopinRestoreCpuMs: number[] = [];
    const setupGoRestoreCpuMs: number[] = [];
    const gopinRound = async (i: number) => {
      const c0 = machineCpuMs();
      const t0 = performance.now();
      const at: number[] = [];
      const mark = <T>(k: number, p: Promise<T>) => p.then((v) => ((at[k] = performance.now() - t0), v));
      const lock = (await readLockfile(lockfile))!;
      // As main does: zips are laid out as the store's files land, the rest once it is restored.
      const prefill = new ModuleCachePrefill({ lock, store, modCache: gopinModCache, modCacheRW: hasModCacheRW(gopinClient.GOFLAGS) });
      const parts = [
        () =>
          mark(0, restoreStore(store, { primaryKey: STORE_KEY, restoreKeys: [STORE_KEY] }, (f) => prefill.offer(f))).then((r): Promise<PrefillResult> => {
            if (!r.matchedKey) throw new Error("gopin store not restored");
            return mark(1, prefill.finish());
          }),
        // The daemon as the Action starts it: the bundle, with the daemon's node flags.
        () => mark(2, startGopin({ cli: BUNDLED_CLI, nodeArgs: daemonNodeFlags("verify"), store, upstream: "off", logFile: join(root, `run${i}.log`), env: goEnv(root), extraArgs: ["--mode", "verify", "--lockfile", lockfile, "--quiet", "--check-store-at-start", "off"] })),
        () => mark(3, restoreGoCache()),
      ] as const;
      // BENCH_CI_SERIAL=1 (a diagnostic): the parts one after another, so the milestones show what each costs alone.
      const [pf, g, bc] = process.env.BENCH_CI_SERIAL
        ? [await parts[0](), await parts[1](), await parts[2]()]
        : await Promise.all([parts[0](), parts[1](), parts[2]()]);
      gopinMilestones.push(at);
      if (!bc.matchedKey) throw new Error(`build cache not restored: ${bc.note ?? ""}`);
      if (pf.skipped.length) throw new Error(`prefill skipped ${pf.skipped.length}: ${JSON.stringify(pf.skipped.slice(0, 3))}`);
      prefillMs.push(pf.ms);
      prefillLaidOut.push(pf.laidOut);
      const t1 = performance.now();
      const c1 = machineCpuMs();
      if (c0 !== undefined && c1 !== undefined) gopinRestoreCpuMs.push(c1 - c0);
      await buildAndTest({ ...gopinClient, GOPROXY: g.url }, "warm build through gopin");
      const t2 = performance.now();
      await g.stop();
      await saveBuildCache(bc, 0, "always", process.env);
      const t3 = performance.now();
      gopinMs.push(t3 - t0);
      gopinPhases.push([t1 - t0, t2 - t1, t3 - t2]);
    };
    const setupGoRound = async () => {
      const c0 = machineCpuMs();
      const t0 = performance.now();
      if (!(await cache.restoreCache([sgModCache, sgGoCache], SETUP_GO_KEY))) throw new Error("setup-go cache not restored");
      const t1 = performance.now();
      const c1 = machineCpuMs();
      if (c0 !== undefined && c1 !== undefined) setupGoRestoreCpuMs.push(c1 - c0);
      await buildAndTest(clientEnv("setup-go", { GOPROXY: "off", GOMODCACHE: sgModCache, GOCACHE: sgGoCache }), "warm build, setup-go way");
      const t2 = performance.now();
      setupGoMs.push(t2 - t0);
      setupGoPhases.push([t1 - t0, t2 - t1]);
    };
    // Both start from the same state: their trees gone and the disk flushed,
    // and they take turns going first.
    const fresh = () => {
      for (const d of [store, gopinGoCache]) rmSync(d, { recursive: true, force: true });
      for (const d of [gopinModCache, sgModCache, sgGoCache]) removeTree(d);
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
      if (i % 2 === 0) await gopinRound(i);
      else await setupGoRound();
      fresh();
      if (i % 2 === 0) await setupGoRound();
      else await gopinRound(i);
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
      gopinMilestones,
      gopinRestoreCpuMs,
      setupGoRestoreCpuMs,
      prefillMs,
      prefillLaidOut,
      gopinBytes: gopinStoreBytes + gopinBuildBytes,
      gopinStoreBytes,
      setupGoBytes,
      ...(opts.cacheMBps ? { cacheMBps: opts.cacheMBps } : {}),
    };
  } finally {
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
