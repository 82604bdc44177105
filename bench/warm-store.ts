// Benchmark: warm-store `go mod download` (fresh module cache each run)
// through gopin, against `GOPROXY=file://STORE` on the very same store, the
// floor any proxy could reach. A plain Go net/http file server over the same
// store is measured too, as the reference for what HTTP itself costs.
import { join } from "node:path";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildAll, generateGraph, fileProxyUrl } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree } from "../__tests__/helpers/go.js";
import { startGopin } from "../__tests__/helpers/gopin.js";

export interface WarmStoreResult {
  where: string;
  modules: number;
  versions: number;
  rounds: number;
  gopinMs: number[];
  floorMs: number[];
  httpMs: number[];
  medianRatio: number;
  httpRatio: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timedDownload(specs: string[], proxy: string, tmp: string): Promise<number> {
  const root = tempDir(join(tmp, "client-"));
  const env = goEnv(root, { GOPROXY: proxy, GONOPROXY: "none" });
  const t0 = performance.now();
  const r = await goModDownload(specs, { env, timeoutMs: 600_000 });
  const ms = performance.now() - t0;
  assertGoOk(r.result, `go mod download via ${proxy}`);
  removeTree(root);
  return ms;
}

export async function startStaticServer(store: string, tmp: string): Promise<{ url: string; proc: ChildProcess }> {
  const src = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "bench", "static-server");
  const bin = join(tmp, "static-server");
  execFileSync("go", ["build", "-o", bin, "."], { cwd: src, env: goEnv(tempDir(join(tmp, "build-"))), stdio: "inherit" });
  const proc = spawn(bin, [store], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => proc.stdout!.once("data", (b: Buffer) => resolve(b.toString().trim())));
  return { url, proc };
}

/** `tmp`: where the store and module caches live (a disk directory or a RAM disk). */
export async function benchWarmStore(opts: { tmp: string; where: string; modules?: number; rounds?: number; seed?: number }): Promise<WarmStoreResult> {
  const count = opts.modules ?? 160;
  const rounds = opts.rounds ?? 5;
  const built = await buildAll(generateGraph(count, opts.seed ?? 42));
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  const root = tempDir(join(opts.tmp, "gopin-bench-"));
  const store = join(root, "store");
  const gopin = await startGopin({ store, upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
  let stat: ChildProcess | undefined;
  try {
    await timedDownload(specs, gopin.url, opts.tmp); // fill the store (cold)
    await up.stop(); // from here on, everything must come from the store
    const afterCold = await gopin.stats();
    const st = await startStaticServer(store, root);
    stat = st.proc;
    const gopinMs: number[] = [];
    const floorMs: number[] = [];
    const httpMs: number[] = [];
    const contenders: Array<[string, number[]]> = [
      [gopin.url, gopinMs],
      [fileProxyUrl(store), floorMs],
      [st.url, httpMs],
    ];
    for (let i = 0; i < rounds; i++) {
      // Rotate the order so no contender always runs on the warmest caches.
      for (let j = 0; j < contenders.length; j++) {
        const [url, out] = contenders[(i + j) % contenders.length]!;
        out.push(await timedDownload(specs, url, opts.tmp));
      }
    }
    const s = await gopin.stats();
    if (s.misses !== afterCold.misses || s.upstreamFetches !== afterCold.upstreamFetches) throw new Error("warm runs were not served wholly from the store");
    return {
      where: opts.where,
      modules: count,
      versions: specs.length,
      rounds,
      gopinMs,
      floorMs,
      httpMs,
      medianRatio: median(gopinMs.map((g, i) => g / floorMs[i]!)),
      httpRatio: median(httpMs.map((g, i) => g / floorMs[i]!)),
    };
  } finally {
    stat?.kill();
    await gopin.stop();
    removeTree(root);
  }
}
