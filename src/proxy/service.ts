// The heart of gopin: answer one module protocol request from the store, or
// fetch it through the upstream chain, check it, and admit it to the store.
//
//   request -> (private? direct-only chain : configured chain)
//           -> immutable file in store?  hit
//           -> single-flight fetch -> admission checks -> store -> miss
//   list/@latest always go upstream (their answers change), falling back to
//   the last stored answer when every upstream fails ("stale").
//   A canonical .info also starts reading its .mod and .zip ahead (read-ahead.ts).
import { promises as fsp } from "node:fs";
import { matchPrefixPatterns } from "../gomod/patterns.js";
import type { ModuleRequest } from "../protocol/request.js";
import { Store } from "../store/store.js";
import { SingleFlight } from "../store/single-flight.js";
import { UpstreamChain } from "../upstream/chain.js";
import { NotFoundError, UpstreamFailure, isLocalDiskError } from "../upstream/types.js";
import type { Stats } from "../observe/stats.js";
import type { Logger } from "../observe/log.js";
import { admit, AdmissionError } from "./admit.js";
import type { PolicyEngine, ContentFetcher, AfterResult } from "../policy/engine.js";
import type { ProxyEvent } from "../report/model.js";
import { limitFor } from "./limits.js";
import { ReadAhead } from "./read-ahead.js";

export type CacheOutcome = "hit" | "miss" | "stale" | "lockfile" | "none";

export interface ProxyAnswer {
  status: number;
  contentType: string;
  cache: CacheOutcome;
  /** Body bytes (for stored files: preloaded when small). */
  body?: Buffer;
  /** The store file behind the answer; streamed when there is no body. */
  file?: { rel: string; size: number };
  upstream?: string;
  /** A refusal that is a violation (fails the job), with what was expected and what came. */
  violation?: { reason: string; expected?: string; actual?: string; version?: string };
}

export interface ProxyServiceOptions {
  store: Store;
  chain: UpstreamChain;
  /** Chain used for private modules: `direct` only. */
  privateChain: UpstreamChain;
  /** GONOPROXY/GOPRIVATE-style comma-separated prefix globs. */
  privatePatterns: string;
  stats: Stats;
  logger: Logger;
  /** Lockfile and time-window policy; absent: a plain caching proxy. */
  policy?: PolicyEngine;
  /** Fetch a version's .mod and .zip when its .info is asked for (default on). */
  readAhead?: boolean;
}

const CONTENT_TYPES: Record<ModuleRequest["kind"], string> = {
  info: "application/json",
  latest: "application/json",
  mod: "text/plain; charset=utf-8",
  list: "text/plain; charset=utf-8",
  zip: "application/zip",
};

/** Zips up to this size are checked and served from memory after download. */
const SMALL_ZIP = 4 << 20;

interface Flight {
  upstream: string;
  bytes: number;
  body?: Buffer;
}

export function refusal(status: number, reason: string): ProxyAnswer {
  return { status, contentType: "text/plain; charset=utf-8", cache: "none", body: Buffer.from(reason.replace(/\s*\n\s*/g, " ").trim() + "\n") };
}

export class ProxyService {
  private readonly flights = new SingleFlight<Flight>();
  private readonly zipHashes = new Map<string, string>();
  readonly readAhead: ReadAhead<Flight>;

  constructor(private readonly o: ProxyServiceOptions) {
    this.readAhead = new ReadAhead<Flight>(o.readAhead ?? true);
  }

  isPrivate(module: string): boolean {
    return this.o.privatePatterns !== "" && matchPrefixPatterns(this.o.privatePatterns, module);
  }

  /** Work still under way: upstream fetches (read-ahead included) and store writes. */
  inFlight(): { fetches: number; storeWrites: number } {
    return { fetches: this.flights.size, storeWrites: this.o.store.pendingWrites };
  }

  /** Waits for in-flight fetches to finish writing (graceful shutdown). */
  async drain(): Promise<void> {
    await this.readAhead.drain();
    await this.flights.drain();
    await this.o.store.drain();
  }

  /** Lets the policy read other files (the .info behind a .zip, a go.mod) through the store. */
  private readonly fetcher: ContentFetcher = {
    info: async (module, version) => {
      const a = await this.serve({ kind: "info", module, version, canonical: true }, true);
      const b = await this.bodyOf(a);
      return b ? JSON.parse(b.toString("utf8")) : undefined;
    },
    mod: async (module, version) => this.bodyOf(await this.serve({ kind: "mod", module, version, canonical: true }, true)),
  };

  private async bodyOf(a: ProxyAnswer): Promise<Buffer | undefined> {
    if (a.status !== 200) return undefined;
    return a.body ?? (a.file ? this.o.store.read(a.file.rel) : undefined);
  }

