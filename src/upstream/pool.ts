// A pool of equivalent mirrors behind one Upstream (`--mirrors "URL URL"`):
// it stands in for one entry of the GOPROXY-style chain, so Go's "," and "|"
// rules around it are untouched.
//
//  - choice: the healthy mirror with the best measured time to first byte
//    (EWMA, weighted by its error rate); an unmeasured mirror races the
//    chosen one once, to be measured; in a small share of requests another
//    healthy mirror races the chosen one, so that a recovered one is noticed;
//  - hedging: when the chosen mirror has not answered within its recent p95,
//    the same request goes to the next mirror; the first answer wins and the
//    other is cancelled; a token bucket bounds hedges to a share of requests;
//  - failover: a failed request is retried on the next healthy mirror;
//  - ejection: repeated failures, or bytes that the content check refused
//    (reject()), take a mirror out for a back-off period;
//  - consistency: observeHash() notes each mirror's h1: for .mod and .zip
//    files; two mirrors with different hashes for one file are a finding.
// "Not found" is an answer, not a failure: a 404 is returned as is (go asks
// for many paths that exist nowhere; asking every mirror would multiply that).
import { rename, unlink } from "node:fs/promises";
import { scrub } from "../observe/scrub.js";
import { describeFile } from "../protocol/module-file.js";
import { HttpUpstream, numericFields, type HttpTimeouts, DEFAULT_TIMEOUTS } from "./http.js";
import { DEFAULT_TUNING, MirrorHealth, type Ejection, type PoolTuning } from "./mirror-health.js";
import { NotFoundError, UpstreamFailure, isLocalDiskError, type FetchOptions, type FetchResult, type FetchTarget, type Upstream } from "./types.js";

export type { Ejection, PoolTuning } from "./mirror-health.js";

/** Two or more mirrors answered one immutable file with different h1: hashes. */
export interface MirrorDisagreement {
  module: string;
  version: string;
  kind: "mod" | "zip";
  answers: { mirror: string; hash: string }[];
}

export interface MirrorSummary {
  mirror: string;
  requests: number;
  failures: number;
  /** Requests this mirror got as a hedge. */
  hedges: number;
  /** Requests it answered first. */
  wins: number;
  /** EWMA of the time to first byte, ms (absent: never measured). */
  ttfbMs?: number;
  /** The hedging delay in force (its recent p95). */
  hedgeAfterMs: number;
  ejectedUntil?: string;
}

export interface PoolReport {
  mirrors: MirrorSummary[];
  ejections: Ejection[];
  disagreements: MirrorDisagreement[];
}

