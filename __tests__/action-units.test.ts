// The Action's pieces in isolation: configuration precedence, cache keys and
// store pruning, lockfile annotations, and the runner harness's own parsing.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { resolveActionConfig, serveArgs, cachePathFor, parseSaveCache, InputError, type RawInputs } from "../src/action/config.js";
import { referencedFiles, pruneStore, listStore, contentHash, restorePlan, saveAllowed } from "../src/action/store-cache.js";
import { annotationsFor, indexLockLines } from "../src/action/annotations.js";
import { parseLockfile } from "../src/lock/syntax.js";
import { parseFileCommands, parseWorkflowCommands, actionInputs } from "./helpers/runner.js";
import { tempDir } from "./helpers/go.js";
import { resolveServeConfig } from "../src/config/serve-config.js";
import { artifactSettings } from "../src/action/config.js";
import { uploadSkipped, type ReportGist } from "../src/action/artifact.js";
import { actionBaseLock, baseRevision } from "../src/action/base-lock.js";
import { execFileSync } from "node:child_process";

const NONE: RawInputs = { lockfile: "", mode: "", upstream: "", private: "", asOf: "", minReleaseAge: "", allow: "", cache: "", buildCache: "", saveCache: "", summary: "", uploadArtifact: "", artifactName: "", sharedStore: "", sharedStoreMode: "", sharedStorePrivate: "" };

describe("configuration", () => {
  test("inputs > environment > defaults for what main settles itself", () => {
    const env = { GITHUB_WORKSPACE: "/ws", RUNNER_TEMP: "/tmp/rt", GOPIN_UPSTREAM: "http://env.test", GOPIN_LOCKFILE: "locks/ci.lock" };
    const a = resolveActionConfig(NONE, env);
    assert.equal(a.lockfile, "/ws/locks/ci.lock");
    assert.equal(a.sources.lockfile, "env");
    assert.equal(a.mode, "auto");
    assert.equal(a.store, "/tmp/rt/gopin/store");
    assert.equal(a.cache, true);
    assert.equal(a.saveCache, "always");
    const b = resolveActionConfig({ ...NONE, lockfile: "x.lock", allow: "a.test/m@v1.0.0, b.test/n@v2.0.0" }, env);
    assert.equal(b.lockfile, "/ws/x.lock");
    assert.equal(b.sources.lockfile, "input");
    assert.deepEqual(b.allow, ["a.test/m@v1.0.0", "b.test/n@v2.0.0"]);
  });

  test("bad inputs are clear errors", () => {
    assert.throws(() => resolveActionConfig({ ...NONE, mode: "strict" }, {}), (e: Error) => e instanceof InputError && /mode.*auto, verify or record/.test(e.message));
    assert.throws(() => resolveActionConfig({ ...NONE, cache: "maybe" }, {}), /"cache" must be true or false/);
    assert.throws(() => parseSaveCache("sometimes"), /always, default-branch or never/);
    assert.equal(parseSaveCache("default-branch"), "default-branch");
  });

  test("the daemon gets upstream/private flags only from inputs, the ready file, the Action's advice, no start-up store check (the restore writes the store meanwhile), and the policy flags", () => {
    const cfg = resolveActionConfig({ ...NONE, minReleaseAge: "7d", allow: "a.test/m@v1.0.0" }, { GITHUB_WORKSPACE: "/ws", RUNNER_TEMP: "/rt" });
    const files = { report: "/rt/gopin/report.json", ready: "/rt/gopin/ready.json" };
    const args = serveArgs(cfg, { ...NONE, minReleaseAge: "7d" }, files);
    assert.ok(!args.includes("--upstream") && !args.includes("--private"), args.join(" "));
    assert.deepEqual(args.slice(0, 11), ["serve", "--listen", "127.0.0.1:0", "--store", "/rt/gopin/store", "--ready-file", "/rt/gopin/ready.json", "--advice", "action", "--check-store-at-start", "off"]);
    assert.ok(args.join(" ").includes("--min-release-age 7d --allow a.test/m@v1.0.0"));
    const withUp = serveArgs(resolveActionConfig({ ...NONE, upstream: "off" }, {}), { ...NONE, upstream: "off", private: "corp.test/*" }, files);
    assert.ok(withUp.join(" ").includes("--upstream off --private corp.test/*"));
    const shared = { ...NONE, sharedStore: "s3://b-1/p", sharedStoreMode: "read", sharedStorePrivate: "true" };
    assert.ok(serveArgs(resolveActionConfig(shared, {}), shared, files).join(" ").includes("--shared-store s3://b-1/p --shared-store-mode read --shared-store-private true"));
  });

  test("the cache path is absolute outside the workspace", () => {
    assert.equal(cachePathFor("/work/_temp/gopin/store", "/work/repo"), "/work/_temp/gopin/store");
    assert.equal(cachePathFor("/work/repo/.gopin/store", "/work/repo"), ".gopin/store");
  });

  test("action.yml declares every input the code reads, without defaults that would hide the environment", () => {
    const decl = actionInputs();
    const names = decl.map((d) => d.name).sort();
    assert.deepEqual(names, ["allow", "artifact-name", "as-of", "build-cache", "cache", "check-mirrors", "lockfile", "min-release-age", "mirrors", "mode", "prefill-modcache", "private", "save-cache", "shared-store", "shared-store-mode", "shared-store-private", "summary", "upload-artifact", "upstream"]);
    for (const n of ["lockfile", "mode", "upstream", "mirrors", "private", "as-of", "min-release-age", "allow", "artifact-name", "shared-store", "shared-store-mode", "shared-store-private"]) {
      assert.equal(decl.find((d) => d.name === n)!.default, undefined, n);
    }
  });
});

