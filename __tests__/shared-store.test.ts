// The org-wide shared store (S3-compatible, untrusted) between the local store
// and the upstream chain, end to end: the real go command, `gopin run`, a
// fixture upstream and a real S3 server (SeaweedFS's weed, see
// helpers/s3-server.ts) on 127.0.0.1.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildAll, h1Sums, makePrivateGitModule, standardModules, writeMainModule, STD, STD_PSEUDO_VERSION, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { assertGoOk, goEnv, runCommand, runGo, tempDir, type GoResult } from "./helpers/go.js";
import { CLI, startGopin } from "./helpers/gopin.js";
import { startS3Server, weedMissing, type S3Server } from "./helpers/s3-server.js";
import { resolveServeConfig } from "../src/config/serve-config.js";

const skip = weedMissing() ?? false;
const BUCKET = "gomods";

let modules: BuiltModule[];
let up: FixtureUpstream;
let s3: S3Server;
before(async () => {
  if (skip) return;
  modules = await buildAll(standardModules());
  up = await startFixtureUpstream(modules);
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
});
after(async () => {
  await up?.stop();
  await s3?.stop();
});

const REQUIRES = [
  { path: STD.app, version: "v1.3.0" },
  { path: STD.legacy, version: "v2.0.0+incompatible" },
  { path: STD.libV2, version: "v2.1.0" },
  { path: STD.pseudo, version: STD_PSEUDO_VERSION },
];

interface Job extends GoResult {
  report: any;
  summary: string;
  log: string;
  dir: string;
}

/** `gopin run` in `dir` with a fresh local store and module cache, the shared store at s3://BUCKET/prefix. */
async function job(dir: string, prefix: string, flags: string[], script: string, opts: { server?: S3Server; env?: Record<string, string>; private?: string } = {}): Promise<Job> {
  const root = tempDir("gopin-shared-job-");
  const files = { report: join(root, "report.json"), summary: join(root, "summary.md"), log: join(root, "gopin.log") };
  const server = opts.server ?? s3;
  const args = [CLI, "run", "--upstream", up.url, "--private", opts.private ?? "", "--store", join(root, "store"), "--log", files.log, "--report", files.report, "--summary", files.summary, "--shared-store", `s3://${BUCKET}/${prefix}`, ...flags, "--", "sh", "-c", script];
  const r = await runCommand(process.execPath, args, { cwd: dir, env: goEnv(root, { ...server.env, ...opts.env }), timeoutMs: 180_000 });
  const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
  return { ...r, dir, report: existsSync(files.report) ? JSON.parse(read(files.report)) : undefined, summary: read(files.summary), log: read(files.log) };
}

/** Repo A: a cold record job that resolves and builds the project. */
function repoA(prefix: string, opts: { server?: S3Server } = {}): Promise<Job> {
  const dir = tempDir("gopin-repo-a-");
  writeMainModule(dir, REQUIRES);
  return job(dir, prefix, ["--mode", "record"], "go mod tidy && go build ./...", opts);
}

/** Repo B: the same dependencies (go.mod, go.sum, gopin.lock from A), its own empty store and module cache. */
function repoBDir(a: Job): string {
  const dir = tempDir("gopin-repo-b-");
  writeMainModule(dir, REQUIRES);
  for (const f of ["go.mod", "go.sum", "gopin.lock"]) copyFileSync(join(a.dir, f), join(dir, f));
  return dir;
}

/** The fixture's bytes for a shared-store key (`<prefix><escaped module>/@v/<version>.<ext>`). */
function fixtureBytes(key: string, prefix: string): Buffer | undefined {
  for (const m of modules) {
    for (const ext of ["info", "mod", "zip"] as const) {
      if (key === `${prefix}${escape(m.path)}/@v/${escape(m.version)}.${ext}`) return m[ext];
    }
  }
  return undefined;
}

const escape = (s: string) => s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());

/** Keys of the module files the build needs: a .zip and .mod per go.sum module line. */
function zipKeys(dir: string, prefix: string): string[] {
  return readFileSync(join(dir, "go.sum"), "utf8")
    .split("\n")
    .filter((l) => l && !l.split(" ")[1]!.endsWith("/go.mod"))
    .map((l) => `${prefix}${escape(l.split(" ")[0]!)}/@v/${escape(l.split(" ")[1]!)}.zip`);
}

async function assertIntact(prefix: string): Promise<string[]> {
  const keys = await s3.keys(BUCKET, prefix);
  for (const k of keys) {
    const want = fixtureBytes(k, prefix);
    assert.ok(want, `${k} is a module file of the fixture`);
    assert.ok((await s3.getObject(BUCKET, k)).equals(want), `${k} holds the upstream's bytes`);
  }
  return keys;
}

