// The store against what it may hold: files that fail their checks, a second
// gopin on the same store, symlinks planted in it (a poisoned cache restore),
// a directory where a file belongs, and a read-only disk. Real gopin
// processes and a fixture upstream on 127.0.0.1.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { buildAll, buildModule, standardModules, writeMainModule, STD, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "./helpers/go.js";
import { CLI, get, startGopin, type GopinProcess } from "./helpers/gopin.js";
import { removeSymlinks } from "../src/action/store-cache.js";

let modules: BuiltModule[];
const stoppers: Array<{ stop(): Promise<unknown> }> = [];
before(async () => {
  modules = await buildAll(standardModules());
});
after(async () => {
  for (const s of stoppers.reverse()) await s.stop().catch(() => undefined);
});

const WIDGET = "example.com/!big!corp/!widget/@v/v1.0.0";
const MULTI = "example.com/multi/@v/v1.0.0";

function mod(path: string, version = "v1.0.0"): BuiltModule {
  return modules.find((m) => m.path === path && m.version === version)!;
}

async function upstream(mods: BuiltModule[] = modules): Promise<FixtureUpstream> {
  const up = await startFixtureUpstream(mods);
  stoppers.push(up);
  return up;
}

async function gopin(store: string, up: FixtureUpstream, env: Record<string, string> = {}): Promise<GopinProcess> {
  const root = tempDir("gopin-store-run-");
  const g = await startGopin({ store, upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root, { GOPIN_HTTP_TIMEOUTS: "", ...env }) });
  stoppers.push(g);
  return g;
}

/** The log lines that report an eviction. */
function evictions(g: GopinProcess): Array<Record<string, unknown>> {
  return g.log().filter((l) => /evicted a bad store entry/.test(String(l.msg ?? l.message)));
}

/** The eviction lines, once `n` are there (the log file is written asynchronously: wait up to 5 s). */
async function loggedEvictions(g: GopinProcess, n: number): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 50 && evictions(g).length < n; i++) await new Promise((r) => setTimeout(r, 100));
  return evictions(g);
}

/** Fetch every file of `rels` through gopin: each must be the upstream's bytes. */
async function assertServes(g: GopinProcess, files: Array<[rel: string, bytes: Buffer]>, cache: string): Promise<void> {
  for (const [rel, bytes] of files) {
    const r = await get(`${g.url}/${rel}`);
    assert.equal(r.status, 200, `${rel}: ${r.text}`);
    assert.deepEqual(r.body, bytes, `${rel}: the upstream's bytes`);
    assert.equal(r.headers["x-gopin-cache"], cache, rel);
  }
}

/** The zip with the first central-directory entry's CRC-32 changed (content intact). */
function withBadCrc(zip: Buffer): Buffer {
  const z = Buffer.from(zip);
  const eocd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const dir = z.readUInt32LE(eocd + 16);
  z.writeUInt32LE((z.readUInt32LE(dir + 16) ^ 0xffff) >>> 0, dir + 16);
  return z;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}

describe("store files that fail their checks", () => {
  test("a truncated zip, a CRC error, broken .info JSON and a .mod without a module line are evicted and fetched again", async () => {
    const up = await upstream();
    const store = join(tempDir("gopin-store-"), "store");
    const w = mod(STD.widget);
    const m = mod(STD.multi);
    const good: Array<[string, Buffer]> = [
      [`${WIDGET}.info`, w.info],
      [`${WIDGET}.mod`, w.mod],
      [`${WIDGET}.zip`, w.zip],
      [`${MULTI}.zip`, m.zip],
    ];
    const g1 = await gopin(store, up);
    await assertServes(g1, good, "miss");
    await g1.idle();
    await g1.stop();
    writeFileSync(join(store, `${WIDGET}.info`), '{"Version": "v1.0.0", "Ti');
    writeFileSync(join(store, `${WIDGET}.mod`), "go 1.21\n");
    writeFileSync(join(store, `${WIDGET}.zip`), w.zip.subarray(0, w.zip.length >> 1));
    writeFileSync(join(store, `${MULTI}.zip`), withBadCrc(m.zip));

    const g2 = await gopin(store, up);
    await assertServes(g2, good, "miss");
    await g2.idle();
    assert.equal((await g2.stats()).storeEvictions, 4);
    const logged = (await loggedEvictions(g2, 4)).map((l) => `${l.file}: ${l.reason}`).sort();
    assert.equal(logged.length, 4, logged.join("\n"));
    assert.match(logged.join("\n"), /!widget\/@v\/v1\.0\.0\.info: .*not JSON/);
    assert.match(logged.join("\n"), /!widget\/@v\/v1\.0\.0\.mod: .*no module directive/);
    assert.match(logged.join("\n"), /multi\/@v\/v1\.0\.0\.zip: .*checksum error/);
    for (const [rel, bytes] of good) assert.deepEqual(readFileSync(join(store, rel)), bytes, `${rel} replaced by a good copy`);
    const g3 = await gopin(store, up);
    await assertServes(g3, good, "hit");
    assert.equal((await g3.stats()).storeEvictions, 0);
  });

  test("an eviction during gopin run is in the report, and the run passes", async () => {
    const up = await upstream();
    const dir = tempDir("gopin-store-proj-");
    writeMainModule(dir, [{ path: STD.widget, version: "v1.0.0" }]);
    const store = join(tempDir("gopin-store-"), "store");
    const run = async (mode: string) => {
      const root = tempDir("gopin-store-run-");
      const report = join(root, "report.json");
      const r = await runCommand(process.execPath, [CLI, "run", "--upstream", up.url, "--private", "", "--store", store, "--report", report, "--mode", mode, "--", "sh", "-c", "go mod download -json all >/dev/null && go build ./..."], { cwd: dir, env: goEnv(root), timeoutMs: 120_000 });
      return { ...r, report: existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined };
    };
    const rec = await run("record");
    assert.equal(rec.code, 0, rec.stderr);
    writeFileSync(join(store, `${WIDGET}.mod`), "not a go.mod at all (\n");
    const v = await run("verify");
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
    assert.deepEqual(v.report.evicted.map((e: { rel: string }) => e.rel), [`${WIDGET}.mod`]);
    assert.match(v.report.evicted[0].reason, /no module directive/);
    assert.deepEqual(readFileSync(join(store, `${WIDGET}.mod`)), mod(STD.widget).mod);
  });
});

