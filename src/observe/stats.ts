// Counters served at /_gopin/stats and read by the Action's post step.
import type { SharedTierStats } from "../shared/tier.js";

export interface StatsSnapshot {
  startedAt: string;
  uptimeMs: number;
  requests: number;
  hits: number;
  misses: number;
  stale: number;
  refused: number;
  errors: number;
  bytesFromStore: number;
  bytesFromUpstream: number;
  upstreamFetches: number;
  upstreamErrors: number;
  /** Store entries removed because they failed their checks (each fetched again). */
  storeEvictions: number;
  upstreamLatencyMs: { count: number; total: number; max: number; p50: number; p99: number };
  /** The shared tier's counters, when there is one. */
  shared?: SharedTierStats;
}

export class Stats {
  private readonly started = Date.now();
  requests = 0;
  hits = 0;
  misses = 0;
  stale = 0;
  refused = 0;
  errors = 0;
  bytesFromStore = 0;
  bytesFromUpstream = 0;
  upstreamFetches = 0;
  upstreamErrors = 0;
  storeEvictions = 0;
  // A bounded reservoir is enough for percentiles over one CI job.
  private latencies: number[] = [];
  private latencyTotal = 0;
  private latencyMax = 0;
  private latencyCount = 0;
  /** Set when a shared tier runs: its counters join every snapshot. */
  sharedTier?: { snapshot(): SharedTierStats };

  recordUpstream(ms: number, ok: boolean): void {
    this.upstreamFetches++;
    if (!ok) this.upstreamErrors++;
    this.latencyCount++;
    this.latencyTotal += ms;
    this.latencyMax = Math.max(this.latencyMax, ms);
    if (this.latencies.length < 10000) this.latencies.push(ms);
    else this.latencies[Math.floor(Math.random() * this.latencies.length)] = ms;
  }

  snapshot(): StatsSnapshot {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0);
    return {
      startedAt: new Date(this.started).toISOString(),
      uptimeMs: Date.now() - this.started,
      requests: this.requests,
      hits: this.hits,
      misses: this.misses,
      stale: this.stale,
      refused: this.refused,
      errors: this.errors,
      bytesFromStore: this.bytesFromStore,
      bytesFromUpstream: this.bytesFromUpstream,
      upstreamFetches: this.upstreamFetches,
      upstreamErrors: this.upstreamErrors,
      storeEvictions: this.storeEvictions,
      upstreamLatencyMs: {
        count: this.latencyCount,
        total: Math.round(this.latencyTotal),
        max: Math.round(this.latencyMax),
        p50: Math.round(pct(0.5)),
        p99: Math.round(pct(0.99)),
      },
      ...(this.sharedTier ? { shared: this.sharedTier.snapshot() } : {}),
    };
  }
}
