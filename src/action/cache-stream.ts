// Restoring an Actions cache entry while it downloads. `@actions/cache`
// downloads the whole archive to a file, then runs `tar`, then returns: the
// prefill could start only once the last byte of the store had arrived and
// been extracted. Here the archive is unpacked as it streams in (the blob's
// bytes through `zstd -d` into a tar parser), each file is written as its
// entry ends, and the caller hears of each complete file at once, so the
// prefill lays out the first zips while the rest are still on the wire.
//
// Only the cache service v2 (what GitHub-hosted runners use) and zstd
// archives (what `@actions/cache` writes wherever zstd is installed) take
// this path; it makes the toolkit's own request (GetCacheEntryDownloadURL,
// with the version computed as cacheUtils.getCacheVersion does: the paths,
// "zstd-without-long", salt "1.0", joined by "|", SHA-256). Anything else,
// and any failure before the first byte is written, answers `fallback`, and
// the caller restores with `@actions/cache`. A failure after that leaves
// complete files only (each is renamed into place), and the caller restores
// again with `@actions/cache`, which rewrites them.
//
// Two ways to unpack. `parser` (the store): entries are written only below
// `root`: a path that leaves it, a link, a device or anything but a regular
// file or directory is skipped (the store never follows links). Files keep
// the archive's mtime and their permission bits, at most 0o755. `tar` (the
// build cache, Linux only): the stream goes into the toolkit's own command,
// `tar -xf - -P -C <workspace> --use-compress-program unzstd`, a process on
// another core: for thousands of small files it is faster than this thread,
// and it trusts the entry exactly as `@actions/cache` would (Go trusts its
// build cache as it finds it anyway).
import { createHash } from "node:crypto";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, futimesSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { registerSecret, scrub } from "../observe/scrub.js";

export interface StreamRestoreOptions {
  /** The paths given to @actions/cache when the entry was saved (they make its version). */
  paths: string[];
  primaryKey: string;
  restoreKeys: string[];
  /** Files are written only below this directory. */
  root: string;
  /** Told of each regular file once it is complete in place (absolute path); `parser` only. */
  onFile?: (file: string) => void;
  /** How the archive is unpacked (see the top of this file); `parser` unless said. */
  unpack?: "parser" | "tar";
  env?: NodeJS.ProcessEnv;
}

export type StreamRestoreResult =
  | { kind: "miss" }
  /** `files` and `skipped` are counted by the parser only; `bytes` are the archive's (tar) or the files' (parser). */
  | { kind: "restored"; matchedKey: string; files: number; bytes: number; skipped: string[] }
  /** Not restored here: restore with @actions/cache (`wrote` says whether files were written before it failed). */
  | { kind: "fallback"; reason: string; wrote: boolean };
// (Every reason is scrubbed: it may quote an error about the signed download URL.)

const SERVICE = "github.actions.results.api.v1.CacheService";

/** @actions/cache's cache version for zstd archives (cacheUtils.getCacheVersion, not on Windows). */
export function zstdCacheVersion(paths: readonly string[]): string {
  return createHash("sha256")
    .update([...paths, "zstd-without-long", "1.0"].join("|"))
    .digest("hex");
}

function isGhes(env: NodeJS.ProcessEnv): boolean {
  let host: string;
  try {
    host = new URL(env.GITHUB_SERVER_URL || "https://github.com").hostname.toUpperCase();
  } catch {
    return true;
  }
  return !(host === "GITHUB.COM" || host.endsWith(".GHE.COM") || host.endsWith(".LOCALHOST"));
}

let zstdChecked: Promise<boolean> | undefined;

/** Whether zstd runs here: asked once per process, without blocking the thread (main restores two entries side by side). */
function hasZstd(): Promise<boolean> {
  zstdChecked ??= new Promise((done) => {
    execFile("zstd", ["--quiet", "--version"], { encoding: "utf8", timeout: 10_000 }, (err, stdout) => done(!err && stdout.trim() !== ""));
  });
  return zstdChecked;
}

