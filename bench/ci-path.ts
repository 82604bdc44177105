// Benchmark: the whole CI path through a real Actions cache service (a local
// Twirp CacheService + Azurite, with the real @actions/cache):
//   gopin way:    restore the gopin store, start gopin, `go mod download`
//                 into a fresh module cache through it;
//   setup-go way: restore a tar+zstd of the extracted module cache
//                 (GOMODCACHE), then the same `go mod download` (GOPROXY=off:
//                 everything must already be there).
// Reported: seconds and bytes stored, as ratios gopin / setup-go.
import { join } from "node:path";
import { rmSync } from "node:fs";
import * as cache from "@actions/cache";
import { buildAll, generateGraph } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree } from "../__tests__/helpers/go.js";
import { startGopin } from "../__tests__/helpers/gopin.js";
import { startCacheService } from "../__tests__/helpers/cache-service.js";
import { median } from "./warm-store.js";

export interface CiPathResult {
  versions: number;
  rounds: number;
  gopinMs: number[];
  setupGoMs: number[];
  gopinBytes: number;
  setupGoBytes: number;
}

export async function benchCiPath(opts: { tmp: string; modules?: number; rounds?: number }): Promise<CiPathResult> {
  const built = await buildAll(generateGraph(opts.modules ?? 160, 42));
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  const svc = await startCacheService();
  Object.assign(process.env, svc.env());
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

    const gopinMs: number[] = [];
    const setupGoMs: number[] = [];
    for (let i = 0; i < (opts.rounds ?? 3); i++) {
      rmSync(store, { recursive: true, force: true });
      let t0 = performance.now();
      if (!(await cache.restoreCache([store], "bench-gopin-store"))) throw new Error("gopin store not restored");
      const g = await startGopin({ store, upstream: "off", logFile: join(root, `run${i}.log`), env: goEnv(root) });
      const client = tempDir(join(opts.tmp, "c-"));
      assertGoOk((await goModDownload(specs, { env: goEnv(client, { GOPROXY: g.url }) })).result, "warm download through gopin");
      gopinMs.push(performance.now() - t0);
      await g.stop();
      removeTree(client);

      removeTree(modcache);
      t0 = performance.now();
      if (!(await cache.restoreCache([modcache], "bench-setup-go-modcache"))) throw new Error("module cache not restored");
      assertGoOk((await goModDownload(specs, { env: goEnv(tempDir(join(opts.tmp, "c-")), { GOPROXY: "off", GOMODCACHE: modcache }) })).result, "download from the restored module cache");
      setupGoMs.push(performance.now() - t0);
    }
    return { versions: specs.length, rounds: gopinMs.length, gopinMs, setupGoMs, gopinBytes: size("bench-gopin-store"), setupGoBytes: size("bench-setup-go-modcache") };
  } finally {
    await svc.stop();
    removeTree(root);
  }
}

export function ciPathRatios(r: CiPathResult): { seconds: number; bytes: number } {
  return { seconds: median(r.gopinMs) / median(r.setupGoMs), bytes: r.gopinBytes / r.setupGoBytes };
}
