// The `gopin check-mirrors` report: every locked version asked of every
// mirror, one section per mirror. Same conventions as the drift report: one
// model, rendered as JSON (renderMirrorCheckJson) and Markdown.
//
// JSON shape:
// {
//   "reportVersion": 1,
//   "kind": "mirror-check",
//   "verdict": "pass" | "fail",        // fail iff some mirror served a different .mod/.zip hash
//   "headline": string,
//   "generatedAt": RFC 3339,
//   "lockfile": string,
//   "versions": number,                // locked versions asked of each mirror
//   "mirrors": [{
//     "mirror": string,
//     "hashMismatches": [{ "module", "version", "file": "mod"|"zip", "locked", "mirror" }],  // security findings
//     "missing":  [{ "module", "version", "file": "info"|"mod"|"zip" }],
//     "drift":    [{ "module", "version", "field": "time"|"origin", "locked", "upstream" }],  // .info metadata
//     "queries":  [{ "module", "query": "list"|"latest", "detail" }],  // list/@latest unlike the lock's
//     "failures": [{ "module", "file", "error" }]  // could not be asked (not a finding about content)
//   }]
// }
import type { Drift } from "../policy/content.js";
import { codeCell, escapeCell, shortHash } from "./format.js";

export interface HashMismatch {
  module: string;
  version: string;
  file: "mod" | "zip";
  locked: string;
  mirror: string;
}

export interface MirrorCheckSection {
  mirror: string;
  hashMismatches: HashMismatch[];
  missing: { module: string; version: string; file: "info" | "mod" | "zip" }[];
  drift: Drift[];
  queries: { module: string; query: "list" | "latest"; detail: string }[];
  failures: { module: string; file: string; error: string }[];
}

export interface MirrorCheckReport {
  reportVersion: 1;
  kind: "mirror-check";
  verdict: "pass" | "fail";
  headline: string;
  generatedAt: string;
  lockfile: string;
  versions: number;
  mirrors: MirrorCheckSection[];
}

export function buildMirrorCheckReport(input: { lockfile: string; versions: number; now: Date; sections: MirrorCheckSection[] }): MirrorCheckReport {
  const count = (f: (s: MirrorCheckSection) => unknown[]) => input.sections.reduce((n, s) => n + f(s).length, 0);
  const mismatches = count((s) => s.hashMismatches);
  const parts = (
    [
      [mismatches, "different .mod/.zip hash", "different .mod/.zip hashes"],
      [count((s) => s.missing), "missing file", "missing files"],
      [count((s) => s.drift), ".info difference", ".info differences"],
      [count((s) => s.queries), "list/@latest difference", "list/@latest differences"],
      [count((s) => s.failures), "failed request", "failed requests"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const sorted = input.sections.map((s) => ({
    ...s,
    hashMismatches: [...s.hashMismatches].sort(byModule),
    missing: [...s.missing].sort(byModule),
    drift: [...s.drift].sort(byModule),
    queries: [...s.queries].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.query < b.query ? -1 : 1)),
  }));
  return {
    reportVersion: 1,
    kind: "mirror-check",
    verdict: mismatches > 0 ? "fail" : "pass",
    headline: parts.length ? parts.join(", ") : `every mirror agrees with the lockfile on ${input.versions} version${input.versions === 1 ? "" : "s"}`,
    generatedAt: input.now.toISOString(),
    lockfile: input.lockfile,
    versions: input.versions,
    mirrors: sorted,
  };
}

function byModule(a: { module: string; version: string }, b: { module: string; version: string }): number {
  return a.module < b.module ? -1 : a.module > b.module ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}

export function renderMirrorCheckJson(r: MirrorCheckReport): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export function renderMirrorCheckMarkdown(r: MirrorCheckReport): string {
  const out = [`## gopin check-mirrors: ${r.verdict === "pass" ? "pass" : "FAIL"}`, "", `${escapeCell(r.headline)}. Lockfile ${codeCell(r.lockfile)}, ${r.versions} locked versions asked of each mirror.`];
  for (const s of r.mirrors) {
    out.push("", `### ${escapeCell(s.mirror)}`, "");
    const clean = !s.hashMismatches.length && !s.missing.length && !s.drift.length && !s.queries.length && !s.failures.length;
    if (clean) {
      out.push("Agrees with the lockfile.");
      continue;
    }
    if (s.hashMismatches.length) {
      out.push("**Different bytes (security finding):**", "", "| Module | Version | File | Locked | This mirror |", "|:---|:---|:---|:---|:---|");
      for (const m of s.hashMismatches) out.push(`| ${codeCell(m.module)} | ${codeCell(m.version)} | .${m.file} | ${codeCell(shortHash(m.locked))} | ${codeCell(shortHash(m.mirror))} |`);
      out.push("");
    }
    if (s.missing.length) out.push(`**Missing:** ${s.missing.map((m) => codeCell(`${m.module}@${m.version}.${m.file}`)).join(", ")}`, "");
    if (s.drift.length) {
      out.push("**.info drift (metadata, not a violation):**", "", "| Module | Version | Field | Locked | This mirror |", "|:---|:---|:---|:---|:---|");
      for (const d of s.drift) out.push(`| ${codeCell(d.module)} | ${codeCell(d.version)} | ${d.field} | ${codeCell(d.locked)} | ${codeCell(d.upstream)} |`);
      out.push("");
    }
    for (const q of s.queries) out.push(`- ${codeCell(q.module)} ${q.query === "list" ? "@v/list" : "@latest"}: ${escapeCell(q.detail)}`);
    for (const f of s.failures) out.push(`- could not ask for ${codeCell(f.file)}: ${escapeCell(f.error)}`);
  }
  return out.join("\n").trimEnd() + "\n";
}
