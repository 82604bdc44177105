// Benchmark: gopin's warm path against its peers on a real project's graph
// (bench/graphs/hugo.tsv, generated fixtures): `go mod download` in a
// program that requires the whole graph, with its go.sum, a fresh module
// cache each run, GOSUMDB=off. Contenders, each a server started once and
// warmed by one unmeasured run (the upstream is stopped before the rounds):
//   file://      GOPROXY=file://<a proxy tree of the fixtures>, the floor
//   static       a plain Go net/http file server over the same tree
//   node-static  Node's HTTP server with gopin's own send loop over the same
//                tree (bench/node-static.ts): the floor for a Node proxy
//   goproxy      goproxy/goproxy (scripts/install-goproxy.sh), its cache
//                filled by the warm-up from the fixture upstream
//   gopin-verify gopin serve --mode verify with a lockfile recorded by a
//                warm-up record run
//   gopin-plain  gopin serve without a lockfile (its own store)
//   gopin-run    `gopin run --mode verify -- go mod download`, a new process
//                each round, as a user runs it: it lays the locked zips out
//                in its own module cache (checking each against the lock)
//                before go starts, serves the rest, and removes that module
//                cache before it exits, all inside the measured time
// gopin runs from build/src/entries/cli.js (the compiled sources, not dist/),
// with the Node flags the Action's daemon gets (src/core/daemon-flags.ts).
// Reported: per-contender times, medians of per-round ratios to file://
// (rounds interleaved, order rotated) and each daemon's peak RSS (VmHWM).
import { join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildAll, fileProxyUrl, goSums, goSumText, writeProxyTree } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { CLI, startGopin, type GopinProcess } from "../__tests__/helpers/gopin.js";
import { daemonNodeFlags } from "../src/core/daemon-flags.js";
import { graphModules, readGraph, writeGraphProgram } from "./graphs.js";
import { median, startStaticServer } from "./warm-store.js";

export const PEERS = ["file", "static", "node-static", "goproxy", "gopin-verify", "gopin-plain", "gopin-run"] as const;
export type Peer = (typeof PEERS)[number];

export interface PeersResult {
  graph: string;
  modules: number;
  zipBytes: number;
  rounds: number;
  /** Contenders measured (goproxy is absent when it could not be built). */
  peers: Peer[];
  ms: Partial<Record<Peer, number[]>>;
  /** Median of per-round ratios to file://. */
  ratio: Partial<Record<Peer, number>>;
  /** Peak RSS (VmHWM) of each daemon at the end, MiB. */
  peakRssMiB: Partial<Record<Peer, number>>;
  /** Why goproxy was not measured. */
  goproxySkipped?: string;
}

const REPO = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");

