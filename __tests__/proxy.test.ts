// gopin serve, driven by the real go command against hermetic fixture
// upstreams on 127.0.0.1.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildAll, generateGraph, standardModules, writeMainModule, STD, STD_PSEUDO_VERSION, fileProxyUrl, makePrivateGitModule, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runGo, assertGoOk, goModDownload, tempDir, type GoDownloadRecord } from "./helpers/go.js";
import { startGopin, get, CLI, type GopinProcess } from "./helpers/gopin.js";
import { runCommand } from "./helpers/go.js";
import { escapePath, escapeVersion } from "../src/gomod/escape.js";
import { isNotFoundText } from "../src/upstream/direct.js";

let modules: BuiltModule[];
const stopAfter: Array<{ stop(): Promise<unknown> }> = [];

before(async () => {
  modules = await buildAll(standardModules());
});
after(async () => {
  for (const s of stopAfter.reverse()) await s.stop().catch(() => undefined);
});

/** A fresh gopin over a fresh (or given) store, stopped after the file. */
async function gopin(upstream: string, opts: { store?: string; private?: string; env?: Record<string, string> } = {}): Promise<GopinProcess & { store: string }> {
  const root = tempDir("gopin-srv-");
  const store = opts.store ?? join(root, "store");
  const g = await startGopin({ store, upstream, private: opts.private, logFile: join(root, "gopin.log"), env: opts.env ?? goEnv(root) });
  stopAfter.push(g);
  return Object.assign(g, { store });
}

async function upstream(mods: BuiltModule[] = modules, auth?: { user: string; pass: string }): Promise<FixtureUpstream> {
  const u = await startFixtureUpstream(mods, auth ? { auth } : {});
  stopAfter.push(u);
  return u;
}

/** `go` environment pointing at a gopin. */
function clientEnv(url: string, extra: Record<string, string> = {}) {
  return goEnv(tempDir("gopin-client-"), { GOPROXY: url, GONOPROXY: "none", ...extra });
}

const REQUIRES = [
  { path: STD.app, version: "v1.3.0" },
  { path: STD.legacy, version: "v2.0.0+incompatible" },
  { path: STD.libV2, version: "v2.1.0" },
  { path: STD.pseudo, version: STD_PSEUDO_VERSION },
  { path: STD.big, version: "v1.0.0" },
];
const ALL_SPECS = () => modules.map((m) => `${m.path}@${m.version}`);