describe("proxy configuration (CLI)", () => {
  const GE = { GOPROXY: "http://go-env.test", GOSUMDB: "sum.golang.org", GOPRIVATE: "corp.example" };

  test("flags beat GOPIN_* beats go env beats defaults, and each value says where it came from", async () => {
    const c = await resolveServeConfig({ sumdb: "off" }, { GOPIN_UPSTREAM: "http://env.test", GOPIN_READ_AHEAD: "off" }, GE);
    assert.equal(c.upstream, "http://env.test");
    assert.equal(c.sumdb, "off");
    assert.equal(c.sumdbConfig, undefined);
    assert.equal(c.readAhead, false);
    assert.equal(c.private, "corp.example");
    assert.equal(c.noSumDb, "corp.example");
    assert.deepEqual([c.sources.upstream, c.sources.sumdb, c.sources.readAhead, c.sources.private, c.sources.listen], ["env", "flag", "env", "go env", "default"]);
    const d = await resolveServeConfig({ private: "corp.test/*" }, {}, GE);
    assert.equal(d.noSumDb, "corp.example,corp.test/*", "a --private pattern is never looked up in the checksum database");
    // Private patterns stay out of the checksum database whatever --nosumdb or GOPIN_NOSUMDB says.
    assert.equal((await resolveServeConfig({ private: "corp.test/*", noSumDb: "x.test" }, {}, GE)).noSumDb, "x.test,corp.test/*");
    assert.equal((await resolveServeConfig({ private: "corp.test/*" }, { GOPIN_NOSUMDB: "" }, GE)).noSumDb, "corp.test/*");
  });

  test("a bad value is refused, naming the setting it came from", async () => {
    await assert.rejects(resolveServeConfig({ readAhead: "maybe" }, {}, GE), /read-ahead must be "on" or "off", got "maybe" \(from --read-ahead\)/);
    await assert.rejects(resolveServeConfig({}, { GOPIN_READ_AHEAD: "1" }, GE), /\(from GOPIN_READ_AHEAD\)/);
    await assert.rejects(resolveServeConfig({}, {}, { ...GE, GOSUMDB: "bad+key" }), /\(from go env GOSUMDB\)/);
    await assert.rejects(resolveServeConfig({}, { GOPIN_SUMDB: "bad+key" }, GE), /\(from GOPIN_SUMDB\)/);
  });
});

