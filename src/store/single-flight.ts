// Concurrent callers asking for the same key share one in-flight promise, so
// eight cold clients cause one upstream fetch per file.
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  do(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  has(key: string): boolean {
    return this.inflight.has(key);
  }

  /** How many keys are in flight now. */
  get size(): number {
    return this.inflight.size;
  }

  /** Resolves when nothing is in flight (used for graceful shutdown). */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) {
      await Promise.allSettled([...this.inflight.values()]);
    }
  }
}
