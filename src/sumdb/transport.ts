// How gopin reaches a checksum database, decided the way the go command
// decides it (cmd/go/internal/modfetch/sumdb.go, initBase):
//
//  - an explicit URL in GOSUMDB ("KEY URL") is used as is, bypassing proxies;
//  - otherwise each GOPROXY entry in turn is asked for
//    <proxy>/sumdb/<name>/supported: 200 means "use <proxy>/sumdb/<name>
//    and nothing else"; 404/410 (or any error after a "|") means try the next
//    entry; any other failure means the database is unavailable;
//  - "direct", "off", or running out of entries means https://<name>.
import { join } from "node:path";
import { scrub } from "../observe/scrub.js";
import type { ProxySpec } from "../upstream/chain.js";
import { FileUpstream } from "../upstream/file.js";
import { HttpUpstream } from "../upstream/http.js";
import { NotFoundError, UpstreamFailure, type PathFetcher } from "../upstream/types.js";

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

const DEFAULT_LIMIT = 16 << 20;

/**
 * The upstream for a base URL. Requests to the database go through the same
 * HTTP client as module files: .netrc credentials, timeouts, slow-body
 * watchdog and size limits alike.
 */
function openBase(url: string): PathFetcher {
  return url.startsWith("file:") ? new FileUpstream(url) : new HttpUpstream(url);
}

/** The go command's choice of route to a database, made once and then kept. */
export class ProxiedSumdbTransport implements SumdbTransport {
  private route: Promise<{ via: PathFetcher; prefix: string }> | undefined;
  private chosen = "";

  constructor(
    private readonly name: string,
    private readonly proxies: ProxySpec[],
    private readonly explicitUrl: string | undefined,
    private readonly open: (url: string) => PathFetcher = openBase,
  ) {}

  describe(): string {
    return this.chosen ? scrub(this.chosen) : "(not contacted yet)";
  }

  private async chooseRoute(): Promise<{ via: PathFetcher; prefix: string }> {
    if (this.explicitUrl) return { via: this.open(this.explicitUrl), prefix: "" };
    for (const p of this.proxies) {
      if (p.url === "direct" || p.url === "off") break;
      const route = { via: this.open(p.url), prefix: `sumdb/${this.name}/` };
      try {
        await this.fetch(route, "supported", 1 << 16);
        return route;
      } catch (e) {
        if (e instanceof SumdbNotFound || p.fallBackOnError) continue;
        throw e;
      }
    }
    return { via: this.open("https://" + this.name), prefix: "" };
  }

  private async fetch(route: { via: PathFetcher; prefix: string }, path: string, limit = DEFAULT_LIMIT): Promise<Buffer> {
    const rel = route.prefix + path.replace(/^\/+/, "");
    try {
      const r = await route.via.fetchPath(rel, `checksum database ${this.name} (${path.replace(/^\/+/, "")})`, undefined, limit);
      return r.body!;
    } catch (e) {
      if (e instanceof NotFoundError) throw new SumdbNotFound(e.message);
      if (e instanceof UpstreamFailure) throw new SumdbUnavailable(e.message, e.status);
      throw e;
    }
  }

  async get(path: string, limit?: number): Promise<Buffer> {
    if (!this.route) {
      this.route = this.chooseRoute();
      // A failed probe is retried on the next request.
      this.route.then(
        (r) => (this.chosen = r.via.name + (r.prefix ? "/" + r.prefix.replace(/\/$/, "") : "")),
        () => (this.route = undefined),
      );
    }
    return this.fetch(await this.route, path, limit);
  }
}

/** Where on disk a database's data lives inside the store. */
export function sumdbDirs(storeRoot: string, name: string): { tiles: string; state: string } {
  // Tiles and lookups in the GOPROXY file layout (<store>/sumdb/<name>/…),
  // gopin's own state (latest tree head, clock) beside it.
  return { tiles: join(storeRoot, "sumdb", ...name.split("/")), state: join(storeRoot, ".gopin-sumdb", encodeURIComponent(name)) };
}
