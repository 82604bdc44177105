// The Action end to end under an independent runner: nektos/act in host mode
// runs workflows that use this checkout's action.yml and dist/ (copied into a
// temporary git repository as a local action: act resolves `uses: ./path`
// inside the workspace, which in host mode holds what actions/checkout copied
// there), with a fixture GOPROXY upstream on 127.0.0.1 and act's own cache
// and artifact servers on 127.0.0.1. `npm run test:runner`; dist/ must be
// built (`npm run build`; .ci/run builds it first).
//
// act gives every job a new RUNNER_TEMP (a random directory), while GitHub's
// runner keeps it fixed; the Actions cache version hashes the store's
// absolute path, so the workflows set GOPIN_HOME to one directory, as a
// self-hosted runner would. Between jobs that directory is deleted, so only
// the cache can bring a store back.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAll, goSums, goSumText, readZip, standardModules, writeMainModule, STD, type BuiltModule } from "../helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "../helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "../helpers/go.js";
import { REPO_ROOT } from "../helpers/runner.js";
import { ensureAct, freePort, runAct, type ActRun } from "../helpers/act.js";

const act = await ensureAct();
const distMissing = existsSync(join(REPO_ROOT, "dist", "main", "index.js")) ? undefined : "dist/ is missing: run npm run build first";
const skip = "skip" in act ? act.skip : distMissing;
if (skip) console.log(`# nektos/act suite skipped: ${skip}`);

const STEPS_BEFORE = `      - uses: actions/checkout@v4
      - id: gopin
        uses: ./.github/actions/gopin`;

/** A workflow with one job: checkout, whatever comes before gopin, gopin, then `after`. */
function workflow(opts: { beforeGopin?: string; after: string }): string {
  const steps = opts.beforeGopin ? `      - uses: actions/checkout@v4\n${opts.beforeGopin}\n      - id: gopin\n        uses: ./.github/actions/gopin` : STEPS_BEFORE;
  return `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${steps}
${opts.after}
`;
}

const RECORD_AND_COMMIT = workflow({
  after: `      - run: go build ./...
      - name: commit gopin.lock
        run: |
          test -s gopin.lock
          git add gopin.lock
          git -c user.name=gopin -c user.email=gopin@users.noreply.invalid commit -q -m "gopin.lock: record"
          git push -q "$ORIGIN" HEAD:refs/heads/main`,
});

const BUILD = workflow({
  after: `      - run: go build ./...
      - run: echo "cache-hit=\${{ steps.gopin.outputs.cache-hit }}"`,
});

const WARM_MODCACHE_BUILD = workflow({
  // What setup-go's cache restore does: the job's default module cache already holds every module (the bump too).
  beforeGopin: `      - run: go mod download -x && test -n "$(ls "$(go env GOMODCACHE)")"`,
  after: `      - run: go build ./...`,
});

let modules: BuiltModule[];
let up: FixtureUpstream;
let goSum: Map<string, string>;

function sumLines(keys: string[]): string {
  return keys.map((k) => goSum.get(k)!).join("");
}

/** The shared state of the sequence: one origin repository, one cache server store, one GOPIN_HOME. */
const root = tempDir("gopin-act-");
const origin = join(root, "origin.git");
const cacheDir = join(root, "act-cache");
const gopinHome = join(root, "gopin-home");

before(async () => {
  if (skip) return;
  modules = await buildAll(standardModules());
  up = await startFixtureUpstream(modules);
  const sums = await goSums(modules);
  goSum = new Map([...sums].map(([k]) => [k, goSumText(new Map([[k, sums.get(k)!]]))]));
  // The project: requires Widget v1.0.0 and multi v1.0.0, with go.sum, committed to origin.
  const seed = join(root, "seed");
  writeMainModule(seed, [
    { path: STD.widget, version: "v1.0.0" },
    { path: STD.multi, version: "v1.0.0" },
  ], { goSum: sumLines([`${STD.widget}@v1.0.0`, `${STD.multi}@v1.0.0`]) });
  await git(seed, "init", "-q", "-b", "main");
  await git(seed, "add", "-A");
  await git(seed, "commit", "-q", "-m", "project");
  await git(root, "clone", "-q", "--bare", seed, origin);
});
after(async () => {
  await up?.stop();
});

