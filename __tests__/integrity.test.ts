// Hardening against hostile upstreams and stores (docs/reliability.md):
// nothing is locked on the store's word alone, private paths never reach a
// checksum database, one unwritable answer never costs the lockfile, and one
// long version list never turns into thousands of upstream requests.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAll, h1Sums, makePrivateGitModule, writeMainModule, type BuiltModule, type FixtureModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "./helpers/go.js";
import { CLI, get, startGopin } from "./helpers/gopin.js";
import { keyHash } from "../src/sumdb/note.js";
import { modulePath } from "../src/protocol/module-file.js";
import { LIST_DATING_LIMIT, versionsToDate } from "../src/policy/list-dating.js";
import { DirectUpstream } from "../src/upstream/direct.js";
import { resolveServeConfig } from "../src/config/serve-config.js";
import { resolvePolicyConfig } from "../src/config/policy-config.js";
import { startSession } from "../src/core/session.js";
import { renderMarkdown } from "../src/report/render.js";

const stops: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const s of stops.reverse()) await Promise.race([s(), new Promise((r) => setTimeout(r, 3000).unref())]);
});

async function upstream(mods: ReadonlyArray<FixtureModule | BuiltModule>): Promise<FixtureUpstream> {
  const u = await startFixtureUpstream(mods);
  stops.push(() => u.stop());
  return u;
}

/** `gopin run --mode record` in a fresh project requiring `requires`, with a report file (and a fresh store unless given). */
async function recordRun(up: string, requires: Array<{ path: string; version: string }>, script: string, flags: string[] = [], store?: string) {
  const dir = tempDir("gopin-integrity-proj-");
  writeMainModule(dir, requires);
  const root = tempDir("gopin-integrity-run-");
  const reportFile = join(root, "report.json");
  const args = [CLI, "run", "--mode", "record", "--upstream", up, "--private", "", "--sumdb", "off", "--store", store ?? join(root, "store"), "--report", reportFile, ...flags, "--", "sh", "-c", script];
  const r = await runCommand(process.execPath, args, { cwd: dir, env: goEnv(root), timeoutMs: 120_000 });
  const lockFile = join(dir, "gopin.lock");
  return {
    ...r,
    lock: existsSync(lockFile) ? readFileSync(lockFile, "utf8") : undefined,
    report: existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, "utf8")) as any) : undefined,
  };
}

describe("one unwritable answer never costs the lockfile", () => {
  const GOOD = "example.com/good";
  const BAD = "example.com/badtime";
  const HIGH = "example.com/highlatest";
  let up: FixtureUpstream;
  before(async () => {
    up = await upstream([
      { path: GOOD, version: "v1.0.0", time: "2023-01-05T10:00:00Z" },
      { path: BAD, version: "v1.0.0", time: "2023-01-05T10:00:00Z" },
      { path: HIGH, version: "v1.0.0", time: "2023-01-05T10:00:00Z" },
    ]);
  });

  for (const time of ["2023-02-30T12:00:00Z", "2023-01-05T24:00:00Z"]) {
    test(`an .info time of ${time} is refused at admission; the lockfile and report are written for everything else`, async () => {
      up.clearFaults();
      up.setFault(`${BAD}/@v/v1.0.0.info`, { alter: () => Buffer.from(JSON.stringify({ Version: "v1.0.0", Time: time })) });
      const r = await recordRun(up.url, [], `go mod download -json ${GOOD}@v1.0.0; go mod download -json ${BAD}@v1.0.0; exit 0`);
      assert.ok(r.report, `a report was written; stderr:\n${r.stderr}`);
      assert.ok(r.lock, `a lockfile was written; stderr:\n${r.stderr}`);
      assert.match(r.lock!, new RegExp(`^version ${GOOD} v1\\.0\\.0 time=2023-01-05T10:00:00Z`, "m"));
      assert.doesNotMatch(r.lock!, new RegExp(BAD));
      const refused = r.report.refused.map((x: any) => `${x.module}@${x.version}: ${x.reason}`).join("\n");
      assert.match(refused, new RegExp(`${BAD}@v1\\.0\\.0: .*"Time" "${time}" is not an RFC 3339 time`));
      assert.notEqual(r.code, 0, "the refusal is a violation");
    });
  }

  test("an @latest of v9.9.9 for a path without a major suffix is refused at admission; the lockfile is still written", async () => {
    up.clearFaults();
    // go asks @latest only when the list is empty.
    up.setFault(`${HIGH}/@v/list`, { alter: () => Buffer.alloc(0) });
    up.setFault(`${HIGH}/@latest`, { alter: () => Buffer.from(JSON.stringify({ Version: "v9.9.9", Time: "2023-01-05T10:00:00Z" })) });
    const r = await recordRun(up.url, [], `go mod download -json ${GOOD}@v1.0.0; go list -m ${HIGH}@latest; exit 0`);
    assert.ok(r.lock, `a lockfile was written; stderr:\n${r.stderr}`);
    assert.match(r.lock!, new RegExp(`^version ${GOOD} v1\\.0\\.0 `, "m"));
    assert.doesNotMatch(r.lock!, /v9\.9\.9/);
    const refused = r.report.refused.map((x: any) => `${x.module}: ${x.reason}`).join("\n");
    assert.match(refused, new RegExp(`${HIGH}: .*@latest.*should be v0 or v1, not v9`));
  });
});

