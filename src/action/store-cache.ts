// The module store in the Actions cache: keys, restore, prune and save.
//
// Keys: gopin-v1-<os>-<lock>-<content>
//   <lock>    sha256 of the lockfile bytes (16 hex), or "nolock";
//   <content> sha256 of the sorted list of immutable store files (16 hex),
//             so jobs that end with the same store agree on one key, and a
//             matrix of jobs racing to save it is harmless.
// Restore: primary key gopin-v1-<os>-<lock>, restore keys
//   gopin-v1-<os>-<lock>- (a store saved for this very lockfile: "cache hit")
//   and gopin-v1-<os>- (any earlier store: a partial hit that still serves
//   whatever is unchanged).
// Save (post): only when the job passed, the save-cache policy allows it, and
//   the store gained entries (or the lockfile changed), after pruning the
//   store to what the job used or the lockfile holds.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import * as core from "@actions/core";
import { modulePath, type ModuleFile } from "../protocol/module-file.js";
import type { Lockfile } from "../lock/model.js";
import type { DriftReport } from "../report/model.js";
import { removeStaleTemps, TMP_DIR } from "../store/temp-files.js";
import { restoreStreaming } from "./cache-stream.js";
import { humanBytes } from "../report/format.js";

export const KEY_VERSION = "v1";

export function keyPrefix(env: NodeJS.ProcessEnv): string {
  const os = (env.RUNNER_OS || process.platform).toLowerCase().replace(/[^a-z0-9]+/g, "");
  return `gopin-${KEY_VERSION}-${os}-`;
}

export function lockfileHash(lockfile: string): string {
  if (!existsSync(lockfile)) return "nolock";
  return createHash("sha256").update(readFileSync(lockfile)).digest("hex").slice(0, 16);
}

export interface RestorePlan {
  primaryKey: string;
  restoreKeys: string[];
}

export function restorePlan(env: NodeJS.ProcessEnv, lockHash: string): RestorePlan {
  const prefix = keyPrefix(env);
  return { primaryKey: `${prefix}${lockHash}`, restoreKeys: [`${prefix}${lockHash}-`, prefix] };
}

export interface RestoreResult {
  /** The key restored, if any. */
  matchedKey?: string;
  /** A store saved for the same lockfile was restored. */
  hit: boolean;
  ms: number;
  /** Why nothing was restored, when the cache could not be asked. */
  note?: string;
}

/**
 * Restores the store: streamed where the cache service allows it
 * (cache-stream.ts; `onFile` hears of each file as it lands), otherwise with
 * @actions/cache. Never throws for the cache's sake: a failure is a miss.
 */
export async function restoreStore(cachePath: string, plan: RestorePlan, onFile?: (file: string) => void): Promise<RestoreResult> {
  const t0 = performance.now();
  const r = await restoreEntry(cachePath, plan, "the store", { unpack: "parser", ...(onFile ? { onFile } : {}) });
  if (r.note !== undefined) return { hit: false, ms: r.failed ? Math.round(performance.now() - t0) : 0, note: r.note };
  if (!r.matchedKey) return { hit: false, ms: Math.round(performance.now() - t0) };
  const links = await removeSymlinks(cachePath);
  if (links.length) core.warning(`gopin: the restored store held ${links.length} symbolic link(s), removed (the store never follows links): ${links.slice(0, 5).join(", ")}${links.length > 5 ? ", …" : ""}`);
  return { matchedKey: r.matchedKey, hit: r.matchedKey.startsWith(plan.restoreKeys[0]!), ms: Math.round(performance.now() - t0) };
}

/**
 * Restores one cache entry (`cachePath`, saved with @actions/cache): streamed
 * where the cache service allows it, otherwise (or when streaming fails) with
 * @actions/cache itself. Never throws: `note` says why nothing was restored
 * when the cache could not be asked (`failed` when it failed, rather than
 * being unavailable).
 */
