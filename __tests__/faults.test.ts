// Fault injection: hostile and broken upstreams, a killed daemon, a full
// disk, racing lockfile writers. Each asserts that the error is clear and
// that nothing already stored is lost or left half-written.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, mkdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { buildAll, buildModule, standardModules, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, goModDownload, tempDir } from "./helpers/go.js";
import { startGopin, get, type GopinProcess } from "./helpers/gopin.js";
import { buildZip } from "./helpers/zipcraft.js";
import { withTinyTmpfs } from "./helpers/tmpfs.js";
import { parseLockfile, printLockfile, writeLockfileAtomic, emptyLockfile, moduleEntry } from "../src/lock/index.js";

let modules: BuiltModule[];
const stoppers: Array<{ stop(): Promise<unknown> }> = [];
before(async () => {
  modules = await buildAll(standardModules());
});
after(async () => {
  for (const s of stoppers.reverse()) await s.stop().catch(() => undefined);
});

/** Short upstream timeouts so slow-drip and stall tests finish quickly. */
const FAST_TIMEOUTS = "headersMs=2000,bodyIdleMs=2000,slowGraceMs=600,minBytesPerSec=200000";

async function setup(mods: BuiltModule[] = modules, opts: { store?: string; upstream?: string; timeouts?: string } = {}) {
  const up = await startFixtureUpstream(mods);
  stoppers.push(up);
  const root = tempDir("gopin-fault-");
  const store = opts.store ?? join(root, "store");
  const g = await startGopin({
    store,
    upstream: opts.upstream ?? up.url,
    logFile: join(root, "gopin.log"),
    env: goEnv(root, { GOPIN_HTTP_TIMEOUTS: opts.timeouts ?? FAST_TIMEOUTS }),
  });
  stoppers.push(g);
  return { up, g, store, root };
}

/** A module whose zip (6 MiB of random bytes: above the in-memory threshold) takes a while to drip. */
function largeModule(): Promise<BuiltModule> {
  return buildModule({ path: "example.com/large", version: "v1.0.0", time: "2023-01-01T00:00:00Z", files: { "blob.bin": randomBytes(6 << 20), "large.go": "package large\n" } });
}

const WIDGET_ZIP = "/example.com/!big!corp/!widget/@v/v1.0.0.zip";
const WIDGET_ZIP_FILE = "example.com/!big!corp/!widget/@v/v1.0.0.zip";

/**
 * No temp file is left once the daemon is idle. Waiting for idle matters: an
 * .info request starts read-ahead of the .mod and .zip, whose writes may still
 * be under way (legitimately) when the refused answer arrives.
 */
async function storeIsClean(store: string, g: GopinProcess): Promise<void> {
  await g.idle();
  const tmp = join(store, ".gopin-tmp");
  const left = existsSync(tmp) ? readdirSync(tmp) : [];
  assert.deepEqual(left, [], "no temp files left behind");
}

async function assertRefusedCleanly(g: GopinProcess, store: string, path: string, status: number, re: RegExp): Promise<void> {
  const r = await get(g.url + path);
  assert.equal(r.status, status, r.text);
  assert.match(String(r.headers["content-type"]), /^text\/plain/);
  assert.match(r.text, re);
  assert.ok(!existsSync(join(store, path.slice(1))), "nothing admitted to the store");
  await storeIsClean(store, g);
  assert.equal((await get(g.url + "/healthz")).status, 200, "the server is still up");
}

