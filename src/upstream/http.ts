// An HTTP(S) GOPROXY upstream, through undici with pooled keep-alive
// connections, timeouts and redirects (proxies often redirect zips to a CDN).
import type { Dispatcher } from "undici";
import { createWriteStream } from "node:fs";
import { STATUS_CODES } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { registerCredentials, scrub } from "../observe/scrub.js";
import { loadNetrc, netrcFor, type NetrcEntry } from "./netrc.js";
import { BodyTooLargeError, NotFoundError, UpstreamFailure, isLocalDiskError, type FetchOptions, type FetchResult, type FetchTarget, type PathFetcher, type Upstream } from "./types.js";
import { describeFile, modulePath } from "../protocol/module-file.js";

export interface HttpTimeouts {
  connectMs: number;
  headersMs: number;
  /** Longest silence allowed between body chunks. */
  bodyIdleMs: number;
  /** After this long, a body arriving slower than `minBytesPerSec` is abandoned. */
  slowGraceMs: number;
  minBytesPerSec: number;
  /** Hard limit on one fetch, whatever its rate. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = Object.freeze({
  connectMs: 10_000,
  headersMs: 30_000,
  bodyIdleMs: 30_000,
  slowGraceMs: 30_000,
  minBytesPerSec: 4096,
  totalMs: 15 * 60_000,
  // GOPIN_HTTP_TIMEOUTS="headersMs=2000,slowGraceMs=500" overrides fields
  // (tests and unusual networks).
  ...timeoutsFromEnv(process.env.GOPIN_HTTP_TIMEOUTS),
});

function timeoutsFromEnv(s: string | undefined): Partial<HttpTimeouts> {
  return numericFields(s) as Partial<HttpTimeouts>;
}

/** "a=1,b=2" (an environment tuning knob) as { a: 1, b: 2 }; malformed parts are ignored. */
export function numericFields(s: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (s ?? "").split(",").filter(Boolean)) {
    const [k, v] = part.split("=");
    if (k && v && /^\d+$/.test(v)) out[k.trim()] = Number(v);
  }
  return out;
}

const MAX_REDIRECTS = 10;

let sharedDispatcher: Dispatcher | undefined;
let sharedKey = "";
// undici costs ~20 MiB and a few hundred ms to load: loaded at the first
// upstream fetch, so a job served wholly from the store never pays for it.
let undiciModule: Promise<typeof import("undici")> | undefined;
const undici = () => (undiciModule ??= import("undici"));

function dispatcherFor({ Agent, interceptors }: typeof import("undici"), t: HttpTimeouts): Dispatcher {
  const key = `${t.connectMs}/${t.headersMs}/${t.bodyIdleMs}`;
  if (!sharedDispatcher || key !== sharedKey) {
    sharedKey = key;
    sharedDispatcher = new Agent({
      connections: 16,
      keepAliveTimeout: 30_000,
      connect: { timeout: t.connectMs },
      headersTimeout: t.headersMs,
      bodyTimeout: t.bodyIdleMs,
    }).compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
  }
  return sharedDispatcher;
}

/** Copy at most `limit` bytes, failing (not truncating) past it. */
function limiter(limit: number, onTooLarge: () => Error): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > limit) cb(onTooLarge());
      else cb(null, chunk);
    },
  });
}

export class HttpUpstream implements Upstream, PathFetcher {
  readonly name: string;
  private readonly base: URL;
  private readonly authHeader: string | undefined;

