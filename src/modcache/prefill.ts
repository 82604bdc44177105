// Prefill: in verify mode the lockfile names every module version the job
// may use with its zip's h1: hash, so the locked zips already in the store
// are extracted into gopin's own module cache before any go command runs,
// laid out exactly as go leaves a download (layout.ts), on worker threads
// (layout-pool.ts).
//
// The .zip, .mod and .info are not written: go still asks gopin for every
// .mod it loads, so gopin sees (and the report and the store pruning count)
// each version the job used, and a version the lock does not hold still
// reaches gopin and its refusal. A zip that fails its checks or differs from
// the lock leaves no tree behind, and go asks gopin for it.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Lockfile } from "../lock/model.js";
import { modulePath } from "../protocol/module-file.js";
import { LayoutPool, layoutThreads } from "./layout-pool.js";
import type { LayOutJob, PrefillSkip, SkipReason } from "./layout.js";
import { humanBytes, humanDuration } from "../report/format.js";
import { mapLimit } from "../util/map-limit.js";

export type { PrefillSkip, SkipReason } from "./layout.js";

export interface PrefillOptions {
  lock: Lockfile;
  /** The store root (a GOPROXY file tree). */
  store: string;
  /** The module cache (GOMODCACHE) to fill: gopin's own. */
  modCache: string;
  /** The job's go runs with -modcacherw: directories stay writable. */
  modCacheRW: boolean;
  /** Worker threads (default: one per core, at most 4; 0 lays out on this thread). */
  threads?: number;
  /** Workers started beforehand (their start-up then overlaps the restore); the caller closes them. */
  pool?: LayoutPool;
}

export interface PrefillResult {
  /** Locked versions with a zip hash (the candidates). */
  locked: number;
  laidOut: number;
  /** Bytes of the zips laid out. */
  zipBytes: number;
  skipped: PrefillSkip[];
  ms: number;
  /** Worker threads used (0: this thread). */
  threads: number;
}

/** Whether a GOFLAGS value turns -modcacherw on (the last mention wins, as go's flag parsing does). */
export function hasModCacheRW(goflags: string | undefined): boolean {
  let on = false;
  for (const f of (goflags ?? "").split(/\s+/)) {
    const m = /^--?modcacherw(?:=(.*))?$/.exec(f);
    if (m) on = m[1] === undefined || ["1", "t", "T", "true", "TRUE", "True"].includes(m[1]);
  }
  return on;
}

/** Lays out the locked versions whose zip is in the store; never throws for one version's problem. */
export async function prefillModuleCache(o: PrefillOptions): Promise<PrefillResult> {
  const t0 = performance.now();
  const skipped: PrefillSkip[] = [];
  const todo: LayOutJob[] = [];
  const candidates: Array<{ module: string; version: string; h1: string; zip: string }> = [];
  for (const [module, m] of o.lock.modules) {
    for (const [version, lv] of m.versions) {
      if (lv.zip === undefined) continue;
      candidates.push({ module, version, h1: lv.zip, zip: join(o.store, ...modulePath({ module, kind: "zip", version }).split("/")) });
    }
  }
  await Promise.all(
    candidates.map(async (c) => {
      try {
        const st = await stat(c.zip);
        if (st.isFile()) return void todo.push({ ...c, size: st.size, modCache: o.modCache, modCacheRW: o.modCacheRW });
      } catch {
        // missing
      }
      skipped.push({ module: c.module, version: c.version, reason: "not in the store" });
    }),
  );
  // Largest first, so one big zip does not finish alone at the end.
  todo.sort((a, b) => b.size - a.size);
  let laidOut = 0;
  let zipBytes = 0;
  const pool = o.pool ?? new LayoutPool(o.threads ?? layoutThreads(todo.length));
  const threads = pool.threads;
  try {
    // Two per thread keep each worker busy between jobs; four at once in-process overlap the reads.
    await mapLimit(todo, pool.threads ? 2 * pool.threads : 4, async (v) => {
      const skip = await pool.run(v);
      if (skip) skipped.push(skip);
      else {
        laidOut++;
        zipBytes += v.size;
      }
    });
  } finally {
    if (!o.pool) await pool.close();
  }
  skipped.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return { locked: candidates.length, laidOut, zipBytes, skipped, ms: Math.round(performance.now() - t0), threads };
}

/** The skip reasons with their counts, most frequent first: "3 not in the store, 1 zip differs from the lockfile". */
export function skipCounts(skipped: readonly PrefillSkip[]): string {
  const n = new Map<SkipReason, number>();
  for (const s of skipped) n.set(s.reason, (n.get(s.reason) ?? 0) + 1);
  return [...n]
    .sort((a, b) => b[1] - a[1])
    .map(([r, c]) => `${c} ${r}`)
    .join(", ");
}

/** One line for the summary and the log: "laid out 12 of 14 locked module versions (3.1 MiB of zips) in 850ms; 2 skipped: ...". */
export function prefillText(r: Pick<PrefillResult, "locked" | "laidOut" | "zipBytes" | "ms"> & { skipped: readonly PrefillSkip[] | string }): string {
  const skipped = typeof r.skipped === "string" ? r.skipped : skipCounts(r.skipped);
  const n = typeof r.skipped === "string" ? r.locked - r.laidOut : r.skipped.length;
  return (
    `laid out ${r.laidOut} of ${r.locked} locked module versions from the store (${humanBytes(r.zipBytes)} of zips) in ${humanDuration(r.ms)}` +
    (n > 0 ? `; ${n} skipped: ${skipped}` : "")
  );
}
