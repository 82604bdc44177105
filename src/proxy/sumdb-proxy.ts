// Serves the checksum-database proxy protocol (/sumdb/<name>/supported,
// /latest, /lookup/M@V, /tile/...) for the configured database, so that a go
// command behind gopin verifies go.sum lines through it.
//
//  - /supported: 200 for the configured database, 404 for any other name (go
//    then falls back as it would past any proxy).
//  - /latest: fetched, verified and merged into gopin's timeline each time.
//  - /lookup: private-pattern modules (GONOSUMDB/GOPRIVATE) are refused with
//    403 and never leave the machine; other answers are proven (signature,
//    inclusion, consistency) before they are served, and kept in the store.
//  - full tiles of height 8 (the go command's): authenticated against the
//    latest head, kept in the store; partial and data tiles are forwarded.
import { matchPrefixPatterns } from "../gomod/patterns.js";
import { unescapePath, unescapeVersion } from "../gomod/escape.js";
import { SumdbClient, SumdbSecurityError } from "../sumdb/client.js";
import { SumdbNotFound } from "../sumdb/transport.js";
import { parseTilePath, TILE_HEIGHT, fullTile } from "../sumdb/tlog.js";
import { failed, NotServedError, TEXT, type CacheOutcome, type Content, type ProxyAnswer } from "./answer.js";
import { BadRequestError } from "../protocol/request.js";
import { Refusal } from "../policy/refusal.js";
import { UpstreamFailure } from "../upstream/types.js";
import type { Logger } from "../observe/log.js";

export interface SumdbProxyOptions {
  client?: SumdbClient;
  /** GONOSUMDB-style patterns: never looked up. */
  noSumDb: string;
  logger: Logger;
  /** Where evidence of database misbehaviour is written (it fails the job). */
  journal?: { sumdbProblem(message: string): void };
  /**
   * Settles once gopin's own verdicts on module@version are journaled: go
   * looks a version up before it uses the bytes gopin served, so holding the
   * answer until then means the lock holds the version when go goes on.
   */
  verdictsSettled?: (module: string, version: string) => Promise<void>;
}

export class SumdbProxy {
  constructor(private readonly o: SumdbProxyOptions) {}

  async handle(rawPath: string): Promise<ProxyAnswer> {
    const client = this.o.client;
    const rest = rawPath.slice("/sumdb/".length);
    if (!client || !rest.startsWith(client.name + "/")) {
      const name = rest.split("/")[0] ?? "";
      return failed(new NotServedError(`gopin does not proxy checksum database ${JSON.stringify(name)}${client ? ` (it proxies ${client.name})` : " (GOSUMDB is off)"}`));
    }
    const sub = rest.slice(client.name.length);
    try {
      if (sub === "/supported") return ok(Buffer.alloc(0), TEXT, "none");
      if (sub === "/latest") {
        const head = await client.refresh();
        return ok(head.note, TEXT, "miss");
      }
      if (sub.startsWith("/lookup/")) return await this.lookup(client, sub.slice("/lookup/".length));
      if (sub.startsWith("/tile/")) return await this.tile(client, sub.slice(1));
      return failed(new NotServedError(`gopin: ${rawPath} is not a checksum database path (supported, latest, lookup/MODULE@VERSION, tile/...)`));
    } catch (e) {
      if (e instanceof SumdbNotFound) return failed(e);
      if (e instanceof SumdbSecurityError) {
        this.o.journal?.sumdbProblem(e.message);
        return failed(new Refusal({ module: client.name, rule: "sumdb-security", detail: e.message }));
      }
      this.o.logger.warn("checksum database request failed", { path: rawPath, error: (e as Error).message });
      return failed(new UpstreamFailure(client.name, `gopin: checksum database ${client.name} unavailable: ${(e as Error).message}`));
    }
  }

  private async lookup(client: SumdbClient, mv: string): Promise<ProxyAnswer> {
    const at = mv.lastIndexOf("@");
    let path: string;
    let version: string;
    try {
      if (at <= 0) throw new Error("expected MODULE@VERSION");
      path = unescapePath(decodeURIComponent(mv.slice(0, at)));
      version = unescapeVersion(decodeURIComponent(mv.slice(at + 1)));
    } catch (e) {
      return failed(new BadRequestError(`gopin: invalid checksum database lookup ${JSON.stringify(mv)}: ${(e as Error).message}`));
    }
    if (this.o.noSumDb && matchPrefixPatterns(this.o.noSumDb, path)) {
      return failed(
        new Refusal({
          module: path,
          version,
          rule: "private-lookup",
          violation: false,
          detail: `${path} matches the private patterns (GONOSUMDB/GOPRIVATE ${this.o.noSumDb}); its checksum database lookup is refused and was not sent anywhere`,
        }),
      );
    }
    const r = await client.lookup(path, version);
    await this.o.verdictsSettled?.(path, version);
    // Answered once the lockfile holds the verdicts go's check stands for.
    return { ...ok(r.raw, TEXT, "miss"), recorded: true };
  }

  private async tile(client: SumdbClient, p: string): Promise<ProxyAnswer> {
    let t;
    try {
      t = parseTilePath(p);
    } catch (e) {
      return failed(new BadRequestError(`gopin: ${(e as Error).message}`));
    }
    if (t.l >= 0 && t.h === TILE_HEIGHT && t.w === fullTile(t).w) {
      return ok(await client.authenticatedTile(t), "application/octet-stream", "hit");
    }
    // Partial and data tiles change or are not needed by go; forward them (go checks them itself).
    return ok(await client.readTile(t), "application/octet-stream", "miss");
  }
}

function ok(body: Buffer, contentType: string, cache: CacheOutcome): Content {
  return { ok: true, contentType, cache, body };
}
