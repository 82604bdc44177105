// `npm run bench`: every figure is a ratio against a baseline measured in
// the same run, on this machine, so results compare across machines.
//   npm run bench                      everything
//   npm run bench -- warm cold ci peers load memory startup mirrors shared     some of it
// BENCH_ROUNDS and BENCH_MODULES override the warm, cold and ci sizes
// (load is one run of each contender). BENCH_CI_CASES picks the CI graphs
// (names of bench/graphs/*.tsv, each optionally @MBps for a throttled link).
// memory and startup spawn the committed dist/ bundle: run `npm run build`
// first when src/ changed.
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchWarmStore, type WarmStoreResult } from "./warm-store.js";
import { benchCold } from "./cold.js";
import { benchLoad, type LoadFigures } from "./load.js";
import { benchMemory, benchStartup } from "./memory.js";
import { benchCiPath, ciPathRatios } from "./ci-path.js";
import { graphNames } from "./graphs.js";
import { median } from "./warm-store.js";
import { benchMirrors, CONTENDERS } from "./mirrors.js";
import { benchShared } from "./shared.js";
import { benchPeers } from "./peers.js";

const secs = (ms: number[]) => ms.map((x) => (x / 1000).toFixed(2) + "s").join(" ");
const MB = (n: number) => (n / 1e6).toFixed(0) + " MB";

function printWarm(r: WarmStoreResult): void {
  console.log(`warm store on ${r.where}: go mod download of ${r.versions} module versions (${r.modules} modules), fresh module cache, ${r.rounds} rounds`);
  console.log(`  gopin                   ${secs(r.gopinMs)}`);
  console.log(`  GOPROXY=file://STORE    ${secs(r.floorMs)}`);
  console.log(`  Go net/http file server ${secs(r.httpMs)}`);
  console.log(`  median ratio gopin/file://       = ${r.medianRatio.toFixed(3)} (goal <= 1.15)`);
  console.log(`  median ratio http-server/file:// = ${r.httpRatio.toFixed(3)} (what plain HTTP costs)`);
}

function loadLine(name: string, f: LoadFigures): string {
  return `  ${name.padEnd(24)} ${f.requestsPerSec.toFixed(0).padStart(6)} req/s  p50 ${f.p50ms.toFixed(2)} ms  p99 ${f.p99ms.toFixed(2)} ms  large zips ${f.largeMBps.toFixed(0)} MB/s`;
}

