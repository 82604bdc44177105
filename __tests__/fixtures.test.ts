// Proves that the hermetic test infrastructure is faithful to the real go command:
// fixture modules, the file:// proxy tree, the fixture upstream (and its fault
// knobs), the go environment, and private modules from local git repositories.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import yauzl from "yauzl";
import {
  buildModule,
  fileProxyUrl,
  generateGraph,
  goSums,
  h1Sums,
  hashZip,
  isPseudoVersion,
  makePrivateGitModule,
  newestOfEach,
  privateGoEnv,
  pseudoVersionTime,
  standardModules,
  STD,
  STD_PSEUDO_VERSION,
  writeMainModule,
  writeProxyTree,
  type BuiltModule,
  type FixtureModule,
} from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import {
  assertGoOk,
  goEnv,
  goModDownload,
  parseJsonStream,
  runGo,
  tempDir,
  type GoDownloadRecord,
} from "./helpers/go.js";

const key = (m: { path: string; version: string }) => `${m.path}@${m.version}`;

function zipEntries(zip: Buffer): Promise<Array<{ name: string; method: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      const out: Array<{ name: string; method: number }> = [];
      zf.on("entry", (e: yauzl.Entry) => {
        out.push({ name: e.fileName, method: e.compressionMethod });
        zf.readEntry();
      });
      zf.on("end", () => resolve(out));
      zf.on("error", reject);
      zf.readEntry();
    });
  });
}

function byKey(records: GoDownloadRecord[]): Map<string, GoDownloadRecord> {
  return new Map(records.map((r) => [key({ path: r.Path, version: r.Version }), r]));
}

