// The two renderings of a DriftReport.

import type { FieldChange } from "../lock/index.js";
import { codeCell, escapeCell, humanBytes, humanDuration, shortHash } from "./format.js";
import type { DriftReport, ReportRow, SourceRow, SourceTally } from "./model.js";
import { renderSumdbMarkdown } from "./sumdb.js";
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
}

const DEFAULT_MAX_ROWS = 50;

function table(header: string[], align: ("l" | "r")[], rows: string[][], maxRows: number, what: string): string[] {
  const out = [`| ${header.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : ":---")).join("|")}|`];
  for (const r of rows.slice(0, maxRows)) out.push(`| ${r.join(" | ")} |`);
  if (rows.length > maxRows) {
    out.push("", `…and ${rows.length - maxRows} more ${what} (see the JSON report for all).`);
  }
  return out;
}

function versionCell(r: ReportRow): string {
  if (r.previousVersion !== undefined && r.version !== undefined && r.previousVersion !== r.version) {
    return `${codeCell(r.previousVersion)} → ${codeCell(r.version)}`;
  }
  if (r.version !== undefined) return codeCell(r.version);
  return "";
}

function timeCell(r: ReportRow): string {
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

function listText(r: ReportRow): string[] {
  const show = (vs: string[], sign: string) =>
    vs.slice(0, 6).map((v) => `${sign}${codeCell(v)}`).join(" ") + (vs.length > 6 ? ` (+${vs.length - 6} more)` : "");
  const parts: string[] = [];
  if (r.listAdded?.length) parts.push(show(r.listAdded, "+"));
  if (r.listRemoved?.length) parts.push(show(r.listRemoved, "−"));
  return parts;
}

function changesCell(r: ReportRow, includeListField: boolean): string {
  const parts: string[] = [];
  if (r.entry === "list") {
    parts.push(...listText(r));
    if (includeListField && parts.length === 0) parts.push(...r.changes.map(changeText));
  } else {
    parts.push(...r.changes.map(changeText));
  }
  return parts.join("<br>");
}

function moduleCell(r: ReportRow): string {
  if (r.module === "") return escapeCell(r.key);
  return codeCell(r.module);
}

function whatCell(r: ReportRow): string {
  switch (r.entry) {
    case "list":
      return "@v/list";
    case "latest":
      return "@latest";
    case "version":
      return "version";
    default:
      return escapeCell(r.entry);
  }
}

function tally(t: SourceTally): string {
  return t.requests === 0 ? "" : `${t.requests} (${humanBytes(t.bytes)})`;
}

/**
 * The report as a GitHub job summary: a headline with the verdict, a line of
 * context, the counts table, then only the non-empty tables (refused, changed,
 * added, removed, unused, store vs upstream), each capped at maxRows.
 */
export function renderMarkdown(report: DriftReport, options: MarkdownOptions = {}): string {
  const maxRows = Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS);
  const c = report.counts;
  const st = report.stats;
  const pass = report.verdict === "pass";
  const out: string[] = [];
  out.push(`## ${pass ? "✅" : "❌"} gopin ${report.mode}: ${pass ? "PASS" : "FAIL"} — ${escapeCell(report.headline)}`, "");

  const ctx: string[] = [];
  if (report.lockfile.path !== undefined) {
    const state = !report.lockfile.existed ? " (new)" : report.lockfile.written === true ? " (updated)" : report.lockfile.written === false ? " (unchanged)" : "";
    ctx.push(`lockfile ${codeCell(report.lockfile.path)}${state}`);
  } else if (!report.lockfile.existed) {
    ctx.push("no lockfile before this job");
  }
  const pol: string[] = [];
  if (report.policy.asOf !== undefined) pol.push(`as of ${escapeCell(report.policy.asOf)}`);
  if (report.policy.minReleaseAge !== undefined) pol.push(`min release age ${escapeCell(report.policy.minReleaseAge)}`);
  if (report.policy.exempt.length > 0) pol.push(`${report.policy.exempt.length} exempt`);
  ctx.push(pol.length ? `policy: ${pol.join(", ")}` : "no release-age policy");
  ctx.push(`${st.requests} requests (${st.hits} hits, ${st.misses} misses) in ${humanDuration(st.durationMs)}`);
  out.push(ctx.join(" · "), "");

  out.push(
    "| Added | Changed | Refused | Unused | From store | From upstream | From lockfile |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${c.added} | ${c.changed}${c.conflicts ? ` (${c.conflicts} conflict${c.conflicts === 1 ? "" : "s"})` : ""} | ${c.refused} | ${c.unused} | ${c.servedFromStore} (${humanBytes(st.bytesFromStore)}) | ${c.servedFromUpstream} (${humanBytes(st.bytesFromUpstream)}) | ${c.servedFromLockfile} |`,
  );

  const section = (title: string, count: number, lines: string[]) => {
    out.push("", `### ${title} (${count})`, "", ...lines);
  };

  const requestTable = (rows: ReportRow[], what: string) =>
    table(
      ["Module", "Version", "Request", "Time (age)", "Reason", "Expected → actual"],
      ["l", "l", "l", "l", "l", "l"],
      rows.map((r) => [
        moduleCell(r),
        versionCell(r),
        escapeCell(r.request === "list" ? "@v/list" : r.request === "latest" ? "@latest" : `.${r.request ?? ""}`) + (r.count && r.count > 1 ? ` ×${r.count}` : ""),
        timeCell(r),
        escapeCell(r.reason ?? ""),
        r.changes.map((ch) => `${valueText(ch.field, ch.before)} → ${valueText(ch.field, ch.after)}`).join("<br>"),
      ]),
      maxRows,
      what,
    );
  if (report.refused.length > 0) section("Refused", c.refused, requestTable(report.refused, "refused requests"));
  if (report.failed.length > 0) section("Not served (upstream or disk failures; not violations)", c.failed, requestTable(report.failed, "failed requests"));
  if (report.changed.length > 0) {
    section(
      "Changed",
      c.changed,
      table(
        ["Module", "Entry", "Version", "Time (age)", "Change", "Note"],
        ["l", "l", "l", "l", "l", "l"],
        report.changed.map((r) => [
          (r.conflict ? "⚠️ " : "") + moduleCell(r),
          whatCell(r),
          versionCell(r),
          timeCell(r),
          changesCell(r, true),
          escapeCell(r.reason ?? ""),
        ]),
        maxRows,
        "changed entries",
      ),
    );
  }
  if (report.added.length > 0) {
    section(
      "Added",
      c.added,
      table(
        ["Module", "Entry", "Version", "Time (age)", "Recorded"],
        ["l", "l", "l", "l", "l"],
        report.added.map((r) => [
          moduleCell(r),
          whatCell(r),
          versionCell(r),
          timeCell(r),
          r.entry === "list"
            ? `${r.listAdded?.length ?? 0} versions`
            : r.changes.filter((f) => f.field !== "time" && f.field !== "version").map(changeText).join("<br>"),
        ]),
        maxRows,
        "added entries",
      ),
    );
  }
  if (report.removed.length > 0) {
    section(
      "Removed",
      c.removed,
      table(
        ["Module", "Entry", "Version", "Time (age)", "Was"],
        ["l", "l", "l", "l", "l"],
        report.removed.map((r) => [moduleCell(r), whatCell(r), versionCell(r), timeCell(r), changesCell(r, true)]),
        maxRows,
        "removed entries",
      ),
    );
  }
  if (report.unused.length > 0) {
    section(
      "Unused locked entries",
      c.unused,
      table(
        ["Module", "Entry", "Version", "Time (age)"],
        ["l", "l", "l", "l"],
        report.unused.map((r) => [moduleCell(r), whatCell(r), versionCell(r), timeCell(r)]),
        maxRows,
        "unused entries",
      ),
    );
  }
  if (report.sources.length > 0) {
    section(
      "Store vs upstream",
      report.sources.length,
      table(
        ["Module", "Version / query", "Store", "Upstream", "Lockfile"],
        ["l", "l", "r", "r", "r"],
        report.sources.map((s: SourceRow) => [codeCell(s.module), codeCell(s.target), tally(s.store), tally(s.upstream), tally(s.lockfile)]),
        maxRows,
        "modules",
      ),
    );
  }
  if (report.drift.length > 0) {
    section(
      "Upstream drift (metadata only, not a violation)",
      report.drift.length,
      [
        "The lock pins these versions' `.info`; go was served the locked values, and the hashes still match.",
        "",
        ...table(
          ["Module", "Version", "Field", "Locked", "Upstream says", "Said by"],
          ["l", "l", "l", "l", "l", "l"],
          report.drift.map((d) => [codeCell(d.module), codeCell(d.version), d.field === "time" ? ".info time" : ".info origin", codeCell(d.locked), codeCell(d.upstream), escapeCell(d.source)]),
          maxRows,
          "drifted fields",
        ),
      ],
    );
  }
  if (report.sumdb) out.push("", renderSumdbMarkdown(report.sumdb).trimEnd());
  if (st.shared) out.push("", renderSharedMarkdown(st.shared, st).trimEnd());
  return out.join("\n") + "\n";
}