// ---------------------------------------------------------------------------

/** A checksum database that knows nothing and writes down every request it gets. */
async function recordingSumdb(): Promise<{ url: string; vkey: string; paths: string[] }> {
  const paths: string[] = [];
  const srv = createServer((req, res) => {
    paths.push(decodeURIComponent(req.url ?? ""));
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  stops.push(() => new Promise((r) => srv.close(r)));
  const name = "sum.recorder.test";
  const key = Buffer.concat([Buffer.from([1]), createHash("sha256").update("recorder").digest()]);
  const vkey = `${name}+${keyHash(name, key).toString(16).padStart(8, "0")}+${key.toString("base64")}`;
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, vkey, paths };
}

describe("private module paths never reach a checksum database", () => {
  const PRIV = "private.example/team/secret.git";

  for (const [label, extraArgs, extraEnv] of [
    ["--nosumdb other.example", ["--nosumdb", "other.example"], {}],
    ["an empty GOPIN_NOSUMDB", [], { GOPIN_NOSUMDB: "" }],
  ] as const) {
    test(`with --private and ${label}: not through /sumdb/, not by gopin's own client, not by the direct child go`, async () => {
      const db = await recordingSumdb();
      const up = await upstream([]);
      const root = tempDir("gopin-integrity-priv-");
      const priv = await makePrivateGitModule(join(root, "git"), { path: PRIV, version: "v1.0.0" });
      // The job has no GOPRIVATE: only gopin's --private says the path is private,
      // and the job's GOSUMDB (which the direct child go inherits) is the recorder.
      const env = goEnv(root, { ...priv.env, GOPRIVATE: undefined, GONOSUMDB: undefined, GOSUMDB: `${db.vkey} ${db.url}`, ...extraEnv });
      const g = await startGopin({
        store: join(root, "store"),
        upstream: up.url,
        private: "private.example",
        logFile: join(root, "log"),
        env,
        extraArgs: ["--sumdb", `${db.vkey} ${db.url}`, "--mode", "record", "--lockfile", join(root, "gopin.lock"), ...extraArgs],
      });
      stops.push(() => g.stop());
      for (const ext of ["info", "mod", "zip"]) {
        const r = await get(`${g.url}/${PRIV}/@v/v1.0.0.${ext}`);
        assert.equal(r.status, 200, `${ext}: ${r.text.slice(0, 500)}\n${g.stderr()}`);
      }
      const lookup = await get(`${g.url}/sumdb/sum.recorder.test/lookup/${PRIV}@v1.0.0`);
      assert.equal(lookup.status, 403, lookup.text);
      assert.deepEqual(db.paths.filter((p) => p.includes("private.example")), [], "no checksum-database request named the private path");
      assert.equal(up.requests.length, 0, "nothing reached the HTTP upstream");
    });
  }
});

describe("the direct child go's environment", () => {
  test("keeps go's GOPRIVATE default for GONOSUMDB and adds gopin's private and nosumdb patterns", () => {
    const d = new DirectUpstream({ goBinary: "go", modCache: tempDir("gopin-integrity-mc-"), env: { GOPRIVATE: "a.example" }, noSumDb: "x.example", private: "b.example" });
    const env = d.env();
    assert.equal(env.GONOSUMDB, "a.example,x.example,b.example");
    assert.equal(env.GOPRIVATE, "a.example,b.example");
    assert.equal(env.GOPROXY, "direct");
  });
});

describe("a record the lockfile cannot hold", () => {
  test("is reported as a refusal of that module@version, and the lockfile, report and summary are written for the rest", async () => {
    const root = tempDir("gopin-integrity-session-");
    const lockfile = join(root, "gopin.lock");
    const serve = await resolveServeConfig({ store: join(root, "store"), upstream: "off", private: "", sumdb: "off", log: "none" }, {}, {});
    const session = await startSession(serve, await resolvePolicyConfig({ mode: "record", lockfile }, {}, root), { env: {} });
    const mod = "h1:" + Buffer.alloc(32, 1).toString("base64");
    session.journal.observeVersion("example.com/good", "v1.0.0", { mod });
    // What an admission gap would let through: the merge must not throw it at the whole run.
    session.journal.observeVersion("example.com/bad", "v1.0.0", { time: "2023-02-30T12:00:00Z", mod });
    const o = await session.finish();
    assert.ok(o.lockfileWritten);
    assert.match(readFileSync(lockfile, "utf8"), /^version example\.com\/good v1\.0\.0 mod=/m);
    assert.doesNotMatch(readFileSync(lockfile, "utf8"), /example\.com\/bad/);
    assert.equal(o.report.verdict, "fail");
    const refused = o.report.refused.find((x) => x.module === "example.com/bad");
    assert.ok(refused, JSON.stringify(o.report.refused));
    assert.equal(refused.version, "v1.0.0");
    assert.match(refused.reason ?? "", /example\.com\/bad@v1\.0\.0: its version record cannot be written to gopin\.lock \(time=2023-02-30T12:00:00Z: not an RFC 3339 time/);
    assert.match(renderMarkdown(o.report), /example\.com\/bad/);
  });
});

describe("record mode never locks on the store's word alone", () => {
  const GOOD = "example.com/good";
  const GOOD3 = "example.com/good3";
  const YOUNG = "example.com/young";
  const youngTime = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  let genuine: BuiltModule[];
  let up: FixtureUpstream;
  let evil: FixtureUpstream;
  before(async () => {
    genuine = await buildAll([
      { path: GOOD, version: "v1.0.0", time: "2023-01-05T10:00:00Z" },
      { path: GOOD3, version: "v1.0.0", time: "2023-01-05T10:00:00Z" },
      { path: GOOD3, version: "v1.0.1", time: "2023-02-05T10:00:00Z" },
      { path: YOUNG, version: "v1.0.0", time: youngTime },
    ]);
    up = await upstream(genuine);
    // Same paths and versions, other bytes and backdated times: what a poisoned cache restore holds.
    evil = await upstream([
      { path: GOOD, version: "v1.0.0", time: "2020-01-01T00:00:00Z", files: { "good.go": "package good\n\n// Hello is not what the author published.\nfunc Hello() string { return \"evil\" }\n" } },
      { path: YOUNG, version: "v1.0.0", time: "2020-01-01T00:00:00Z" },
    ]);
  });
  const sums = (path: string, version = "v1.0.0") => h1Sums(genuine.find((b) => b.path === path && b.version === version)!);

  /** A store filled through gopin from `from` (a throwaway lockfile). */
  async function storeFilledFrom(from: FixtureUpstream, target: string): Promise<string> {
    const store = tempDir("gopin-integrity-store-");
    const r = await recordRun(from.url, [], `go mod download -json ${target}`, ["--lockfile", join(tempDir("gopin-integrity-throwaway-"), "gopin.lock")], store);
    assert.equal(r.code, 0, r.stderr);
    return store;
  }

  test("a swapped zip and a backdated .info in the store are evicted; the upstream's copy is served and locked, and the eviction reported", async () => {
    const store = await storeFilledFrom(evil, `${GOOD}@v1.0.0`);
    const r = await recordRun(up.url, [], `go mod download -json ${GOOD}@v1.0.0`, [], store);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.lock!, new RegExp(`^version ${GOOD} v1\\.0\\.0 time=2023-01-05T10:00:00Z mod=\\S+ zip=${sums(GOOD).sum.replace(/[+/]/g, "\\$&")}$`, "m"));
    const evicted = r.report.evicted.map((e: any) => `${e.rel}: ${e.reason}`).join("\n");
    assert.match(evicted, new RegExp(`${GOOD}/@v/v1\\.0\\.0\\.zip: the store's copy \\(h1:.*\\) is not the upstream's \\(${sums(GOOD).sum.replace(/[+/]/g, "\\$&")}\\)`));
    assert.match(evicted, new RegExp(`${GOOD}/@v/v1\\.0\\.0\\.info: the store's copy \\(.*2020-01-01T00:00:00Z.*\\) is not the upstream's`));
    assert.deepEqual(readFileSync(join(store, modulePath({ module: GOOD, kind: "zip", version: "v1.0.0" }))), genuine.find((b) => b.path === GOOD)!.zip, "the store now holds the upstream's zip");
    assert.equal(r.report.verdict, "pass", "a contradicted store copy is reported, not a violation");
  });

  test("a stored .info naming another version is evicted like an upstream's answer; the lock line is for the version asked for", async () => {
    const store = await storeFilledFrom(up, `${GOOD3}@v1.0.0`);
    writeFileSync(join(store, modulePath({ module: GOOD3, kind: "info", version: "v1.0.0" })), JSON.stringify({ Version: "v1.0.1", Time: "2023-02-05T10:00:00Z" }));
    const r = await recordRun(up.url, [], `go mod download -json ${GOOD3}@v1.0.0`, [], store);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.lock!, new RegExp(`^version ${GOOD3} v1\\.0\\.0 time=2023-01-05T10:00:00Z mod=${sums(GOOD3).goModSum.replace(/[+/]/g, "\\$&")} zip=`, "m"));
    assert.doesNotMatch(r.lock!, /v1\.0\.1/);
    assert.match(r.report.evicted.map((e: any) => e.reason).join("\n"), /expected Version v1\.0\.0, the upstream answered v1\.0\.1/);
  });

  test("a backdated .info in the store does not let a young version through min-release-age", async () => {
    const store = await storeFilledFrom(evil, `${YOUNG}@v1.0.0`);
    const r = await recordRun(up.url, [], `go mod download -json ${YOUNG}@v1.0.0`, ["--min-release-age", "7d"], store);
    assert.notEqual(r.code, 0);
    assert.doesNotMatch(r.lock ?? "", new RegExp(YOUNG));
    assert.match(r.report.refused.map((x: any) => x.reason).join("\n"), new RegExp(`${YOUNG}@v1\\.0\\.0 was published ${youngTime}.*younger than min-release-age`));
  });

  test("when the upstream cannot confirm a stored copy, it is not locked (and stays in the store)", async () => {
    const store = await storeFilledFrom(up, `${GOOD}@v1.0.0`);
    const r = await recordRun("http://127.0.0.1:9", [], `go mod download -json ${GOOD}@v1.0.0`, [], store);
    assert.notEqual(r.code, 0);
    assert.doesNotMatch(r.lock ?? "", new RegExp(`version ${GOOD} `));
    assert.match(r.report.failed.map((x: any) => x.reason).join("\n"), /only in its store, which is not an authority on its own; the upstream could not confirm it/);
    assert.ok(existsSync(join(store, modulePath({ module: GOOD, kind: "zip", version: "v1.0.0" }))) || existsSync(join(store, modulePath({ module: GOOD, kind: "info", version: "v1.0.0" }))));
  });
});

