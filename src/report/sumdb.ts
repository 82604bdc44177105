// The checksum-database part of the report: JSON key "sumdb", and a Markdown
// section appended after the drift tables.
import type { TimeVerdict } from "../policy/window.js";
import { codeCell, escapeCell, inlineText } from "./format.js";

export interface SumdbReport {
  database: string;
  /** Where gopin reached it (a proxy's /sumdb/<name>, an explicit URL, or https://<name>). */
  route: string;
  /** The newest tree head gopin verified in this job. */
  treeHead?: { size: number; hash: string };
  /** The tree head in the lockfile after the job (record) or in force (verify). */
  lockedTreeHead?: { size: number; hash: string };
  /** zip/go.mod hashes checked against the database in this job. */
  verifiedHashes: number;
  /** Misbehaviour and lockfile problems (each fails the job). */
  problems: string[];
  /** Every time-window decision and which evidence decided it. */
  timeWindow: TimeVerdict[];
}

export function renderSumdbMarkdown(s: SumdbReport): string {
  const out = [`### Checksum database ${codeCell(s.database)}`, ""];
  out.push(`Route: ${escapeCell(s.route)}. Hashes verified against it: ${s.verifiedHashes}.`);
  if (s.treeHead) out.push(`Newest verified tree head: size ${s.treeHead.size}, hash ${codeCell(s.treeHead.hash)}.`);
  if (s.lockedTreeHead) out.push(`Locked tree head: size ${s.lockedTreeHead.size}, hash ${codeCell(s.lockedTreeHead.hash)}.`);
  if (s.problems.length) {
    out.push("", "**Problems:**", "");
    for (const p of s.problems) out.push(`- ${inlineText(p)}`);
  }
  if (s.timeWindow.length) {
    out.push("", `<details><summary>Time-window decisions (${s.timeWindow.length})</summary>`, "", "| Module version | Verdict | Decided by |", "|:---|:---|:---|");
    for (const v of s.timeWindow) {
      const decidedBy = v.evidence === "sumdb" ? "checksum database record" : ".info time";
      out.push(`| ${codeCell(`${v.module}@${v.version}`)} | ${v.verdict}${v.rule ? ` (${v.rule})` : ""} | ${decidedBy}: ${inlineText(v.detail)} |`);
    }
    out.push("", "</details>");
  }
  return out.join("\n") + "\n";
}
