// `npm run bench`: every figure is a ratio against a baseline measured in
// the same run, on this machine, so results compare across machines.
import { existsSync, mkdirSync } from "node:fs";
import { benchWarmStore } from "./warm-store.js";

// Module caches and the store go on a RAM disk when there is one, so the
// figures measure the proxy rather than this machine's disk write-back.
if (!process.env.BENCH_TMPDIR && existsSync("/dev/shm")) process.env.BENCH_TMPDIR = "/dev/shm/gopin-bench";
if (process.env.BENCH_TMPDIR) {
  mkdirSync(process.env.BENCH_TMPDIR, { recursive: true });
  process.env.TMPDIR = process.env.BENCH_TMPDIR;
}

const fmt = (ms: number[]) => ms.map((x) => (x / 1000).toFixed(2) + "s").join(" ");

async function main() {
  const only = process.argv[2];
  if (!only || only === "warm") {
    const r = await benchWarmStore({ modules: Number(process.env.BENCH_MODULES) || undefined, rounds: Number(process.env.BENCH_ROUNDS) || undefined });
    console.log(`warm store: go mod download of ${r.versions} module versions (${r.modules} modules), fresh module cache, ${r.rounds} rounds`);
    console.log(`  gopin             ${fmt(r.gopinMs)}`);
    console.log(`  GOPROXY=file://   ${fmt(r.floorMs)}`);
    console.log(`  median ratio gopin/file:// = ${r.medianRatio.toFixed(3)} (goal <= 1.15)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
