// Builds and starts the whole proxy (store, upstream chains, service, HTTP
// front) from a resolved configuration. Every entry point (CLI serve, CLI
// run, the Action's daemon) goes through here.
import { availableParallelism } from "node:os";
import { Store } from "../store/store.js";
import { UpstreamChain, expandMirrors, parseProxyList } from "../upstream/chain.js";
import { ProxyService } from "../proxy/service.js";
import { GopinHttpServer, parseListen } from "../server/http-server.js";
import { Stats } from "../observe/stats.js";
import { createLogger, type Logger } from "../observe/log.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { PolicyBinding } from "../proxy/service.js";
import type { Advice } from "../policy/refusal.js";
import { SumdbClient } from "../sumdb/client.js";
import { ProxiedSumdbTransport } from "../sumdb/transport.js";
import { SumdbProxy } from "../proxy/sumdb-proxy.js";
import { TieredChain } from "../shared/tiered-chain.js";

export interface RunningProxy {
  url: string;
  stats: Stats;
  logger: Logger;
  service: ProxyService;
  /** The upstream chain (its mirror pool reports on itself). */
  chain: UpstreamChain;
  /** The verifying checksum-database client (undefined when GOSUMDB is off). */
  sumdb?: SumdbClient;
  close(): Promise<void>;
}

/** The checksum-database client for a configuration (undefined when off). */
export function createSumdbClient(cfg: ServeConfig): SumdbClient | undefined {
  const db = cfg.sumdbConfig;
  if (!db) return undefined;
  const transport = new ProxiedSumdbTransport(db.name, expandMirrors(parseProxyList(cfg.upstream), cfg.mirrors), db.url);
  return new SumdbClient(db, transport, cfg.store);
}

export async function startProxy(
  cfg: ServeConfig,
  env: NodeJS.ProcessEnv = process.env,
  policy?: PolicyBinding,
  sumdb: SumdbClient | undefined = createSumdbClient(cfg),
  advice: Advice = "cli",
  beforeReply?: () => Promise<void>,
): Promise<RunningProxy> {
  const { host, port } = parseListen(cfg.listen);
  const logger = createLogger(cfg.log);
  const stats = new Stats();
  const store = new Store(cfg.store, {
    onEvict: (e) => {
      stats.storeEvictions++;
      logger.warn("evicted a bad store entry; it is fetched again", { file: e.rel, reason: e.reason });
      policy?.journal.storeEvicted(e);
    },
  });
  await store.init();
  const direct = { goBinary: cfg.goBinary, modCache: cfg.directModCache, env, noSumDb: cfg.noSumDb, private: cfg.private };
  const chain = new UpstreamChain(parseProxyList(cfg.upstream), { direct, mirrors: cfg.mirrors });
  const privateChain = new UpstreamChain(parseProxyList("direct"), { direct });
  // The shared tier sits between the local store and the upstreams (private modules: only when allowed).
  // The S3 client (~20 MiB, a few hundred ms to load) only when a shared store is configured.
  const shared = cfg.shared ? new (await import("../shared/tier.js")).SharedTier(cfg.shared, store, logger, env) : undefined;
  if (shared) stats.sharedTier = shared;
  const service = new ProxyService({
    store,
    chain: shared ? new TieredChain(shared, chain) : chain,
    privateChain: shared && cfg.shared?.private ? new TieredChain(shared, privateChain) : privateChain,
    privatePatterns: cfg.private,
    stats,
    logger,
    policy,
    readAhead: cfg.readAhead,
    ...(shared ? { shared } : {}),
  });
  const sumdbProxy = new SumdbProxy({
    client: sumdb,
    noSumDb: cfg.noSumDb,
    logger,
    ...(policy ? { journal: policy.journal } : {}),
    verdictsSettled: (module, version) => service.verdictsSettled(module, version),
  });
  const server = new GopinHttpServer({ service, store, stats, logger, sumdb: sumdbProxy, advice, ...(beforeReply ? { beforeReply } : {}) });
  const url = await server.listen(host, port);
  // Verify mode: the locked zips in the store are checked while go starts.
  if (cfg.checkStoreAtStart) service.startStoreChecks(Math.min(4, availableParallelism()));
  logger.info("gopin listening", { url, store: cfg.store, upstream: chain.describe(), private: cfg.private, sumdb: sumdb?.name ?? "off", ...(shared ? { shared: `${shared.cfg.url} (${shared.cfg.mode})` } : {}) });
  return {
    url,
    stats,
    logger,
    service,
    chain,
    sumdb,
    async close() {
      await server.close();
      // What the checksum-database clock learnt since its last write.
      await sumdb?.flush().catch((e: unknown) => logger.warn("cannot write the checksum database clock", { error: (e as Error).message }));
      // Uploads wait (bounded) for what the job admitted; then the client goes.
      await shared?.close();
      await chain.close();
      await logger.close();
    },
  };
}