describe("two gopin processes on one store", () => {
  test("a second instance starting up leaves the first one's in-flight download alone; both serve it", async () => {
    // 6 MiB: above the size kept in memory, so the download goes to a temp file in the store.
    const large = await buildModule({ path: "example.com/large", version: "v1.0.0", time: "2023-01-01T00:00:00Z", files: { "blob.bin": randomBytes(6 << 20), "large.go": "package large\n" } });
    const up = await upstream([...modules, large]);
    up.setFault("large/@v/v1.0.0.zip", { dripBytesPerSec: 4 << 20 });
    const store = join(tempDir("gopin-store-"), "store");
    const first = await gopin(store, up);
    const firstAnswer = get(`${first.url}/example.com/large/@v/v1.0.0.zip`);
    const tmp = join(store, ".gopin-tmp");
    for (let i = 0; i < 200 && !(existsSync(tmp) && readdirSync(tmp).length); i++) await new Promise((r) => setTimeout(r, 10));
    const inFlight = readdirSync(tmp);
    assert.equal(inFlight.length, 1, "the first instance's download is under way");
    const second = await gopin(store, up);
    assert.ok(existsSync(join(tmp, inFlight[0]!)), "start-up of the second left the first one's temp file");
    const secondAnswer = get(`${second.url}/example.com/large/@v/v1.0.0.zip`);
    const [a, b] = await Promise.all([firstAnswer, secondAnswer]);
    assert.equal(a.status, 200, a.text);
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(a.body, large.zip);
    assert.deepEqual(b.body, large.zip);
    assert.deepEqual(readFileSync(join(store, "example.com/large/@v/v1.0.0.zip")), large.zip);
    for (const g of [first, second]) {
      await g.idle();
      assert.equal((await g.stats()).errors, 0);
    }
    assert.deepEqual(readdirSync(tmp), [], "no temp file left");
  });

  test("start-up removes temp files whose writer is gone, and only those", async () => {
    const up = await upstream();
    const store = join(tempDir("gopin-store-"), "store");
    const tmp = join(store, ".gopin-tmp");
    mkdirSync(tmp, { recursive: true });
    // This test process is alive; pid 2^22+1 is above Linux's pid_max cap.
    const live = `zip-${process.pid}-0123456789ab`;
    const dead = `zip-${(1 << 22) + 1}-0123456789ab`;
    writeFileSync(join(tmp, live), "in flight");
    writeFileSync(join(tmp, dead), "left by a crash");
    await gopin(store, up);
    assert.deepEqual(readdirSync(tmp), [live]);
  });
});

