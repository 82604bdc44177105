// Record mode keeps the lockfile on disk while the job runs, so a later step
// (or `go build && git commit gopin.lock` in one step) can commit it: the
// Action's post step runs after every user step. An answer that recorded
// something is sent only once the lockfile on disk holds it (caughtUp()), so
// by the time `go` exits the file is complete.
//
// The write an answer waits on is made there and then, synchronously: the
// text comes from the running lock (only the modules observed since the last
// write are printed again) and two system calls put it in place (temp file
// and rename, atomic for readers, no fsync). An asynchronous write cost each
// answer several event-loop turns and thread-pool round trips queued behind
// zip checks and store writes; this costs the event loop well under a
// millisecond. Answers in the same turn share one write, and a text equal to
// what the file holds is not written. What no answer waits for (a verdict
// journaled after its bytes went out) is written a moment later. flush()
// writes the final state once more, durably, when the session ends.
import { readFileSync } from "node:fs";
import type { Lockfile } from "../lock/model.js";
import { replaceFileNow, syncLockfile, writeLockfileAtomic } from "../lock/io.js";

export interface LiveLockfileOptions {
  path: string;
  /** The lockfile text of the lock as it stands now (the journal merged into the starting lock). */
  text: () => string;
  /** Told when a write during the job fails (the request goes on; the final write reports its own error). */
  onError?: (e: Error) => void;
}

/** How soon a change no answer waits for is written. */
const UNWAITED_WRITE_MS = 10;

export class LiveLockfile {
  /** Changes seen so far, and how many of them the file on disk holds. */
  private changes = 0;
  private saved = 0;
  private closed = false;
  private later: NodeJS.Timeout | undefined;
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

  /** Something new was recorded: written when an answer waits for it, or shortly. */
  changed(): void {
    if (this.closed) return;
    this.changes++;
    this.later ??= setTimeout(() => {
      this.later = undefined;
      this.catchUp();
    }, UNWAITED_WRITE_MS).unref();
  }

  /** Resolves once the file on disk holds every change seen so far (or the session ended). */
  caughtUp(): Promise<void> {
    this.catchUp();
    return Promise.resolve();
  }

  /** Stops writing as records arrive, writes `final` durably; resolves with whether the file changed during the session. */
  async flush(final: Lockfile): Promise<boolean> {
    this.closed = true;
    clearTimeout(this.later);
    if (await writeLockfileAtomic(this.opts.path, final)) this.written = true;
    // Same bytes as the last write during the job: make those durable.
    else if (this.written) await syncLockfile(this.opts.path);
    return this.written;
  }

  /** Writes every change seen so far, unless the file already holds them. */
  private catchUp(): void {
    if (this.closed || this.saved >= this.changes) return;
    const upTo = this.changes;
    try {
      const text = this.opts.text();
      if (text !== this.onDisk) {
        replaceFileNow(this.opts.path, text);
        this.onDisk = text;
        this.written = true;
      }
    } catch (e) {
      this.opts.onError?.(e as Error);
    }
    this.saved = upTo;
  }
}
