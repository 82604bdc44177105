// The two renderings of a DriftReport.

import type { FieldChange, Lockfile } from "../lock/index.js";
import type { Advice } from "../policy/refusal.js";
import { codeCell, escapeCell, humanBytes, humanDuration, inlineText, shortHash } from "./format.js";
import { findings, targetOf, type BaseLock, type Finding } from "./findings.js";
import type { DriftReport, ReportRow, SourceRow, SourceTally } from "./model.js";
import { renderSumdbMarkdown } from "./sumdb.js";
import { renderMirrorsMarkdown } from "./mirrors.js";
import { renderSharedMarkdown } from "./shared.js";

/**
 * The report as JSON: two-space indented, keys in the order documented in
 * model.ts, trailing newline. Stable: the same report gives the same bytes.
 */
export function renderJson(report: DriftReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

export interface MarkdownOptions {
  /** Rows shown per table before an "…and N more" line. Default 50. */
  maxRows?: number;
  /** Whose knobs the next steps name: the CLI's flags (default) or the Action's inputs. */
  advice?: Advice;
  /** The lock in force during the job (tells which locked hash a mismatch contradicted). */
  lock?: Lockfile;
  /** The lockfile at the base of the change, to tell a lockfile edit from an upstream change. */
  base?: BaseLock;
  /** More Markdown for the collapsed details (the Action's cache and timing). */
  details?: string;
  /** The lockfile as the reader knows it, e.g. relative to the repository (default: the report's path). */
  lockfile?: string;
  /** The name of the workflow artifact holding the lockfile and the JSON report. */
  artifact?: string;
  /** Where every row can be read (e.g. "the JSON report out/report.json"); named on "…and N more" lines when given. */
  fullReport?: string;
}

const DEFAULT_MAX_ROWS = 50;

/** How a drifted field is named; a pseudo-version's "locked" value is its own timestamp. */
const DRIFT_FIELD = { time: ".info time", origin: ".info origin", "pseudo-time": ".info time ≠ pseudo-version time" } as const;

/** How many rows a table shows, and where the rest can be read. */
interface Limit {
  maxRows: number;
  fullReport?: string;
}

function table(header: string[], align: ("l" | "r")[], rows: string[][], limit: Limit, what: string): string[] {
  const out = [`| ${header.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : ":---")).join("|")}|`];
  for (const r of rows.slice(0, limit.maxRows)) out.push(`| ${r.join(" | ")} |`);
  if (rows.length > limit.maxRows) {
    out.push("", `…and ${rows.length - limit.maxRows} more ${what}${limit.fullReport ? ` (see ${limit.fullReport} for all)` : ""}.`);
  }
  return out;
}

function timeText(r: ReportRow): string {
  if (r.time === undefined) return "";
  if (r.ageMs === undefined) return escapeCell(r.time);
  const age = r.ageMs < 0 ? `in ${humanDuration(-r.ageMs)}` : `${humanDuration(r.ageMs)} old`;
  return `${escapeCell(r.time)} (${age})`;
}

function valueText(field: string, v: string | undefined): string {
  if (v === undefined) return "(none)";
  if (field === "mod" || field === "zip" || field === "hash" || v.startsWith("h1:")) return codeCell(shortHash(v));
  return codeCell(v.length > 60 ? v.slice(0, 59) + "…" : v);
}

function changeText(c: FieldChange): string {
  const label = c.field === "mod" ? "go.mod hash" : c.field === "zip" ? "zip hash" : c.field;
  if (c.before === undefined) return `${escapeCell(label)}: ${valueText(c.field, c.after)}`;
  if (c.after === undefined) return `${escapeCell(label)}: ${valueText(c.field, c.before)} removed`;
  return `${escapeCell(label)}: ${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`;
}

function listText(r: ReportRow): string {
  const show = (vs: string[], sign: string) =>
    vs.slice(0, 6).map((v) => `${sign}${codeCell(v)}`).join(" ") + (vs.length > 6 ? ` (+${vs.length - 6} more)` : "");
  const parts: string[] = [];
  if (r.listAdded?.length) parts.push(show(r.listAdded, "+"));
  if (r.listRemoved?.length) parts.push(show(r.listRemoved, "−"));
  return parts.join(" ");
}

/** `module@version`, `module/@v/list`, `module@latest`, or the key of a policy/sumdb entry. */
function entryText(r: ReportRow): string {
  if (r.module === "") return escapeCell(r.key);
  if (r.entry === "list") return codeCell(`${r.module}/@v/list`);
  if (r.entry === "latest") return codeCell(`${r.module}@latest`);
  if (r.entry === "missing") return `${codeCell(r.key.replace(/ not found$/, ""))} (not found)`;
  return codeCell(`${r.module}@${r.version ?? "?"}`);
}

/** What a lockfile entry's change was, in a few words (hashes only in short form). */
function lockChangeText(r: ReportRow, how: "added" | "changed" | "removed"): string {
  if (r.entry === "list") return listText(r) || r.changes.map(changeText).join("<br>");
  if (r.entry === "latest") {
    const moved = r.previousVersion !== undefined ? `${codeCell(r.previousVersion)} → ` : "";
    return `${how === "removed" ? "removed " : ""}${moved}${r.version !== undefined ? codeCell(r.version) : ""}`;
  }
  if (r.entry !== "version") return r.changes.map(changeText).join("<br>");
  const time = timeText(r);
  if (how === "added") return `added${r.previousVersion ? ` (locked before: ${codeCell(r.previousVersion)})` : ""}${time ? `, published ${time}` : ""}`;
  if (how === "removed") return "removed";
  return r.reason ? escapeCell(r.reason) : r.changes.map(changeText).join("<br>");
}

function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

function tally(t: SourceTally): string {
  return t.requests === 0 ? "" : `${t.requests} (${humanBytes(t.bytes)})`;
}

function findingRows(fs: Finding[]): string[][] {
  return fs.map((f) => [
    codeCell(f.target),
    [...f.what.map(escapeCell), ...(f.cause ? [`*${inlineText(f.cause.text)}*`] : [])].join("<br>"),
    inlineText(f.nextBrief),
  ]);
}

/** A reason without the `target: ` it starts with (the list item names the target already). */
function reasonText(target: string, reason: string): string {
  return inlineText(reason.startsWith(target + ": ") ? reason.slice(target.length + 2) : reason);
}

function findingList(fs: Finding[], limit: Limit): string[] {
  return capped(
    fs.map((f) => `- ${codeCell(f.target)} (${f.requests.map(escapeCell).join(", ")}): ${f.details.map((d) => reasonText(f.target, d)).join(" ")}${f.next ? ` **Next:** ${inlineText(f.next)}` : ""}`),
    limit,
  );
}

/** List items, capped with an "…and N more" item. */
function capped(items: string[], limit: Limit): string[] {
  const more = items.length - limit.maxRows;
  return more > 0 ? [...items.slice(0, limit.maxRows), `- …and ${more} more${limit.fullReport ? ` (see ${limit.fullReport})` : ""}.`] : items;
}

/** Requests that could not be served, one line per module version (not violations). */
function failedList(report: DriftReport, limit: Limit): string[] {
  const byTarget = new Map<string, ReportRow[]>();
  for (const r of report.failed) {
    const t = targetOf(r);
    byTarget.set(t, [...(byTarget.get(t) ?? []), r]);
  }
  const lines = [...byTarget].map(([t, rows]) => {
    const reqs = rows.map((r) => `.${r.request}${r.count && r.count > 1 ? ` ×${r.count}` : ""}`).join(", ");
    return `- ${codeCell(t)} (${escapeCell(reqs)}): ${[...new Set(rows.map((r) => r.detail ?? r.reason ?? ""))].map((d) => reasonText(t, d)).join(" ")}`;
  });
  return capped(lines, limit);
}

function contextLine(report: DriftReport, o: MarkdownOptions, needsBase: boolean): string {
  const ctx: string[] = [];
  const path = o.lockfile ?? report.lockfile.path;
  if (path !== undefined) {
    const state = !report.lockfile.existed ? " (new)" : report.lockfile.written === true ? " (updated)" : report.lockfile.written === false ? " (unchanged)" : "";
    ctx.push(`lockfile ${codeCell(path)}${state}`);
  } else if (!report.lockfile.existed) {
    ctx.push("no lockfile before this job");
  }
  if (o.base && !("unavailable" in o.base)) ctx.push(`compared with ${inlineText(o.base.label)}${o.base.lock ? "" : " (no lockfile there)"}`);
  else if (needsBase) ctx.push(o.base ? `no base lockfile: ${inlineText(o.base.unavailable)}` : "no base lockfile given, so a lockfile edit cannot be told from an upstream change");
  if (o.artifact) ctx.push(`lockfile and JSON report uploaded as the artifact ${codeCell(o.artifact)}`);
  return ctx.join(" · ");
}

/** Counts, policy, unused entries and store vs upstream: behind a collapsed <details>. */
function detailsBlock(report: DriftReport, o: MarkdownOptions, limit: Limit): string[] {
  const { maxRows } = limit;
  const c = report.counts;
  const st = report.stats;
  const pol: string[] = [];
  if (report.policy.asOf !== undefined) pol.push(`as of ${escapeCell(report.policy.asOf)}`);
  if (report.policy.minReleaseAge !== undefined) pol.push(`min release age ${escapeCell(report.policy.minReleaseAge)}`);
  if (report.policy.exempt.length > 0) pol.push(`exempt ${report.policy.exempt.map(codeCell).join(", ")}`);
  const out = [
    "<details><summary>Counts, store vs upstream, cache and timing</summary>",
    "",
    `- ${report.mode} mode; ${escapeCell(report.headline)}`,
    `- Violations: ${c.violations} (${plural(c.refused, "refused request")}, ${plural(c.conflicts, "conflict")}, ${plural(report.sumdb?.problems.length ?? 0, "checksum-database problem")}); not served: ${c.failed}`,
    `- Lockfile entries: ${c.added} added, ${c.changed} changed, ${c.removed} removed, ${c.unused} unused; upstream drift: ${c.drift}`,
    `- Requests: ${st.requests} (${st.hits} hits, ${st.misses} misses) in ${humanDuration(st.durationMs)}: ${c.servedFromStore} from the store (${humanBytes(st.bytesFromStore)}), ${c.servedFromUpstream} from upstream (${humanBytes(st.bytesFromUpstream)}), ${c.servedFromLockfile} from the lockfile`,
    `- Policy: ${pol.length ? pol.join(", ") : "no release-age policy"}`,
  ];
  if (report.unused.length > 0) {
    const shown = report.unused.slice(0, maxRows).map(entryText).join(", ");
    out.push(`- Unused locked entries: ${shown}${report.unused.length > maxRows ? `, …and ${report.unused.length - maxRows} more` : ""}`);
  }
  if (report.sources.length > 0) {
    out.push(
      "",
      ...table(
        ["Module version", "Store", "Upstream", "Lockfile"],
        ["l", "r", "r", "r"],
        report.sources.map((s: SourceRow) => [codeCell(s.target === "@v/list" ? `${s.module}/@v/list` : `${s.module}@${s.target.replace(/^@/, "")}`), tally(s.store), tally(s.upstream), tally(s.lockfile)]),
        limit,
        "modules",
      ),
    );
  }
  if (o.details) out.push("", o.details.trimEnd());
  out.push("", "</details>");
  return out;
}

/**
 * The report as a GitHub job summary. First screen: the verdict as the first
 * heading, then one row per module version that failed, saying what failed,
 * why when the base lockfile tells it, and the next step for the entry point
 * (`advice`), with the full reasons in a list under the table. Then requests
 * that could not be served, the lockfile's changes (record mode), upstream
 * drift and the checksum database; counts, store vs upstream and timing sit
 * in a collapsed <details>. Every module@version is in a code span.
 */
export function renderMarkdown(report: DriftReport, options: MarkdownOptions = {}): string {
  const limit: Limit = { maxRows: Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS), ...(options.fullReport ? { fullReport: options.fullReport } : {}) };
  const c = report.counts;
  const pass = report.verdict === "pass";
  const fs = findings(report, { advice: options.advice ?? "cli", lockfile: options.lockfile ?? report.lockfile.path ?? "gopin.lock", lock: options.lock, base: options.base });
  const out: string[] = [];
  // A version's .mod and .zip are two refused requests but one row: say both numbers when they differ.
  const where = fs.length > 0 && fs.length !== c.violations ? ` in ${plural(fs.length, "module version")}` : "";
  out.push(`## ${pass ? "✅" : "❌"} gopin ${report.mode}: ${pass ? `PASS — ${escapeCell(report.headline)}` : `FAIL — ${plural(c.violations, "violation")}${where}`}`, "");
  const needsBase = fs.some((f) => f.cause?.kind === "unknown");
  const ctx = contextLine(report, options, needsBase);
  if (ctx) out.push(ctx, "");

  if (fs.length > 0) {
    out.push(
      ...table(["Module version", "What failed", "Next step"], ["l", "l", "l"], findingRows(fs), limit, "module versions"),
      "",
      ...findingList(fs, limit),
    );
  }
  for (const p of report.sumdb?.problems ?? []) out.push(`- Checksum database: ${inlineText(p.split("\n")[0]!)} (see below)`);

  // A block after one blank line (never two).
  const block = (...lines: string[]) => {
    if (out.at(-1) !== "") out.push("");
    out.push(...lines);
  };
  const section = (title: string, count: number, lines: string[]) => block(`### ${title} (${count})`, "", ...lines);
  if (report.failed.length > 0) section("Not served (upstream or disk failures; not violations)", c.failed, failedList(report, limit));
  const lockChanges = [
    ...report.added.map((r) => [entryText(r), lockChangeText(r, "added")]),
    ...report.changed.filter((r) => !r.conflict).map((r) => [entryText(r), lockChangeText(r, "changed")]),
    ...report.removed.map((r) => [entryText(r), lockChangeText(r, "removed")]),
  ];
  if (lockChanges.length > 0) section("Lockfile changes", lockChanges.length, table(["Entry", "Change"], ["l", "l"], lockChanges, limit, "lockfile changes"));
  if (report.drift.length > 0) {
    section("Upstream drift (metadata only, not a violation)", report.drift.length, [
      "The lock pins these versions' `.info`; go was served the locked values, and the hashes still match." +
        (report.drift.some((d) => d.field === "pseudo-time")
          ? " For a pseudo-version, the locked value is the timestamp in its version string (what the checksum database authenticates, and what the time window judges)."
          : ""),
      "",
      ...capped(
        report.drift.map((d) => `- ${codeCell(`${d.module}@${d.version}`)} ${DRIFT_FIELD[d.field]}: locked ${codeCell(d.locked)}, ${inlineText(d.source)} says ${codeCell(d.upstream)}`),
        limit,
      ),
    ]);
  }
  if (report.evicted.length > 0) {
    section("Store copies evicted (fetched again; not a violation)", report.evicted.length, [
      "A stored file (e.g. from a restored cache) was corrupt, or an authority (the upstream before first locking, the checksum database) contradicted it. It was removed from the store and go was served a checked copy.",
      "",
      ...capped(report.evicted.map((e) => `- ${codeCell(e.rel)}: ${inlineText(e.reason)}`), limit),
    ]);
  }
  if (report.sumdb) block(renderSumdbMarkdown(report.sumdb).trimEnd());
  if (report.mirrors) block(renderMirrorsMarkdown(report.mirrors).trimEnd());
  if (report.stats.shared) block(renderSharedMarkdown(report.stats.shared, report.stats).trimEnd());
  block(...detailsBlock(report, options, limit));
  return out.join("\n") + "\n";
}

/**
 * What record mode did to the lockfile, in one line. A lock written by a job
 * that failed (its command, or refused or failed requests) holds only what
 * was served before the failure, and says so.
 */
export function lockfileLine(report: DriftReport, shownPath: string, commandStatus = 0): string {
  if (report.lockfile.error) return `gopin: ${report.lockfile.error}`;
  if (!report.lockfile.written) return `gopin: unchanged: ${shownPath}`;
  const c = report.counts;
  const why = [
    commandStatus !== 0 ? `the command exited with status ${commandStatus}` : "",
    c.violations > 0 ? `${c.violations} violation${c.violations === 1 ? "" : "s"}` : "",
    c.failed > 0 ? `${c.failed} request${c.failed === 1 ? "" : "s"} could not be served` : "",
  ].filter(Boolean);
  if (why.length === 0) return `gopin: wrote ${shownPath}`;
  return `gopin: wrote ${shownPath}, partial (${why.join(", ")}): it holds only what was served; re-record once the job passes`;
}
