// gopin run: record, verify and the time window, end to end with the real go
// command against a fixture upstream.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, existsSync, statSync, rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildAll, buildModule, h1Sums, standardModules, writeMainModule, STD, STD_PSEUDO_VERSION, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, goModDownload, runCommand, tempDir, type EnvOverrides, type GoResult } from "./helpers/go.js";
import { CLI, get, startGopin } from "./helpers/gopin.js";

let modules: BuiltModule[];
const toStop: FixtureUpstream[] = [];
before(async () => {
  modules = await buildAll(standardModules());
});
after(async () => {
  for (const u of toStop) await u.stop();
});

async function upstream(mods: BuiltModule[] = modules): Promise<FixtureUpstream> {
  const u = await startFixtureUpstream(mods);
  toStop.push(u);
  return u;
}

const REQUIRES = [
  { path: STD.app, version: "v1.3.0" },
  { path: STD.legacy, version: "v2.0.0+incompatible" },
  { path: STD.libV2, version: "v2.1.0" },
  { path: STD.pseudo, version: STD_PSEUDO_VERSION },
];

interface Project {
  dir: string;
  lock: string;
}

function project(requires: Array<{ path: string; version: string }> = REQUIRES): Project {
  const dir = tempDir("gopin-proj-");
  writeMainModule(dir, requires);
  return { dir, lock: join(dir, "gopin.lock") };
}

/** `gopin run [flags] -- sh -c SCRIPT` (no script: `gopin lock [flags]`) in the project, with a fresh store and go environment (module cache included) unless given. */
async function gopinRun(p: Project, up: string, flags: string[], script: string | undefined, opts: { store?: string; root?: string; env?: EnvOverrides } = {}): Promise<GoResult & { report: any }> {
  const root = opts.root ?? tempDir("gopin-run-");
  const reportFile = join(root, "report.json");
  const command = script === undefined ? ["lock"] : ["run"];
  const args = [CLI, ...command, "--upstream", up, "--private", "", "--store", opts.store ?? join(root, "store"), "--report", reportFile, ...flags, ...(script === undefined ? [] : ["--", "sh", "-c", script])];
  const r = await runCommand(process.execPath, args, { cwd: p.dir, env: goEnv(root, opts.env), timeoutMs: 180_000 });
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : undefined;
  return { ...r, report };
}

const BUILD = "go mod tidy && go build ./...";

describe("record", () => {
  test("records every fetched version with go's own h1: hashes, and a second record is byte-identical", async () => {
    const up = await upstream();
    const p = project();
    const r1 = await gopinRun(p, up.url, ["--mode", "record"], BUILD);
    assert.equal(r1.code, 0, r1.stderr);
    const lock1 = readFileSync(p.lock, "utf8");
    assert.match(lock1, /^gopin-lock 1\n/);
    // Every go.sum line the go command wrote appears in the lock with the same hash.
    const goSum = readFileSync(join(p.dir, "go.sum"), "utf8").trim().split("\n");
    assert.ok(goSum.length >= 8, "go.sum has entries");
    for (const line of goSum) {
      const [mod, ver, hash] = line.split(" ");
      const isMod = ver!.endsWith("/go.mod");
      const v = isMod ? ver!.slice(0, -"/go.mod".length) : ver!;
      const rec = lock1.split("\n").find((l) => l.startsWith(`version ${mod} ${v} `));
      assert.ok(rec, `lock has ${mod}@${v}`);
      assert.ok(rec!.includes(`${isMod ? "mod" : "zip"}=${hash}`), `lock hash for ${line}: ${rec}`);
    }
    assert.match(lock1, new RegExp(`version ${STD.widget} v1.0.0 time=2023-01-05T10:00:00Z`));
    assert.match(lock1, /origin example.com\/BigCorp\/Widget v1.0.0 vcs=git/);
    assert.equal(r1.report.mode, "record");
    assert.equal(r1.report.verdict, "pass");
    assert.ok(r1.report.counts.added > 0);

    const mtime = statSync(p.lock).mtimeMs;
    const r2 = await gopinRun(p, up.url, ["--mode", "record"], BUILD);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(readFileSync(p.lock, "utf8"), lock1, "second record is byte-identical");
    assert.equal(statSync(p.lock).mtimeMs, mtime, "an unchanged lockfile is not rewritten");
    assert.match(r2.stderr, /unchanged/);
  });

  test("verify on a cold store passes and is answered against the lock", async () => {
    const up = await upstream();
    const p = project();
    assert.equal((await gopinRun(p, up.url, [], BUILD)).code, 0, "auto mode records when there is no lockfile");
    const lock = readFileSync(p.lock, "utf8");
    const v = await gopinRun(p, up.url, [], "go build ./... && go list -m all");
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.mode, "verify");
    assert.equal(v.report.verdict, "pass");
    assert.equal(v.report.counts.refused, 0);
    assert.equal(readFileSync(p.lock, "utf8"), lock, "verify never writes the lockfile");
  });
});

