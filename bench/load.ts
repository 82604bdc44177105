// Benchmark: many concurrent clients against one warm gopin, next to a plain
// Go net/http file server on the same store (the same-run baseline):
// requests/s and p50/p99 latency for small files, MB/s for large zips.
import { join } from "node:path";
import { Pool } from "undici";
import { buildAll, generateGraph } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, goModDownload, assertGoOk, tempDir, removeTree } from "../__tests__/helpers/go.js";
import { startGopin } from "../__tests__/helpers/gopin.js";
import { escapePath, escapeVersion } from "../src/gomod/escape.js";
import { startStaticServer } from "./warm-store.js";

export interface LoadFigures {
  requestsPerSec: number;
  p50ms: number;
  p99ms: number;
  largeMBps: number;
}

export interface LoadResult {
  clients: number;
  smallRequests: number;
  gopin: LoadFigures;
  http: LoadFigures;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function hammer(base: string, paths: string[], largePaths: string[], clients: number, total: number): Promise<LoadFigures> {
  const pool = new Pool(base, { connections: clients, pipelining: 1 });
  try {
    // Warm-up pass (fills gopin's small-file memory, like a real build's first use).
    await Promise.all(paths.map(async (p) => (await pool.request({ path: p, method: "GET" })).body.dump()));
    const lat: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < total) {
          const p = paths[next++ % paths.length]!;
          const s = performance.now();
          const r = await pool.request({ path: p, method: "GET" });
          await r.body.dump();
          if (r.statusCode !== 200) throw new Error(`${p}: ${r.statusCode}`);
          lat.push(performance.now() - s);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    let bytes = 0;
    const l0 = performance.now();
    await Promise.all(
      largePaths.concat(largePaths).map(async (p) => {
        const r = await pool.request({ path: p, method: "GET" });
        for await (const c of r.body) bytes += (c as Buffer).length;
      }),
    );
    const largeSecs = (performance.now() - l0) / 1000;
    return { requestsPerSec: lat.length / secs, p50ms: pct(lat, 0.5), p99ms: pct(lat, 0.99), largeMBps: bytes / largeSecs / 1e6 };
  } finally {
    await pool.close();
  }
}

export async function benchLoad(opts: { tmp: string; clients?: number; requests?: number }): Promise<LoadResult> {
  const built = await buildAll(generateGraph(120, 11, { largeCount: 4, largeSize: 16 << 20 }));
  const up = await startFixtureUpstream(built);
  const root = tempDir(join(opts.tmp, "gopin-load-"));
  const store = join(root, "store");
  const gopin = await startGopin({ store, upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
  const st = await startStaticServer(store, root);
  try {
    const client = tempDir(join(opts.tmp, "client-"));
    assertGoOk((await goModDownload(built.map((m) => `${m.path}@${m.version}`), { env: goEnv(client, { GOPROXY: gopin.url }) })).result);
    removeTree(client);
    const file = (m: { path: string; version: string }, ext: string) => `/${escapePath(m.path)}/@v/${escapeVersion(m.version)}.${ext}`;
    const small = built.flatMap((m) => [file(m, "info"), file(m, "mod")]);
    const large = [...built].sort((a, b) => b.zip.length - a.zip.length).slice(0, 4).map((m) => file(m, "zip"));
    const clients = opts.clients ?? 64;
    const total = opts.requests ?? 20_000;
    const http = await hammer(st.url, small, large, clients, total);
    const g = await hammer(gopin.url, small, large, clients, total);
    return { clients, smallRequests: total, gopin: g, http };
  } finally {
    st.proc.kill();
    await gopin.stop();
    await up.stop();
    removeTree(root);
  }
}
