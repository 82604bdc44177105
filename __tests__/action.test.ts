// The GitHub Action end to end: the bundled dist/main and dist/post run the
// way the runner runs them (helpers/runner.ts), with a real `go build` step
// in between using the exported environment, the real @actions/cache talking
// to a local cache service (Twirp on 127.0.0.1 + Azurite; helpers/cache-service.ts),
// and a fixture GOPROXY upstream. Everything is offline.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { buildAll, buildModule, standardModules, writeMainModule, STD, STD_PSEUDO_VERSION, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, tempDir } from "./helpers/go.js";
import { startCacheService, type CacheService } from "./helpers/cache-service.js";
import { Job, killDaemons, type StepResult } from "./helpers/runner.js";
import { CLI } from "./helpers/gopin.js";
import { UPLOAD_DEADLINE_MS } from "../src/action/artifact.js";
import { gfmToHtml, tableRows, firstHeading } from "./helpers/gfm.js";
import { execFileSync } from "node:child_process";

const REQUIRES = [
  { path: STD.app, version: "v1.3.0" },
  { path: STD.legacy, version: "v2.0.0+incompatible" },
  { path: STD.libV2, version: "v2.1.0" },
  { path: STD.pseudo, version: STD_PSEUDO_VERSION },
];
const PROJECT_FILES = ["go.mod", "go.sum", "main.go", "gopin.lock"];

let modules: BuiltModule[];
let up: FixtureUpstream;
let cacheSvc: CacheService;
let deadUrl: string;
const toStop: Array<() => Promise<void>> = [];

/** A URL on 127.0.0.1 nothing listens on. */
async function deadPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

before(async () => {
  modules = await buildAll(standardModules());
  up = await startFixtureUpstream(modules);
  toStop.push(() => up.stop());
  cacheSvc = await startCacheService();
  toStop.push(() => cacheSvc.stop());
  deadUrl = await deadPortUrl();
});
after(async () => {
  killDaemons();
  for (const s of toStop.reverse()) await s();
});

/**
 * A job whose upstream is `upstream` (through GOPROXY, so the action reads it
 * via go env). Jobs meant to share cache entries run one after the other in
 * the same root, emptied first (a fresh machine with the runner's fixed
 * layout: the cache version hashes the store's absolute path), carrying the
 * project files given (as if committed).
 */
function newJob(opts: { root?: string; upstream?: string; cache?: Record<string, string>; files?: Map<string, Buffer> } = {}): Job {
  const root = opts.root ?? tempDir("gopin-action-");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const job = new Job({
    root,
    env: { ...goEnv(root, { GOPROXY: opts.upstream ?? up.url }), ...(opts.cache ?? cacheSvc.env()) },
  });
  if (opts.files) {
    for (const [f, data] of opts.files) writeFileSync(join(job.workspace, f), data);
  } else {
    writeMainModule(job.workspace, REQUIRES);
  }
  return job;
}

/** The committed state of the project after a job. */
function projectFiles(job: Job): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of PROJECT_FILES) {
    const p = join(job.workspace, f);
    if (existsSync(p)) out.set(f, readFileSync(p));
  }
  return out;
}

function report(job: Job): any {
  return JSON.parse(readFileSync(join(job.runnerTemp, "gopin", "report.json"), "utf8"));
}

function explain(r: StepResult): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

