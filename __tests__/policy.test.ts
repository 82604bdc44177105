// The policy in isolation: pure decisions over plain data (no files, no HTTP,
// no callbacks), each in milliseconds.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parseLockfile } from "../src/lock/syntax.js";
import type { PolicyContext } from "../src/policy/context.js";
import { gate } from "../src/policy/gate.js";
import { lockedInfo } from "../src/lock/model.js";
import { infoDrift, lockMismatch, pseudoTimeDrift } from "../src/policy/content.js";
import { ageRefusal, judgeWindow, latestRefusal, retractionSource, visibleVersions, withoutRetracted } from "../src/policy/window.js";
import { judgeSumdb } from "../src/policy/sumdb.js";
import { Refusal } from "../src/policy/refusal.js";
import { errorResponse } from "../src/server/response.js";
import type { ModuleRequest } from "../src/protocol/request.js";

const h1 = (fill: number) => "h1:" + Buffer.alloc(32, fill).toString("base64");
const ZIP = h1(1);
const MOD = h1(2);
const OTHER = h1(3);

const LOCK = parseLockfile(
  [
    "gopin-lock 1",
    "",
    "list example.com/a v1.0.0 v1.1.0",
    "latest example.com/a v1.1.0 time=2023-02-01T00:00:00Z",
    `version example.com/a v1.0.0 time=2023-01-01T00:00:00Z mod=${MOD} zip=${ZIP}`,
    `version example.com/a v1.1.0 time=2023-02-01T00:00:00Z mod=${MOD}`,
    "",
  ].join("\n"),
  "gopin.lock",
);

const NOW = new Date("2023-06-01T00:00:00Z");

function ctx(over: Partial<PolicyContext> = {}): PolicyContext {
  return { mode: "verify", lock: LOCK, lockfileName: "gopin.lock", window: { allow: new Set() }, noSumDb: "", advice: "cli", now: () => NOW, ...over };
}

const req = (kind: ModuleRequest["kind"], module = "example.com/a", version?: string): ModuleRequest => ({
  kind,
  module,
  ...(version ? { version } : {}),
  canonical: version !== undefined && /^v\d+\.\d+\.\d+$/.test(version),
});

