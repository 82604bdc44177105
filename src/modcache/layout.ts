// One locked module version laid out in a module cache from its store zip,
// exactly as go leaves a download (cmd/go/internal/modfetch fetch.go unzip,
// DownloadDir; x/mod/zip Unzip):
//
//   GOMODCACHE/<escaped path>@<escaped version>/   the files, mode 0444; the
//       directories made read-only too unless the job runs with -modcacherw
//   GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.zip
//       the store's zip, hard-linked (copied where a link cannot be made):
//       `go mod download` wants the zip file itself, and without it would
//       fetch every zip through gopin again after the prefill
//   GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.ziphash
//       the h1: hash (go then checks it against go.sum before using the tree)
//   GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.info
//       when the job gives one: the answer gopin would give go for it
//   ...@v/<escaped version>.partial from before the tree's first file until
//       after its .ziphash: go treats a tree whose .partial is there as
//       unfinished, and removes it and extracts the zip itself.
//
// The zip passes the checks admission uses (zipcheck.ts, in the same pass as
// its extraction) and its hash must equal the lock's; otherwise its tree is
// removed. What is checked is the linked copy, read after the link was made,
// so the zip go finds is the one that was checked even if the store's entry
// is replaced meanwhile. This module runs in the prefill's worker threads
// (layout-pool.ts) as well as in-process: its input and output are plain data.
import { mkdir, open, readFile, rm, stat, writeFile, chmod, link, copyFile, rename, lstat } from "node:fs/promises";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { escapePath, escapeVersion, GoModError } from "../gomod/escape.js";
import { checkModuleZip, type ZipContentSink, type ZipFileWriter } from "../gomod/zipcheck.js";
import { removeModuleCache } from "../core/modcache.js";

/** Why a locked version was not laid out. */
export type SkipReason = "not in the store" | "zip differs from the lockfile" | "zip refused" | "already in the module cache" | "cannot write";

export interface PrefillSkip {
  module: string;
  version: string;
  reason: SkipReason;
  detail?: string;
}

/** One version to lay out: plain data, so it can be posted to a worker. */
export interface LayOutJob {
  module: string;
  version: string;
  /** The lock's h1: hash of the zip. */
  h1: string;
  /** The zip in the store, and its size. */
  zip: string;
  size: number;
  modCache: string;
  /** The job's go runs with -modcacherw: directories stay writable. */
  modCacheRW: boolean;
  /** The version's .info, written once the tree is in place (absent: go asks gopin). */
  info?: string;
}

/** Go's modfetch paths for one module version below a module cache. */
export function cachePaths(modCache: string, module: string, version: string): { dir: string; dl: string; ev: string } {
  const ep = escapePath(module);
  const ev = escapeVersion(version);
  return { dir: join(modCache, ...`${ep}@${ev}`.split("/")), dl: join(modCache, "cache", "download", ...ep.split("/"), "@v"), ev };
}

/** A zip of up to this many bytes is read at once: one read instead of one per file. */
const IN_MEMORY_ZIP = 64 << 20;

/** One version: undefined when laid out, else why not (its tree removed). Never throws. */
export async function layOutVersion(j: LayOutJob): Promise<PrefillSkip | undefined> {
  const skip = (reason: SkipReason, detail?: string): PrefillSkip => ({ module: j.module, version: j.version, reason, ...(detail ? { detail } : {}) });
  let paths;
  try {
    paths = cachePaths(j.modCache, j.module, j.version);
  } catch (e) {
    return skip("cannot write", (e as Error).message);
  }
  const { dir, dl, ev } = paths;
  const partial = join(dl, `${ev}.partial`);
  // go's own temporary-zip pattern (<version>.zip.tmp-*): go removes leftovers of it.
  const zipTmp = join(dl, `${ev}.zip.tmp-gopin`);
  try {
    await stat(dir);
    // A tree with its .partial still there was left unfinished (a worker
    // that died, say): it is laid out again, as go would extract it again.
    if (!(await exists(partial))) return skip("already in the module cache");
    await removeTree(dir, partial);
  } catch {
    // the usual case: no tree yet
  }
  const tree = new TreeWriter(dir);
  try {
    await mkdir(dl, { recursive: true });
    await writeFile(partial, "");
    await mkdir(dir, { recursive: true });
    await placeZip(j.zip, zipTmp);
    let got: string | undefined;
    try {
      got = await checkModuleZip(j.size <= IN_MEMORY_ZIP ? await readFile(zipTmp) : zipTmp, j.module, j.version, tree);
    } catch (e) {
      await removeTree(dir, partial, zipTmp);
      if (e instanceof GoModError) return skip("zip refused", e.message.split("\n")[0]);
      throw e;
    }
    if (got !== j.h1) {
      await removeTree(dir, partial, zipTmp);
      return skip("zip differs from the lockfile", got ? `${got}, locked ${j.h1}` : "it has no h1: hash");
    }
    // As go's downloadZip leaves them: the zip, then its .ziphash.
    await rename(zipTmp, join(dl, `${ev}.zip`));
    await writeFile(join(dl, `${ev}.ziphash`), got);
    if (j.info !== undefined) await writeFile(join(dl, `${ev}.info`), j.info);
    await rm(partial);
    if (!j.modCacheRW) await tree.makeReadOnly();
    return undefined;
  } catch (e) {
    await removeTree(dir, partial, zipTmp).catch(() => undefined);
    return skip("cannot write", (e as Error).message);
  }
}