/** The mirrors of `--mirrors`: space-separated URLs (bare hosts get https://). */
export function parseMirrors(text: string): string[] {
  const out: string[] = [];
  for (let m of text.split(/\s+/).filter(Boolean)) {
    if (!m.includes("://")) m = "https://" + m;
    let u: URL;
    try {
      u = new URL(m);
    } catch {
      throw new Error(`invalid mirror ${JSON.stringify(scrub(m))}: not a URL`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`invalid mirror ${JSON.stringify(scrub(m))}: only http and https mirrors are supported`);
    if (!out.includes(m)) out.push(m);
  }
  return out;
}

export function tuningFromEnv(env: NodeJS.ProcessEnv = process.env): PoolTuning {
  return { ...DEFAULT_TUNING, ...(numericFields(env.GOPIN_MIRROR_TUNING) as Partial<PoolTuning>) };
}

function compareScores(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

interface Member {
  upstream: Upstream;
  health: MirrorHealth;
  /** Requests under way (an unmeasured mirror is measured by one at a time). */
  inFlight: number;
}

interface Attempt {
  m: Member;
  ctrl: AbortController;
  file: string | undefined;
  started: number;
  ttfb?: number;
  abortOnHeaders: boolean;
  /** A race to measure the mirror (unmeasured, or a probe): when it loses, it is cancelled at its first byte. */
  measure: boolean;
  done: Promise<void>;
}

/** The longest a measuring race runs on after the request was answered. */
const MEASURE_CAP_MS = 10_000;

export interface PoolOptions {
  tuning?: PoolTuning;
  timeouts?: HttpTimeouts;
  /** For tests: the probe dice. */
  random?: () => number;
  /** Each mirror's Upstream (default: HTTP). */
  upstreamFor?: (url: string) => Upstream;
}

export class MirrorPool implements Upstream {
  readonly name: string;
  private readonly members: Member[];
  private readonly tuning: PoolTuning;
  private readonly random: () => number;
  private hedgeTokens: number;
  private readonly ejections: Ejection[] = [];
  /** "module@version.kind" -> mirror -> h1: hash. */
  private readonly hashes = new Map<string, Map<string, string>>();
  private readonly disagreements = new Map<string, MirrorDisagreement>();

  constructor(urls: string[], opts: PoolOptions = {}) {
    if (urls.length === 0) throw new Error("a mirror pool needs at least one mirror");
    this.tuning = opts.tuning ?? tuningFromEnv();
    this.random = opts.random ?? Math.random;
    const make = opts.upstreamFor ?? ((u: string) => new HttpUpstream(u, opts.timeouts ?? DEFAULT_TIMEOUTS));
    this.members = urls.map((u) => {
      const upstream = make(u);
      return { upstream, health: new MirrorHealth(upstream.name, this.tuning), inFlight: 0 };
    });
    this.name = `mirrors(${this.members.map((m) => m.upstream.name).join(" ")})`;
    this.hedgeTokens = this.tuning.hedgeBurst;
  }

  /**
   * Mirrors in the order this request tries them (the first is the primary),
   * the hedging delay, and the unmeasured mirrors that race the primary at
   * once: so every mirror is measured from the first requests on, at the
   * cost of one extra request per mirror.
   */
  private plan(): { order: Member[]; hedgeAfter: number; race: Member[] } {
    const p = this.choose();
    const race = p.order.slice(1).filter((m) => (m.health.ttfb() === undefined && m.inFlight === 0) || m === p.probe);
    return { order: p.order.filter((m) => !race.includes(m)), hedgeAfter: p.hedgeAfter, race };
  }

  private choose(): { order: Member[]; hedgeAfter: number; probe?: Member } {
    const now = Date.now();
    // Stable: mirrors with equal scores (unmeasured ones) keep their declared order.
    let order = this.members.filter((m) => m.health.available(now)).sort((a, b) => compareScores(a.health.score(), b.health.score()));
    // With every mirror ejected, the one back soonest is still better than none.
    if (order.length === 0) order = [...this.members].sort((a, b) => a.health.ejectedUntilMs() - b.health.ejectedUntilMs());
    const best = order[0]!;
    if (order.length > 1 && this.random() * 100 < this.tuning.probePercent) {
      // A probe: another mirror races the best one (and is measured at its
      // first byte when it loses), so a probe costs the request nothing
      // however slow that mirror is. It went first once, hedged by the best
      // one: a share of requests then waited a hedging delay each.
      const probe = order[1 + Math.floor(this.random() * (order.length - 1))]!;
      return { order, hedgeAfter: best.health.hedgeDelay(), probe };
    }
    return { order, hedgeAfter: best.health.hedgeDelay() };
  }

  private takeHedgeToken(): boolean {
    if (this.hedgeTokens < 1) return false;
    this.hedgeTokens--;
    return true;
  }

  fetch(t: FetchTarget, dest: string | undefined, limit: number, opts: FetchOptions = {}): Promise<FetchResult> {
    this.hedgeTokens = Math.min(this.tuning.hedgeBurst, this.hedgeTokens + this.tuning.hedgePercent / 100);
    const { order, hedgeAfter, race } = this.plan();
    const queue = [...order];
    const running = new Set<Attempt>();
    const failures: Error[] = [];
    let attempts = 0;
    let finished = false;
    let hedgeTimer: NodeJS.Timeout | undefined;

    return new Promise<FetchResult>((resolve, reject) => {
      const finish = async (winner: Attempt | undefined, outcome: { result?: FetchResult; error?: Error }) => {
        finished = true;
        clearTimeout(hedgeTimer);
        const losers = [...running].filter((a) => a !== winner);
        // A request to a mirror not yet measured is cancelled at its first
        // byte (a measurement), not at once (which would only give a lower
        // bound); it finishes in the background and removes its own file.
        const measuring = losers.filter((a) => a.ttfb === undefined && (a.measure || a.m.health.ttfb() === undefined));
        const cancelled = losers.filter((a) => !measuring.includes(a));
        for (const a of cancelled) a.ctrl.abort();
        for (const a of measuring) {
          a.abortOnHeaders = true;
          const cap = setTimeout(() => a.ctrl.abort(), MEASURE_CAP_MS).unref();
          void a.done.finally(() => {
            clearTimeout(cap);
            if (a.file !== undefined) void unlink(a.file).catch(() => undefined);
          });
        }
        await Promise.all(cancelled.map((a) => a.done));
        // Only the winner's file (when it wrote one) may remain, under `dest`.
        const keep = winner && outcome.result && !outcome.result.body ? winner.file : undefined;
        const files = new Set([...allFiles].filter((f) => f !== keep && !measuring.some((a) => a.file === f)));
        try {
          if (keep !== undefined && keep !== dest) {
            files.delete(dest!);
            await rename(keep, dest!);
          }
          await Promise.all([...files].map((f) => unlink(f).catch(() => undefined)));
        } catch (e) {
          return reject(e);
        }
        if (outcome.result) resolve(outcome.result);
        else reject(outcome.error);
      };
      const allFiles = new Set<string>();

      const start = (m: Member, asHedge: boolean, measure = false) => {
        const file = dest === undefined ? undefined : attempts === 0 ? dest : `${dest}.${attempts}`;
        attempts++;
        if (file !== undefined) allFiles.add(file);
        m.health.requests++;
        m.inFlight++;
        if (asHedge) m.health.hedges++;
        const a: Attempt = { m, ctrl: new AbortController(), file, started: performance.now(), abortOnHeaders: false, measure, done: Promise.resolve() };
        running.add(a);
        a.done = m.upstream
          .fetch(t, file, limit, {
            ...opts,
            signal: a.ctrl.signal,
            onHeaders: () => {
              a.ttfb ??= performance.now() - a.started;
              if (a.abortOnHeaders) a.ctrl.abort();
              else opts.onHeaders?.();
            },
          })
          .then(
            (r) => settled(a, { ...r, upstream: m.upstream.name }),
            (e: unknown) => settled(a, undefined, e instanceof Error ? e : new Error(String(e))),
          );
      };

      const settled = (a: Attempt, r?: FetchResult, err?: Error) => {
        running.delete(a);
        a.m.inFlight--;
        const elapsed = performance.now() - a.started;
        if (finished) {
          // A cancelled loser: it had not answered in `elapsed` (a lower bound).
          if (a.ttfb !== undefined) a.m.health.answered(a.ttfb);
          else a.m.health.cancelled(elapsed);
          return;
        }
        if (r || err instanceof NotFoundError) {
          a.m.health.answered(a.ttfb ?? elapsed);
          a.m.health.wins++;
          void finish(a, r ? { result: r } : { error: err! });
          return;
        }
        if (isLocalDiskError(err)) {
          void finish(undefined, { error: err! });
          return;
        }
        const ej = a.m.health.failed(Date.now(), err!.message);
        if (ej) this.ejections.push(ej);
        failures.push(err!);
        if (running.size > 0) return; // a hedge is still on its way
        const next = queue.shift();
        if (next) start(next, false);
        else void finish(undefined, { error: this.failure(t, failures) });
      };

      start(queue.shift()!, false);
      for (const m of race) start(m, true, true);
      if (queue.length > 0) {
        hedgeTimer = setTimeout(() => {
          const waiting = [...running].every((a) => a.ttfb === undefined);
          if (finished || !waiting || queue.length === 0 || !this.takeHedgeToken()) return;
          start(queue.shift()!, true);
        }, hedgeAfter);
      }
    });
  }

  private failure(t: FetchTarget, failures: Error[]): UpstreamFailure {
    const last = failures[failures.length - 1]!;
    if (failures.length === 1 && last instanceof UpstreamFailure) return last;
    const status = last instanceof UpstreamFailure ? last.status : undefined;
    return new UpstreamFailure(this.name, `${describeFile(t)}: every mirror failed: ${failures.map((f) => f.message).join("; ")}`, status);
  }

  private member(served: string): Member | undefined {
    return this.members.find((m) => m.upstream.name === served);
  }

  reject(served: string, target: FetchTarget, reason: string): void {
    const m = this.member(served);
    if (!m) return;
    this.ejections.push(m.health.servedBadBytes(Date.now(), `served ${describeFile(target)} that gopin refused: ${reason}`));
  }

  observeHash(served: string, target: FetchTarget, hash: string): void {
    if (!this.member(served) || (target.kind !== "mod" && target.kind !== "zip") || target.version === undefined) return;
    const key = describeFile(target);
    let seen = this.hashes.get(key);
    if (!seen) this.hashes.set(key, (seen = new Map()));
    seen.set(served, hash);
    if (new Set(seen.values()).size > 1) {
      this.disagreements.set(key, { module: target.module, version: target.version, kind: target.kind, answers: [...seen].map(([mirror, h]) => ({ mirror, hash: h })) });
    }
  }

  report(): PoolReport {
    return {
      mirrors: this.members.map(({ upstream, health: h }) => {
        const until = h.ejectedUntilMs();
        const ttfb = h.ttfb();
        return {
          mirror: upstream.name,
          requests: h.requests,
          failures: h.failures,
          hedges: h.hedges,
          wins: h.wins,
          ...(ttfb !== undefined ? { ttfbMs: Math.round(ttfb * 10) / 10 } : {}),
          hedgeAfterMs: Math.round(h.hedgeDelay() * 10) / 10,
          ...(until > Date.now() ? { ejectedUntil: new Date(until).toISOString() } : {}),
        };
      }),
      ejections: [...this.ejections],
      disagreements: [...this.disagreements.values()],
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.upstream.close?.()));
  }
}
