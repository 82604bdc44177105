// The upstream chain with the go command's GOPROXY semantics:
//  - entries are separated by "," or "|";
//  - after ",", fall through to the next entry only when this one says "not
//    found" (404/410, missing file); after "|", fall through on any error;
//  - "direct" and "off" end the list (later entries are ignored, as in Go);
//  - bare host names get "https://";
//  - the reported error is the most useful one: direct's beats a proxy's
//    failure, which beats a not-found.
import { isAbsolute } from "node:path";
import { scrub } from "../observe/scrub.js";
import { FileUpstream, OffUpstream } from "./file.js";
import { HttpUpstream, type HttpTimeouts, DEFAULT_TIMEOUTS } from "./http.js";
import { DirectUpstream, type DirectOptions } from "./direct.js";
import { MirrorPool, type PoolTuning } from "./pool.js";
import { NotFoundError, UpstreamFailure, isLocalDiskError, type FetchOptions, type FetchResult, type FetchTarget, type Upstream } from "./types.js";
import { describeFile } from "../protocol/module-file.js";

export interface ChainEntry {
  upstream: Upstream;
  fallBackOnError: boolean;
}

export interface ChainOptions {
  direct: DirectOptions;
  timeouts?: HttpTimeouts;
  /** A mirror pool that takes the place of the first HTTP entry (or is the chain when there is none). */
  mirrors?: string[];
  mirrorTuning?: PoolTuning;
}

export interface ProxySpec {
  url: string; // "direct", "off", or a URL
  fallBackOnError: boolean;
}

/** Parse a GOPROXY-style list exactly as cmd/go's proxyList does. */
export function parseProxyList(list: string): ProxySpec[] {
  const out: ProxySpec[] = [];
  let rest = list;
  while (rest !== "") {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === "|";
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = "";
    }
    url = url.trim();
    if (url === "") continue;
    if (url === "off") {
      out.push({ url: "off", fallBackOnError: false });
      break;
    }
    if (url === "direct") {
      out.push({ url: "direct", fallBackOnError: false });
      break;
    }
    // Single words are reserved for built-in behaviours; anything else
    // without a scheme is a host name and gets https://.
    if (/[.:/]/.test(url) && !url.includes(":/") && !isAbsolute(url)) url = "https://" + url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`invalid upstream ${JSON.stringify(scrub(url))}: not a URL, "direct" or "off"`);
    }
    if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
      throw new Error(`invalid upstream ${JSON.stringify(scrub(url))}: only http, https and file URLs, "direct" and "off" are supported`);
    }
    out.push({ url, fallBackOnError });
  }
  if (out.length === 0) throw new Error(`the upstream list ${JSON.stringify(scrub(list))} contains no entries`);
  return out;
}

/** Whether a chain entry is an HTTP proxy (the kind a mirror pool replaces). */
export function isHttpEntry(s: ProxySpec): boolean {
  return /^https?:/i.test(s.url);
}

/**
 * The chain as a list of plain proxies with the pool's mirrors in its place
 * (joined by "|", the last keeping the replaced entry's separator): the route
 * the checksum database is looked for on (`/sumdb/<name>/` at a proxy).
 */
export function expandMirrors(specs: ProxySpec[], mirrors: string[]): ProxySpec[] {
  if (mirrors.length === 0) return specs;
  const i = specs.findIndex(isHttpEntry);
  const last = i >= 0 ? specs[i]!.fallBackOnError : false;
  const pool = mirrors.map((url, k) => ({ url, fallBackOnError: k < mirrors.length - 1 ? true : last }));
  return i >= 0 ? [...specs.slice(0, i), ...pool, ...specs.slice(i + 1)] : pool;
}

/** What the request path fetches module files through (a chain, or a tier in front of one). */
export interface ModuleFetcher {
  fetch(
    t: FetchTarget,
    dest: string | undefined,
    limit: number,
    onAttempt?: (upstream: string, ms: number, err?: Error) => void,
    opts?: FetchOptions,
  ): Promise<FetchResult>;
  /** Bytes `served` by that upstream failed admission, the lock or the checksum database (a mirror pool ejects it). */
  reject(served: string, target: FetchTarget, reason: string): void;
  /** The h1: hash of a file `served` by that upstream (a mirror pool compares its mirrors). */
  observeHash(served: string, target: FetchTarget, hash: string): void;
}

