// Mirror pools (--mirrors) and cross-mirror consistency (check-mirrors),
// against real fixture mirrors on 127.0.0.1 with latency and fault knobs:
// one fast, one slow, one that flaps, one serving another .info time, one
// serving altered bytes.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildAll, buildModule, h1Sums, infoJson, makePrivateGitModule, rng, standardModules, writeMainModule, STD, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { assertGoOk, goEnv, runCommand, runGo, tempDir } from "./helpers/go.js";
import { CLI, startGopin } from "./helpers/gopin.js";
import { startOracle, type Oracle } from "./helpers/oracle.js";
import { startSumdbServer, type SumdbServer } from "./helpers/sumdb-server.js";
import { MirrorPool } from "../src/upstream/pool.js";
import { DEFAULT_TUNING, type PoolTuning } from "../src/upstream/mirror-health.js";
import { UpstreamChain, expandMirrors, parseProxyList } from "../src/upstream/chain.js";
import { resolveServeConfig } from "../src/config/serve-config.js";
import { resolveActionConfig, serveArgs, InputError, type RawInputs } from "../src/action/config.js";
import type { FetchTarget } from "../src/upstream/types.js";

let modules: BuiltModule[];
const toStop: FixtureUpstream[] = [];
before(async () => {
  modules = await buildAll(standardModules());
});
after(async () => {
  for (const u of toStop) await u.stop();
});

async function mirror(mods: BuiltModule[] = modules): Promise<FixtureUpstream> {
  const u = await startFixtureUpstream(mods);
  toStop.push(u);
  return u;
}

