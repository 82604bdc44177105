// The post step's workflow artifact: the lockfile and the JSON drift report,
// so a record-mode lockfile survives the job even when no step commits it.
// An upload never fails the job: every failure is a warning. By default
// (upload-artifact: auto) a job uploads only when it leaves something to
// keep: a clean verify job's lockfile is the committed one and its report
// is in the job summary, and loading the artifact client and uploading cost
// its post step about 0.35 s of CPU.
import { copyFile, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import * as core from "@actions/core";
import type { ArtifactSettings } from "./config.js";
import type { DriftReport } from "../report/model.js";

/** What of a report decides whether "auto" uploads. */
export type ReportGist = Pick<DriftReport, "mode" | "lockfile" | "counts">;

/**
 * Why a job leaves nothing worth an artifact, or undefined when it does:
 * record mode (its lockfile), a lockfile written, or anything the report
 * lists beyond versions served as locked (refusals, conflicts, failures,
 * drift, lock changes).
 */
export function nothingToKeep(r: ReportGist): string | undefined {
  if (r.mode === "record" || r.lockfile.written) return undefined;
  const c = r.counts;
  if (c.violations + c.refused + c.conflicts + c.failed + c.drift + c.added + c.changed + c.removed > 0) return undefined;
  return "nothing to keep (verify mode, the lockfile unchanged and nothing to report; upload-artifact: auto uploads only then, true uploads every job's)";
}

export interface ArtifactOutcome {
  name: string;
  uploaded: boolean;
  /** What was uploaded, or why nothing was. */
  note: string;
}

/**
 * How long the post step waits for the upload. The artifact client retries a
 * failing call 5 times with backoff from 3 s (about 32 s in all) and offers no
 * setting for it; the lockfile and report are a few kB, so a healthy service
 * takes well under a second. Past the deadline the upload is abandoned (the
 * post step's entry exits when it is done, retries and all).
 */
export const UPLOAD_DEADLINE_MS = 8_000;

/** The name each file has inside the artifact. */
export const REPORT_NAME = "gopin-report.json";

/** Why no upload is attempted, or undefined when one is. */
export function uploadSkipped(settings: ArtifactSettings, env: NodeJS.ProcessEnv, report: ReportGist): string | undefined {
  if (settings.upload === false) return "upload-artifact is false";
  if (settings.upload === "auto") {
    const why = nothingToKeep(report);
    if (why) return why;
  }
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) return "the runner offers no artifact service (ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL unset)";
  return undefined;
}

/**
 * Uploads the lockfile (when there is one) and the report under
 * `settings.name`, staged in `stagingDir` (the artifact keeps the files'
 * base names, flat).
 */
export async function uploadJobFiles(settings: ArtifactSettings, files: { lockfile: string; report: string }, gist: ReportGist, stagingDir: string, env = process.env, deadlineMs = UPLOAD_DEADLINE_MS): Promise<ArtifactOutcome> {
  const name = settings.name;
  const skipped = uploadSkipped(settings, env, gist);
  if (skipped) return { name, uploaded: false, note: skipped };
  try {
    await rm(stagingDir, { recursive: true, force: true });
    await mkdir(stagingDir, { recursive: true });
    const staged: string[] = [];
    const stage = async (from: string, as: string) => {
      const to = join(stagingDir, as);
      await copyFile(from, to);
      staged.push(to);
    };
    if (existsSync(files.lockfile)) await stage(files.lockfile, basename(files.lockfile));
    await stage(files.report, REPORT_NAME);
    // Loaded only here: the artifact client is most of the post step's bundle.
    const { DefaultArtifactClient } = await import("@actions/artifact");
    const r = await withDeadline(new DefaultArtifactClient().uploadArtifact(name, staged, stagingDir), deadlineMs);
    return { name, uploaded: true, note: `${staged.map((f) => basename(f)).join(" and ")} (${r.size ?? 0} bytes zipped, artifact id ${r.id ?? "?"})` };
  } catch (e) {
    const msg = failureText(e);
    const hint = /conflict|already exists|409/i.test(msg) ? "; in a matrix, give each leg its own artifact-name" : "";
    core.warning(`gopin: the lockfile and report were not uploaded as the artifact ${name}: ${msg}${hint}`);
    return { name, uploaded: false, note: `upload failed: ${msg}${hint}` };
  }
}

/** The upload, or a rejection once `ms` have passed. */
async function withDeadline<T>(upload: Promise<T>, ms: number): Promise<T> {
  // An abandoned upload may still fail later: that must not be an unhandled rejection.
  upload.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the artifact service did not complete the upload within ${ms / 1000} s (gave up; a failing service is retried for about 32 s otherwise)`)), ms);
  });
  try {
    return await Promise.race([upload, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What went wrong, also when the error has no message (the blob upload's HTTP errors often have none, only a status). */
function failureText(e: unknown): string {
  const err = e as Error & { statusCode?: number; code?: string };
  if (err?.message) return err.message;
  const parts = [err?.name, err?.statusCode !== undefined ? `HTTP ${err.statusCode}` : undefined, err?.code].filter(Boolean);
  return parts.length ? parts.join(", ") : String(e);
}