describe("cache keys and the store", () => {
  test("restore keys go from this lockfile's stores to any store", () => {
    const p = restorePlan({ RUNNER_OS: "Linux" }, "0123456789abcdef");
    assert.equal(p.primaryKey, "gopin-v1-linux-0123456789abcdef");
    assert.deepEqual(p.restoreKeys, ["gopin-v1-linux-0123456789abcdef-", "gopin-v1-linux-"]);
  });

  test("pruning keeps what the job used or the lockfile holds (zips: only locked ones), and nothing else of the module layout", async () => {
    const root = tempDir("gopin-prune-");
    const files = [
      "example.com/used/@v/v1.0.0.info",
      "example.com/used/@v/v1.0.0.mod",
      "example.com/used/@v/v1.0.0.zip",
      "example.com/used/@v/list",
      "example.com/!locked/@v/v1.2.0.mod",
      "example.com/!locked/@latest",
      "example.com/gone/@v/v0.1.0.zip",
      "example.com/gone/@v/v0.1.0.info",
      "example.com/peeked/@v/v2.0.0.info",
      "example.com/peeked/@v/v2.0.0.zip",
      "sumdb/tile/8/0/000",
    ];
    for (const f of files) {
      mkdirSync(join(root, f, ".."), { recursive: true });
      writeFileSync(join(root, f), f);
    }
    const lock = parseLockfile(
      "gopin-lock 1\n\nlatest example.com/Locked v1.2.0 time=2023-01-01T00:00:00Z\nversion example.com/Locked v1.2.0 mod=h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" +
        "version example.com/used v1.0.0 mod=h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= zip=h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
      "gopin.lock",
    );
    // peeked: go asked for its .info only; its zip was read ahead, never locked.
    const report = { sources: [{ module: "example.com/used", target: "v1.0.0" }, { module: "example.com/used", target: "@v/list" }, { module: "example.com/peeked", target: "v2.0.0" }] } as any;
    const keep = referencedFiles(report, lock);
    const r = await pruneStore(root, keep);
    assert.equal(r.removed, 3);
    assert.ok(existsSync(join(root, "example.com/used/@v/v1.0.0.zip")));
    assert.ok(existsSync(join(root, "example.com/peeked/@v/v2.0.0.info")));
    assert.ok(!existsSync(join(root, "example.com/peeked/@v/v2.0.0.zip")), "a read-ahead zip nobody locked is pruned");
    assert.ok(!existsSync(join(root, "example.com/gone/@v/v0.1.0.zip")));
    assert.ok(existsSync(join(root, "example.com/!locked/@latest")));
    assert.ok(existsSync(join(root, "sumdb/tile/8/0/000")), "files outside the module layout are left alone");
    const after = await listStore(root);
    // The store hash (part of the cache key) follows the module files only.
    const withoutZip = after.filter((f) => f.rel !== "example.com/used/@v/v1.0.0.zip");
    assert.equal(withoutZip.length, after.length - 1);
    assert.notEqual(contentHash(withoutZip), contentHash(after), "a module file changes the store hash");
    assert.equal(contentHash(after.filter((f) => !f.rel.startsWith("sumdb/"))), contentHash(after), "files outside the module layout do not");
  });

  test("save-cache default-branch reads the event payload", () => {
    const dir = tempDir("gopin-event-");
    const ev = join(dir, "event.json");
    writeFileSync(ev, JSON.stringify({ repository: { default_branch: "trunk" } }));
    assert.equal(saveAllowed("default-branch", { GITHUB_EVENT_PATH: ev, GITHUB_REF: "refs/heads/trunk" }).ok, true);
    const no = saveAllowed("default-branch", { GITHUB_EVENT_PATH: ev, GITHUB_REF: "refs/pull/7/merge" });
    assert.equal(no.ok, false);
    assert.match(no.why!, /refs\/pull\/7\/merge, not refs\/heads\/trunk/);
    assert.equal(saveAllowed("never", {}).ok, false);
  });
});

