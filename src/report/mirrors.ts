// The mirror-pool part of the drift report: JSON key "mirrors", and a
// Markdown section after the checksum-database one. Which mirror served how
// much and how fast, which were ejected and why, and any two mirrors that
// answered one .mod or .zip with different h1: hashes (a security finding:
// each one fails the job).
import type { PoolReport } from "../upstream/pool.js";
import { codeCell, escapeCell, humanDuration, shortHash } from "./format.js";

export type MirrorPoolReport = PoolReport;

/** The report's problem line for each disagreement (they count as violations). */
export function mirrorProblems(m: MirrorPoolReport | undefined): string[] {
  return (m?.disagreements ?? []).map(
    (d) => `mirrors disagree on ${d.module}@${d.version}.${d.kind}: ${d.answers.map((a) => `${a.mirror} served ${a.hash}`).join(", ")}`,
  );
}

export function renderMirrorsMarkdown(m: MirrorPoolReport): string {
  const out = ["### Mirror pool", ""];
  out.push("| Mirror | Requests | Answered first | As hedge | Failures | Time to first byte (EWMA) | Hedge after | State |", "|:---|---:|---:|---:|---:|---:|---:|:---|");
  for (const r of m.mirrors) {
    const ttfb = r.ttfbMs === undefined ? "–" : `${r.ttfbMs} ms`;
    const state = r.ejectedUntil ? `ejected until ${r.ejectedUntil}` : "in the pool";
    out.push(`| ${escapeCell(r.mirror)} | ${r.requests} | ${r.wins} | ${r.hedges} | ${r.failures} | ${ttfb} | ${r.hedgeAfterMs} ms | ${state} |`);
  }
  if (m.ejections.length) {
    out.push("", "**Ejections:**", "");
    for (const e of m.ejections) out.push(`- ${escapeCell(e.mirror)} at ${e.at} for ${humanDuration(e.forMs)}: ${escapeCell(e.reason)}`);
  }
  if (m.disagreements.length) {
    out.push("", "**Mirrors that answered one file with different bytes (security finding):**", "", "| Module | Version | File | Answers |", "|:---|:---|:---|:---|");
    for (const d of m.disagreements) {
      const answers = d.answers.map((a) => `${escapeCell(a.mirror)}: ${codeCell(shortHash(a.hash))}`).join("<br>");
      out.push(`| ${codeCell(d.module)} | ${codeCell(d.version)} | .${d.kind} | ${answers} |`);
    }
  }
  return out.join("\n") + "\n";
}
