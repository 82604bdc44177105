// Write-back: admitted immutable files are copied to the shared store in the
// background, never on the path of a `go` request. Uploads are create-only
// (a racing job's object, or one already there, is never replaced), run a few
// at a time with retries, and fail as warnings, never as the job's failure.
import { createReadStream } from "node:fs";
import type { Store } from "../store/store.js";
import type { Logger } from "../observe/log.js";
import type { SharedObjects } from "./objects.js";

export interface WriteBackCounts {
  /** Objects this job created. */
  created: number;
  /** Objects already there (another job was first). */
  existing: number;
  failed: number;
  /** Bytes of the objects this job created. */
  bytes: number;
  /** Still queued or uploading when the job ended (bounded drain). */
  abandoned: number;
}

export interface WriteBackOptions {
  concurrency?: number;
  /** Attempts per file (the first included). */
  attempts?: number;
  /** Pause before the second attempt; doubled for each later one. */
  backoffMs?: number;
}

/** Files held in memory for an upload; larger ones are streamed from the store. */
const IN_MEMORY_MAX = 4 << 20;

export class WriteBack {
  readonly counts: WriteBackCounts = { created: 0, existing: 0, failed: 0, bytes: 0, abandoned: 0 };
  private readonly queue: string[] = [];
  private readonly seen = new Set<string>();
  private readonly stored = new Set<string>();
  private readonly idle = new Set<() => void>();
  private active = 0;
  private closed = false;
  private readonly concurrency: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly objects: SharedObjects,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly warn: (message: string) => void,
    opts: WriteBackOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 4;
    this.attempts = opts.attempts ?? 3;
    this.backoffMs = opts.backoffMs ?? 250;
  }

  /** Queue `rel` (once per job); returns at once. */
  offer(rel: string): void {
    if (this.closed || this.seen.has(rel)) return;
    this.seen.add(rel);
    this.queue.push(rel);
    this.pump();
  }

  /** Whether `rel` is in the shared store now (created by this job, or already there). */
  wasStored(rel: string): boolean {
    return this.stored.has(rel);
  }

  get pending(): number {
    return this.queue.length + this.active;
  }

  /** Wait for queued uploads, at most `maxMs`; what is left is counted as abandoned. */
  async drain(maxMs: number): Promise<void> {
    if (this.pending > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idle.add(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs))),
      ]);
      clearTimeout(timer);
    }
    this.closed = true;
    if (this.pending > 0) {
      this.counts.abandoned = this.pending;
      this.warn(`${this.pending} upload(s) to the shared store were still under way after ${Math.round(maxMs / 1000)}s and were abandoned at shutdown`);
      this.queue.length = 0;
    }
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0 && !this.closed) {
      const rel = this.queue.shift()!;
      this.active++;
      void this.upload(rel).finally(() => {
        this.active--;
        this.pump();
        if (this.pending === 0) for (const f of this.idle) f();
      });
    }
  }

  private async upload(rel: string): Promise<void> {
    let last: Error | undefined;
    for (let attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 2)));
      try {
        const stored = await this.storedFile(rel);
        const body = stored.bytes ?? (() => createReadStream(this.store.abs(rel)));
        const r = await this.objects.putIfAbsent(rel, body, stored.size);
        if (r === "created") {
          this.counts.created++;
          this.counts.bytes += stored.size;
        } else this.counts.existing++;
        this.stored.add(rel);
        this.logger.info("shared store upload", { file: rel, result: r });
        return;
      } catch (e) {
        last = e instanceof Error ? e : new Error(String(e));
      }
    }
    this.counts.failed++;
    this.warn(`could not upload ${rel} to the shared store: ${this.objects.scrub(last?.message ?? "shut down")}`);
  }

  /** The admitted file in the local store (its background write may still be landing). */
  private async storedFile(rel: string): Promise<{ bytes?: Buffer; size: number }> {
    const f = (await this.store.readImmutable(rel, IN_MEMORY_MAX)) ?? (await this.store.drain(), await this.store.readImmutable(rel, IN_MEMORY_MAX));
    if (!f) throw new Error(`${rel} is no longer in the local store`);
    return f;
  }
}
