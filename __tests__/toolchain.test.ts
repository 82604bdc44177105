// Go toolchains as modules: when GOTOOLCHAIN (or go.mod) asks for another Go,
// go downloads golang.org/toolchain@v0.0.1-goX.Y.Z.<goos>-<goarch> through
// GOPROXY. gopin serves, locks, caches and verifies it like any module, and
// its large zips stream through the store without being held in memory.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { request } from "undici";
import yazl from "yazl";
import { buildModule, h1Sums, infoJson, writeMainModule, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, runGo, tempDir } from "./helpers/go.js";
import { CLI, startGopin } from "./helpers/gopin.js";
import { startOracle, type Oracle } from "./helpers/oracle.js";
import { startSumdbServer, type SumdbServer } from "./helpers/sumdb-server.js";
import { MAX_ZIP_FILE } from "../src/proxy/limits.js";
import { TOOLCHAIN_MODULE, toolchainTarget } from "../src/gomod/toolchain.js";

const GO = "go1.99.0";
let platform: string;
let version: string;
before(async () => {
  const env = (await runGo(["env", "GOOS", "GOARCH"])).stdout.trim().split("\n");
  platform = `${env[0]}-${env[1]}`;
  version = `v0.0.1-${GO}.${platform}`;
});

/** bin/go: a script standing in for the real binary (go execs it after switching). */
const FAKE_GO = `#!/bin/sh\necho "go version ${GO} fake-toolchain"\n`;

test("toolchainTarget names the Go and platform of a golang.org/toolchain version, and nothing else", () => {
  assert.deepEqual(toolchainTarget(TOOLCHAIN_MODULE, "v0.0.1-go1.22.3.linux-amd64"), { go: "go1.22.3", platform: "linux-amd64" });
  assert.deepEqual(toolchainTarget(TOOLCHAIN_MODULE, "v0.0.1-go1.23rc1.windows-arm64"), { go: "go1.23rc1", platform: "windows-arm64" });
  assert.deepEqual(toolchainTarget(TOOLCHAIN_MODULE, "v0.0.1-go1.21.0.darwin-arm64"), { go: "go1.21.0", platform: "darwin-arm64" });
  assert.equal(toolchainTarget("example.com/toolchain", "v0.0.1-go1.22.3.linux-amd64"), undefined);
  assert.equal(toolchainTarget(TOOLCHAIN_MODULE, "v1.0.0"), undefined);
  assert.equal(toolchainTarget(TOOLCHAIN_MODULE, "v0.0.1-go1.22.3"), undefined);
});