describe("the verify gate", () => {
  test("answers list and @latest from the lockfile, marking the entry used", () => {
    const l = gate(ctx(), req("list"));
    assert.equal(l.kind, "answer");
    assert.equal(l.kind === "answer" && l.body.toString(), "v1.0.0\nv1.1.0\n");
    assert.equal(l.kind === "answer" && l.uses, "example.com/a/@v/list");
    const t = gate(ctx(), req("latest"));
    assert.deepEqual(t.kind === "answer" && JSON.parse(t.body.toString()), { Version: "v1.1.0", Time: "2023-02-01T00:00:00Z" });
  });

  test("refuses what the lockfile does not hold, before any traffic, with the remedy for the entry point", () => {
    const g = gate(ctx(), req("zip", "example.com/a", "v1.2.0"));
    assert.equal(g.kind, "refuse");
    const r = (g as { refusal: Refusal }).refusal;
    assert.equal(r.rule, "not-locked");
    assert.equal(r.format("cli"), "gopin verify: example.com/a@v1.2.0: not in gopin.lock; verify mode serves only locked versions. Re-record the lockfile (gopin run --mode record) and review the change.");
    assert.match(r.format("action"), /input mode: record/);
    assert.doesNotMatch(r.format("action"), /--mode/);
    assert.equal(errorResponse(r, "cli").status, 403);
    const q = gate(ctx(), { kind: "info", module: "example.com/a", version: "master", canonical: false });
    assert.equal(q.kind === "refuse" && q.refusal.rule, "version-query");
    const nl = gate(ctx(), req("list", "example.com/b"));
    assert.equal(nl.kind === "refuse" && nl.refusal.rule, "no-locked-answer");
  });

  test("the lock pins .info: verify answers it from the lockfile, in Go's field order", () => {
    const g = gate(ctx(), req("info", "example.com/a", "v1.0.0"));
    assert.equal(g.kind, "answer");
    assert.equal(g.kind === "answer" && g.body.toString(), '{"Version":"v1.0.0","Time":"2023-01-01T00:00:00Z"}');
    assert.equal(
      lockedInfo("v1.0.0", { time: "2023-01-01T00:00:00Z", origin: { vcs: "git", url: "https://example.com/a", ref: "refs/tags/v1.0.0", hash: "abc" } }).toString(),
      '{"Version":"v1.0.0","Time":"2023-01-01T00:00:00Z","Origin":{"VCS":"git","URL":"https://example.com/a","Hash":"abc","Ref":"refs/tags/v1.0.0"}}',
    );
  });

  test("a version locked without the hash asked for is refused; with it, it is fetched and used", () => {
    const g = gate(ctx(), req("zip", "example.com/a", "v1.1.0"));
    assert.equal(g.kind === "refuse" && g.refusal.rule, "missing-hash");
    assert.deepEqual(gate(ctx(), req("mod", "example.com/a", "v1.1.0")), { kind: "fetch", uses: "example.com/a@v1.1.0" });
  });

  test("a locked record at or beyond the locked tree size is refused", () => {
    const lock = parseLockfile(
      [
        "gopin-lock 1",
        "",
        `sumdb sum.example size=10 hash=${Buffer.alloc(32).toString("base64")}`,
        `version example.com/a v1.0.0 time=2023-01-01T00:00:00Z mod=${MOD} zip=${ZIP} rec=12`,
        "",
      ].join("\n"),
      "gopin.lock",
    );
    const g = gate(ctx({ lock, sumdbName: "sum.example" }), req("zip", "example.com/a", "v1.0.0"));
    assert.equal(g.kind === "refuse" && g.refusal.rule, "beyond-locked-head");
    assert.equal(gate(ctx({ lock }), req("zip", "example.com/a", "v1.0.0")).kind, "fetch", "without that database configured, the record is not judged");
  });

  test("record mode fetches everything, and names the locked entry it touches", () => {
    const c = ctx({ mode: "record" });
    assert.deepEqual(gate(c, req("zip", "example.com/a", "v9.0.0")), { kind: "fetch" });
    assert.deepEqual(gate(c, req("zip", "example.com/a", "v1.0.0")), { kind: "fetch", uses: "example.com/a@v1.0.0" });
    assert.deepEqual(gate(c, req("list", "example.com/new")), { kind: "fetch", uses: "example.com/new/@v/list" });
  });
});

describe("content against the lockfile", () => {
  test("a hash that differs from the locked one is refused with both values", () => {
    assert.equal(lockMismatch(ctx(), "example.com/a", "v1.0.0", "zip", ZIP), undefined);
    const r = lockMismatch(ctx(), "example.com/a", "v1.0.0", "zip", OTHER)!;
    assert.equal(r.rule, "lock-mismatch");
    assert.equal(r.expected, ZIP);
    assert.equal(r.actual, OTHER);
    assert.match(r.format("cli"), /^gopin verify: example.com\/a@v1.0.0: zip hash mismatch: gopin.lock has h1:AQEB\S+, the content served hashes to h1:AwMD\S+\. Either the lockfile was edited or the upstream now serves other bytes; the drift report tells which when it can compare with the base lockfile\.$/);
    assert.equal(lockMismatch(ctx(), "example.com/a", "v2.0.0", "zip", OTHER), undefined, "nothing locked: nothing to contradict");
  });

  test(".info time and origin that differ from the lock are drift, not refusals; times compare as instants", () => {
    assert.deepEqual(infoDrift(ctx(), "example.com/a", "v1.0.0", "2023-01-01T01:00:00+01:00", undefined), []);
    assert.deepEqual(infoDrift(ctx(), "example.com/a", "v1.0.0", "2023-01-04T00:00:00Z", undefined), [
      { module: "example.com/a", version: "v1.0.0", field: "time", locked: "2023-01-01T00:00:00Z", upstream: "2023-01-04T00:00:00Z" },
    ]);
    assert.equal(infoDrift(ctx(), "example.com/a", "v1.0.0", undefined, undefined)[0]?.upstream, "(none)");
    assert.deepEqual(infoDrift(ctx(), "example.com/new", "v1.0.0", "2023-01-04T00:00:00Z", undefined), [], "nothing locked, nothing drifts");
  });
});

