// How gopin reaches a checksum database, decided the way the go command
// decides it (cmd/go/internal/modfetch/sumdb.go, initBase):
//
//  - an explicit URL in GOSUMDB ("KEY URL") is used as is, bypassing proxies;
//  - otherwise each GOPROXY entry in turn is asked for
//    <proxy>/sumdb/<name>/supported: 200 means "use <proxy>/sumdb/<name>
//    and nothing else"; 404/410 (or any error after a "|") means try the next
//    entry; any other failure means the database is unavailable;
//  - "direct", "off", or running out of entries means https://<name>.
import { promises as fsp } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { Agent, interceptors, request, type Dispatcher } from "undici";
import { redact } from "../observe/log.js";
import type { ProxySpec } from "../upstream/chain.js";

export class SumdbNotFound extends Error {}
export class SumdbUnavailable extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface SumdbTransport {
  /** GET `path` (starting with "/", e.g. "/latest") relative to the database; at most `limit` bytes. */
  get(path: string, limit?: number): Promise<Buffer>;
  /** Where requests go (credentials redacted), once known. */
  describe(): string;
}

let dispatcher: Dispatcher | undefined;
function sharedDispatcher(): Dispatcher {
  dispatcher ??= new Agent({ connections: 8, keepAliveTimeout: 30_000, connect: { timeout: 10_000 }, headersTimeout: 30_000, bodyTimeout: 30_000 }).compose(
    interceptors.redirect({ maxRedirections: 10 }),
  );
  return dispatcher;
}

const DEFAULT_LIMIT = 16 << 20;

/** GET a URL (http, https or file); 404/410 and missing files are SumdbNotFound. */
export async function getBytes(url: string, limit = DEFAULT_LIMIT): Promise<Buffer> {
  if (url.startsWith("file:")) {
    const p = fileURLToPath(url);
    try {
      const st = await fsp.stat(p);
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      if (st.size > limit) throw new SumdbUnavailable(`${url}: ${st.size} bytes, more than the ${limit}-byte limit`);
      return await fsp.readFile(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") throw new SumdbNotFound(`${redact(url)}: not found`);
      throw e instanceof SumdbUnavailable ? e : new SumdbUnavailable(`${redact(url)}: ${(e as Error).message}`);
    }
  }
  const u = new URL(url);
  const headers: Record<string, string> = {};
  if (u.username) {
    headers.authorization = "Basic " + Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString("base64");
    u.username = "";
    u.password = "";
  }
  let res: Dispatcher.ResponseData;
  try {
    res = await request(u.toString(), { method: "GET", headers, dispatcher: sharedDispatcher() });
  } catch (e) {
    throw new SumdbUnavailable(`${redact(url)}: ${(e as Error).message}`);
  }
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    n += (c as Buffer).length;
    if (n > limit) {
      res.body.destroy();
      throw new SumdbUnavailable(`${redact(url)}: the body exceeds the ${limit}-byte limit`);
    }
    chunks.push(c as Buffer);
  }
  const body = Buffer.concat(chunks);
  if (res.statusCode === 404 || res.statusCode === 410) throw new SumdbNotFound(`${redact(url)}: ${res.statusCode} ${body.toString("utf8").slice(0, 200).trim()}`);
  if (res.statusCode !== 200) throw new SumdbUnavailable(`${redact(url)}: ${res.statusCode} ${body.toString("utf8").slice(0, 200).trim()}`, res.statusCode);
  return body;
}

function join2(base: string, rest: string): string {
  return base.replace(/\/+$/, "") + "/" + rest.replace(/^\/+/, "");
}

/** The go command's choice of route to a database, made once and then kept. */
export class ProxiedSumdbTransport implements SumdbTransport {
  private base: Promise<string> | undefined;
  private chosen = "";

  constructor(
    private readonly name: string,
    private readonly proxies: ProxySpec[],
    private readonly explicitUrl: string | undefined,
    private readonly fetchBytes: (url: string, limit?: number) => Promise<Buffer> = getBytes,
  ) {}

  describe(): string {
    return this.chosen ? redact(this.chosen) : "(not contacted yet)";
  }

  private async chooseBase(): Promise<string> {
    if (this.explicitUrl) return this.explicitUrl;
    for (const p of this.proxies) {
      if (p.url === "direct" || p.url === "off") break;
      const base = join2(p.url.startsWith("file:") ? p.url : p.url, `sumdb/${this.name}`);
      try {
        await this.fetchBytes(join2(base, "supported"), 1 << 16);
        return base;
      } catch (e) {
        if (e instanceof SumdbNotFound || p.fallBackOnError) continue;
        throw e;
      }
    }
    return "https://" + this.name;
  }

  async get(path: string, limit?: number): Promise<Buffer> {
    if (!this.base) {
      this.base = this.chooseBase();
      // A failed probe is retried on the next request.
      this.base.then(
        (b) => (this.chosen = b),
        () => (this.base = undefined),
      );
    }
    const base = await this.base;
    return this.fetchBytes(join2(base, path), limit);
  }
}

/** Where on disk a database's data lives inside the store. */
export function sumdbDirs(storeRoot: string, name: string): { tiles: string; state: string } {
  // Tiles and lookups in the GOPROXY file layout (<store>/sumdb/<name>/…),
  // gopin's own state (latest tree head, clock) beside it.
  return { tiles: join(storeRoot, "sumdb", ...name.split("/")), state: join(storeRoot, ".gopin-sumdb", encodeURIComponent(name)) };
}
