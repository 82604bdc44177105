// Read-ahead: `go mod download` and `go get` ask for a version's .info, then
// wait for it before asking for its .mod, then its .zip. Each is a separate
// round trip to the upstream, so a cold fetch costs three upstream latencies
// per module. When a canonical .info is asked for, gopin starts fetching the
// .mod and .zip at once, so the later requests find them ready or in flight.
//
// Read-ahead only fills the store: every client request still goes through
// the policy before anything is served, and a version the policy refuses up
// front (verify mode: not locked) is never read ahead.
//
// Bounded, so a command that asks for .info without wanting zips
// (`go list -m -json all`) wastes little: at most MAX_UNCLAIMED fetches are
// waiting to be claimed at any time, and an unclaimed one is forgotten after
// CLAIM_WINDOW_MS (its file stays in the store; the Action prunes unused
// files before saving the cache).
//
// .mod and .zip read-aheads have a window each: `go mod download` asks for
// every .info and .mod first, then the zips, so unclaimed zips fill their
// window early, and a shared one left each later .mod a full round trip
// (180 modules at 10 ms: two seconds).
//
// `go mod download` asks for every .info first, then the zips in the same
// order. A read-ahead that could not start because the window was full waits
// in a queue, and each claim (the proof that go does want the zips it asked
// .info for) starts the next one: gopin fetches and checks zips just ahead of
// go, and a command that wants no zips never claims, so never drains it.

export const MAX_UNCLAIMED = 16;
export const CLAIM_WINDOW_MS = 60_000;
/** Read-aheads waiting for room; older ones are dropped beyond this. */
export const MAX_QUEUED = 4096;

interface Pending<T> {
  result: Promise<T>;
  timer: NodeJS.Timeout;
}

export class ReadAhead<T> {
  private readonly pending = new Map<string, Pending<T>>();
  /** Counters for /_gopin/stats: started, claimed by a client, expired unclaimed. */
  readonly counts = { started: 0, claimed: 0, expired: 0 };

  constructor(private readonly enabled: boolean) {}

  private readonly queued = new Map<string, () => void>();

  /** Unclaimed read-aheads by window (the key's extension). */
  private readonly unclaimed = new Map<string, number>();

  /** Whether a new read-ahead for `key` may start now. */
  mayStart(key: string): boolean {
    return this.enabled && !this.pending.has(key) && this.room(key);
  }

  private room(key: string): boolean {
    return (this.unclaimed.get(windowOf(key)) ?? 0) < MAX_UNCLAIMED;
  }

  private count(key: string, by: number): void {
    const w = windowOf(key);
    this.unclaimed.set(w, (this.unclaimed.get(w) ?? 0) + by);
  }

  /** Forgets an unclaimed read-ahead; whether it was there. */
  private forget(key: string): Pending<T> | undefined {
    const p = this.pending.get(key);
    if (!p) return undefined;
    this.pending.delete(key);
    this.count(key, -1);
    return p;
  }

  /** A read-ahead for `key` that may not start now: `start` runs when a claim makes room (it decides again then). */
  enqueue(key: string, start: () => void): void {
    if (!this.enabled || this.pending.has(key) || this.queued.has(key)) return;
    if (this.queued.size >= MAX_QUEUED) this.queued.delete(this.queued.keys().next().value!);
    this.queued.set(key, start);
  }

  /** Starts queued read-aheads while there is room. */
  private refill(): void {
    for (const [key, start] of this.queued) {
      if (!this.room(key)) continue;
      this.queued.delete(key);
      start();
    }
  }

  /** Track a started fetch until a client claims it or the window passes. */
  track(key: string, result: Promise<T>): void {
    result.catch(() => undefined); // failures surface when (if) a client claims it
    const timer = setTimeout(() => {
      if (this.forget(key)) {
        this.counts.expired++;
        this.refill();
      }
    }, CLAIM_WINDOW_MS);
    timer.unref();
    this.pending.set(key, { result, timer });
    this.count(key, 1);
    this.counts.started++;
  }

  /** The read-ahead fetch for `key`, if one was started and not yet claimed. */
  claim(key: string): Promise<T> | undefined {
    this.queued.delete(key);
    const p = this.forget(key);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.counts.claimed++;
    this.refill();
    return p.result;
  }

  /** Settles when every unclaimed fetch has (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((p) => p.result));
  }
}

/** The window a read-ahead counts against: its file's extension (.mod, .zip). */
function windowOf(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}
