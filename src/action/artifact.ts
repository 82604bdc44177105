// The post step's workflow artifact: the lockfile and the JSON drift report,
// so a record-mode lockfile survives the job even when no step commits it.
// An upload never fails the job: every failure is a warning.
import { copyFile, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import * as core from "@actions/core";
import type { ArtifactSettings } from "./config.js";

export interface ArtifactOutcome {
  name: string;
  uploaded: boolean;
  /** What was uploaded, or why nothing was. */
  note: string;
}

/** The name each file has inside the artifact. */
export const REPORT_NAME = "gopin-report.json";

/** Why no upload is attempted, or undefined when one is. */
export function uploadSkipped(settings: ArtifactSettings, env: NodeJS.ProcessEnv): string | undefined {
  if (!settings.upload) return "upload-artifact is false";
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) return "the runner offers no artifact service (ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL unset)";
  return undefined;
}

/**
 * Uploads the lockfile (when there is one) and the report under
 * `settings.name`, staged in `stagingDir` (the artifact keeps the files'
 * base names, flat).
 */
export async function uploadJobFiles(settings: ArtifactSettings, files: { lockfile: string; report: string }, stagingDir: string, env = process.env): Promise<ArtifactOutcome> {
  const name = settings.name;
  const skipped = uploadSkipped(settings, env);
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
    const r = await new DefaultArtifactClient().uploadArtifact(name, staged, stagingDir);
    return { name, uploaded: true, note: `${staged.map((f) => basename(f)).join(" and ")} (${r.size ?? 0} bytes zipped, artifact id ${r.id ?? "?"})` };
  } catch (e) {
    const msg = (e as Error).message;
    const hint = /conflict|already exists|409/i.test(msg) ? "; in a matrix, give each leg its own artifact-name" : "";
    core.warning(`gopin: the lockfile and report were not uploaded as the artifact ${name}: ${msg}${hint}`);
    return { name, uploaded: false, note: `upload failed: ${msg}${hint}` };
  }
}
