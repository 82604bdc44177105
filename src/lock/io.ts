// Reading and atomically writing gopin.lock.

import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Lockfile } from "./model.js";
import { parseLockfile, printLockfile } from "./syntax.js";

/**
 * Reads and parses a lockfile. Returns undefined when the file does not exist;
 * throws LockfileError (messages start with `path:line:`) when it is broken,
 * and the fs error for anything else (permissions, a directory, ...).
 */
export async function readLockfile(path: string): Promise<Lockfile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return parseLockfile(text, path);
}

/** A temporary file next to `path` (same directory, so the rename is atomic). */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Replaces `path` with `text` at once, synchronously: temp file, then rename
 * (atomic for readers), no fsync. For the writes record mode makes while the
 * job runs, which must not queue behind the store's I/O in the thread pool.
 */
export function replaceFileNow(path: string, text: string): void {
  const tmp = tempPath(path);
  try {
    writeFileSync(tmp, text, { flag: "wx", mode: 0o644 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes the canonical text of `lock` to `path` atomically: the bytes go to a
 * temporary file in the same directory, which is flushed and then renamed over
 * `path`, so readers see the old or the new file, never a partial one. When the
 * file already holds exactly these bytes nothing is written (mtime unchanged).
 * Returns true when the file was written.
 */
export async function writeLockfileAtomic(path: string, lock: Lockfile): Promise<boolean> {
  const text = printLockfile(lock);
  const data = Buffer.from(text, "utf8");
  try {
    const cur = await readFile(path);
    if (cur.equals(data)) return false;
  } catch (e) {
    // Missing: write it. A directory in the way: let the rename report it.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "EISDIR") throw e;
  }
  const tmp = tempPath(path);
  let renamed = false;
  try {
    const fh = await open(tmp, "wx", 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
  // Best effort: make the rename durable.
  try {
    const dh = await open(dirname(path), "r");
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
  return true;
}

/** Flushes a lockfile already on disk to stable storage (after writes made with replaceFileNow). */
export async function syncLockfile(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
