import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeObserved, type Lockfile } from "../src/lock/index.js";
import {
  buildReport,
  codeCell,
  escapeCell,
  humanBytes,
  humanDuration,
  inlineText,
  renderJson,
  lockfileLine,
  renderMarkdown,
  renderSumdbMarkdown,
  type DriftReport,
  type ProxyEvent,
  type ReportInput,
} from "../src/report/index.js";

const h = (n: number) => "h1:" + Buffer.alloc(32, n).toString("base64");
const NOW = new Date("2024-06-01T00:00:00Z");
const DAY = 86_400_000;
const STATS = { requests: 7, hits: 3, misses: 2, bytesFromStore: 3000, bytesFromUpstream: 2_500_000, durationMs: 125_000 };

function before(): Lockfile {
  return mergeObserved(undefined, {
    versions: [
      { path: "example.com/a", version: "v1.0.0", time: "2024-01-01T00:00:00Z", mod: h(1), zip: h(2) },
      { path: "example.com/b", version: "v0.1.0", time: "2024-05-29T12:00:00Z", mod: h(3) },
      { path: "example.com/old", version: "v0.9.0", time: "2023-06-01T00:00:00Z", mod: h(4), zip: h(5) },
    ],
    lists: [{ path: "example.com/a", versions: ["v1.0.0"] }],
    latest: [{ path: "example.com/a", version: "v1.0.0", time: "2024-01-01T00:00:00Z" }],
    policy: { minReleaseAge: "7d", exempt: [] },
  }).lock;
}

/** A record-mode job: one upgrade, one fill-in, one conflict, one refusal, one unused module. */
function recordInput(): ReportInput {
  const b = before();
  const { lock: after, conflicts } = mergeObserved(b, {
    versions: [
      { path: "example.com/a", version: "v1.0.0", zip: h(99) },
      { path: "example.com/a", version: "v1.2.0", time: "2024-05-20T00:00:00Z", mod: h(6), zip: h(7) },
      { path: "example.com/b", version: "v0.1.0", zip: h(8) },
    ],
    lists: [{ path: "example.com/a", versions: ["v1.0.0", "v1.1.0", "v1.2.0"] }],
    latest: [{ path: "example.com/a", version: "v1.2.0", time: "2024-05-20T00:00:00Z" }],
  });
  const events: ProxyEvent[] = [
    { module: "example.com/a", kind: "list", source: "upstream", bytes: 21 },
    { module: "example.com/a", kind: "latest", source: "upstream", bytes: 60, version: "v1.2.0" },
    { module: "example.com/a", kind: "zip", version: "v1.0.0", source: "store", bytes: 2000 },
    { module: "example.com/a", kind: "mod", version: "v1.2.0", source: "upstream", bytes: 100 },
    { module: "example.com/a", kind: "zip", version: "v1.2.0", source: "upstream", bytes: 2_499_819 },
    { module: "example.com/b", kind: "zip", version: "v0.1.0", source: "store", bytes: 1000 },
    {
      module: "example.com/c",
      kind: "info",
      version: "v2.0.0+incompatible",
      source: "refused",
      reason: "released 2d ago; the policy needs 7d",
      time: "2024-05-30T00:00:00Z",
    },
  ];
  return { mode: "record", now: NOW, before: b, after, conflicts, events, stats: STATS, lockfilePath: "gopin.lock", lockfileWritten: true };
}