describe("verify refuses what the lockfile does not hold", () => {
  let up: FixtureUpstream;
  let p: Project;
  before(async () => {
    up = await upstream();
    p = project();
    const r = await gopinRun(p, up.url, ["--mode", "record"], BUILD);
    assert.equal(r.code, 0, r.stderr);
  });

  test("a tampered zip names the module, version, locked hash and served hash", async () => {
    const widget = modules.find((m) => m.path === STD.widget)!;
    const evil = await buildModule({ path: STD.widget, version: "v1.0.0", time: widget.time, files: { "widget.go": "package widget\n\nfunc Hello() string { return \"pwned\" }\n" } });
    up.setFault("!widget/@v/v1.0.0.zip", { alter: () => evil.zip });
    try {
      const lockText = readFileSync(p.lock, "utf8");
      const locked = /version example.com\/BigCorp\/Widget v1.0.0 .*zip=(h1:\S+)/.exec(lockText)![1]!;
      const r = await gopinRun(p, up.url, ["--mode", "verify"], "go build ./...");
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /server response:.*example.com\/BigCorp\/Widget@v1.0.0: zip hash mismatch/);
      assert.ok(r.stderr.includes(locked), "names the locked hash");
      assert.equal(r.report.verdict, "fail");
      const refused = r.report.refused.find((x: any) => x.module === STD.widget);
      assert.ok(refused, "refused row for the widget");
      assert.equal(refused.version, "v1.0.0");
      assert.match(refused.reason, /zip hash mismatch/);
      assert.equal(readFileSync(p.lock, "utf8"), lockText, "the lockfile is untouched");
    } finally {
      up.clearFaults();
    }
  });

  test("a rewritten .info time is upstream drift: verify serves the locked .info without asking; record reports it and keeps the lock", async () => {
    up.setFault("!widget/@v/v1.0.0.info", { alter: (b) => Buffer.from(b.toString().replace("2023-01-05T10:00:00Z", "2023-01-04T10:00:00Z")) });
    const asked = () => up.count(/!widget\/@v\/v1\.0\.0\.info$/);
    try {
      const lockText = readFileSync(p.lock, "utf8");
      const before = asked();
      const v = await gopinRun(p, up.url, ["--mode", "verify"], `go list -m -json ${STD.widget}@v1.0.0`);
      assert.equal(v.code, 0, v.stderr);
      assert.match(v.stdout, /"Time": "2023-01-05T10:00:00Z"/, "go sees the locked time");
      assert.equal(asked(), before, "verify needs no upstream .info for a locked version");
      assert.equal(v.report.verdict, "pass");
      const r = await gopinRun(p, up.url, ["--mode", "record"], `go list -m -json ${STD.widget}@v1.0.0`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /"Time": "2023-01-05T10:00:00Z"/);
      assert.equal(r.report.verdict, "pass");
      assert.deepEqual(
        r.report.drift.map((d: any) => [d.module, d.version, d.field, d.locked, d.upstream]),
        [[STD.widget, "v1.0.0", "time", "2023-01-05T10:00:00Z", "2023-01-04T10:00:00Z"]],
      );
      assert.match(r.stderr, /### Upstream drift \(metadata only, not a violation\) \(1\)/);
      assert.equal(readFileSync(p.lock, "utf8"), lockText, "the locked time is kept");
    } finally {
      up.clearFaults();
    }
  });

  test("an unlocked version and a version published after the lock are refused", async () => {
    const fetched = () => up.count(/\/multi\/@v\/v1\.0\.0\.(info|mod|zip)$/);
    const before = fetched();
    const r = await gopinRun(p, up.url, ["--mode", "verify"], `go mod download -json ${STD.multi}@v1.0.0`);
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /example.com\/multi@v1.0.0: not in gopin.lock/);
    assert.equal(fetched(), before, "nothing of the unlocked version was fetched upstream, read-ahead included");
    await up.addModule({ path: STD.multi, version: "v1.3.0", time: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
    const r2 = await gopinRun(p, up.url, ["--mode", "verify"], `go get ${STD.multi}@latest`);
    assert.notEqual(r2.code, 0);
    assert.match(r2.stdout + r2.stderr, /(example.com\/multi\/@v\/list: gopin.lock holds no answer|example.com\/multi@v1.3.0: not in gopin.lock)/);
    assert.equal(r2.report.verdict, "fail");
    up.removeModule(STD.multi, "v1.3.0");
  });

  test("list and @latest are answered from the lockfile, not the upstream", async () => {
    const p2 = project([{ path: STD.widget, version: "v1.0.0" }]);
    const rec = await gopinRun(p2, up.url, ["--mode", "record"], `go mod tidy && go list -m -versions ${STD.multi}`);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(readFileSync(p2.lock, "utf8"), /^list example.com\/multi v1.0.0 v1.1.0 v1.2.0-pre v1.2.0$/m);
    await up.addModule({ path: STD.multi, version: "v1.4.0", time: "2023-06-01T00:00:00Z" });
    up.clearLog();
    const ver = await gopinRun(p2, up.url, ["--mode", "verify"], `go list -m -versions ${STD.multi}`);
    assert.equal(ver.code, 0, ver.stderr);
    assert.match(ver.stdout, /^example.com\/multi v1.0.0 v1.2.0-pre v1.2.0$/m, "the locked answer (go hides retracted v1.1.0)");
    assert.equal(up.count("multi/@v/list"), 0, "the upstream was not asked");
    up.removeModule(STD.multi, "v1.4.0");
  });
});

describe("what go accepts, gopin admits", () => {
  test("a fork used as a replacement target, whose go.mod still names the original path, builds in record and verify", async () => {
    const fork = await buildModule({
      path: "example.com/fork",
      version: "v1.0.0",
      time: "2023-02-01T00:00:00Z",
      goMod: "module example.com/original\n\ngo 1.21\n",
      files: { "original.go": "package original\n\nfunc Hello() string { return \"fork\" }\n" },
    });
    const up = await upstream([...modules, fork]);
    const p = project([{ path: "example.com/original", version: "v1.0.0" }]);
    writeFileSync(join(p.dir, "go.mod"), readFileSync(join(p.dir, "go.mod"), "utf8") + "\nreplace example.com/original => example.com/fork v1.0.0\n");
    const r = await gopinRun(p, up.url, ["--mode", "record"], BUILD);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report.verdict, "pass");
    assert.match(readFileSync(p.lock, "utf8"), /^version example.com\/fork v1.0.0 time=\S+ mod=h1:\S+ zip=h1:\S+$/m);
    const v = await gopinRun(p, up.url, ["--mode", "verify"], "go build ./...");
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
  });
});