describe("hostile and broken upstreams", () => {
  test("connection resets fail the request with a clear error and store nothing", async () => {
    const { up, g, store } = await setup();
    up.setFault("!widget/@v/v1.0.0.zip", { reset: true });
    await assertRefusedCleanly(g, store, WIDGET_ZIP, 502, /connection|socket|closed|reset/i);
    up.clearFaults();
    const ok = await get(g.url + WIDGET_ZIP);
    assert.equal(ok.status, 200, "works once the upstream recovers");
  });

  test("a slow-drip body is abandoned instead of holding the request forever", async () => {
    const large = await largeModule();
    const { up, g, store } = await setup([...modules, large]);
    up.setFault("large/@v/v1.0.0.zip", { dripBytesPerSec: 20_000 });
    const t0 = Date.now();
    await assertRefusedCleanly(g, store, "/example.com/large/@v/v1.0.0.zip", 502, /too slowly/);
    assert.ok(Date.now() - t0 < 10_000, "gave up within seconds");
  });

  test("a stalled upstream (no headers) times out", async () => {
    const { up, g, store } = await setup();
    up.setFault("!widget/@v/v1.0.0.info", { delayMs: 5000 });
    await assertRefusedCleanly(g, store, "/example.com/!big!corp/!widget/@v/v1.0.0.info", 502, /timed out waiting for response headers/);
  });

  test("truncated bodies and bodies that disagree with Content-Length are refused", async () => {
    const { up, g, store } = await setup();
    up.setFault("!widget/@v/v1.0.0.zip", { truncateAt: 100 });
    await assertRefusedCleanly(g, store, WIDGET_ZIP, 502, /connection was closed|does not match Content-Length/);
    up.clearFaults();
    // Declares fewer bytes than it sends.
    up.setFault("!widget/@v/v1.0.0.zip", { headers: { "content-length": "200" } });
    const r = await get(g.url + WIDGET_ZIP);
    assert.equal(r.status, 502, r.text);
    assert.match(r.text, /does not match Content-Length/);
    assert.ok(!existsSync(join(store, WIDGET_ZIP_FILE)));
    await storeIsClean(store, g);
  });

  test("a 5xx storm: every request fails cleanly, nothing is stored, and a pipe falls through", async () => {
    const bad = await startFixtureUpstream(modules);
    stoppers.push(bad);
    bad.setFault(/./, { status: 503, body: "overloaded" });
    const { g, store } = await setup(modules, { upstream: bad.url });
    const paths = modules.flatMap((m) => {
      const esc = m.path.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
      return ["info", "mod", "zip"].map((k) => `/${esc}/@v/${m.version}.${k}`);
    });
    const answers = await Promise.all(paths.concat(paths).map((p) => get(g.url + p)));
    assert.ok(answers.every((a) => a.status === 502 && /503/.test(a.text)), "every answer is a clear 502 naming the 503");
    await storeIsClean(store, g);
    assert.deepEqual(readdirSync(store).filter((f) => !f.startsWith(".")), [], "nothing stored");
    const s = await g.stats();
    assert.equal(s.errors, answers.length);
    // With "|" gopin falls through to a healthy upstream on any error.
    const good = await startFixtureUpstream(modules);
    stoppers.push(good);
    const { g: g2 } = await setup(modules, { upstream: `${bad.url}|${good.url}` });
    const again = await Promise.all(paths.map((p) => get(g2.url + p)));
    assert.ok(again.every((a) => a.status === 200));
  });

  test("answers over Go's size limits are refused before they are buffered", async () => {
    const { up, g, store } = await setup();
    up.setFault("!widget/@v/v1.0.0.mod", { alter: () => Buffer.alloc((16 << 20) + 1, 0x20) });
    await assertRefusedCleanly(g, store, "/example.com/!big!corp/!widget/@v/v1.0.0.mod", 502, /16777216-byte limit/);
    up.setFault("!widget/@v/v1.0.0.info", { alter: () => Buffer.alloc((1 << 20) + 1, 0x20) });
    await assertRefusedCleanly(g, store, "/example.com/!big!corp/!widget/@v/v1.0.0.info", 502, /1048576-byte limit/);
  });

  test("a zip bomb is caught while streaming: a file larger than it declares", async () => {
    const { up, g, store } = await setup();
    const bomb = await buildZip([
      { name: "example.com/!big!corp/!widget@v1.0.0/go.mod".replace("!big!corp/!widget", "BigCorp/Widget"), data: "module example.com/BigCorp/Widget\n" },
      { name: "example.com/BigCorp/Widget@v1.0.0/zeros.txt", data: Buffer.alloc(64 << 20), declaredSize: 1000 },
    ]);
    assert.ok(bomb.length < 1 << 20, "small on the wire");
    up.setFault("!widget/@v/v1.0.0.zip", { alter: () => bomb });
    await assertRefusedCleanly(g, store, WIDGET_ZIP, 502, /zeros\.txt: uncompressed size is larger than declared/);
  });
});

