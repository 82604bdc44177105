// The HTTP front: routes protocol paths to the proxy service, plus /healthz
// and /_gopin/stats. Binds to loopback only; every error is text/plain so
// `go` prints it as "server response:".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP, type AddressInfo, type Socket } from "node:net";
import { closeSync, readSync } from "node:fs";
import { parseModuleRequest, BadRequestError } from "../protocol/request.js";
import type { ProxyService } from "../proxy/service.js";
import { failed, MethodError, NotServedError, type ProxyAnswer } from "../proxy/answer.js";
import { errorResponse } from "./response.js";
import type { Advice } from "../policy/refusal.js";
import type { Store } from "../store/store.js";
import type { Stats } from "../observe/stats.js";
import type { Logger } from "../observe/log.js";
import type { SumdbProxy } from "../proxy/sumdb-proxy.js";

export interface HttpServerOptions {
  service: ProxyService;
  store: Store;
  stats: Stats;
  logger: Logger;
  /** The checksum-database proxy (/sumdb/...); absent: those paths are 404. */
  sumdb?: SumdbProxy;
  /** Extra JSON endpoints under /_gopin/ (e.g. the report), by name. */
  extraEndpoints?: Record<string, () => unknown>;
  /** Whose knobs error advice names (default: the command line's). */
  advice?: Advice;
  /** Awaited before an answer that recorded something is sent (record mode: until the lockfile on disk holds it). */
  beforeReply?: () => Promise<void>;
}

/** What goes on the wire: a status, headers and a body (bytes or a store file). */
interface Reply {
  status: number;
  contentType: string;
  cache: string;
  body?: Buffer;
  file?: { rel: string; size: number };
  upstream?: string;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Whether `ip` (an address as bound, never a name) is a loopback address. */
export function isLoopbackAddress(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/i, "");
  return ip === "::1" || (isIP(v4) === 4 && v4.startsWith("127."));
}

/** Splits "HOST:PORT" / "[::1]:PORT" / ":PORT" / "PORT". */
export function parseListen(addr: string): { host: string; port: number } {
  let host = "127.0.0.1";
  let portText = addr;
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (m) {
    host = m[1] ?? (m[2] || "127.0.0.1");
    portText = m[3]!;
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`invalid --listen address "${addr}": expected HOST:PORT, e.g. 127.0.0.1:0`);
  if (!isLoopbackHost(host)) throw new Error(`refusing to listen on "${host}": gopin binds to loopback addresses only (127.0.0.1, ::1, localhost)`);
  return { host, port };
}

