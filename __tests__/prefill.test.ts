// Prefill (src/modcache/prefill.ts): in verify mode the locked zips of the
// store are laid out in gopin's module cache before the job's go commands
// run. The real go decides whether the layout is right: it must build from
// the trees without asking for a single .zip (`go mod download` included:
// the zip is in place too), `go mod verify` must re-hash them, and it must
// still ask gopin for every .mod it loads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { inProcessJob } from "./helpers/inprocess.js";
import { writeProxyTree, fileProxyUrl, standardModules, writeMainModule, STD, createModuleZip, defaultGoFile } from "./helpers/fixtures.js";
import { assertGoOk, goEnv, removeTree, runCommand, tempDir } from "./helpers/go.js";
import { parseWorkflowCommands } from "./helpers/runner.js";
import { CLI } from "./helpers/gopin.js";
import { readLockfile } from "../src/lock/io.js";
import { hasModCacheRW, prefillModuleCache } from "../src/modcache/prefill.js";
import { LayoutPool, layoutThreads, VERSIONS_PER_THREAD } from "../src/modcache/layout-pool.js";
import { cachePaths } from "../src/modcache/layout.js";
import { createHash } from "node:crypto";
import { pruneStore, referencedFiles } from "../src/action/store-cache.js";
import type { DriftReport } from "../src/report/model.js";

/** The four versions the recorded job's build uses, with their zips. */
const USED = [
  [STD.app, "v1.3.0"],
  [STD.widget, "v1.0.0"],
  [STD.multi, "v1.2.0"],
  [STD.big, "v1.0.0"],
] as const;
const treeName = (module: string, version: string) => `${module.replace("BigCorp/Widget", "!big!corp/!widget")}@${version}`;

/** A record-mode job (store kept locally: cache off) that builds app and big; returns the root, the upstream tree and the job's paths. */
async function recorded(prefix: string) {
  const root = tempDir(prefix);
  const up = join(root, "upstream");
  await writeProxyTree(up, standardModules());
  const job = inProcessJob(root, fileProxyUrl(up));
  try {
    writeMainModule(job.ws, [
      { path: STD.app, version: "v1.3.0" },
      { path: STD.big, version: "v1.0.0" },
    ]);
    await job.main({ mode: "record", cache: "false" });
    assertGoOk(await job.run("go mod tidy && go build ./..."), "record build");
    assert.equal((await job.post()).outputs.violations, "0");
  } finally {
    job.done();
  }
  const home = join(root, "rt", "gopin");
  return { root, up, home, store: join(home, "store"), modCache: join(home, "modcache"), log: join(home, "gopin.log"), lockfile: join(root, "ws", "gopin.lock") };
}

