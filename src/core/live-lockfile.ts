// Record mode keeps the lockfile on disk while the job runs, so a later step
// (or `go build && git commit gopin.lock` in one step) can commit it: the
// Action's post step runs after every user step. The answer to a request
// that recorded something waits until the lockfile on disk holds it
// (caughtUp()), so by the time `go` exits the file is complete.
//
// Records of requests answered in the same turn share one write. Writes are
// synchronous temp-file-and-rename (atomic for readers, no fsync), so they
// neither queue behind the store's I/O in the thread pool nor overlap; a
// text equal to what the file already holds is not written. flush() writes
// the final state once more, durably, when the session ends.
import { readFileSync } from "node:fs";
import type { Lockfile } from "../lock/model.js";
import { printLockfile } from "../lock/syntax.js";
import { replaceFileNow, syncLockfile, writeLockfileAtomic } from "../lock/io.js";

export interface LiveLockfileOptions {
  path: string;
  /** The lock as it stands now (the journal merged into the starting lock). */
  current: () => Lockfile;
  /** Told when a write during the job fails (the request goes on; the final write reports its own error). */
  onError?: (e: Error) => void;
}

export class LiveLockfile {
  private scheduled = false;
  private waiters: Array<() => void> = [];
  private closed = false;
  /** What the file holds, as far as this writer knows (undefined: no file). */
  private onDisk: string | undefined;
  /** Whether any write so far changed the file. */
  written = false;

  constructor(private readonly opts: LiveLockfileOptions) {
    try {
      this.onDisk = readFileSync(opts.path, "utf8");
    } catch {
      this.onDisk = undefined;
    }
  }

  /** Something new was recorded: write it, with whatever else is recorded in this turn. */
  changed(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.writeNow());
  }

  /** Resolves once the file on disk holds every change seen so far (or the session ended). */
  caughtUp(): Promise<void> {
    if (!this.scheduled || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops writing as records arrive, writes `final` durably; resolves with whether the file changed during the session. */
  async flush(final: Lockfile): Promise<boolean> {
    this.closed = true;
    try {
      if (await writeLockfileAtomic(this.opts.path, final)) this.written = true;
      // Same bytes as the last write during the job: make those durable.
      else if (this.written) await syncLockfile(this.opts.path);
    } finally {
      this.release();
    }
    return this.written;
  }

  private writeNow(): void {
    this.scheduled = false;
    if (!this.closed) {
      try {
        const text = printLockfile(this.opts.current());
        if (text !== this.onDisk) {
          replaceFileNow(this.opts.path, text);
          this.onDisk = text;
          this.written = true;
        }
      } catch (e) {
        this.opts.onError?.(e as Error);
      }
    }
    this.release();
  }

  private release(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
