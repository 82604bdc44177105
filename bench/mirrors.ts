// Benchmark: a cold `go mod download` of the hugo-shaped graph
// (bench/graphs/hugo.tsv, generated fixtures) through a mirror pool of a fast
// mirror (10 ms per request) and a slow one (100 ms, and 5% of requests stall
// for 2 s), against `go` with GOPROXY=fast (the floor), GOPROXY=fast|slow and
// GOPROXY=slow|fast. The pool is timed in both declared orders: the goal is
// at most 1.10x the fast-only time whatever the order. Medians of per-round
// ratios; contenders interleaved and rotated each round.
import { join } from "node:path";
import { buildAll, type BuiltModule } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { CLI } from "../__tests__/helpers/gopin.js";
import { median } from "./warm-store.js";
import { graphModules, readGraph } from "./graphs.js";

export interface MirrorsOptions {
  tmp: string;
  /** A graph of bench/graphs (default hugo). */
  graph?: string;
  rounds?: number;
  fastMs?: number;
  slowMs?: number;
  stallMs?: number;
  stallShare?: number;
}

export const CONTENDERS = ["go fast", "go fast|slow", "go slow|fast", "gopin fast (no pool)", "gopin pool fast slow", "gopin pool slow fast"] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface MirrorsResult {
  graph: string;
  versions: number;
  zipBytes: number;
  rounds: number;
  fastMs: number;
  slowMs: number;
  stallMs: number;
  stallShare: number;
  times: Record<Contender, number[]>;
  /** Median per-round ratio against "go fast". */
  ratios: Record<Contender, number>;
  /** The pool's cost over gopin without a pool: median per-round ratio to "gopin fast (no pool)", the worse order. */
  poolOverhead: number;
}

export async function benchMirrors(o: MirrorsOptions): Promise<MirrorsResult> {
  const fastMs = o.fastMs ?? 10;
  const slowMs = o.slowMs ?? 100;
  const stallMs = o.stallMs ?? 2000;
  const stallShare = o.stallShare ?? 0.05;
  const graph = o.graph ?? "hugo";
  const built: BuiltModule[] = await buildAll(graphModules(readGraph(graph)));
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const fast = await startFixtureUpstream(built);
  const slow = await startFixtureUpstream(built);
  const stopAll = async (ups: FixtureUpstream[]) => Promise.all(ups.map((u) => u.stop()));
  fast.setFault(/./, { delayMs: fastMs });
  slow.setFault(/./, { delayMs: slowMs });
  slow.setFault(/./, { delayMs: stallMs, probability: stallShare }); // checked first
  const viaGo = (goproxy: string) => async (): Promise<number> => {
    const root = tempDir(join(o.tmp, "go-"));
    const t0 = performance.now();
    assertGoOk((await goModDownload(specs, { env: goEnv(root, { GOPROXY: goproxy }), timeoutMs: 900_000 })).result);
    const ms = performance.now() - t0;
    removeTree(root);
    return ms;
  };
  // gopin alone (no pool) separates gopin's own cost (record mode) from the pool's.
  const viaGopin = (upstreamFlags: string[]) => async (): Promise<number> => {
    const root = tempDir(join(o.tmp, "gopin-"));
    const args = [CLI, "run", "--mode", "record", "--lockfile", join(root, "gopin.lock"), "--store", join(root, "store"), ...upstreamFlags, "--private", "", "--quiet", "--", "go", "mod", "download", ...specs];
    const t0 = performance.now();
    const r = await runCommand(process.execPath, args, { env: goEnv(root), cwd: root, timeoutMs: 900_000 });
    const ms = performance.now() - t0;
    assertGoOk(r, "gopin run");
    removeTree(root);
    return ms;
  };
  const run: Record<Contender, () => Promise<number>> = {
    "go fast": viaGo(fast.url),
    "go fast|slow": viaGo(`${fast.url}|${slow.url}`),
    "go slow|fast": viaGo(`${slow.url}|${fast.url}`),
    "gopin fast (no pool)": viaGopin(["--upstream", fast.url]),
    "gopin pool fast slow": viaGopin(["--mirrors", `${fast.url} ${slow.url}`]),
    "gopin pool slow fast": viaGopin(["--mirrors", `${slow.url} ${fast.url}`]),
  };
  const times = Object.fromEntries(CONTENDERS.map((c) => [c, [] as number[]])) as unknown as Record<Contender, number[]>;
  // BENCH_MIRRORS_ONLY="go fast,gopin fast (no pool)": only these (for looking into one; ratios need "go fast").
  const only = process.env.BENCH_MIRRORS_ONLY?.split(",").map((c) => c.trim());
  const contenders = CONTENDERS.filter((c) => !only || only.includes(c));
  try {
    const rounds = o.rounds ?? 3;
    for (let i = 0; i < rounds; i++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(k + i) % contenders.length]!;
        times[c].push(await run[c]());
      }
    }
    const ratioTo = (c: Contender, base: Contender) => (times[c].length && times[base].length ? median(times[c].map((x, i) => x / times[base][i]!)) : NaN);
    const ratios = Object.fromEntries(CONTENDERS.map((c) => [c, ratioTo(c, "go fast")])) as Record<Contender, number>;
    const poolOverhead = Math.max(ratioTo("gopin pool fast slow", "gopin fast (no pool)"), ratioTo("gopin pool slow fast", "gopin fast (no pool)"));
    return { graph, poolOverhead, versions: specs.length, zipBytes: built.reduce((n, m) => n + m.zip.length, 0), rounds, fastMs, slowMs, stallMs, stallShare, times, ratios };
  } finally {
    await stopAll([fast, slow]);
  }
}