/** The store's zip at `to`: a hard link (free, on the same file system), else a copy. Never through a symbolic link. */
async function placeZip(from: string, to: string): Promise<void> {
  if (!(await lstat(from)).isFile()) throw new Error(`${from} is not a regular file`);
  await rm(to, { force: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Removes a version's tree, its .partial and its zip not yet in place. */
async function removeTree(dir: string, partial: string, zipTmp?: string): Promise<void> {
  await removeModuleCache(dir);
  if (zipTmp) await rm(zipTmp, { force: true });
  await rm(partial, { force: true });
}

/**
 * Writes the files of one module version below its directory, as x/mod/zip
 * Unzip does (O_EXCL, mode 0444). A file whose content comes in one chunk
 * (every small one) is written with one synchronous call, open, write and
 * close together: on a fast disk three thread-pool round trips per file cost
 * more than the file system does (the hugo graph's 40,658 files: 5.3 s
 * laid out asynchronously, 8 at a time per tree, against 3.0 s this way, on
 * a RAM disk). Directories are made as they are first needed.
 */
class TreeWriter implements ZipContentSink {
  /** Directories known to exist (the tree's own: makeReadOnly). */
  private readonly dirs = new Set<string>();

  constructor(private readonly root: string) {
    this.dirs.add(root);
  }

  open(name: string): ZipFileWriter {
    return new FileWriter(this, join(this.root, ...name.split("/")));
  }

  ensureDir(d: string): void {
    if (this.dirs.has(d)) return;
    mkdirSync(d, { recursive: true });
    for (let q = d; !this.dirs.has(q); q = dirname(q)) this.dirs.add(q);
  }

  /** go's makeDirsReadOnly: every directory of the tree loses its write bits, children first. */
  async makeReadOnly(): Promise<void> {
    const byDepth = [...this.dirs].sort((a, b) => b.length - a.length);
    for (const d of byDepth) await chmod(d, 0o555);
  }
}

/** One file: one synchronous write when its content comes in one chunk, else through a handle. */
class FileWriter implements ZipFileWriter {
  private first: Buffer | undefined;
  private fh: import("node:fs/promises").FileHandle | undefined;

  constructor(
    private readonly tree: TreeWriter,
    private readonly path: string,
  ) {}

  write(chunk: Buffer): void | Promise<void> {
    if (!this.fh && !this.first) {
      this.first = chunk;
      return;
    }
    return this.more(chunk);
  }

  private async more(chunk: Buffer): Promise<void> {
    if (!this.fh) {
      this.tree.ensureDir(dirname(this.path));
      this.fh = await open(this.path, "wx", 0o444);
      const first = this.first!;
      this.first = undefined;
      await writeAll(this.fh, first);
    }
    await writeAll(this.fh, chunk);
  }

  async end(): Promise<void> {
    if (this.fh) {
      const fh = this.fh;
      this.fh = undefined;
      await fh.close();
      return;
    }
    const data = this.first ?? Buffer.alloc(0);
    this.first = undefined;
    this.tree.ensureDir(dirname(this.path));
    writeFileSync(this.path, data, { flag: "wx", mode: 0o444 });
  }

  async abort(): Promise<void> {
    this.first = undefined;
    await this.fh?.close().catch(() => undefined);
    this.fh = undefined;
  }
}

async function writeAll(fh: import("node:fs/promises").FileHandle, b: Buffer): Promise<void> {
  for (let off = 0; off < b.length; ) off += (await fh.write(b, off, b.length - off)).bytesWritten;
}