describe("toolchain modules through gopin, with the real go and a checksum database", () => {
  let oracle: Oracle;
  let up: FixtureUpstream;
  let sumdb: SumdbServer;
  let tc: BuiltModule;
  let vkey: string;
  before(async () => {
    oracle = await startOracle();
    // Laid out like a real toolchain zip: no go.mod, bin/go, pkg/tool, src, VERSION.
    tc = await buildModule({
      path: TOOLCHAIN_MODULE,
      version,
      time: "2025-01-01T00:00:00Z",
      goMod: null,
      files: {
        "VERSION": `${GO}\ntime 2025-01-01T00:00:00Z\n`,
        "bin/go": FAKE_GO,
        "bin/gofmt": "#!/bin/sh\n",
        [`pkg/tool/${platform.replace("-", "_")}/compile`]: "#!/bin/sh\n",
        "lib/time/README": "zoneinfo\n",
        "src/runtime/extern.go": "package runtime\n",
      },
    });
    up = await startFixtureUpstream([tc]);
    const keys = await oracle.ask("note.GenerateKey", ["sum.gopin.test"]);
    assert.ok(keys.ok, keys.err);
    const { skey, vkey: verifier } = keys.out as { skey: string; vkey: string };
    vkey = verifier;
    sumdb = await startSumdbServer(oracle.bin, skey, [tc]);
  });
  after(async () => {
    await sumdb?.stop();
    await up?.stop();
    await oracle?.close();
  });

  /** `gopin run` in `dir` with a go command that switches to go1.99.0. */
  async function run(dir: string, store: string, mode: "record" | "verify") {
    const root = tempDir("gopin-tcrun-");
    const args = [CLI, "run", "--mode", mode, "--upstream", up.url, "--private", "", "--store", store, "--sumdb", `${vkey} ${sumdb.url}`, "--", "sh", "-c", `GOTOOLCHAIN=${GO} go version`];
    return runCommand(process.execPath, args, { cwd: dir, env: goEnv(root), timeoutMs: 120_000 });
  }

  test("record locks the toolchain with its h1: hash; verify serves it from the lock and the store", async () => {
    const dir = tempDir("gopin-tcproj-");
    writeMainModule(dir, []);
    const store = join(tempDir("gopin-tcstore-"), "store");
    up.clearLog();
    const rec = await run(dir, store, "record");
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, /go version go1\.99\.0 fake-toolchain/, "go switched to the toolchain served through gopin");
    // What go asks for a toolchain: only the zip (no .info, .mod or list).
    assert.deepEqual(up.requests.map((r) => r.path), [`/${TOOLCHAIN_MODULE}/@v/${version}.zip`]);
    const lock = readFileSync(join(dir, "gopin.lock"), "utf8");
    const line = lock.split("\n").find((l) => l.startsWith(`version ${TOOLCHAIN_MODULE} ${version} `));
    assert.ok(line, `the lock holds the toolchain:\n${lock}`);
    assert.ok(line.includes(`zip=${h1Sums(tc).sum}`), `locked with go's h1: hash: ${line}`);

    // Verify, from a fresh module cache: served from the store, checked against the lock.
    up.clearLog();
    const ver = await run(dir, store, "verify");
    assert.equal(ver.code, 0, ver.stderr);
    assert.match(ver.stdout, /go1\.99\.0 fake-toolchain/);
    assert.equal(up.requests.length, 0, "the toolchain came from gopin's store");
  });

  test("verify refuses an unlocked toolchain, naming the Go that was asked for", async () => {
    const dir = tempDir("gopin-tcproj-");
    writeMainModule(dir, []);
    writeFileSync(join(dir, "gopin.lock"), "gopin-lock 1\n");
    const store = join(tempDir("gopin-tcstore-"), "store");
    up.clearLog();
    const r = await run(dir, store, "verify");
    assert.notEqual(r.code, 0, r.stdout);
    const expected = `${GO} for ${platform} (${TOOLCHAIN_MODULE}@${version}) is not in gopin.lock`;
    const refusal = r.stderr.split("\n").find((l) => l.includes(expected));
    assert.ok(refusal, `go shows which Go was refused:\n${r.stderr}`);
    // One paragraph: the remedy is on the same line.
    assert.match(refusal, /gopin verify: go1\.99\.0 for .*Re-record the lockfile \(gopin run --mode record\) and review the change\.$/);
    assert.equal(up.count(".zip"), 0, "nothing fetched for an unlocked toolchain");
  });
});

// ---------------------------------------------------------------------------
// Large zips: a toolchain-sized, incompressible zip streamed through the store.

const BIG_FILE = 160 << 20;

