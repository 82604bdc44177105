// An in-process GOPROXY HTTP server over fixture modules, with a request log and
// fault injection, for testing gopin against a controllable upstream.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setMaxListeners } from "node:events";
import type { AddressInfo, Socket } from "node:net";
import { escapePath, escapeVersion } from "../../src/gomod/escape.js";
import {
  buildAll,
  compareVersions,
  latestVersion,
  listedVersions,
  type BuiltModule,
  type FixtureModule,
} from "./fixtures.js";

export interface Fault {
  /** Answer with this status (and body, default "fixture fault: <status>\n", text/plain). */
  status?: number;
  body?: string | Buffer;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Wait this long before sending headers. */
  delayMs?: number;
  /** Tamper with the body of a normal response (Content-Length follows the new body). */
  alter?: (body: Buffer, path: string) => Buffer;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Send the body at about this rate (in chunks every 50 ms). */
  dripBytesPerSec?: number;
  /** Send headers with the full Content-Length, then only this many body bytes, then destroy the socket. */
  truncateAt?: number;
  /** Apply to the next N matching requests only (default: until cleared). */
  times?: number;
  /** Apply to each matching request with this probability (0..1; default 1), e.g. a mirror's occasional stall. */
  probability?: number;
  /** The dice for `probability` (default Math.random). */
  random?: () => number;
}

export interface RequestLogEntry {
  method: string;
  /**
   * URL path, percent-decoded (so module paths read as "/example.com/!big!corp/..."),
   * including any query. Faults and count() match against this.
   */
  path: string;
  /** URL path exactly as requested (go sends "!" as "%21"). */
  rawPath: string;
  /** Status sent; 0 while pending or when the socket was reset. */
  status: number;
  /** Date.now() when the request arrived. */
  time: number;
  /** Whether a fault was applied. */
  fault: boolean;
  /** Basic-auth user name presented, if any. */
  user?: string;
}

export interface FixtureUpstreamOptions {
  /** Require HTTP basic auth with these credentials (401 otherwise). */
  auth?: { user: string; pass: string };
  /** Host to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port. Default 0 (any free port). */
  port?: number;
}

export interface FixtureUpstream {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:40123". */
  url: string;
  /** url with the basic-auth credentials embedded (when opts.auth was given). */
  authUrl: string;
  port: number;
  /** Every request so far, in arrival order. */
  requests: RequestLogEntry[];
  /** Number of logged requests whose path contains (or matches) `match`. */
  count(match: string | RegExp): number;
  clearLog(): void;
  /** Adds (or replaces: same path and version) a module version. */
  addModule(m: FixtureModule | BuiltModule): Promise<BuiltModule>;
  /** Removes a module version, or every version of path when version is omitted. */
  removeModule(path: string, version?: string): void;
  /** The modules served. */
  modules(): BuiltModule[];
  /**
   * Injects a fault for requests whose decoded path (see RequestLogEntry.path)
   * contains `match` (string) or matches it (RegExp). The most recently set
   * matching fault wins.
   */
  setFault(match: string | RegExp, fault: Fault): void;
  clearFaults(): void;
  /** Closes the server and destroys every open socket. */
  stop(): Promise<void>;
}

interface FaultRule {
  match: string | RegExp;
  fault: Fault;
  remaining: number;
}

