// The request path in-process: the store, the upstream chain (a real
// file:// tree), the policy and the journal, without starting gopin or go.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { Store } from "../src/store/store.js";
import { UpstreamChain, parseProxyList } from "../src/upstream/chain.js";
import { ProxyService } from "../src/proxy/service.js";
import { Journal } from "../src/journal/journal.js";
import { Stats } from "../src/observe/stats.js";
import { createLogger } from "../src/observe/log.js";
import { parseLockfile } from "../src/lock/syntax.js";
import { Refusal } from "../src/policy/refusal.js";
import { modulePath } from "../src/protocol/module-file.js";
import type { PolicyContext } from "../src/policy/context.js";
import type { ModuleRequest } from "../src/protocol/request.js";
import type { ProxyAnswer } from "../src/proxy/answer.js";
import { errorResponse } from "../src/server/response.js";
import { writeProxyTree, fileProxyUrl, standardModules, h1Sums, STD, type BuiltModule } from "./helpers/fixtures.js";
import { tempDir } from "./helpers/go.js";

let upstreamDir: string;
let built: BuiltModule[];
before(async () => {
  upstreamDir = tempDir("gopin-svc-up-");
  built = await writeProxyTree(upstreamDir, standardModules());
});

const NOW = new Date("2023-06-01T00:00:00Z");

async function service(opts: { mode?: "record" | "verify"; lock?: string; window?: PolicyContext["window"]; upstream?: string; readAhead?: boolean } = {}) {
  const store = new Store(tempDir("gopin-svc-store-"));
  await store.init();
  const direct = { goBinary: "go", modCache: tempDir("gopin-svc-mc-"), env: {} };
  const journal = new Journal();
  const ctx: PolicyContext = {
    mode: opts.mode ?? "record",
    lock: opts.lock !== undefined ? parseLockfile(opts.lock, "gopin.lock") : undefined,
    lockfileName: "gopin.lock",
    window: opts.window ?? { allow: new Set() },
    noSumDb: "",
    advice: "cli",
    now: () => NOW,
  };
  const stats = new Stats();
  const svc = new ProxyService({
    store,
    chain: new UpstreamChain(parseProxyList(opts.upstream ?? fileProxyUrl(upstreamDir)), { direct }),
    privateChain: new UpstreamChain(parseProxyList("off"), { direct }),
    privatePatterns: "",
    stats,
    logger: createLogger("none"),
    policy: { ctx, journal },
    readAhead: opts.readAhead ?? false,
  });
  return { svc, store, journal, stats };
}

const ask = (kind: ModuleRequest["kind"], module: string, version?: string): ModuleRequest => ({ kind, module, ...(version ? { version } : {}), canonical: version !== undefined });

async function bodyOf(store: Store, a: ProxyAnswer): Promise<Buffer> {
  assert.ok(a.ok, `expected content, got ${a.ok ? "" : String((a.error as Error).message)}`);
  return a.body ?? readFileSync(store.abs(a.file!.rel));
}

function widget(): BuiltModule {
  return built.find((b) => b.path === STD.widget)!;
}

