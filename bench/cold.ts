// Benchmark: a cold fetch through gopin in record mode (admission checks,
// hashing, lockfile) against `go` talking straight to the same upstream.
import { join } from "node:path";
import { buildAll, generateGraph, type BuiltModule } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { CLI } from "../__tests__/helpers/gopin.js";
import { median } from "./warm-store.js";

export interface ColdResult {
  latencyMs: number;
  versions: number;
  zipBytes: number;
  rounds: number;
  gopinMs: number[];
  directMs: number[];
  medianRatio: number;
}

export async function benchCold(opts: { tmp: string; modules?: number; rounds?: number; largeSize?: number; latencyMs?: number }): Promise<ColdResult> {
  const built: BuiltModule[] = await buildAll(generateGraph(opts.modules ?? 300, 7, { largeCount: 4, largeSize: opts.largeSize ?? 24 << 20 }));
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  // A remote proxy answers after a network round trip; 0 is the worst case
  // for gopin (its own work is then all there is to see).
  if (opts.latencyMs) up.setFault(/./, { delayMs: opts.latencyMs });
  const gopinMs: number[] = [];
  const directMs: number[] = [];
  try {
    const rounds = opts.rounds ?? 5;
    for (let i = 0; i < rounds; i++) {
      const runs: Array<() => Promise<void>> = [
        async () => {
          const root = tempDir(join(opts.tmp, "direct-"));
          const t0 = performance.now();
          assertGoOk((await goModDownload(specs, { env: goEnv(root, { GOPROXY: up.url }), timeoutMs: 600_000 })).result);
          directMs.push(performance.now() - t0);
          removeTree(root);
        },
        async () => {
          const root = tempDir(join(opts.tmp, "gopin-"));
          const env = goEnv(root);
          const args = [CLI, "run", "--mode", "record", "--lockfile", join(root, "gopin.lock"), "--store", join(root, "store"), "--upstream", up.url, "--private", "", "--quiet", "--", "go", "mod", "download", ...specs];
          const t0 = performance.now();
          const r = await runCommand(process.execPath, args, { env, cwd: root, timeoutMs: 600_000 });
          gopinMs.push(performance.now() - t0);
          assertGoOk(r, "gopin run (record)");
          removeTree(root);
        },
      ];
      if (i % 2) runs.reverse();
      for (const r of runs) await r();
    }
    return {
      latencyMs: opts.latencyMs ?? 0,
      versions: specs.length,
      zipBytes: built.reduce((n, m) => n + m.zip.length, 0),
      rounds,
      gopinMs,
      directMs,
      medianRatio: median(gopinMs.map((g, i) => g / directMs[i]!)),
    };
  } finally {
    await up.stop();
  }
}
