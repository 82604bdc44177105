// The Action's post step (runs with `post-if: always()`): check the daemon is
// still alive, stop it (it writes the lockfile in record mode and the job's
// outcome, the JSON drift report, on the way out), save the pruned store to
// the Actions cache when it gained entries, upload the lockfile and the
// report as a workflow artifact, write the job summary and the annotations,
// and fail the job on any violation. The verdict is the outcome's
// (report.counts.violations), the same number `gopin run` exits on.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import * as core from "@actions/core";
import { scrub } from "../observe/scrub.js";
import { readLockfile } from "../lock/io.js";
import { parseLockfile } from "../lock/syntax.js";
import type { Lockfile } from "../lock/model.js";
import { lockfileLine, renderMarkdown } from "../report/render.js";
import { humanBytes, humanDuration } from "../report/format.js";
import type { DriftReport } from "../report/model.js";
import { annotationsFor } from "./annotations.js";
import { uploadJobFiles, type ArtifactOutcome } from "./artifact.js";
import { actionBaseLock } from "./base-lock.js";
import { artifactSettings } from "./config.js";
import { isHealthy, stopDaemon, tail } from "./daemon.js";
import { loadActionState, readInputs, type ActionState } from "./state.js";
import { saveBuildCache } from "./build-cache.js";
import {
  contentHash,
  isImmutableEntry,
  keyPrefix,
  listStore,
  lockfileHash,
  pruneStore,
  referencedFiles,
  saveAllowed,
  saveStore,
  type SaveResult,
} from "./store-cache.js";

interface CacheOutcome {
  save?: SaveResult;
  /** Why the store was not saved, when no save was attempted. */
  skipped?: string;
  gained: number;
  pruned: number;
}

function posix(p: string): string {
  return p.split("\\").join("/");
}

function lockDisplay(st: ActionState): string {
  const rel = relative(st.workspace, st.lockfile);
  return rel.startsWith("..") ? st.lockfile : posix(rel);
}

async function saveIfUseful(st: ActionState, report: DriftReport, violations: number): Promise<CacheOutcome> {
  const out: CacheOutcome = { gained: 0, pruned: 0 };
  if (!st.cache) return { ...out, skipped: "cache is off" };
  if (violations > 0) return { ...out, skipped: "the job has violations, so its store is not saved" };
  const before = await listStore(st.store);
  out.gained = before.filter((f) => isImmutableEntry("/" + f.rel) && f.mtimeMs >= st.startedAt).length;
  const lockHashAfter = lockfileHash(st.lockfile);
  const forThisLock = `${keyPrefix(process.env)}${lockHashAfter}-`;
  const restoredForThisLock = st.matchedKey?.startsWith(forThisLock) ?? false;
  if (out.gained === 0 && (restoredForThisLock || before.length === 0)) {
    return { ...out, skipped: "the store gained no entries" };
  }
  const allowed = saveAllowed(st.saveCache, process.env);
  if (!allowed.ok) return { ...out, skipped: allowed.why };
  let lock;
  try {
    lock = await readLockfile(st.lockfile);
  } catch (e) {
    return { ...out, skipped: `cannot read ${st.lockfile} to prune the store: ${(e as Error).message}` };
  }
  const pr = await pruneStore(st.store, referencedFiles(report, lock));
  out.pruned = pr.removed;
  const after = await listStore(st.store);
  const key = `${forThisLock}${contentHash(after)}`;
  if (key === st.matchedKey) return { ...out, skipped: `the cache already holds this store (${key})` };
  core.info(`gopin: saving the store (${after.length} files, ${out.gained} new, ${pr.removed} pruned) as ${key}`);
  out.save = await saveStore(st.cachePath, key);
  return out;
}

/** The Action's part of the collapsed details: what the cache did, the artifact, and how long each part took. */
function cacheDetails(st: ActionState, report: DriftReport, c: CacheOutcome, artifact: ArtifactOutcome, postMs: number): string {
  const restore = st.matchedKey
    ? `${st.cacheHit ? "hit" : "partial hit (a store saved for another lockfile)"}: \`${st.matchedKey}\` in ${humanDuration(st.timings.restoreMs)}`
    : `miss${st.cacheNote ? ` (${st.cacheNote})` : ""}`;
  const save = c.save ? (c.save.saved ? `saved as \`${c.save.key}\` in ${humanDuration(c.save.ms)}` : `not saved: ${c.save.note}`) : `not saved: ${c.skipped ?? "-"}`;
  const s = report.stats;
  return [
    "**Cache, artifact and timing**",
    "",
    `- Restore: ${restore}`,
    `- Save: ${save}${c.gained || c.pruned ? ` (${c.gained} new entries, ${c.pruned} unused files pruned)` : ""}`,
    `- Module cache: ${st.prefill?.line ?? "not prefilled"}`,
    `- Served from store: ${humanBytes(s.bytesFromStore)} (${s.hits} hits); fetched upstream: ${humanBytes(s.bytesFromUpstream)} (${s.misses} misses)`,
    `- Artifact \`${artifact.name}\`: ${artifact.uploaded ? "uploaded, " : "not uploaded: "}${artifact.note}`,
    `- Time: main step ${humanDuration(st.timings.mainMs)} (restore ${humanDuration(st.timings.restoreMs)}, proxy start ${humanDuration(st.timings.daemonMs)}); proxy up ${humanDuration(s.durationMs)}; post step ${humanDuration(postMs)}`,
    "",
  ].join("\n");
}

