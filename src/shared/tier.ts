// The shared tier: an org-wide store in an S3-compatible bucket, between the
// local store and the upstream chain, for immutable files only (.info, .mod,
// .zip of canonical versions). The bucket is shared, so it is not trusted:
// what it returns goes through exactly the admission and judgement that
// upstream bytes go through, and an object that fails them is refused,
// reported and fetched from the upstream instead (`reject`). Any failure of
// the bucket is a miss plus a warning: the job goes on with its upstreams.
import type { Store } from "../store/store.js";
import type { Logger } from "../observe/log.js";
import { describeFile, modulePath } from "../protocol/module-file.js";
import { isCanonicalVersion } from "../protocol/request.js";
import type { FetchOptions, FetchResult, FetchTarget } from "../upstream/types.js";
import { ObjectTooLarge, SharedObjects } from "./objects.js";
import { WriteBack, type WriteBackCounts, type WriteBackOptions } from "./write-back.js";
import type { SharedStoreConfig } from "./location.js";

/** After this many failed requests in a row, the tier is off for the rest of the job. */
const FAILURES_TO_DISABLE = 3;
/** Bounded wait for uploads at shutdown. */
export const DEFAULT_DRAIN_MS = 30_000;
const MAX_WARNINGS = 50;

export interface SharedTierStats {
  store: string;
  mode: SharedStoreConfig["mode"];
  hits: number;
  misses: number;
  /** Bytes served from the shared tier. */
  bytes: number;
  /** Failed requests to the bucket (each one a miss). */
  errors: number;
  /** Objects refused because they failed admission or verification. */
  refused: { file: string; reason: string }[];
  uploads: WriteBackCounts;
  /** Private modules (module@version) written to the shared store by this job. */
  privateShared: string[];
  warnings: string[];
}

/** What the request path asks of the shared tier (src/proxy/service.ts). */
export interface SharedTierHooks {
  /** Whether the bytes stored at `rel` this job came from the shared tier. */
  servedFromShared(rel: string): boolean;
  /** `rel` from the shared tier failed a check: never use that object again this job. */
  reject(rel: string, reason: string): void;
  /** `rel` must be confirmed with the upstream (record mode): the next fetch skips the shared store (not a refusal). */
  askUpstream(rel: string): void;
  /** A file admitted and judged this job: copy it to the shared store in the background. */
  offer(file: FetchTarget, rel: string, isPrivate: boolean): void;
}

export class SharedTier implements SharedTierHooks {
  readonly name: string;
  private readonly objects: SharedObjects;
  private readonly writeBack: WriteBack | undefined;
  private readonly served = new Set<string>();
  private readonly rejected = new Set<string>();
  /** Files to fetch from the upstream instead (their confirmation before first locking). */
  private readonly bypass = new Set<string>();
  /** Files the bucket holds already (it served them): never offered for upload. */
  private readonly inBucket = new Set<string>();
  private readonly refusedList: SharedTierStats["refused"] = [];
  private readonly warnings: string[] = [];
  private readonly privateShared = new Set<string>();
  private readonly offeredPrivate = new Map<string, string>();
  private hits = 0;
  private misses = 0;
  private bytes = 0;
  private errors = 0;
  private failuresInARow = 0;
  private disabled = false;

  constructor(
    readonly cfg: SharedStoreConfig,
    store: Store,
    private readonly logger: Logger,
    env: NodeJS.ProcessEnv = process.env,
    writeBackOptions?: WriteBackOptions,
  ) {
    this.name = `shared store ${cfg.url}`;
    this.objects = new SharedObjects(cfg, env);
    if (cfg.mode === "read-write") this.writeBack = new WriteBack(this.objects, store, logger, (m) => this.warn(m), writeBackOptions);
  }

  /** The shared store's copy of `t`, or undefined (a miss, a failure, or not a file it holds). */
  async get(t: FetchTarget, dest: string | undefined, limit: number, opts?: FetchOptions): Promise<FetchResult | undefined> {
    if (t.kind === "list" || t.kind === "latest" || !t.version || !isCanonicalVersion(t.version)) return undefined;
    const rel = modulePath(t);
    if (this.disabled || this.rejected.has(rel)) return undefined;
    if (this.bypass.delete(rel)) return undefined;
    const start = performance.now();
    try {
      const r = await this.objects.get(rel, limit, dest, opts?.keepInMemoryUpTo ?? Infinity);
      this.failuresInARow = 0;
      if (!r) {
        this.misses++;
        return undefined;
      }
      this.hits++;
      this.bytes += r.bytes;
      this.served.add(rel);
      return { upstream: this.name, bytes: r.bytes, ms: performance.now() - start, ...("body" in r ? { body: r.body } : {}) };
    } catch (e) {
      this.misses++;
      if (e instanceof ObjectTooLarge) {
        this.reject(rel, e.message);
        return undefined;
      }
      this.errors++;
      const msg = this.objects.scrub((e as Error).message);
      if (++this.failuresInARow >= FAILURES_TO_DISABLE && !this.disabled) {
        this.disabled = true;
        this.warn(`the shared store failed ${FAILURES_TO_DISABLE} times in a row (last: ${describeFile(t)}: ${msg}); the rest of the job uses the upstream only`);
      } else this.warn(`reading ${describeFile(t)} from the shared store failed, using the upstream: ${msg}`);
      return undefined;
    }
  }

  servedFromShared(rel: string): boolean {
    return this.served.has(rel);
  }

  askUpstream(rel: string): void {
    this.served.delete(rel);
    this.bypass.add(rel);
    this.inBucket.add(rel);
  }

  reject(rel: string, reason: string): void {
    if (this.rejected.has(rel)) return;
    this.rejected.add(rel);
    this.served.delete(rel);
    const r = this.objects.scrub(reason);
    this.refusedList.push({ file: this.objects.key(rel), reason: r });
    this.logger.warn("refused an object from the shared store; fetching it from the upstream", { file: this.objects.key(rel), reason: r });
  }

  offer(file: FetchTarget, rel: string, isPrivate: boolean): void {
    // A bucket that stopped answering is not written to either (one warning said so).
    if (!this.writeBack || this.disabled || this.served.has(rel) || this.rejected.has(rel) || this.inBucket.has(rel)) return;
    if (isPrivate) {
      if (!this.cfg.private) return;
      this.offeredPrivate.set(rel, `${file.module}@${file.version}`);
    }
    this.writeBack.offer(rel);
  }

  /** Wait (at most `maxMs`) for uploads, then release the client. */
  async close(maxMs = DEFAULT_DRAIN_MS): Promise<void> {
    await this.writeBack?.drain(maxMs);
    this.objects.close();
  }

  snapshot(): SharedTierStats {
    for (const [rel, mv] of this.offeredPrivate) if (this.writeBack?.wasStored(rel)) this.privateShared.add(mv);
    return {
      store: this.cfg.url,
      mode: this.cfg.mode,
      hits: this.hits,
      misses: this.misses,
      bytes: this.bytes,
      errors: this.errors,
      refused: [...this.refusedList],
      uploads: { ...(this.writeBack?.counts ?? { created: 0, existing: 0, failed: 0, bytes: 0, abandoned: 0 }) },
      privateShared: [...this.privateShared].sort(),
      warnings: [...this.warnings],
    };
  }

  private warn(message: string): void {
    const m = this.objects.scrub(message);
    this.logger.warn(m);
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(m);
    else if (this.warnings.length === MAX_WARNINGS) this.warnings.push("(more shared-store warnings in the log)");
  }
}