function matches(match: string | RegExp, s: string): boolean {
  if (typeof match === "string") return s.includes(match);
  match.lastIndex = 0;
  return match.test(s);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/**
 * Starts a GOPROXY server on 127.0.0.1 (port 0) serving the modules:
 * /<esc>/@v/list (sorted, no pseudo-versions), /<esc>/@v/<escv>.info|.mod|.zip,
 * /<esc>/@latest (highest release, else highest pre-release, else newest
 * pseudo-version); GET and HEAD; 404 text/plain for anything else.
 */
export async function startFixtureUpstream(
  modules: ReadonlyArray<FixtureModule | BuiltModule>,
  opts: FixtureUpstreamOptions = {},
): Promise<FixtureUpstream> {
  // escaped path -> version -> module
  const byPath = new Map<string, Map<string, BuiltModule>>();
  const add = (b: BuiltModule) => {
    const key = escapePath(b.path);
    let vs = byPath.get(key);
    if (!vs) byPath.set(key, (vs = new Map()));
    vs.set(b.version, b);
  };
  for (const b of await buildAll(modules)) add(b);

  const requests: RequestLogEntry[] = [];
  let faults: FaultRule[] = [];
  const sockets = new Set<Socket>();
  const stopping = new AbortController();
  // Every delayed answer listens on it until it is sent (removed then): with
  // latency, hundreds at once is normal, not a leak.
  setMaxListeners(0, stopping.signal);
  const expectedAuth = opts.auth
    ? "Basic " + Buffer.from(`${opts.auth.user}:${opts.auth.pass}`).toString("base64")
    : undefined;

  type Answer = { status: number; type: string; body: Buffer; headers?: Record<string, string> };
  const notFound = (msg: string): Answer => ({ status: 404, type: "text/plain; charset=utf-8", body: Buffer.from(msg + "\n") });

  function route(rawPath: string): Answer {
    let path: string;
    try {
      path = decodeURIComponent(rawPath.split("?")[0]!);
    } catch {
      return { status: 400, type: "text/plain; charset=utf-8", body: Buffer.from("bad request\n") };
    }
    if (!path.startsWith("/")) return notFound("not found");
    path = path.slice(1);
    if (path.endsWith("/@latest")) {
      const vs = byPath.get(path.slice(0, -"/@latest".length));
      const latest = vs && latestVersion([...vs.keys()]);
      if (!vs || !latest) return notFound(`not found: ${path}`);
      return { status: 200, type: "application/json", body: vs.get(latest)!.info };
    }
    const at = path.indexOf("/@v/");
    if (at < 0) return notFound(`not found: ${path}`);
    const vs = byPath.get(path.slice(0, at));
    const file = path.slice(at + 4);
    if (!vs) return notFound(`not found: module ${path.slice(0, at)} unknown`);
    if (file === "list") {
      const body = listedVersions([...vs.keys()]).map((v) => v + "\n").join("");
      return { status: 200, type: "text/plain; charset=utf-8", body: Buffer.from(body) };
    }
    const m = /^(.+)\.(info|mod|zip)$/.exec(file);
    if (!m) return notFound(`not found: ${path}`);
    const b = [...vs.values()].find((x) => escapeVersion(x.version) === m[1]);
    if (!b) return notFound(`not found: ${path}: unknown revision ${m[1]}`);
    switch (m[2]) {
      case "info":
        return { status: 200, type: "application/json", body: b.info };
      case "mod":
        return { status: 200, type: "text/plain; charset=utf-8", body: b.mod };
      default:
        return { status: 200, type: "application/zip", body: b.zip };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? "/";
    let path = rawPath;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      /* keep it raw; route() answers 400 */
    }
    const method = req.method ?? "GET";
    const entry: RequestLogEntry = { method, path, rawPath, status: 0, time: Date.now(), fault: false };
    const authHeader = req.headers.authorization;
    if (authHeader?.startsWith("Basic ")) {
      entry.user = Buffer.from(authHeader.slice(6), "base64").toString("utf8").split(":")[0];
    }
    requests.push(entry);
    const socket = req.socket;

    const send = (a: Answer) => {
      entry.status = a.status;
      res.writeHead(a.status, { "Content-Type": a.type, "Content-Length": String(a.body.length), ...(a.headers ?? {}) });
      res.end(method === "HEAD" ? undefined : a.body);
    };

    const rule = faults.find((f) => f.remaining !== 0 && matches(f.match, path) && (f.fault.probability === undefined || (f.fault.random ?? Math.random)() < f.fault.probability));
    let fault: Fault | undefined;
    if (rule) {
      if (rule.remaining > 0) rule.remaining--;
      fault = rule.fault;
      entry.fault = true;
    }

    if (fault?.reset) {
      socket.destroy();
      return;
    }
    if (fault?.delayMs) {
      await sleep(fault.delayMs, stopping.signal);
      if (stopping.signal.aborted || socket.destroyed) return;
    }

    if (expectedAuth && authHeader !== expectedAuth) {
      send({
        status: 401,
        type: "text/plain; charset=utf-8",
        body: Buffer.from("unauthorized\n"),
        headers: { "WWW-Authenticate": 'Basic realm="gopin-fixture"' },
      });
      return;
    }
    if (method !== "GET" && method !== "HEAD") {
      send({ status: 405, type: "text/plain; charset=utf-8", body: Buffer.from("method not allowed\n"), headers: { Allow: "GET, HEAD" } });
      return;
    }

    let answer: Answer;
    if (fault?.status !== undefined) {
      const body = fault.body === undefined ? `fixture fault: ${fault.status}\n` : fault.body;
      answer = { status: fault.status, type: "text/plain; charset=utf-8", body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
    } else {
      answer = route(rawPath);
      if (fault?.alter && answer.status === 200) answer = { ...answer, body: fault.alter(answer.body, path) };
    }
    if (fault?.headers) answer.headers = { ...(answer.headers ?? {}), ...fault.headers };

    if (fault?.truncateAt !== undefined || fault?.dripBytesPerSec) {
      entry.status = answer.status;
      res.writeHead(answer.status, { "Content-Type": answer.type, "Content-Length": String(answer.body.length), ...(answer.headers ?? {}) });
      if (method === "HEAD") {
        res.end();
        return;
      }
      const limit = fault.truncateAt !== undefined ? Math.min(fault.truncateAt, answer.body.length) : answer.body.length;
      const body = answer.body.subarray(0, limit);
      if (fault.dripBytesPerSec) {
        const chunk = Math.max(1, Math.floor(fault.dripBytesPerSec / 20));
        for (let off = 0; off < body.length; off += chunk) {
          if (stopping.signal.aborted || socket.destroyed) return;
          res.write(body.subarray(off, off + chunk));
          if (off + chunk < body.length) await sleep(50, stopping.signal);
        }
      } else if (body.length) {
        await new Promise<void>((resolve) => res.write(body, () => resolve()));
      }
      if (limit < answer.body.length) {
        // Give the bytes a moment to leave, then cut the connection mid-body.
        setTimeout(() => socket.destroy(), 20);
      } else {
        res.end();
      }
      return;
    }
    send(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(`fixture upstream error: ${String(err)}\n`);
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = opts.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
  const authUrl = opts.auth
    ? `http://${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@${url.slice("http://".length)}`
    : url;

  let stopped: Promise<void> | undefined;
  return {
    url,
    authUrl,
    port: addr.port,
    requests,
    count: (match) => requests.filter((r) => matches(match, r.path)).length,
    clearLog: () => {
      requests.length = 0;
    },
    addModule: async (m) => {
      const [b] = await buildAll([m]);
      add(b!);
      return b!;
    },
    removeModule: (path, version) => {
      const key = escapePath(path);
      if (version === undefined) byPath.delete(key);
      else byPath.get(key)?.delete(version);
    },
    modules: () =>
      [...byPath.values()].flatMap((vs) => [...vs.values()]).sort((a, b) =>
        a.path === b.path ? compareVersions(a.version, b.version) : a.path < b.path ? -1 : 1,
      ),
    setFault: (match, fault) => {
      faults.unshift({ match, fault, remaining: fault.times ?? -1 });
    },
    clearFaults: () => {
      faults = [];
    },
    stop: () => {
      if (!stopped) {
        stopping.abort();
        stopped = new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
          server.closeAllConnections?.();
        });
      }
      return stopped;
    },
  };
}