/** Writes a toolchain-shaped zip with an incompressible bin/go of `size` bytes to `file`. */
async function writeBigToolchainZip(file: string, size: number): Promise<void> {
  const zip = new yazl.ZipFile();
  const prefix = `${TOOLCHAIN_MODULE}@${version}/`;
  const opts = { mtime: new Date("2025-01-01T00:00:00Z"), mode: 0o100755, compress: false };
  zip.addBuffer(Buffer.from(`${GO}\n`), prefix + "VERSION", opts);
  const chunk = 1 << 20;
  zip.addReadStream(Readable.from((function* () { for (let n = 0; n < size; n += chunk) yield randomBytes(Math.min(chunk, size - n)); })()), prefix + "bin/go", { ...opts, size });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

interface ZipServer {
  url: string;
  zipRequests: number;
  /** Zip answers whose connection the client closed before the body was sent. */
  closedEarly: number;
  stop(): Promise<void>;
}

/** A GOPROXY serving one toolchain zip from disk, or declaring a size it never sends. */
async function startZipServer(zipFile: string, declare?: number): Promise<ZipServer> {
  const sockets = new Set<Socket>();
  const state: ZipServer = { url: "", zipRequests: 0, closedEarly: 0, stop: async () => {} };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? "");
    const base = `/${TOOLCHAIN_MODULE}/@v/${version}`;
    if (path === `${base}.info`) return void res.end(infoJson(version, "2025-01-01T00:00:00Z"));
    if (path === `${base}.mod`) return void res.end(`module ${TOOLCHAIN_MODULE}\n`);
    if (path !== `${base}.zip`) return void res.writeHead(404).end("not found\n");
    state.zipRequests++;
    if (declare !== undefined) {
      // Headers only; the body never comes. gopin must give up on the header.
      res.writeHead(200, { "Content-Length": String(declare), "Content-Type": "application/zip" });
      res.flushHeaders();
      res.once("close", () => state.closedEarly++);
      return;
    }
    res.writeHead(200, { "Content-Length": String(statSync(zipFile).size), "Content-Type": "application/zip" });
    createReadStream(zipFile).pipe(res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () => new Promise<void>((r) => {
    for (const s of sockets) s.destroy();
    server.close(() => r());
  });
  return state;
}

/** Peak resident set size (VmHWM) of a process, in bytes. */
function peakRss(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  assert.ok(m, "VmHWM in /proc/<pid>/status");
  return Number(m[1]) * 1024;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(file), h);
  return h.digest("hex");
}