describe("symlinks and directories in the store", () => {
  test("a stored file that is a symlink is never served or followed: it is evicted and fetched again", async () => {
    const up = await upstream();
    const root = tempDir("gopin-store-");
    const store = join(root, "store");
    const outside = join(root, "outside.info");
    // Valid-looking: only the link itself gives it away.
    const planted = Buffer.from('{"Version":"v1.0.0","Time":"2001-01-01T00:00:00Z"}\n');
    writeFileSync(outside, planted);
    mkdirSync(join(store, "example.com/!big!corp/!widget/@v"), { recursive: true });
    symlinkSync(outside, join(store, `${WIDGET}.info`));
    symlinkSync("/proc/self/environ", join(store, `${WIDGET}.mod`));
    const g = await gopin(store, up, { GOPIN_TEST_SECRET: "s3cret-in-the-environment" });
    const w = mod(STD.widget);
    await assertServes(g, [[`${WIDGET}.info`, w.info], [`${WIDGET}.mod`, w.mod]], "miss");
    await g.idle();
    for (const f of [`${WIDGET}.info`, `${WIDGET}.mod`]) assert.ok(lstatSync(join(store, f)).isFile(), `${f} is a regular file now`);
    assert.deepEqual(readFileSync(outside), planted, "the link's target is untouched");
    assert.equal((await loggedEvictions(g, 2)).length, 2);
    assert.ok(!readFileSync(g.logFile, "utf8").includes("s3cret-in-the-environment"), "the environment never reached the log");
  });

  test("a symlinked module directory never takes writes outside the store", async () => {
    const up = await upstream();
    const root = tempDir("gopin-store-");
    const store = join(root, "store");
    const outside = join(root, "outside");
    mkdirSync(outside);
    mkdirSync(join(store, "example.com"), { recursive: true });
    symlinkSync(outside, join(store, "example.com/multi"));
    const g = await gopin(store, up);
    const m = mod(STD.multi);
    await assertServes(g, [[`${MULTI}.info`, m.info], [`${MULTI}.mod`, m.mod], [`${MULTI}.zip`, m.zip]], "miss");
    await g.idle();
    assert.deepEqual(filesUnder(outside), [], "nothing written through the link");
    assert.ok(lstatSync(join(store, "example.com/multi")).isDirectory(), "a real directory replaced the link");
    assert.deepEqual(readFileSync(join(store, `${MULTI}.zip`)), m.zip);
    assert.equal((await loggedEvictions(g, 1)).length, 1);
  });

  test("a directory where a store file belongs is reported and replaced, not silently left uncached", async () => {
    const up = await upstream();
    const store = join(tempDir("gopin-store-"), "store");
    mkdirSync(join(store, `${WIDGET}.mod`, "inside"), { recursive: true });
    const g = await gopin(store, up);
    const w = mod(STD.widget);
    await assertServes(g, [[`${WIDGET}.mod`, w.mod]], "miss");
    await g.idle();
    const logged = await loggedEvictions(g, 1);
    assert.equal(logged.length, 1);
    assert.match(String(logged[0]!.reason), /is a directory, not a regular file/);
    assert.deepEqual(readFileSync(join(store, `${WIDGET}.mod`)), w.mod, "cached after all");
    const g2 = await gopin(store, up);
    await assertServes(g2, [[`${WIDGET}.mod`, w.mod]], "hit");
  });

  test("an Actions-cache restore keeps no symlink in the store", async () => {
    const root = tempDir("gopin-store-");
    const store = join(root, "store");
    mkdirSync(join(store, "a/@v"), { recursive: true });
    writeFileSync(join(root, "target"), "secret");
    writeFileSync(join(store, "a/@v/v1.0.0.mod"), "module a\n");
    symlinkSync(join(root, "target"), join(store, "a/@v/v1.0.0.info"));
    symlinkSync(root, join(store, "b"));
    assert.deepEqual(await removeSymlinks(store), ["a/@v/v1.0.0.info", "b"]);
    assert.deepEqual(filesUnder(store).sort(), ["a", "a/@v", "a/@v/v1.0.0.mod"]);
    assert.equal(readFileSync(join(root, "target"), "utf8"), "secret", "targets untouched");
  });
});

describe("a store gopin cannot write", () => {
  for (const existing of [false, true]) {
    test(`a read-only store (${existing ? "existing" : "to be created"}) fails start-up naming the store and the cause`, async (t) => {
      const mnt = tempDir("gopin-rofs-");
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], { stdio: "pipe" });
      } catch (e) {
        t.skip(`SKIPPED: cannot mount a tmpfs to make a read-only store (${(e as Error).message.split("\n")[0]})`);
        return;
      }
      try {
        const store = join(mnt, "store");
        if (existing) mkdirSync(store);
        execFileSync("mount", ["-o", "remount,ro", mnt], { stdio: "pipe" });
        const up = await upstream();
        await assert.rejects(gopin(store, up), (e: Error) => {
          assert.match(e.message, new RegExp(`cannot use the module store ${store}: .*read-only file system \\(EROFS\\)`));
          assert.doesNotMatch(e.message, /ENOENT/);
          return true;
        });
      } finally {
        execFileSync("umount", [mnt], { stdio: "pipe" });
      }
    });
  }
});

