// Whether another process is still alive: temp files named with their
// writer's pid (the store's, the lockfile's) are removed only when it is gone.

/** Whether process `pid` exists (EPERM: it exists, and belongs to another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