describe("a long version list under a time window", () => {
  const MANY = "example.com/many";
  const NONE = "example.com/nonewithin";
  const listOf3000 = () => Buffer.from(Array.from({ length: 3000 }, (_, i) => `v1.0.${i}\n`).join(""));
  let up: FixtureUpstream;
  let url: string;
  before(async () => {
    up = await upstream([
      { path: MANY, version: "v1.0.2999", time: "2023-06-01T00:00:00Z" },
      { path: MANY, version: "v1.0.2990", time: "2023-01-01T00:00:00Z" },
      { path: NONE, version: "v1.0.2999", time: "2023-06-01T00:00:00Z" },
      { path: NONE, version: "v1.0.0", time: "2022-01-01T00:00:00Z" },
    ]);
    // 3,000 listed versions; only the ones above have an .info (the rest answer 404).
    for (const m of [MANY, NONE]) up.setFault(`${m}/@v/list`, { alter: listOf3000 });
    const root = tempDir("gopin-integrity-list-");
    const g = await startGopin({
      store: join(root, "store"),
      upstream: up.url,
      logFile: join(root, "log"),
      env: goEnv(root),
      extraArgs: ["--sumdb", "off", "--mode", "record", "--lockfile", join(root, "gopin.lock"), "--as-of", "2023-03-01"],
    });
    stops.push(() => g.stop());
    url = g.url;
  });

  test("is dated newest first and only until a version inside the window is found, not 3,000 requests", async () => {
    up.clearLog();
    const r = await get(`${url}/${MANY}/@v/list`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, "v1.0.2990\n");
    const infos = up.requests.filter((q) => q.path.endsWith(".info"));
    // Two batches of 8: v1.0.2999 (after the as-of) and 404s, then v1.0.2990 inside the window.
    assert.equal(infos.length, 16, infos.map((q) => q.path).join("\n"));
    assert.ok(up.requests.length <= 20, `${up.requests.length} upstream requests`);
  });

  test("beyond the bound with nothing inside the window among the dated, is refused naming the module, the bound and what to do", async () => {
    up.clearLog();
    const r = await get(`${url}/${NONE}/@v/list`);
    assert.equal(r.status, 403, r.text);
    assert.match(r.text, new RegExp(`${NONE}: its version list has 3000 versions; gopin dates at most ${LIST_DATING_LIMIT} per list \\(newest first\\) against the time window \\(as-of 2023-03-01T00:00:00Z\\).*Require an exact version instead \\(e\\.g\\. go get ${NONE}@VERSION\\)`));
    assert.equal(up.requests.filter((q) => q.path.endsWith(".info")).length, LIST_DATING_LIMIT);
  });
});

test("versionsToDate: a list within the bound is dated whole, a longer one newest first up to the bound; locked times cost nothing", () => {
  const vs = ["v1.0.0", "v1.10.0", "v1.2.0", "v1.9.0"];
  assert.deepEqual(versionsToDate(vs, () => false, 4), { toDate: ["v1.10.0", "v1.9.0", "v1.2.0", "v1.0.0"], bounded: false });
  assert.deepEqual(versionsToDate(vs, () => false, 2), { toDate: ["v1.10.0", "v1.9.0"], bounded: true });
  assert.deepEqual(versionsToDate(vs, (v) => v === "v1.10.0" || v === "v1.9.0", 2), { toDate: ["v1.2.0", "v1.0.0"], bounded: false });
});
