// The shared-store part of the report: JSON key "stats.shared" (the tier's
// counters), and a Markdown section after the drift tables. Its warnings never
// fail the job: the upstream answered whatever the bucket could not.
import type { SharedTierStats } from "../shared/tier.js";
import { codeCell, escapeCell, humanBytes } from "./format.js";

export type SharedStoreReport = SharedTierStats;

export function renderSharedMarkdown(s: SharedStoreReport, stats: { hits: number; misses: number; bytesFromStore: number; bytesFromUpstream: number; upstreamFetches?: number }): string {
  const u = s.uploads;
  const out = [`### Shared store ${codeCell(s.store)}${s.mode === "read" ? " (read-only)" : ""}`, ""];
  out.push(
    "| Tier | Hits | Misses | Bytes served |",
    "|:---|---:|---:|---:|",
    `| local store | ${stats.hits} | ${stats.misses} | ${humanBytes(stats.bytesFromStore)} |`,
    `| shared store | ${s.hits} | ${s.misses}${s.errors ? ` (${s.errors} failed)` : ""} | ${humanBytes(s.bytes)} |`,
    `| upstream | ${stats.upstreamFetches ?? "—"} requests | | ${humanBytes(stats.bytesFromUpstream)} |`,
  );
  if (s.mode === "read-write") {
    out.push("", `Uploaded: ${u.created} new (${humanBytes(u.bytes)}), ${u.existing} already there${u.failed ? `, ${u.failed} failed` : ""}${u.abandoned ? `, ${u.abandoned} abandoned at shutdown` : ""}.`);
  }
  if (s.privateShared.length) {
    out.push("", `Private modules written to the shared store (\`shared-store-private\`): ${s.privateShared.map(codeCell).join(", ")}.`);
  }
  if (s.refused.length) {
    out.push("", "**Refused objects** (altered or invalid in the bucket; not used, fetched from the upstream instead):", "");
    for (const r of s.refused) out.push(`- ${codeCell(r.file)}: ${escapeCell(r.reason)}`);
  }
  if (s.warnings.length) {
    out.push("", "**Warnings** (the job did not fail on them):", "");
    for (const w of s.warnings) out.push(`- ${escapeCell(w)}`);
  }
  return out.join("\n") + "\n";
}
