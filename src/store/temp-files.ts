// Temp files of store writes live in STORE/.gopin-tmp (renames must stay on
// one file system). Several gopin processes may share one store (the default
// one is per user, not per job), so a temp file's name carries its writer's
// pid, and a start-up only clears the files whose writer is gone.
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { processAlive } from "../util/process.js";

/** Inside the store; a name starting with "." is never a module path's first element. */
export const TMP_DIR = ".gopin-tmp";

/** A temp file older than this is stale whoever wrote it (a reused pid, a
 * writer in another pid namespace): no store write takes a day. */
const STALE_AFTER_MS = 24 * 3600_000;

const NAME = /-(\d+)-[0-9a-f]+$/;

/** A fresh temp file name for this process: `<hint>-<pid>-<random hex>`. */
export function tempFileName(hint: string): string {
  return `${hint.replace(/[^a-z0-9]/gi, "")}-${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** Whether a temp file can be removed: its writer is gone, or it is older than any write. */
function isStale(name: string, mtimeMs: number, now: number): boolean {
  if (now - mtimeMs > STALE_AFTER_MS) return true;
  const pid = Number(NAME.exec(name)?.[1] ?? NaN);
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  return pid !== process.pid && !processAlive(pid);
}

/**
 * Removes the temp files in `tmpDir` left by writers that died mid-write,
 * leaving those of live processes (another gopin on the same store) alone.
 * Returns how many were removed.
 */
export async function removeStaleTemps(tmpDir: string, now = Date.now()): Promise<number> {
  const names = await fsp.readdir(tmpDir).catch(() => [] as string[]);
  let removed = 0;
  await Promise.all(
    names.map(async (name) => {
      const p = join(tmpDir, name);
      const st = await fsp.lstat(p).catch(() => undefined);
      if (!st || !isStale(name, st.mtimeMs, now)) return;
      await fsp.rm(p, { recursive: true, force: true });
      removed++;
    }),
  );
  return removed;
}