describe("the time window", () => {
  const week = 7 * 24 * 3600 * 1000;

  test("min-release-age refuses young versions, fails closed without a time, and honours exact exemptions", () => {
    const c = ctx({ mode: "record", window: { minReleaseAgeMs: week, allow: new Set(["example.com/ok@v1.0.0"]) } });
    assert.equal(ageRefusal(c, "example.com/x", "v1.0.0", "2023-05-01T00:00:00Z"), undefined);
    const young = ageRefusal(c, "example.com/x", "v1.0.0", "2023-05-30T00:00:00Z")!;
    assert.equal(young.rule, "min-release-age");
    assert.match(young.format("cli"), /published 2023-05-30T00:00:00Z, 2d ago, younger than min-release-age 7d\. Wait, pick an older version, or exempt exactly this one with --allow example.com\/x@v1.0.0\.$/);
    assert.match(young.format("action"), /input allow: example.com\/x@v1.0.0/);
    assert.match(ageRefusal(c, "example.com/x", "v1.0.0", undefined)!.detail, /no publication time.*fails closed/);
    assert.equal(ageRefusal(c, "example.com/ok", "v1.0.0", "2023-05-31T00:00:00Z"), undefined);
  });

  test("lists keep only visible versions; hidden newer versions do not resurrect retracted ones", () => {
    const c = ctx({ mode: "record", window: { asOf: new Date("2023-03-01T00:00:00Z"), allow: new Set() } });
    const all = ["v1.0.0", "v1.1.0", "v1.2.0"];
    const shown = visibleVersions(c, "m", all, ["2023-01-01T00:00:00Z", "2023-02-01T00:00:00Z", "2023-04-01T00:00:00Z"]);
    assert.deepEqual(shown, ["v1.0.0", "v1.1.0"]);
    assert.equal(retractionSource(all), "v1.2.0");
    assert.equal(retractionSource(["v1.0.0", "v2.0.0-pre"]), "v1.0.0", "releases before prereleases");
    assert.deepEqual(withoutRetracted(shown, [{ low: "v1.1.0", high: "v1.1.0" }]), ["v1.0.0"]);
    assert.deepEqual(visibleVersions(ctx({ mode: "record" }), "m", all, []), all, "no window: everything");
  });

  test("@latest outside the window is a 404 so go falls back to the list", () => {
    const c = ctx({ mode: "record", window: { asOf: new Date("2023-03-01T00:00:00Z"), allow: new Set() } });
    const r = latestRefusal(c, "m", "v1.2.0", "2023-04-01T00:00:00Z")!;
    assert.equal(r.rule, "latest-outside-window");
    assert.equal(errorResponse(r, "cli").status, 404);
    assert.equal(latestRefusal(c, "m", "v1.0.0", "2023-01-01T00:00:00Z"), undefined);
  });

  test("the checksum database's clock beats a backdated .info time", () => {
    const c = ctx({ mode: "record", sumdbName: "sum.example", window: { asOf: new Date("2023-03-01T00:00:00Z"), allow: new Set() } });
    const dating = { after: { size: 100, seen: "2023-04-01T00:00:00Z" } };
    const w = judgeWindow(c, "m", "v1.0.0", { time: "2020-01-01T00:00:00Z", rec: 150, dating });
    assert.equal(w.refusal?.rule, "as-of");
    assert.equal(w.verdict?.evidence, "sumdb");
    assert.match(w.refusal!.detail, /record 150 was not yet in the sum.example tree of size 100 that gopin saw at 2023-04-01T00:00:00Z/);
    const ok = judgeWindow(c, "m", "v1.0.0", { time: "2023-01-01T00:00:00Z", rec: 50, dating: { by: { size: 100, seen: "2023-02-01T00:00:00Z" } } });
    assert.equal(ok.refusal, undefined);
    assert.equal(ok.verdict?.verdict, "admitted");
    assert.deepEqual(judgeWindow(ctx({ mode: "record" }), "m", "v1.0.0", {}), {}, "no window: no verdict");
  });

  test("a pseudo-version's .info time that is not its own timestamp is drift, and the window judges the timestamp", () => {
    const pv = "v0.0.0-20230315120000-abcdef123456";
    assert.equal(pseudoTimeDrift("m", pv, "2023-03-15T12:00:00.5Z"), undefined, "same second");
    assert.deepEqual(pseudoTimeDrift("m", pv, "2021-01-01T00:00:00Z"), { module: "m", version: pv, field: "pseudo-time", locked: "2023-03-15T12:00:00Z", upstream: "2021-01-01T00:00:00Z" });
    assert.equal(pseudoTimeDrift("m", "v1.0.0", "2021-01-01T00:00:00Z"), undefined, "not a pseudo-version");
    const asOf = ctx({ mode: "record", window: { asOf: new Date("2023-03-01T00:00:00Z"), allow: new Set() } });
    // An older .info time does not let a newer commit in, and a newer one does not keep an older commit out.
    assert.equal(latestRefusal(asOf, "m", pv, "2021-01-01T00:00:00Z")?.rule, "latest-outside-window");
    assert.equal(latestRefusal(asOf, "m", "v0.0.0-20230115120000-abcdef123456", "2024-01-01T00:00:00Z"), undefined);
    const age = ctx({ mode: "record", window: { minReleaseAgeMs: 7 * 86400_000, allow: new Set() } });
    assert.equal(ageRefusal(age, "m", `v0.0.0-${NOW.toISOString().replace(/\D/g, "").slice(0, 14)}-abcdef123456`, "2020-01-01T00:00:00Z")?.rule, "min-release-age");
  });
});