describe("crashes and the disk", () => {
  test("the daemon killed mid-download leaves no partial file; the next run serves correctly", async () => {
    const big = await largeModule();
    const { up, g, store, root } = await setup([...modules, big], { timeouts: "" });
    up.setFault("large/@v/v1.0.0.zip", { dripBytesPerSec: 200_000 });
    const pending = get(g.url + "/example.com/large/@v/v1.0.0.zip").catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(readdirSync(join(store, ".gopin-tmp")).length > 0, "a download was in progress");
    g.proc.kill("SIGKILL");
    assert.ok((await pending) instanceof Error, "the client saw the connection die");
    assert.ok(!existsSync(join(store, "example.com/large/@v/v1.0.0.zip")), "no partial zip in the store");
    up.clearFaults();
    const g2 = await startGopin({ store, upstream: up.url, logFile: join(root, "gopin2.log"), env: goEnv(root) });
    stoppers.push(g2);
    await storeIsClean(store, g2);
    const r = await get(g2.url + "/example.com/large/@v/v1.0.0.zip");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, big.zip);
    // And go accepts it end to end.
    const d = await goModDownload(["example.com/large@v1.0.0"], { env: goEnv(tempDir(), { GOPROXY: g2.url }) });
    assert.equal(d.result.code, 0, d.result.stderr);
  });

  test("disk full on a store write: the request fails cleanly and the store stays consistent", async (t) => {
    await withTinyTmpfs(t, "1m", async (mnt) => {
      const big = await largeModule();
      const store = join(mnt, "store");
      mkdirSync(store);
      const { g } = await setup([...modules, big], { store });
      const small = await get(g.url + "/example.com/!big!corp/!widget/@v/v1.0.0.mod");
      assert.equal(small.status, 200, "small files fit");
      await assertRefusedCleanly(g, store, "/example.com/large/@v/v1.0.0.zip", 507, /disk is full/);
      const again = await get(g.url + "/example.com/!big!corp/!widget/@v/v1.0.0.mod");
      assert.equal(again.status, 200, "what was stored is still served");
      assert.equal(again.headers["x-gopin-cache"], "hit");
      await g.stop();
    });
  });

  test("racing lockfile writers: a reader always sees one complete lock, never a mix or a partial file", async () => {
    const dir = tempDir("gopin-lockrace-");
    const file = join(dir, "gopin.lock");
    // Locks of different sizes, so a torn or interleaved write shows.
    const locks = Array.from({ length: 8 }, (_, i) => {
      const l = emptyLockfile();
      const m = moduleEntry(l, `example.com/m${i}`);
      m.list = Array.from({ length: 100 + 150 * i }, (_, j) => `v1.${j}.0`);
      return l;
    });
    const texts = new Set(locks.map(printLockfile));
    await writeLockfileAtomic(file, locks[0]!);
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const got = await readFile(file, "utf8");
        reads++;
        assert.ok(texts.has(got), `read ${reads}: ${got.length} bytes that are not exactly one writer's lock`);
      }
    })();
    reader.catch(() => (writing = false)); // reported by the await below
    try {
      for (let round = 0; round < 30; round++) {
        // Each round starts from another lock, so every writer really writes.
        await Promise.all(locks.map((_, i) => writeLockfileAtomic(file, locks[(i + round) % locks.length]!)));
        parseLockfile(readFileSync(file, "utf8"));
      }
    } finally {
      writing = false;
    }
    await reader;
    assert.ok(reads > 30, `the reader raced the writers (${reads} reads)`);
    assert.deepEqual(readdirSync(dir), ["gopin.lock"], "no temp files left");
  });
});
