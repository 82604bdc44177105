// Reading and atomically writing gopin.lock.

import { randomBytes } from "node:crypto";
import { constants, renameSync, rmSync, writeFileSync } from "node:fs";
import { open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Lockfile } from "./model.js";
import { parseLockfile, printLockfile } from "./syntax.js";
import { processAlive } from "../util/process.js";

/**
 * The largest lockfile gopin reads. A lock records a few hundred bytes per
 * module version, so this is far beyond any real project; it stops a path
 * like /dev/zero or a runaway file from being read into memory.
 */
export const MAX_LOCKFILE_BYTES = 64 << 20;

/** A lockfile that cannot be read or written for a reason outside its text (size, file type, disk). */
export class LockfileIoError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "LockfileIoError";
  }
}

/**
 * The bytes of the lockfile at `path`, or undefined when it does not exist.
 * Only a regular file of at most MAX_LOCKFILE_BYTES is read (O_NONBLOCK: a
 * FIFO must not hang the open).
 */
async function readLockfileBytes(path: string): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    if (!(await fh.stat()).isFile()) throw new LockfileIoError(path, `lockfile ${path} is not a regular file`);
    const chunks: Buffer[] = [];
    let n = 0;
    for (;;) {
      const { bytesRead, buffer } = await fh.read({ buffer: Buffer.alloc(1 << 20) });
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      n += bytesRead;
      if (n > MAX_LOCKFILE_BYTES) throw new LockfileIoError(path, `lockfile ${path} is larger than ${MAX_LOCKFILE_BYTES} bytes; it cannot be a gopin lockfile`);
    }
    return Buffer.concat(chunks, n);
  } finally {
    await fh.close();
  }
}

/**
 * Reads and parses a lockfile. Returns undefined when the file does not exist;
 * throws LockfileError (messages start with `path:line:`) when it is broken,
 * LockfileIoError when it is not a regular file or too large, and the fs
 * error for anything else (permissions, ...).
 */
export async function readLockfile(path: string): Promise<Lockfile | undefined> {
  const bytes = await readLockfileBytes(path);
  return bytes === undefined ? undefined : parseLockfile(bytes.toString("utf8"), path);
}

/**
 * Writes the canonical text of `lock` to `path` atomically: the bytes go to a
 * temporary file in the same directory, which is flushed and then renamed over
 * `path`, so readers see the old or the new file, never a partial one. When the
 * file already holds exactly these bytes nothing is written (mtime unchanged).
 * Returns true when the file was written. Temp files of earlier writers that
 * died mid-write (SIGKILL) are removed first. Failures are LockfileIoError
 * naming the path.
 */
export async function writeLockfileAtomic(path: string, lock: Lockfile): Promise<boolean> {
  const data = Buffer.from(printLockfile(lock), "utf8");
  try {
    await removeStaleTempFiles(path);
    const cur = await readLockfileBytes(path);
    if (cur?.equals(data)) return false;
    await replaceFile(path, data);
  } catch (e) {
    if (e instanceof LockfileIoError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new LockfileIoError(path, `cannot write the lockfile ${path}: ${describeWriteError(err)}`, err.code);
  }
  return true;
}

function describeWriteError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOSPC":
      return "the disk is full (ENOSPC)";
    case "EDQUOT":
      return "the disk quota is exhausted (EDQUOT)";
    case "EROFS":
      return "the file system is read-only (EROFS)";
    case "EACCES":
    case "EPERM":
      return `permission denied (${e.code})`;
    default:
      return e.message;
  }
}

// `.gopin.lock.<pid>.<hex>.tmp`: the pid says whose it is.
function tempName(path: string): string {
  return `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
}

/** Removes `.<name>.<pid>.<hex>.tmp` beside `path` whose writer process is gone. */
async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return; // the write reports an unusable directory
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (m && !processAlive(Number(m[1]))) await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

/** Temp file in the same directory, flushed, renamed over `path`, directory synced. */
async function replaceFile(path: string, data: Buffer): Promise<void> {
  const tmp = join(dirname(path), tempName(path));
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
}

/**
 * Replaces the file with `text` through a temp file and a rename (readers see
 * the old or the new file, never a part), synchronously and without fsync:
 * for the writes made while the job runs, which an answer waits on; two
 * system calls on the event loop cost less than the turns and thread-pool
 * round trips of an asynchronous write (queued behind zip checks and store
 * writes on a busy proxy). The last write is made durable by syncLockfile.
 */
export function replaceFileNow(path: string, text: string): void {
  const tmp = join(dirname(path), tempName(path));
  try {
    writeFileSync(tmp, text, { flag: "wx", mode: 0o644 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
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
