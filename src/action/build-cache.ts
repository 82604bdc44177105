// The Go build cache (GOCACHE) in the Actions cache, beside the module store.
//
// Keys: gopin-gocache-v1-<os>-<arch>-<goversion>-<lock>-<content>
//   <goversion> `go env GOVERSION` (GOTOOLCHAIN=local), since no entry of one
//               release is any use to another;
//   <lock>      the lockfile hash, as for the store (same dependencies, most
//               of the same compiled packages);
//   <content>   sha256 of the sorted names saved (16 hex).
// Restore keys: ...-<goversion>-<lock>- then ...-<goversion>-: the build cache
// is content-addressed, so an entry saved for other sources or another
// lockfile still serves every package that did not change.
//
// Saving only what the job used. Go marks use by mtime: cmd/go/internal/cache
// `used` sets an entry file's mtime to now when it is read and its mtime is
// more than an hour old (mtimeInterval), and a new entry is written with the
// current time. So the files of a saved entry are dated two hours before the
// save (the post step does it just before saving): after a restore, the
// files younger than one hour before that restore are exactly those the job
// used or added, and the rest are deleted before the next save. Dating at
// save time costs the restore nothing; an entry without gopin's listing
// (ENTRY_LIST, saved with it) is dated file by file after its restore instead.
// The restore also writes trim.txt with the current time: go's `Trim` (at
// most daily, after any go command) deletes entries unused for 5 days, and
// an entry saved days ago has files dated that far back.
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import { restoreEntry, saveAllowed, saveStore, type SaveResult } from "./store-cache.js";
import { mapLimit } from "../util/map-limit.js";
import type { SaveCachePolicy } from "./config.js";

export const BUILD_KEY_VERSION = "v1";
/** How far in the past restored files are dated: more than Go's one-hour mtimeInterval, far less than its 5-day trimLimit. */
export const RESTORED_AGE_MS = 2 * 3600_000;
/**
 * A job that added less than this leaves the entry as it is. Every go
 * command writes a small new index entry (cmd/go's module index of the main
 * module, ~1 KB), so "gained entries" alone would upload the whole cache
 * again after every job; rebuilding a few small entries costs less.
 */
export const MIN_ADDED_BYTES = 64 << 10;
/** Files the go command keeps at the cache's top level: saved whatever their time. */
const KEEP_ALWAYS = new Set(["README", "trim.txt", "testexpire.txt"]);
/** gopin's listing of the files saved in an entry (one name per line), saved with it: what the next job restored. */
export const ENTRY_LIST = "gopin-entry-files.txt";

/** What main hands to post about the build cache. */
export interface BuildCacheState {
  /** The GOCACHE directory (exported) and the path given to the Actions cache. */
  dir: string;
  cachePath: string;
  /** Key prefix up to the Go version, and the lockfile part. */
  prefix: string;
  lockHash: string;
  matchedKey?: string;
  /** Restored files are dated this instant or earlier (ms since the epoch): two hours before the restore. */
  restoredMtimeMs: number;
  /** File listing the names restored (one per line), to count what the job added. */
  restoredList: string;
  /** Files dated one by one after the restore (an entry saved without ENTRY_LIST); 0 when the entry came dated. */
  redated?: number;
  ms: number;
  note?: string;
}

export function buildKeyPrefix(env: NodeJS.ProcessEnv, goVersion: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, "");
  const os = clean(env.RUNNER_OS || process.platform);
  const arch = clean(env.RUNNER_ARCH || process.arch);
  return `gopin-gocache-${BUILD_KEY_VERSION}-${os}-${arch}-${clean(goVersion)}-`;
}

export function buildRestorePlan(prefix: string, lockHash: string): { primaryKey: string; restoreKeys: string[] } {
  return { primaryKey: `${prefix}${lockHash}`, restoreKeys: [`${prefix}${lockHash}-`, prefix] };
}

/** `go env GOVERSION` of this toolchain, without switching toolchains (run outside any module). */
export function goVersionOf(goPath: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(goPath, ["env", "GOVERSION"], { cwd, env: { ...env, GOTOOLCHAIN: "local", GOFLAGS: "" }, timeout: 60_000 }, (err, stdout, stderr) => {
      const v = stdout.trim();
      if (err || !v) reject(new Error(`\`${goPath} env GOVERSION\` failed: ${(stderr || err?.message || "no output").trim()}`));
      else resolve(v);
    });
  });
}

/**
 * Regular files under `root` (relative, with "/"); symbolic links are
 * removed, never followed. Synchronous: a build cache holds thousands of
 * small files, and a thread-pool round trip per directory and per file cost
 * the post step 60-75 ms for fzf's 2,555 where this takes a fraction.
 */
function listFiles(root: string): Array<{ rel: string; abs: string; mtimeMs: number; size: number }> {
  const out: Array<{ rel: string; abs: string; mtimeMs: number; size: number }> = [];
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) rmSync(abs, { force: true });
      else if (e.isDirectory()) walk(abs, r);
      else if (e.isFile()) {
        const st = lstatSync(abs, { throwIfNoEntry: false });
        if (st?.isFile()) out.push({ rel: r, abs, mtimeMs: st.mtimeMs, size: st.size });
      }
    }
  };
  walk(root, "");
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export interface RestoreBuildCacheOptions {
  dir: string;
  cachePath: string;
  goPath: string;
  lockHash: string;
  env: NodeJS.ProcessEnv;
  /** Where `go env` runs: a directory outside the workspace's module. */
  scratch: string;
}