/** Request lines gopin logged after byte `from` of its log. */
function requestsSince(log: string, from: number): Array<{ path: string; status: number }> {
  return readFileSync(log)
    .subarray(from)
    .toString("utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg?: string; path?: string; status?: number })
    .filter((l) => l.msg === "request" && l.path)
    .map((l) => ({ path: decodeURIComponent(l.path!), status: l.status! }));
}

const sizeOf = (f: string) => (existsSync(f) ? statSync(f).size : 0);

test("verify mode: main lays the locked zips out as go does; go build asks gopin for no .zip, every .mod still passes through gopin, go mod verify re-hashes the trees", async () => {
  const r = await recorded("gopin-prefill-");
  const lock = (await readLockfile(r.lockfile))!;
  const job = inProcessJob(r.root, "off");
  try {
    const from = sizeOf(r.log);
    const main = await job.main({ mode: "verify", cache: "false" });
    assert.equal(main.exported.GOMODCACHE, r.modCache);
    for (const [m, v] of USED) {
      const dl = join(r.modCache, "cache", "download", ...treeName(m, "").slice(0, -1).split("/"), "@v");
      assert.ok(statSync(join(r.modCache, treeName(m, v))).isDirectory(), `${m}@${v} laid out`);
      assert.equal(readFileSync(join(dl, `${v}.ziphash`), "utf8"), lock.modules.get(m)!.versions.get(v)!.zip, "the ziphash is the locked hash");
      assert.ok(!existsSync(join(dl, `${v}.partial`)) && !existsSync(join(dl, `${v}.mod`)), "no .partial, and no .mod: go asks gopin for it");
      assert.equal(JSON.parse(readFileSync(join(dl, `${v}.info`), "utf8")).Time, lock.modules.get(m)!.versions.get(v)!.time, "the .info gives the locked time");
      const storeZip = join(r.store, ...treeName(m, "").slice(0, -1).split("/"), "@v", `${v}.zip`);
      assert.ok(readFileSync(join(dl, `${v}.zip`)).equals(readFileSync(storeZip)), "the store's zip is in place for go mod download");
      assert.equal(statSync(join(dl, `${v}.zip`)).ino, statSync(storeZip).ino, "hard-linked, not copied (one file system)");
      assert.deepEqual(readdirSync(dl).filter((f) => f.includes(".tmp-")), [], "no temporary zip left");
    }
    assert.equal(statSync(join(r.modCache, treeName(STD.big, "v1.0.0"), "pkg", "p07", "f3.go")).mode & 0o777, 0o444, "files are read-only, as x/mod/zip writes them");
    assert.match(main.stdout, /module cache .*: laid out 4 of 4 locked module versions from the store/);

    const build = assertGoOk(await job.run(`go build ./... && go mod verify && go mod download ${USED.map(([m, v]) => `${m}@${v}`).join(" ")}`), "verify build");
    assert.match(build.stdout, /^all modules verified$/m);
    assert.doesNotMatch(build.stderr, /go: downloading/);
    const reqs = requestsSince(r.log, from);
    assert.deepEqual(reqs.filter((q) => q.path.endsWith(".zip")), [], "no .zip request reached gopin, not even from go mod download");
    assert.deepEqual(reqs.filter((q) => q.path.endsWith(".info") && USED.some(([m, v]) => q.path === `/${treeName(m, "").slice(0, -1)}/@v/${v}.info`)), [], "no .info request for a prefilled version");
    for (const [m, v] of USED) {
      const served = await (await fetch(`${main.exported.GOPROXY}/${treeName(m, "").slice(0, -1)}/@v/${v}.info`)).text();
      const dl = join(r.modCache, "cache", "download", ...treeName(m, "").slice(0, -1).split("/"), "@v");
      assert.equal(readFileSync(join(dl, `${v}.info`), "utf8"), served, `${m}@${v}.info is what gopin answers for it`);
    }
    for (const [m, v] of USED) assert.ok(reqs.some((q) => q.path === `/${treeName(m, "").slice(0, -1)}/@v/${v}.mod` && q.status === 200), `go asked gopin for ${m}@${v}.mod`);

    const post = await job.post();
    assert.equal(post.exitCode, 0);
    assert.match(post.summary, /- Module cache: laid out 4 of 4 locked module versions from the store \([\d.]+ KiB of zips\) in [\d.]+m?s\n/);
    const report = JSON.parse(readFileSync(join(r.home, "report.json"), "utf8")) as DriftReport;
    assert.deepEqual(report.unused, [], "every prefilled version go loaded counts as used");
  } finally {
    job.done();
  }
});

test("a store zip that differs from the lockfile is not laid out (warning), and go's request for it reaches gopin, which refuses it as before", async () => {
  const r = await recorded("gopin-prefill-tamper-");
  // The same module version with other content, in the store and upstream alike.
  const other = await createModuleZip(STD.multi, "v1.2.0", [
    { name: "go.mod", data: Buffer.from(`module ${STD.multi}\n\ngo 1.21\n`) },
    { name: "multi.go", data: Buffer.from(defaultGoFile(STD.multi, "v1.2.0") + "// changed\n") },
  ]);
  for (const base of [r.store, r.up]) writeFileSync(join(base, STD.multi, "@v", "v1.2.0.zip"), other);
  const job = inProcessJob(r.root, fileProxyUrl(r.up));
  try {
    const from = sizeOf(r.log);
    const main = await job.main({ mode: "verify", cache: "false" });
    const warnings = parseWorkflowCommands(main.stdout).filter((c) => c.command === "warning");
    assert.equal(warnings.length, 1, main.stdout);
    assert.match(warnings[0]!.message, /example\.com\/multi@v1\.2\.0 \(zip differs from the lockfile: h1:/);
    const dl = join(r.modCache, "cache", "download", "example.com", "multi", "@v");
    assert.ok(!existsSync(join(r.modCache, "example.com", "multi@v1.2.0")), "its tree was removed");
    assert.ok(!existsSync(join(dl, "v1.2.0.partial")) && !existsSync(join(dl, "v1.2.0.ziphash")));
    assert.ok(existsSync(join(r.modCache, treeName(STD.big, "v1.0.0"))), "the others are laid out");
    assert.match(main.stdout, /laid out 3 of 4 locked module versions .*; 1 skipped: 1 zip differs from the lockfile/);

    const build = await job.run("go build ./...");
    assert.notEqual(build.code, 0, "the build fails: gopin refuses the zip");
    assert.match(build.stderr, /example\.com\/multi@v1\.2\.0/);
    const zipReqs = requestsSince(r.log, from).filter((q) => q.path.endsWith(".zip"));
    assert.deepEqual(
      zipReqs.map((q) => q.path),
      ["/example.com/multi/@v/v1.2.0.zip"],
      "the one zip not laid out is asked of gopin",
    );
    assert.ok(zipReqs[0]!.status >= 400, `refused: ${zipReqs[0]!.status}`);
    const post = await job.post();
    assert.equal(post.exitCode, 1);
    assert.ok(Number(post.outputs.violations) > 0);
  } finally {
    job.done();
  }
});

test("prefill-modcache: false leaves gopin's module cache empty, so go fetches every zip through gopin", async () => {
  const r = await recorded("gopin-prefill-off-");
  const job = inProcessJob(r.root, "off");
  try {
    const from = sizeOf(r.log);
    const main = await job.main({ mode: "verify", cache: "false", "prefill-modcache": "false" });
    assert.deepEqual(readdirSync(r.modCache), []);
    assert.match(main.stdout, /not prefilled \(input "prefill-modcache" is false\)/);
    assertGoOk(await job.run("go build ./..."));
    assert.equal(requestsSince(r.log, from).filter((q) => q.path.endsWith(".zip") && q.status === 200).length, 4);
    const post = await job.post();
    assert.match(post.summary, /- Module cache: not prefilled \(input "prefill-modcache" is false\)/);
  } finally {
    job.done();
  }
});

test("pruning after a prefilled job keeps the zips of the prefilled versions go used, drops a stale unlocked one; unused locked entries are the versions go never loaded", async () => {
  const r = await recorded("gopin-prefill-prune-");
  // A stale entry from an older lockfile: in the store, not in the lock.
  const stale = join(r.store, "example.com", "multi", "@v", "v1.1.0.zip");
  copyFileSync(join(r.up, "example.com", "multi", "@v", "v1.1.0.zip"), stale);
  const job = inProcessJob(r.root, "off");
  try {
    // This job's build needs big only; app, Widget and multi stay in the lock.
    writeMainModule(job.ws, [{ path: STD.big, version: "v1.0.0" }]);
    await job.main({ mode: "verify", cache: "false" });
    assert.ok(!existsSync(join(r.modCache, "example.com", "multi@v1.1.0")), "an unlocked zip is not laid out");
    assertGoOk(await job.run("go build ./..."));
    assert.equal((await job.post()).exitCode, 0);
    const report = JSON.parse(readFileSync(join(r.home, "report.json"), "utf8")) as DriftReport;
    assert.deepEqual(
      report.unused.map((u) => `${u.module}@${u.version}`).sort(),
      [`${STD.widget}@v1.0.0`, `${STD.multi}@v1.2.0`, `${STD.app}@v1.3.0`].sort(),
      "big was prefilled and loaded (its .mod through gopin): used; the others were prefilled only",
    );
    const lock = await readLockfile(r.lockfile);
    const pr = await pruneStore(r.store, referencedFiles(report, lock));
    assert.ok(existsSync(join(r.store, "example.com", "big", "@v", "v1.0.0.zip")), "the used prefilled version's zip is kept");
    assert.ok(!existsSync(stale), "the stale zip is dropped");
    assert.equal(pr.removed, 1);
  } finally {
    job.done();
  }
});

test("prefillModuleCache: without -modcacherw the directories are read-only too, and go builds from the trees with no zip anywhere; a broken or missing zip is skipped, leaving nothing behind", async () => {
  const r = await recorded("gopin-prefill-unit-");
  const lock = (await readLockfile(r.lockfile))!;
  const store = join(r.root, "store-copy");
  cpSync(r.store, store, { recursive: true });
  // multi's zip with one byte of content flipped (it no longer inflates to its CRC); Widget's gone.
  const multiZip = join(store, "example.com", "multi", "@v", "v1.2.0.zip");
  const bytes = readFileSync(multiZip);
  const name = bytes.indexOf(`${STD.multi}@v1.2.0/multi.go`); // its local header's name
  assert.ok(name > 30);
  const data = name + bytes.readUInt16LE(name - 30 + 26) + bytes.readUInt16LE(name - 30 + 28);
  bytes[data + 2] ^= 0x01;
  writeFileSync(multiZip, bytes);
  rmSync(join(store, "example.com", "!big!corp", "!widget", "@v", "v1.0.0.zip"));
  const modCache = join(r.root, "mc");
  mkdirSync(modCache);
  try {
    // On worker threads (a graph this small would lay out on this thread by default).
    const res = await prefillModuleCache({ lock, store, modCache, modCacheRW: false, threads: 2 });
    assert.equal(res.threads, 2, "laid out on worker threads");
    assert.equal(res.laidOut, 2);
    assert.deepEqual(
      res.skipped.map((s) => `${s.module}@${s.version}: ${s.reason}`),
      [`${STD.widget}@v1.0.0: not in the store`, `${STD.multi}@v1.2.0: zip refused`],
    );
    assert.match(res.skipped[1]!.detail!, /multi\.go/);
    assert.ok(!existsSync(join(modCache, "example.com", "multi@v1.2.0")));
    assert.deepEqual(readdirSync(join(modCache, "cache", "download", "example.com", "multi", "@v")), [], "no .partial or .ziphash left");
    const big = join(modCache, "example.com", "big@v1.0.0");
    const dirs = [big, ...(readdirSync(big, { recursive: true }) as string[]).map((f) => join(big, f)).filter((f) => statSync(f).isDirectory())];
    assert.ok(dirs.length > 40, `${dirs.length} directories`);
    for (const d of dirs) assert.equal(statSync(d).mode & 0o777, 0o555, `${d} lost its write bits (go's makeDirsReadOnly)`);

    // go itself, without -modcacherw, from a proxy that has the .mod files but no zips.
    const nozips = join(r.root, "no-zips");
    cpSync(r.up, nozips, { recursive: true });
    for (const [m, v] of [[STD.app, "v1.3.0"], [STD.big, "v1.0.0"]]) rmSync(join(nozips, ...treeName(m, "").slice(0, -1).split("/"), "@v", `${v}.zip`));
    const ws = join(r.root, "ws2");
    writeMainModule(ws, [
      { path: STD.app, version: "v1.3.0" },
      { path: STD.big, version: "v1.0.0" },
    ]);
    const env = goEnv(r.root, { GOPROXY: fileProxyUrl(nozips), GOMODCACHE: modCache, GOFLAGS: "" });
    const out = assertGoOk(await runCommand("sh", ["-c", "go mod tidy && go build ./... && go mod verify"], { cwd: ws, env }), "build from prefilled trees");
    assert.match(out.stdout, /^all modules verified$/m);
  } finally {
    removeTree(modCache);
  }
  assert.equal(hasModCacheRW("-modcacherw"), true);
  assert.equal(hasModCacheRW("-mod=mod -modcacherw=false"), false);
  assert.equal(hasModCacheRW("-trimpath --modcacherw"), true);
  assert.equal(hasModCacheRW(undefined), false);
});

/** Every file and directory below `dir` with its mode and the sha256 of its content. */
function treeListing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .sort()
    .map((f) => {
      const st = statSync(join(dir, f));
      return `${f} ${(st.mode & 0o777).toString(8)} ${st.isFile() ? createHash("sha256").update(readFileSync(join(dir, f))).digest("hex") : "dir"}`;
    });
}

test("layout threads: none for a small graph (a worker's start-up costs more than it saves), one per core up to 4 for a big one, never just one", () => {
  assert.equal(layoutThreads(11, 2), 0, "fzf's 11 versions lay out on this thread");
  assert.equal(layoutThreads(2 * VERSIONS_PER_THREAD - 1, 4), 0, "one worker is never worth it");
  assert.equal(layoutThreads(2 * VERSIONS_PER_THREAD, 4), 2);
  assert.equal(layoutThreads(180, 2), 2, "hugo's graph on 2 cores");
  assert.equal(layoutThreads(180, 16), 4);
  assert.equal(layoutThreads(180, 1), 0);
});

test("prefill on worker threads lays out the same trees as on this thread; a tree left with its .partial is laid out again; a worker that dies hands its jobs back", async () => {
  const r = await recorded("gopin-prefill-threads-");
  const lock = (await readLockfile(r.lockfile))!;
  const mc = (name: string) => {
    const d = join(r.root, name);
    mkdirSync(d);
    return d;
  };
  try {
    const here = await prefillModuleCache({ lock, store: r.store, modCache: mc("mc-here"), modCacheRW: true, threads: 0 });
    const there = await prefillModuleCache({ lock, store: r.store, modCache: mc("mc-workers"), modCacheRW: true, threads: 2 });
    assert.equal(here.threads, 0);
    assert.equal(there.threads, 2);
    assert.equal(here.laidOut, 4);
    assert.equal(there.laidOut, 4);
    assert.deepEqual(treeListing(join(r.root, "mc-workers")), treeListing(join(r.root, "mc-here")));

    // An unfinished tree (a worker killed mid-way): go would extract it again, and so does the prefill.
    const left = mc("mc-left");
    const { dir, dl, ev } = cachePaths(left, STD.multi, "v1.2.0");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "half-written.go"), "package multi\n");
    mkdirSync(dl, { recursive: true });
    writeFileSync(join(dl, `${ev}.partial`), "");
    const again = await prefillModuleCache({ lock, store: r.store, modCache: left, modCacheRW: true, threads: 0 });
    assert.equal(again.laidOut, 4, JSON.stringify(again.skipped));
    assert.deepEqual(treeListing(left), treeListing(join(r.root, "mc-here")));

    // Workers that exit at once: every job is laid out on this thread instead.
    const dying = join(r.root, "dying-worker.mjs");
    writeFileSync(dying, "process.exit(3);\n");
    const pool = new LayoutPool(2, dying);
    const dead = mc("mc-dead");
    const v = lock.modules.get(STD.big)!.versions.get("v1.0.0")!;
    const zip = join(r.store, ...treeName(STD.big, "").slice(0, -1).split("/"), "@v", "v1.0.0.zip");
    const skip = await pool.run({ module: STD.big, version: "v1.0.0", h1: v.zip!, zip, size: statSync(zip).size, modCache: dead, modCacheRW: true });
    await pool.close();
    assert.equal(skip, undefined);
    assert.deepEqual(treeListing(join(dead, `${STD.big}@v1.0.0`)), treeListing(join(r.root, "mc-here", `${STD.big}@v1.0.0`)));
  } finally {
    for (const d of ["mc-here", "mc-workers", "mc-left", "mc-dead"]) removeTree(join(r.root, d));
    removeTree(r.root);
  }
});

test("gopin run in verify mode prefills its own module cache (no .zip request); --prefill-modcache off does not", async () => {
  const r = await recorded("gopin-prefill-cli-");
  const ws = join(r.root, "ws");
  for (const [flag, zips] of [[[], 0], [["--prefill-modcache", "off"], 4]] as const) {
    const log = join(r.root, `run${zips}.log`);
    const run = await runCommand(process.execPath, [CLI, "run", "--mode", "verify", "--store", r.store, "--upstream", "off", "--log", log, ...flag, "--", "go", "build", "./..."], {
      cwd: ws,
      env: goEnv(r.root, { GOFLAGS: "" }),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(requestsSince(log, 0).filter((q) => q.path.endsWith(".zip")).length, zips, run.stderr);
    if (zips === 0) assert.match(run.stderr, /gopin: module cache: laid out 4 of 4 locked module versions/);
  }
  const bad = await runCommand(process.execPath, [CLI, "run", "--mode", "record", "--store", r.store, "--upstream", "off", "--prefill-modcache", "on", "--", "true"], { cwd: ws, env: goEnv(r.root) });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--prefill-modcache on is for verify mode/);
});
