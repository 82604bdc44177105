// Record mode keeps the lockfile on disk while the job runs, so a step after
// `go build` can commit it (the Action's post step runs after every user
// step). The answer to a request that recorded something waits until the
// lockfile on disk holds it (caughtUp()), so by the time `go` exits the file
// is complete. Writes are coalesced: records that arrive while a write is
// under way go out together in the next one; writes never overlap, each is
// atomic (lock/io.ts), and a lock whose bytes did not change is not
// rewritten. flush() writes the final state once more, durably, at the end.
import type { Lockfile } from "../lock/model.js";
import { syncLockfile, writeLockfileAtomic } from "../lock/io.js";

export interface LiveLockfileOptions {
  path: string;
  /** The lock as it stands now (the journal merged into the starting lock). */
  current: () => Lockfile;
  /** Told when a write during the job fails (the request goes on; the final write reports its own error). */
  onError?: (e: Error) => void;
}

export class LiveLockfile {
  /** Changes seen, and the count the last finished write covered. */
  private changes = 0;
  private covered = 0;
  private running: Promise<void> | undefined;
  private waiters: Array<{ upTo: number; resolve: () => void }> = [];
  private closed = false;
  /** Whether any write so far changed the file. */
  written = false;

  constructor(private readonly opts: LiveLockfileOptions) {}

  /** Something new was recorded: write it (with whatever else arrives meanwhile). */
  changed(): void {
    if (this.closed) return;
    this.changes++;
    this.running ??= this.writeLoop();
  }

  /** Resolves once the file on disk holds every change seen so far (or the session ended). */
  caughtUp(): Promise<void> {
    if (this.covered >= this.changes || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo: this.changes, resolve }));
  }

  /** Stops writing as records arrive, waits for a write under way, writes `final` durably; resolves with whether the file changed during the session. */
  async flush(final: Lockfile): Promise<boolean> {
    this.closed = true;
    await this.running;
    if (await writeLockfileAtomic(this.opts.path, final)) this.written = true;
    // Same bytes as the last write during the job: make those durable.
    else if (this.written) await syncLockfile(this.opts.path);
    this.release(Infinity);
    return this.written;
  }

  private async writeLoop(): Promise<void> {
    // Let the records of requests answered in the same turn join this write.
    await new Promise((r) => setImmediate(r));
    while (!this.closed && this.covered < this.changes) {
      const upTo = this.changes;
      try {
        // Not fsynced: a crash mid-job loses nothing the final, durable write would not rewrite.
        if (await writeLockfileAtomic(this.opts.path, this.opts.current(), { durable: false })) this.written = true;
      } catch (e) {
        this.opts.onError?.(e as Error);
      }
      this.covered = upTo;
      this.release(upTo);
    }
    this.running = undefined;
  }

  private release(upTo: number): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.upTo <= upTo ? w.resolve() : still.push(w));
    this.waiters = still;
  }
}