/** The lock in force during the job, for the summary (undefined when missing or unreadable: the report already says so). */
function lockOnDisk(text: string | undefined, path: string): Lockfile | undefined {
  if (text === undefined) return undefined;
  try {
    return parseLockfile(text, path);
  } catch {
    return undefined;
  }
}

async function died(st: ActionState, why: string): Promise<void> {
  const log = tail(st.logFile, 3000);
  const msg =
    `gopin's proxy (pid ${st.pid}, ${st.url}) ${why}. ` +
    `Every go command after the gopin step had no module proxy from then on, and no lockfile or drift report was written. ` +
    `Its log is ${st.logFile}${log ? `; last lines:\n${log}` : " (empty)"}`;
  if (st.summary) {
    await core.summary
      .addRaw(`## ❌ gopin: the proxy stopped during the job\n\n${why}. No drift report and no lockfile were written.\n\n`)
      .addCodeBlock(log || "(the log is empty)", "text")
      .write()
      .catch(() => undefined);
  }
  core.setFailed(msg);
}

/** The post step. */
export async function runPost(): Promise<void> {
  const t0 = performance.now();
  const st = loadActionState();
  if (!st) {
    core.info("gopin: the main step did not start the proxy; nothing to do");
    return;
  }
  if (!(await isHealthy(st.url, 3000))) {
    await died(st, "is no longer running (it does not answer /healthz)");
    return;
  }
  const clean = await stopDaemon(st.pid);
  if (!clean) core.warning(`gopin: the proxy did not stop within 60 s of SIGTERM and was killed`);
  if (!existsSync(st.reportFile)) {
    await died(st, "stopped without writing its drift report");
    return;
  }
  const report = JSON.parse(readFileSync(st.reportFile, "utf8")) as DriftReport;
  const violations = report.counts.violations;
  core.setOutput("violations", String(violations));
  core.setOutput("lockfile-changed", report.lockfile.written === true ? "true" : "false");
  if (report.lockfile.error) core.error(lockfileLine(report, st.lockfile));
  else if (report.mode === "record") core.info(lockfileLine(report, st.lockfile));

  const buildSave = st.buildCache ? saveBuildCache(st.buildCache, violations, st.saveCache, process.env) : undefined;
  let cacheOutcome: CacheOutcome;
  try {
    cacheOutcome = await saveIfUseful(st, report, violations);
  } catch (e) {
    core.warning(`gopin: the store was not saved: ${(e as Error).message}`);
    cacheOutcome = { gained: 0, pruned: 0, skipped: (e as Error).message };
  }
  if (cacheOutcome.skipped) core.info(`gopin: cache not saved: ${cacheOutcome.skipped}`);
  const build = await buildSave?.catch((e: Error) => ({ skipped: e.message }));
  if (build?.skipped) core.info(`gopin: build cache not saved: ${build.skipped}`);

  const artifact = await uploadJobFiles(artifactSettings(readInputs(), process.env), { lockfile: st.lockfile, report: st.reportFile }, report, join(dirname(st.reportFile), "artifact"));
  if (artifact.uploaded) core.info(`gopin: uploaded ${artifact.note} as the artifact ${artifact.name}`);

  const display = lockDisplay(st);
  const lockText = existsSync(st.lockfile) ? readFileSync(st.lockfile, "utf8") : undefined;
  // The base lockfile tells a lockfile edit from an upstream change; only a failing job needs it.
  const findingsCtx = { advice: "action" as const, lock: lockOnDisk(lockText, display), base: report.verdict === "fail" ? await actionBaseLock(process.env, st.lockfile) : undefined };
  const details = cacheDetails(st, report, cacheOutcome, artifact, Math.round(performance.now() - t0));
  // The lockfile as the repository knows it, not as an absolute path on the runner.
  const markdown = renderMarkdown(report, { ...findingsCtx, lockfile: display, details, ...(artifact.uploaded ? { artifact: artifact.name } : {}) });
  core.info(markdown);
  if (st.summary) {
    try {
      await core.summary.addRaw(markdown).write();
    } catch (e) {
      core.warning(`gopin: cannot write the job summary: ${(e as Error).message}`);
    }
  }

  for (const a of annotationsFor(report, lockText, display, findingsCtx)) {
    core.error(a.message, { title: a.title, file: a.file, ...(a.line !== undefined ? { startLine: a.line } : {}) });
  }
  if (violations > 0) {
    core.setFailed(`gopin: ${report.headline} (${display}; see the job summary for the drift report)`);
  }
}

/** Reports a post-step failure the way the runner shows it. */
export function failPost(e: unknown): void {
  core.setFailed(scrub(`gopin: ${(e as Error)?.stack ?? String(e)}`));
}