describe("shared store", { skip }, () => {
  test("a cold job in repo A fills the bucket; a cold job in repo B with an empty local store is served from it with zero upstream requests", async () => {
    const a = await repoA("fill/");
    assert.equal(a.code, 0, a.stderr);
    const keys = await assertIntact("fill/");
    for (const k of zipKeys(a.dir, "fill/")) assert.ok(keys.includes(k), `the bucket has ${k}`);
    const sa = a.report.stats.shared;
    assert.equal(sa.hits, 0);
    assert.equal(sa.uploads.created, keys.length, "every object was created by repo A's job");
    assert.equal(sa.uploads.failed, 0);
    assert.match(a.summary, /### Shared store `s3:\/\/gomods\/fill\/`/);

    const b = repoBDir(a);
    up.clearLog();
    const rb = await job(b, "fill/", ["--mode", "verify"], "go build ./...");
    assert.equal(rb.code, 0, rb.stderr);
    assert.deepEqual(up.requests.map((r) => r.path), [], "repo B made no upstream request");
    const sb = rb.report.stats.shared;
    assert.ok(sb.hits >= zipKeys(a.dir, "").length, `repo B was served from the bucket (${sb.hits} hits)`);
    assert.equal(sb.misses, 0);
    assert.equal(rb.report.stats.upstreamFetches, 0);
    assert.equal(rb.report.stats.bytesFromUpstream, 0);
    assert.ok(sb.bytes > 0);
    assert.equal(sb.uploads.created, 0, "nothing new to upload");
    assert.equal(rb.report.verdict, "pass");
    assert.match(rb.summary, /\| shared store \| \d+ \| 0 \|/);
  });

  test("gopin serve counts the shared tier in /_gopin/stats (hits, misses, bytes), apart from the local store and the upstream", async () => {
    const root = tempDir("gopin-shared-serve-");
    const widget = modules.find((m) => m.path === STD.widget)!;
    for (const ext of ["mod", "zip"] as const) await s3.putObject(BUCKET, `serve/${escape(widget.path)}/@v/v1.0.0.${ext}`, widget[ext]);
    const g = await startGopin({ store: join(root, "store"), upstream: up.url, logFile: join(root, "log"), env: goEnv(root, s3.env), extraArgs: ["--shared-store", `s3://${BUCKET}/serve/`] });
    try {
      up.clearLog();
      // The bucket has widget's .mod and .zip, nothing of example.com/multi.
      const env = goEnv(join(root, "go"), { GOPROXY: g.url });
      assertGoOk(await runGo(["mod", "download", `${STD.widget}@v1.0.0`, `${STD.multi}@v1.0.0`], { env }));
      await g.idle();
      const st = await g.stats();
      assert.equal(st.shared.store, `s3://${BUCKET}/serve/`);
      assert.ok(st.shared.hits === 2, `widget's .mod and .zip came from the bucket: ${JSON.stringify(st.shared)}`);
      assert.ok(st.shared.misses >= 2, "multi's files were misses");
      assert.ok(st.shared.bytes > 0);
      assert.equal(st.upstreamFetches, up.requests.length, "upstream fetches count only the upstream's requests");
      assert.ok(!up.requests.some((r) => r.path.includes("!widget/@v/v1.0.0.zip")));
    } finally {
      await g.stop();
    }
  });

  test("an object altered in the bucket is refused, reported and not used: the upstream serves that file and the job passes", async () => {
    const a = await repoA("altered/");
    assert.equal(a.code, 0, a.stderr);
    const widget = modules.find((m) => m.path === STD.widget)!;
    const multi = modules.find((m) => m.path === STD.multi && m.version === "v1.2.0")!;
    // A valid go.mod with other content (admissible, but not the locked hash), and a zip that is not a zip.
    const modKey = `altered/${escape(multi.path)}/@v/${multi.version}.mod`;
    const zipKey = `altered/${escape(widget.path)}/@v/${widget.version}.zip`;
    const evilMod = Buffer.concat([multi.mod, Buffer.from("\nrequire example.com/evil v1.0.0\n")]);
    await s3.putObject(BUCKET, modKey, evilMod);
    await s3.putObject(BUCKET, zipKey, Buffer.from("not a zip"));

    up.clearLog();
    const rb = await job(repoBDir(a), "altered/", ["--mode", "verify"], "go build ./...");
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(rb.report.verdict, "pass", "the upstream's good bytes were used");
    const refused = rb.report.stats.shared.refused as Array<{ file: string; reason: string }>;
    assert.deepEqual(refused.map((r) => r.file).sort(), [modKey, zipKey].sort());
    assert.match(refused.find((r) => r.file === modKey)!.reason, /h1:/, "the go.mod is refused on its hash");
    assert.match(refused.find((r) => r.file === zipKey)!.reason, /not a valid module zip/);
    // Only the two refused files came from the upstream.
    assert.deepEqual(up.requests.map((r) => r.path).sort(), [`/${STD.multi}/@v/v1.2.0.mod`, `/${escape(STD.widget)}/@v/v1.0.0.zip`].sort());
    assert.match(rb.summary, /Refused objects/);
    assert.ok(rb.summary.includes(modKey) && rb.summary.includes(zipKey));
    // Create-only: the altered objects are still there (gopin never replaces an object).
    assert.ok((await s3.getObject(BUCKET, modKey)).equals(evilMod));
  });

  test("record mode locks nothing on the bucket's word: a backdated .info and an altered go.mod waiting in the bucket are confirmed with the upstream, refused and not locked", async () => {
    const widget = modules.find((m) => m.path === STD.widget)!;
    const multi = modules.find((m) => m.path === STD.multi && m.version === "v1.2.0")!;
    const infoKey = `confirm/${escape(widget.path)}/@v/${widget.version}.info`;
    const modKey = `confirm/${escape(multi.path)}/@v/${multi.version}.mod`;
    await s3.putObject(BUCKET, infoKey, Buffer.from(JSON.stringify({ Version: widget.version, Time: "2001-01-01T00:00:00Z" })));
    await s3.putObject(BUCKET, modKey, Buffer.concat([multi.mod, Buffer.from("\n// altered\n")]));
    const a = await repoA("confirm/");
    assert.equal(a.code, 0, a.stderr);
    const lock = readFileSync(join(a.dir, "gopin.lock"), "utf8");
    const widgetTime = JSON.parse(widget.info.toString("utf8")).Time as string;
    assert.ok(lock.includes(`version ${STD.widget} v1.0.0 time=${widgetTime} `), `the upstream's time is locked, not the bucket's:\n${lock}`);
    assert.ok(lock.includes(h1Sums(multi).goModSum), "the upstream's go.mod hash is locked, not the bucket's");
    assert.ok(!lock.includes("2001-01-01"), lock);
    const refused = (a.report.stats.shared.refused as Array<{ file: string }>).map((r) => r.file).sort();
    assert.deepEqual(refused, [infoKey, modKey].sort());
  });

  test("the shared store stopped mid-job: the job goes on with the upstream, with a warning", async () => {
    const own = await startS3Server();
    try {
      await own.createBucket(BUCKET);
      const a = await repoA("stopped/", { server: own });
      assert.equal(a.code, 0, a.stderr);
      up.clearLog();
      // One module from the bucket, then the server dies, then the rest of the build.
      const script = `go mod download ${STD.widget}@v1.0.0 && kill -9 ${own.pid} && go build ./...`;
      const rb = await job(repoBDir(a), "stopped/", ["--mode", "verify"], script, { server: own });
      assert.equal(rb.code, 0, rb.stderr);
      assert.equal(rb.report.verdict, "pass");
      const sb = rb.report.stats.shared;
      assert.ok(sb.hits >= 1, "served from the bucket before it stopped");
      assert.ok(sb.errors >= 1);
      assert.ok(up.requests.some((r) => r.path.endsWith(".zip")), "the upstream served the rest");
      assert.ok(sb.warnings.some((w: string) => /shared store/.test(w)), JSON.stringify(sb.warnings));
      assert.match(rb.summary, /\*\*Warnings\*\* \(the job did not fail on them\)/);
    } finally {
      await own.stop();
    }
  });

  test("two jobs racing to upload the same files leave one intact object each (create-only)", async () => {
    const [a1, a2] = await Promise.all([repoA("race/"), repoA("race/")]);
    assert.equal(a1.code, 0, a1.stderr);
    assert.equal(a2.code, 0, a2.stderr);
    const keys = await assertIntact("race/");
    const u1 = a1.report.stats.shared.uploads;
    const u2 = a2.report.stats.shared.uploads;
    assert.equal(u1.created + u2.created, keys.length, `each object created once (${u1.created} + ${u2.created})`);
    // What a job did not upload, it was served from the bucket (the other job's upload landed first).
    for (const [u, sh] of [[u1, a1.report.stats.shared], [u2, a2.report.stats.shared]]) assert.equal(u.created + u.existing + sh.hits, keys.length);
    assert.equal(u1.failed + u2.failed, 0);
  });

  test("read mode never uploads", async () => {
    const dir = tempDir("gopin-repo-r-");
    writeMainModule(dir, REQUIRES);
    const r = await job(dir, "readonly/", ["--mode", "record", "--shared-store-mode", "read"], "go mod tidy && go build ./...");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await s3.keys(BUCKET, "readonly/"), []);
    assert.equal(r.report.stats.shared.mode, "read");
    assert.equal(r.report.stats.shared.misses > 0, true);
    assert.match(r.summary, /\(read-only\)/);
  });

  test("private modules reach the shared store only with --shared-store-private on, and the summary lists them", async () => {
    const root = tempDir("gopin-shared-priv-");
    const secret = "private.example/team/secret.git";
    const priv = await makePrivateGitModule(join(root, "git"), { path: secret, version: "v1.0.0" });
    const requires = [{ path: secret, version: "v1.0.0" }, { path: STD.widget, version: "v1.0.0" }];
    const run = (prefix: string, flags: string[]) => {
      const dir = tempDir("gopin-repo-p-");
      writeMainModule(dir, requires);
      return job(dir, prefix, ["--mode", "record", ...flags], "go mod tidy && go build ./...", { env: priv.env, private: "private.example" });
    };
    const off = await run("priv-off/", []);
    assert.equal(off.code, 0, off.stderr);
    const offKeys = await s3.keys(BUCKET, "priv-off/");
    assert.ok(offKeys.some((k) => k.includes("!widget")), "public modules are shared");
    assert.deepEqual(offKeys.filter((k) => k.includes("private.example")), [], "the private module never reached the bucket");
    assert.deepEqual(off.report.stats.shared.privateShared, []);

    const on = await run("priv-on/", ["--shared-store-private", "on"]);
    assert.equal(on.code, 0, on.stderr);
    const onKeys = await s3.keys(BUCKET, "priv-on/");
    for (const ext of ["mod", "zip"]) assert.ok(onKeys.includes(`priv-on/${secret}/@v/v1.0.0.${ext}`), `${ext} shared: ${onKeys.join(" ")}`);
    assert.deepEqual(on.report.stats.shared.privateShared, [`${secret}@v1.0.0`]);
    assert.ok(on.summary.includes(`Private modules written to the shared store (\`shared-store-private\`): \`${secret}@v1.0.0\``), on.summary);
  });

  test("credentials never appear in logs or reports, with good credentials or refused ones", async () => {
    const dir = tempDir("gopin-repo-c-");
    writeMainModule(dir, REQUIRES);
    const good = await job(dir, "creds/", ["--mode", "record"], "go mod tidy && go build ./...");
    assert.equal(good.code, 0, good.stderr);
    const wrongSecret = "WRONG-secret-for-the-test+0123456789abcdef";
    const bad = await job(dir, "creds2/", ["--mode", "record"], "go build ./...", { env: { AWS_SECRET_ACCESS_KEY: wrongSecret } });
    assert.equal(bad.code, 0, bad.stderr);
    assert.ok(bad.report.stats.shared.warnings.length > 0, "the refused credentials are reported as warnings");
    assert.ok(bad.report.stats.shared.errors > 0);
    for (const [name, r, secrets] of [["good", good, [s3.secretKey, s3.accessKey]], ["bad", bad, [wrongSecret, s3.accessKey]]] as const) {
      for (const [what, text] of Object.entries({ stderr: r.stderr, stdout: r.stdout, log: r.log, report: JSON.stringify(r.report), summary: r.summary })) {
        for (const s of secrets) assert.ok(!text.includes(s), `${name} job: the ${what} contains a credential`);
      }
    }
  });
});

