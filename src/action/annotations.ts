// Error annotations for the post step: one per refused request or lockfile
// conflict, pointing at the gopin.lock line that pinned what was contradicted
// (the `version`, `list` or `latest` record of the module), or at the file
// when the module is not locked at all.
import type { DriftReport, ReportRow } from "../report/model.js";

export interface Annotation {
  title: string;
  message: string;
  file: string;
  line?: number;
}

/** Record lines of a lockfile by "<keyword> <module>[ <version>]" (1-based). */
export function indexLockLines(text: string): Map<string, number> {
  const idx = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const f = raw.trim().split(/[ \t]+/);
    if (f.length < 2 || f[0]!.startsWith("#")) return;
    const [kw, mod, ver] = f;
    if (kw === "version" && ver !== undefined) idx.set(`version ${mod} ${ver}`, i + 1);
    else if (kw === "list" || kw === "latest") idx.set(`${kw} ${mod}`, i + 1);
    if (!idx.has(`module ${mod}`) && (kw === "version" || kw === "list" || kw === "latest" || kw === "origin")) idx.set(`module ${mod}`, i + 1);
  });
  return idx;
}

function lineFor(idx: Map<string, number>, r: ReportRow): number | undefined {
  const kind = r.request ?? r.entry;
  if (kind === "list") return idx.get(`list ${r.module}`) ?? idx.get(`module ${r.module}`);
  if (kind === "latest") return idx.get(`latest ${r.module}`) ?? idx.get(`module ${r.module}`);
  if (r.version !== undefined) return idx.get(`version ${r.module} ${r.version}`) ?? idx.get(`module ${r.module}`);
  return idx.get(`module ${r.module}`);
}

function what(r: ReportRow): string {
  if (r.request === "list" || r.entry === "list") return `${r.module}/@v/list`;
  if (r.request === "latest" || r.entry === "latest") return `${r.module}@latest`;
  return `${r.module}@${r.version ?? "?"}`;
}

function detail(r: ReportRow): string {
  const parts = r.changes
    .filter((c) => c.before !== undefined || c.after !== undefined)
    .map((c) => `${c.field}: expected ${c.before ?? "(none)"}, got ${c.after ?? "(none)"}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

export function annotationsFor(report: DriftReport, lockText: string | undefined, lockfileDisplay: string): Annotation[] {
  const idx = lockText !== undefined ? indexLockLines(lockText) : new Map<string, number>();
  const out: Annotation[] = [];
  for (const r of report.refused) {
    const line = lineFor(idx, r);
    out.push({
      title: `gopin refused ${what(r)}${r.request && r.request !== "list" && r.request !== "latest" ? ` (.${r.request})` : ""}`,
      message: `${r.reason ?? "refused"}${detail(r)}${r.count && r.count > 1 ? ` [${r.count} requests]` : ""}`,
      file: lockfileDisplay,
      ...(line !== undefined ? { line } : {}),
    });
  }
  for (const r of report.changed) {
    if (!r.conflict) continue;
    const line = lineFor(idx, r);
    out.push({
      title: `gopin: upstream contradicts the lock for ${what(r)}`,
      message: `${r.reason ?? "conflict"}${detail(r)}`,
      file: lockfileDisplay,
      ...(line !== undefined ? { line } : {}),
    });
  }
  return out;
}
