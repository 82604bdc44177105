// The module store: a directory laid out exactly as a GOPROXY file tree, so
// `GOPROXY=file://STORE` serves the same bytes. Files appear atomically (a
// temp file in the same file system, then link/rename); content files of
// canonical versions are immutable and never replaced once present.
//
// The store may come from an Actions-cache restore or be shared with other
// processes, so nothing in it is trusted to be what its name says: reads and
// writes never follow a symbolic link (not for the file, not for a directory
// on the way to it), and anything other than a regular file where one should
// be is evicted, and reported through `onEvict`, rather than served or
// written through.
import { promises as fsp, constants, closeSync, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { join, dirname } from "node:path";
import { randomBytes } from "node:crypto";
import { removeStaleTemps, tempFileName, TMP_DIR } from "./temp-files.js";
import { unusableStoreError } from "./unusable.js";

/** Open for reading, refusing a symlink (ELOOP) and never blocking on a FIFO. */
const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Something other than a regular file (or directory) at a store path. */
export class StoreEntryError extends Error {
  /** `rel`: the store-relative path of the offending entry (a file, or a directory on the way to one). */
  constructor(readonly rel: string, message: string) {
    super(message);
    this.name = "StoreEntryError";
  }
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isDirectory()) return "a directory";
  if (st.isFile()) return "a regular file";
  return "a special file";
}

/** Write `data` to `tmp`, then rename it to `dest`; a failure removes `tmp`. */
async function writeAndRename(tmp: string, dest: string, data: Buffer | string): Promise<void> {
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, dest);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Write `data` to `dest` atomically through a temp file beside it
 * (`immutable`: an existing `dest` is kept). For gopin's own state files.
 */
export async function writeFileAtomic(dest: string, data: Buffer | string, immutable: boolean): Promise<void> {
  await fsp.mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  if (!immutable) return writeAndRename(tmp, dest, data);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.link(tmp, dest).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "EEXIST") throw e;
    });
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

export interface StoredFile {
  path: string;
  size: number;
  mtime: Date;
}

/** A store entry removed because it was not what its name says. */
export interface Eviction {
  /** Store-relative path. */
  rel: string;
  reason: string;
}

export interface StoreOptions {
  /** Told of every eviction (logged and reported by the caller). */
  onEvict?: (e: Eviction) => void;
}

/** Immutable files up to this size are answered from memory after first read. */
const MEM_FILE_MAX = 256 << 10;
/** Background writes up to this size are done synchronously. */
const SYNC_WRITE_MAX = 1 << 20;
/** Total bytes kept in memory (oldest entries are dropped first). */
const MEM_TOTAL_MAX = 16 << 20;

export class Store {
  // A small in-memory copy of immutable files (.info, .mod): a warm build
  // asks for hundreds of them, and each disk read costs several thread-pool
  // round trips on the request's critical path. Zips are not kept: go asks
  // for each once per job, and they would crowd out the rest.
  private readonly mem = new Map<string, Buffer>();
  private memBytes = 0;
  /** Store-relative directories checked to be real directories (not symlinks). */
  private readonly realDirs = new Set<string>();

  constructor(
    readonly root: string,
    private readonly opts: StoreOptions = {},
  ) {}

  /** Creates the store if needed, checks that it is writable, and clears dead writers' temp files. */
  async init(): Promise<void> {
    try {
      mkdirSync(this.root, { recursive: true });
      this.ensureDirs(`${TMP_DIR}/probe`);
      const probe = this.tempPath("probe");
      writeFileSync(probe, "");
      rmSync(probe);
    } catch (e) {
      throw unusableStoreError(this.root, e);
    }
    await removeStaleTemps(join(this.root, TMP_DIR));
  }

  abs(rel: string): string {
    return join(this.root, rel);
  }

  // ------------------------------------------------------------ no-follow

  /**
   * Whether every directory on the way to `rel` exists; throws StoreEntryError
   * for the first that is a symlink or not a directory. Synchronous: each
   * directory is checked once per process (microseconds).
   */
  private dirsExist(rel: string): boolean {
    const parts = rel.split("/");
    let dir = "";
    for (let i = 0; i < parts.length - 1; i++) {
      dir = dir ? `${dir}/${parts[i]}` : parts[i]!;
      if (this.realDirs.has(dir)) continue;
      const st = lstatSync(this.abs(dir), { throwIfNoEntry: false });
      if (!st) return false;
      if (!st.isDirectory()) throw new StoreEntryError(dir, `the store path ${this.abs(dir)} is ${kindOf(st)}, not a directory`);
      this.realDirs.add(dir);
    }
    return true;
  }

