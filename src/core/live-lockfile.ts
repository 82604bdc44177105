// Record mode keeps the lockfile on disk while the job runs, so a later step
// (or `go build && git commit gopin.lock` in one step) can commit it: the
// Action's post step runs after every user step. The answer to a request
// that recorded something waits until the lockfile on disk holds it
// (caughtUp()), so by the time `go` exits the file is complete.
//
// One write at a time: records that arrive during a write share the next
// one, so a busy job makes few writes. Writes are asynchronous
// temp-file-and-rename (atomic for readers, no fsync), so the event loop
// serves other requests meanwhile; a text equal to what the file already holds is not
// written. flush() writes the final state once more, durably, when the
// session ends.
import { readFileSync } from "node:fs";
import type { Lockfile } from "../lock/model.js";
import { printLockfile } from "../lock/syntax.js";
import { replaceFileSoon, syncLockfile, writeLockfileAtomic } from "../lock/io.js";

export interface LiveLockfileOptions {
  path: string;
  /** The lock as it stands now (the journal merged into the starting lock). */
  current: () => Lockfile;
  /** Told when a write during the job fails (the request goes on; the final write reports its own error). */
  onError?: (e: Error) => void;
}

export class LiveLockfile {
  /** Changes seen so far, and how many of them the file on disk holds. */
  private changes = 0;
  private saved = 0;
  private writing: Promise<void> | undefined;
  private waiters: Array<{ upTo: number; resolve: () => void }> = [];
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

  /** Something new was recorded: write it, with whatever else is recorded meanwhile. */
  changed(): void {
    if (this.closed) return;
    this.changes++;
    this.writing ??= this.writeWhileChanged();
  }

  /** Resolves once the file on disk holds every change seen so far (or the session ended). */
  caughtUp(): Promise<void> {
    if (this.saved >= this.changes || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo: this.changes, resolve }));
  }

  /** Stops writing as records arrive, writes `final` durably; resolves with whether the file changed during the session. */
  async flush(final: Lockfile): Promise<boolean> {
    this.closed = true;
    try {
      await this.writing;
      if (await writeLockfileAtomic(this.opts.path, final)) this.written = true;
      // Same bytes as the last write during the job: make those durable.
      else if (this.written) await syncLockfile(this.opts.path);
    } finally {
      this.release(Infinity);
    }
    return this.written;
  }

  /**
   * One write at a time, each holding every change seen when it started;
   * changes that arrive during a write share the next one. The writes are
   * asynchronous, so requests that recorded nothing are not held up.
   */
  private async writeWhileChanged(): Promise<void> {
    // Records of requests answered in this turn share the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.closed && this.saved < this.changes) {
      const upTo = this.changes;
      try {
        const text = printLockfile(this.opts.current());
        if (text !== this.onDisk) {
          await replaceFileSoon(this.opts.path, text);
          this.onDisk = text;
          this.written = true;
        }
      } catch (e) {
        this.opts.onError?.(e as Error);
      }
      this.saved = upTo;
      this.release(upTo);
    }
    this.writing = undefined;
  }

  private release(upTo: number): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.upTo <= upTo ? w.resolve() : still.push(w));
    this.waiters = still;
  }
}