describe("fixture infrastructure", () => {
  const mods = standardModules();
  const specs = mods.map(key);
  let built: BuiltModule[];
  let up: FixtureUpstream;
  let treeDir: string;
  let viaHttp: Map<string, GoDownloadRecord>;
  let viaFile: Map<string, GoDownloadRecord>;

  before(async () => {
    const root = tempDir("gopin-fixtures-");
    treeDir = join(root, "tree");
    built = await writeProxyTree(treeDir, mods);
    up = await startFixtureUpstream(built);
    const [h, f] = await Promise.all([
      goModDownload(specs, { env: goEnv(join(root, "http"), { GOPROXY: up.url }), cwd: root }),
      goModDownload(specs, { env: goEnv(join(root, "file"), { GOPROXY: fileProxyUrl(treeDir) }), cwd: root }),
    ]);
    assertGoOk(h.result, "go mod download via fixture upstream");
    assertGoOk(f.result, "go mod download via file:// tree");
    viaHttp = byKey(h.records);
    viaFile = byKey(f.records);
  });

  after(async () => {
    await up?.stop();
  });

  test("standard modules cover the corner cases, in time order", () => {
    const paths = new Set(mods.map((m) => m.path));
    assert.ok([...paths].some((p) => /[A-Z]/.test(p)), "an uppercase path");
    assert.ok(mods.some((m) => m.path.endsWith("/v2") && m.version.startsWith("v2.")), "a /v2 module");
    const incompatible = mods.find((m) => m.version.endsWith("+incompatible"));
    assert.ok(incompatible && incompatible.goMod === null && !/\/v\d+$/.test(incompatible.path));
    const pseudo = mods.find((m) => isPseudoVersion(m.version));
    assert.ok(pseudo);
    assert.equal(pseudo.time, pseudoVersionTime(pseudo.version));
    assert.deepEqual(
      mods.filter((m) => m.path === STD.multi).map((m) => m.version),
      ["v1.0.0", "v1.1.0", "v1.2.0-pre", "v1.2.0"],
    );
    assert.match(mods.find((m) => key(m) === `${STD.multi}@v1.2.0`)!.goMod!, /^retract v1\.1\.0$/m);
    assert.match(mods.find((m) => m.path === STD.app)!.goMod!, new RegExp(`${STD.multi} v1\\.2\\.0`));
    const big = built.find((b) => b.path === STD.big)!;
    assert.ok(big.files.length >= 300 && big.files.some((f) => f.name.split("/").length >= 4), `${big.files.length} files`);
    const times = mods.map((m) => Date.parse(m.time));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  test("zips are laid out like Go's: path@version/ entries, deflate, no directories", async () => {
    for (const b of built) {
      const entries = await zipEntries(b.zip);
      assert.ok(entries.length > 0);
      for (const e of entries) {
        assert.ok(e.name.startsWith(`${b.path}@${b.version}/`), e.name);
        assert.ok(!e.name.endsWith("/"), `directory entry ${e.name}`);
        assert.equal(e.method, 8, `${e.name} is deflated`);
      }
      const names = entries.map((e) => e.name.slice(`${b.path}@${b.version}/`.length));
      assert.equal(names.includes("go.mod"), b.path !== STD.legacy, `${key(b)} go.mod presence`);
      assert.equal(await hashZip(b.zip), h1Sums(b).sum);
    }
    const legacy = built.find((b) => b.path === STD.legacy)!;
    assert.equal(legacy.mod.toString(), `module ${STD.legacy}\n`);
    const widget = built.find((b) => b.path === STD.widget)!;
    const info = JSON.parse(widget.info.toString()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), ["Version", "Time", "Origin"]);
  });

  test("go downloads every standard module via HTTP and via file://, with equal sums", () => {
    for (const b of built) {
      const h = viaHttp.get(key(b));
      const f = viaFile.get(key(b));
      assert.ok(h && f, `${key(b)} downloaded both ways`);
      assert.equal(h.Error, undefined);
      assert.equal(f.Error, undefined);
      assert.match(h.Sum ?? "", /^h1:/);
      assert.equal(h.Sum, f.Sum, `${key(b)} Sum`);
      assert.equal(h.GoModSum, f.GoModSum, `${key(b)} GoModSum`);
      const mine = h1Sums(b);
      assert.equal(mine.sum, h.Sum, `${key(b)}: TypeScript h1 of the zip equals go's`);
      assert.equal(mine.goModSum, h.GoModSum, `${key(b)}: TypeScript h1 of the .mod equals go's`);
      // go caches the zip it was served byte for byte.
      assert.ok(readFileSync(h.Zip!).equals(b.zip), `${key(b)} cached zip bytes`);
      assert.ok(existsSync(join(h.Dir!, b.files[0]!.name)));
    }
    assert.equal(viaHttp.get(`${STD.widget}@v1.0.0`)?.Origin?.Ref, "refs/tags/v1.0.0");
    assert.ok(up.count("/example.com/!big!corp/!widget/@v/v1.0.0.zip") >= 1, "escaped uppercase path requested");
    assert.ok(up.count("v2.0.0+incompatible.zip") >= 1);
    assert.ok(up.requests.every((r) => r.status === 200), JSON.stringify(up.requests.filter((r) => r.status !== 200)));
  });

  test("goSums gives go's own h1: sums", async () => {
    const sums = await goSums(built.filter((b) => b.path === STD.multi || b.path === STD.legacy));
    assert.equal(sums.size, 5);
    for (const [k, s] of sums) {
      assert.equal(s.sum, viaHttp.get(k)!.Sum);
      assert.equal(s.goModSum, viaHttp.get(k)!.GoModSum);
    }
  });

  test("the upstream answers list/@latest/info/HEAD/404 like a proxy", async () => {
    const get = (p: string, method = "GET") => fetch(up.url + p, { method });
    let r = await get("/example.com/multi/@v/list");
    assert.equal(r.status, 200);
    assert.equal(await r.text(), "v1.0.0\nv1.1.0\nv1.2.0-pre\nv1.2.0\n");
    r = await get("/example.com/pseudo/@v/list");
    assert.equal(await r.text(), "", "pseudo-versions are not listed");
    r = await get("/example.com/pseudo/@latest");
    assert.equal((await r.json() as { Version: string }).Version, STD_PSEUDO_VERSION);
    r = await get("/example.com/multi/@latest");
    assert.deepEqual(await r.json(), { Version: "v1.2.0", Time: "2023-04-10T09:00:00Z" });
    r = await get("/example.org/lib/v2/@v/v2.1.0.mod");
    assert.equal(await r.text(), "module example.org/lib/v2\n\ngo 1.21\n");
    const zipBytes = built.find((b) => b.path === STD.libV2)!.zip.length;
    r = await get("/example.org/lib/v2/@v/v2.1.0.zip", "HEAD");
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-length"), String(zipBytes));
    assert.equal((await r.arrayBuffer()).byteLength, 0);
    for (const p of ["/example.com/nope/@v/list", "/example.com/multi/@v/v9.9.9.info", "/example.com/BigCorp/Widget/@v/list", "/"]) {
      r = await get(p);
      assert.equal(r.status, 404, p);
      assert.match(r.headers.get("content-type") ?? "", /^text\/plain/);
      await r.text();
    }
    // Prerelease-only modules answer their highest prerelease for @latest.
    await up.addModule({ path: "example.com/preonly", version: "v0.1.0-alpha", time: "2023-06-01T00:00:00Z" });
    await up.addModule({ path: "example.com/preonly", version: "v0.1.0-beta", time: "2023-06-02T00:00:00Z" });
    r = await get("/example.com/preonly/@latest");
    assert.equal((await r.json() as { Version: string }).Version, "v0.1.0-beta");
    up.removeModule("example.com/preonly");
    r = await get("/example.com/preonly/@latest");
    assert.equal(r.status, 404);
    await r.text();
  });

  test("go builds a main module requiring every standard module; retractions and queries work", async () => {
    const root = tempDir("gopin-build-");
    const env = goEnv(join(root, "go"), { GOPROXY: up.url });
    const main = join(root, "main");
    writeMainModule(main, newestOfEach(mods));
    assertGoOk(await runGo(["mod", "tidy"], { cwd: main, env }), "go mod tidy");
    assertGoOk(await runGo(["build", "-o", join(root, "prog"), "."], { cwd: main, env }), "go build");
    const deps = assertGoOk(await runGo(["list", "-deps", "."], { cwd: main, env })).stdout.split("\n");
    for (const p of new Set(mods.map((m) => m.path))) assert.ok(deps.includes(p), `${p} compiled`);
    const run = spawnSync(join(root, "prog"), { encoding: "utf8" });
    assert.equal(run.status, 0);
    const goSum = readFileSync(join(main, "go.sum"), "utf8");
    assert.ok(goSum.includes(`${STD.multi} v1.2.0 ${viaHttp.get(`${STD.multi}@v1.2.0`)!.Sum}`));

    const versions = parseJsonStream<{ Versions: string[] }>(
      assertGoOk(await runGo(["list", "-m", "-json", "-versions", STD.multi], { cwd: main, env })).stdout,
    )[0]!;
    assert.deepEqual(versions.Versions, ["v1.0.0", "v1.2.0-pre", "v1.2.0"], "v1.1.0 is retracted");
    const retracted = parseJsonStream<{ Retracted?: string[] }>(
      assertGoOk(await runGo(["list", "-m", "-json", "-retracted", `${STD.multi}@v1.1.0`], { cwd: main, env })).stdout,
    )[0]!;
    assert.deepEqual(retracted.Retracted, ["v1.1.0 shipped a broken API."]);
    const latest = parseJsonStream<{ Path: string; Version: string }>(
      assertGoOk(
        await runGo(["list", "-m", "-json", `${STD.pseudo}@latest`, `${STD.legacy}@latest`, `${STD.libV2}@latest`], { cwd: main, env }),
      ).stdout,
    );
    assert.deepEqual(latest.map((l) => l.Version), [STD_PSEUDO_VERSION, "v2.0.0+incompatible", "v2.1.0"]);
  });

  test("fault: an error status makes go fail and name the status", async () => {
    const root = tempDir("gopin-fault-");
    const env = goEnv(root, { GOPROXY: up.url });
    up.setFault("/example.org/lib/v2/@v/v2.1.0.info", { status: 404 });
    up.setFault(/\/example\.com\/multi\/@v\/v1\.0\.0\.mod$/, { status: 500, body: "upstream exploded\n", times: 1 });
    try {
      const a = await goModDownload([`${STD.libV2}@v2.1.0`], { env, cwd: root });
      assert.notEqual(a.result.code, 0);
      assert.match(a.records[0]?.Error ?? "", /404 Not Found/);
      const b = await goModDownload([`${STD.multi}@v1.0.0`], { env, cwd: root });
      assert.notEqual(b.result.code, 0);
      assert.match(b.records[0]?.Error ?? "", /500 Internal Server Error[\s\S]*upstream exploded/);
      // times: 1 — the next request succeeds.
      const c = await goModDownload([`${STD.multi}@v1.0.0`], { env, cwd: root });
      assertGoOk(c.result);
      assert.ok(up.requests.some((r) => r.fault && r.status === 500));
    } finally {
      up.clearFaults();
    }
  });

  test("fault: an altered zip makes go report a checksum mismatch against go.sum", async () => {
    const root = tempDir("gopin-tamper-");
    const main = join(root, "main");
    writeMainModule(main, [{ path: STD.widget, version: "v1.0.0" }]);
    assertGoOk(await runGo(["mod", "tidy"], { cwd: main, env: goEnv(join(root, "a"), { GOPROXY: up.url }) }));
    const evil = await buildModule({
      ...mods.find((m) => m.path === STD.widget)!,
      files: { "widget.go": "package widget\n\nfunc Hello() string { return \"pwned\" }\n" },
    });
    up.setFault("/example.com/!big!corp/!widget/@v/v1.0.0.zip", { alter: () => evil.zip });
    try {
      const r = await runGo(["mod", "download", STD.widget], { cwd: main, env: goEnv(join(root, "b"), { GOPROXY: up.url }) });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /checksum mismatch/);
      assert.ok(r.stderr.includes(h1Sums(evil).sum), r.stderr);
    } finally {
      up.clearFaults();
    }
  });

  test("fault: truncated and reset responses make go fail", async () => {
    const root = tempDir("gopin-cut-");
    up.setFault("/example.com/big/@v/v1.0.0.zip", { truncateAt: 1000 });
    up.setFault("/example.org/app/@v/v1.3.0.info", { reset: true });
    try {
      const [a, b] = await Promise.all([
        goModDownload([`${STD.big}@v1.0.0`], { env: goEnv(join(root, "a"), { GOPROXY: up.url }), cwd: root }),
        goModDownload([`${STD.app}@v1.3.0`], { env: goEnv(join(root, "b"), { GOPROXY: up.url }), cwd: root }),
      ]);
      assert.notEqual(a.result.code, 0);
      assert.match(a.records[0]?.Error ?? "", /unexpected EOF/);
      assert.notEqual(b.result.code, 0);
      assert.match(b.records[0]?.Error ?? "", /EOF|reset/);
    } finally {
      up.clearFaults();
    }
  });

  test("fault: delay, drip and truncation are visible to an HTTP client", async () => {
    const zipLen = built.find((b) => b.path === STD.big)!.zip.length;
    up.setFault("/example.com/multi/@v/list", { delayMs: 300 });
    up.setFault("/example.com/big/@v/v1.0.0.zip", { dripBytesPerSec: zipLen * 2 });
    up.setFault("/example.org/lib/v2/@v/v2.1.0.zip", { truncateAt: 10 });
    up.setFault("/example.org/lib/v2/@v/v2.1.0.mod", { reset: true });
    try {
      let t = Date.now();
      const r1 = await fetch(up.url + "/example.com/multi/@v/list");
      assert.ok(Date.now() - t >= 280, `delayed ${Date.now() - t} ms`);
      assert.equal((await r1.text()).split("\n")[0], "v1.0.0");
      t = Date.now();
      const r2 = await fetch(up.url + "/example.com/big/@v/v1.0.0.zip");
      const body = Buffer.from(await r2.arrayBuffer());
      assert.ok(Date.now() - t >= 400, `dripped over ${Date.now() - t} ms`);
      assert.ok(body.equals(built.find((b) => b.path === STD.big)!.zip));
      const r3 = await fetch(up.url + "/example.org/lib/v2/@v/v2.1.0.zip");
      assert.equal(r3.headers.get("content-length"), String(built.find((b) => b.path === STD.libV2)!.zip.length));
      await assert.rejects(r3.arrayBuffer());
      await assert.rejects(fetch(up.url + "/example.org/lib/v2/@v/v2.1.0.mod"));
      assert.equal(up.count("v2.1.0.mod"), up.requests.filter((r) => r.path.endsWith(".mod") && r.path.includes("lib/v2")).length);
    } finally {
      up.clearFaults();
    }
  });

  test("basic auth: required when configured; go sends no credentials over plain http", async () => {
    const authed = await startFixtureUpstream(built, { auth: { user: "ci", pass: "s3cr:et" } });
    try {
      let r = await fetch(authed.url + "/example.com/multi/@v/list");
      assert.equal(r.status, 401);
      assert.match(r.headers.get("www-authenticate") ?? "", /^Basic /);
      await r.text();
      r = await fetch(authed.url + "/example.com/multi/@v/list", {
        headers: { authorization: "Basic " + Buffer.from("ci:s3cr:et").toString("base64") },
      });
      assert.equal(r.status, 200);
      assert.equal(await r.text(), "v1.0.0\nv1.1.0\nv1.2.0-pre\nv1.2.0\n");
      assert.equal(authed.requests.at(-1)?.user, "ci");
      assert.ok(authed.authUrl.includes("ci:s3cr%3Aet@127.0.0.1:"));

      const root = tempDir("gopin-auth-");
      const plain = await goModDownload([`${STD.multi}@v1.0.0`], { env: goEnv(join(root, "a"), { GOPROXY: authed.url }), cwd: root });
      assert.match(plain.records[0]?.Error ?? "", /401 Unauthorized/);
      const withCreds = await goModDownload([`${STD.multi}@v1.0.0`], { env: goEnv(join(root, "b"), { GOPROXY: authed.authUrl }), cwd: root });
      assert.match(withCreds.records[0]?.Error ?? "", /refusing to pass credentials to insecure URL/);
    } finally {
      await authed.stop();
    }
  });

  test("private module from a local git repository through GOPROXY=direct", async () => {
    const root = tempDir("gopin-private-");
    const path = "private.example/team/secret.git";
    await makePrivateGitModule(join(root, "git"), { path, version: "v1.0.0" });
    const priv = await makePrivateGitModule(join(root, "git"), {
      path,
      version: "v1.1.0",
      files: { "secret.go": "package secret\n\n// Token is private.\nconst Token = \"v1.1.0\"\n" },
    });
    assert.equal(priv.env.GOPRIVATE, "private.example");
    const env = privateGoEnv(join(root, "go"), priv);
    const { result, records } = await goModDownload([`${path}@v1.0.0`, `${path}@v1.1.0`], { env, cwd: root });
    assertGoOk(result, "go mod download (private)");
    assert.deepEqual(records.map((r) => r.Version), ["v1.0.0", "v1.1.0"]);
    for (const r of records) {
      assert.match(r.Sum ?? "", /^h1:/);
      assert.equal(r.Origin?.URL, "https://private.example/team/secret");
    }
    assert.equal(records[1]!.Origin?.Hash, priv.commit);
    assert.ok(existsSync(join(records[1]!.Dir!, "secret.go")));
    const list = parseJsonStream<{ Versions: string[] }>(
      assertGoOk(await runGo(["list", "-m", "-json", "-versions", path], { cwd: root, env })).stdout,
    )[0]!;
    assert.deepEqual(list.Versions, ["v1.0.0", "v1.1.0"]);

    // GOPRIVATE routes around a configured proxy: the upstream never sees the private path.
    up.clearLog();
    const mixedEnv = privateGoEnv(join(root, "mixed"), priv, { GOPROXY: up.url });
    const mixed = await goModDownload([`${path}@v1.1.0`, `${STD.multi}@v1.2.0`], { env: mixedEnv, cwd: root });
    assertGoOk(mixed.result, "mixed download");
    assert.equal(up.count("private.example"), 0);
    assert.ok(up.count("/example.com/multi/@v/v1.2.0.zip") === 1);

    // Without the git config rewrite go cannot reach it (so the recipe is what makes it work).
    const broken = await goModDownload([`${path}@v1.0.0`], {
      env: privateGoEnv(join(root, "broken"), priv, { GIT_CONFIG_GLOBAL: join(root, "empty-gitconfig") }),
      cwd: root,
    });
    assert.notEqual(broken.result.code, 0);
  });

  test("generateGraph is deterministic, realistic, and go can build on it", async () => {
    const opts = { largeCount: 2, largeSize: 256 * 1024 };
    const g = generateGraph(40, 7, opts);
    const again = generateGraph(40, 7, opts);
    assert.deepEqual(
      g.map((m) => [key(m), m.time, m.goMod]),
      again.map((m) => [key(m), m.time, m.goMod]),
    );
    assert.notDeepEqual(generateGraph(40, 8, opts).map(key), g.map(key));
    const paths = new Set(g.map((m) => m.path));
    assert.equal(paths.size, 40);
    assert.ok(g.length > 40, "some modules have several versions");
    assert.ok(g.some((m) => /require/.test(m.goMod ?? "")), "some dependency edges");
    for (const m of g) if (isPseudoVersion(m.version)) assert.equal(m.time, pseudoVersionTime(m.version));
    const big = generateGraph(300, 1, { largeSize: 1000 });
    assert.equal(new Set(big.map((m) => m.path)).size, 300);
    assert.ok(big.some((m) => /[A-Z]/.test(m.path)) && big.some((m) => m.path.endsWith("/v2")));

    const root = tempDir("gopin-graph-");
    const builtG = await writeProxyTree(join(root, "tree"), g);
    const large = builtG.filter((b) => b.zip.length >= 256 * 1024);
    assert.equal(large.length, 2);
    const env = goEnv(join(root, "go"), { GOPROXY: fileProxyUrl(join(root, "tree")) });
    const main = join(root, "main");
    writeMainModule(main, newestOfEach(g));
    assertGoOk(await runGo(["mod", "tidy"], { cwd: main, env }), "tidy generated graph");
    assertGoOk(await runGo(["build", "-o", join(root, "prog"), "."], { cwd: main, env }), "build generated graph");
  });

  test("buildModule rejects a pseudo-version whose time differs from its timestamp", async () => {
    const bad: FixtureModule = { path: "example.com/x", version: "v0.0.0-20230101000000-abcdefabcdef", time: "2023-01-02T00:00:00Z" };
    await assert.rejects(buildModule(bad), /differs from the pseudo-version/);
    await assert.rejects(buildModule({ ...bad, time: "2023-01-01 00:00:00" }), /RFC 3339/);
    const ok = await buildModule({ ...bad, time: "2023-01-01T00:00:00Z" });
    assert.equal(JSON.parse(ok.info.toString()).Time, "2023-01-01T00:00:00Z");
  });

  test("goEnv drops the machine's Go settings; tempDir is removed at exit", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      GOPROXY: "https://leak.invalid",
      GOFLAGS: "-mod=vendor",
      GONOSUMDB: "leak.invalid",
      GOPRIVATE: "leak.invalid",
      GOINSECURE: "leak.invalid",
      GONOSUMCHECK: "1",
      GOTOOLCHAIN: "go1.99.0",
      GIT_CONFIG_GLOBAL: "/nonexistent",
    });
    let env: Record<string, string>;
    try {
      env = goEnv(tempDir("gopin-env-"));
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    const r = assertGoOk(await runGo(["env", "-json"], { env }));
    const goenv = JSON.parse(r.stdout) as Record<string, string>;
    assert.equal(goenv.GOPROXY, "off");
    assert.equal(goenv.GOFLAGS, "-modcacherw");
    assert.equal(goenv.GOSUMDB, "off");
    assert.equal(goenv.GOTOOLCHAIN, "local");
    assert.equal(env.GOENV, "off");
    for (const k of ["GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GONOPROXY"]) assert.equal(goenv[k], "", k);
    assert.ok(goenv.GOMODCACHE!.startsWith(env.HOME!.replace(/home$/, "")));
    assert.equal(env.GONOSUMCHECK, undefined);
    assert.notEqual(env.GIT_CONFIG_GLOBAL, "/nonexistent");

    const goJs = fileURLToPath(new URL("./helpers/go.js", import.meta.url));
    const child = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `import { tempDir } from ${JSON.stringify(goJs)}; console.log(tempDir("gopin-exit-"));`],
      { encoding: "utf8", env: { ...process.env, GOPIN_KEEP_TMP: "" } },
    );
    assert.equal(child.status, 0, child.stderr);
    const made = child.stdout.trim();
    assert.match(made, /gopin-exit-/);
    assert.equal(existsSync(made), false, "temp dir removed at exit");
  });
});