describe("the artifact and the base lockfile", () => {
  test("upload-artifact and artifact-name: defaults, a bad name, and when no upload is attempted", () => {
    assert.deepEqual(artifactSettings({ uploadArtifact: "", artifactName: "" }, { GITHUB_JOB: "test" }), { upload: "auto", name: "gopin-test" });
    assert.deepEqual(artifactSettings({ uploadArtifact: "Auto", artifactName: "" }, {}), { upload: "auto", name: "gopin-job" });
    assert.deepEqual(artifactSettings({ uploadArtifact: "true", artifactName: "" }, {}), { upload: true, name: "gopin-job" });
    assert.deepEqual(artifactSettings({ uploadArtifact: "false", artifactName: "lock-linux" }, {}), { upload: false, name: "lock-linux" });
    assert.throws(() => artifactSettings({ uploadArtifact: "", artifactName: "a/b" }, {}), /input "artifact-name" must not contain/);
    assert.throws(() => artifactSettings({ uploadArtifact: "maybe", artifactName: "" }, {}), /input "upload-artifact" must be auto, true or false, got "maybe"/);
    const service = { ACTIONS_RUNTIME_TOKEN: "t", ACTIONS_RESULTS_URL: "u" };
    const zero = { added: 0, changed: 0, conflicts: 0, removed: 0, refused: 0, failed: 0, unused: 0, violations: 0, drift: 0, servedFromStore: 11, servedFromUpstream: 0, servedFromLockfile: 0 };
    const cleanVerify: ReportGist = { mode: "verify", lockfile: { existed: true }, counts: zero };
    const on = { upload: true, name: "x" };
    const auto = { upload: "auto" as const, name: "x" };
    assert.equal(uploadSkipped({ upload: false, name: "x" }, service, cleanVerify), "upload-artifact is false");
    assert.match(uploadSkipped(on, {}, cleanVerify)!, /no artifact service/);
    assert.equal(uploadSkipped(on, service, cleanVerify), undefined);
    // auto: a clean verify job (unused versions alone are in the summary) keeps nothing; anything else uploads.
    assert.match(uploadSkipped(auto, service, { ...cleanVerify, counts: { ...zero, unused: 2 } })!, /^nothing to keep \(verify mode, the lockfile unchanged/);
    assert.equal(uploadSkipped(auto, service, { ...cleanVerify, mode: "record" }), undefined);
    assert.equal(uploadSkipped(auto, service, { ...cleanVerify, lockfile: { existed: true, written: true } }), undefined);
    for (const k of ["added", "changed", "conflicts", "removed", "refused", "failed", "violations", "drift"] as const) {
      assert.equal(uploadSkipped(auto, service, { ...cleanVerify, counts: { ...zero, [k]: 1 } }), undefined, k);
    }
    assert.match(uploadSkipped(auto, {}, { ...cleanVerify, mode: "record" })!, /no artifact service/);
  });

  test("the base revision comes from the event: a pull request's base, a push's before, else why not", () => {
    const dir = tempDir("gopin-event-");
    const ev = (o: object) => {
      const f = join(dir, `e${Math.random()}.json`);
      writeFileSync(f, JSON.stringify(o));
      return { GITHUB_EVENT_PATH: f, GITHUB_EVENT_NAME: "x" };
    };
    const sha = "0123456789abcdef0123456789abcdef01234567";
    assert.deepEqual(baseRevision(ev({ pull_request: { base: { sha } } })), { rev: sha, label: "the pull request's base 0123456789ab" });
    assert.deepEqual(baseRevision(ev({ before: sha })), { rev: sha, label: "the commit before this push 0123456789ab" });
    assert.deepEqual(baseRevision(ev({ before: "0".repeat(40) })), { none: "the x event names no base commit" });
    assert.match((baseRevision({}) as { none: string }).none, /no event payload/);
  });

  test("a base commit missing from a shallow clone says how to fetch it; one without a lockfile says so", async () => {
    const dir = tempDir("gopin-base-");
    const git = (...a: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...a], { cwd: dir, encoding: "utf8" }).trim();
    git("init", "-q");
    writeFileSync(join(dir, "README"), "x\n");
    git("add", ".");
    git("commit", "-qm", "no lockfile yet");
    const head = git("rev-parse", "HEAD");
    const lock = join(dir, "gopin.lock");
    const evFile = join(dir, "event.json");
    writeFileSync(evFile, JSON.stringify({ pull_request: { base: { sha: "0123456789abcdef0123456789abcdef01234567" } } }));
    const missing = await actionBaseLock({ GITHUB_EVENT_PATH: evFile }, lock);
    assert.deepEqual(missing, { unavailable: "the pull request's base 0123456789ab is not in this clone; give actions/checkout fetch-depth: 2 (a pull request) or 0 so it is" });
    writeFileSync(evFile, JSON.stringify({ pull_request: { base: { sha: head } } }));
    const none = await actionBaseLock({ GITHUB_EVENT_PATH: evFile }, lock);
    assert.deepEqual(none, { label: `the pull request's base ${head.slice(0, 12)}`, rev: head, lock: undefined });
  });
});

