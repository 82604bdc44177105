// Benchmark: warm-store `go mod download` (fresh module cache each run)
// through gopin, against `GOPROXY=file://STORE` on the very same store, the
// floor any proxy could reach. Printed as a median ratio (gopin / floor).
import { join } from "node:path";
import { buildAll, generateGraph, fileProxyUrl } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree } from "../__tests__/helpers/go.js";
import { startGopin } from "../__tests__/helpers/gopin.js";

export interface WarmStoreResult {
  modules: number;
  versions: number;
  rounds: number;
  gopinMs: number[];
  floorMs: number[];
  medianRatio: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timedDownload(specs: string[], proxy: string): Promise<number> {
  const root = tempDir("gopin-bench-client-");
  const env = goEnv(root, { GOPROXY: proxy, GONOPROXY: "none" });
  const t0 = performance.now();
  const r = await goModDownload(specs, { env, timeoutMs: 600_000 });
  const ms = performance.now() - t0;
  assertGoOk(r.result, `go mod download via ${proxy}`);
  removeTree(root);
  return ms;
}

export async function benchWarmStore(opts: { modules?: number; rounds?: number; seed?: number } = {}): Promise<WarmStoreResult> {
  const count = opts.modules ?? 160;
  const rounds = opts.rounds ?? 5;
  const built = await buildAll(generateGraph(count, opts.seed ?? 42));
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  const root = tempDir("gopin-bench-");
  const store = join(root, "store");
  const gopin = await startGopin({ store, upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
  try {
    await timedDownload(specs, gopin.url); // fill the store (cold)
    await up.stop(); // from here on, everything must come from the store
    const afterCold = await gopin.stats();
    const gopinMs: number[] = [];
    const floorMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate the order so neither side always runs on a warmer page cache.
      if (i % 2 === 0) {
        gopinMs.push(await timedDownload(specs, gopin.url));
        floorMs.push(await timedDownload(specs, fileProxyUrl(store)));
      } else {
        floorMs.push(await timedDownload(specs, fileProxyUrl(store)));
        gopinMs.push(await timedDownload(specs, gopin.url));
      }
    }
    const s = await gopin.stats();
    if (s.misses !== afterCold.misses || s.upstreamFetches !== afterCold.upstreamFetches) throw new Error("warm runs were not served wholly from the store");
    const ratios = gopinMs.map((g, i) => g / floorMs[i]!);
    return { modules: count, versions: specs.length, rounds, gopinMs, floorMs, medianRatio: median(ratios) };
  } finally {
    await gopin.stop();
  }
}