export async function restoreEntry(
  cachePath: string,
  plan: RestorePlan,
  what: string,
  stream: { unpack: "parser" | "tar"; onFile?: (file: string) => void },
): Promise<{ matchedKey?: string; note?: string; failed?: boolean }> {
  const streamed = await restoreStreaming({ paths: [cachePath], primaryKey: plan.primaryKey, restoreKeys: plan.restoreKeys, root: cachePath, ...stream });
  if (streamed.kind === "miss") return {};
  if (streamed.kind === "restored") {
    const counted = stream.unpack === "parser" ? `${streamed.files} files (${humanBytes(streamed.bytes)})` : humanBytes(streamed.bytes);
    core.info(`gopin: cache hit for ${streamed.matchedKey}: ${counted} unpacked as they downloaded`);
    if (streamed.skipped.length) core.warning(`gopin: the cache entry ${streamed.matchedKey} held ${streamed.skipped.length} entries gopin does not restore (links, or paths outside ${what}): ${streamed.skipped.slice(0, 5).join(", ")}${streamed.skipped.length > 5 ? ", …" : ""}`);
    return { matchedKey: streamed.matchedKey };
  }
  // Loaded only now: the cache client (with the Azure SDK) is most of the
  // bundle, and loading it costs main's thread 0.2 s of CPU, the thread that
  // streams the store and lays its zips out.
  const cache = await import("@actions/cache");
  if (!cache.isFeatureAvailable()) return { note: "the Actions cache service is not available to this job" };
  core.debug(`gopin: restoring ${what} with @actions/cache: ${streamed.reason}`);
  if (streamed.wrote) core.info(`gopin: ${streamed.reason}; restoring ${what} again with @actions/cache`);
  try {
    const matchedKey = await cache.restoreCache([cachePath], plan.primaryKey, plan.restoreKeys);
    return matchedKey ? { matchedKey } : {};
  } catch (e) {
    // restoreCache only throws for invalid keys or paths; still never fail the job over the cache.
    core.warning(`gopin: cache restore of ${what} failed, the job starts without it: ${(e as Error).message}`);
    return { note: (e as Error).message, failed: true };
  }
}

/** Removes every symbolic link under `root` (never following one); returns their store-relative paths. */
export async function removeSymlinks(root: string): Promise<string[]> {
  const removed: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isSymbolicLink()) {
        await rm(abs, { force: true });
        removed.push(relative(root, abs).split(sep).join("/"));
      } else if (e.isDirectory()) await walk(abs);
    }
  }
  await walk(root);
  return removed.sort();
}

/** Store-relative paths (with "/") of every regular file, skipping gopin's temp directory. */
export async function listStore(root: string): Promise<Array<{ rel: string; mtimeMs: number; size: number }>> {
  const out: Array<{ rel: string; mtimeMs: number; size: number }> = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (dir === root && e.name === TMP_DIR) continue;
        await walk(abs);
      } else if (e.isFile()) {
        const st = await stat(abs);
        out.push({ rel: relative(root, abs).split(sep).join("/"), mtimeMs: st.mtimeMs, size: st.size });
      }
    }
  }
  await walk(root);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

const IMMUTABLE = /\/@v\/[^/]+\.(info|mod|zip)$/;
const MODULE_FILE = /(\/@v\/[^/]+\.(info|mod|zip)|\/@v\/list|\/@latest)$/;

export function isImmutableEntry(rel: string): boolean {
  return IMMUTABLE.test(rel);
}