  /** Serve one client request: policy before, store or upstream, policy after. */
  async handle(req: ModuleRequest): Promise<ProxyAnswer> {
    this.startReadAhead(req);
    const answer = await this.decide(req);
    this.recordEvent(req, answer);
    return answer;
  }

  /** After a canonical .info, go asks for the .mod and then the .zip: start both now. */
  private startReadAhead(req: ModuleRequest): void {
    if (req.kind !== "info" || !req.canonical || this.isPrivate(req.module)) return;
    for (const kind of ["mod", "zip"] as const) {
      const next: ModuleRequest = { ...req, kind };
      const rel = this.o.store.relPath(req.module, kind, req.version);
      // Never fetch what the policy would refuse before any upstream traffic.
      if (!this.readAhead.mayStart(rel) || this.o.store.has(rel) || this.o.policy?.before(next)) continue;
      this.readAhead.track(rel, this.flights.do(rel, () => this.fetchAndAdmit(next, rel, true)));
    }
  }

  private async decide(req: ModuleRequest): Promise<ProxyAnswer> {
    const policy = this.o.policy;
    if (!policy) return this.serve(req);
    const pre = policy.before(req);
    if (pre && "answer" in pre) {
      this.o.stats.hits++;
      return { status: 200, contentType: pre.contentType, cache: "lockfile", body: pre.answer };
    }
    if (pre) return { ...refusal(pre.status, pre.reason), violation: pre };
    const a = await this.serve(req);
    if (a.status !== 200) return a;
    const content = {
      ...(a.file ? { file: this.o.store.abs(a.file.rel) } : {}),
      ...(a.body ? { body: a.body } : {}),
      ...(a.file && req.kind === "zip" && this.zipHashes.has(a.file.rel) ? { zipHash: this.zipHashes.get(a.file.rel) } : {}),
    };
    const r: AfterResult = await policy.after(req, content, this.fetcher).catch((e: Error) => ({
      ok: false as const,
      refusal: { status: 502, reason: `gopin could not check ${req.module}${req.version ? "@" + req.version : ""}: ${e.message}` },
    }));
    if (!r.ok) {
      // Content that fails verification must not be served again from the store.
      if (a.file && r.refusal.expected !== undefined && (req.kind === "zip" || req.kind === "mod" || req.kind === "info")) {
        await this.o.store.remove(a.file.rel);
      }
      return { ...refusal(r.refusal.status, r.refusal.reason), violation: r.refusal };
    }
    if (r.body) return { ...a, file: undefined, body: r.body };
    return a;
  }

  private recordEvent(req: ModuleRequest, a: ProxyAnswer): void {
    const policy = this.o.policy;
    if (!policy) return;
    const e: ProxyEvent = { module: req.module, kind: req.kind, source: "store" };
    if (req.version) e.version = req.version;
    if (a.violation) {
      e.source = "refused";
      e.reason = a.violation.reason;
      if (a.violation.expected !== undefined) e.expected = a.violation.expected;
      if (a.violation.actual !== undefined) e.actual = a.violation.actual;
      if (a.violation.version && !e.version) e.version = a.violation.version;
      policy.record(e, true);
      return;
    }
    if (a.status !== 200) {
      // "Not found" is an answer go expects while resolving import paths;
      // other failures are reported (the go command fails on them anyway).
      if (a.status === 404) return;
      e.source = "refused";
      e.reason = a.body?.toString("utf8").trim() ?? `status ${a.status}`;
      policy.record(e, false);
      return;
    }
    e.source = a.cache === "miss" ? "upstream" : a.cache === "lockfile" ? "lockfile" : "store";
    e.bytes = a.file?.size ?? a.body?.length ?? 0;
    policy.record(e, false);
  }

