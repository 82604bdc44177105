// The job summary as a reader sees it: rendered to HTML by a GitHub-flavoured
// Markdown implementation (micromark + its GFM extension, autolink literals
// included) and judged on that HTML. The first screen is the verdict, then
// one row per module version with what failed, the cause when the base
// lockfile tells it, and the next step in the words of the entry point.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { mergeObserved, type Lockfile } from "../src/lock/index.js";
import { gate } from "../src/policy/gate.js";
import { lockMismatch } from "../src/policy/content.js";
import type { PolicyContext } from "../src/policy/context.js";
import type { Advice, Refusal } from "../src/policy/refusal.js";
import { buildReport, renderMarkdown, type ProxyEvent, type BaseLock } from "../src/report/index.js";
import { gfmToHtml, tableRows, firstHeading } from "./helpers/gfm.js";
import { buildAll, buildModule, standardModules, writeMainModule, STD, STD_PSEUDO_VERSION, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "./helpers/go.js";
import { CLI } from "./helpers/gopin.js";

const h = (n: number) => "h1:" + Buffer.alloc(32, n).toString("base64");
const MOD = "golang.org/x/mod";

function lockWith(zip: string): Lockfile {
  return mergeObserved(undefined, {
    versions: [{ path: MOD, version: "v0.20.0", time: "2024-07-30T14:22:55Z", mod: h(1), zip }],
    lists: [],
    latest: [],
    policy: { exempt: [] },
  }).lock;
}

/** A refused request as the proxy journals it (src/proxy/service.ts). */
function refused(r: Refusal, kind: ProxyEvent["kind"], advice: Advice): ProxyEvent {
  return {
    module: r.module,
    kind,
    version: r.version,
    source: "refused",
    reason: r.format(advice),
    rule: r.rule,
    detail: r.detail,
    ...(r.remedy ? { remedy: r.remedy } : {}),
    ...(r.expected ? { expected: r.expected } : {}),
    ...(r.actual ? { actual: r.actual } : {}),
  };
}

/** A verify job whose go wanted v0.21.0 (not locked: .mod and .zip) and got other bytes for the locked v0.20.0 zip. */
function failedSummary(advice: Advice, base?: BaseLock): string {
  const lock = lockWith(h(2));
  const ctx: PolicyContext = { mode: "verify", lock, lockfileName: "gopin.lock", window: { allow: new Set() }, noSumDb: "", advice, now: () => new Date("2024-09-01T00:00:00Z") };
  const events: ProxyEvent[] = [];
  for (const kind of ["mod", "zip"] as const) {
    const g = gate(ctx, { kind, module: MOD, version: "v0.21.0", canonical: true });
    assert.equal(g.kind, "refuse");
    events.push(refused((g as { refusal: Refusal }).refusal, kind, advice));
  }
  events.push(refused(lockMismatch(ctx, MOD, "v0.20.0", "zip", h(9))!, "zip", advice));
  const report = buildReport({
    mode: "verify",
    now: new Date("2024-09-01T00:00:00Z"),
    before: lock,
    events,
    stats: { requests: 3, hits: 0, misses: 0, bytesFromStore: 0, bytesFromUpstream: 0, durationMs: 40 },
    lockfilePath: "gopin.lock",
  });
  return renderMarkdown(report, { advice, lock, ...(base ? { base } : {}) });
}

describe("the summary rendered as GitHub does", () => {
  for (const advice of ["action", "cli"] as const) {
    test(`${advice}: the verdict first, one row per module version, no mailto: links, counts collapsed, advice in the ${advice === "action" ? "Action's inputs" : "CLI's flags"}`, () => {
      const html = gfmToHtml(failedSummary(advice));
      assert.ok(!html.includes("mailto:"), html);
      assert.deepEqual(firstHeading(html), { level: 2, text: "❌ gopin verify: FAIL — 3 violations in 2 module versions" });
      const rows = tableRows(html);
      assert.deepEqual(
        rows.map((r) => r[0]),
        [`<code>${MOD}@v0.20.0</code>`, `<code>${MOD}@v0.21.0</code>`],
        "one row per module version: v0.21.0's .mod and .zip are one row",
      );
      assert.ok(html.indexOf("<table>") < html.indexOf("<details>"), "the table comes before the collapsed details");
      assert.match(html, /<details><summary>Counts, store vs upstream, cache and timing<\/summary>\n<ul>\n<li>verify mode/);
      assert.match(rows[0]![1]!, /zip hash differs from the lockfile<br><em>lockfile edit or upstream change: cannot be told apart without the base lockfile<\/em>/);
      assert.match(rows[1]![1]!, /^not in the lockfile$/);
      const next = rows[1]![2]!;
      if (advice === "action") {
        assert.match(next, /input mode: record/);
        assert.match(rows[0]![2]!, /input upstream/);
        assert.match(html, /<strong>Next:<\/strong> Record it again \(the gopin step's input mode: record/);
        assert.doesNotMatch(html, /--mode|--upstream|gopin run/);
      } else {
        assert.match(next, /--mode record/);
        assert.match(rows[0]![2]!, /--upstream/);
        assert.match(html, /<strong>Next:<\/strong> Re-record the lockfile \(gopin run --mode record\)/);
        assert.doesNotMatch(html, /input (mode|upstream)|step's input/);
      }
      // The reasons under the table keep every module@version and hash in code.
      assert.match(html, new RegExp(`<li><code>${MOD}@v0.20.0</code> \\(.zip\\): zip hash mismatch: gopin.lock has <code>${h(2).replace(/[+/]/g, "\\$&")}</code>`));
    });
  }

  test("the base lockfile tells a lockfile edit from an upstream change", () => {
    const same = gfmToHtml(failedSummary("action", { label: "the pull request's base 0123456789ab", rev: "0123456789abcdef0123456789abcdef01234567", lock: lockWith(h(2)) }));
    let rows = tableRows(same);
    assert.match(rows[0]![1]!, /<em>upstream changed: the base locks the same hash<\/em>/);
    assert.match(rows[0]![2]!, /Do not re-record; fetch through a mirror you trust \(input upstream\)/);
    assert.match(rows[1]![1]!, /<em>new: not locked at the base either<\/em>/);
    assert.match(same, /compared with the pull request's base 0123456789ab/);

    const edited = gfmToHtml(failedSummary("action", { label: "the pull request's base 0123456789ab", rev: "0123456789abcdef0123456789abcdef01234567", lock: lockWith(h(9)) }));
    rows = tableRows(edited);
    assert.match(rows[0]![1]!, /<em>lockfile edited: the base locks another hash<\/em>/);
    assert.match(rows[0]![2]!, /git checkout 0123456789ab -- gopin.lock/);

    const none = gfmToHtml(failedSummary("cli", { unavailable: "the pull request's base 0123456789ab is not in this clone; give actions/checkout fetch-depth: 2 (a pull request) or 0 so it is" }));
    assert.match(none, /no base lockfile: the pull request's base 0123456789ab is not in this clone/);
    assert.match(tableRows(none)[0]![1]!, /cannot be told apart/);
  });
});

describe("gopin run --base: the summary of a real verify against the lockfile at a git revision", () => {
  let modules: BuiltModule[];
  let up: FixtureUpstream;
  before(async () => {
    modules = await buildAll(standardModules());
    up = await startFixtureUpstream(modules);
  });
  after(async () => {
    await up?.stop();
  });

  test("an edited locked hash and an upstream that changed its bytes are told apart, each with its next step", async () => {
    const dir = tempDir("gopin-summary-");
    writeMainModule(dir, [
      { path: STD.app, version: "v1.3.0" },
      { path: STD.legacy, version: "v2.0.0+incompatible" },
      { path: STD.libV2, version: "v2.1.0" },
      { path: STD.pseudo, version: STD_PSEUDO_VERSION },
    ]);
    const run = async (flags: string[], script: string) => {
      const root = tempDir("gopin-summary-run-");
      const args = [CLI, "run", "--upstream", up.url, "--private", "", "--store", join(root, "store"), "--quiet", ...flags, "--", "sh", "-c", script];
      return runCommand(process.execPath, args, { cwd: dir, env: goEnv(root), timeoutMs: 180_000 });
    };
    const rec = await run(["--mode", "record"], "go mod tidy && go build ./...");
    assert.equal(rec.code, 0, rec.stderr);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: dir, encoding: "utf8" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "base");

    // The change under review edits the widget's locked zip hash; meanwhile the upstream serves other bytes for lib/v2.
    const lockPath = join(dir, "gopin.lock");
    const text = readFileSync(lockPath, "utf8");
    const widgetLine = new RegExp(`^(version ${STD.widget} v1\\.0\\.0 .*zip=)(h1:\\S+)`, "m");
    assert.match(text, widgetLine);
    writeFileSync(lockPath, text.replace(widgetLine, `$1${h(7)}`));
    const lib = modules.find((m) => m.path === STD.libV2 && m.version === "v2.1.0")!;
    const evil = await buildModule({ path: STD.libV2, version: "v2.1.0", time: lib.time, files: { "lib.go": "package lib\n\nconst Evil = true\n" } });
    up.setFault("lib/v2/@v/v2.1.0.zip", { alter: () => evil.zip });
    try {
      const summaryFile = join(dir, "summary.md");
      const v = await run(["--mode", "verify", "--base", "HEAD", "--summary", summaryFile], `go mod download ${STD.widget} ${STD.libV2}`);
      assert.notEqual(v.code, 0);
      assert.ok(existsSync(summaryFile), v.stderr);
      const html = gfmToHtml(readFileSync(summaryFile, "utf8"));
      assert.ok(!html.includes("mailto:"), html);
      assert.match(firstHeading(html)!.text, /^❌ gopin verify: FAIL — \d+ violations?( in \d+ module versions?)?$/);
      assert.match(html, /compared with the lockfile at HEAD/);
      const rows = tableRows(html);
      const row = (m: string) => rows.find((r) => r[0]!.startsWith(`<code>${m}@`));
      assert.deepEqual(rows.map((r) => r[0]).sort(), [`<code>${STD.widget}@v1.0.0</code>`, `<code>${STD.libV2}@v2.1.0</code>`].sort(), html);
      assert.match(row(STD.widget)![1]!, /lockfile edited: the base locks another hash/);
      assert.match(row(STD.widget)![2]!, /git checkout HEAD -- gopin.lock/);
      assert.match(row(STD.libV2)![1]!, /upstream changed: the base locks the same hash/);
      assert.match(row(STD.libV2)![2]!, /--upstream/);
    } finally {
      up.clearFaults();
    }
  });
});
