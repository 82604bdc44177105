// Hardening at the edges: the address actually bound, stale lockfile temp
// files, a full disk at the lockfile write, lockfile paths that are not
// lockfiles, and upstream answers that used to make unclear errors.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { buildAll, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "./helpers/go.js";
import { CLI, get, startGopin, type GopinProcess } from "./helpers/gopin.js";
import { withTinyTmpfs } from "./helpers/tmpfs.js";
import { GopinHttpServer, type HttpServerOptions } from "../src/server/http-server.js";
import { startProxy } from "../src/core/proxy-stack.js";
import { resolveServeConfig } from "../src/config/serve-config.js";
import { emptyLockfile, moduleEntry, readLockfile, writeLockfileAtomic, MAX_LOCKFILE_BYTES } from "../src/lock/index.js";

const M = "example.com/edge/m";
let modules: BuiltModule[];
const stopAfter: Array<{ stop(): Promise<unknown> }> = [];
before(async () => {
  modules = await buildAll([{ path: M, version: "v1.0.0", time: "2023-01-05T10:00:00Z" }]);
});
after(async () => {
  for (const s of stopAfter.reverse()) await s.stop().catch(() => undefined);
});

async function upstreamAndGopin(): Promise<{ up: FixtureUpstream; g: GopinProcess }> {
  const up = await startFixtureUpstream(modules);
  stopAfter.push(up);
  const root = tempDir("gopin-edge-");
  const g = await startGopin({ store: join(root, "store"), upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
  stopAfter.push(g);
  return { up, g };
}

describe("--listen checks the address actually bound", () => {
  test("a name that resolves off loopback is refused after binding, before serving", async (t) => {
    // What "localhost" resolving elsewhere amounts to: the listen call binds a
    // non-loopback address of this machine.
    const ip = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (!ip) {
      t.skip("SKIPPED: this machine has no non-loopback IPv4 address to bind");
      return;
    }
    // No request reaches it; close() only drains the (absent) service.
    const server = new GopinHttpServer({ service: { drain: async () => undefined } } as unknown as HttpServerOptions);
    const got = await server.listen(ip, 0).then(
      (url) => url,
      (e: Error) => e,
    );
    if (!(got instanceof Error)) {
      await server.close();
      assert.fail(`gopin served on ${got}`);
    }
    const at = ip.replace(/\./g, "\\.");
    assert.match(got.message, new RegExp(`refusing to serve: listening on "${at}" bound ${at}, which is not a loopback address`));
  });

  test("localhost:0 serves on a loopback address", async () => {
    const cfg = await resolveServeConfig({ listen: "localhost:0", store: join(tempDir("gopin-edge-"), "store"), upstream: "off", log: "none" });
    const proxy = await startProxy(cfg, process.env);
    try {
      assert.match(proxy.url, /^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]):\d+$/);
      assert.equal((await get(proxy.url + "/healthz")).status, 200);
    } finally {
      await proxy.close();
    }
  });
});

describe("the lockfile write", () => {
  test("stale temp files of killed writers are removed on the next write; a live writer's are kept", async () => {
    const dir = tempDir("gopin-locktmp-");
    const file = join(dir, "gopin.lock");
    const dead = await new Promise<number>((resolve) => {
      const p = spawn(process.execPath, ["-e", ""]);
      p.once("exit", () => resolve(p.pid!));
    });
    const live = spawn("sleep", ["30"]);
    try {
      const deadTmp = `.gopin.lock.${dead}.0123456789ab.tmp`;
      const liveTmp = `.gopin.lock.${live.pid}.ba9876543210.tmp`;
      const otherTmp = `.other.lock.${dead}.0123456789ab.tmp`;
      for (const n of [deadTmp, liveTmp, otherTmp]) writeFileSync(join(dir, n), "gopin-lock 1\npartial");
      const lock = emptyLockfile();
      moduleEntry(lock, "example.com/a").list = ["v1.0.0"];
      assert.equal(await writeLockfileAtomic(file, lock), true);
      assert.deepEqual(readdirSync(dir).sort(), [liveTmp, otherTmp, "gopin.lock"].sort());
      // Also when the lock is unchanged (nothing else is written).
      writeFileSync(join(dir, deadTmp), "partial");
      assert.equal(await writeLockfileAtomic(file, lock), false);
      assert.ok(!existsSync(join(dir, deadTmp)), "removed on an unchanged write too");
    } finally {
      live.kill("SIGKILL");
    }
  });

  test("disk full at the lockfile write: the error names the path, and the report is still written", async (t) => {
    await withTinyTmpfs(t, "64k", async (mnt) => {
      // Fill the file system to the last block.
      try {
        writeFileSync(join(mnt, "filler"), Buffer.alloc(1 << 20));
      } catch {
        // ENOSPC: full, as wanted
      }
      const root = tempDir("gopin-enospc-");
      const lock = join(mnt, "gopin.lock");
      const report = join(root, "report.json");
      const summary = join(root, "summary.md");
      const args = [CLI, "run", "--mode", "record", "--upstream", "off", "--private", "", "--store", join(root, "store"), "--lockfile", lock, "--report", report, "--summary", summary, "--", "true"];
      const r = await runCommand(process.execPath, args, { cwd: root, env: goEnv(root) });
      assert.notEqual(r.code, 0, "an unwritten lockfile fails the run");
      assert.match(r.stderr, new RegExp(`cannot write the lockfile ${lock.replace(/[.]/g, "\\.")}: the disk is full \\(ENOSPC\\)`));
      assert.ok(existsSync(report), `the report is written:\n${r.stderr}`);
      const rep = JSON.parse(readFileSync(report, "utf8"));
      assert.equal(rep.verdict, "fail");
      assert.match(rep.lockfile.error, /cannot write the lockfile .*ENOSPC/);
      assert.ok(rep.problems.some((p: string) => p.includes(lock)), JSON.stringify(rep.problems));
      assert.match(readFileSync(summary, "utf8"), /ENOSPC/);
      assert.deepEqual(readdirSync(mnt).sort(), ["filler"], "no lockfile and no temp file left");
    });
  });
});