describe("verify mode checks the locked zips in the store before go asks", () => {
  /** A locked module whose store holds what a poisoned cache restore would: a valid zip with other content, and a damaged one. */
  async function poisonedStore() {
    const up = await upstream();
    const dir = tempDir("gopin-store-startcheck-");
    writeMainModule(dir, [
      { path: STD.widget, version: "v1.0.0" },
      { path: STD.multi, version: "v1.0.0" },
    ]);
    const store = join(tempDir("gopin-store-"), "store");
    const lockfile = join(dir, "gopin.lock");
    const rec = await runCommand(process.execPath, [CLI, "run", "--mode", "record", "--lockfile", lockfile, "--upstream", up.url, "--private", "", "--store", store, "--", "go", "mod", "download"], { cwd: dir, env: goEnv(tempDir("gopin-store-run-")), timeoutMs: 120_000 });
    assert.equal(rec.code, 0, rec.stderr);
    const swapped = await buildModule({ path: STD.widget, version: "v1.0.0", time: mod(STD.widget).time, files: { "widget.go": "package widget\n\n// Hello is not what the author published.\nfunc Hello() string { return \"evil\" }\n" } });
    writeFileSync(join(store, `${WIDGET}.zip`), swapped.zip);
    writeFileSync(join(store, `${MULTI}.zip`), withBadCrc(mod(STD.multi).zip));
    up.clearLog();
    return { up, dir, store, lockfile };
  }

  test("a swapped zip and a zip with a bad CRC are evicted at start-up, with no request; go's requests fetch and judge the upstream's copies", async () => {
    const { up, dir, store, lockfile } = await poisonedStore();

    const logDir = tempDir("gopin-store-run-");
    const g = await startGopin({ store, upstream: up.url, logFile: join(logDir, "gopin.log"), env: goEnv(logDir), extraArgs: ["--mode", "verify", "--lockfile", lockfile, "--sumdb", "off"] });
    stoppers.push(g);
    // Nothing has asked for anything yet.
    const logged = (await loggedEvictions(g, 2)).map((l) => `${l.file}: ${l.reason}`).sort();
    assert.equal(logged.length, 2, `evicted at start-up: ${logged.join("\n")}`);
    assert.match(logged[0]!, /!widget\/@v\/v1\.0\.0\.zip: the store's copy hashes to h1:\S+, not the h1:\S+ gopin\.lock names/);
    assert.match(logged[1]!, /multi\/@v\/v1\.0\.0\.zip: .*checksum error/);
    assert.equal(up.requests.length, 0, "the start-up check asks no upstream");
    assert.equal((await g.stats()).requests, 0);

    const r = await runCommand("go", ["mod", "download", "-json"], { cwd: dir, env: goEnv(tempDir("gopin-store-client-"), { GOPROXY: g.url, GONOPROXY: "none" }), timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    await g.idle(); // small zips land in the store after they are served
    for (const [rel, m] of [[WIDGET, mod(STD.widget)], [MULTI, mod(STD.multi)]] as const) {
      assert.ok(up.requests.some((q) => q.path.endsWith(`${rel.split("/").pop()}.zip`) && q.path.includes(rel.split("/@v/")[0]!)), `${rel}.zip fetched again`);
      assert.deepEqual(readFileSync(join(store, `${rel}.zip`)), m.zip, `${rel}.zip: the store holds the upstream's copy again`);
    }
    const s = await g.stats();
    assert.equal(s.storeEvictions, 2);
    assert.equal(s.refused, 0);
  });

  test("--check-store-at-start off (the Action, whose cache restore writes the store as gopin starts): nothing is read at start-up, and go's requests still evict and replace the bad copies", async () => {
    const { up, dir, store, lockfile } = await poisonedStore();

    const logDir = tempDir("gopin-store-run-");
    const g = await startGopin({ store, upstream: up.url, logFile: join(logDir, "gopin.log"), env: goEnv(logDir), extraArgs: ["--mode", "verify", "--lockfile", lockfile, "--sumdb", "off", "--check-store-at-start", "off"] });
    stoppers.push(g);
    await new Promise((r) => setTimeout(r, 300));
    await g.idle();
    assert.equal((await g.stats()).storeEvictions, 0, "no start-up check");

    const r = await runCommand("go", ["mod", "download", "-json"], { cwd: dir, env: goEnv(tempDir("gopin-store-client-"), { GOPROXY: g.url, GONOPROXY: "none" }), timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    await g.idle();
    for (const [rel, m] of [[WIDGET, mod(STD.widget)], [MULTI, mod(STD.multi)]] as const) {
      assert.deepEqual(readFileSync(join(store, `${rel}.zip`)), m.zip, `${rel}.zip: checked on first use, evicted, and the upstream's copy stored`);
    }
    const s = await g.stats();
    assert.equal(s.storeEvictions, 2);
    assert.equal(s.refused, 0);
  });
});