export class UpstreamChain implements ModuleFetcher {
  readonly entries: ChainEntry[];
  /** The mirror pool in the chain, if any. */
  readonly pool: MirrorPool | undefined;

  constructor(specs: ProxySpec[], opts: ChainOptions) {
    let direct: DirectUpstream | undefined;
    const pool = opts.mirrors?.length ? new MirrorPool(opts.mirrors, { ...(opts.timeouts ? { timeouts: opts.timeouts } : {}), ...(opts.mirrorTuning ? { tuning: opts.mirrorTuning } : {}) }) : undefined;
    this.pool = pool;
    if (pool) {
      const i = specs.findIndex(isHttpEntry);
      specs = i >= 0 ? specs.map((s, j) => (j === i ? { ...s, url: "mirrors" } : s)) : [{ url: "mirrors", fallBackOnError: false }];
    }
    this.entries = specs.map((s) => {
      let upstream: Upstream;
      if (s.url === "mirrors" && pool) upstream = pool;
      else if (s.url === "off") upstream = new OffUpstream();
      else if (s.url === "direct") upstream = direct ??= new DirectUpstream(opts.direct);
      else if (s.url.startsWith("file:")) upstream = new FileUpstream(s.url);
      else upstream = new HttpUpstream(s.url, opts.timeouts ?? DEFAULT_TIMEOUTS);
      return { upstream, fallBackOnError: s.fallBackOnError };
    });
  }

  describe(): string {
    return this.entries.map((e, i) => e.upstream.name + (i < this.entries.length - 1 ? (e.fallBackOnError ? "|" : ",") : "")).join("");
  }

  /**
   * Try each entry in order. `onAttempt` sees every attempt's outcome (for
   * stats and logs). Throws the best error when no entry answered.
   */
  async fetch(
    t: FetchTarget,
    dest: string | undefined,
    limit: number,
    onAttempt?: (upstream: string, ms: number, err?: Error) => void,
    opts?: FetchOptions,
  ): Promise<FetchResult> {
    let best: Error | undefined;
    let bestRank = 0; // 0 not found, 1 proxy failure, 2 direct failure
    const tried: string[] = [];
    for (const { upstream, fallBackOnError } of this.entries) {
      const start = performance.now();
      try {
        const r = await upstream.fetch(t, dest, limit, opts);
        onAttempt?.(upstream.name, r.ms);
        return r;
      } catch (e) {
        // Our own disk failing is not the upstream's fault: stop here.
        if (isLocalDiskError(e)) throw e;
        const err = e instanceof Error ? e : new Error(String(e));
        onAttempt?.(upstream.name, performance.now() - start, err);
        tried.push(err.message);
        const notFound = err instanceof NotFoundError;
        if (upstream.name === "direct") {
          best = err;
          bestRank = 2;
        } else if (bestRank <= 1 && !notFound) {
          best = err;
          bestRank = 1;
        } else if (bestRank === 0) {
          best = err;
        }
        if (!fallBackOnError && !notFound) break;
      }
    }
    const detail = tried.length > 1 ? tried.join("; ") : (best?.message ?? "no upstream configured");
    if (best instanceof NotFoundError) {
      throw new NotFoundError(best.upstream, tried.length > 1 ? `${describeFile(t)}: not found at any upstream: ${detail}` : detail);
    }
    const failed = best as UpstreamFailure | undefined;
    throw new UpstreamFailure(failed?.upstream ?? "", tried.length > 1 ? `${describeFile(t)}: every upstream failed: ${detail}` : detail, failed?.status);
  }

  /** The content check refused what `served` answered (a mirror pool ejects that mirror). */
  reject(served: string, target: FetchTarget, reason: string): void {
    for (const e of this.entries) e.upstream.reject?.(served, target, reason);
  }

  /** The h1: hash of what `served` answered for a .mod or .zip (a mirror pool compares mirrors). */
  observeHash(served: string, target: FetchTarget, hash: string): void {
    for (const e of this.entries) e.upstream.observeHash?.(served, target, hash);
  }

  async close(): Promise<void> {
    await Promise.all(this.entries.map((e) => e.upstream.close?.()));
  }
}
