// What the request path hands the HTTP front: content, or the error that
// stopped it. Statuses and error bodies are chosen in one place, the
// server's response mapping (server/response.ts), from these error types.

export type CacheOutcome = "hit" | "miss" | "stale" | "lockfile" | "none";

export interface Content {
  ok: true;
  contentType: string;
  cache: CacheOutcome;
  /** Body bytes (for stored files: preloaded when small). */
  body?: Buffer;
  /** The store file behind the answer; streamed when there is no body. */
  file?: { rel: string; size: number };
  /** The upstream that answered a miss. */
  upstream?: string;
  /** Answering it recorded something for the lockfile (record mode answers it once the lockfile on disk holds that). */
  recorded?: boolean;
}

export interface Failed {
  ok: false;
  /** A Refusal, an upstream's NotFoundError/UpstreamFailure, or one of the errors below. */
  error: unknown;
}

export type ProxyAnswer = Content | Failed;

/** The store's disk is full or read-only: nothing was admitted. */
export class StoreDiskError extends Error {}

/** A path gopin does not serve (not a protocol path, an unknown endpoint or checksum database). */
export class NotServedError extends Error {}

/** A method other than GET/HEAD. */
export class MethodError extends Error {}

/** gopin's own bug; logged with its stack. */
export class InternalError extends Error {}

export function failed(error: unknown): Failed {
  return { ok: false, error };
}

export const CONTENT_TYPES = {
  info: "application/json",
  latest: "application/json",
  mod: "text/plain; charset=utf-8",
  list: "text/plain; charset=utf-8",
  zip: "application/zip",
} as const;

export const TEXT = "text/plain; charset=utf-8";