const INFO: FetchTarget = { module: STD.app, kind: "info", version: "v1.3.0" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pool(urls: string[], tuning: Partial<PoolTuning> = {}, random: () => number = rng(7)): MirrorPool {
  return new MirrorPool(urls, { tuning: { ...DEFAULT_TUNING, ...tuning }, random });
}

async function timedFetches(p: MirrorPool, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await p.fetch(INFO, undefined, 1 << 20);
    assert.ok(r.body?.includes(Buffer.from("v1.3.0")));
    ms.push(performance.now() - t0);
  }
  return ms;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

describe("mirror pool", () => {
  test("choice: requests go to the fast mirror; a small probe share still reaches the slow one", async () => {
    const fast = await mirror();
    const slow = await mirror();
    slow.setFault("/", { delayMs: 60 });
    const p = pool([slow.url, fast.url], { probePercent: 10 });
    await timedFetches(p, 100);
    const s = slow.count(".info");
    const r = p.report();
    const f = r.mirrors[1]!.wins;
    assert.ok(f >= 85, `fast mirror answered ${f} of 100 first`);
    assert.ok(s >= 2 && s <= 25, `slow mirror asked ${s} times (its first measurement and probes)`);
    assert.ok(r.mirrors[1]!.ttfbMs! < r.mirrors[0]!.ttfbMs!, JSON.stringify(r.mirrors));
  });

  test("a probe races the chosen mirror: probing a slow mirror costs the request nothing", async () => {
    const fast = await mirror();
    const slow = await mirror();
    slow.setFault("/", { delayMs: 400 });
    const p = pool([fast.url, slow.url], { probePercent: 100 });
    const ms = await timedFetches(p, 10);
    assert.ok(Math.max(...ms) < 300, `every request answered by the fast mirror in its own time, though each probed the slow one: ${ms.map((x) => x.toFixed(0)).join(" ")} ms`);
    assert.ok(slow.count(".info") >= 9, `the slow mirror was probed (${slow.count(".info")} requests)`);
    assert.equal(p.report().mirrors[0]!.wins, 10);
  });

  test("hedging: once the chosen mirror turns slow, p99 stays near the fast mirror's and hedges stay bounded", async () => {
    const a = await mirror();
    const b = await mirror();
    b.setFault("/", { delayMs: 20 });
    const p = pool([a.url, b.url], { probePercent: 0 });
    await timedFetches(p, 20); // warm-up: a is the best
    assert.ok(a.count(".info") >= 15, `a served ${a.count(".info")} of the warm-up`);
    a.setFault("/", { delayMs: 1000 });
    // 200 requests: p99 is then the 2nd slowest, so one scheduling hiccup on a loaded machine is not the verdict.
    const ms = await timedFetches(p, 200);
    const p99 = percentile(ms, 0.99);
    // Without hedging the first requests after the change take 1000 ms each;
    // with it, the warm-up p95 plus the other mirror's time (loose: on a
    // loaded 2-core machine that p95 alone can reach 200 ms).
    assert.ok(p99 < 500, `p99 ${p99.toFixed(1)} ms (the other mirror ~20 ms, the slow one 1000 ms): ${ms.map((x) => x.toFixed(0)).join(" ")}; ${JSON.stringify(p.report().mirrors)}`);
    const hedges = p.report().mirrors.reduce((n, m) => n + m.hedges, 0);
    assert.ok(hedges >= 1 && hedges <= DEFAULT_TUNING.hedgeBurst + 22, `${hedges} hedges for 220 requests`);
  });

  test("hedging a zip into a file: the first answer's bytes end up at dest, the loser is cancelled and leaves no file", async () => {
    const a = await mirror();
    const b = await mirror();
    b.setFault(".info", { delayMs: 30 });
    const p = pool([a.url, b.url], { probePercent: 0 });
    await timedFetches(p, 8); // both measured; a is the best
    a.setFault(".zip", { delayMs: 2000 });
    const dir = tempDir("gopin-mirrors-hedge-");
    const dest = join(dir, "z.tmp");
    const t0 = performance.now();
    const r = await p.fetch({ module: STD.big, kind: "zip", version: "v1.0.0" }, dest, 500 << 20);
    assert.ok(performance.now() - t0 < 1500, "the hedge answered before the stalled mirror");
    assert.equal(r.upstream, b.url);
    const big = modules.find((m) => m.path === STD.big)!;
    assert.ok(r.body ? r.body.equals(big.zip) : readFileSync(dest).equals(big.zip));
    assert.deepEqual(readdirSync(dir).filter((f) => f !== "z.tmp"), [], "no file left by the cancelled request");
    assert.deepEqual([a.count(".zip"), b.count(".zip")], [1, 1], "the zip was asked of a, then hedged to b");
  });

  test("ejection and recovery: a flapping mirror is ejected after repeated failures, with back-off, and comes back", async () => {
    const flappy = await mirror();
    const steady = await mirror();
    steady.setFault("/", { delayMs: 100 });
    const p = pool([flappy.url, steady.url], { probePercent: 0, ejectMs: 500, failuresToEject: 3 });
    await timedFetches(p, 10);
    flappy.setFault("/", { status: 503, times: 3 });
    await timedFetches(p, 3); // each fails over to the steady mirror
    const [ej] = p.report().ejections;
    assert.equal(ej?.mirror, flappy.url);
    assert.match(ej!.reason, /3 failures in a row.*503/);
    assert.equal(ej!.forMs, 500);
    const before = flappy.count(".info");
    await timedFetches(p, 2);
    assert.equal(flappy.count(".info"), before, "an ejected mirror gets no requests");
    // After the back-off it is tried again, on probation: one failure ejects it for twice as long.
    await sleep(520);
    flappy.setFault("/", { status: 503, times: 1 });
    await timedFetches(p, 1);
    const again = p.report().ejections[1];
    assert.equal(again?.mirror, flappy.url);
    assert.match(again!.reason, /failed again after its back-off/);
    assert.equal(again!.forMs, 1000);
    await sleep(1020);
    const n = flappy.count(".info");
    await timedFetches(p, 5);
    assert.ok(flappy.count(".info") > n, "the recovered mirror serves again");
    assert.equal(p.report().mirrors[0]!.ejectedUntil, undefined);
  });

  test("a mirror whose bytes the content check refused is ejected at once, and the report says why", async () => {
    const a = await mirror();
    const b = await mirror();
    const p = pool([a.url, b.url], { probePercent: 0 });
    p.reject(a.url, { module: STD.app, kind: "zip", version: "v1.3.0" }, "the zip hash differs from the lockfile");
    const [ej] = p.report().ejections;
    assert.equal(ej?.mirror, a.url);
    assert.match(ej!.reason, /example\.org\/app@v1\.3\.0\.zip that gopin refused: the zip hash differs/);
    assert.equal(ej!.forMs, DEFAULT_TUNING.badBytesEjectMs);
    await timedFetches(p, 5);
    assert.equal(a.count(".info"), 0);
  });
});

describe("mirror pool configuration", () => {
  const GE = { GOPROXY: "https://proxy.example,direct", GOSUMDB: "off" };

  test("--mirrors beats GOPIN_MIRRORS; the pool takes the place of the chain's first HTTP entry, Go's separators kept", async () => {
    const c = await resolveServeConfig({ mirrors: "a.example http://b.example:8080" }, { GOPIN_MIRRORS: "c.example" }, GE);
    assert.deepEqual(c.mirrors, ["https://a.example", "http://b.example:8080"]);
    assert.equal(c.sources.mirrors, "flag");
    const e = await resolveServeConfig({}, { GOPIN_MIRRORS: "c.example" }, GE);
    assert.deepEqual(e.mirrors, ["https://c.example"]);
    const direct = { goBinary: "go", modCache: tempDir(), env: {}, noSumDb: "" };
    const chain = (up: string) => new UpstreamChain(parseProxyList(up), { direct, mirrors: c.mirrors }).describe();
    assert.equal(chain("file:///srv/proxy|https://proxy.example,direct"), "file:///srv/proxy|mirrors(https://a.example http://b.example:8080),direct");
    assert.equal(chain("off"), "mirrors(https://a.example http://b.example:8080)");
    // The checksum database is looked for at the mirrors, in the pool's place.
    const route = (up: string) => expandMirrors(parseProxyList(up), c.mirrors).map((x) => x.url + (x.fallBackOnError ? "|" : ",")).join("");
    assert.equal(route("file:///srv/proxy|https://proxy.example,direct"), "file:///srv/proxy|https://a.example|http://b.example:8080,direct,");
    assert.equal(route("off"), "https://a.example|http://b.example:8080,");
  });

  test("Action: input mirrors becomes the daemon's --mirrors; check-mirrors needs mirrors (input, else GOPIN_MIRRORS)", () => {
    const none: RawInputs = { lockfile: "", mode: "", upstream: "", private: "", asOf: "", minReleaseAge: "", allow: "", cache: "", buildCache: "", saveCache: "", summary: "", uploadArtifact: "", artifactName: "", sharedStore: "", sharedStoreMode: "", sharedStorePrivate: "" };
    const env = { GITHUB_WORKSPACE: "/ws", RUNNER_TEMP: "/tmp/rt" };
    const inputs = { ...none, mirrors: "a.example  b.example" };
    const cfg = resolveActionConfig(inputs, env);
    const args = serveArgs(cfg, inputs, { report: "/r", ready: "/y" });
    assert.equal(args[args.indexOf("--mirrors") + 1], "a.example  b.example");
    assert.deepEqual(cfg.checkMirrors, []);
    assert.deepEqual(resolveActionConfig({ ...inputs, checkMirrors: "true" }, env).checkMirrors, ["https://a.example", "https://b.example"]);
    assert.deepEqual(resolveActionConfig({ ...none, checkMirrors: "true" }, { ...env, GOPIN_MIRRORS: "c.example" }).checkMirrors, ["https://c.example"]);
    assert.throws(() => resolveActionConfig({ ...none, checkMirrors: "true" }, env), (e: Error) => e instanceof InputError && /"check-mirrors" needs the mirrors to compare/.test(e.message));
  });

  test("an explicit upstream without an HTTP entry contradicts --mirrors: a clear error naming both", async () => {
    await assert.rejects(resolveServeConfig({ mirrors: "a.example", upstream: "direct" }, {}, GE), /--mirrors.*"direct" \(from --upstream\) has none/);
    await assert.rejects(resolveServeConfig({}, { GOPIN_MIRRORS: "a.example", GOPIN_UPSTREAM: "off" }, GE), /GOPIN_MIRRORS.*"off" \(from GOPIN_UPSTREAM\)/);
    await assert.rejects(resolveServeConfig({ mirrors: "ftp://a.example" }, {}, GE), /invalid mirror "ftp:\/\/a.example": only http and https.*\(from --mirrors\)/);
  });

  test("private modules never reach any mirror (real go, a private git module)", async () => {
    const a = await mirror();
    const b = await mirror();
    const root = tempDir("gopin-mirrors-private-");
    const priv = await makePrivateGitModule(join(root, "git"), { path: "private.example/team/secret.git", version: "v1.0.0" });
    const g = await startGopin({
      store: join(root, "store"),
      upstream: a.url, // replaced by the pool
      private: "private.example",
      logFile: join(root, "log"),
      env: { ...goEnv(root, priv.env), GOPIN_SUMDB: "off" },
      extraArgs: ["--mirrors", `${a.url} ${b.url}`],
    });
    try {
      const main = tempDir("gopin-mirrors-main-");
      writeMainModule(main, [
        { path: "private.example/team/secret.git", version: "v1.0.0" },
        { path: STD.widget, version: "v1.0.0" },
      ]);
      const env = goEnv(tempDir("gopin-client-"), { GOPROXY: g.url, GONOPROXY: "none", GOPRIVATE: "private.example", GONOSUMDB: "private.example" });
      assertGoOk(await runGo(["mod", "tidy"], { cwd: main, env }), "go mod tidy with a private module and a mirror pool");
      assert.equal([...a.requests, ...b.requests].filter((r) => r.path.includes("private.example")).length, 0, "a private path reached a mirror");
      assert.ok(a.count("!big!corp") + b.count("!big!corp") >= 1, "the public module went to the pool");
    } finally {
      await g.stop();
    }
  });
});

/** `gopin run` (or check-mirrors) in a project dir with a fresh module cache. */
async function gopin(dir: string, args: string[], script?: string, env: Record<string, string> = {}): Promise<{ code: number; stderr: string; report: any }> {
  const root = tempDir("gopin-mirrors-run-");
  const reportFile = join(root, "report.json");
  const full = script === undefined ? [CLI, ...args, "--report", reportFile] : [CLI, "run", "--private", "", "--sumdb", "off", "--store", join(root, "store"), "--report", reportFile, ...args, "--", "sh", "-c", script];
  const r = await runCommand(process.execPath, full, { cwd: dir, env: { ...goEnv(root), ...env }, timeoutMs: 180_000 });
  return { code: r.code, stderr: r.stderr, report: existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : undefined };
}

/** The standard modules with Widget v1.0.0's zip content changed (same version, other bytes). */
async function alteredModules(): Promise<BuiltModule[]> {
  const widget = standardModules().find((m) => m.path === STD.widget)!;
  const evil = await buildModule({ ...widget, files: { "widget.go": "package widget\n\nfunc Hello() string { return \"altered\" }\n" } });
  return modules.map((m) => (m.path === STD.widget ? evil : m));
}

describe("mirror pool end to end (real go)", () => {
  test("a mirror serving altered bytes is refused, ejected and reported; the next go command gets the good mirror's bytes; the disagreement fails the job", async () => {
    const good = await mirror();
    const evil = await mirror(await alteredModules());
    good.setFault("/", { delayMs: 100 }); // the altered mirror answers first: once measured, it is chosen
    const dir = tempDir("gopin-mirrors-proj-");
    writeMainModule(dir, [{ path: STD.app, version: "v1.3.0" }]);
    const rec = await gopin(dir, ["--upstream", good.url, "--mode", "record"], "go mod tidy && go build ./...");
    assert.equal(rec.code, 0, rec.stderr);

    // No probes: every request goes to the first mirror until it is ejected.
    const v = await gopin(dir, ["--mirrors", `${evil.url} ${good.url}`, "--mode", "verify"], "go mod download all; go mod download all && go build ./...", { GOPIN_MIRROR_TUNING: "probePercent=0" });
    assert.notEqual(v.code, 0, "the job fails\n" + v.stderr);
    const m = v.report.mirrors;
    assert.ok(m, "the report has a mirror-pool section");
    const ej = m.ejections.find((e: any) => e.mirror === evil.url);
    assert.ok(ej, JSON.stringify(m.ejections));
    assert.match(ej.reason, /example\.com\/BigCorp\/Widget@v1\.0\.0\.zip that gopin refused/);
    assert.equal(m.disagreements.length, 1, JSON.stringify(m.disagreements));
    const d = m.disagreements[0];
    assert.deepEqual([d.module, d.version, d.kind], [STD.widget, "v1.0.0", "zip"]);
    assert.deepEqual(d.answers.map((x: any) => x.mirror).sort(), [evil.url, good.url].sort());
    assert.ok(v.report.problems.some((p: string) => p.startsWith("mirrors disagree on example.com/BigCorp/Widget@v1.0.0.zip")), v.report.problems.join("\n"));
    // The second go command built with the good mirror's bytes.
    assert.ok(good.count("!big!corp/!widget/@v/v1.0.0.zip") >= 1);
    assert.match(v.stderr, /Mirror pool/);
  });
});

describe("mirror pool, record mode (real go)", () => {
  test("a mirror whose answer fails admission (a go.mod with no module line) is ejected; the next go command records the good mirror's", async () => {
    const good = await mirror();
    const bad = await mirror();
    good.setFault("/", { delayMs: 100 });
    bad.setFault(`${"!big!corp/!widget"}/@v/v1.0.0.mod`, { alter: () => Buffer.from("go 1.21\n") });
    const dir = tempDir("gopin-mirrors-rec-");
    writeMainModule(dir, [{ path: STD.app, version: "v1.3.0" }]);
    const r = await gopin(dir, ["--mirrors", `${bad.url} ${good.url}`, "--mode", "record"], "go mod download all; go mod download all", { GOPIN_MIRROR_TUNING: "probePercent=0" });
    const ej = r.report?.mirrors?.ejections.find((e: any) => e.mirror === bad.url);
    assert.ok(ej, r.stderr);
    assert.match(ej.reason, /example\.com\/BigCorp\/Widget@v1\.0\.0\.mod that gopin refused: .*no module directive/);
    const locked = readFileSync(join(dir, "gopin.lock"), "utf8");
    assert.match(locked, /example\.com\/BigCorp\/Widget/, "the good mirror's go.mod was recorded by the second go command");
  });
});

describe("mirror pool, record mode with a checksum database (real go)", () => {
  let oracle: Oracle;
  let sumdb: SumdbServer;
  let vkey: string;
  before(async () => {
    oracle = await startOracle();
    const keys = await oracle.ask("note.GenerateKey", ["sum.gopin.test"]);
    assert.ok(keys.ok, keys.err);
    const k = keys.out as { skey: string; vkey: string };
    vkey = k.vkey;
    sumdb = await startSumdbServer(oracle.bin, k.skey, modules); // the good modules' hashes
  });
  after(async () => {
    await sumdb?.stop();
    await oracle?.close();
  });

  test("a mirror whose well-formed zip contradicts the checksum database is refused and ejected; later requests go to the other mirror; the job fails", async () => {
    const good = await mirror();
    const evil = await mirror(await alteredModules());
    good.setFault("/", { delayMs: 100 }); // the altered mirror answers first: once measured, it is chosen
    const dir = tempDir("gopin-mirrors-sumdb-");
    writeMainModule(dir, [{ path: STD.app, version: "v1.3.0" }]);
    const root = tempDir("gopin-mirrors-sumdb-run-");
    const reportFile = join(root, "report.json");
    const args = [CLI, "run", "--mode", "record", "--private", "", "--sumdb", `${vkey} ${sumdb.url}`, "--store", join(root, "store"), "--report", reportFile, "--mirrors", `${evil.url} ${good.url}`];
    const script = "go mod download all; go mod download all";
    const r = await runCommand(process.execPath, [...args, "--", "sh", "-c", script], { cwd: dir, env: { ...goEnv(root), GOPIN_MIRROR_TUNING: "probePercent=0" }, timeoutMs: 180_000 });
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    const widget = modules.find((m) => m.path === STD.widget)!;
    const zip = `!big!corp/!widget/@v/v1.0.0.zip`;

    // Refused as a checksum-database contradiction (the zip is a valid module zip: admission let it through).
    assert.notEqual(r.code, 0, "the job fails\n" + r.stderr);
    assert.equal(report.verdict, "fail");
    const refused = report.refused.find((x: any) => x.module === STD.widget && x.request === "zip");
    assert.ok(refused, JSON.stringify(report.refused));
    assert.match(refused.reason, /SECURITY ERROR/);
    assert.ok(refused.reason.includes(h1Sums(widget).sum), refused.reason);

    // Ejected, and the report says which mirror and why.
    const ej = report.mirrors.ejections.find((e: any) => e.mirror === evil.url);
    assert.ok(ej, JSON.stringify(report.mirrors));
    assert.match(ej.reason, /example\.com\/BigCorp\/Widget@v1\.0\.0\.zip that gopin refused: .*SECURITY ERROR/);
    assert.equal(report.mirrors.ejections.filter((e: any) => e.mirror === good.url).length, 0, "the good mirror stays in the pool");
    assert.match(r.stderr, /### Mirror pool/);
    assert.ok(r.stderr.split("\n").some((l) => l.includes(evil.url) && l.includes("Widget@v1.0.0.zip that gopin refused")), `the summary names the ejected mirror and why:\n${r.stderr}`);

    // Later requests went to the other mirror: the evil one was asked for the zip once, the good one served it.
    assert.equal(evil.count(zip), 1, JSON.stringify(evil.requests.map((x) => x.path)));
    assert.ok(good.count(zip) >= 1, "the second go command's zip came from the good mirror");
    const lastEvil = Math.max(...evil.requests.map((x) => x.time));
    assert.ok(good.requests.some((x) => x.time > lastEvil), "requests after the ejection went to the good mirror");
    // What was recorded is the good mirror's zip, which the checksum database vouches for.
    const locked = readFileSync(join(dir, "gopin.lock"), "utf8").split("\n").find((l) => l.startsWith(`version ${STD.widget} v1.0.0 `));
    assert.ok(locked?.includes(`zip=${h1Sums(widget).sum}`), `locked: ${locked}`);
  });
});

describe("check-mirrors", () => {
  test("per mirror: different hashes (exit 1), missing versions, .info drift, list/@latest behind the lock", async () => {
    const good = await mirror();
    const dir = tempDir("gopin-check-proj-");
    writeMainModule(dir, [{ path: STD.app, version: "v1.3.0" }]);
    const rec = await gopin(dir, ["--upstream", good.url, "--mode", "record"], "go mod tidy && go build ./... && go list -m -versions example.com/multi");
    assert.equal(rec.code, 0, rec.stderr);

    const drifting = await mirror();
    drifting.setFault(`${STD.multi}/@v/v1.2.0.info`, { alter: () => infoJson("v1.2.0", "2024-06-01T00:00:00Z") });
    const evil = await mirror(await alteredModules());
    const lagging = await mirror(modules.filter((m) => !(m.path === STD.multi && m.version === "v1.2.0")));
    const all = [good, drifting, evil, lagging].map((u) => u.url).join(" ");

    const r = await gopin(dir, ["check-mirrors", "--mirrors", all, "--quiet"]);
    assert.equal(r.code, 1, r.stderr);
    const byMirror = new Map(r.report.mirrors.map((s: any) => [s.mirror, s]));
    const g: any = byMirror.get(good.url);
    assert.deepEqual([g.hashMismatches, g.missing, g.drift, g.queries, g.failures], [[], [], [], [], []]);
    const dr: any = byMirror.get(drifting.url);
    assert.deepEqual(dr.hashMismatches, []);
    assert.deepEqual(dr.drift.map((x: any) => [x.module, x.version, x.field, x.upstream]), [[STD.multi, "v1.2.0", "time", "2024-06-01T00:00:00Z"]]);
    const ev: any = byMirror.get(evil.url);
    assert.deepEqual(ev.hashMismatches.map((x: any) => [x.module, x.version, x.file]), [[STD.widget, "v1.0.0", "zip"]]);
    const lag: any = byMirror.get(lagging.url);
    assert.deepEqual(lag.missing.map((x: any) => x.file).sort(), ["info", "mod", "zip"]);
    assert.ok(lag.queries.some((q: any) => q.module === STD.multi && q.query === "list" && /lacks locked version v1\.2\.0/.test(q.detail)), JSON.stringify(lag.queries));
    assert.equal(r.report.verdict, "fail");

    // Drift and missing versions are reported, but only a hash difference fails.
    const ok = await gopin(dir, ["check-mirrors", "--mirrors", `${good.url} ${drifting.url} ${lagging.url}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /\.info drift \(metadata, not a violation\)/);
    assert.match(ok.stderr, /## gopin check-mirrors: pass/);
  });
});