describe("lockfile paths that are not lockfiles fail fast", () => {
  test("/dev/zero is not a regular file, and is not read", async () => {
    const t0 = performance.now();
    await assert.rejects(readLockfile("/dev/zero"), /lockfile \/dev\/zero is not a regular file$/);
    assert.ok(performance.now() - t0 < 1000, "fails fast");
    const r = await runCommand(process.execPath, [CLI, "run", "--lockfile", "/dev/zero", "--upstream", "off", "--store", tempDir(), "--", "true"], { env: goEnv(tempDir()) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /gopin: lockfile \/dev\/zero is not a regular file/);
  });

  test("a regular file over the size cap is refused after reading at most the cap", async () => {
    const file = join(tempDir("gopin-biglock-"), "gopin.lock");
    writeFileSync(file, "gopin-lock 1\n");
    truncateSync(file, MAX_LOCKFILE_BYTES + 4096); // sparse: cheap to make
    await assert.rejects(readLockfile(file), new RegExp(`lockfile .*gopin\\.lock is larger than ${MAX_LOCKFILE_BYTES} bytes`));
  });
});

describe("upstream answers that made unclear errors", () => {
  const zipPath = `/${M}/@v/v1.0.0.zip`;

  test("a redirect loop names the URL, not undici's advice", async () => {
    const { up, g } = await upstreamAndGopin();
    up.setFault(zipPath, { status: 302, headers: { location: zipPath } });
    const r = await get(g.url + zipPath);
    assert.equal(r.status, 502);
    assert.match(r.text, new RegExp(`redirect loop: ${up.url.replace(/[.]/g, "\\.")}${zipPath.replace(/[.]/g, "\\.")} redirects back to a URL it already visited`));
    assert.doesNotMatch(r.text, /Agent/);
  });

  test("too many redirects name where they started and where the last one went", async () => {
    const { up, g } = await upstreamAndGopin();
    up.setFault(zipPath, { status: 302, headers: { location: "/hop/0" } });
    for (let i = 0; i < 12; i++) up.setFault(new RegExp(`^/hop/${i}$`), { status: 302, headers: { location: `/hop/${i + 1}` } });
    const r = await get(g.url + zipPath);
    assert.equal(r.status, 502);
    assert.match(r.text, /more than 10 redirects starting at http:\/\/127\.0\.0\.1:\d+\/example\.com\/edge\/m\/@v\/v1\.0\.0\.zip \(the last one to \/hop\/10\)/);
  });

  test("a 206 answer and a binary error body are never quoted into the error", async () => {
    const { up, g } = await upstreamAndGopin();
    const zip = modules[0]!.zip;
    up.setFault(zipPath, { status: 206, body: zip, headers: { "content-type": "application/zip", "content-range": `bytes 0-${zip.length - 1}/${zip.length}` } });
    const r = await get(g.url + zipPath);
    assert.equal(r.status, 502);
    assert.match(r.text, /: unexpected status 206 Partial Content\n$/);
    up.setFault(zipPath, { status: 500, body: zip });
    const r500 = await get(g.url + zipPath);
    assert.equal(r500.status, 502);
    assert.match(r500.text, /v1\.0\.0\.zip: 500\n$/);
    // Valid UTF-8, but control characters: not text either.
    up.setFault(zipPath, { status: 500, body: Buffer.from("PK\u0003\u0004 a zip, not an error page") });
    const rCtl = await get(g.url + zipPath);
    assert.match(rCtl.text, /v1\.0\.0\.zip: 500\n$/);
    for (const t of [r.text, r500.text, rCtl.text]) assert.doesNotMatch(t, /PK|[\u0000-\u0008\u000e-\u001f\ufffd]/, "no zip bytes in the error");
  });

  test("a long text error body is quoted as one line, cut at 1 KiB", async () => {
    const { up, g } = await upstreamAndGopin();
    up.setFault(zipPath, { status: 503, body: "overloaded\n\n" + "x".repeat(5000) });
    const r = await get(g.url + zipPath);
    assert.equal(r.status, 502);
    assert.match(r.text, /: 503: overloaded x{1013}…\n$/);
  });
});
