// `npm run bench`: every figure is a ratio against a baseline measured in
// the same run, on this machine, so results compare across machines.
//   npm run bench            all benchmarks
//   npm run bench -- warm    one of them
// BENCH_ROUNDS, BENCH_MODULES override the sizes.
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchWarmStore, type WarmStoreResult } from "./warm-store.js";

const secs = (ms: number[]) => ms.map((x) => (x / 1000).toFixed(2) + "s").join(" ");

function printWarm(r: WarmStoreResult): void {
  console.log(`warm store on ${r.where}: go mod download of ${r.versions} module versions (${r.modules} modules), fresh module cache, ${r.rounds} rounds`);
  console.log(`  gopin                   ${secs(r.gopinMs)}`);
  console.log(`  GOPROXY=file://STORE    ${secs(r.floorMs)}`);
  console.log(`  Go net/http file server ${secs(r.httpMs)}`);
  console.log(`  median ratio gopin/file://       = ${r.medianRatio.toFixed(3)} (goal <= 1.15)`);
  console.log(`  median ratio http-server/file:// = ${r.httpRatio.toFixed(3)} (what plain HTTP costs)`);
}

async function main() {
  const only = process.argv[2];
  const rounds = Number(process.env.BENCH_ROUNDS) || undefined;
  const modules = Number(process.env.BENCH_MODULES) || undefined;
  if (!only || only === "warm") {
    const disk = join(tmpdir(), "gopin-bench");
    mkdirSync(disk, { recursive: true });
    printWarm(await benchWarmStore({ tmp: disk, where: `disk (${disk})`, rounds: rounds ?? 7, modules }));
    // On a RAM disk the file system costs nothing, so HTTP itself dominates:
    // the hardest case for any proxy.
    if (existsSync("/dev/shm")) {
      const ram = "/dev/shm/gopin-bench";
      mkdirSync(ram, { recursive: true });
      printWarm(await benchWarmStore({ tmp: ram, where: "RAM disk (/dev/shm)", rounds: rounds ?? 5, modules }));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