function stateOf(r: StepResult): any {
  return JSON.parse(r.state.gopin!);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\S+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

const BUILD = ["sh", ["-c", "go mod tidy && go build ./..."]] as const;

describe("the Action across jobs", () => {
  const root = tempDir("gopin-action-seq-");
  let committed: Map<string, Buffer>;

  test("job 1: records on a cold cache, builds through gopin, writes the lockfile and saves the store", async (t) => {
    const job1 = newJob({ root });
    const main = await job1.runAction("main");
    assert.equal(main.code, 0, explain(main));
    const url = main.outputs["proxy-url"]!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(main.outputs["cache-hit"], "false");
    assert.equal(main.env.GOPROXY, url, "GOPROXY names gopin alone");
    assert.equal(main.env.GONOPROXY, "none");
    const st = stateOf(main);
    assert.ok(alive(st.pid), "the daemon outlives the main step");
    t.diagnostic(`main: ${main.ms} ms wall (node start + bundle load included), ${st.timings.mainMs} ms inside main (restore ${st.timings.restoreMs} ms, daemon ${st.timings.daemonMs} ms, which reads go env)`);

    const build = await job1.run(BUILD[0], [...BUILD[1]]);
    assert.equal(build.code, 0, build.stderr);

    const post = await job1.runAction("post");
    assert.equal(post.code, 0, explain(post));
    assert.equal(post.errors.length, 0, explain(post));
    assert.ok(!alive(st.pid), "post stopped the daemon");
    const lock = readFileSync(join(job1.workspace, "gopin.lock"), "utf8");
    assert.match(lock, new RegExp(`version ${STD.widget} v1.0.0 time=2023-01-05T10:00:00Z`));
    assert.equal(post.outputs["lockfile-changed"], "true");
    assert.equal(post.outputs.violations, "0");
    assert.match(post.summary, /## ✅ gopin record: PASS/);
    assert.match(post.summary, /lockfile `gopin.lock` \(new\)/);
    assert.match(post.summary, /\*\*Cache, artifact and timing\*\*/);
    assert.match(post.summary, /- Restore: miss/);
    assert.match(post.summary, /- Save: saved as `gopin-v1-linux-[0-9a-f]{16}-[0-9a-f]{16}`/);
    const saved = cacheSvc.entries.filter((e) => e.finalized);
    assert.equal(saved.length, 1, JSON.stringify(cacheSvc.entries));
    assert.ok(saved[0]!.size! > 0);
    // The record-mode lockfile and the report leave the job as a workflow artifact, named in the summary.
    const art = cacheSvc.artifacts.filter((a) => a.finalized && a.name === "gopin-build");
    assert.equal(art.length, 1, JSON.stringify(cacheSvc.artifacts));
    const files = await cacheSvc.artifactFiles(art[0]!);
    assert.deepEqual([...files.keys()].sort(), ["gopin-report.json", "gopin.lock"]);
    assert.equal(files.get("gopin.lock")!.toString("utf8"), lock);
    assert.equal(JSON.parse(files.get("gopin-report.json")!.toString("utf8")).verdict, "pass");
    assert.match(post.summary, /lockfile and JSON report uploaded as the artifact `gopin-build`/);
    committed = projectFiles(job1);
  });

  test("job 2: verifies with the upstream down, served wholly from the restored cache", async () => {
    const job2 = newJob({ root, upstream: deadUrl, files: committed });
    const artifactsBefore = cacheSvc.calls.filter((c) => c.method === "CreateArtifact").length;
    const main = await job2.runAction("main");
    assert.equal(main.code, 0, explain(main));
    assert.equal(main.outputs["cache-hit"], "true", explain(main));
    const build = await job2.run("go", ["build", "./..."]);
    assert.equal(build.code, 0, build.stderr);
    const post = await job2.runAction("post");
    assert.equal(post.code, 0, explain(post));
    const r = report(job2);
    assert.equal(r.mode, "verify");
    assert.equal(r.verdict, "pass");
    assert.equal(r.stats.bytesFromUpstream, 0);
    assert.equal(r.counts.servedFromUpstream, 0);
    assert.ok(r.counts.servedFromStore > 0);
    assert.equal(post.outputs["lockfile-changed"], "false");
    assert.match(post.summary, /## ✅ gopin verify: PASS/);
    assert.match(post.summary, /- Restore: hit: `gopin-v1-linux-/);
    assert.match(post.summary, /- Save: not saved: the store gained no entries/);
    assert.equal(cacheSvc.entries.filter((e) => e.finalized).length, 1, "nothing new saved");
    assert.equal(post.warnings.length, 0, explain(post));
    // A clean verify job leaves nothing to keep: no artifact (upload-artifact: auto), and the summary says why.
    assert.equal(cacheSvc.calls.filter((c) => c.method === "CreateArtifact").length, artifactsBefore, `no CreateArtifact call: ${JSON.stringify({ mode: r.mode, lockfile: r.lockfile, counts: r.counts })}`);
    assert.match(post.summary, /- Artifact `gopin-build`: not uploaded: nothing to keep \(verify mode, the lockfile unchanged and nothing to report; upload-artifact: auto uploads only then, true uploads every job's\)/);
  });

  test("job 3: a tampered upstream fails the job, naming the module in the summary and annotating gopin.lock", async () => {
    const widget = modules.find((m) => m.path === STD.widget)!;
    const evil = await buildModule({ path: STD.widget, version: "v1.0.0", time: widget.time, files: { "widget.go": 'package widget\n\nfunc Hello() string { return "pwned" }\n' } });
    up.setFault("!widget/@v/v1.0.0.zip", { alter: () => evil.zip });
    try {
      const job3 = newJob({ root, files: committed });
      // A pull request whose base commit holds the same lockfile: the summary can tell the upstream changed.
      const git = (...a: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...a], { cwd: job3.workspace, encoding: "utf8" }).trim();
      git("init", "-q");
      git("add", ".");
      git("commit", "-qm", "base");
      const eventFile = join(root, "event.json");
      writeFileSync(eventFile, JSON.stringify({ pull_request: { base: { sha: git("rev-parse", "HEAD") } } }));
      Object.assign(job3.env, { GITHUB_EVENT_PATH: eventFile, GITHUB_EVENT_NAME: "pull_request" });
      const main = await job3.runAction("main", { cache: "false" });
      assert.equal(main.code, 0, explain(main));
      const build = await job3.run("go", ["build", "./..."]);
      assert.notEqual(build.code, 0, "go build fails on the refused zip");
      assert.match(build.stderr, /example.com\/BigCorp\/Widget@v1.0.0: zip hash mismatch/);
      const post = await job3.runAction("post");
      assert.equal(post.code, 1, explain(post));
      assert.ok(Number(post.outputs.violations) > 0, `violations output: ${post.outputs.violations}`);
      assert.match(post.summary, /## ❌ gopin verify: FAIL/);
      // As GitHub renders it: the verdict first, one row for the widget's version, the cause, the next step in input names.
      const html = gfmToHtml(post.summary);
      assert.ok(!html.includes("mailto:"), html);
      assert.match(firstHeading(html)!.text, /^❌ gopin verify: FAIL — \d+ violations?( in \d+ module versions?)?$/);
      const rows = tableRows(html);
      assert.deepEqual(rows.map((r) => r[0]), [`<code>${STD.widget}@v1.0.0</code>`], html);
      assert.match(rows[0]![1]!, /zip hash differs from the lockfile<br><em>upstream changed: the base locks the same hash<\/em>/);
      assert.match(rows[0]![2]!, /\(input upstream\)/);
      assert.match(html, /compared with the pull request's base [0-9a-f]{12}/);
      assert.match(html, /<details><summary>Counts, store vs upstream, cache and timing<\/summary>/);
      const lockLines = readFileSync(join(job3.workspace, "gopin.lock"), "utf8").split("\n");
      const want = lockLines.findIndex((l) => l.startsWith(`version ${STD.widget} v1.0.0 `)) + 1;
      const ann = post.errors.find((e) => e.props.file === "gopin.lock");
      assert.ok(ann, explain(post));
      assert.equal(ann!.props.line, String(want), "points at the widget's version line");
      assert.match(ann!.props.title!, /example.com\/BigCorp\/Widget@v1.0.0/);
      assert.match(ann!.message, /zip hash mismatch.*upstream changed.*Next: .*the gopin step's input upstream/);
      assert.equal(post.errors.filter((e) => e.props.file === "gopin.lock").length, 1, "one annotation for the module version");
      assert.ok(post.errors.some((e) => /gopin: .*refused/.test(e.message)), "setFailed message");
      assert.match(post.summary, /- Save: not saved: cache is off/);
      // A failing verify job keeps its report as the artifact.
      assert.match(post.summary, /lockfile and JSON report uploaded as the artifact `gopin-build`/);
    } finally {
      up.clearFaults();
    }
  });

  test("job 4: a go.mod that drops a module restores the older store, prunes what nothing uses, and saves for the new lockfile", async () => {
    const job4 = newJob({ root, files: new Map([...committed].filter(([f]) => f !== "gopin.lock" && f !== "go.sum")) });
    writeMainModule(job4.workspace, REQUIRES.filter((r) => r.path !== STD.pseudo));
    const before = cacheSvc.entries.filter((e) => e.finalized).length;
    const main = await job4.runAction("main");
    assert.equal(main.code, 0, explain(main));
    assert.equal(main.outputs["cache-hit"], "false", "another lockfile's store is a partial hit");
    assert.match(main.stdout, /restored gopin-v1-linux-[0-9a-f]{16}-[0-9a-f]{16} \(partial/);
    const build = await job4.run(BUILD[0], [...BUILD[1]]);
    assert.equal(build.code, 0, build.stderr);
    const post = await job4.runAction("post");
    assert.equal(post.code, 0, explain(post));
    const r = report(job4);
    // Record mode with no checksum database: the restored store is no
    // authority, so each unlocked file is confirmed with the upstream before
    // it is locked. They agree: nothing is evicted.
    assert.deepEqual(r.evicted, [], "the restored store agrees with the upstream");
    assert.match(post.summary, /- Restore: partial hit/);
    // (The confirmed files were fetched again and rewritten, so they count as new entries.)
    assert.match(post.summary, /- Save: saved as `gopin-v1-linux-[0-9a-f]{16}-[0-9a-f]{16}`.*\(\d+ new entries, 3 unused files pruned\)/);
    assert.ok(!existsSync(join(job4.runnerTemp, "gopin", "store", "example.com", "pseudo", "@v", `${STD_PSEUDO_VERSION}.zip`)), "the dropped module is pruned");
    assert.ok(existsSync(join(job4.runnerTemp, "gopin", "store", "example.org", "app", "@v", "v1.3.0.zip")));
    assert.equal(cacheSvc.entries.filter((e) => e.finalized).length, before + 1);
  });

  for (const how of ["truncate", "garbage"] as const) {
    test(`a ${how === "truncate" ? "truncated" : "corrupt"} cache archive at restore: a warning, then the job fetches and verifies as if cold`, async () => {
      for (const entry of cacheSvc.entries.filter((e) => e.finalized)) await cacheSvc.corrupt(entry, how);
      const job = newJob({ root, files: committed });
      const main = await job.runAction("main");
      assert.equal(main.code, 0, explain(main));
      assert.ok(main.warnings.some((w) => /restore|tar|zstd|archive|extract/i.test(w.message)), explain(main));
      assert.equal(main.outputs["cache-hit"], "false");
      const build = await job.run("go", ["build", "./..."]);
      assert.equal(build.code, 0, build.stderr);
      const post = await job.runAction("post");
      assert.equal(post.code, 0, explain(post));
      assert.equal(post.errors.length, 0, explain(post));
      assert.match(post.summary, /## ✅ gopin verify: PASS/);
      assert.equal(readFileSync(join(job.workspace, "gopin.lock"), "utf8"), committed.get("gopin.lock")!.toString(), "the lockfile is untouched");
    });
  }

  test("a daemon that died during the job fails the post step with a clear message", async () => {
    const job = newJob({ root, files: committed });
    const main = await job.runAction("main", { cache: "false" });
    assert.equal(main.code, 0, explain(main));
    process.kill(stateOf(main).pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    const post = await job.runAction("post");
    assert.equal(post.code, 1, explain(post));
    assert.ok(post.errors.some((e) => /proxy \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) is no longer running/.test(e.message)), explain(post));
    assert.match(post.summary, /the proxy stopped during the job/);
  });
});

/** A lockfile whose locked sum.golang.org tree head does not verify (its signature is forged). */
function lockWithForgedHead(): string {
  const hash = Buffer.alloc(32, 7).toString("base64");
  const note = `go.sum database tree\n10\n${hash}\n\n— sum.golang.org Az3grk${Buffer.alloc(64, 1).toString("base64")}\n`;
  return `gopin-lock 1\n\nsumdb sum.golang.org size=10 hash=${hash} note=${Buffer.from(note).toString("base64")}\n`;
}

/** The "## ..." and "### ..." headings of a summary, in order. */
function headings(md: string): string[] {
  return md.split("\n").filter((l) => /^#{2,3} /.test(l)).map((l) => l.replace(/\(\d+ \S+ \S+\)/, "").replace(/ in \d+\S*$/, ""));
}

describe("one verdict", () => {
  test("a locked tree head that fails verification fails gopin run and the Action's post step alike, and the store is not saved", async () => {
    const lock = lockWithForgedHead();
    // The command line.
    const dir = tempDir("gopin-verdict-cli-");
    writeFileSync(join(dir, "gopin.lock"), lock);
    let cli = { code: 0, out: "" };
    try {
      execFileSync(process.execPath, [CLI, "run", "--store", join(dir, "store"), "--upstream", up.url, "--sumdb", "sum.golang.org", "--lockfile", join(dir, "gopin.lock"), "--", "true"], {
        env: goEnv(dir),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const x = e as { status: number; stderr: string };
      cli = { code: x.status, out: x.stderr };
    }
    assert.equal(cli.code, 1, cli.out);
    assert.match(cli.out, /## ❌ gopin verify: FAIL — 1 violation\n[^]*\n- Checksum database: gopin.lock: the locked sum.golang.org tree head does not verify/);
    // The Action, same lockfile, same database through the job's environment.
    const job = newJob({ files: new Map([["gopin.lock", Buffer.from(lock)]]) });
    job.env.GOPIN_SUMDB = "sum.golang.org";
    writeMainModule(job.workspace, REQUIRES);
    writeFileSync(join(job.workspace, "gopin.lock"), lock);
    const before = cacheSvc.entries.filter((e) => e.finalized).length;
    assert.equal((await job.runAction("main")).code, 0);
    const post = await job.runAction("post");
    assert.equal(post.code, 1, explain(post));
    assert.equal(post.outputs.violations, "1");
    assert.match(post.summary, /## ❌ gopin verify: FAIL — 1 violation\n[^]*\n- Checksum database: gopin.lock: the locked sum.golang.org tree head does not verify/);
    assert.match(post.summary, /- Save: not saved: the job has violations/);
    assert.equal(cacheSvc.entries.filter((e) => e.finalized).length, before, "nothing saved");
    // Same sections, in the same order (the Action adds its cache and timing inside the collapsed details).
    const cliMd = cli.out.slice(cli.out.indexOf("## "));
    assert.deepEqual(headings(post.summary), headings(cliMd));
    assert.ok(headings(cliMd).some((h) => h.startsWith("### Checksum database")));
  });

  for (const c of [
    { name: "GOSUMDB=off", env: { GOSUMDB: "off" }, want: { GOSUMDB: "off" }, supported: 404 },
    { name: "GOPIN_SUMDB=off over go env's database", env: { GOPIN_SUMDB: "off", GOSUMDB: "sum.golang.org" }, want: { GOSUMDB: "off" }, supported: 404 },
    { name: "GOPIN_SUMDB naming the database", env: { GOPIN_SUMDB: "sum.golang.org", GOSUMDB: "off" }, want: { GOSUMDB: "sum.golang.org" }, supported: 200 },
    { name: "GOPIN_NOSUMDB", env: { GOPIN_NOSUMDB: "x.test", GOSUMDB: "sum.golang.org" }, want: { GOSUMDB: "sum.golang.org", GONOSUMDB: "x.test" }, supported: 200 },
    { name: "the private input joins GONOSUMDB and GOPRIVATE", env: { GOPIN_NOSUMDB: "x.test" }, inputs: { private: "corp.test/*" }, want: { GOSUMDB: "off", GONOSUMDB: "x.test,corp.test/*", GOPRIVATE: "corp.test/*" }, supported: 404 },
  ]) {
    test(`${c.name}: main exports exactly what the daemon uses`, async () => {
      const job = newJob();
      Object.assign(job.env, c.env);
      const main = await job.runAction("main", { mode: "record", cache: "false", ...(c.inputs ?? {}) });
      assert.equal(main.code, 0, explain(main));
      for (const [k, v] of Object.entries(c.want)) assert.equal(main.env[k], v, k);
      const ready = JSON.parse(readFileSync(join(job.runnerTemp, "gopin", "ready.json"), "utf8"));
      for (const k of ["GOPROXY", "GONOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE"]) {
        if (ready.env[k] !== "") assert.equal(main.env[k], ready.env[k], `${k} is the daemon's`);
      }
      const r = await fetch(`${main.env.GOPROXY}/sumdb/sum.golang.org/supported`);
      assert.equal(r.status, c.supported, "the daemon proxies the database exactly when go is told to use it");
      assert.equal((await job.runAction("post")).code, 0);
    });
  }
});

describe("cache races and outages", () => {
  test("a matrix of two jobs saving the same key: one saves, the other warns, neither fails", async () => {
    // Matrix jobs all restore before any has saved: both miss, both record
    // the same store, both try to save the same key. They run one after the
    // other here because the cache version hashes the store's absolute path,
    // and two jobs on one machine cannot hold the same path at once.
    cacheSvc.entries.length = 0;
    cacheSvc.calls.length = 0;
    cacheSvc.missLookups = true;
    try {
      const root = tempDir("gopin-action-matrix-");
      const posts: StepResult[] = [];
      const locks: string[] = [];
      for (const leg of ["a", "b"]) {
        const job = newJob({ root });
        const main = await job.runAction("main");
        assert.equal(main.code, 0, explain(main));
        assert.equal(main.outputs["cache-hit"], "false", `leg ${leg}`);
        const build = await job.run(BUILD[0], [...BUILD[1]]);
        assert.equal(build.code, 0, build.stderr);
        const post = await job.runAction("post");
        assert.equal(post.code, 0, explain(post));
        assert.equal(post.errors.length, 0, explain(post));
        posts.push(post);
        locks.push(readFileSync(join(job.workspace, "gopin.lock"), "utf8"));
      }
      assert.equal(locks[0], locks[1]);
      const finals = cacheSvc.entries.filter((e) => e.finalized);
      assert.equal(finals.length, 1, JSON.stringify(cacheSvc.entries));
      const creates = cacheSvc.calls.filter((c) => c.method === "CreateCacheEntry");
      assert.deepEqual(
        creates.map((c) => c.status),
        [200, 409],
      );
      assert.equal(creates[0]!.body.key, creates[1]!.body.key, "both legs chose the same key");
      assert.match(posts[0]!.summary, /- Save: saved as/);
      assert.ok(posts[1]!.warnings.some((w) => /not saved as gopin-v1-linux-/.test(w.message)), explain(posts[1]!));
      assert.match(posts[1]!.summary, /- Save: not saved: /);
    } finally {
      cacheSvc.missLookups = false;
    }
  });

  test("the cache service down: warnings only, the job builds and passes", async () => {
    const job = newJob({ cache: { ACTIONS_CACHE_SERVICE_V2: "true", ACTIONS_RESULTS_URL: deadUrl + "/", ACTIONS_RUNTIME_TOKEN: "t" } });
    const main = await job.runAction("main");
    assert.equal(main.code, 0, explain(main));
    assert.equal(main.outputs["cache-hit"], "false");
    assert.ok(main.warnings.some((w) => /Failed to restore/.test(w.message)), explain(main));
    const build = await job.run(BUILD[0], [...BUILD[1]]);
    assert.equal(build.code, 0, build.stderr);
    const post = await job.runAction("post");
    assert.equal(post.code, 0, explain(post));
    assert.equal(post.errors.length, 0, explain(post));
    assert.ok(post.warnings.some((w) => /not saved/.test(w.message)), explain(post));
    assert.ok(post.warnings.some((w) => /not uploaded as the artifact gopin-build/.test(w.message)), explain(post));
    assert.match(post.summary, /## ✅ gopin record: PASS/);
  });
});

describe("the artifact", () => {
  const createCalls = () => cacheSvc.calls.filter((c) => c.method === "CreateArtifact").length;

  test("an artifact service that refuses the upload: a warning that says so, and the job passes", async () => {
    const job = newJob();
    assert.equal((await job.runAction("main", { mode: "record", cache: "false" })).code, 0);
    cacheSvc.artifactsRefused = true;
    try {
      const post = await job.runAction("post");
      assert.equal(post.code, 0, explain(post));
      assert.equal(post.errors.length, 0, explain(post));
      assert.ok(post.warnings.some((w) => /the lockfile and report were not uploaded as the artifact gopin-build: .*403/.test(w.message)), explain(post));
      assert.match(post.summary, /- Artifact `gopin-build`: not uploaded: upload failed: /);
      assert.doesNotMatch(post.summary, /uploaded as the artifact/);
    } finally {
      cacheSvc.artifactsRefused = false;
    }
  });

  test("an artifact service that keeps failing (HTTP 500, empty body, as act's server answers): the post step gives up within the deadline", async () => {
    const job = newJob();
    assert.equal((await job.runAction("main", { mode: "record", cache: "false" })).code, 0);
    const before = createCalls();
    cacheSvc.artifactsBroken = true;
    try {
      const t0 = performance.now();
      const post = await job.runAction("post");
      const ms = performance.now() - t0;
      assert.equal(post.code, 0, explain(post));
      assert.ok(createCalls() > before, "the upload was attempted");
      // The client alone retries for about 32 s; the bound is UPLOAD_DEADLINE_MS plus the rest of the post step.
      assert.ok(ms < UPLOAD_DEADLINE_MS + 6_000, `the post step took ${Math.round(ms)} ms`);
      assert.ok(post.warnings.some((w) => /not uploaded as the artifact gopin-build: the artifact service did not complete the upload within 8 s/.test(w.message)), explain(post));
      assert.match(post.summary, /- Artifact `gopin-build`: not uploaded: upload failed: the artifact service did not complete the upload within 8 s/);
      assert.match(post.summary, /## ✅ gopin record: PASS/);
    } finally {
      cacheSvc.artifactsBroken = false;
    }
  });

  test("upload-artifact: false uploads nothing and says so; artifact-name names it", async () => {
    const job = newJob();
    assert.equal((await job.runAction("main", { mode: "record", cache: "false", "upload-artifact": "false" })).code, 0);
    const before = createCalls();
    const post = await job.runAction("post", { "upload-artifact": "false" });
    assert.equal(post.code, 0, explain(post));
    assert.equal(createCalls(), before, "no CreateArtifact call");
    assert.equal(post.warnings.length, 0, explain(post));
    assert.match(post.summary, /- Artifact `gopin-build`: not uploaded: upload-artifact is false/);

    const named = newJob();
    assert.equal((await named.runAction("main", { mode: "record", cache: "false", "artifact-name": "lock-linux-go1.24" })).code, 0);
    const post2 = await named.runAction("post", { "artifact-name": "lock-linux-go1.24" });
    assert.equal(post2.code, 0, explain(post2));
    assert.match(post2.summary, /uploaded as the artifact `lock-linux-go1.24`/);
    assert.ok(cacheSvc.artifacts.some((a) => a.finalized && a.name === "lock-linux-go1.24"));
  });
});

describe("read-only caches", () => {
  test("a token that cannot write caches (a fork's pull request): restore works, the save is a warning", async () => {
    cacheSvc.readOnly = true;
    try {
      const job = newJob();
      const main = await job.runAction("main");
      assert.equal(main.code, 0, explain(main));
      const build = await job.run(BUILD[0], [...BUILD[1]]);
      assert.equal(build.code, 0, build.stderr);
      const post = await job.runAction("post");
      assert.equal(post.code, 0, explain(post));
      assert.equal(post.errors.length, 0, explain(post));
      assert.ok(post.warnings.some((w) => /not saved as gopin-v1-linux-/.test(w.message)), explain(post));
      assert.ok(cacheSvc.calls.some((c) => c.method === "CreateCacheEntry" && c.status === 403));
    } finally {
      cacheSvc.readOnly = false;
    }
  });
});

describe("main's errors", () => {
  test("verify without a lockfile fails the main step with gopin's reason, and post has nothing to do", async () => {
    const job = newJob();
    const main = await job.runAction("main", { mode: "verify", cache: "false" });
    assert.equal(main.code, 1, explain(main));
    assert.ok(main.errors.some((e) => /verify mode needs a lockfile/.test(e.message)), explain(main));
    assert.equal(main.env.GOPROXY, undefined, "nothing exported");
    const post = await job.runAction("post");
    assert.equal(post.code, 0, explain(post));
    assert.match(post.stdout, /did not start the proxy; nothing to do/);
  });

  test("a bad input fails the main step before anything starts", async () => {
    const job = newJob();
    const main = await job.runAction("main", { "save-cache": "sometimes" });
    assert.equal(main.code, 1, explain(main));
    assert.ok(main.errors.some((e) => /"save-cache" must be always, default-branch or never/.test(e.message)), explain(main));
  });
});

describe("main's overhead", () => {
  test("main adds well under a second beyond the cache restore", async (t) => {
    const job = newJob();
    const runs: number[] = [];
    const inside: number[] = [];
    for (let i = 0; i < 3; i++) {
      const main = await job.runAction("main", { cache: "false", mode: "record" });
      assert.equal(main.code, 0, explain(main));
      const st = stateOf(main);
      runs.push(main.ms);
      inside.push(st.timings.mainMs - st.timings.restoreMs);
      const post = await job.runAction("post", { cache: "false" });
      assert.equal(post.code, 0, explain(post));
    }
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    t.diagnostic(`main step wall time (process start to exit) median ${med(runs)} ms [${runs.join(", ")}]; inside main without restore median ${med(inside)} ms [${inside.join(", ")}]`);
    assert.ok(med(inside) < 1000, `main took ${med(inside)} ms`);
  });
});
