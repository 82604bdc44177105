// Benchmark: a cold job (empty local store, fresh module cache) served from
// the shared store against the same job served from the upstream, both over
// the same modelled link (a throttled relay with a delay in front of each
// server). The shared store is a real S3 server (weed, helpers/s3-server.ts),
// filled once before the rounds; the shared contender runs read-only.
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { buildAll, generateGraph, type BuiltModule } from "../__tests__/helpers/fixtures.js";
import { startFixtureUpstream } from "../__tests__/helpers/fixture-upstream.js";
import { goEnv, assertGoOk, tempDir, removeTree, runCommand } from "../__tests__/helpers/go.js";
import { CLI } from "../__tests__/helpers/gopin.js";
import { startS3Server } from "../__tests__/helpers/s3-server.js";
import { startThrottledRelay } from "../__tests__/helpers/throttle.js";
import { median } from "./warm-store.js";

export interface SharedOptions {
  tmp: string;
  modules?: number;
  rounds?: number;
  /** The link: bandwidth shared by its connections, and its delay. */
  mbps: number;
  latencyMs: number;
}

export interface SharedResult {
  versions: number;
  zipBytes: number;
  rounds: number;
  mbps: number;
  latencyMs: number;
  upstreamMs: number[];
  sharedMs: number[];
  /** Median of per-round ratios shared / upstream. */
  ratio: number;
  /** Upstream requests per job (median). */
  upstreamRequests: { upstream: number; shared: number };
  /** Failed requests to the bucket per shared job (each fell through to the upstream). */
  sharedErrors: number[];
}

export async function benchShared(o: SharedOptions): Promise<SharedResult> {
  const graph = generateGraph(o.modules ?? 150, 11, { largeCount: 2, largeSize: 16 << 20 });
  const built: BuiltModule[] = await buildAll(graph);
  const specs = built.map((m) => `${m.path}@${m.version}`);
  const up = await startFixtureUpstream(built);
  const s3 = await startS3Server();
  const upLink = await startThrottledRelay({ host: "127.0.0.1", port: up.port }, o.mbps * 1e6, o.latencyMs);
  const s3Link = await startThrottledRelay({ host: "127.0.0.1", port: Number(new URL(s3.endpoint).port) }, o.mbps * 1e6, o.latencyMs);
  const upstreamUrl = `http://${upLink.host}`;
  const s3Env = { ...s3.env, AWS_ENDPOINT_URL_S3: `http://${s3Link.host}` };
  const job = async (shared: "fill" | "read" | "none"): Promise<{ ms: number; requests: number; sharedErrors: number }> => {
    const root = tempDir(join(o.tmp, "shared-"));
    const flags = shared === "none" ? [] : ["--shared-store", "s3://bench/", "--shared-store-mode", shared === "fill" ? "read-write" : "read"];
    const args = [CLI, "run", "--mode", "record", "--lockfile", join(root, "gopin.lock"), "--store", join(root, "store"), "--upstream", upstreamUrl, "--private", "", "--quiet", "--report", join(root, "report.json"), ...flags, "--", "go", "mod", "download", ...specs];
    const before = up.requests.length;
    const t0 = performance.now();
    const r = await runCommand(process.execPath, args, { env: goEnv(root, s3Env), cwd: root, timeoutMs: 900_000 });
    const ms = performance.now() - t0;
    assertGoOk(r, `gopin run (${shared})`);
    const sharedErrors = shared === "none" ? 0 : (JSON.parse(readFileSync(join(root, "report.json"), "utf8")).stats.shared.errors as number);
    removeTree(root);
    return { ms, requests: up.requests.length - before, sharedErrors };
  };
  try {
    await s3.createBucket("bench");
    await job("fill");
    const times = { upstream: [] as number[], shared: [] as number[] };
    const requests = { upstream: [] as number[], shared: [] as number[] };
    const sharedErrors: number[] = [];
    const rounds = o.rounds ?? 5;
    for (let i = 0; i < rounds; i++) {
      // Alternate which contender goes first.
      const order: Array<"upstream" | "shared"> = i % 2 ? ["shared", "upstream"] : ["upstream", "shared"];
      for (const c of order) {
        const r = await job(c === "shared" ? "read" : "none");
        times[c].push(r.ms);
        requests[c].push(r.requests);
        if (c === "shared") sharedErrors.push(r.sharedErrors);
      }
    }
    return {
      versions: specs.length,
      zipBytes: built.reduce((n, m) => n + m.zip.length, 0),
      rounds,
      mbps: o.mbps,
      latencyMs: o.latencyMs,
      upstreamMs: times.upstream,
      sharedMs: times.shared,
      ratio: median(times.shared.map((x, i) => x / times.upstream[i]!)),
      upstreamRequests: { upstream: median(requests.upstream), shared: median(requests.shared) },
      sharedErrors,
    };
  } finally {
    await upLink.stop();
    await s3Link.stop();
    await up.stop();
    await s3.stop();
  }
}
