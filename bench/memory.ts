// Benchmarks: the daemon's peak memory while it fetches, checks, stores and
// streams a large zip (flat in zip size is the goal), and its start-up time
// against Node's own.
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { infoJson, randomBytes, type BuiltModule } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, tempDir, removeTree } from "../__tests__/helpers/go.js";
import { startGopin } from "../__tests__/helpers/gopin.js";
import { buildZip } from "../__tests__/helpers/zipcraft.js";
import { median } from "./warm-store.js";

function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function hugeModule(path: string, size: number): Promise<BuiltModule> {
  const version = "v1.0.0";
  const mod = Buffer.from(`module ${path}\n\ngo 1.21\n`);
  const zip = await buildZip([
    { name: `${path}@${version}/go.mod`, data: mod },
    // Stored, not deflated: building a deflated 400 MB fixture would dominate the run.
    { name: `${path}@${version}/blob.bin`, data: randomBytes(size, path), compress: false },
  ]);
  return { path, version, time: "2023-01-01T00:00:00Z", info: infoJson(version, "2023-01-01T00:00:00Z"), mod, zip, files: [] };
}

export interface MemoryResult {
  sizesMiB: number[];
  peakRssMiB: number[];
  ratio: number;
}

/** Peak RSS of a fresh gopin serving one cold zip of each size end to end. */
export async function benchMemory(opts: { tmp: string; sizesMiB?: number[] }): Promise<MemoryResult> {
  const sizes = opts.sizesMiB ?? [40, 400];
  const peaks: number[] = [];
  for (const mib of sizes) {
    const m = await hugeModule(`example.com/huge${mib}`, mib << 20);
    const up = await startFixtureUpstream([m]);
    const root = tempDir(join(opts.tmp, "gopin-mem-"));
    const g = await startGopin({ store: join(root, "store"), upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
    try {
      const r = await request(`${g.url}/example.com/huge${mib}/@v/v1.0.0.zip`);
      let n = 0;
      for await (const c of r.body) n += (c as Buffer).length;
      if (r.statusCode !== 200 || n !== m.zip.length) throw new Error(`huge${mib}: status ${r.statusCode}, ${n} of ${m.zip.length} bytes`);
      peaks.push(peakRssMiB(g.proc.pid!));
    } finally {
      await g.stop();
      await up.stop();
      removeTree(root);
    }
  }
  return { sizesMiB: sizes, peakRssMiB: peaks, ratio: peaks[peaks.length - 1]! / peaks[0]! };
}

export interface StartupResult {
  gopinMs: number;
  nodeMs: number;
}

function timeToFirstLine(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "ignore"] });
    p.stdout!.once("data", () => {
      const ms = performance.now() - t0;
      p.kill("SIGTERM");
      p.once("exit", () => resolve(ms));
    });
    p.once("error", reject);
  });
}

/** Spawn to "URL printed" for the bundled CLI, against `node -e` printing a line. */
export async function benchStartup(opts: { tmp: string; runs?: number }): Promise<StartupResult> {
  const bundled = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "dist", "cli", "index.js");
  const root = tempDir(join(opts.tmp, "gopin-start-"));
  const env = goEnv(root);
  const g: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < (opts.runs ?? 15); i++) {
    g.push(await timeToFirstLine([bundled, "serve", "--store", join(root, "store"), "--upstream", "off", "--private", "", "--log", "none"], env));
    n.push(await timeToFirstLine(["-e", "console.log('x'); setInterval(() => {}, 1000)"], env));
  }
  removeTree(root);
  return { gopinMs: median(g), nodeMs: median(n) };
}