export function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Builds goproxy into .cache/tools (cached); its path, or why not. */
export function installGoproxy(): { bin: string } | { skipped: string } {
  const r = spawnSync(join(REPO, "scripts", "install-goproxy.sh"), { encoding: "utf8", env: process.env });
  const bin = join(REPO, ".cache", "tools", "goproxy");
  if (r.status !== 0 || !existsSync(bin)) return { skipped: `scripts/install-goproxy.sh failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}` };
  return { bin };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startGoproxy(bin: string, root: string, upstream: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const env = goEnv(join(root, "goproxy-env"), { GOPROXY: upstream, GOSUMDB: "off", GONOPROXY: "none" });
  const proc = spawn(bin, ["server", "--address", `127.0.0.1:${port}`, "--cacher-dir", join(root, "goproxy-cache"), "--temp-dir", root], { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  proc.stderr!.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 15_000; ; ) {
    if (proc.exitCode !== null) throw new Error(`goproxy exited with ${proc.exitCode}: ${err}`);
    try {
      await (await fetch(url + "/example.invalid/@v/list")).arrayBuffer();
      return { url, proc };
    } catch {
      if (Date.now() > deadline) throw new Error(`goproxy did not answer within 15 s: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** bench/node-static.ts over `tree`, with a verifying daemon's Node flags. */
async function startNodeStatic(tree: string): Promise<{ url: string; proc: ChildProcess }> {
  const script = join(REPO, "build", "bench", "node-static.js");
  const proc = spawn(process.execPath, [...daemonNodeFlags("verify"), script, tree], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    proc.stdout!.once("data", (b: Buffer) => resolve(b.toString().trim()));
  });
  return { url, proc };
}

/** What a round runs `go mod download` through: a GOPROXY URL, or a gopin command line that runs it. */
type Contender = string | { gopin: string[] };

export async function benchPeers(opts: { tmp: string; graph?: string; rounds?: number }): Promise<PeersResult> {
  const graph = opts.graph ?? "hugo";
  const rounds = opts.rounds ?? 5;
  const rows = readGraph(graph);
  const built = await buildAll(graphModules(rows));
  const root = tempDir(join(opts.tmp, "gopin-peers-"));
  const program = join(root, "program");
  writeGraphProgram(program, rows, goSumText(await goSums(built)));
  const tree = join(root, "tree");
  await writeProxyTree(tree, built);
  const up = await startFixtureUpstream(built);
  const procs: ChildProcess[] = [];
  const gopins: GopinProcess[] = [];
  // A contender is a GOPROXY for go, or the arguments of a gopin command line that runs `go mod download` itself.
  const download = async (via: Contender, what: string): Promise<number> => {
    const client = tempDir(join(opts.tmp, "peers-client-"));
    const env = goEnv(client, { GOPROXY: typeof via === "string" ? via : "off", GONOPROXY: "none", GOSUMDB: "off" });
    const [cmd, args] = typeof via === "string" ? ["go", ["mod", "download"]] : [process.execPath, [CLI, ...via.gopin, "--", "go", "mod", "download"]];
    const t0 = performance.now();
    const r = await runCommand(cmd, args, { cwd: program, env, timeoutMs: 1_800_000 });
    const ms = performance.now() - t0;
    assertGoOk(r, `go mod download via ${what}`);
    removeTree(client);
    return ms;
  };
  try {
    const urls: Partial<Record<Peer, Contender>> = { file: fileProxyUrl(tree) };
    const pids: Partial<Record<Peer, number>> = {};
    const st = await startStaticServer(tree, root);
    procs.push(st.proc);
    urls.static = st.url;
    const ns = await startNodeStatic(tree);
    procs.push(ns.proc);
    urls["node-static"] = ns.url;
    pids["node-static"] = ns.proc.pid!;

    const gp = installGoproxy();
    let goproxySkipped: string | undefined;
    if ("bin" in gp) {
      try {
        const g = await startGoproxy(gp.bin, root, up.url);
        procs.push(g.proc);
        await download(g.url, "goproxy (warm-up, fills its cache)");
        urls.goproxy = g.url;
        pids.goproxy = g.proc.pid!;
      } catch (e) {
        goproxySkipped = `goproxy could not be run: ${(e as Error).message}`;
      }
    } else goproxySkipped = gp.skipped;

    // The lockfile: one record run, then that daemon stops (writing it).
    const lockfile = join(root, "gopin.lock");
    const verifyStore = join(root, "store-verify");
    const rec = await startGopin({ store: verifyStore, upstream: up.url, logFile: join(root, "record.log"), env: goEnv(join(root, "gopin-env")), extraArgs: ["--mode", "record", "--lockfile", lockfile, "--sumdb", "off"] });
    await download(rec.url, "gopin record (warm-up)");
    await rec.stop();
    const plain = await startGopin({ nodeArgs: daemonNodeFlags("record"), store: join(root, "store-plain"), upstream: up.url, logFile: join(root, "plain.log"), env: goEnv(join(root, "gopin-env")) });
    gopins.push(plain);
    await download(plain.url, "gopin plain (warm-up, fills its store)");
    await up.stop(); // from here on, everything comes from stores and caches
    const verify = await startGopin({ nodeArgs: daemonNodeFlags("verify"), store: verifyStore, upstream: up.url, logFile: join(root, "verify.log"), env: goEnv(join(root, "gopin-env")), extraArgs: ["--mode", "verify", "--lockfile", lockfile, "--sumdb", "off"] });
    gopins.push(verify);
    await download(verify.url, "gopin verify (warm-up)");
    urls["gopin-verify"] = verify.url;
    urls["gopin-run"] = { gopin: ["run", "--mode", "verify", "--lockfile", lockfile, "--store", verifyStore, "--upstream", "off", "--private", "", "--sumdb", "off", "--quiet"] };
    urls["gopin-plain"] = plain.url;
    pids["gopin-verify"] = verify.proc.pid!;
    pids["gopin-plain"] = plain.proc.pid!;
    const before = await Promise.all(gopins.map((g) => g.stats()));

    const peers = PEERS.filter((p) => urls[p] !== undefined);
    const ms: Partial<Record<Peer, number[]>> = Object.fromEntries(peers.map((p) => [p, []]));
    for (let i = 0; i < rounds; i++) {
      // Rotate the order so no contender always runs on the warmest caches.
      for (let j = 0; j < peers.length; j++) {
        const p = peers[(i + j) % peers.length]!;
        ms[p]!.push(await download(urls[p]!, p));
      }
    }
    const after = await Promise.all(gopins.map((g) => g.stats()));
    after.forEach((s, k) => {
      if (s.misses !== before[k]!.misses || s.upstreamFetches !== before[k]!.upstreamFetches) throw new Error("gopin's measured runs were not served wholly from its store");
    });
    const peakRss: Partial<Record<Peer, number>> = {};
    for (const [p, pid] of Object.entries(pids)) peakRss[p as Peer] = peakRssMiB(pid);
    const ratio: Partial<Record<Peer, number>> = {};
    for (const p of peers) ratio[p] = median(ms[p]!.map((x, k) => x / ms.file![k]!));
    return {
      graph,
      modules: rows.length,
      zipBytes: rows.reduce((n, r) => n + r.zipBytes, 0),
      rounds,
      peers,
      ms,
      ratio,
      peakRssMiB: peakRss,
      ...(goproxySkipped ? { goproxySkipped } : {}),
    };
  } finally {
    for (const g of gopins) await g.stop();
    for (const p of procs) p.kill();
    await up.stop().catch(() => undefined);
    removeTree(root);
  }
}