/** Store files the job used or the lockfile holds (store-relative paths). */
export function referencedFiles(report: DriftReport | undefined, lock: Lockfile | undefined): Set<string> {
  const keep = new Set<string>();
  const keepFile = (f: ModuleFile) => {
    try {
      keep.add(modulePath(f));
    } catch {
      // not a storable path/version: nothing in the store to keep
    }
  };
  const version = (module: string, version: string, zip: boolean) => {
    for (const kind of zip ? (["info", "mod", "zip"] as const) : (["info", "mod"] as const)) keepFile({ module, kind, version });
  };
  const listOf = (module: string) => keepFile({ module, kind: "list" });
  const latestOf = (module: string) => keepFile({ module, kind: "latest" });
  for (const s of report?.sources ?? []) {
    if (s.target === "@v/list") listOf(s.module);
    else if (s.target === "@latest") latestOf(s.module);
    // A zip is kept when a lock pins it (below), not because its version was
    // seen: read-ahead may have fetched zips that no client asked for.
    else version(s.module, s.target, lock === undefined);
  }
  for (const [mod, m] of lock?.modules ?? []) {
    for (const [v, lv] of m.versions) version(mod, v, lv.zip !== undefined);
    if (m.list) listOf(mod);
    if (m.latest) {
      latestOf(mod);
      version(mod, m.latest.version, m.versions.get(m.latest.version)?.zip !== undefined);
    }
  }
  return keep;
}

/** Removes module files nothing references. Files outside the module layout (e.g. checksum-database data) are left alone. */
export async function pruneStore(root: string, keep: Set<string>): Promise<{ removed: number; kept: number }> {
  let removed = 0;
  let kept = 0;
  for (const f of await listStore(root)) {
    if (!MODULE_FILE.test("/" + f.rel)) continue;
    if (keep.has(f.rel)) {
      kept++;
      continue;
    }
    await rm(join(root, f.rel), { force: true });
    removed++;
  }
  // Another gopin may share this store: only dead writers' temp files go.
  await removeStaleTemps(join(root, TMP_DIR));
  return { removed, kept };
}

export function contentHash(files: ReadonlyArray<{ rel: string }>): string {
  const h = createHash("sha256");
  for (const f of files) if (isImmutableEntry("/" + f.rel)) h.update(f.rel + "\n");
  return h.digest("hex").slice(0, 16);
}

export interface SaveResult {
  saved: boolean;
  key?: string;
  bytes?: number;
  ms: number;
  /** Why it was not saved, or what went wrong. */
  note: string;
}

/** saveCache, turning every failure into a warning. */
export async function saveStore(cachePath: string, key: string, what = "the store"): Promise<SaveResult> {
  const t0 = performance.now();
  try {
    const cache = await import("@actions/cache");
    const id = await cache.saveCache([cachePath], key);
    const ms = Math.round(performance.now() - t0);
    if (id === -1) {
      const note = `${what} was not saved as ${key} (another job may have saved the same key first, the cache service may be unavailable, or this token may not write caches; see the message above)`;
      core.warning(`gopin: ${note}`);
      return { saved: false, key, ms, note };
    }
    return { saved: true, key, ms, note: `saved as ${key}` };
  } catch (e) {
    const note = `${what} was not saved as ${key}: ${(e as Error).message}`;
    core.warning(`gopin: ${note}`);
    return { saved: false, key, ms: Math.round(performance.now() - t0), note };
  }
}

/** Whether the save-cache policy allows saving on this ref. */
export function saveAllowed(policy: "always" | "default-branch" | "never", env: NodeJS.ProcessEnv): { ok: boolean; why?: string } {
  if (policy === "never") return { ok: false, why: "save-cache is never" };
  if (policy === "always") return { ok: true };
  const def = defaultBranch(env);
  if (!def) return { ok: false, why: "save-cache is default-branch, and the default branch is unknown (no event payload)" };
  if (env.GITHUB_REF === `refs/heads/${def}`) return { ok: true };
  return { ok: false, why: `save-cache is default-branch and this job runs on ${env.GITHUB_REF || "an unknown ref"}, not refs/heads/${def}` };
}

function defaultBranch(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GOPIN_DEFAULT_BRANCH) return env.GOPIN_DEFAULT_BRANCH;
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const ev = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as { repository?: { default_branch?: string } };
    return ev.repository?.default_branch;
  } catch {
    return undefined;
  }
}