  /** Creates the directories on the way to `rel`, evicting anything in their place (a symlink would lead writes outside the store). */
  private ensureDirs(rel: string): void {
    for (;;) {
      try {
        if (this.dirsExist(rel)) return;
      } catch (e) {
        if (!(e instanceof StoreEntryError)) throw e;
        this.evictSync(e.rel, e.message);
        continue;
      }
      // The first missing directory, then the rest (each checked on the next pass).
      const parts = rel.split("/");
      let dir = "";
      for (let i = 0; i < parts.length - 1; i++) {
        dir = dir ? `${dir}/${parts[i]}` : parts[i]!;
        if (this.realDirs.has(dir)) continue;
        try {
          mkdirSync(this.abs(dir));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        break;
      }
    }
  }

  /**
   * Opens a stored file for reading without following a symlink: undefined
   * when absent; StoreEntryError when something else than a regular file is there.
   */
  private openFile(rel: string): { fd: number; size: number } | undefined {
    if (!this.dirsExist(rel)) return undefined;
    let fd: number;
    try {
      fd = openSync(this.abs(rel), READ_NO_FOLLOW);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined;
      if (code === "ELOOP") throw new StoreEntryError(rel, `the store file ${this.abs(rel)} is a symbolic link`);
      throw e;
    }
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      throw new StoreEntryError(rel, `the store path ${this.abs(rel)} is ${kindOf(st)}, not a regular file`);
    }
    return { fd, size: st.size };
  }