/** Restores GOCACHE into `dir`, its files dated RESTORED_AGE_MS or more in the past. Never throws: a failure leaves an empty cache. */
export async function restoreBuildCache(o: RestoreBuildCacheOptions): Promise<BuildCacheState> {
  const t0 = performance.now();
  mkdirSync(o.dir, { recursive: true });
  // A listing left by an earlier job on this machine must not pass for the restored entry's.
  const restoredList = join(o.dir, ENTRY_LIST);
  rmSync(restoredList, { force: true });
  // Whole seconds: some file systems keep no finer mtimes.
  const restoredMtimeMs = Math.floor((Date.now() - RESTORED_AGE_MS) / 1000) * 1000;
  const base = { dir: o.dir, cachePath: o.cachePath, lockHash: o.lockHash, restoredList, restoredMtimeMs };
  let prefix = "";
  try {
    prefix = buildKeyPrefix(o.env, await goVersionOf(o.goPath, o.scratch, o.env));
    // Streamed into the toolkit's `tar` (cache-stream.ts): its thousands of
    // small files go faster through a process of its own on another core
    // than through this thread, which the store's stream and the prefill need.
    const r = await restoreEntry(o.cachePath, buildRestorePlan(prefix, o.lockHash), "the build cache", { unpack: "tar" });
    const matchedKey = r.matchedKey;
    if (r.note !== undefined) return { ...base, prefix, ms: r.failed ? Math.round(performance.now() - t0) : 0, note: r.note };
    if (!matchedKey) return { ...base, prefix, ms: Math.round(performance.now() - t0) };
    // Go trims nothing during this job (entries saved days ago are dated that far back).
    writeFileSync(join(o.dir, "trim.txt"), `${Math.floor(Date.now() / 1000)}\n`);
    let redated = 0;
    if (!existsSync(restoredList)) {
      // An entry saved undated: date each file now.
      const files = listFiles(o.dir).filter((f) => f.rel !== "trim.txt");
      const when = new Date(base.restoredMtimeMs);
      await Promise.all(files.map((f) => utimes(f.abs, when, when)));
      writeFileSync(restoredList, files.map((f) => f.rel + "\n").join(""));
      redated = files.length;
    }
    return { ...base, prefix, matchedKey, redated, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    core.warning(`gopin: build cache not restored, the job starts with an empty GOCACHE: ${(e as Error).message}`);
    return { ...base, prefix, ms: Math.round(performance.now() - t0), note: (e as Error).message };
  }
}

export interface BuildCacheSave {
  save?: SaveResult;
  skipped?: string;
  /** Files the job used or added (saved), added, and unused (deleted). */
  kept: number;
  added: number;
  addedBytes: number;
  dropped: number;
}

/**
 * Post: keeps only the files the job used or added, and saves them when it
 * added any (at least minAddedBytes of them, when an entry was restored).
 * Same rules as the store: never with violations, and only as the save-cache
 * policy allows. Deletes the unused files from GOCACHE (the job's steps are
 * over).
 */
export async function saveBuildCache(st: BuildCacheState, violations: number, policy: SaveCachePolicy, env: NodeJS.ProcessEnv, minAddedBytes = MIN_ADDED_BYTES): Promise<BuildCacheSave> {
  const out: BuildCacheSave = { kept: 0, added: 0, addedBytes: 0, dropped: 0 };
  if (!st.prefix) return { ...out, skipped: `the Go version is unknown${st.note ? ` (${st.note})` : ""}` };
  if (violations > 0) return { ...out, skipped: "the job has violations, so its build cache is not saved" };
  const allowed = saveAllowed(policy, env);
  if (!allowed.ok) return { ...out, skipped: allowed.why };
  const restored = new Set(existsSync(st.restoredList) ? readFileSync(st.restoredList, "utf8").split("\n").filter(Boolean) : []);
  const usedSince = st.restoredMtimeMs + RESTORED_AGE_MS / 2;
  const kept: Array<{ rel: string; abs: string }> = [];
  for (const f of listFiles(st.dir)) {
    if (f.rel === ENTRY_LIST) continue;
    if (f.mtimeMs >= usedSince || KEEP_ALWAYS.has(f.rel)) {
      kept.push(f);
      if (!restored.has(f.rel)) {
        out.added++;
        out.addedBytes += f.size;
      }
    } else {
      rmSync(f.abs, { force: true });
      out.dropped++;
    }
  }
  out.kept = kept.length;
  if (out.added === 0) return { ...out, skipped: "the build cache gained no entries" };
  if (st.matchedKey && out.addedBytes < minAddedBytes) {
    return { ...out, skipped: `the build cache gained only ${out.added} entries (${out.addedBytes} bytes), not worth saving it again` };
  }
  const names = kept.map((f) => f.rel);
  const key = `${st.prefix}${st.lockHash}-${createHash("sha256").update(names.join("\n")).digest("hex").slice(0, 16)}`;
  core.info(`gopin: saving the build cache (${out.kept} files used or added, ${out.added} new, ${out.dropped} unused dropped) as ${key}`);
  // Dated now, so that the job that restores the entry need not (see the top of this file).
  const when = new Date(Math.floor((Date.now() - RESTORED_AGE_MS) / 1000) * 1000);
  await mapLimit(kept, 64, (f) => utimes(f.abs, when, when));
  writeFileSync(join(st.dir, ENTRY_LIST), names.map((n) => n + "\n").join(""));
  return { ...out, save: await saveStore(st.cachePath, key, "the build cache") };
}