export async function restoreStreaming(o: StreamRestoreOptions): Promise<StreamRestoreResult> {
  const env = o.env ?? process.env;
  const fallback = (reason: string, wrote = false): StreamRestoreResult => ({ kind: "fallback", reason: scrub(reason), wrote });
  // As the toolkit decides (internal/config.js): GHES has only v1; a cache-mode that denies reads is the toolkit's to report.
  if (!env.ACTIONS_CACHE_SERVICE_V2 || isGhes(env)) return fallback("not the cache service v2");
  const mode = (env.ACTIONS_CACHE_MODE ?? "").trim().toLowerCase();
  if (["none", "write-only"].includes(mode)) return fallback(`cache-mode ${mode}`);
  if (process.platform === "win32") return fallback("Windows");
  if (o.unpack === "tar" && process.platform !== "linux") return fallback(`unpacking through tar on ${process.platform}`);
  const base = env.ACTIONS_RESULTS_URL;
  const token = env.ACTIONS_RUNTIME_TOKEN;
  if (!base || !token) return fallback("no cache service URL or token");
  if (!(await hasZstd())) return fallback("no zstd");
  // Never to be echoed: the job's token, and the download URL's signature.
  registerSecret(token);
  const { request } = await import("undici");

  let url: string;
  let matchedKey: string;
  try {
    const r = await request(new URL(`/twirp/${SERVICE}/GetCacheEntryDownloadURL`, base), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ key: o.primaryKey, restore_keys: o.restoreKeys, version: zstdCacheVersion(o.paths) }),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await r.body.text();
    if (r.statusCode !== 200) return fallback(`the cache service answered ${r.statusCode}`);
    const body = JSON.parse(text) as { ok?: boolean; signed_download_url?: string; matched_key?: string };
    if (!body.ok) return { kind: "miss" };
    if (!body.signed_download_url || !body.matched_key) return fallback("the cache service's answer has no download URL");
    url = body.signed_download_url;
    matchedKey = body.matched_key;
    registerSecret(url);
    registerSecret(new URL(url).searchParams.get("sig") ?? "");
  } catch (e) {
    return fallback(`cache lookup failed: ${(e as Error).message}`);
  }

  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const writer = new ArchiveWriter(workspace, resolve(o.root), o.onFile);
  let child: ChildProcess | undefined;
  let sent = 0;
  try {
    const res = await request(url, { method: "GET", headersTimeout: 60_000, bodyTimeout: 60_000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return fallback(`the blob store answered ${res.statusCode}`);
    }
    if (o.unpack === "tar") {
      child = spawn("tar", ["-xf", "-", "-P", "-C", workspace, "--use-compress-program", "unzstd"], { stdio: ["pipe", "ignore", "pipe"] });
      // Counted as it goes into the pipe (attached in the same tick: nothing flows before both listen).
      res.body.on("data", (b: Buffer) => (sent += b.length));
      await Promise.all([pipeline(res.body, child.stdin!), exitedOk(child, "tar -x")]);
      return { kind: "restored", matchedKey, files: 0, bytes: sent, skipped: [] };
    }
    const { extract } = await import("tar-stream");
    const ex = extract();
    ex.on("entry", (header, stream, next) => writer.entry(header, stream).then(() => next(), next));
    child = spawn("zstd", ["-d", "-c", "--quiet"], { stdio: ["pipe", "pipe", "pipe"] });
    await Promise.all([pipeline(res.body, child.stdin!), pipeline(child.stdout!, ex), exitedOk(child, "zstd -d")]);
    return { kind: "restored", matchedKey, files: writer.files, bytes: writer.bytes, skipped: writer.skipped };
  } catch (e) {
    child?.kill();
    writer.abort();
    return fallback(`streaming the cache entry failed: ${(e as Error).message}`, o.unpack === "tar" ? sent > 0 : writer.files > 0);
  }
}