describe("the checksum database's word", () => {
  const c = ctx({ mode: "record", sumdbName: "sum.example" });
  const text = `example.com/a v1.0.0 ${ZIP}\nexample.com/a v1.0.0/go.mod ${MOD}\n`;

  test("agreeing hashes give the record number; a disagreeing one is a security refusal naming both", () => {
    assert.deepEqual(judgeSumdb(c, "example.com/a", "v1.0.0", "zip", ZIP, { found: { id: 7, text } }), { rec: 7 });
    assert.deepEqual(judgeSumdb(c, "example.com/a", "v1.0.0", "mod", MOD, { found: { id: 7, text } }), { rec: 7 });
    const r = judgeSumdb(c, "example.com/a", "v1.0.0", "zip", OTHER, { found: { id: 7, text } });
    assert.ok("refusal" in r);
    assert.equal(r.refusal.rule, "sumdb-mismatch");
    assert.equal(r.refusal.expected, ZIP);
    assert.match(r.refusal.detail, /^SECURITY ERROR: example.com\/a@v1.0.0: zip hash mismatch: the checksum database sum.example \(record 7\)/);
  });

  test("unknown, misbehaving and unreachable databases each map to their own status", () => {
    const unknown = judgeSumdb(c, "m", "v1.0.0", "zip", ZIP, { notFound: "404" });
    assert.ok("refusal" in unknown && unknown.refusal.rule === "sumdb-unknown" && errorResponse(unknown.refusal, "cli").status === 403);
    assert.match("refusal" in unknown ? unknown.refusal.format("cli") : "", /--private/);
    const sec = judgeSumdb(c, "m", "v1.0.0", "zip", ZIP, { security: "fork" });
    assert.ok("refusal" in sec && errorResponse(sec.refusal, "cli").status === 502);
    const down = judgeSumdb(c, "m", "v1.0.0", "zip", ZIP, { unavailable: "timeout" });
    assert.ok("refusal" in down && down.refusal.rule === "sumdb-unavailable" && errorResponse(down.refusal, "cli").status === 502);
  });
});

test("every error body is one text/plain paragraph", () => {
  const r = errorResponse(new Refusal({ module: "m", rule: "not-locked", detail: "line one\n  line two" }), "cli");
  assert.equal(r.contentType, "text/plain; charset=utf-8");
  assert.equal(r.body.toString(), "gopin: line one line two\n");
  assert.equal(errorResponse(new Error("boom"), "cli").status, 500);
});