describe("not-found answers", () => {
  // A module whose path has longer prefixes that are not modules: go probes
  // each one (go install pkg@version, go get pkg) and must be told "not found".
  // The host does not resolve (.invalid), so direct cannot reach any VCS.
  const TOOL = "example.invalid/tool";
  const toolModule = () =>
    buildModule({ path: TOOL, version: "v1.0.0", time: "2023-02-01T00:00:00Z", files: { "cmd/hello/main.go": "package main\n\nfunc main() { println(\"hello\") }\n" } });

  test("direct that cannot reach a VCS says not found the way go does, so go moves on (go install pkg@version through proxy,direct)", async () => {
    const up = await upstream([...modules, await toolModule()]);
    const p = project([]);
    const r = await gopinRun(p, `${up.url},direct`, ["--mode", "record"], `go install ${TOOL}/cmd/hello@v1.0.0`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report.verdict, "pass");
    assert.ok(up.count(`${TOOL}/cmd/hello/@v/v1.0.0.info`) > 0, "the prefix was probed upstream");
  });

  test("the not-found answers of a record are pinned and replayed by verify (go install pkg@version and pkg@latest, go list -m -u all)", async () => {
    const up = await upstream([...modules, await toolModule()]);
    const p = project([{ path: STD.pseudo, version: STD_PSEUDO_VERSION }]);
    const script = `go install ${TOOL}/cmd/hello@v1.0.0 && go install ${TOOL}/cmd/hello@latest && go mod tidy && go list -m -u all`;
    // Like a real mirror that answers 403 for a path it will not serve: go moves past it on a prefix probe.
    up.setFault("example.invalid/@v/", { status: 403 });
    const r = await gopinRun(p, up.url, ["--mode", "record"], script);
    assert.equal(r.code, 0, r.stderr);
    const lock = readFileSync(p.lock, "utf8");
    for (const line of [`missing ${TOOL}/cmd/hello @v/v1.0.0`, `missing ${TOOL}/cmd @v/v1.0.0`, `missing ${TOOL}/cmd/hello @v/list`, "missing example.invalid @v/v1.0.0"]) {
      assert.ok(lock.split("\n").includes(line), `${line} in\n${lock}`);
    }
    assert.ok(!lock.includes(`missing ${TOOL} `), "a module that exists has no not-found record");
    up.clearLog();
    const v = await gopinRun(p, up.url, ["--mode", "verify"], script);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
    assert.equal(v.report.counts.refused, 0);
    assert.equal(up.count(`${TOOL}/cmd/`), 0, "the pinned not-found answers needed no upstream");
  });

  test("a version whose major does not fit a probed prefix is not found, so go install path/v2/cmd/tool@v2.x records and verifies", async () => {
    const tool = await buildModule({ path: `${TOOL}/v2`, version: "v2.0.0", time: "2023-02-01T00:00:00Z", files: { "cmd/hello/main.go": "package main\n\nfunc main() { println(\"hello\") }\n" } });
    const up = await upstream([...modules, tool]);
    const p = project([]);
    const script = `go install ${TOOL}/v2/cmd/hello@v2.0.0`;
    const r = await gopinRun(p, up.url, ["--mode", "record"], script);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report.verdict, "pass");
    assert.equal(up.count(`${TOOL}/v2/cmd/`), 0, "no module path without /v2 can have v2.0.0: answered without the upstream");
    const v = await gopinRun(p, up.url, ["--mode", "verify"], script);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
  });
});

