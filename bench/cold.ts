// Benchmark: a cold job as users run it, through gopin in record mode against
// `go` talking straight to the same upstream.
//
// - A real project's graph (bench/graphs/<name>.tsv, generated fixtures): a
//   program that requires every module, with an empty go.sum, and
//   `go mod download` walks its graph the way a first `go build` does.
// - The checksum database is on: the x/mod test database (sumdb.NewServer over
//   NewTestServer, run by the oracle binary), holding every module's record
//   before the first round, as the real database does.
// - Upstream and database are a network away: every request waits
//   `latencyMs` before it is answered. Both are counted, so the ratio of
//   requests says what gopin asks that `go` itself would not.
// - gopin runs record mode as `gopin run` runs it, without and with a time
//   window (--min-release-age, which needs every version's time).
// - goproxy/goproxy (scripts/install-goproxy.sh), a caching proxy that checks
//   nothing, runs the same job through a fresh, empty cache each round (its
//   start is not timed): what any proxy in the middle costs on this machine,
//   the yardstick for gopin's ratio. Skipped, saying why, when it cannot be built.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAll } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { CLI } from "../__tests__/helpers/gopin.js";
import { startOracle } from "../__tests__/helpers/oracle.js";
import { startSumdbServer } from "../__tests__/helpers/sumdb-server.js";
import { escapePath, escapeVersion } from "../src/gomod/escape.js";
import { graphModules, readGraph, writeGraphProgram } from "./graphs.js";
import { median } from "./warm-store.js";
import { installGoproxy, startGoproxy } from "./peers.js";

export interface ColdOptions {
  tmp: string;
  graph: string;
  rounds?: number;
  /** Upstream and checksum database wait this long before answering each request. */
  latencyMs?: number;
}

export type ColdContender = "go" | "record" | "window" | "goproxy";

export interface ColdResult {
  graph: string;
  modules: number;
  zipBytes: number;
  latencyMs: number;
  rounds: number;
  ms: Record<ColdContender, number[]>;
  /** Requests per run (upstream and checksum database together). */
  requests: Record<ColdContender, number[]>;
  /** Requests of the last round by class (".mod", ".zip", "sumdb lookup", ...). */
  byClass: Record<ColdContender, Record<string, number>>;
  /** Medians of per-round ratios to `go` (goproxy's: undefined when it was skipped). */
  ratio: { record: number; window: number; goproxy?: number };
  requestRatio: { record: number; window: number; goproxy?: number };
  /** Why goproxy was not measured. */
  goproxySkipped?: string;
}

const DB = "sum.bench.test";

/** What kind of request a path is, for the per-class counts. */
function requestClass(path: string): string {
  if (path.includes("/lookup/")) return "sumdb lookup";
  if (path.includes("/tile/")) return "sumdb tile";
  if (path.endsWith("/latest")) return "sumdb latest";
  if (path.endsWith("/@latest")) return "@latest";
  if (path.endsWith("/@v/list")) return "list";
  const m = /\.(info|mod|zip)$/.exec(path);
  return m ? "." + m[1] : "other";
}

/** An HTTP relay in front of the checksum database that counts requests and adds the latency. */
export async function startCountingRelay(target: string, latencyMs: number) {
  const t = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.url ?? "");
    const forward = () => {
      const up = httpRequest({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers, agent }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on("error", () => res.destroy());
      req.pipe(up);
    };
    if (latencyMs > 0) setTimeout(forward, latencyMs);
    else forward();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
      agent.destroy();
    }),
  };
}