async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await runCommand("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd, env: goEnv(root) });
  assert.equal(r.code, 0, `git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/**
 * A fresh clone of origin with this checkout's action and the workflow
 * committed, run by act. `upstream` is the GOPROXY the job starts with.
 */
async function runJob(name: string, yml: string, opts: { upstream: string; edit?: (dir: string) => void }): Promise<ActRun & { repo: string; artifactDir: string }> {
  const dir = join(root, name);
  await git(root, "clone", "-q", origin, dir);
  const actionDir = join(dir, ".github", "actions", "gopin");
  mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
  cpSync(join(REPO_ROOT, "action.yml"), join(actionDir, "action.yml"));
  cpSync(join(REPO_ROOT, "dist"), join(actionDir, "dist"), { recursive: true });
  writeFileSync(join(dir, ".github", "workflows", "ci.yml"), yml);
  opts.edit?.(dir);
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "-m", name);
  // A fresh machine: nothing of gopin's survives a job, only the cache.
  rmSync(gopinHome, { recursive: true, force: true });
  const jobRoot = join(root, `${name}-env`);
  const env = {
    ...goEnv(jobRoot, { GOPROXY: opts.upstream }),
    GOPIN_HOME: gopinHome,
    ORIGIN: origin,
  };
  const artifactDir = join(jobRoot, "act-artifacts");
  const r = await runAct({
    bin: (act as { bin: string }).bin,
    repo: dir,
    workflow: "ci.yml",
    env,
    cacheDir,
    actionCacheDir: join(jobRoot, "act-actions"),
    artifactDir,
  });
  return { ...r, repo: dir, artifactDir };
}

function explain(r: ActRun): string {
  return `act exit ${r.code}, job ${r.jobResult}\n--- job log ---\n${r.output}\n--- act stderr ---\n${r.stderr.slice(-3000)}`;
}

function postSummary(r: ActRun): string {
  return r.summaries.filter((s) => s.stage === "Post").map((s) => s.content).join("\n");
}

describe("the Action under nektos/act (host mode)", { skip }, () => {
  test("record: a later step of the same job commits the lockfile gopin keeps on disk", async (t) => {
    const r = await runJob("record", RECORD_AND_COMMIT, { upstream: up.url });
    assert.equal(r.jobResult, "success", explain(r));
    const lock = await git(root, "--git-dir", origin, "show", "main:gopin.lock");
    for (const m of [`${STD.widget} v1.0.0`, `${STD.multi} v1.0.0`]) assert.match(lock, new RegExp(`^version ${m.replace(/\./g, "\\.")} time=\\S+ .*zip=h1:`, "m"), lock);
    assert.match(await git(root, "--git-dir", origin, "log", "-1", "--format=%s", "main"), /gopin\.lock: record/);
    assert.match(postSummary(r), /PASS/, explain(r));
    // The post step's artifact reached act's artifact server: act keeps it as <path>/<run id>/<name>/<name>.zip.
    const zip = join(r.artifactDir, "1", "gopin-build", "gopin-build.zip");
    assert.ok(existsSync(zip), `no ${zip}\n${explain(r)}`);
    const files = new Map((await readZip(readFileSync(zip))).map((f) => [f.name, f.data.toString("utf8")]));
    assert.deepEqual([...files.keys()].sort(), ["gopin-report.json", "gopin.lock"]);
    assert.equal(files.get("gopin.lock"), lock);
    assert.equal((JSON.parse(files.get("gopin-report.json")!) as { mode: string }).mode, "record");
    assert.match(postSummary(r), /uploaded as the artifact `gopin-build`/, explain(r));
    t.diagnostic(`committed gopin.lock:\n${lock}`);
  });

  test("a warm second run restores the store from act's cache server (cache-hit) and builds with the upstream down", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const r = await runJob("warm", BUILD, { upstream: dead });
    assert.equal(r.jobResult, "success", explain(r));
    assert.match(r.output, /^cache-hit=true$/m, explain(r));
    assert.match(postSummary(r), /PASS/, explain(r));
  });

  test("verify after a version bump (go.mod and go.sum, as a bot would): the job fails with the summary naming the version", async (t) => {
    const r = await runJob("bump", BUILD, { upstream: up.url, edit: (dir) => bump(dir) });
    assert.equal(r.jobResult, "failure", explain(r));
    const summary = postSummary(r);
    assert.match(summary, /FAIL/, explain(r));
    assert.match(summary, /example\.com\/multi/);
    assert.match(summary, /v1\.2\.0/);
    t.diagnostic(`the failed job's summary, as act printed it:\n${summary}`);
  });

  test("a module cache already holding the bump (setup-go's restore) does not get past gopin: still refused, with a warning", async () => {
    const r = await runJob("warm-modcache", WARM_MODCACHE_BUILD, { upstream: up.url, edit: (dir) => bump(dir) });
    assert.equal(r.jobResult, "failure", explain(r));
    assert.match(r.stdout, /already holds modules .* is not used/, explain(r));
    assert.match(r.output, /example\.com\/multi@v1\.2\.0/, explain(r));
    assert.match(postSummary(r), /FAIL/, explain(r));
  });
});

/** The bump a dependency bot makes: multi v1.0.0 -> v1.2.0 in go.mod and go.sum. */
function bump(dir: string): void {
  writeMainModule(dir, [
    { path: STD.widget, version: "v1.0.0" },
    { path: STD.multi, version: "v1.2.0" },
  ], { goSum: sumLines([`${STD.widget}@v1.0.0`, `${STD.multi}@v1.2.0`]) });
}
