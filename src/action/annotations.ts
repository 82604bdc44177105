// Error annotations for the post step: one per module version (or version
// query) that failed, like the summary's rows (report/findings.ts), pointing
// at the gopin.lock line that pinned what was contradicted (the `version`,
// `list` or `latest` record of the module), or at the file when the module is
// not locked at all.
import type { DriftReport } from "../report/model.js";
import { findings, type Finding, type FindingsContext } from "../report/findings.js";

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

function lineFor(idx: Map<string, number>, f: Finding): number | undefined {
  if (f.target.endsWith("/@v/list")) return idx.get(`list ${f.module}`) ?? idx.get(`module ${f.module}`);
  if (f.target.endsWith("@latest")) return idx.get(`latest ${f.module}`) ?? idx.get(`module ${f.module}`);
  if (f.version !== undefined) return idx.get(`version ${f.module} ${f.version}`) ?? idx.get(`module ${f.module}`);
  return idx.get(`module ${f.module}`);
}

/** One annotation per module version (or version query) that failed: what failed, why when known, and the next step. */
export function annotationsFor(report: DriftReport, lockText: string | undefined, lockfileDisplay: string, ctx: Omit<FindingsContext, "lockfile">): Annotation[] {
  const idx = lockText !== undefined ? indexLockLines(lockText) : new Map<string, number>();
  return findings(report, { ...ctx, lockfile: lockfileDisplay }).map((f) => {
    const line = lineFor(idx, f);
    return {
      title: `gopin: ${f.target}: ${f.what.join("; ")}`,
      message: `${f.details.join(" ")}${f.cause ? ` (${f.cause.text})` : ""} [${f.requests.join(", ")}]${f.next ? ` Next: ${f.next}` : ""}`,
      file: lockfileDisplay,
      ...(line !== undefined ? { line } : {}),
    };
  });
}
