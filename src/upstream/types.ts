// What every upstream (HTTP proxy, file:// tree, `direct`, `off`) looks like
// to the chain, and the two failure kinds Go's fall-through rules care about.
import type { ModuleFile } from "../protocol/module-file.js";

/** What an upstream is asked for: a protocol file. */
export type FetchTarget = ModuleFile;

export interface FetchResult {
  /** Display name of the upstream that answered (credentials redacted). */
  upstream: string;
  bytes: number;
  ms: number;
  /** The body, when the fetch was asked to keep it in memory (no `dest`). */
  body?: Buffer;
}

export interface FetchOptions {
  /** Keep a body of at most this many bytes (when its size is known up front)
   * in memory even though `dest` was given; `dest` is then not written. */
  keepInMemoryUpTo?: number;
  /** Abandon the fetch (a mirror pool cancels the slower of two hedged requests). */
  signal?: AbortSignal;
  /** Called once the response headers arrived (time to first byte). */
  onHeaders?: () => void;
}

/**
 * An upstream that can also fetch any path below its base (the checksum
 * database's `sumdb/<name>/...` behind a proxy), with the same credentials,
 * limits and timeouts as module files. `rel` is unescaped and "/"-separated.
 */
export interface PathFetcher {
  readonly name: string;
  fetchPath(rel: string, what: string, dest: string | undefined, limit: number, opts?: FetchOptions): Promise<FetchResult>;
}

export interface Upstream {
  /** Display name, safe to log (no credentials). */
  readonly name: string;
  /**
   * Fetch the body for `target` (at most `limit` bytes) into the file `dest`,
   * or, when `dest` is undefined, into memory (`FetchResult.body`).
   */
  fetch(target: FetchTarget, dest: string | undefined, limit: number, opts?: FetchOptions): Promise<FetchResult>;
  close?(): Promise<void>;
  /** The content check refused what `served` (a name from FetchResult.upstream) answered for `target`. */
  reject?(served: string, target: FetchTarget, reason: string): void;
  /** The h1: hash of what `served` answered for `target` (a .mod or .zip). */
  observeHash?(served: string, target: FetchTarget, hash: string): void;
}

/** "This upstream does not have it": 404/410 or a missing file. After a comma,
 * Go falls through to the next entry only on this kind of error. */
export class NotFoundError extends Error {
  constructor(readonly upstream: string, message: string) {
    super(message);
  }
}

/** Any other failure: bad status, timeout, reset, oversized or broken body. */
export class UpstreamFailure extends Error {
  constructor(readonly upstream: string, message: string, readonly status?: number) {
    super(message);
  }
}

export class BodyTooLargeError extends UpstreamFailure {}

/** A failure of our own disk (not the upstream's fault): the store is full. */
export function isLocalDiskError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT" || code === "EROFS";
}