describe("large toolchain zips", { skip: process.platform !== "linux" && "needs /proc/<pid>/status (Linux)" }, () => {
  test("a 160 MiB incompressible toolchain zip is streamed to disk, hashed and served without the daemon holding it", async (t) => {
    const dir = tempDir("gopin-bigtc-");
    const zipFile = join(dir, "toolchain.zip");
    await writeBigToolchainZip(zipFile, BIG_FILE);
    const zipSize = statSync(zipFile).size;
    const server = await startZipServer(zipFile);
    const g = await startGopin({ store: join(dir, "store"), upstream: server.url, logFile: join(dir, "log"), env: goEnv(dir) });
    try {
      const baseline = peakRss(g.proc.pid!);
      const url = `${g.url}/${TOOLCHAIN_MODULE}/@v/${version}.zip`;
      for (const round of ["fetched", "from the store"]) {
        const served = join(dir, `served-${round}.zip`);
        const r = await request(url);
        assert.equal(r.statusCode, 200, `${round}: status`);
        await pipeline(r.body, createWriteStream(served));
        assert.equal(await sha256File(served), await sha256File(zipFile), `${round}: the bytes served are the upstream's`);
      }
      assert.equal(server.zipRequests, 1, "the second answer came from the store");
      const growth = peakRss(g.proc.pid!) - baseline;
      t.diagnostic(`daemon peak RSS: ${(baseline / 2 ** 20).toFixed(1)} MiB at start, +${(growth / 2 ** 20).toFixed(1)} MiB after a ${(zipSize / 2 ** 20).toFixed(1)} MiB zip`);
      assert.ok(growth < (zipSize * 2) / 3, `peak RSS grew by ${(growth / 2 ** 20).toFixed(1)} MiB for a ${(zipSize / 2 ** 20).toFixed(1)} MiB zip`);
    } finally {
      await g.stop();
      await server.stop();
    }
  });

  test("a toolchain zip declared larger than 500 MiB is refused on its header, before any body is read", async () => {
    const dir = tempDir("gopin-hugetc-");
    const server = await startZipServer("", MAX_ZIP_FILE + 1);
    const g = await startGopin({ store: join(dir, "store"), upstream: server.url, logFile: join(dir, "log"), env: goEnv(dir) });
    try {
      const started = Date.now();
      const r = await request(`${g.url}/${TOOLCHAIN_MODULE}/@v/${version}.zip`);
      const text = await r.body.text();
      assert.ok(r.statusCode >= 400, `refused: ${r.statusCode} ${text}`);
      assert.match(text, new RegExp(`declares ${MAX_ZIP_FILE + 1} bytes, more than the ${MAX_ZIP_FILE}-byte limit`));
      assert.ok(Date.now() - started < 5_000, "refused at once, not after waiting for a body");
      assert.equal(server.zipRequests, 1);
      for (const deadline = Date.now() + 5_000; server.closedEarly === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      assert.equal(server.closedEarly, 1, "gopin dropped the connection instead of reading the body");
    } finally {
      await g.stop();
      await server.stop();
    }
  });
});

// ---------------------------------------------------------------------------
// Toolchain selection: `go get go@…` / `go get toolchain@…` ask golang.org/toolchain's
// @v/list (which Go to switch to) and .info (does that Go exist), then its zip.

describe("toolchain selection through go get, with the real go and a checksum database", () => {
  const GOS = ["go1.99.0", "go1.99.1"];
  let oracle: Oracle;
  let up: FixtureUpstream;
  let sumdb: SumdbServer;
  let vkey: string;
  let built: BuiltModule[];
  /** go asks about linux-amd64's .info whatever the platform; it downloads its own platform's zip. */
  const platforms = () => [...new Set([platform, "linux-amd64"])];
  before(async () => {
    oracle = await startOracle();
    built = [];
    for (const go of GOS) {
      for (const p of platforms()) {
        built.push(
          await buildModule({
            path: TOOLCHAIN_MODULE,
            version: `v0.0.1-${go}.${p}`,
            time: "2025-01-01T00:00:00Z",
            goMod: null,
            files: {
              "VERSION": `${go}\n`,
              "bin/go": `#!/bin/sh\necho "go version ${go} fake-toolchain: $*"\n`,
              "bin/gofmt": "#!/bin/sh\n",
              [`pkg/tool/${p.replace("-", "_")}/compile`]: "#!/bin/sh\n",
              "lib/time/README": "zoneinfo\n",
              "src/runtime/extern.go": "package runtime\n",
            },
          }),
        );
      }
    }
    up = await startFixtureUpstream(built);
    const keys = await oracle.ask("note.GenerateKey", ["sum.gopin.test"]);
    assert.ok(keys.ok, keys.err);
    const k = keys.out as { skey: string; vkey: string };
    vkey = k.vkey;
    sumdb = await startSumdbServer(oracle.bin, k.skey, built);
  });
  after(async () => {
    await sumdb?.stop();
    await up?.stop();
    await oracle?.close();
  });

  async function run(dir: string, store: string, mode: "record" | "verify", script: string) {
    const root = tempDir("gopin-tcget-");
    const args = [CLI, "run", "--mode", mode, "--upstream", up.url, "--private", "", "--store", store, "--sumdb", `${vkey} ${sumdb.url}`, "--", "sh", "-c", script];
    return runCommand(process.execPath, args, { cwd: dir, env: goEnv(root), timeoutMs: 120_000 });
  }

  const tcv = (go: string, p = platform) => `v0.0.1-${go}.${p}`;
  /** The lockfile's line for a toolchain version. */
  const lockLine = (lock: string, v: string) => lock.split("\n").find((l) => l.startsWith(`version ${TOOLCHAIN_MODULE} ${v} `));
  const SCRIPT = "GOTOOLCHAIN=auto go get go@1.99.0 && GOTOOLCHAIN=auto go get toolchain@go1.99.0 && GOTOOLCHAIN=auto go version";

  test("go reads several toolchains' .info to choose a Go and downloads one zip: no toolchain is read ahead", async () => {
    const dir = tempDir("gopin-tcget-proj-");
    writeMainModule(dir, []);
    up.clearLog();
    const r = await run(dir, join(tempDir("gopin-tcget-store-"), "store"), "record", "GOTOOLCHAIN=auto go get go@1.99.0");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /switching to go1\.99\.1/);
    assert.equal(up.count(`/${TOOLCHAIN_MODULE}/@v/${tcv("go1.99.0", "linux-amd64")}.info`), 1, "go asked go1.99.0's .info");
    const zips = up.requests.filter((q) => q.path.startsWith(`/${TOOLCHAIN_MODULE}/`) && q.path.endsWith(".zip")).map((q) => q.path);
    assert.deepEqual(zips, [`/${TOOLCHAIN_MODULE}/@v/${tcv("go1.99.1")}.zip`], "only the Go go switched to was downloaded");
  });

  test("record pins the list go chose from and the toolchains it switched to; verify replays the choice from the lock with the upstream stopped; an unlocked Go is refused by name", async () => {
    const dir = tempDir("gopin-tcget-proj-");
    writeMainModule(dir, []);
    const goMod = readFileSync(join(dir, "go.mod"), "utf8");
    const store = join(tempDir("gopin-tcget-store-"), "store");
    const rec = await run(dir, store, "record", SCRIPT);
    assert.equal(rec.code, 0, rec.stderr);
    // go get go@1.99.0 needs a newer Go: go picks the newest patch release of 1.99 from golang.org/toolchain's list.
    assert.match(rec.stderr, /switching to go1\.99\.1/);
    assert.match(rec.stdout, /^go version go1\.99\.1 fake-toolchain: get go@1\.99\.0$/m);
    // go get toolchain@go1.99.0 writes the toolchain line; the next go command switches to exactly that Go.
    assert.match(readFileSync(join(dir, "go.mod"), "utf8"), /^toolchain go1\.99\.0$/m);
    assert.match(rec.stdout, /^go version go1\.99\.0 fake-toolchain: version$/m);
    const asked = new Set(up.requests.map((r) => r.path));
    for (const p of [`/${TOOLCHAIN_MODULE}/@v/list`, `/${TOOLCHAIN_MODULE}/@v/${tcv("go1.99.0", "linux-amd64")}.info`, `/${TOOLCHAIN_MODULE}/@v/${tcv("go1.99.1")}.zip`, `/${TOOLCHAIN_MODULE}/@v/${tcv("go1.99.0")}.zip`]) {
      assert.ok(asked.has(p), `go asked for ${p}: ${[...asked].join(" ")}`);
    }
    const lock = readFileSync(join(dir, "gopin.lock"), "utf8");
    assert.match(lock, new RegExp(`^list ${TOOLCHAIN_MODULE} .*v0\\.0\\.1-go1\\.99\\.0\\.linux-amd64.*v0\\.0\\.1-go1\\.99\\.1\\.linux-amd64`, "m"));
    assert.match(lockLine(lock, tcv("go1.99.0", "linux-amd64")) ?? "", /time=2025-01-01T00:00:00Z/, lock);
    for (const go of ["go1.99.0", "go1.99.1"]) {
      const b = built.find((m) => m.version === tcv(go))!;
      assert.ok(lockLine(lock, tcv(go))?.includes(`zip=${h1Sums(b).sum}`), `${go} locked with go's h1: hash:\n${lock}`);
    }

    // The upstream goes away: verify needs only the lock and the store.
    await up.stop();

    // Verify, fresh module cache, the same commands: the same choices, from the lock and the store.
    writeFileSync(join(dir, "go.mod"), goMod);
    const ver = await run(dir, store, "verify", SCRIPT);
    assert.equal(ver.code, 0, ver.stderr);
    assert.match(ver.stderr, /switching to go1\.99\.1/);
    assert.match(ver.stdout, /^go version go1\.99\.1 fake-toolchain: get go@1\.99\.0$/m);
    assert.match(ver.stdout, /^go version go1\.99\.0 fake-toolchain: version$/m);

    // go get go@1.99.2: that Go is not in the lock, and the refusal says so by name.
    writeFileSync(join(dir, "go.mod"), goMod);
    const un = await run(dir, store, "verify", "GOTOOLCHAIN=auto go get go@1.99.2");
    assert.notEqual(un.code, 0, un.stdout);
    const expected = `go1.99.2 for linux-amd64 (${TOOLCHAIN_MODULE}@${tcv("go1.99.2", "linux-amd64")}) is not in gopin.lock`;
    assert.ok(un.stderr.split("\n").some((l) => l.includes(expected)), `go shows which Go was refused:\n${un.stderr}`);
    assert.doesNotMatch(un.stdout, /fake-toolchain/);
  });
});