async function main() {
  const which = new Set(process.argv.slice(2));
  const want = (k: string) => which.size === 0 || which.has(k);
  const rounds = Number(process.env.BENCH_ROUNDS) || undefined;
  const modules = Number(process.env.BENCH_MODULES) || undefined;
  const disk = join(tmpdir(), "gopin-bench");
  mkdirSync(disk, { recursive: true });
  if (want("warm")) {
    printWarm(await benchWarmStore({ tmp: disk, where: `disk (${disk})`, rounds: rounds ?? 7, modules }));
    // On a RAM disk the file system costs nothing, so HTTP itself dominates:
    // the hardest case for any proxy.
    if (existsSync("/dev/shm")) {
      const ram = "/dev/shm/gopin-bench";
      mkdirSync(ram, { recursive: true });
      printWarm(await benchWarmStore({ tmp: ram, where: "RAM disk (/dev/shm)", rounds: rounds ?? 5, modules }));
    }
  }
  if (want("cold")) {
    // A real graph walked by go mod download, checksum database on, at 0 ms
    // (gopin's own work is all there is to see) and at 20 ms per request.
    // BENCH_COLD_CASES: graph@latency,... (default hugo@0,hugo@20,fzf@20).
    const cases = (process.env.BENCH_COLD_CASES ?? "hugo@0,hugo@20,fzf@20").split(",");
    const lines: string[] = [];
    for (const c of cases) {
      const [graph, latency] = c.split("@");
      const r = await benchCold({ tmp: disk, graph: graph!, rounds: rounds ?? 3, latencyMs: Number(latency ?? 0) });
      console.log(`cold job, ${r.graph} graph (${r.modules} modules, ${MB(r.zipBytes)} of zips): go mod download, empty go.sum, checksum database on, ${r.latencyMs} ms per request, ${r.rounds} rounds`);
      const cls = (x: Record<string, number>) => Object.entries(x).sort().map(([k, v]) => `${k} ${v}`).join(", ");
      const label = { go: "go straight at the upstream", record: "gopin run --mode record", window: "same, --min-release-age 30d", goproxy: "goproxy/goproxy, empty cache" } as const;
      if (r.goproxySkipped) console.log(`  goproxy skipped: ${r.goproxySkipped}`);
      for (const who of ["go", "record", "window", "goproxy"] as const) {
        if (r.ms[who].length) console.log(`  ${label[who].padEnd(30)} ${secs(r.ms[who])}  requests ${r.requests[who].join(" ")} (${cls(r.byClass[who])})`);
      }
      lines.push(`cold ${r.graph} ${r.latencyMs}ms: gopin-record/go = ${r.ratio.record.toFixed(2)}, requests = ${r.requestRatio.record.toFixed(2)}`);
      lines.push(`cold ${r.graph} ${r.latencyMs}ms with a window: gopin-record/go = ${r.ratio.window.toFixed(2)}, requests = ${r.requestRatio.window.toFixed(2)}`);
      if (r.ratio.goproxy !== undefined) lines.push(`cold ${r.graph} ${r.latencyMs}ms, the yardstick: goproxy/go = ${r.ratio.goproxy.toFixed(2)}, requests = ${r.requestRatio.goproxy!.toFixed(2)}`);
    }
    for (const l of lines) console.log(l);
  }
  if (want("ci")) {
    // Graphs from bench/graphs/*.tsv; "@N" sends restores through an N MB/s link.
    const cases = (process.env.BENCH_CI_CASES ?? graphNames().join(",")).split(",");
    const lines: string[] = [];
    for (const c of cases) {
      const [graph, link] = c.split("@");
      const r = await benchCiPath({ tmp: disk, graph: graph!, rounds: rounds ?? 3, ...(link ? { cacheMBps: Number(link) } : {}) });
      const q = ciPathRatios(r);
      const where = r.cacheMBps ? `restores through a ${r.cacheMBps} MB/s link` : "local cache service + Azurite, no link";
      console.log(`CI path, ${r.graph} graph: restore + go build ./... && go test ./... of a program importing ${r.modules} modules (${MB(r.zipBytes)} of zips), ${r.rounds} rounds, ${where}`);
      console.log(`  gopin (store + build cache, through gopin)  ${secs(r.gopinMs)}  cache entries ${MB(r.gopinBytes)} (store ${MB(r.gopinStoreBytes)})`);
      console.log(`  setup-go cache: true (GOMODCACHE + GOCACHE)  ${secs(r.setupGoMs)}  cache entry ${MB(r.setupGoBytes)}`);
      const ph = (rows: number[][]) => rows[0]!.map((_, k) => (median(rows.map((x) => x[k]!)) / 1000).toFixed(2) + "s").join(" / ");
      console.log(`  phases (median): gopin main step / build+test / post step = ${ph(r.gopinPhases)}; setup-go restore / build+test = ${ph(r.setupGoPhases)}`);
      console.log(`  inside gopin's main step (median, as it timed itself): main / store restore / gopin start / prefill (${r.prefillLaidOut[0]} versions) / build-cache restore = ${ph(r.gopinInside)}`);
      console.log(`  restore phase per round: gopin's main step ${secs(r.gopinPhases.map((p) => p[0]!))}; setup-go ${secs(r.setupGoPhases.map((p) => p[0]!))} (gopin goes first in rounds 1, 3, 5, …)`);
      if (r.gopinRestoreCpuMs.length) console.log(`  CPU the whole machine spent in the restore phase (median, every process, the cache service's too): gopin ${(median(r.gopinRestoreCpuMs) / 1000).toFixed(2)}s (${secs(r.gopinRestoreCpuMs)}), setup-go ${(median(r.setupGoRestoreCpuMs) / 1000).toFixed(2)}s (${secs(r.setupGoRestoreCpuMs)})`);
      lines.push(`ci-path ${r.graph}${r.cacheMBps ? `@${r.cacheMBps}` : ""}: gopin/setup-go seconds = ${q.seconds.toFixed(2)}, bytes = ${q.bytes.toFixed(2)}`);
    }
    for (const l of lines) console.log(l);
  }
  if (want("peers")) {
    // BENCH_PEERS_GRAPH picks another graph (default hugo).
    const r = await benchPeers({ tmp: disk, graph: process.env.BENCH_PEERS_GRAPH ?? "hugo", rounds: rounds ?? 5 });
    console.log(`peers, ${r.graph} graph (${r.modules} modules, ${MB(r.zipBytes)} of zips): warm go mod download with go.sum, fresh module cache, GOSUMDB=off, ${r.rounds} rounds; gopin from build/src (compiled sources, not dist/)`);
    if (r.goproxySkipped) console.log(`  goproxy skipped: ${r.goproxySkipped}`);
    const label = { file: "GOPROXY=file://", static: "Go net/http file server", "node-static": "node:http + gopin's sendFile", goproxy: "goproxy/goproxy v0.21.0", "gopin-verify": "gopin serve --mode verify", "gopin-plain": "gopin serve (no lockfile)", "gopin-run": "gopin run --mode verify" } as const;
    // The plain daemon's peak includes its warm-up, which filled its store from the upstream (a cold job).
    const note: Partial<Record<string, string>> = { "gopin-plain": " (its warm-up filled its store: a cold job)" };
    const what: Partial<Record<string, string>> = { "gopin-run": "  (a new process per round: prefill, serve, remove its module cache)" };
    for (const p of r.peers) {
      const rss = r.peakRssMiB[p] !== undefined ? `  peak RSS ${r.peakRssMiB[p]!.toFixed(0)} MiB${note[p] ?? ""}` : "";
      console.log(`  ${label[p].padEnd(26)} ${secs(r.ms[p]!)}  median ratio to file:// = ${r.ratio[p]!.toFixed(2)}${rss}${what[p] ?? ""}`);
    }
    const f = (x: number | undefined) => (x === undefined ? "skipped" : x.toFixed(2));
    const m = (x: number | undefined) => (x === undefined ? "skipped" : `${x.toFixed(0)} MiB`);
    console.log(
      `peers ${r.graph}: gopin-run/file = ${f(r.ratio["gopin-run"])}, gopin-verify/file = ${f(r.ratio["gopin-verify"])}, gopin-plain/file = ${f(r.ratio["gopin-plain"])}, goproxy/file = ${f(r.ratio.goproxy)}, static/file = ${f(r.ratio.static)}, node-static/file = ${f(r.ratio["node-static"])}, gopin peak RSS = ${m(r.peakRssMiB["gopin-verify"])}, goproxy peak RSS = ${m(r.peakRssMiB.goproxy)}`,
    );
  }
  if (want("load")) {
    const r = await benchLoad({ tmp: disk });
    console.log(`load: ${r.clients} concurrent clients, ${r.smallRequests} small-file requests (.info/.mod), then 8 large zips at once`);
    console.log(loadLine("gopin", r.gopin));
    console.log(loadLine("Go net/http file server", r.http));
    console.log(`  ratios gopin/http-server: req/s ${(r.gopin.requestsPerSec / r.http.requestsPerSec).toFixed(2)}, p99 ${(r.gopin.p99ms / r.http.p99ms).toFixed(2)}, MB/s ${(r.gopin.largeMBps / r.http.largeMBps).toFixed(2)}`);
  }
  if (want("memory")) {
    const r = await benchMemory({ tmp: disk });
    console.log(`memory: peak RSS of gopin fetching, checking, storing and serving one cold zip`);
    r.sizesMiB.forEach((s, i) => console.log(`  ${String(s).padStart(4)} MiB zip: ${r.peakRssMiB[i]!.toFixed(0)} MiB peak RSS`));
    console.log(`  ratio peak RSS ${r.sizesMiB.at(-1)} MiB / ${r.sizesMiB[0]} MiB zip = ${r.ratio.toFixed(2)} (goal: flat, ~1.0)`);
  }
  if (want("mirrors")) {
    const r = await benchMirrors({ tmp: disk, rounds: rounds ?? 3 });
    console.log(
      `mirrors, ${r.graph} graph: cold go mod download of ${r.versions} versions (${MB(r.zipBytes)} of zips); fast mirror ${r.fastMs} ms per request, ` +
        `slow ${r.slowMs} ms with ${r.stallShare * 100}% of requests stalling ${r.stallMs} ms; ${r.rounds} rounds`,
    );
    for (const c of CONTENDERS) console.log(`  ${c.padEnd(22)} ${secs(r.times[c])}  median ratio to go fast = ${r.ratios[c].toFixed(3)}`);
    const worst = Math.max(r.ratios["gopin pool fast slow"], r.ratios["gopin pool slow fast"]);
    console.log(`  pool, worse order: ${worst.toFixed(3)} x the fast-only time (goal <= 1.10 whatever the order)`);
    const f = (x: number) => x.toFixed(2);
    console.log(`mirrors ${r.graph}: pool-fast-first/fast-only = ${f(r.ratios["gopin pool fast slow"])}, pool-slow-first/fast-only = ${f(r.ratios["gopin pool slow fast"])}, pool overhead = ${f(r.poolOverhead)}`);
  }
  if (want("shared")) {
    const r = await benchShared({ tmp: disk, rounds: rounds ?? 5, modules, mbps: 100, latencyMs: 5 });
    console.log(`shared store: cold job (empty local store), go mod download of ${r.versions} versions (${MB(r.zipBytes)} of zips), each server behind a ${r.mbps} MB/s, ${r.latencyMs} ms link, ${r.rounds} rounds`);
    console.log(`  from the upstream          ${secs(r.upstreamMs)}  upstream requests ${r.upstreamRequests.upstream}`);
    console.log(`  from the shared store (S3) ${secs(r.sharedMs)}  upstream requests ${r.upstreamRequests.shared} (failed bucket requests per round: ${r.sharedErrors.join(" ")})`);
    console.log(`  median ratio shared/upstream = ${r.ratio.toFixed(3)}`);
  }
  if (want("startup")) {
    const r = await benchStartup({ tmp: disk });
    console.log(`start-up: spawn to first line, median of 15`);
    console.log(`  gopin serve (dist bundle) ${r.gopinMs.toFixed(0)} ms; node -e ${r.nodeMs.toFixed(0)} ms; ratio ${(r.gopinMs / r.nodeMs).toFixed(2)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
