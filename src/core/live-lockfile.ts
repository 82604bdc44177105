// Record mode keeps the lockfile on disk while the job runs, so a step after
// `go build` can commit it (the Action's post step runs after every user
// step). New records schedule a write `delayMs` later (one write for a burst
// of requests); writes never overlap, each is atomic (lock/io.ts), and a lock
// whose bytes did not change is not rewritten. flush() writes the final state
// once more when the session ends.
import type { Lockfile } from "../lock/model.js";
import { writeLockfileAtomic } from "../lock/io.js";

export interface LiveLockfileOptions {
  path: string;
  /** The lock as it stands now (the journal merged into the starting lock). */
  current: () => Lockfile;
  delayMs?: number;
  /** Told when a scheduled write fails (the final write reports its own error). */
  onError?: (e: Error) => void;
}

export class LiveLockfile {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Whether any write so far changed the file. */
  written = false;

  constructor(private readonly opts: LiveLockfileOptions) {}

  /** Something new was recorded: write it soon. */
  changed(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.write()).catch((e: Error) => this.opts.onError?.(e));
    }, this.opts.delayMs ?? 200);
    // A pending write must not keep a finished process alive; flush() writes anyway.
    this.timer.unref();
  }

  /** Stops scheduling, waits for a write under way, writes `final`; resolves with whether the file changed during the session. */
  async flush(final: Lockfile): Promise<boolean> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (await writeLockfileAtomic(this.opts.path, final)) this.written = true;
    return this.written;
  }

  private async write(): Promise<void> {
    if (this.closed) return;
    if (await writeLockfileAtomic(this.opts.path, this.opts.current())) this.written = true;
  }
}