export async function benchCold(o: ColdOptions): Promise<ColdResult> {
  const latencyMs = o.latencyMs ?? 0;
  const rows = readGraph(o.graph);
  const built = await buildAll(graphModules(rows));
  const up = await startFixtureUpstream(built);
  if (latencyMs) up.setFault(/./, { delayMs: latencyMs });
  const oracle = await startOracle();
  const stops: Array<() => Promise<unknown>> = [() => up.stop(), () => oracle.close()];
  try {
    const a = await oracle.ask("note.GenerateKey", [DB]);
    if (!a.ok) throw new Error(`note.GenerateKey: ${a.err}`);
    const keys = a.out as { skey: string; vkey: string };
    const sumdb = await startSumdbServer(oracle.bin, keys.skey, built);
    stops.unshift(() => sumdb.stop());
    // The database holds every record before the first round (the test
    // server adds one on its first lookup), as the real one does.
    for (const b of built) {
      const r = await fetch(`${sumdb.url}/lookup/${escapePath(b.path)}@${escapeVersion(b.version)}`);
      if (!r.ok) throw new Error(`sumdb lookup ${b.path}@${b.version}: ${r.status}`);
      await r.arrayBuffer();
    }
    const relay = await startCountingRelay(sumdb.url, latencyMs);
    stops.unshift(() => relay.stop());
    const gosumdb = `${keys.vkey} ${relay.url}`;
    const program = tempDir(join(o.tmp, "cold-program-"));
    writeGraphProgram(program, rows, "");

    const gp = installGoproxy();
    const goproxySkipped = "skipped" in gp ? gp.skipped : undefined;
    let goproxy: { url: string; proc: ChildProcess } | undefined;
    const run = async (who: ColdContender): Promise<{ ms: number; classes: Record<string, number> }> => {
      const root = tempDir(join(o.tmp, `cold-${who}-`));
      // goproxy: a fresh server with an empty cache, started (untimed) before the round.
      if (who === "goproxy" && "bin" in gp) goproxy = await startGoproxy(gp.bin, root, up.url);
      const dir = join(root, "program");
      mkdirSync(dir);
      cpSync(join(program, "go.mod"), join(dir, "go.mod"));
      writeFileSync(join(dir, "go.sum"), "");
      up.clearLog();
      relay.seen.length = 0;
      const t0 = performance.now();
      if (who === "go") {
        assertGoOk(await runCommand("go", ["mod", "download"], { cwd: dir, env: goEnv(root, { GOPROXY: up.url, GOSUMDB: gosumdb }), timeoutMs: 1_800_000 }), "go mod download");
      } else if (who === "goproxy") {
        const p = goproxy!;
        assertGoOk(await runCommand("go", ["mod", "download"], { cwd: dir, env: goEnv(root, { GOPROXY: p.url, GOSUMDB: gosumdb }), timeoutMs: 1_800_000 }), "go mod download through goproxy");
      } else {
        const window = who === "window" ? ["--min-release-age", "30d"] : [];
        const args = [CLI, "run", "--mode", "record", "--lockfile", join(root, "gopin.lock"), "--store", join(root, "store"), "--upstream", up.url, "--private", "", "--sumdb", gosumdb, ...window, "--quiet", "--", "go", "mod", "download"];
        // BENCH_CPU_PROF=DIR: a V8 CPU profile of each gopin run, for finding where the time goes.
        const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
        assertGoOk(await runCommand(process.execPath, [...prof, ...args], { env: goEnv(root), cwd: dir, timeoutMs: 1_800_000 }), `gopin run (${who})`);
      }
      const ms = performance.now() - t0;
      if (who === "goproxy") {
        goproxy?.proc.kill();
        goproxy = undefined;
      }
      const classes: Record<string, number> = {};
      for (const p of [...up.requests.map((r) => r.path), ...relay.seen]) classes[requestClass(p)] = (classes[requestClass(p)] ?? 0) + 1;
      removeTree(root);
      return { ms, classes };
    };

    const contenders: ColdContender[] = ["go", "record", "window", ...(goproxySkipped ? [] : (["goproxy"] as const))];
    const ms: Record<ColdContender, number[]> = { go: [], record: [], window: [], goproxy: [] };
    const requests: Record<ColdContender, number[]> = { go: [], record: [], window: [], goproxy: [] };
    const byClass: Record<ColdContender, Record<string, number>> = { go: {}, record: {}, window: {}, goproxy: {} };
    stops.unshift(async () => goproxy?.proc.kill());
    const rounds = o.rounds ?? 3;
    for (let i = 0; i < rounds; i++) {
      // Rotate the order so no contender always runs on a warmer machine.
      for (let k = 0; k < contenders.length; k++) {
        const who = contenders[(k + i) % contenders.length]!;
        const r = await run(who);
        ms[who].push(r.ms);
        requests[who].push(Object.values(r.classes).reduce((a, b) => a + b, 0));
        byClass[who] = r.classes;
      }
    }
    const ratio = (xs: number[], base: number[]) => median(xs.map((x, i) => x / base[i]!));
    return {
      graph: o.graph,
      modules: rows.length,
      zipBytes: built.reduce((n, m) => n + m.zip.length, 0),
      latencyMs,
      rounds,
      ms,
      requests,
      byClass,
      ratio: { record: ratio(ms.record, ms.go), window: ratio(ms.window, ms.go), ...(goproxySkipped ? {} : { goproxy: ratio(ms.goproxy, ms.go) }) },
      requestRatio: { record: ratio(requests.record, requests.go), window: ratio(requests.window, requests.go), ...(goproxySkipped ? {} : { goproxy: ratio(requests.goproxy, requests.go) }) },
      ...(goproxySkipped ? { goproxySkipped } : {}),
    };
  } finally {
    for (const s of stops) await s().catch(() => undefined);
  }
}
