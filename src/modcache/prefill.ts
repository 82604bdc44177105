// Prefill: in verify mode the lockfile names every module version the job
// may use with its zip's h1: hash, so the locked zips already in the store
// are extracted into gopin's own module cache before any go command runs,
// laid out exactly as go leaves a download (layout.ts), on worker threads
// (layout-pool.ts).
//
// Each version gets its tree, its .ziphash, its zip (`go mod download` wants
// the file) and, where the lock pins its time, its .info: the very answer
// verify mode gives from the lockfile (go build asks for the .info of every
// module that provides a package). The .mod is not written: go still asks
// gopin for every .mod it loads, so gopin sees (and the report and the store
// pruning count) each version the job used, and a version the lock does not
// hold still reaches gopin and its refusal. A zip that fails its checks or
// differs from the lock leaves nothing behind, and go asks gopin for it.
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { lockedInfo, type Lockfile } from "../lock/model.js";
import { modulePath } from "../protocol/module-file.js";
import { LayoutPool, layoutThreads } from "./layout-pool.js";
import type { LayOutJob, PrefillSkip, SkipReason } from "./layout.js";
import { humanBytes, humanDuration } from "../report/format.js";

export type { PrefillSkip, SkipReason } from "./layout.js";

export interface PrefillOptions {
  lock: Lockfile;
  /** The store root (a GOPROXY file tree). */
  store: string;
  /** The module cache (GOMODCACHE) to fill: gopin's own. */
  modCache: string;
  /** The job's go runs with -modcacherw: directories stay writable. */
  modCacheRW: boolean;
  /** Worker threads (default: one per core, at most 4; 0 lays out on this thread). Started at once, so their start-up overlaps a restore. */
  threads?: number;
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
export function prefillModuleCache(o: PrefillOptions): Promise<PrefillResult> {
  return new ModuleCachePrefill(o).finish();
}

interface Candidate {
  module: string;
  version: string;
  h1: string;
  zip: string;
  /** The .info verify mode answers from the lock, when it pins the version's time. */
  info?: string;
}

/**
 * The prefill of one module cache. A zip can be offered as soon as it lands
 * in the store (a streamed restore, store-cache.ts) and is laid out at once;
 * finish() lays out every locked zip of the store not offered yet, largest
 * first, and resolves with the outcome once all are done.
 */
export class ModuleCachePrefill {
  private readonly byZip = new Map<string, Candidate>();
  private readonly started = new Set<Candidate>();
  private readonly queue: LayOutJob[] = [];
  private readonly pool: LayoutPool;
  private readonly limit: number;
  private readonly skipped: PrefillSkip[] = [];
  private active = 0;
  private laidOut = 0;
  private zipBytes = 0;
  private t0: number | undefined;
  private whenIdle: (() => void) | undefined;

  /** `ready`: the module cache may be written once it resolves (main empties it first). */
  constructor(
    private readonly o: PrefillOptions,
    private readonly ready: Promise<unknown> = Promise.resolve(),
  ) {
    for (const [module, m] of o.lock.modules) {
      for (const [version, lv] of m.versions) {
        if (lv.zip === undefined) continue;
        const zip = resolve(o.store, ...modulePath({ module, kind: "zip", version }).split("/"));
        this.byZip.set(zip, { module, version, h1: lv.zip, zip, ...(lv.time !== undefined ? { info: lockedInfo(version, lv).toString("utf8") } : {}) });
      }
    }
    this.pool = new LayoutPool(o.threads ?? layoutThreads(this.byZip.size));
    // Two per thread keep each worker busy between jobs; four at once in-process overlap the reads.
    this.limit = this.pool.threads ? 2 * this.pool.threads : 4;
  }

  /** A file landed in the store: a locked zip is laid out now. */
  offer(file: string): void {
    const c = this.byZip.get(resolve(file));
    if (!c || this.started.has(c)) return;
    let size;
    try {
      const st = statSync(c.zip);
      if (!st.isFile()) return;
      size = st.size;
    } catch {
      return; // finish() looks again
    }
    this.started.add(c);
    this.enqueue({ ...c, size });
  }

  /** The store is complete: lays out the locked zips not offered yet and resolves once every one is done. */
  async finish(): Promise<PrefillResult> {
    const rest: Array<Candidate & { size: number }> = [];
    await Promise.all(
      [...this.byZip.values()]
        .filter((c) => !this.started.has(c))
        .map(async (c) => {
          this.started.add(c);
          try {
            const st = await stat(c.zip);
            if (st.isFile()) return void rest.push({ ...c, size: st.size });
          } catch {
            // missing
          }
          this.skipped.push({ module: c.module, version: c.version, reason: "not in the store" });
        }),
    );
    // Largest first, so one big zip does not finish alone at the end.
    for (const j of rest.sort((a, b) => b.size - a.size)) this.enqueue(j);
    if (this.active > 0 || this.queue.length > 0) await new Promise<void>((r) => (this.whenIdle = r));
    const threads = this.pool.threads;
    await this.pool.close();
    const skipped = this.skipped.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
    return { locked: this.byZip.size, laidOut: this.laidOut, zipBytes: this.zipBytes, skipped, ms: Math.round(this.t0 === undefined ? 0 : performance.now() - this.t0), threads };
  }

  private enqueue(j: Candidate & { size: number }): void {
    this.queue.push({ ...j, modCache: this.o.modCache, modCacheRW: this.o.modCacheRW });
    this.pump();
  }

  private pump(): void {
    while (this.active < this.limit && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.active++;
      this.t0 ??= performance.now();
      void this.ready
        .then(() => this.pool.run(job))
        .then(
          (skip) => {
            if (skip) this.skipped.push(skip);
            else {
              this.laidOut++;
              this.zipBytes += job.size;
            }
          },
          (e: Error) => void this.skipped.push({ module: job.module, version: job.version, reason: "cannot write", detail: e.message }),
        )
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) this.whenIdle?.();
        });
    }
  }
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
