// The module store: a directory laid out exactly as a GOPROXY file tree, so
// `GOPROXY=file://STORE` serves the same bytes. Files appear atomically (a
// temp file in the same file system, then link/rename); content files of
// canonical versions are immutable and never replaced once present.
import { promises as fsp, createReadStream, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type ReadStream } from "node:fs";
import { join, dirname } from "node:path";
import { randomBytes } from "node:crypto";

/** Temp files live inside the store so renames stay on one file system. A
 * name starting with "." can never be a module path's first element. */
const TMP_DIR = ".gopin-tmp";

/**
 * Move a fully written temp file (same file system) to `dest` atomically.
 * `immutable`: never replace an existing `dest` (the first copy wins), by
 * linking rather than renaming. The temp file is gone afterwards either way.
 */
async function placeFile(tmp: string, dest: string, immutable: boolean): Promise<void> {
  if (!immutable) {
    await fsp.rename(tmp, dest);
    return;
  }
  try {
    await fsp.link(tmp, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/** placeFile, synchronously (see Store.writeInBackground for why). */
function placeFileSync(tmp: string, dest: string, immutable: boolean): void {
  if (!immutable) return renameSync(tmp, dest);
  try {
    linkSync(tmp, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Write `data` to `tmp`, then place it at `dest`; a failure removes `tmp`. */
async function writeAndPlace(tmp: string, dest: string, data: Buffer | string, immutable: boolean): Promise<void> {
  try {
    await fsp.writeFile(tmp, data);
    await placeFile(tmp, dest, immutable);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** writeAndPlace, synchronously. */
function writeAndPlaceSync(tmp: string, dest: string, data: Buffer, immutable: boolean): void {
  try {
    writeFileSync(tmp, data);
    placeFileSync(tmp, dest, immutable);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write `data` to `dest` atomically through a temp file beside it. */
export async function writeFileAtomic(dest: string, data: Buffer | string, immutable: boolean): Promise<void> {
  await fsp.mkdir(dirname(dest), { recursive: true });
  await writeAndPlace(`${dest}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`, dest, data, immutable);
}

export interface StoredFile {
  path: string;
  size: number;
  mtime: Date;
}

/** Immutable files up to this size are answered from memory after first read. */
const MEM_FILE_MAX = 256 << 10;
/** Background writes up to this size are done synchronously. */
const SYNC_WRITE_MAX = 1 << 20;
/** Total bytes kept in memory (oldest entries are dropped first). */
const MEM_TOTAL_MAX = 64 << 20;

export class Store {
  // A small in-memory copy of immutable files (.info, .mod, small zips):
  // a warm build asks for hundreds of them, and each disk read costs several
  // thread-pool round trips on the request's critical path.
  private readonly mem = new Map<string, Buffer>();
  private memBytes = 0;

  constructor(readonly root: string) {}

  async init(): Promise<void> {
    await fsp.mkdir(join(this.root, TMP_DIR), { recursive: true });
    // Leftovers of a process that died mid-write are garbage by construction.
    const left = await fsp.readdir(join(this.root, TMP_DIR)).catch(() => []);
    await Promise.all(left.map((f) => fsp.rm(join(this.root, TMP_DIR, f), { force: true })));
  }

  abs(rel: string): string {
    return join(this.root, rel);
  }

  async stat(rel: string): Promise<StoredFile | undefined> {
    try {
      const st = await fsp.stat(this.abs(rel));
      return st.isFile() ? { path: this.abs(rel), size: st.size, mtime: st.mtime } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The newest bytes for `rel`: a write still landing, else the file. */
  async readCurrent(rel: string): Promise<Buffer | undefined> {
    return this.pending.get(rel)?.bytes ?? this.read(rel);
  }

  async read(rel: string): Promise<Buffer | undefined> {
    try {
      return await fsp.readFile(this.abs(rel));
    } catch {
      return undefined;
    }
  }

  /**
   * An immutable file: its bytes (from memory when seen before) and size, or
   * only its size when it is larger than `maxBytes`; undefined when absent.
   */
  async readImmutable(rel: string, maxBytes = MEM_FILE_MAX): Promise<{ bytes?: Buffer; size: number } | undefined> {
    const m = this.mem.get(rel) ?? this.pending.get(rel)?.bytes;
    if (m) return { bytes: m, size: m.length };
    // Synchronous on purpose: every request starts with this lookup, and for
    // a small file in a local store a stat and read take microseconds, while
    // each async call is a thread-pool round trip of ~0.1-0.2 ms on the
    // request's critical path. Large files are only stat'ed here.
    let b: Buffer;
    try {
      const st = statSync(this.abs(rel), { throwIfNoEntry: false });
      if (!st?.isFile()) return undefined;
      if (st.size > maxBytes) return { size: st.size };
      b = readFileSync(this.abs(rel));
    } catch {
      return undefined;
    }
    this.remember(rel, b, true);
    return { bytes: b, size: b.length };
  }

  /** Whether `rel` is in the store or being written (synchronous, as above). */
  has(rel: string): boolean {
    if (this.mem.has(rel) || this.pending.has(rel)) return true;
    try {
      return statSync(this.abs(rel), { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  }

  // Writes that were handed off so the answer need not wait for the disk.
  // Until a write lands, readers get its bytes from here.
  private readonly pending = new Map<string, { bytes: Buffer; done: Promise<void> }>();

  /**
   * Store verified bytes without making the caller wait. Failures (a full
   * disk) are reported to `onError`; the store stays consistent either way
   * because the file only appears by link/rename.
   */
  writeInBackground(rel: string, bytes: Buffer, immutable: boolean, onError: (e: unknown) => void): void {
    // A small file is written synchronously, just after the answer has gone
    // out: writing, linking and unlinking it take microseconds in the page
    // cache, where each async call costs a thread-pool round trip (~0.1 ms).
    const write =
      bytes.length <= SYNC_WRITE_MAX
        ? new Promise<void>((resolve, reject) => setImmediate(() => {
            try {
              this.writeAtomicSync(rel, bytes, immutable);
              resolve();
            } catch (e) {
              reject(e);
            }
          }))
        : this.writeAtomic(rel, bytes, immutable);
    const done = write
      .then(() => this.remember(rel, bytes, immutable))
      .catch(onError)
      .finally(() => {
        if (this.pending.get(rel)?.done === done) this.pending.delete(rel);
      });
    this.pending.set(rel, { bytes, done });
  }

  private writeAtomicSync(rel: string, data: Buffer, immutable: boolean): void {
    const dest = this.abs(rel);
    const dir = dirname(dest);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    writeAndPlaceSync(this.tempPath("w"), dest, data, immutable);
  }

  /** How many background writes have not landed yet. */
  get pendingWrites(): number {
    return this.pending.size;
  }

  /** Resolves when every background write has landed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending.values()].map((p) => p.done));
  }

  private remember(rel: string, b: Buffer, immutable: boolean): void {
    if (!immutable || b.length > MEM_FILE_MAX || this.mem.has(rel)) return;
    this.mem.set(rel, b);
    this.memBytes += b.length;
    for (const [k, v] of this.mem) {
      if (this.memBytes <= MEM_TOTAL_MAX) break;
      this.mem.delete(k);
      this.memBytes -= v.length;
    }
  }

  /** Drops the in-memory copy of `rel`. */
  private forget(rel: string): void {
    const m = this.mem.get(rel);
    if (m) {
      this.mem.delete(rel);
      this.memBytes -= m.length;
    }
  }

  /** Remove a file that failed verification, so a later fetch can replace it. */
  async remove(rel: string): Promise<void> {
    await this.pending.get(rel)?.done;
    this.forget(rel);
    await fsp.rm(this.abs(rel), { force: true });
  }

  /**
   * Moves a stored file aside to a temp path the caller owns (put it back
   * with admit, or delete it), as if it had been removed; undefined when absent.
   */
  async setAside(rel: string): Promise<string | undefined> {
    await this.pending.get(rel)?.done;
    this.forget(rel);
    const tmp = this.tempPath("aside");
    try {
      await fsp.rename(this.abs(rel), tmp);
      return tmp;
    } catch {
      return undefined;
    }
  }

  openRead(rel: string): ReadStream {
    return createReadStream(this.abs(rel));
  }

  /** A fresh temp file path inside the store. The caller owns (and removes) it. */
  tempPath(hint = "f"): string {
    return join(this.root, TMP_DIR, `${hint.replace(/[^a-z0-9]/gi, "")}-${process.pid}-${randomBytes(6).toString("hex")}`);
  }

  private readonly madeDirs = new Set<string>();

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await fsp.mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  /**
   * Move a fully written, verified temp file into place.
   * `immutable`: never replace an existing file (the first admitted copy wins).
   */
  async admit(tmp: string, rel: string, immutable: boolean): Promise<void> {
    const dest = this.abs(rel);
    await this.ensureDir(dirname(dest));
    await placeFile(tmp, dest, immutable);
  }

  private async writeAtomic(rel: string, data: Buffer | string, immutable: boolean): Promise<void> {
    const dest = this.abs(rel);
    await this.ensureDir(dirname(dest));
    await writeAndPlace(this.tempPath("w"), dest, data, immutable);
  }
}