export class GopinHttpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private inflight = 0;

  constructor(private readonly o: HttpServerOptions) {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    const a = this.server.address() as AddressInfo;
    // The name was checked (parseListen), but "localhost" resolves through
    // /etc/hosts or DNS: what counts is the address actually bound.
    if (!isLoopbackAddress(a.address)) {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      throw new Error(`refusing to serve: listening on "${host}" bound ${a.address}, which is not a loopback address; give --listen 127.0.0.1:PORT or [::1]:PORT`);
    }
    const h = a.family === "IPv6" ? `[${a.address}]` : a.address;
    return `http://${h}:${a.port}`;
  }

  /** Stop accepting, let in-flight requests and store writes finish, close. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await this.o.service.drain();
    const deadline = Date.now() + 30_000;
    while (this.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now();
    this.inflight++;
    const rawPath = (req.url ?? "/").split("?")[0]!;
    let answer: ProxyAnswer;
    try {
      answer = await this.route(req.method ?? "GET", rawPath);
    } catch (e) {
      answer = failed(e instanceof BadRequestError ? new BadRequestError(`gopin: bad request ${JSON.stringify(rawPath)}: ${e.message}`) : e);
    }
    // Record mode: what an answer recorded is in the lockfile on disk before go has the answer.
    if (this.o.beforeReply && answer.ok && answer.recorded) await this.o.beforeReply();
    const reply = this.reply(answer, rawPath);
    if (reply.status >= 400 && reply.status !== 404) this.o.stats.refused++;
    let bytes = 0;
    try {
      bytes = await this.send(req, res, reply);
    } catch (e) {
      res.destroy();
      this.o.logger.warn("response aborted", { path: rawPath, error: (e as Error).message });
    } finally {
      this.inflight--;
      this.o.logger.info("request", {
        method: req.method,
        path: rawPath,
        status: reply.status,
        cache: reply.cache,
        bytes,
        ms: Math.round((performance.now() - start) * 10) / 10,
        ...(reply.upstream ? { upstream: reply.upstream } : {}),
      });
    }
  }

  /** Content as it is, errors through the one response mapping. */
  private reply(a: ProxyAnswer, rawPath: string): Reply {
    if (a.ok) {
      const { contentType, cache, body, file, upstream } = a;
      return { status: 200, contentType, cache, ...(body ? { body } : {}), ...(file ? { file } : {}), ...(upstream ? { upstream } : {}) };
    }
    const r = errorResponse(a.error, this.o.advice ?? "cli");
    if (r.status === 500) {
      const e = a.error as Error | undefined;
      this.o.logger.error("internal error", { path: rawPath, error: (e?.cause as Error | undefined)?.stack ?? e?.stack ?? String(e) });
    }
    return { status: r.status, contentType: r.contentType, cache: "none", body: r.body };
  }

  private async route(method: string, rawPath: string): Promise<ProxyAnswer> {
    if (method !== "GET" && method !== "HEAD") return failed(new MethodError(`gopin serves GET and HEAD only, not ${method}`));
    if (rawPath === "/healthz") return json({ ok: true });
    if (rawPath.startsWith("/_gopin/")) {
      const name = rawPath.slice("/_gopin/".length);
      if (name === "stats") return json({ ...this.o.stats.snapshot(), readAhead: this.o.service.readAhead.counts, inFlight: this.o.service.inFlight() });
      const extra = this.o.extraEndpoints?.[name];
      if (extra) return json(extra());
      return failed(new NotServedError(`gopin has no endpoint ${rawPath}`));
    }
    // Only module protocol requests count; health and stats probes do not.
    this.o.stats.requests++;
    if (rawPath.startsWith("/sumdb/")) {
      if (!this.o.sumdb) return failed(new NotServedError(`gopin does not proxy checksum databases`));
      return this.o.sumdb.handle(rawPath);
    }
    const req = parseModuleRequest(rawPath);
    if (!req) return failed(new NotServedError(`gopin: ${rawPath} is not a module proxy path (expected MODULE/@v/list, MODULE/@v/VERSION.info|.mod|.zip or MODULE/@latest)`));
    return this.o.service.handle(req);
  }

  private async send(req: IncomingMessage, res: ServerResponse, a: Reply): Promise<number> {
    const size = a.body ? a.body.length : (a.file?.size ?? 0);
    res.writeHead(a.status, {
      "content-type": a.contentType,
      "content-length": String(size),
      "x-gopin-cache": a.cache,
      ...(a.status === 200 && a.cache !== "stale" && a.file ? { "cache-control": "public, max-age=31536000, immutable" } : {}),
    });
    if (req.method === "HEAD") {
      res.end();
      return 0;
    }
    if (a.body || !a.file) {
      res.end(a.body);
    } else {
      await sendFile(res, this.o.store.openFd(a.file.rel));
    }
    return size;
  }
}

/** Buffers for sending files, reused: a warm job streams every zip once, and fresh buffers per chunk pile up as garbage (memory) faster than V8 collects it. */
const SEND_BUFFER = 256 << 10;
const freeBuffers: Buffer[] = [];

/**
 * Streams a file to the response through one reused buffer: read, write, wait
 * until written, read on. The reads are synchronous: a store file was just
 * restored or written, so it is in the page cache, and a 256 KiB read from
 * there costs less than the thread-pool round trip of an asynchronous one
 * (a warm job reads hundreds of MB this way). So is the close.
 */
export async function sendFile(res: ServerResponse, f: { fd: number; size: number }): Promise<void> {
  const buf = freeBuffers.pop() ?? Buffer.allocUnsafe(SEND_BUFFER);
  let onClose!: () => void;
  const gone = new Promise<never>((_, reject) => (onClose = () => reject(new Error("the client went away"))));
  gone.catch(() => undefined);
  res.once("close", onClose);
  try {
    let pos = 0;
    while (pos < f.size) {
      const n = readSync(f.fd, buf, 0, Math.min(buf.length, f.size - pos), pos);
      if (n === 0) throw new Error(`the store file shrank while it was sent (${pos} of ${f.size} bytes)`);
      pos += n;
      if (res.destroyed) throw new Error("the client went away");
      // The callback fires once the chunk has been handed to the socket; only then is the buffer free.
      const written = new Promise<void>((resolve, reject) => res.write(buf.subarray(0, n), (e) => (e ? reject(e) : resolve())));
      written.catch(() => undefined);
      await Promise.race([written, gone]);
    }
    res.end();
  } finally {
    res.off("close", onClose);
    closeSync(f.fd);
    // A buffer the socket may still hold (an aborted write) is not reused.
    if (!res.destroyed && freeBuffers.length < 8) freeBuffers.push(buf);
  }
}

function json(v: unknown): ProxyAnswer {
  return { ok: true, contentType: "application/json", cache: "none", body: Buffer.from(JSON.stringify(v, null, 2) + "\n") };
}
