// The Action's steps called in-process (runMain/runPost, as setup-go tests
// its run()): inputs and the runner's file commands through the environment,
// a real daemon, a file:// upstream, no cache service. The bundled, out-of-
// process behaviour is action.test.ts's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseWorkflowCommands } from "./helpers/runner.js";
import { inProcessJob } from "./helpers/inprocess.js";
import { buildAll, buildModule, infoJson, writeProxyTree, fileProxyUrl, standardModules, writeMainModule, STD } from "./helpers/fixtures.js";
import { startFixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "./helpers/go.js";

/** The Node flags of the daemon the main step started (its pid from the step's state). */
function daemonNodeArgs(): string[] {
  const { pid } = JSON.parse(process.env.STATE_gopin!) as { pid: number };
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  return argv.slice(1, argv.findIndex((a) => a.endsWith(".js")));
}

test("main then post in-process: record mode exports gopin, and post writes the lockfile and a passing summary from the outcome", async () => {
  const root = tempDir("gopin-inproc-");
  const up = join(root, "upstream");
  await writeProxyTree(up, standardModules());
  const job = inProcessJob(root, fileProxyUrl(up));
  try {
    const { exported } = await job.main({ mode: "record", cache: "false" });
    assert.match(exported.GOPROXY!, /^http:\/\/127\.0\.0\.1:\d+$/);
    // A recording daemon keeps a small young generation, and its heap grows as V8 likes (daemon-flags.ts).
    if (process.platform === "linux") assert.deepEqual(daemonNodeArgs(), ["--max-semi-space-size=1"]);
    assert.equal(exported.GOSUMDB, "off", "the job's GOSUMDB=off, as the daemon resolved it");
    // A go command of a later step would ask this:
    const list = await fetch(`${exported.GOPROXY}/${STD.multi}/@v/list`);
    assert.equal(await list.text(), "v1.0.0\nv1.1.0\nv1.2.0-pre\nv1.2.0\n");

    const post = await job.post();
    assert.equal(post.exitCode, 0);
    assert.equal(post.outputs.violations, "0");
    assert.equal(post.outputs["lockfile-changed"], "true");
    assert.match(readFileSync(join(job.ws, "gopin.lock"), "utf8"), new RegExp(`^list ${STD.multi} v1.0.0 v1.1.0 v1.2.0-pre v1.2.0$`, "m"));
    assert.match(post.summary, /^## ✅ gopin record: PASS — lockfile updated: 1 added/m);
  } finally {
    job.done();
  }
});

test("gopin owns the module cache: a version bump already in the job's module cache (setup-go's restore) is still refused, with one warning", async () => {
  const root = tempDir("gopin-inproc-modcache-");
  const up = join(root, "upstream");
  await writeProxyTree(up, standardModules());
  const record = inProcessJob(root, fileProxyUrl(up));
  try {
    writeMainModule(record.ws, [{ path: STD.multi, version: "v1.0.0" }]);
    await record.main({ mode: "record", cache: "false" });
    const build = await record.run("go mod tidy && go build ./...");
    assert.equal(build.code, 0, build.stderr);
    assert.equal((await record.post()).outputs.violations, "0");
    assert.doesNotMatch(readFileSync(join(record.ws, "gopin.lock"), "utf8"), /^version example\.com\/multi v1\.2\.0 /m);
  } finally {
    record.done();
  }

  // The bump, made without gopin: go.mod/go.sum name v1.2.0, and the job's
  // default module cache (what setup-go restores) already holds it.
  const defaultModCache = join(root, "modcache");
  const bump = await runCommand("go", ["get", `${STD.multi}@v1.2.0`], { cwd: join(root, "ws"), env: goEnv(root, { GOPROXY: fileProxyUrl(up) }) });
  assert.equal(bump.code, 0, bump.stderr);
  assert.ok(readdirSync(join(defaultModCache, "example.com")).includes("multi@v1.2.0"), "the default module cache holds the bump");

  const job = inProcessJob(root, fileProxyUrl(up));
  try {
    const main = await job.main({ mode: "verify", cache: "false" });
    // A verifying daemon also grows its heap by at most 20% (its start-up check of the store's zips).
    if (process.platform === "linux") assert.deepEqual(daemonNodeArgs(), ["--max-semi-space-size=1", "--heap-growing-percent=20"]);
    assert.equal(main.exported.GOMODCACHE, join(root, "rt", "gopin", "modcache"));
    // Emptied, then filled with the locked versions only (prefill): never the bump.
    assert.deepEqual(readdirSync(join(main.exported.GOMODCACHE!, "example.com")), ["multi@v1.0.0"], "gopin's module cache holds only what the lockfile pins");
    const warnings = parseWorkflowCommands(main.stdout).filter((c) => c.command === "warning");
    assert.equal(warnings.length, 1, main.stdout);
    assert.match(warnings[0]!.message, new RegExp(`the module cache ${defaultModCache.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} already holds modules .* is not used`));
    assert.match(warnings[0]!.message, /"cache: false" on actions\/setup-go/);

    const verify = await job.run("go build ./...");
    assert.notEqual(verify.code, 0, "go build fails: the bump is not in the lockfile");
    assert.match(verify.stderr, /example\.com\/multi@v1\.2\.0/);
    const post = await job.post();
    assert.equal(post.exitCode, 1);
    assert.ok(Number(post.outputs.violations) > 0, `violations: ${post.outputs.violations}`);
    assert.match(post.summary, /example\.com\/multi/);
  } finally {
    job.done();
  }
});

test("check-mirrors: the main step's summary names the mirror and the module@version that differ; it fails on a hash difference, never on .info drift alone", async () => {
  const modules = await buildAll(standardModules());
  const widget = standardModules().find((m) => m.path === STD.widget)!;
  const altered = await buildModule({ ...widget, files: { "widget.go": "package widget\n\nfunc Hello() string { return \"altered\" }\n" } });
  const good = await startFixtureUpstream(modules);
  const evil = await startFixtureUpstream(modules.map((m) => (m.path === STD.widget ? altered : m)));
  const drifting = await startFixtureUpstream(modules);
  drifting.setFault(`${STD.multi}/@v/v1.2.0.info`, { alter: () => infoJson("v1.2.0", "2024-06-01T00:00:00Z") });
  const root = tempDir("gopin-inproc-check-");
  try {
    const record = inProcessJob(root, good.url);
    try {
      writeMainModule(record.ws, [{ path: STD.app, version: "v1.3.0" }]);
      await record.main({ mode: "record", cache: "false" });
      const build = await record.run("go mod tidy && go build ./...");
      assert.equal(build.code, 0, build.stderr);
      assert.equal((await record.post()).exitCode, 0);
    } finally {
      record.done();
    }

    // .info drift alone: reported in the summary, the step passes.
    const drift = inProcessJob(root, good.url);
    try {
      const main = await drift.main({ mode: "verify", cache: "false", mirrors: `${good.url} ${drifting.url}`, "check-mirrors": "true" });
      assert.equal(main.exitCode, 0, main.stdout);
      assert.match(main.summary, /^## gopin check-mirrors: pass$/m);
      const section = main.summary.slice(main.summary.indexOf(`### ${drifting.url}`));
      assert.ok(section.length < main.summary.length, main.summary);
      assert.match(section, /\*\*\.info drift \(metadata, not a violation\):\*\*/);
      assert.match(section, /\| `example\.com\/multi` \| `v1\.2\.0` \| time \| `2023-04-10T09:00:00Z` \| `2024-06-01T00:00:00Z` \|/);
      assert.equal((await drift.post()).exitCode, 0);
    } finally {
      drift.done();
    }

    // Altered bytes for a locked version: a security finding that fails the step.
    const job = inProcessJob(root, good.url);
    try {
      const main = await job.main({ mode: "verify", cache: "false", mirrors: `${good.url} ${evil.url}`, "check-mirrors": "true" });
      assert.equal(main.exitCode, 1, "the step fails");
      assert.match(main.summary, /^## gopin check-mirrors: FAIL$/m);
      assert.match(main.summary, /1 different \.mod\/\.zip hash/);
      assert.match(main.summary, new RegExp(`^### ${good.url}\n\nAgrees with the lockfile\.$`, "m"));
      const section = main.summary.slice(main.summary.indexOf(`### ${evil.url}`));
      assert.ok(section.length < main.summary.length, main.summary);
      assert.match(section, /\*\*Different bytes \(security finding\):\*\*/);
      assert.match(section, /^\| `example\.com\/BigCorp\/Widget` \| `v1\.0\.0` \| \.zip \| /m);
      const failed = parseWorkflowCommands(main.stdout).filter((c) => c.command === "error");
      assert.ok(failed.some((c) => /check-mirrors: 1 different \.mod\/\.zip hash/.test(c.message)), main.stdout);
      await job.post();
    } finally {
      job.done();
    }
  } finally {
    for (const u of [good, evil, drifting]) await u.stop();
  }
});