  /** lstat of a store file; StoreEntryError when it is not a regular file. */
  private lstatFile(rel: string): Stats | undefined {
    if (!this.dirsExist(rel)) return undefined;
    const st = lstatSync(this.abs(rel), { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new StoreEntryError(rel, `the store path ${this.abs(rel)} is ${kindOf(st)}, not a regular file`);
    return st;
  }

  // ---------------------------------------------------------------- reads

  /** A regular file's size and time (StoreEntryError for anything else there). */
  async stat(rel: string): Promise<StoredFile | undefined> {
    const st = this.lstatFile(rel);
    return st && { path: this.abs(rel), size: st.size, mtime: st.mtime };
  }

  /** The newest bytes for `rel`: a write still landing, else the file. */
  async readCurrent(rel: string): Promise<Buffer | undefined> {
    return this.pending.get(rel)?.bytes ?? this.read(rel);
  }

  /** A file's bytes, or undefined when it is absent or unreadable (never through a symlink). */
  async read(rel: string): Promise<Buffer | undefined> {
    try {
      const f = this.openFile(rel);
      if (!f) return undefined;
      try {
        return readFileSync(f.fd);
      } finally {
        closeSync(f.fd);
      }
    } catch {
      return undefined;
    }
  }

  /**
   * An immutable file: its bytes (from memory when seen before) and size, or
   * only its size when it is larger than `maxBytes`; undefined when absent.
   * Throws StoreEntryError when a symlink, directory or other non-file is in
   * its place (the caller evicts it).
   */
  async readImmutable(rel: string, maxBytes = MEM_FILE_MAX): Promise<{ bytes?: Buffer; size: number } | undefined> {
    const m = this.mem.get(rel) ?? this.pending.get(rel)?.bytes;
    if (m) return { bytes: m, size: m.length };
    // Synchronous on purpose: every request starts with this lookup, and for
    // a small file in a local store an open and read take microseconds, while
    // each async call is a thread-pool round trip of ~0.1-0.2 ms on the
    // request's critical path. Large files are only opened here.
    let b: Buffer;
    try {
      const f = this.openFile(rel);
      if (!f) return undefined;
      try {
        if (f.size > maxBytes) return { size: f.size };
        b = readFileSync(f.fd);
      } finally {
        closeSync(f.fd);
      }
    } catch (e) {
      if (e instanceof StoreEntryError) throw e;
      return undefined;
    }
    this.remember(rel, b, true);
    return { bytes: b, size: b.length };
  }

  /** Whether a regular file `rel` is in the store or being written (synchronous, as above). */
  has(rel: string): boolean {
    if (this.mem.has(rel) || this.pending.has(rel)) return true;
    try {
      return this.lstatFile(rel) !== undefined;
    } catch {
      return false;
    }
  }

  /** A stored file's descriptor and size (opened without following a symlink); the caller closes it. */
  openFd(rel: string): { fd: number; size: number } {
    const f = this.openFile(rel);
    if (!f) throw new Error(`the store file ${this.abs(rel)} disappeared`);
    return f;
  }

  // --------------------------------------------------------------- writes

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

  /** How many background writes have not landed yet. */
  get pendingWrites(): number {
    return this.pending.size;
  }

  /** Resolves when every background write has landed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending.values()].map((p) => p.done));
  }

  private remember(rel: string, b: Buffer, immutable: boolean): void {
    if (!immutable || b.length > MEM_FILE_MAX || rel.endsWith(".zip") || this.mem.has(rel)) return;
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
    for (const d of this.realDirs) if (d === rel || d.startsWith(rel + "/")) this.realDirs.delete(d);
  }

  /** Remove a file that failed verification, so a later fetch can replace it. */
  async remove(rel: string): Promise<void> {
    await this.pending.get(rel)?.done;
    this.forget(rel);
    // Never through a symlinked directory: that file is not in the store.
    if (this.dirsExist(rel)) await fsp.rm(this.abs(rel), { force: true });
  }

  /**
   * Remove whatever is at `rel` (a file that fails its checks, a symlink, a
   * directory where a file belongs) and report it. Never follows a symlink:
   * removing one removes the link, not what it points to.
   */
  async evict(rel: string, reason: string): Promise<void> {
    await this.pending.get(rel)?.done;
    this.evictSync(rel, reason);
  }

  private evictSync(rel: string, reason: string): void {
    this.forget(rel);
    try {
      if (!this.dirsExist(rel)) return;
    } catch (e) {
      // A symlink or file on the way: that is what has to go.
      if (e instanceof StoreEntryError) return this.evictSync(e.rel, e.message);
      throw e;
    }
    rmSync(this.abs(rel), { recursive: true, force: true });
    this.opts.onEvict?.({ rel, reason });
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
      // Never through a symlinked directory: that file is not in the store.
      if (!this.dirsExist(rel)) return undefined;
      await fsp.rename(this.abs(rel), tmp);
      return tmp;
    } catch {
      return undefined;
    }
  }

  /** A fresh temp file path inside the store. The caller owns (and removes) it. */
  tempPath(hint = "f"): string {
    return join(this.root, TMP_DIR, tempFileName(hint));
  }

  /**
   * Move a fully written, verified temp file into place.
   * `immutable`: never replace an existing file (the first admitted copy wins).
   */
  async admit(tmp: string, rel: string, immutable: boolean): Promise<void> {
    this.placeFile(tmp, rel, immutable);
  }

  private async writeAtomic(rel: string, data: Buffer | string, immutable: boolean): Promise<void> {
    const tmp = this.tempPath("w");
    try {
      await fsp.writeFile(tmp, data);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    this.placeFile(tmp, rel, immutable);
  }

  private writeAtomicSync(rel: string, data: Buffer, immutable: boolean): void {
    const tmp = this.tempPath("w");
    try {
      writeFileSync(tmp, data);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    this.placeFile(tmp, rel, immutable);
  }

  /**
   * Move a fully written temp file (same file system) to `rel` atomically:
   * by link when `immutable` (an existing regular file, the first copy, wins),
   * else by rename. Something else in the way (a symlink, a directory) is
   * evicted first. The temp file is gone afterwards either way. Synchronous:
   * a handful of metadata calls, and it keeps the checks next to the move.
   */
  private placeFile(tmp: string, rel: string, immutable: boolean): void {
    const dest = this.abs(rel);
    try {
      this.ensureDirs(rel);
      try {
        if (immutable) linkSync(tmp, dest);
        else renameSync(tmp, dest);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EEXIST" && code !== "EISDIR" && code !== "ENOTEMPTY") throw e;
        const st = lstatSync(dest, { throwIfNoEntry: false });
        if (st?.isFile() && immutable) return;
        if (st && !st.isFile()) this.evictSync(rel, `the store path ${dest} is ${kindOf(st)}, not a regular file`);
        if (immutable) linkSync(tmp, dest);
        else renameSync(tmp, dest);
      }
    } finally {
      rmSync(tmp, { force: true });
    }
  }
}