test("record mode: the model's counts, verdict and rows", () => {
  const r = buildReport(recordInput());
  assert.equal(r.reportVersion, 1);
  assert.equal(r.mode, "record");
  assert.equal(r.verdict, "fail");
  assert.deepEqual(r.problems, ["1 request refused", "1 locked value contradicted by upstream (conflict)"]);
  assert.equal(r.headline, "1 request refused, 1 locked value contradicted by upstream (conflict)");
  assert.equal(r.generatedAt, "2024-06-01T00:00:00Z");
  assert.deepEqual(r.lockfile, { path: "gopin.lock", existed: true, written: true });
  assert.deepEqual(r.policy, { minReleaseAge: "7d", exempt: [] });
  assert.deepEqual(r.counts, {
    added: 1,
    changed: 4,
    conflicts: 1,
    removed: 0,
    refused: 1,
    failed: 0,
    unused: 1,
    violations: 2,
    drift: 0,
    servedFromStore: 2,
    servedFromUpstream: 4,
    servedFromLockfile: 0,
  });
  assert.deepEqual(r.stats, STATS);

  // Added: the upgrade, with the previous version, time and age.
  assert.equal(r.added.length, 1);
  const add = r.added[0]!;
  assert.equal(add.key, "example.com/a@v1.2.0");
  assert.equal(add.previousVersion, "v1.0.0");
  assert.equal(add.version, "v1.2.0");
  assert.equal(add.time, "2024-05-20T00:00:00Z");
  assert.equal(add.ageMs, 12 * DAY);
  assert.deepEqual(add.changes.map((c) => c.field), ["time", "mod", "zip"]);

  // Changed: the conflict first, then list, latest, the filled-in zip hash.
  assert.deepEqual(
    r.changed.map((c) => [c.key, c.conflict ?? false]),
    [
      ["example.com/a@v1.0.0", true],
      ["example.com/a/@v/list", false],
      ["example.com/a/@latest", false],
      ["example.com/b@v0.1.0", false],
    ],
  );
  assert.deepEqual(r.changed[0]!.changes, [{ field: "zip", before: h(2), after: h(99) }]);
  assert.match(r.changed[0]!.reason!, /zip hash differs from the lockfile; the locked value was kept/);
  assert.deepEqual(r.changed[1]!.listAdded, ["v1.1.0", "v1.2.0"]);
  assert.equal(r.changed[1]!.listRemoved, undefined);
  assert.equal(r.changed[2]!.previousVersion, "v1.0.0");
  assert.equal(r.changed[2]!.version, "v1.2.0");
  assert.equal(r.changed[3]!.reason, "recorded zip (first fetch)");

  // Refused, with the age of the version.
  assert.equal(r.refused.length, 1);
  assert.equal(r.refused[0]!.module, "example.com/c");
  assert.equal(r.refused[0]!.request, "info");
  assert.equal(r.refused[0]!.ageMs, 2 * DAY);
  assert.equal(r.refused[0]!.reason, "released 2d ago; the policy needs 7d");

  // Unused: the module nobody asked for.
  assert.deepEqual(r.unused.map((u) => u.key), ["example.com/old@v0.9.0"]);
  assert.equal(r.unused[0]!.time, "2023-06-01T00:00:00Z");

  // Store vs upstream.
  assert.deepEqual(
    r.sources.map((s) => [s.module, s.target, s.store.requests, s.upstream.requests, s.upstream.bytes]),
    [
      ["example.com/a", "@v/list", 0, 1, 21],
      ["example.com/a", "@latest", 0, 1, 60],
      ["example.com/a", "v1.0.0", 1, 0, 0],
      ["example.com/a", "v1.2.0", 0, 2, 2_499_919],
      ["example.com/b", "v0.1.0", 1, 0, 0],
    ],
  );
});

function verifyInput(events: ProxyEvent[], extra: Partial<ReportInput> = {}): ReportInput {
  return { mode: "verify", now: NOW, before: before(), events, stats: STATS, ...extra };
}

