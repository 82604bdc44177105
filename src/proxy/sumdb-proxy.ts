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
import type { ProxyAnswer } from "./service.js";
import { refusal } from "./service.js";
import type { Logger } from "../observe/log.js";

export interface SumdbProxyOptions {
  client?: SumdbClient;
  /** GONOSUMDB-style patterns: never looked up. */
  noSumDb: string;
  logger: Logger;
  /** Called for evidence of database misbehaviour (it fails the job). */
  onSecurityError?: (message: string) => void;
}

const TEXT = "text/plain; charset=utf-8";

export class SumdbProxy {
  constructor(private readonly o: SumdbProxyOptions) {}

  async handle(rawPath: string): Promise<ProxyAnswer> {
    const client = this.o.client;
    const rest = rawPath.slice("/sumdb/".length);
    if (!client || !rest.startsWith(client.name + "/")) {
      const name = rest.split("/")[0] ?? "";
      return refusal(404, `gopin does not proxy checksum database ${JSON.stringify(name)}${client ? ` (it proxies ${client.name})` : " (GOSUMDB is off)"}`);
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
      return refusal(404, `gopin: ${rawPath} is not a checksum database path (supported, latest, lookup/MODULE@VERSION, tile/...)`);
    } catch (e) {
      if (e instanceof SumdbNotFound) return refusal(404, e.message);
      if (e instanceof SumdbSecurityError) {
        this.o.onSecurityError?.(e.message);
        return { ...refusal(502, `gopin: ${e.message}`), violation: { reason: e.message } };
      }
      this.o.logger.warn("checksum database request failed", { path: rawPath, error: (e as Error).message });
      return refusal(502, `gopin: checksum database ${client.name} unavailable: ${(e as Error).message}`);
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
      return refusal(400, `gopin: invalid checksum database lookup ${JSON.stringify(mv)}: ${(e as Error).message}`);
    }
    if (this.o.noSumDb && matchPrefixPatterns(this.o.noSumDb, path)) {
      return refusal(403, `gopin: ${path} matches the private patterns (GONOSUMDB/GOPRIVATE ${this.o.noSumDb}); its checksum database lookup is refused and was not sent anywhere`);
    }
    const r = await client.lookup(path, version);
    return ok(r.raw, TEXT, "miss");
  }

  private async tile(client: SumdbClient, p: string): Promise<ProxyAnswer> {
    let t;
    try {
      t = parseTilePath(p);
    } catch (e) {
      return refusal(400, `gopin: ${(e as Error).message}`);
    }
    if (t.l >= 0 && t.h === TILE_HEIGHT && t.w === fullTile(t).w) {
      return ok(await client.authenticatedTile(t), "application/octet-stream", "hit");
    }
    // Partial and data tiles change or are not needed by go; forward them (go checks them itself).
    return ok(await client.readTile(t), "application/octet-stream", "miss");
  }
}

function ok(body: Buffer, contentType: string, cache: ProxyAnswer["cache"]): ProxyAnswer {
  return { status: 200, contentType, cache, body };
}