  /** Answer from the store, or fetch through the upstream chain and admit. */
  async serve(req: ModuleRequest, internal = false): Promise<ProxyAnswer> {
    // Internal reads (the policy looking at a .info or go.mod) are not client
    // requests and do not count as hits or misses.
    const count = internal ? 0 : 1;
    const { store } = this.o;
    const immutable = req.kind !== "list" && req.kind !== "latest" && req.canonical;
    const rel = req.kind === "info" && !req.canonical ? undefined : store.relPath(req.module, req.kind, req.version);
    try {
      // A read-ahead fetch answers as the miss it is; one that failed is retried.
      let got = immutable && rel && !internal ? await this.readAhead.claim(rel)?.catch(() => undefined) : undefined;
      if (!got && immutable && rel) {
        const stored = await store.readImmutable(rel);
        if (stored) {
          this.o.stats.hits += count;
          this.o.stats.bytesFromStore += stored.size * count;
          return { status: 200, contentType: CONTENT_TYPES[req.kind], cache: "hit", file: { rel, size: stored.size }, body: stored.bytes };
        }
      }
      const key = rel ?? `${req.module}@${req.version}.info?query`;
      got ??= await this.flights.do(key, () => this.fetchAndAdmit(req, rel, immutable));
      this.o.stats.misses += count;
      if (got.body) {
        const file = rel && immutable ? { rel, size: got.body.length } : undefined;
        return { status: 200, contentType: CONTENT_TYPES[req.kind], cache: "miss", body: got.body, upstream: got.upstream, ...(file ? { file } : {}) };
      }
      const st = await store.stat(rel!);
      if (!st) throw new Error(`internal error: ${rel} missing right after admission`);
      return { status: 200, contentType: CONTENT_TYPES[req.kind], cache: "miss", file: { rel: rel!, size: st.size }, upstream: got.upstream };
    } catch (e) {
      return this.failure(req, rel, e);
    }
  }

  private async failure(req: ModuleRequest, rel: string | undefined, e: unknown): Promise<ProxyAnswer> {
    // Mutable answers fall back to the last stored copy when upstreams fail
    // (but not when they say "not found": that is an answer, not a failure).
    if (!(e instanceof NotFoundError) && rel && (req.kind === "list" || req.kind === "latest")) {
      const old = await this.o.store.readCurrent(rel);
      if (old) {
        this.o.stats.stale++;
        this.o.stats.bytesFromStore += old.length;
        this.o.logger.warn("serving stale answer", { module: req.module, kind: req.kind, reason: (e as Error).message });
        return { status: 200, contentType: CONTENT_TYPES[req.kind], cache: "stale", body: old };
      }
    }
    if (e instanceof NotFoundError) return refusal(404, e.message);
    this.o.stats.errors++;
    if (e instanceof AdmissionError) {
      const reason = `gopin refused the upstream's answer: ${e.message}`;
      return { ...refusal(502, reason), violation: { reason } };
    }
    if (e instanceof UpstreamFailure) return refusal(502, e.message);
    const err = e as NodeJS.ErrnoException;
    if (isLocalDiskError(err)) {
      const why = err.code === "EROFS" ? "is read-only" : "is full";
      return refusal(507, `gopin could not store ${req.module}${req.version ? "@" + req.version : ""}: the store's disk ${why} (${err.code}); nothing was admitted`);
    }
    this.o.logger.error("internal error", { module: req.module, kind: req.kind, error: err?.stack ?? String(e) });
    return refusal(500, `gopin internal error while serving ${req.module}: ${err?.message ?? String(e)}`);
  }

  private async fetchAndAdmit(req: ModuleRequest, rel: string | undefined, immutable: boolean): Promise<Flight> {
    const { store, stats } = this.o;
    const chain = this.isPrivate(req.module) ? this.o.privateChain : this.o.chain;
    // Small answers are fetched, checked, stored and served from memory;
    // zips go to a temp file in the store (they may be hundreds of MB), and
    // small zips are read back once so they are checked and served from memory.
    const tmp = req.kind === "zip" ? store.tempPath(req.kind) : undefined;
    let tmpLeft = tmp !== undefined; // false once the body stayed in memory or the file was admitted
    try {
      const r = await chain.fetch(
        { module: req.module, kind: req.kind, version: req.version },
        tmp,
        limitFor(req.kind),
        (_u, ms, err) => stats.recordUpstream(ms, !err || err instanceof NotFoundError),
        { keepInMemoryUpTo: SMALL_ZIP },
      );
      stats.bytesFromUpstream += r.bytes;
      if (r.body) tmpLeft = false;
      let body = r.body;
      if (!body && tmp && r.bytes <= SMALL_ZIP) body = await fsp.readFile(tmp);
      const checked = await admit(req, body ? { body } : { file: tmp });
      if (checked.zipHash && rel) this.zipHashes.set(rel, checked.zipHash);
      const out: Flight = { upstream: r.upstream, bytes: r.bytes, body: checked.normalised ?? body };
      if (!rel) return out;
      if (r.body || !tmp) {
        // Checked bytes in memory are answered at once; the disk catches up.
        store.writeInBackground(rel, out.body!, immutable, (e) =>
          this.o.logger.error("store write failed", { module: req.module, kind: req.kind, error: (e as Error)?.message ?? String(e) }),
        );
      } else {
        await store.admit(tmp, rel, immutable);
        tmpLeft = false;
      }
      return out;
    } finally {
      if (tmpLeft) await fsp.unlink(tmp!).catch(() => undefined);
    }
  }
}
