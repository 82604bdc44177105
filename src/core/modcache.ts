// gopin owns the module cache of the go commands it serves. `go` asks its
// GOPROXY only for what its module cache (GOMODCACHE) lacks, so a cache that
// already holds a module (setup-go's restore, a laptop's warm ~/go/pkg/mod)
// lets that module skip gopin entirely: no lockfile check, no record. The
// Action and `gopin run` therefore point GOMODCACHE at a directory of their
// own that is empty when the job (or run) starts.
import { chmod, lstat, mkdtemp, readdir, rm, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/**
 * Removes a module cache. go makes its directories read-only (unless
 * -modcacherw), and unlinking inside a read-only directory fails for anyone
 * but root, so directories are made writable first.
 */
export async function removeModuleCache(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
    return;
  } catch {
    // Read-only directories in the way: open them up and try once more.
  }
  await makeDirsWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

async function makeDirsWritable(dir: string): Promise<void> {
  let st;
  try {
    st = await lstat(dir);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  await chmod(dir, 0o755).catch(() => undefined);
  for (const name of await readdir(dir).catch(() => [] as string[])) await makeDirsWritable(join(dir, name));
}

/** An empty module cache at `dir` (whatever a previous job left there is removed). */
export async function freshModuleCache(dir: string): Promise<string> {
  await removeModuleCache(dir);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A new, empty module cache for one `gopin run`, next to the store (same disk, and never the user's). */
export function runModuleCache(store: string): Promise<string> {
  return mkdtemp(join(dirname(resolve(store)), "run-modcache-"));
}

/** Whether `dir` is a module cache that already holds something (a missing or empty directory does not). */
export async function isPopulated(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}
