// A small tmpfs to fill up: how the tests make a real "disk full" (ENOSPC).
import { execFileSync } from "node:child_process";
import type { TestContext } from "node:test";
import { tempDir } from "./go.js";

/**
 * Runs `fn` with a fresh tmpfs of `size` (mount's syntax, e.g. "1m") mounted
 * at a temp directory, unmounted afterwards. Where mounting is not allowed
 * (no root, no CAP_SYS_ADMIN) the test is skipped, saying so.
 */
export async function withTinyTmpfs(t: TestContext, size: string, fn: (mnt: string) => Promise<void>): Promise<void> {
  const mnt = tempDir("gopin-tinyfs-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", mnt], { stdio: "pipe" });
  } catch (e) {
    t.skip(`SKIPPED: cannot mount a small tmpfs to simulate a full disk (${(e as Error).message.split("\n")[0]})`);
    return;
  }
  try {
    await fn(mnt);
  } finally {
    execFileSync("umount", ["-l", mnt]);
  }
}
