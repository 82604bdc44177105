// Benchmark: the whole CI path through a real Actions cache service (a local
// Twirp CacheService + Azurite, with the real @actions/cache):
//   gopin way:    restore the gopin store while gopin starts (as the Action
//                 does), then `go mod download` into a fresh module cache
//                 through it;
//   setup-go way: restore a tar+zstd of the extracted module cache
//                 (GOMODCACHE), then the same `go mod download` (GOPROXY=off:
//                 everything must already be there).
// Reported: seconds and bytes stored, as ratios gopin / setup-go. Restores
// can be sent through a throttled relay: on a runner the cache is a network
// away, and the local blob store makes bytes free.
import { join } from "node:path";
import { rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as cache from "@actions/cache";
import { buildAll, generateGraph } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree } from "../__tests__/helpers/go.js";
import { startGopin } from "../__tests__/helpers/gopin.js";
import { startCacheService } from "../__tests__/helpers/cache-service.js";
import { startThrottledRelay } from "../__tests__/helpers/throttle.js";
import { median } from "./warm-store.js";

export interface CiPathResult {
  versions: number;
  rounds: number;
  gopinMs: number[];
  setupGoMs: number[];
  /** Per round: [restore, restore and start gopin side by side, go mod download] and [restore, go mod download], ms. */
  gopinPhases: number[][];
  setupGoPhases: number[][];
  gopinBytes: number;
  setupGoBytes: number;
  zipBytes: number;
  cacheMBps?: number;
}

export interface CiPathOptions {
  tmp: string;
  modules?: number;
  rounds?: number;
  largeCount?: number;
  largeSize?: number;
  /** Restores come through a link of this many MB/s (absent: the local service's own speed). */
  cacheMBps?: number;
}

export async function benchCiPath(opts: CiPathOptions): Promise<CiPathResult> {
  const built = await buildAll(generateGraph(opts.modules ?? 160, 42, { largeCount: opts.largeCount ?? 3, largeSize: opts.largeSize ?? 4 << 20 }));
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  const svc = await startCacheService();
  const savedEnv = { ...process.env };
  Object.assign(process.env, svc.env());
  const az = new URL(svc.blobUrl);
  const relay = opts.cacheMBps ? await startThrottledRelay({ host: az.hostname, port: Number(az.port) }, opts.cacheMBps * 1e6) : undefined;
  const root = tempDir(join(opts.tmp, "gopin-cipath-"));
  // The toolkit stages archives under RUNNER_TEMP, as on a runner.
  process.env.RUNNER_TEMP = join(root, "runner-temp");
  const store = join(root, "store");
  const modcache = join(root, "modcache");
  try {
    // Fill both caches once, and save them.
    const g0 = await startGopin({ store, upstream: up.url, logFile: join(root, "fill.log"), env: goEnv(root) });
    assertGoOk((await goModDownload(specs, { env: goEnv(tempDir(join(opts.tmp, "c-")), { GOPROXY: g0.url }) })).result);
    await g0.stop();
    assertGoOk((await goModDownload(specs, { env: goEnv(tempDir(join(opts.tmp, "c-")), { GOPROXY: up.url, GOMODCACHE: modcache }) })).result);
    await cache.saveCache([store], "bench-gopin-store");
    await cache.saveCache([modcache], "bench-setup-go-modcache");
    const size = (key: string) => svc.entries.find((e) => e.key === key && e.finalized)?.size ?? NaN;
    await up.stop(); // the warm path must not need the upstream
    if (relay) svc.downloadHost = relay.host; // saving was local; restores cross the link

    const gopinMs: number[] = [];
    const setupGoMs: number[] = [];
    const gopinPhases: number[][] = [];
    const setupGoPhases: number[][] = [];
    const gopinRound = async (i: number) => {
      const t0 = performance.now();
      // As the Action does: the daemon starts while the store is restored.
      let t1 = 0;
      const [, g] = await Promise.all([
        cache.restoreCache([store], "bench-gopin-store").then((k) => {
          if (!k) throw new Error("gopin store not restored");
          t1 = performance.now();
        }),
        startGopin({ store, upstream: "off", logFile: join(root, `run${i}.log`), env: goEnv(root) }),
      ]);
      const t2 = performance.now();
      const client = tempDir(join(opts.tmp, "c-"));
      assertGoOk((await goModDownload(specs, { env: goEnv(client, { GOPROXY: g.url }) })).result, "warm download through gopin");
      const t3 = performance.now();
      gopinMs.push(t3 - t0);
      gopinPhases.push([t1 - t0, t2 - t0, t3 - t2]);
      await g.stop();
      removeTree(client);
    };
    const setupGoRound = async () => {
      const t0 = performance.now();
      if (!(await cache.restoreCache([modcache], "bench-setup-go-modcache"))) throw new Error("module cache not restored");
      const s1 = performance.now();
      assertGoOk((await goModDownload(specs, { env: goEnv(tempDir(join(opts.tmp, "c-")), { GOPROXY: "off", GOMODCACHE: modcache }) })).result, "download from the restored module cache");
      const s2 = performance.now();
      setupGoMs.push(s2 - t0);
      setupGoPhases.push([s1 - t0, s2 - s1]);
    };
    for (let i = 0; i < (opts.rounds ?? 3); i++) {
      // Both start from the same state: their trees gone and the disk flushed,
      // and they take turns going first.
      const fresh = () => {
        rmSync(store, { recursive: true, force: true });
        removeTree(modcache);
        execFileSync("sync");
      };
      fresh();
      if (i % 2 === 0) await gopinRound(i);
      else await setupGoRound();
      fresh();
      if (i % 2 === 0) await setupGoRound();
      else await gopinRound(i);
    }
    return { versions: specs.length, rounds: gopinMs.length, gopinMs, setupGoMs, gopinPhases, setupGoPhases, zipBytes: built.reduce((n, m) => n + m.zip.length, 0), ...(opts.cacheMBps ? { cacheMBps: opts.cacheMBps } : {}), gopinBytes: size("bench-gopin-store"), setupGoBytes: size("bench-setup-go-modcache") };
  } finally {
    await relay?.stop();
    await svc.stop();
    removeTree(root);
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  }
}

export function ciPathRatios(r: CiPathResult): { seconds: number; bytes: number } {
  // The median of per-round ratios (each round's pair ran back to back).
  return { seconds: median(r.gopinMs.map((g, i) => g / r.setupGoMs[i]!)), bytes: r.gopinBytes / r.setupGoBytes };
}