describe("serving the go command", () => {
  test("cold build fills the store; warm rebuild with the upstream stopped is served wholly from the store", async () => {
    const up = await upstream();
    const g1 = await gopin(up.url);
    const main = tempDir("gopin-main-");
    writeMainModule(main, REQUIRES);
    const env1 = clientEnv(g1.url);
    assertGoOk(await runGo(["mod", "tidy"], { cwd: main, env: env1 }), "go mod tidy (cold)");
    assertGoOk(await runGo(["build", "./..."], { cwd: main, env: env1 }), "go build (cold)");
    const cold = await g1.stats();
    assert.ok(cold.misses > 0, "the cold build fetched from upstream");
    assert.ok(cold.bytesFromUpstream > 0);
    assert.ok(up.count(".zip") >= REQUIRES.length, "zips came from the upstream");
    assert.equal(await g1.stop(), 0, "gopin exits 0 on SIGTERM");
    await up.stop();

    const g2 = await gopin(up.url, { store: g1.store });
    const env2 = clientEnv(g2.url);
    assertGoOk(await runGo(["build", "./..."], { cwd: main, env: env2 }), "go build (warm, upstream stopped)");
    const warm = await g2.stats();
    assert.equal(warm.misses, 0, "no misses on the warm build");
    assert.equal(warm.upstreamFetches, 0, "no upstream fetches on the warm build");
    assert.ok(warm.hits > 0);
    assert.equal(warm.hits, warm.requests, "every request was a store hit");
    const logged = g2.log().filter((l) => l.msg === "request" && !String(l.path).startsWith("/_gopin/"));
    const notHit = logged.filter((l) => l.cache !== "hit");
    assert.ok(logged.length > 0);
    assert.deepEqual(notHit, [], "all logged requests are hits");

    // The store is a GOPROXY file tree: file:// serves the same bytes.
    const viaFile = await goModDownload(
      REQUIRES.map((r) => `${r.path}@${r.version}`),
      { env: goEnv(tempDir("gopin-file-"), { GOPROXY: fileProxyUrl(g1.store) }) },
    );
    assertGoOk(viaFile.result, "go mod download via file://STORE");
    const viaGopin = await goModDownload(
      REQUIRES.map((r) => `${r.path}@${r.version}`),
      { env: clientEnv(g2.url) },
    );
    assertGoOk(viaGopin.result, "go mod download via gopin");
    const sums = (rs: GoDownloadRecord[]) => rs.map((r) => `${r.Path}@${r.Version} ${r.Sum} ${r.GoModSum}`).sort();
    assert.deepEqual(sums(viaFile.records), sums(viaGopin.records));
  });

  test("after a comma, fall through only on 404/410; after a pipe, on any error", async () => {
    const a = await upstream();
    const b = await upstream();
    const spec = `${STD.widget}@v1.0.0`;
    const widgetEsc = "!big!corp/!widget";

    a.setFault(widgetEsc, { status: 500, body: "upstream A is broken" });
    const comma = await gopin(`${a.url},${b.url}`);
    const r1 = await goModDownload([spec], { env: clientEnv(comma.url) });
    assert.notEqual(r1.result.code, 0, "comma does not fall through on 500");
    assert.match(r1.result.stderr + JSON.stringify(r1.records), /500/);
    assert.equal(b.count(widgetEsc), 0, "B was never asked after a 500 from A with a comma");

    const pipe = await gopin(`${a.url}|${b.url}`);
    assertGoOk((await goModDownload([spec], { env: clientEnv(pipe.url) })).result, "pipe falls through on 500");
    assert.ok(b.count(widgetEsc) > 0);

    a.clearFaults();
    b.clearLog();
    a.setFault(widgetEsc, { status: 404 });
    const comma404 = await gopin(`${a.url},${b.url}`);
    assertGoOk((await goModDownload([spec], { env: clientEnv(comma404.url) })).result, "comma falls through on 404");
    assert.ok(b.count(widgetEsc) > 0);

    a.setFault(widgetEsc, { status: 410 });
    b.clearLog();
    const comma410 = await gopin(`${a.url},${b.url}`);
    assertGoOk((await goModDownload([spec], { env: clientEnv(comma410.url) })).result, "comma falls through on 410");
    assert.ok(b.count(widgetEsc) > 0);

    // A connection refused is an error, not "not found".
    await a.stop();
    b.clearLog();
    const deadComma = await gopin(`${a.url},${b.url}`);
    const r2 = await goModDownload([spec], { env: clientEnv(deadComma.url) });
    assert.notEqual(r2.result.code, 0, "comma does not fall through on a refused connection");
    assert.match(r2.result.stderr + JSON.stringify(r2.records), /refused/);
    assert.equal(b.count(widgetEsc), 0);
    const deadPipe = await gopin(`${a.url}|${b.url}`);
    assertGoOk((await goModDownload([spec], { env: clientEnv(deadPipe.url) })).result, "pipe falls through on a refused connection");

    // "off" refuses; "direct" ends the list like in Go (later entries ignored).
    const off = await gopin(`off,${b.url}`);
    const r3 = await goModDownload([spec], { env: clientEnv(off.url) });
    assert.notEqual(r3.result.code, 0);
    assert.match(r3.result.stderr + JSON.stringify(r3.records), /disabled by GOPROXY=off/);
  });

  test("eight concurrent cold clients cause one upstream fetch per file", async () => {
    const up = await upstream();
    up.setFault(/\.(zip|mod|info)$/, { delayMs: 300 });
    const g = await gopin(up.url);
    const specs = ALL_SPECS();
    const runs = await Promise.all(Array.from({ length: 8 }, () => goModDownload(specs, { env: clientEnv(g.url) })));
    runs.forEach((r, i) => assertGoOk(r.result, `client ${i}`));
    const perPath = new Map<string, number>();
    for (const r of up.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    const files = [...perPath].filter(([p]) => /\.(zip|mod|info)$/.test(p));
    assert.ok(files.length >= specs.length * 2, `upstream saw the module files (${files.length})`);
    const dup = files.filter(([, n]) => n > 1);
    assert.deepEqual(dup, [], "no file was fetched from the upstream more than once");
    // All eight clients got identical sums.
    const sums = runs.map((r) => r.records.map((x) => `${x.Path}@${x.Version} ${x.Sum}`).sort().join("\n"));
    assert.ok(sums.every((s) => s === sums[0]));
  });

  test("read-ahead: a canonical .info starts its .mod and .zip fetches, at most 16 of each wait unclaimed, and each claim starts one that waited", async () => {
    const built = await buildAll(generateGraph(40, 11, { largeCount: 0 }));
    const up = await upstream(built);
    up.setFault(/\.(zip|mod|info)$/, { delayMs: 500 });
    const g = await gopin(up.url);
    const base = (m: BuiltModule) => `${g.url}/${escapePath(m.path)}/@v/${escapeVersion(m.version)}`;
    // go mod download's order: .info, then .mod, then .zip, each after the last.
    const first = built[0]!;
    assert.equal((await get(base(first) + ".info")).status, 200);
    const t0 = performance.now();
    const [mod, zip] = [await get(base(first) + ".mod"), await get(base(first) + ".zip")];
    const waited = performance.now() - t0;
    assert.equal(mod.status, 200);
    assert.deepEqual(zip.body, first.zip);
    assert.equal(mod.headers["x-gopin-cache"], "miss", "a read-ahead file is answered as the upstream fetch it was");
    // Asked one after the other without read-ahead, they would take 1000 ms.
    assert.ok(waited < 1000, `.mod and .zip came from the read-ahead started with .info (${waited.toFixed(0)} ms, upstream 500 ms each)`);
    let st = await g.stats();
    assert.deepEqual(st.readAhead, { started: 2, claimed: 2, expired: 0 });
    // .info alone for many versions (go list -m -json all): bounded waste.
    const infos = await Promise.all(built.slice(1).map((m) => get(base(m) + ".info")));
    assert.ok(infos.every((r) => r.status === 200));
    await g.idle();
    st = await g.stats();
    assert.equal(st.readAhead.started, 2 + 16 + 16, "at most 16 .mod and 16 .zip read-ahead fetches wait unclaimed");
    assert.equal(up.count(/\.zip$/), 1 + 16, "zips fetched: the claimed one and 16 read ahead");
    // Then go downloads what it asked .info for, in order: each claim starts
    // the next read-ahead that had to wait, so gopin stays ahead of go.
    up.clearFaults();
    for (const m of built.slice(1)) {
      assert.equal((await get(base(m) + ".mod")).status, 200);
      assert.deepEqual((await get(base(m) + ".zip")).body, m.zip);
    }
    await g.idle();
    st = await g.stats();
    assert.ok(st.readAhead.claimed > 2 + 32, `read-aheads that waited started as claims made room: ${JSON.stringify(st.readAhead)}`);
    assert.equal(st.readAhead.expired, 0);
    const perPath = new Map<string, number>();
    for (const r of up.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    assert.deepEqual([...perPath].filter(([, n]) => n > 1), [], "no file fetched twice");
  });

  test("read-ahead: go mod download's .info and .mod of every module come first; zips waiting unclaimed do not keep later .mod files from being read ahead", async () => {
    const built = await buildAll(generateGraph(22, 17, { largeCount: 0 }));
    const up = await upstream(built);
    up.setFault(/\.(zip|mod|info)$/, { delayMs: 200 });
    const g = await gopin(up.url);
    const base = (m: BuiltModule) => `${g.url}/${escapePath(m.path)}/@v/${escapeVersion(m.version)}`;
    const modWaits: number[] = [];
    for (const m of built) {
      assert.equal((await get(base(m) + ".info")).status, 200);
      const t0 = performance.now();
      assert.equal((await get(base(m) + ".mod")).status, 200);
      modWaits.push(performance.now() - t0);
    }
    // The zips of the first 16 fill their window; the .mod files after them are still read ahead.
    const late = modWaits.slice(18);
    assert.ok(late.every((ms) => ms < 150), `each .mod came from the read-ahead started with its .info (waits ${late.map((ms) => ms.toFixed(0)).join(", ")} ms; upstream 200 ms)`);
    assert.equal(up.count(/\.mod$/), built.length, "each .mod fetched once");
  });

  test("stats show read-ahead work still under way until its file has landed", async () => {
    const up = await upstream();
    up.setFault(/\.zip$/, { delayMs: 800 });
    const root = tempDir("gopin-srv-");
    const store = join(root, "store");
    const g = await startGopin({ store, upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
    stopAfter.push(g);
    const m = modules[0]!;
    const rel = `${escapePath(m.path)}/@v/${escapeVersion(m.version)}.zip`;
    assert.equal((await get(`${g.url}/${escapePath(m.path)}/@v/${escapeVersion(m.version)}.info`)).status, 200);
    assert.ok((await g.stats()).inFlight.fetches >= 1, "the .zip read-ahead is still fetching");
    assert.ok(!existsSync(join(store, rel)));
    await g.idle();
    assert.deepEqual((await g.stats()).inFlight, { fetches: 0, storeWrites: 0 });
    assert.deepEqual(readFileSync(join(store, rel)), m.zip, "idle means the read-ahead zip is in the store");
  });

  test("read-ahead off (--read-ahead off): only what go asks for is fetched", async () => {
    const up = await upstream();
    const root = tempDir("gopin-srv-");
    const g = await startGopin({ store: join(root, "store"), upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root), extraArgs: ["--read-ahead", "off"] });
    stopAfter.push(g);
    const m = modules[0]!;
    assert.equal((await get(`${g.url}/${escapePath(m.path)}/@v/${escapeVersion(m.version)}.info`)).status, 200);
    await g.idle();
    assert.equal((await g.stats()).readAhead.started, 0);
    assert.equal(up.count(/\.(zip|mod)$/), 0);
  });

  test("private modules are fetched direct and never requested from an HTTP upstream", async () => {
    const up = await upstream();
    const root = tempDir("gopin-private-");
    const priv = await makePrivateGitModule(join(root, "git"), { path: "private.example/team/secret.git", version: "v1.0.0" });
    // gopin runs with the job's git credentials (here: the insteadOf config).
    const g = await gopin(up.url, { private: "private.example", env: goEnv(root, priv.env) });
    const main = tempDir("gopin-main-");
    writeMainModule(main, [
      { path: "private.example/team/secret.git", version: "v1.0.0" },
      { path: STD.widget, version: "v1.0.0" },
    ]);
    const env = clientEnv(g.url, { GOPRIVATE: "private.example", GONOSUMDB: "private.example" });
    assertGoOk(await runGo(["mod", "tidy"], { cwd: main, env }), "go mod tidy with a private module");
    assertGoOk(await runGo(["build", "./..."], { cwd: main, env }), "go build with a private module");
    assert.equal(up.requests.filter((r) => r.path.includes("private.example")).length, 0, "the private path never reached the HTTP upstream");
    assert.ok(up.count("!widget") > 0, "public modules still came from the upstream");
    const privLines = g.log().filter((l) => l.msg === "request" && String(l.path).includes("private.example") && l.cache === "miss");
    assert.ok(privLines.length > 0 && privLines.every((l) => l.upstream === "direct"), "private fetches went direct");
    const versions = await get(`${g.url}/private.example/team/secret.git/@v/list`);
    assert.equal(versions.status, 200);
    assert.equal(versions.text, "v1.0.0\n");
    assert.equal(up.requests.filter((r) => r.path.includes("private.example")).length, 0);
  });
});

describe("protocol and admission", () => {
  let up: FixtureUpstream;
  let g: GopinProcess & { store: string };
  before(async () => {
    up = await upstream();
    g = await gopin(up.url);
  });

  test("hostile or malformed paths get a 4xx text/plain answer and touch nothing outside the store", async () => {
    const parent = join(g.store, "..");
    const before = readdirSync(parent).sort();
    const hostile = [
      "/..%2F..%2Fetc%2Fpasswd/@v/list",
      "/example.com/%2e%2e/%2e%2e/@v/list",
      "/example.com/..%2fsecret/@v/list",
      "/example.com/a/../../b/@v/list",
      "/Example.com/x/@v/list",
      "/example.com/x/@v/v1.0.0%2F..%2F..%2Fevil.zip",
      "/example.com/x/@v/v1.0.zip",
      "/example.com/x/@v/v2.0.0.zip",
      "/example.com/x/v2/@v/v1.0.0.mod",
      "/example.com/x/@v/%ZZ.info",
      "/example.com/x/@v/v1.0.0!.info",
      "/example.com/x/@v/v1.0.0.exe",
      "/example.com/x%00/@v/list",
      "/example.com/x%5c..%5c/@v/list",
      "/example.com/!!x/@v/list",
      "/example.com/x/@v/",
      "/-example.com/x/@v/list",
    ];
    for (const p of hostile) {
      const r = await get(g.url + p);
      assert.ok(r.status >= 400 && r.status < 500, `${p} -> ${r.status} ${r.text}`);
      assert.match(String(r.headers["content-type"]), /^text\/plain/, p);
      assert.ok(r.text.length > 10 && !r.text.trimEnd().includes("\n"), `one-paragraph reason for ${p}: ${r.text}`);
    }
    const post = await fetch(`${g.url}/example.com/x/@v/list`, { method: "POST" });
    assert.equal(post.status, 405);
    assert.equal((await get(g.url + "/healthz")).status, 200, "the server is still up");
    assert.deepEqual(readdirSync(parent).sort(), before, "nothing appeared beside the store");
    assert.equal(up.count("evil"), 0);
    assert.equal(up.count("passwd"), 0);
    // And a real module still works afterwards.
    assertGoOk((await goModDownload([`${STD.widget}@v1.0.0`], { env: clientEnv(g.url) })).result);
  });

  test("uppercase, /v2, +incompatible and pseudo-versions round-trip with go's escaping", async () => {
    const r = await goModDownload(ALL_SPECS(), { env: clientEnv(g.url) });
    assertGoOk(r.result);
    assert.equal(r.records.length, modules.length);
    assert.ok(existsSync(join(g.store, "example.com/!big!corp/!widget/@v/v1.0.0.zip")), "uppercase stored case-encoded");
    assert.ok(existsSync(join(g.store, "example.net/legacy/@v/v2.0.0+incompatible.mod")));
    assert.ok(existsSync(join(g.store, `example.com/pseudo/@v/${STD_PSEUDO_VERSION}.info`)));
    const mod = await get(`${g.url}/example.net/legacy/@v/v2.0.0+incompatible.mod`);
    assert.equal(mod.text, "module example.net/legacy\n");
  });

  test("answers that break Go's rules are refused and never stored", async () => {
    const bad = await upstream();
    const g2 = await gopin(bad.url);
    bad.setFault("multi/@v/v1.0.0.mod", { alter: () => Buffer.from("go 1.21\n") });
    bad.setFault("multi/@v/v1.0.0.zip", { alter: () => Buffer.from("this is not a zip") });
    bad.setFault("multi/@v/v1.0.0.info", { alter: () => Buffer.from('{"Version":"v9.9.9","Time":"2023-01-10T09:00:00Z"}') });
    for (const [ext, re] of [
      ["mod", /has no module directive/],
      ["zip", /not a valid module zip/],
      ["info", /expected Version v1.0.0.*v9.9.9/],
    ] as const) {
      const r = await get(`${g2.url}/example.com/multi/@v/v1.0.0.${ext}`);
      assert.equal(r.status, 502, `${ext}: ${r.text}`);
      assert.match(r.text, re);
      assert.ok(!existsSync(join(g2.store, `example.com/multi/@v/v1.0.0.${ext}`)), `${ext} not stored`);
    }
    // go prints the reason as "server response:".
    const r = await goModDownload([`${STD.multi}@v1.0.0`], { env: clientEnv(g2.url) });
    assert.notEqual(r.result.code, 0);
    assert.match(r.result.stderr + JSON.stringify(r.records), /server response/);
    // A zip whose files are outside module@version/ is refused.
    bad.setFault("!widget/@v/v1.0.0.zip", { alter: () => modules.find((m) => m.path === STD.libV2)!.zip });
    const z = await get(`${g2.url}/example.com/!big!corp/!widget/@v/v1.0.0.zip`);
    assert.equal(z.status, 502, z.text);
    assert.match(z.text, /example.org\/lib\/v2@v2.1.0/);
  });

  test("GET then HEAD: miss then hit, with the cache header and exact bytes", async () => {
    const m = modules.find((x) => x.path === STD.libV2)!;
    const url = `${g.url}/example.org/lib/v2/@v/v2.1.0.zip`;
    const first = await get(url);
    const second = await get(url);
    const head = await get(url, "HEAD");
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, m.zip);
    assert.deepEqual(second.body, m.zip);
    assert.equal(second.headers["x-gopin-cache"], "hit");
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers["content-length"], String(m.zip.length));
    assert.equal(head.headers["content-type"], "application/zip");
  });

  test("list and @latest go upstream each time and fall back to the stored answer when it fails", async () => {
    const own = await upstream();
    const g3 = await gopin(own.url);
    const l1 = await get(`${g3.url}/example.com/multi/@v/list`);
    assert.equal(l1.text, "v1.0.0\nv1.1.0\nv1.2.0-pre\nv1.2.0\n");
    assert.equal(l1.headers["x-gopin-cache"], "miss");
    const l2 = await get(`${g3.url}/example.com/multi/@v/list`);
    assert.equal(l2.headers["x-gopin-cache"], "miss", "lists are not served from the store while upstream answers");
    assert.equal(own.count("multi/@v/list"), 2);
    const latest = await get(`${g3.url}/example.com/multi/@latest`);
    assert.equal(JSON.parse(latest.text).Version, "v1.2.0");
    await own.stop();
    const l3 = await get(`${g3.url}/example.com/multi/@v/list`);
    assert.equal(l3.status, 200);
    assert.equal(l3.headers["x-gopin-cache"], "stale");
    assert.equal(l3.text, l1.text);
    const latest2 = await get(`${g3.url}/example.com/multi/@latest`);
    assert.equal(latest2.headers["x-gopin-cache"], "stale");
    const none = await get(`${g3.url}/example.com/never-seen/@v/list`);
    assert.equal(none.status, 502);
    assert.match(none.text, /refused/);
  });

  test("an upstream 404 becomes a 404 with the reason, so go reports the module as not found", async () => {
    const r = await get(`${g.url}/example.com/nothing-here/@v/v1.0.0.info`);
    assert.equal(r.status, 404);
    assert.match(r.text, /example.com\/nothing-here@v1.0.0.info/);
  });
});

describe("process and credentials", () => {
  test("serve prints its URL first, exposes stats, and exits 0 on SIGINT and SIGTERM", async () => {
    const up = await upstream();
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      const g = await gopin(up.url);
      assert.match(g.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const s = await g.stats();
      for (const k of ["requests", "hits", "misses", "bytesFromStore", "bytesFromUpstream", "upstreamLatencyMs"]) assert.ok(k in s, k);
      assert.equal(await g.stop(sig), 0, sig);
    }
  });

  test("refuses to listen on a non-loopback address", async () => {
    const r = await runCommand(process.execPath, [CLI, "serve", "--listen", "0.0.0.0:0", "--store", tempDir(), "--upstream", "off"], { env: goEnv(tempDir()) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /loopback/);
  });

  test("credentials from URL userinfo and .netrc reach the upstream and never the logs", async () => {
    const secret = "s3cr3t-Pa55";
    const up = await upstream(modules, { user: "ci", pass: secret });
    const spec = `${STD.widget}@v1.0.0`;
    const noAuth = await gopin(up.url);
    const r0 = await goModDownload([spec], { env: clientEnv(noAuth.url) });
    assert.notEqual(r0.result.code, 0, "401 without credentials");

    const withUserinfo = await gopin(up.authUrl);
    assertGoOk((await goModDownload([spec], { env: clientEnv(withUserinfo.url) })).result, "userinfo credentials");
    const root = tempDir("gopin-netrc-");
    const netrc = join(root, "netrc");
    writeFileSync(netrc, `machine 127.0.0.1 login ci password ${secret}\n`);
    const withNetrc = await gopin(up.url, { env: goEnv(root, { NETRC: netrc }) });
    assertGoOk((await goModDownload([spec], { env: clientEnv(withNetrc.url) })).result, ".netrc credentials");
    assert.ok(up.requests.some((r) => r.user === "ci"));
    for (const g of [noAuth, withUserinfo, withNetrc]) {
      await g.stop();
      assert.ok(!readFileSync(g.logFile, "utf8").includes(secret), "no secret in the log");
      assert.ok(!g.stderr().includes(secret), "no secret on stderr");
    }
  });
});

describe("direct: which go errors are not found", () => {
  // Texts as the go command prints them (Go 1.26, GOPROXY=direct).
  test("errors go treats as fs.ErrNotExist are not found; other failures are not", () => {
    for (const text of [
      'example.invalid/x@v1.0.0: unrecognized import path "example.invalid/x": https fetch: Get "https://example.invalid/x?go-get=1": dial tcp: lookup example.invalid on 10.0.0.1:53: no such host',
      'github.com@latest: invalid github.com import path "github.com"',
      "github.com/a/b@v1.0.0: GOVCS disallows using git for public github.com/a/b; see 'go help vcs'",
      "example.com/m@v9.9.9: invalid version: unknown revision v9.9.9",
      "example.com/m@v1.0.0: invalid version: missing example.com/m/go.mod at revision v1.0.0",
      "example.com/m/v2@v2.0.0: invalid version: go.mod has non-.../v2 module path \"example.com/m\" at revision v2.0.0",
      "git ls-remote -q origin in /tmp/x: exit status 128:\n\tremote: Repository not found.\n\tfatal: repository 'https://github.com/a/b/' not found",
      'example.com/m@latest: no matching versions for query "latest"',
      "example.com/m@v1.0.0: reading https://mod.example/example.com/m/@v/v1.0.0.info: 404 Not Found",
      "example.com/m@v1.0.0: reading https://mod.example/example.com/m/@v/v1.0.0.info: 410 Gone",
    ]) {
      assert.ok(isNotFoundText(text), text);
    }
    for (const text of [
      "github.com/a/b@v1.0.0: invalid version: git ls-remote -q --end-of-options https://github.com/a/b in /tmp/x: exit status 128:\n\tfatal: unable to access 'https://github.com/a/b/': Could not resolve host: github.com",
      "example.com/m@v2.0.0+incompatible: invalid version: +incompatible suffix not allowed: major version v2 is compatible",
      'example.com/m@v1.0.0: git: exec: "git": executable file not found in $PATH',
      "example.com/m@v1.0.0: reading https://mod.example/example.com/m/@v/v1.0.0.info: 500 Internal Server Error",
    ]) {
      assert.ok(!isNotFoundText(text), text);
    }
  });
});