/** Resolves when `child` exits with 0; otherwise fails with what it printed on stderr. */
function exitedOk(child: ChildProcess, what: string): Promise<void> {
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  return new Promise<void>((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => (code === 0 ? done() : fail(new Error(`${what} exited with ${code}: ${err.trim()}`))));
  });
}

interface TarHeader {
  name: string;
  type?: string | null;
  mode?: number | null;
  mtime?: Date | null;
  size?: number | null;
}

/** Writes the archive's files below `root`, each to a temporary name first, then renamed into place. */
class ArchiveWriter {
  files = 0;
  bytes = 0;
  readonly skipped: string[] = [];
  private readonly dirs = new Set<string>();
  private open: OpenFile | undefined;

  constructor(
    private readonly workspace: string,
    private readonly root: string,
    private readonly onFile: ((file: string) => void) | undefined,
  ) {}

  async entry(h: TarHeader, body: NodeJS.ReadableStream): Promise<void> {
    const target = resolve(this.workspace, h.name);
    const rel = relative(this.root, target);
    const inside = rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
    if (!inside || (h.type !== "file" && h.type !== "directory") || (h.type === "file" && rel === "")) {
      if (!(inside && rel === "" && h.type === "directory")) this.skipped.push(`${h.name} (${inside ? h.type : "outside " + this.root})`);
      await drain(body);
      return;
    }
    if (h.type === "directory") {
      this.ensureDir(target);
      await drain(body);
      return;
    }
    this.ensureDir(dirname(target));
    const tmp = join(dirname(target), `.gopin-restore-${process.pid}-${this.files}`);
    // The archive's permission bits (at most 0o755), less the umask, as tar does for a user.
    const file: OpenFile = { fd: openSync(tmp, "w", (h.mode ?? 0o644) & 0o755), tmp, closed: false };
    this.open = file;
    let complete = false;
    try {
      // Plain listeners and synchronous writes: most entries are small, and a
      // stream pipeline per entry cost more than the file system does.
      await new Promise<void>((done, fail) => {
        body.on("data", (chunk: Buffer) => {
          if (file.closed) return; // failed or aborted: the descriptor may already name another file
          try {
            for (let off = 0; off < chunk.length; ) off += writeSync(file.fd, chunk, off, chunk.length - off);
            this.bytes += chunk.length;
          } catch (e) {
            fail(e as Error);
          }
        });
        body.once("end", done);
        body.once("error", fail);
      });
      const when = h.mtime ?? new Date();
      futimesSync(file.fd, when, when);
      complete = true;
    } finally {
      closeFile(file, !complete);
      this.open = undefined;
    }
    renameSync(tmp, target);
    this.files++;
    this.onFile?.(target);
  }

  /** Makes `d` (below root) and its parents, refusing to go through anything that is not a directory (a link, say). */
  private ensureDir(d: string): void {
    if (this.dirs.has(d)) return;
    if (d !== this.root && d.startsWith(this.root + sep)) this.ensureDir(dirname(d));
    let st;
    try {
      st = lstatSync(d);
    } catch {
      mkdirSync(d, { recursive: d === this.root });
      this.dirs.add(d);
      return;
    }
    if (!st.isDirectory()) throw new Error(`${d} is in the way and is not a directory (the restore never follows links)`);
    this.dirs.add(d);
  }

  /** Removes the temporary file of an entry cut short. */
  abort(): void {
    if (this.open) closeFile(this.open, true);
    this.open = undefined;
  }
}

interface OpenFile {
  fd: number;
  tmp: string;
  closed: boolean;
}

/** Closes an entry's file once, and removes it when `remove` (the entry did not complete). */
function closeFile(f: OpenFile, remove: boolean): void {
  if (!f.closed) {
    f.closed = true;
    closeSync(f.fd);
  }
  if (remove) rmSync(f.tmp, { force: true });
}

async function drain(s: NodeJS.ReadableStream): Promise<void> {
  s.resume();
  await new Promise<void>((r, j) => {
    s.once("end", () => r());
    s.once("error", j);
  });
}