test("verify mode without drift passes", () => {
  const r = buildReport(
    verifyInput([
      { module: "example.com/a", kind: "list", source: "lockfile", bytes: 7 },
      { module: "example.com/a", kind: "latest", source: "lockfile", bytes: 50 },
      { module: "example.com/a", kind: "zip", version: "v1.0.0", source: "store", bytes: 2000 },
      { module: "example.com/b", kind: "mod", version: "v0.1.0", source: "upstream", bytes: 30 },
      { module: "example.com/old", kind: "info", version: "v0.9.0", source: "store", bytes: 50 },
    ]),
  );
  assert.equal(r.verdict, "pass");
  assert.deepEqual(r.problems, []);
  assert.equal(r.headline, "no drift: 5 requests matched the lockfile");
  assert.deepEqual([r.added, r.changed, r.removed, r.refused, r.unused], [[], [], [], [], []]);
  assert.equal(r.counts.servedFromLockfile, 2);
  assert.equal(r.counts.servedFromStore, 2);
  assert.equal(r.counts.servedFromUpstream, 1);
  assert.deepEqual(r.lockfile, { existed: true });

  const md = renderMarkdown(r);
  assert.match(md.split("\n")[0]!, /^## ✅ gopin verify: PASS — no drift: 5 requests matched the lockfile$/);
  const titles = md.split("\n").filter((l) => l.startsWith("### "));
  assert.deepEqual(titles, [], "empty sections are left out");
  assert.match(md, /<details><summary>Counts, store vs upstream, cache and timing<\/summary>\n\n[^]*\| `example.com\/a\/@v\/list` \| {2}\| {2}\| 1 \(7 B\) \|[^]*<\/details>\n$/);
});

test("verify mode: refusals fail, identical ones are grouped, rows sorted", () => {
  const refuse = (module: string, version: string, kind: ProxyEvent["kind"], reason: string, more: Partial<ProxyEvent> = {}): ProxyEvent => ({
    module,
    version,
    kind,
    source: "refused",
    reason,
    ...more,
  });
  const r = buildReport(
    verifyInput([
      refuse("example.com/z", "v1.0.0", "zip", "not in the lockfile"),
      refuse("example.com/a", "v1.10.0", "mod", "not in the lockfile"),
      refuse("example.com/a", "v1.9.0", "mod", "not in the lockfile"),
      refuse("example.com/a", "v1.9.0", "mod", "not in the lockfile"),
      refuse("example.com/a", "v1.0.0", "zip", "zip hash differs from the lockfile", { expected: h(2), actual: h(42) }),
      { module: "example.com/b", kind: "mod", version: "v0.1.0", source: "store", bytes: 30 },
    ]),
  );
  assert.equal(r.verdict, "fail");
  assert.equal(r.headline, "5 requests refused");
  assert.equal(r.counts.refused, 5);
  assert.deepEqual(
    r.refused.map((x) => [x.key, x.count]),
    [
      ["example.com/a@v1.0.0 (.zip)", 1],
      ["example.com/a@v1.9.0 (.mod)", 2],
      ["example.com/a@v1.10.0 (.mod)", 1],
      ["example.com/z@v1.0.0 (.zip)", 1],
    ],
  );
  assert.deepEqual(r.refused[0]!.changes, [{ field: "zip", before: h(2), after: h(42) }]);
  // Time of a refused locked version comes from the lockfile.
  assert.equal(r.refused[0]!.time, "2024-01-01T00:00:00Z");
  // Unused is derived from served events: only b was served.
  assert.deepEqual(r.unused.map((u) => u.key), [
    "example.com/a/@v/list",
    "example.com/a/@latest",
    "example.com/a@v1.0.0",
    "example.com/old@v0.9.0",
  ]);
  // An explicit used set wins.
  const r2 = buildReport(verifyInput([], { used: ["example.com/a@v1.0.0", "example.com/a/@v/list", "example.com/a/@latest", "example.com/b@v0.1.0"] }));
  assert.deepEqual(r2.unused.map((u) => u.key), ["example.com/old@v0.9.0"]);
});

test("verify mode without a lockfile: everything is refused, nothing unused", () => {
  const r = buildReport({ mode: "verify", now: NOW, events: [{ module: "example.com/a", kind: "list", source: "refused", reason: "no lockfile" }], stats: STATS });
  assert.equal(r.verdict, "fail");
  assert.deepEqual(r.lockfile, { existed: false });
  assert.deepEqual(r.unused, []);
  assert.deepEqual(r.policy, { exempt: [] });
  assert.match(renderMarkdown(r), /no lockfile before this job/);
});

test("record mode with nothing new: pass, no drift", () => {
  const b = before();
  const { lock: after, conflicts } = mergeObserved(b, { versions: [{ path: "example.com/a", version: "v1.0.0", zip: h(2) }] });
  const r = buildReport({
    mode: "record",
    now: NOW,
    before: b,
    after,
    conflicts,
    events: [{ module: "example.com/a", kind: "zip", version: "v1.0.0", source: "store", bytes: 5 }],
    stats: STATS,
    lockfilePath: "gopin.lock",
    lockfileWritten: false,
  });
  assert.equal(r.verdict, "pass");
  assert.equal(r.headline, "no drift: the lockfile is unchanged");
  assert.match(renderMarkdown(r), /`gopin.lock` \(unchanged\)/);
});

test("record mode from scratch: everything is added; future times have negative ages", () => {
  const { lock: after } = mergeObserved(undefined, {
    versions: [{ path: "example.com/f", version: "v1.0.0", time: "2024-06-01T03:00:00Z", mod: h(1) }],
  });
  const r = buildReport({ mode: "record", now: NOW, after, events: [], stats: STATS });
  assert.equal(r.verdict, "pass");
  assert.equal(r.headline, "lockfile updated: 1 added");
  assert.equal(r.added[0]!.previousVersion, undefined);
  assert.equal(r.added[0]!.ageMs, -3 * 3_600_000);
  assert.match(renderMarkdown(r), /2024-06-01T03:00:00Z \(in 3h\)/);
});

// ---------------------------------------------------------------------------
// JSON

test("renderJson: the documented shape, stable bytes, round-trips to the model", () => {
  const r = buildReport(recordInput());
  const json = renderJson(r);
  assert.ok(json.endsWith("}\n"));
  assert.equal(renderJson(buildReport(recordInput())), json, "same input, same bytes");
  const parsed = JSON.parse(json) as DriftReport;
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(r)));
  assert.deepEqual(Object.keys(parsed), [
    "reportVersion",
    "mode",
    "verdict",
    "headline",
    "problems",
    "generatedAt",
    "lockfile",
    "policy",
    "counts",
    "stats",
    "added",
    "changed",
    "removed",
    "refused",
    "failed",
    "unused",
    "sources",
    "drift",
    "evicted",
  ]);
  assert.deepEqual(Object.keys(parsed.added[0]!), ["key", "module", "entry", "previousVersion", "version", "time", "ageMs", "changes"]);
  assert.deepEqual(Object.keys(parsed.refused[0]!), ["key", "module", "entry", "request", "version", "time", "ageMs", "changes", "reason", "count"]);
  assert.deepEqual(Object.keys(parsed.sources[0]!), ["module", "target", "store", "upstream", "lockfile"]);
  assert.doesNotMatch(json, /undefined|null/);
});

