// Benchmark: a cold fetch through gopin in record mode (admission checks,
// hashing, lockfile) against `go` talking straight to the same upstream.
// The upstream can be given a latency and a per-connection bandwidth, since a
// real module proxy is a network away; 0 ms and unlimited is the worst case
// for gopin (its own work is then all there is to see).
import { join } from "node:path";
import { buildAll, generateGraph, type BuiltModule } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { CLI } from "../__tests__/helpers/gopin.js";
import { median } from "./warm-store.js";

export interface ColdOptions {
  tmp: string;
  modules?: number;
  rounds?: number;
  largeCount?: number;
  largeSize?: number;
  /** The upstream waits this long before answering each request. */
  latencyMs?: number;
  /** The upstream sends each body at about this rate (MB/s); absent: unlimited. */
  mbps?: number;
  /** Also time gopin with --read-ahead off. */
  withoutReadAhead?: boolean;
}

export interface ColdResult {
  latencyMs: number;
  mbps?: number;
  versions: number;
  zipBytes: number;
  rounds: number;
  directMs: number[];
  gopinMs: number[];
  noReadAheadMs: number[];
  /** Medians of per-round ratios against `direct`. */
  ratio: number;
  noReadAheadRatio?: number;
}

export async function benchCold(o: ColdOptions): Promise<ColdResult> {
  const graph = generateGraph(o.modules ?? 300, 7, { largeCount: o.largeCount ?? 4, largeSize: o.largeSize ?? 24 << 20 });
  const built: BuiltModule[] = await buildAll(graph);
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  if (o.latencyMs || o.mbps) up.setFault(/./, { delayMs: o.latencyMs ?? 0, ...(o.mbps ? { dripBytesPerSec: o.mbps * 1e6 } : {}) });
  const times: Record<"direct" | "gopin" | "noReadAhead", number[]> = { direct: [], gopin: [], noReadAhead: [] };
  const viaGopin = (readAhead: "on" | "off") => async (): Promise<number> => {
    const root = tempDir(join(o.tmp, "gopin-"));
    const args = [CLI, "run", "--mode", "record", "--read-ahead", readAhead, "--lockfile", join(root, "gopin.lock"), "--store", join(root, "store"), "--upstream", up.url, "--private", "", "--quiet", "--", "go", "mod", "download", ...specs];
    const t0 = performance.now();
    const r = await runCommand(process.execPath, args, { env: goEnv(root), cwd: root, timeoutMs: 900_000 });
    const ms = performance.now() - t0;
    assertGoOk(r, "gopin run (record)");
    removeTree(root);
    return ms;
  };
  const contenders: Array<[keyof typeof times, () => Promise<number>]> = [
    ["direct", async () => {
      const root = tempDir(join(o.tmp, "direct-"));
      const t0 = performance.now();
      assertGoOk((await goModDownload(specs, { env: goEnv(root, { GOPROXY: up.url }), timeoutMs: 900_000 })).result);
      const ms = performance.now() - t0;
      removeTree(root);
      return ms;
    }],
    ["gopin", viaGopin("on")],
  ];
  if (o.withoutReadAhead) contenders.push(["noReadAhead", viaGopin("off")]);
  try {
    const rounds = o.rounds ?? 5;
    for (let i = 0; i < rounds; i++) {
      // Rotate the order so no contender always runs on a warmer machine.
      const order = contenders.map((_, k) => contenders[(k + i) % contenders.length]!);
      for (const [name, run] of order) times[name].push(await run());
    }
    const ratio = (xs: number[]) => median(xs.map((x, i) => x / times.direct[i]!));
    return {
      latencyMs: o.latencyMs ?? 0,
      ...(o.mbps ? { mbps: o.mbps } : {}),
      versions: specs.length,
      zipBytes: built.reduce((n, m) => n + m.zip.length, 0),
      rounds,
      directMs: times.direct,
      gopinMs: times.gopin,
      noReadAheadMs: times.noReadAhead,
      ratio: ratio(times.gopin),
      ...(o.withoutReadAhead ? { noReadAheadRatio: ratio(times.noReadAhead) } : {}),
    };
  } finally {
    await up.stop();
  }
}
