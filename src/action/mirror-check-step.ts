// The Action's `check-mirrors: true`: the main step asks every mirror for
// every locked version (gopin check-mirrors) and fails on a different
// .mod/.zip hash; the rest (missing files, .info drift, list/@latest) is
// reported in the job summary without failing.
import { existsSync } from "node:fs";
import { basename } from "node:path";
import * as core from "@actions/core";
import { checkMirrors } from "../core/mirror-check.js";
import { readLockfile } from "../lock/io.js";
import { renderMirrorCheckMarkdown } from "../report/mirror-check.js";

export async function runMirrorCheckStep(o: { lockfile: string; mirrors: string[]; summary: boolean }): Promise<void> {
  if (!existsSync(o.lockfile)) {
    core.notice(`gopin: check-mirrors skipped: ${o.lockfile} does not exist yet (it compares mirrors with a lockfile)`);
    return;
  }
  const report = await checkMirrors({ lock: (await readLockfile(o.lockfile))!, lockfileName: basename(o.lockfile), mirrors: o.mirrors });
  const md = renderMirrorCheckMarkdown(report);
  core.info(md);
  if (o.summary) await core.summary.addRaw(md + "\n").write();
  if (report.verdict === "fail") core.setFailed(`gopin: check-mirrors: ${report.headline}`);
}