// ---------------------------------------------------------------------------
// Markdown

/** Splits a table row into cells on unescaped pipes. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\" && i + 1 < row.length) {
      cur += row[i]! + row[i + 1]!;
      i++;
    } else if (row[i] === "|") {
      out.push(cur.trim());
      cur = "";
    } else cur += row[i];
  }
  out.push(cur.trim());
  return out.slice(1, -1);
}

function section(md: string, title: string): string[] {
  const lines = md.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`### ${title} (`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith("### "));
  return lines.slice(start, end < 0 ? undefined : end);
}

test("renderMarkdown: the verdict first, one row per module version, the lockfile's changes, counts collapsed", () => {
  const md = renderMarkdown(buildReport(recordInput()));
  const lines = md.split("\n");
  assert.equal(lines[0], "## ❌ gopin record: FAIL — 2 violations");
  assert.equal(lines[2], "lockfile `gopin.lock` (updated) · no base lockfile given, so a lockfile edit cannot be told from an upstream change");
  assert.deepEqual(cells(lines[4]!), ["Module version", "What failed", "Next step"]);
  const rows = lines.slice(6, lines.indexOf("", 6)).map(cells);
  assert.deepEqual(rows.map((r) => r[0]), ["`example.com/a@v1.0.0`", "`example.com/c@v2.0.0+incompatible`"]);
  assert.equal(rows[0]![1], "zip hash differs from the lockfile<br>*lockfile edit or upstream change: cannot be told apart without the base lockfile*");
  assert.match(rows[0]![2]!, /--upstream/);
  assert.ok(lines.includes("- `example.com/c@v2.0.0+incompatible` (.info): released 2d ago; the policy needs 7d"), md);

  const titles = lines.filter((l) => l.startsWith("### "));
  assert.deepEqual(titles, ["### Lockfile changes (4)"]);
  const sec = section(md, "Lockfile changes");
  const changes = sec.slice(0, sec.findIndex((l) => l.startsWith("<details>"))).filter((l) => l.startsWith("| `")).map(cells);
  assert.deepEqual(changes, [
    ["`example.com/a@v1.2.0`", "added (locked before: `v1.0.0`), published 2024-05-20T00:00:00Z (12d old)"],
    ["`example.com/a/@v/list`", "+`v1.1.0` +`v1.2.0`"],
    ["`example.com/a@latest`", "`v1.0.0` → `v1.2.0`"],
    ["`example.com/b@v0.1.0`", "recorded zip (first fetch)"],
  ]);

  const details = lines.slice(lines.indexOf("<details><summary>Counts, store vs upstream, cache and timing</summary>"));
  assert.ok(details.length > 1 && details.at(-2) === "</details>", md);
  assert.ok(details.includes("- Violations: 2 (1 refused request, 1 conflict, 0 checksum-database problems); not served: 0"), md);
  assert.ok(details.includes("- Unused locked entries: `example.com/old@v0.9.0`"), md);
  const sources = details.filter((l) => l.startsWith("| `")).map(cells);
  assert.deepEqual(sources[1], ["`example.com/a@latest`", "", "1 (60 B)", ""]);
  assert.deepEqual(sources[3], ["`example.com/a@v1.2.0`", "", "2 (2.38 MiB)", ""]);
});

test("renderMarkdown: pipes and backticks in cells are escaped", () => {
  const r = buildReport(
    verifyInput([
      { module: "example.com/a", kind: "zip", version: "v1.0.0", source: "refused", reason: "bad | `rm -rf` *x* <b>", expected: "a|b", actual: "c`d" },
    ]),
  );
  const md = renderMarkdown(r);
  const row = md.split("\n").find((l) => l.startsWith("| `example.com/a@v1.0.0`"))!;
  const c = cells(row);
  assert.equal(c.length, 3, `three cells in: ${row}`);
  assert.equal(c[1], "bad \\| \\`rm -rf\\` \\*x\\* \\<b\\>");
  assert.equal(escapeCell("a|b`c\nd"), "a\\|b\\`c d");
  assert.equal(codeCell("x`y"), "`` x`y ``");
  assert.equal(codeCell("a|b"), "`a\\|b`");
  assert.equal(codeCell("``"), "``` `` ```");
  assert.equal(inlineText("go get a.test/m@v1.0.0: has h1:abc=, *not* x@y."), "go get `a.test/m@v1.0.0`: has `h1:abc=`, \\*not\\* `x@y`.");
});

test("renderSumdbMarkdown: heads, problems, and one escaped row per time-window decision", () => {
  const md = renderSumdbMarkdown({
    database: "sum.golang.org",
    route: "http://127.0.0.1:1/sumdb/sum.golang.org",
    treeHead: { size: 12, hash: "AAAA" },
    lockedTreeHead: { size: 10, hash: "BBBB" },
    verifiedHashes: 4,
    problems: ["a fork | seen"],
    timeWindow: [
      { module: "example.com/a_b", version: "v1.0.0", verdict: "refused", rule: "as-of", evidence: "sumdb", detail: "record 11 | beyond 10" },
      { module: "example.com/c", version: "v2.0.0", verdict: "admitted", evidence: "info", detail: ".info time 2024-01-01T00:00:00Z" },
    ],
  });
  const lines = md.split("\n");
  assert.equal(lines[0], "### Checksum database `sum.golang.org`");
  assert.ok(lines.includes("Route: http://127.0.0.1:1/sumdb/sum.golang.org. Hashes verified against it: 4."), md);
  assert.ok(lines.includes("Newest verified tree head: size 12, hash `AAAA`."), md);
  assert.ok(lines.includes("Locked tree head: size 10, hash `BBBB`."), md);
  assert.ok(lines.includes("- a fork \\| seen"), md);
  assert.ok(lines.includes("<details><summary>Time-window decisions (2)</summary>"), md);
  const rows = lines.filter((l) => l.startsWith("| `example"));
  assert.equal(rows.length, 2);
  assert.deepEqual(cells(rows[0]!), ["`example.com/a_b@v1.0.0`", "refused (as-of)", "checksum database record: record 11 \\| beyond 10"]);
  assert.deepEqual(cells(rows[1]!), ["`example.com/c@v2.0.0`", "admitted", ".info time: .info time 2024-01-01T00:00:00Z"]);
  const bare = renderSumdbMarkdown({ database: "d", route: "r", verifiedHashes: 0, problems: [], timeWindow: [] });
  assert.ok(!bare.includes("Problems") && !bare.includes("| Module") && !bare.includes("tree head") && !bare.includes("<details>"), "empty parts are left out");
});

test("renderMarkdown: long tables are capped with an 'and N more' line", () => {
  const events: ProxyEvent[] = [];
  for (let i = 0; i < 120; i++) events.push({ module: `example.com/m${String(i).padStart(3, "0")}`, kind: "zip", version: "v1.0.0", source: "refused", reason: "not in the lockfile" });
  const r = buildReport(verifyInput(events));
  assert.equal(r.refused.length, 120, "the model keeps every row");
  const md = renderMarkdown(r, { maxRows: 10 });
  const rows = md.split("\n").filter((l) => l.startsWith("| `"));
  assert.equal(rows.length, 10);
  assert.ok(md.includes("…and 110 more module versions."), `no report file given, none named:\n${md}`);
  assert.ok(renderMarkdown(r, { maxRows: 10, fullReport: "the JSON report out/r.json" }).includes("…and 110 more module versions (see the JSON report out/r.json for all)."));
  assert.ok(rows.some((l) => l.includes("example.com/m009")));
  assert.ok(!rows.some((l) => l.includes("example.com/m010")));
  const items = md.split("\n").filter((l) => l.startsWith("- `example.com/m"));
  assert.equal(items.length, 10, "the reasons under the table are capped alike");
  assert.ok(md.includes("- …and 110 more."));
  // Default cap is 50.
  assert.ok(renderMarkdown(r).includes("…and 70 more module versions"));
});

test("human-readable durations and sizes", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [850, "850ms"],
    [2500, "2.5s"],
    [45_000, "45s"],
    [125_000, "2m 5s"],
    [3_600_000, "1h"],
    [3 * DAY + 4 * 3_600_000 + 5000, "3d 4h"],
    [400 * DAY, "400d"],
    [-90_000, "-1m 30s"],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
  assert.equal(humanBytes(0), "0 B");
  assert.equal(humanBytes(1023), "1023 B");
  assert.equal(humanBytes(1536), "1.50 KiB");
  assert.equal(humanBytes(12.3 * 1024 * 1024), "12.3 MiB");
  assert.equal(humanBytes(5 * 1024 ** 3), "5.00 GiB");
});

test("lockfileLine: a lock written by a failed job says it is partial, and why", () => {
  const r = buildReport(verifyInput([{ module: "example.com/m", kind: "zip", version: "v1.0.0", source: "refused", reason: "no" }]));
  const written = (rep: typeof r) => ({ ...rep, lockfile: { ...rep.lockfile, written: true } });
  const ok = buildReport(verifyInput([]));
  assert.equal(lockfileLine(ok, "gopin.lock"), "gopin: unchanged: gopin.lock");
  assert.equal(lockfileLine(written(ok), "gopin.lock"), "gopin: wrote gopin.lock");
  assert.equal(lockfileLine(written(ok), "gopin.lock", 2), "gopin: wrote gopin.lock, partial (the command exited with status 2): it holds only what was served; re-record once the job passes");
  assert.match(lockfileLine(written(r), "gopin.lock"), /^gopin: wrote gopin.lock, partial \(1 violation\)/);
});