  constructor(url: string, private readonly timeouts: HttpTimeouts = DEFAULT_TIMEOUTS, netrc: NetrcEntry[] = loadNetrc()) {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`unsupported upstream scheme in ${scrub(url)}`);
    let user = decodeURIComponent(u.username);
    let pass = decodeURIComponent(u.password);
    u.username = "";
    u.password = "";
    if (!user) {
      const n = netrcFor(netrc, u.hostname);
      if (n) {
        user = n.login;
        pass = n.password;
      }
    }
    registerCredentials(user, pass);
    this.authHeader = user ? "Basic " + Buffer.from(`${user}:${pass}`).toString("base64") : undefined;
    this.base = u;
    this.name = u.toString().replace(/\/$/, "");
  }

  urlFor(t: FetchTarget): string {
    return this.urlForPath(modulePath(t));
  }

  private urlForPath(rel: string): string {
    // Percent-encode each segment the way the go command does ("!" -> "%21").
    const enc = rel.split("/").map((s) => encodeURIComponent(s).replace(/%2B/g, "+").replace(/%40/g, "@")).join("/");
    const basePath = this.base.pathname.replace(/\/$/, "");
    return `${this.base.origin}${basePath}/${enc}`;
  }

  fetch(t: FetchTarget, dest: string | undefined, limit: number, opts: FetchOptions = {}): Promise<FetchResult> {
    return this.fetchPath(modulePath(t), describeFile(t), dest, limit, opts);
  }

  async fetchPath(rel: string, what: string, dest: string | undefined, limit: number, opts: FetchOptions = {}): Promise<FetchResult> {
    const start = performance.now();
    const url = this.urlForPath(rel);
    let res: Dispatcher.ResponseData;
    try {
      const u = await undici();
      res = await u.request(url, {
        method: "GET",
        dispatcher: dispatcherFor(u, this.timeouts),
        headers: this.authHeader ? { authorization: this.authHeader } : {},
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (e) {
      throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${describeNetError(e, url)}`);
    }
    opts.onHeaders?.();
    if (res.statusCode !== 200) {
      const why = await describeStatus(res, url);
      if (res.statusCode === 404 || res.statusCode === 410) throw new NotFoundError(this.name, `${this.name}: ${what}: ${why}`);
      throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${why}`, res.statusCode);
    }
    const declared = Number(res.headers["content-length"] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      discard(res.body);
      throw new BodyTooLargeError(this.name, `${this.name}: ${what}: the upstream declares ${declared} bytes, more than the ${limit}-byte limit`);
    }
    if (dest !== undefined && Number.isFinite(declared) && declared <= (opts.keepInMemoryUpTo ?? -1)) dest = undefined;
    let bytes = 0;
    const chunks: Buffer[] | undefined = dest === undefined ? [] : undefined;
    const counter = new Transform({
      transform(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        if (chunks) {
          chunks.push(chunk);
          cb();
        } else cb(null, chunk);
      },
    });
    // A body that trickles in (a slow-drip attack or a dying link) would hold
    // go's request open forever: abandon it when it is too slow for too long.
    const lim = this.timeouts;
    const bodyStart = performance.now();
    const watchdog = setInterval(() => {
      const elapsed = performance.now() - bodyStart;
      let why: string | undefined;
      if (elapsed > lim.totalMs) why = `the body took longer than ${Math.round(lim.totalMs / 1000)}s`;
      else if (elapsed > lim.slowGraceMs && (bytes * 1000) / elapsed < lim.minBytesPerSec) {
        why = `the body arrives too slowly (${bytes} bytes in ${(elapsed / 1000).toFixed(1)}s, under ${lim.minBytesPerSec} bytes/s)`;
      }
      if (why) counter.destroy(new UpstreamFailure(this.name, `${this.name}: ${what}: ${why}`));
    }, Math.min(1000, Math.max(50, lim.slowGraceMs / 4)));
    try {
      await pipeline(
        res.body,
        limiter(limit, () => new BodyTooLargeError(this.name, `${this.name}: ${what}: the body exceeds the ${limit}-byte limit`)),
        ...(dest === undefined ? [counter] : [counter, createWriteStream(dest)]),
      );
    } catch (e) {
      if (e instanceof UpstreamFailure || isLocalDiskError(e)) throw e;
      throw new UpstreamFailure(this.name, `${this.name}: ${what}: reading the body failed: ${describeNetError(e, url)}`);
    } finally {
      clearInterval(watchdog);
    }
    if (Number.isFinite(declared) && bytes !== declared) {
      throw new UpstreamFailure(this.name, `${this.name}: ${what}: the body has ${bytes} bytes but Content-Length said ${declared}`);
    }
    const result: FetchResult = { upstream: this.name, bytes, ms: performance.now() - start };
    if (chunks) result.body = Buffer.concat(chunks, bytes);
    return result;
  }
}

/** Drops a body unread (undici reports the abort as an 'error' event, which must be handled). */
function discard(body: Dispatcher.ResponseData["body"]): void {
  body.on("error", () => undefined);
  body.destroy();
}

/** What a non-200 answer says: its status, and its body when that is short printable text. */
async function describeStatus(res: Dispatcher.ResponseData, url: string): Promise<string> {
  const status = res.statusCode;
  const phrase = STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : "";
  if (status < 400) {
    // Not an error page: a 206 or 3xx body is content (zip bytes), never text to quote.
    discard(res.body);
    const location = res.headers.location;
    if (status >= 300 && location) return `more than ${MAX_REDIRECTS} redirects starting at ${url} (the last one to ${scrub(String(location))})`;
    return `unexpected status ${status}${phrase}`;
  }
  const text = await readSmallText(res.body);
  return `${status}${text ? `: ${text}` : ""}`;
}

/**
 * The start of an error body, as one line, when it is printable text; ""
 * otherwise (binary bodies are never quoted into messages).
 */
async function readSmallText(body: Dispatcher.ResponseData["body"]): Promise<string> {
  try {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of body) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n > 4096) break;
    }
    discard(body);
    // stream: true tolerates a character cut at the 4 KiB boundary.
    const text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks), { stream: true });
    if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return "";
    const line = text.replace(/\s+/g, " ").trim();
    return scrub(line.length > 1024 ? line.slice(0, 1024) + "…" : line);
  } catch {
    return "";
  }
}

function describeNetError(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const msg = err.message ?? String(e);
  // undici's wording ("... Use an Agent for cross-origin redirects") is advice for its own API.
  if (/^Redirect loop detected/.test(msg)) return `redirect loop: ${url} redirects back to a URL it already visited`;
  const map: Record<string, string> = {
    UND_ERR_HEADERS_TIMEOUT: "timed out waiting for response headers",
    UND_ERR_BODY_TIMEOUT: "timed out waiting for the body",
    UND_ERR_CONNECT_TIMEOUT: "timed out connecting",
    UND_ERR_SOCKET: "the connection was closed",
    ECONNRESET: "the connection was reset",
    ECONNREFUSED: "the connection was refused",
    UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: "the body length does not match Content-Length",
    UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the body length does not match Content-Length",
  };
  return scrub(code && map[code] ? `${map[code]} (${code})` : msg);
}