describe("shared store configuration", () => {
  test("--shared-store takes s3://bucket/prefix; anything else is refused naming where it came from", async () => {
    const env = { GOPIN_SUMDB: "off", GOPIN_UPSTREAM: "off" };
    const c = await resolveServeConfig({ private: "", sharedStore: "s3://my-bucket/org/go", sharedStoreMode: "read" }, env, {});
    assert.deepEqual({ ...c.shared }, { url: "s3://my-bucket/org/go", bucket: "my-bucket", prefix: "org/go/", mode: "read", private: false });
    const e = await resolveServeConfig({ private: "" }, { ...env, GOPIN_SHARED_STORE: "s3://b/" }, {}).catch((x: Error) => x);
    assert.match(String(e), /bucket "b" is not a valid S3 bucket name \(from GOPIN_SHARED_STORE\)/);
    await assert.rejects(resolveServeConfig({ private: "", sharedStore: "https://host/bucket" }, env, {}), /is not an s3:\/\/bucket\/prefix URL \(from --shared-store\)/);
    await assert.rejects(resolveServeConfig({ private: "", sharedStore: "s3://bkt", sharedStoreMode: "write" }, env, {}), /mode must be "read-write" or "read", got "write" \(from --shared-store-mode\)/);
    const none = await resolveServeConfig({ private: "" }, env, {});
    assert.equal(none.shared, undefined);
  });
});