describe("gopin lock", () => {
  test("records what the module needs to build and test, so go test, go mod tidy and go list -m all pass verify where a go build lock does not; --prune drops versions no longer in the graph", async () => {
    const up = await upstream();
    const p = project([{ path: STD.app, version: "v1.3.0" }]);
    writeFileSync(join(p.dir, "main_test.go"), `package main\n\nimport (\n\t"testing"\n\n\t_ ${JSON.stringify(STD.libV2)}\n)\n\nfunc TestOK(t *testing.T) {}\n`);
    const tidy = await runCommand("go", ["mod", "tidy"], { cwd: p.dir, env: goEnv(tempDir("gopin-tidy-"), { GOPROXY: up.url }) });
    assert.equal(tidy.code, 0, tidy.stderr);
    const everyday = "go test ./... && go mod tidy && go list -m all";
    // A lock recorded with go build only does not cover the tests.
    const built = await gopinRun(p, up.url, ["--mode", "record"], "go build ./...");
    assert.equal(built.code, 0, built.stderr);
    const partial = await gopinRun(p, up.url, ["--mode", "verify"], everyday);
    assert.notEqual(partial.code, 0, "a go build lock misses the test-only module");
    assert.match(partial.stdout + partial.stderr, /example.org\/lib\/v2@v2.1.0/);
    rmSync(p.lock);
    // go.sum may hold go.mod hashes of versions no longer in the graph (go keeps them); the lock covers them too.
    const old = modules.find((m) => m.path === STD.multi && m.version === "v1.0.0")!;
    writeFileSync(join(p.dir, "go.sum"), readFileSync(join(p.dir, "go.sum"), "utf8") + `${old.path} ${old.version}/go.mod ${h1Sums(old).goModSum}\n`);
    const l = await gopinRun(p, up.url, [], undefined);
    assert.equal(l.code, 0, l.stderr);
    assert.equal(l.report.mode, "record");
    const lock = readFileSync(p.lock, "utf8");
    for (const line of readFileSync(join(p.dir, "go.sum"), "utf8").trim().split("\n")) {
      const [mod, ver, hash] = line.split(" ");
      const entry = lock.split("\n").find((x) => x.startsWith(`version ${mod} ${ver!.replace(/\/go\.mod$/, "")} `));
      assert.ok(entry?.includes(hash!), `the lock has every go.sum entry: ${line}`);
    }
    const v = await gopinRun(p, up.url, ["--mode", "verify"], everyday);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
    // A version no longer in the graph (say, before an upgrade) stays, until --prune.
    const extra = await gopinRun(p, up.url, ["--mode", "record"], `cd / && go mod download -json ${STD.multi}@v1.1.0`);
    assert.equal(extra.code, 0, extra.stderr);
    assert.match(readFileSync(p.lock, "utf8"), /^version example.com\/multi v1.1.0 /m);
    assert.equal((await gopinRun(p, up.url, [], undefined)).code, 0);
    assert.match(readFileSync(p.lock, "utf8"), /^version example.com\/multi v1.1.0 /m, "kept without --prune");
    const pruned = await gopinRun(p, up.url, ["--prune"], undefined);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.doesNotMatch(readFileSync(p.lock, "utf8"), /^version example.com\/multi v1.1.0 /m, "pruned");
    // (v1.0.0 too: the go mod tidy above dropped its go.mod-only go.sum line, so it is no longer needed.)
    assert.deepEqual(pruned.report.removed.map((r: any) => `${r.module}@${r.version}`), [`${STD.multi}@v1.0.0`, `${STD.multi}@v1.1.0`]);
    assert.equal((await gopinRun(p, up.url, ["--mode", "verify"], everyday)).code, 0, "the pruned lock still covers the module");
    const usage = await runCommand(process.execPath, [CLI, "lock", "--mode", "verify"], { cwd: p.dir, env: goEnv(tempDir("gopin-run-")) });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /lock always records; drop --mode verify/);
  });
});