describe("annotations", () => {
  const lockText = [
    "gopin-lock 1",
    "# comment",
    "",
    "list example.com/m v1.0.0 v1.1.0",
    "latest example.com/m v1.1.0 time=2023-01-01T00:00:00Z",
    "version example.com/m v1.0.0 mod=h1:x zip=h1:y",
    "version example.com/m v1.1.0 mod=h1:x zip=h1:y",
  ].join("\n");

  test("one annotation per module version, pointing at the record that pinned it, with the next step in the Action's words", () => {
    const idx = indexLockLines(lockText);
    assert.equal(idx.get("version example.com/m v1.1.0"), 7);
    const report = {
      refused: [
        { key: "", module: "example.com/m", entry: "version", request: "zip", version: "v1.1.0", changes: [{ field: "zip", before: "h1:y", after: "h1:z" }], rule: "lock-mismatch", detail: "example.com/m@v1.1.0: zip hash mismatch", reason: "zip hash mismatch", count: 2 },
        { key: "", module: "example.com/m", entry: "list", request: "list", changes: [], rule: "no-locked-answer", remedy: { kind: "re-record" }, reason: "list differs" },
        { key: "", module: "example.org/unlocked", entry: "version", request: "mod", version: "v0.1.0", changes: [], rule: "not-locked", remedy: { kind: "re-record" }, reason: "not in the lockfile" },
        { key: "", module: "example.org/unlocked", entry: "version", request: "zip", version: "v0.1.0", changes: [], rule: "not-locked", remedy: { kind: "re-record" }, reason: "not in the lockfile" },
      ],
      changed: [{ key: "", module: "example.com/m", entry: "version", version: "v1.0.0", changes: [{ field: "zip", before: "h1:y", after: "h1:w" }], conflict: true, reason: "upstream zip hash differs" }],
    } as any;
    const a = annotationsFor(report, lockText, "gopin.lock", { advice: "action" });
    assert.deepEqual(
      a.map((x) => [x.title, x.line]),
      [
        ["gopin: example.com/m/@v/list: no locked answer for this query", 4],
        ["gopin: example.com/m@v1.0.0: zip hash differs from the lockfile", 6],
        ["gopin: example.com/m@v1.1.0: zip hash differs from the lockfile", 7],
        ["gopin: example.org/unlocked@v0.1.0: not in the lockfile", undefined],
      ],
    );
    assert.match(a[2]!.message, /zip hash mismatch \(lockfile edit or upstream change: cannot be told apart without the base lockfile\) \[\.zip ×2\] Next: .*the gopin step's input upstream/);
    assert.match(a[3]!.message, /\[\.mod, \.zip\] Next: .*the gopin step's input mode: record/);
    assert.doesNotMatch(a.map((x) => x.message).join("\n"), /--mode|--upstream/);
  });
});

describe("runner harness", () => {
  test("file commands: NAME=value and NAME<<DELIMITER blocks", () => {
    const text = "A=1\nB<<ghadelimiter_x\nline one\nline=two\nghadelimiter_x\nC=x=y\n";
    assert.deepEqual(parseFileCommands(text), [
      ["A", "1"],
      ["B", "line one\nline=two"],
      ["C", "x=y"],
    ]);
    assert.throws(() => parseFileCommands("D<<EOF\nno end\n"), /no closing delimiter/);
  });

  test("workflow commands with escaped properties", () => {
    const [c] = parseWorkflowCommands("::error file=gopin.lock,line=7,title=a%3Ab%2Cc::one%0Atwo\n");
    assert.equal(c!.command, "error");
    assert.deepEqual(c!.props, { file: "gopin.lock", line: "7", title: "a:b,c" });
    assert.equal(c!.message, "one\ntwo");
  });
});
