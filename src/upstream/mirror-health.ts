// What a mirror pool knows about one mirror: its measured time to first byte
// (an EWMA for choosing, recent samples for the hedging delay), its error
// rate, and whether it is ejected (and until when).

/** The pool's knobs; GOPIN_MIRROR_TUNING="ejectMs=200,probePercent=0" overrides fields. */
export interface PoolTuning {
  /** Share of requests (in percent) sent to another healthy mirror than the best, to notice a recovery. */
  probePercent: number;
  /** Hedging delay while a mirror has fewer than MIN_SAMPLES measurements. */
  hedgeDefaultMs: number;
  /** Floor of the hedging delay (below it, timer noise would hedge everything). */
  hedgeMinMs: number;
  /** Long-run hedges per 100 requests, so a slow pool never doubles the load... */
  hedgePercent: number;
  /** ...with this many allowed in a burst. */
  hedgeBurst: number;
  /** Consecutive failures that eject a mirror. */
  failuresToEject: number;
  /** First back-off of an ejection; each ejection after a failed recovery doubles it. */
  ejectMs: number;
  ejectMaxMs: number;
  /** Back-off for a mirror whose bytes failed the content check (at least). */
  badBytesEjectMs: number;
}

export const DEFAULT_TUNING: Readonly<PoolTuning> = Object.freeze({
  probePercent: 5,
  hedgeDefaultMs: 500,
  hedgeMinMs: 5,
  hedgePercent: 10,
  hedgeBurst: 10,
  failuresToEject: 3,
  ejectMs: 30_000,
  ejectMaxMs: 10 * 60_000,
  badBytesEjectMs: 10 * 60_000,
});

const EWMA_ALPHA = 0.3;
const ERROR_ALPHA = 0.2;
const SAMPLE_WINDOW = 64;
/** Measurements before a mirror's own p95 is trusted as its hedging delay. */
export const MIN_SAMPLES = 5;

export interface Ejection {
  mirror: string;
  /** RFC 3339. */
  at: string;
  forMs: number;
  reason: string;
}

export class MirrorHealth {
  private ttfbEwma: number | undefined;
  private errorEwma = 0;
  private samples: number[] = [];
  private consecutiveFailures = 0;
  private ejectedUntil = 0;
  /** Ejections since the mirror last answered well (drives the back-off). */
  private strikes = 0;
  private probation = false;
  requests = 0;
  failures = 0;
  hedges = 0;
  wins = 0;

  constructor(readonly mirror: string, private readonly tuning: PoolTuning) {}

  available(now: number): boolean {
    if (this.ejectedUntil === 0) return true;
    if (now < this.ejectedUntil) return false;
    // The back-off is over: back in the pool on probation (one failure
    // ejects again), competing on its last known latency.
    this.ejectedUntil = 0;
    this.probation = true;
    this.consecutiveFailures = 0;
    this.errorEwma = 0;
    return true;
  }

  ejectedUntilMs(): number {
    return this.ejectedUntil;
  }

  /**
   * Lower is better. An unmeasured mirror comes after every measured one
   * (unmeasured ones keep their declared order); the pool measures it by
   * racing it against the chosen mirror once.
   */
  score(): number {
    if (this.ttfbEwma === undefined) return Infinity;
    return this.ttfbEwma * (1 + 4 * this.errorEwma);
  }

  /** How long to wait for this mirror's first byte before hedging: its recent p95. */
  hedgeDelay(): number {
    if (this.samples.length < MIN_SAMPLES) return this.tuning.hedgeDefaultMs;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return Math.max(this.tuning.hedgeMinMs, sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!);
  }

  ttfb(): number | undefined {
    return this.ttfbEwma;
  }

  /** An answer (a body, or "not found") whose first byte came after `ms`. */
  answered(ms: number): void {
    this.sample(ms);
    this.errorEwma *= 1 - ERROR_ALPHA;
    this.consecutiveFailures = 0;
    this.probation = false;
    this.strikes = 0;
  }

  /** Cancelled before its first byte, after `ms`: it would have taken at least that long (so this only raises the estimate). */
  cancelled(ms: number): void {
    if (this.ttfbEwma !== undefined && ms > this.ttfbEwma) this.sample(ms);
  }

  /** A failed request; returns the ejection when this failure ejects the mirror. */
  failed(now: number, reason: string): Ejection | undefined {
    this.failures++;
    this.errorEwma = this.errorEwma * (1 - ERROR_ALPHA) + ERROR_ALPHA;
    this.consecutiveFailures++;
    if (this.probation) return this.eject(now, `failed again after its back-off: ${reason}`, 0);
    if (this.consecutiveFailures >= this.tuning.failuresToEject) {
      return this.eject(now, `${this.consecutiveFailures} failures in a row, the last: ${reason}`, 0);
    }
    return undefined;
  }

  /** Its bytes failed admission, the lock or the checksum database. */
  servedBadBytes(now: number, reason: string): Ejection {
    return this.eject(now, reason, this.tuning.badBytesEjectMs);
  }

  private eject(now: number, reason: string, atLeastMs: number): Ejection {
    const forMs = Math.max(atLeastMs, Math.min(this.tuning.ejectMaxMs, this.tuning.ejectMs * 2 ** this.strikes));
    this.strikes++;
    this.ejectedUntil = now + forMs;
    this.probation = false;
    return { mirror: this.mirror, at: new Date(now).toISOString(), forMs, reason };
  }

  private sample(ms: number): void {
    this.ttfbEwma = this.ttfbEwma === undefined ? ms : this.ttfbEwma * (1 - EWMA_ALPHA) + ms * EWMA_ALPHA;
    this.samples.push(ms);
    if (this.samples.length > SAMPLE_WINDOW) this.samples.shift();
  }
}