describe("toolchains", () => {
  test("gopin's own go env never downloads a toolchain, even for a module asking for a newer go with GOTOOLCHAIN=auto; the job's toolchain fetch goes through gopin", async () => {
    const up = await upstream();
    const dir = tempDir("gopin-proj-");
    writeMainModule(dir, [], { goVersion: "1.99" });
    const p = { dir, lock: join(dir, "gopin.lock") };
    const env = { GOTOOLCHAIN: "auto", GOPROXY: up.url };
    const r = await gopinRun(p, up.url, ["--mode", "record"], "true", { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(up.count("golang.org/toolchain"), 0, "no toolchain was asked for before or outside the job");
    // The job's go wants go1.99: it asks gopin, which asks the upstream (no such toolchain here).
    const j = await gopinRun(p, up.url, ["--mode", "record"], "go version || true", { env });
    assert.equal(j.code, 0, j.stderr);
    assert.ok(up.count("golang.org/toolchain") > 0, "the job's toolchain fetch reached the upstream");
    assert.match(readFileSync(p.lock, "utf8"), /^missing golang.org\/toolchain @v\/v0.0.1-go1.99.0.linux-/m, "through gopin, which pinned the answer");
  });
});

describe("gopin owns the module cache", () => {
  test("verify: a version bump already in the user's module cache is still refused (and slips through with --own-modcache off)", async () => {
    const up = await upstream();
    const p = project([{ path: STD.multi, version: "v1.0.0" }]);
    // One go environment throughout, as on a laptop: its module cache stays warm.
    const root = tempDir("gopin-warm-");
    const store = join(root, "store");
    const rec = await gopinRun(p, up.url, ["--mode", "record"], BUILD, { root, store });
    assert.equal(rec.code, 0, rec.stderr);
    // The bump, made without gopin: go.mod/go.sum name v1.2.0 and the user's module cache holds it.
    const bump = await runCommand("go", ["get", `${STD.multi}@v1.2.0`], { cwd: p.dir, env: goEnv(root, { GOPROXY: up.url }) });
    assert.equal(bump.code, 0, bump.stderr);
    assert.ok(existsSync(join(root, "modcache", "example.com", "multi@v1.2.0")), "the user's module cache holds the bump");

    const v = await gopinRun(p, up.url, [], "go build ./...", { root, store });
    assert.notEqual(v.code, 0, "refused: v1.2.0 is not in the lockfile");
    assert.match(v.stderr, /module cache \S+run-modcache-\S+ \(this run's own\)/);
    assert.match(v.stderr, /example\.com\/multi@v1\.2\.0/);
    assert.ok(v.report.counts.refused > 0, JSON.stringify(v.report.counts));
    assert.deepEqual(readdirSync(root).filter((f) => f.startsWith("run-modcache-")), [], "the run's module cache is removed afterwards");

    const off = await gopinRun(p, up.url, ["--own-modcache", "off"], "go build ./...", { root, store });
    assert.equal(off.code, 0, "with the user's module cache, go never asks gopin about v1.2.0");
    assert.equal(off.report.counts.refused, 0);
    assert.match(off.stderr, /module cache yours \(--own-modcache off\)/);
  });

  test("--own-modcache takes on or off, and says where a bad value came from", async () => {
    const p = project();
    const bad = await gopinRun(p, "off", ["--own-modcache", "maybe"], "true");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--own-modcache must be on or off, got "maybe"/);
  });
});

describe("the lockfile on disk while the job runs", () => {
  test("serve in record mode has gopin.lock on disk, complete, by the time go exits, and shutdown leaves those same bytes", async () => {
    const up = await upstream();
    const root = tempDir("gopin-live-");
    const lock = join(root, "gopin.lock");
    const env = goEnv(root);
    const g = await startGopin({ store: join(root, "store"), upstream: up.url, logFile: join(root, "gopin.log"), env, extraArgs: ["--mode", "record", "--lockfile", lock, "--quiet"] });
    try {
      const { result, records } = await goModDownload([`${STD.widget}@v1.0.0`, `${STD.libV2}@v2.1.0`, `${STD.big}@v1.0.0`], { env: { ...env, GOPROXY: g.url }, cwd: root });
      assert.equal(result.code, 0, result.stderr);
      // As soon as go is done (a later step starts), the lockfile holds every zip hash go computed.
      const afterGo = existsSync(lock) ? readFileSync(lock, "utf8") : "(no gopin.lock yet)";
      for (const r of records) assert.ok(afterGo.includes(`version ${r.Path} ${r.Version} `) && afterGo.includes(`zip=${r.Sum}`), `gopin.lock lacks ${r.Path}@${r.Version} ${r.Sum}:\n${afterGo}`);
      // The same for a bare client that reads the file the moment its answer is in.
      for (const kind of ["info", "mod", "zip"]) {
        assert.equal((await get(`${g.url}/${STD.multi}/@v/v1.0.0.${kind}`)).status, 200);
        const now = readFileSync(lock, "utf8");
        assert.match(now, new RegExp(`^version ${STD.multi} v1\\.0\\.0 time=\\S+${kind === "info" ? "" : `.* ${kind}=h1:`}`, "m"), `after the .${kind} answer:\n${now}`);
      }
      const live = readFileSync(lock, "utf8");
      assert.equal(g.proc.exitCode, null, "gopin is still running");
      const mtime = statSync(lock).mtimeMs;
      assert.equal(await g.stop(), 0);
      assert.equal(readFileSync(lock, "utf8"), live, "the final lockfile is the one already on disk");
      assert.equal(statSync(lock).mtimeMs, mtime, "same bytes: not rewritten on shutdown");
    } finally {
      await g.stop();
    }
  });
});

describe("time window", () => {
  test("--as-of hides later versions from queries and keeps retractions correct", async () => {
    const up = await upstream();
    const p = project([{ path: STD.widget, version: "v1.0.0" }]);
    // As of 2023-03-01, multi had v1.0.0 and v1.1.0; v1.2.0 (2023-04) retracts v1.1.0.
    const r = await gopinRun(p, up.url, ["--mode", "record", "--as-of", "2023-03-01"], `go mod tidy && go list -m -versions ${STD.multi} && go get ${STD.multi}@latest && go list -m ${STD.multi}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^example.com\/multi v1.0.0$/m, "v1.2.0-pre and v1.2.0 are hidden, and retracted v1.1.0 is not offered");
    assert.match(r.stderr, /go: added example.com\/multi v1.0.0/);
    const lock = readFileSync(p.lock, "utf8");
    assert.match(lock, /^policy as-of 2023-03-01T00:00:00Z$/m);
    assert.match(lock, /^list example.com\/multi v1.0.0$/m);
  });

  test("--min-release-age refuses a too-young version by name, and --allow exempts exactly it", async () => {
    const fresh = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
    const young = await buildModule({ path: "example.com/young", version: "v1.0.0", time: fresh });
    const up = await upstream([...modules, young]);
    const p = project([{ path: "example.com/young", version: "v1.0.0" }]);
    const r = await gopinRun(p, up.url, ["--mode", "record", "--min-release-age", "7d"], BUILD);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`example.com/young@v1.0.0 was published ${fresh}, .* younger than min-release-age 7d.*--allow example.com/young@v1.0.0`));
    assert.equal(r.report.verdict, "fail");
    const ok = await gopinRun(p, up.url, ["--mode", "record", "--min-release-age", "7d", "--allow", "example.com/young@v1.0.0"], BUILD);
    assert.equal(ok.code, 0, ok.stderr);
    const lock = readFileSync(p.lock, "utf8");
    assert.match(lock, /^policy min-age 7d$/m);
    assert.match(lock, /^policy exempt example.com\/young@v1.0.0$/m);
    // The exemption is exact: another young version is still refused.
    await up.addModule({ path: "example.com/young", version: "v1.0.1", time: fresh });
    const r3 = await gopinRun(p, up.url, ["--mode", "record"], `go mod download -json example.com/young@v1.0.1`);
    assert.notEqual(r3.code, 0, "the recorded min-age policy applies to re-records too");
    assert.match(r3.stdout + r3.stderr, /young@v1.0.1 was published/);
  });

  test("a pseudo-version whose .info time is not its own timestamp is drift (with who said it), and the window judges the timestamp", async () => {
    const up = await upstream();
    up.setFault(`pseudo/@v/${STD_PSEUDO_VERSION}.info`, { alter: (b) => Buffer.from(b.toString().replace("2023-03-15T12:00:00Z", "2021-01-01T00:00:00Z")) });
    const p = project([{ path: STD.pseudo, version: STD_PSEUDO_VERSION }]);
    const script = `go mod download -json ${STD.pseudo}@${STD_PSEUDO_VERSION}`;
    const r = await gopinRun(p, up.url, ["--mode", "record"], script);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report.verdict, "pass");
    assert.deepEqual(
      r.report.drift.map((d: any) => [d.module, d.version, d.field, d.locked, d.upstream, d.source]),
      [[STD.pseudo, STD_PSEUDO_VERSION, "pseudo-time", "2023-03-15T12:00:00Z", "2021-01-01T00:00:00Z", up.url]],
    );
    const v = await gopinRun(p, up.url, ["--mode", "verify"], script);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
    // The .info says 2021, but the commit (the version string) is from 2023-03-15: min-release-age judges the commit.
    const young = await gopinRun(project([{ path: STD.pseudo, version: STD_PSEUDO_VERSION }]), up.url, ["--mode", "record", "--min-release-age", `${Math.ceil((Date.now() - Date.parse("2022-01-01")) / 86400_000)}d`], script);
    assert.notEqual(young.code, 0);
    assert.match(young.stdout + young.stderr, new RegExp(`${STD.pseudo}@${STD_PSEUDO_VERSION} was published 2023-03-15T12:00:00Z`));
  });
});

describe("broken lockfiles", () => {
  for (const [name, text, line, re] of [
    ["merge-conflict markers", "gopin-lock 1\n<<<<<<< HEAD\nlist example.com/a v1.0.0\n=======\n", 2, /merge conflict/],
    ["a truncated line", "gopin-lock 1\nversion example.com/a v1.0.0 mod=h1:abc\n", 2, /./],
    ["an unknown format version", "gopin-lock 9\n", 1, /1/],
  ] as const) {
    test(`${name}: a clear error naming gopin.lock:${line}, and the file is never overwritten`, async () => {
      const up = await upstream();
      const p = project([{ path: STD.widget, version: "v1.0.0" }]);
      writeFileSync(p.lock, text);
      for (const mode of ["auto", "record", "verify"]) {
        const r = await gopinRun(p, up.url, ["--mode", mode], "go build ./...");
        assert.notEqual(r.code, 0, mode);
        assert.match(r.stderr, new RegExp(`gopin.lock:${line}: `), mode);
        assert.match(r.stderr, re);
        assert.equal(readFileSync(p.lock, "utf8"), text, `${mode} leaves the broken lockfile alone`);
      }
      assert.equal(up.requests.length, 0, "nothing was fetched");
    });
  }
});
