// Reading and atomically writing gopin.lock.

import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
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

/**
 * Writes the canonical text of `lock` to `path` atomically: the bytes go to a
 * temporary file in the same directory, which is flushed and then renamed over
 * `path`, so readers see the old or the new file, never a partial one. When the
 * file already holds exactly these bytes nothing is written (mtime unchanged).
 * With `durable: false` the fsyncs are skipped (still atomic for readers; for
 * the writes record mode makes while the job runs). Returns true when the
 * file was written.
 */
export async function writeLockfileAtomic(path: string, lock: Lockfile, opts: { durable?: boolean } = {}): Promise<boolean> {
  const durable = opts.durable ?? true;
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
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let renamed = false;
  try {
    const fh = await open(tmp, "wx", 0o644);
    try {
      await fh.writeFile(data);
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
  if (!durable) return true;
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

/** Flushes a lockfile already on disk to stable storage (after writes made with `durable: false`). */
export async function syncLockfile(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