describe("record mode", () => {
  test("a miss is fetched, admitted, stored and journaled; the second ask is a store hit", async () => {
    const { svc, store, journal, stats } = await service();
    const w = widget();
    const a = await svc.handle(ask("zip", w.path, w.version));
    assert.deepEqual(await bodyOf(store, a), w.zip);
    assert.equal(a.ok && a.cache, "miss");
    await svc.drain();
    assert.ok(existsSync(store.abs(modulePath({ module: w.path, kind: "zip", version: w.version }))));
    const b = await svc.handle(ask("zip", w.path, w.version));
    assert.equal(b.ok && b.cache, "hit");
    assert.deepEqual([stats.misses, stats.hits], [1, 1]);
    const observed = journal.observed({ exempt: [] }).versions!;
    assert.equal(observed.length, 1);
    assert.equal(observed[0]!.zip, h1Sums(w).sum);
    assert.deepEqual(journal.events.map((e) => e.source), ["upstream", "store"]);
  });

  test("the .info behind a .zip is read through the store for the time window, and not counted as a client request", async () => {
    const week = 7 * 24 * 3600 * 1000;
    const { svc, journal, stats } = await service({ window: { minReleaseAgeMs: week, allow: new Set() } });
    const w = widget();
    const a = await svc.handle(ask("mod", w.path, w.version));
    assert.ok(a.ok);
    assert.equal(stats.misses, 1, "the internal .info read is not a miss");
    assert.equal(journal.timeVerdicts[0]?.verdict, "admitted");
  });

  test("a young version is refused, journaled as a violation, and not observed", async () => {
    const { svc, journal } = await service({ window: { minReleaseAgeMs: 365 * 24 * 3600 * 1000, allow: new Set() } });
    const w = widget();
    const a = await svc.handle(ask("info", w.path, w.version));
    assert.ok(!a.ok);
    assert.equal(journal.events[0]?.source, "refused");
    assert.equal(journal.observed({ exempt: [] }).versions!.length, 0);
  });

  test("a list is filtered by the window, and hidden newer versions do not resurrect a retracted one", async () => {
    const { svc, store, journal } = await service({ window: { asOf: new Date("2023-03-01T00:00:00Z"), allow: new Set() } });
    const a = await svc.handle(ask("list", STD.multi));
    // v1.1.0 (2023-02-10) is visible by time, but v1.2.0 (hidden) retracts it.
    assert.equal((await bodyOf(store, a)).toString(), "v1.0.0\n");
    assert.deepEqual(journal.observed({ exempt: [] }).lists, [{ path: STD.multi, versions: ["v1.0.0"] }]);
  });

  test("not found is not journaled; an upstream failure is journaled as failed, not as a violation", async () => {
    const { svc, journal } = await service();
    const nf = await svc.handle(ask("info", "example.com/missing", "v1.0.0"));
    assert.ok(!nf.ok);
    assert.equal(errorResponse(nf.error, "cli").status, 404);
    assert.equal(journal.events.length, 0);
    const down = await service({ upstream: "http://127.0.0.1:9" });
    const f = await down.svc.handle(ask("info", "example.com/x", "v1.0.0"));
    assert.ok(!f.ok);
    assert.equal(errorResponse(f.error, "cli").status, 502);
    assert.equal(down.journal.events[0]?.source, "failed");
    assert.equal(down.journal.refusals, 0);
  });
});

describe("verify mode", () => {
  function lockFor(b: BuiltModule, over: { zip?: string } = {}): string {
    const s = h1Sums(b);
    return `gopin-lock 1\n\nversion ${b.path} ${b.version} time=${b.time} mod=${s.goModSum} zip=${over.zip ?? s.sum}\n`;
  }

  test("a locked version is served and marked used; an unlocked one is refused with no upstream traffic", async () => {
    const w = widget();
    const { svc, journal, stats } = await service({ mode: "verify", lock: lockFor(w) });
    assert.ok((await svc.handle(ask("zip", w.path, w.version))).ok);
    assert.ok(journal.used.has(`${w.path}@${w.version}`));
    const r = await svc.handle(ask("zip", STD.multi, "v1.0.0"));
    assert.ok(!r.ok && r.error instanceof Refusal && r.error.rule === "not-locked");
    assert.equal(stats.upstreamFetches, 1, "only the locked zip went upstream");
  });

  test("bytes that contradict the lock are refused and evicted from the store", async () => {
    const w = widget();
    const other = h1Sums(built.find((b) => b.path === STD.multi)!).sum;
    const { svc, store, journal } = await service({ mode: "verify", lock: lockFor(w, { zip: other }) });
    const rel = modulePath({ module: w.path, kind: "zip", version: w.version });
    // The bytes sit in the store (a restored cache): the store's word is not enough.
    await svc.handle(ask("zip", w.path, w.version));
    await svc.drain();
    assert.equal(existsSync(store.abs(rel)), false, "evicted");
    const e = journal.events[0]!;
    assert.equal(e.source, "refused");
    assert.equal(e.expected, other);
    assert.equal(e.actual, h1Sums(w).sum);
  });

  test("read-ahead never fetches what the gate refuses", async () => {
    const w = widget();
    const { svc, stats } = await service({ mode: "verify", lock: lockFor(w), readAhead: true });
    await svc.handle(ask("info", STD.multi, "v1.0.0"));
    await svc.drain();
    assert.equal(stats.upstreamFetches, 0);
    await svc.handle(ask("info", w.path, w.version));
    await svc.drain();
    assert.equal(svc.readAhead.counts.started, 2, "the locked version's .mod and .zip are read ahead");
  });
});
