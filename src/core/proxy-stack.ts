// Builds and starts the whole proxy (store, upstream chains, service, HTTP
// front) from a resolved configuration. Every entry point (CLI serve, CLI
// run, the Action's daemon) goes through here.
import { Store } from "../store/store.js";
import { UpstreamChain, parseProxyList } from "../upstream/chain.js";
import { ProxyService } from "../proxy/service.js";
import { GopinHttpServer, parseListen } from "../server/http-server.js";
import { Stats } from "../observe/stats.js";
import { createLogger, type Logger } from "../observe/log.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { PolicyEngine } from "../policy/engine.js";

export interface RunningProxy {
  url: string;
  stats: Stats;
  logger: Logger;
  service: ProxyService;
  close(): Promise<void>;
}

export async function startProxy(cfg: ServeConfig, env: NodeJS.ProcessEnv = process.env, policy?: PolicyEngine): Promise<RunningProxy> {
  const { host, port } = parseListen(cfg.listen);
  const logger = createLogger(cfg.log);
  const stats = new Stats();
  const store = new Store(cfg.store);
  await store.init();
  const direct = { goBinary: cfg.goBinary, modCache: cfg.directModCache, env };
  const chain = new UpstreamChain(parseProxyList(cfg.upstream), { direct });
  const privateChain = new UpstreamChain(parseProxyList("direct"), { direct });
  const service = new ProxyService({ store, chain, privateChain, privatePatterns: cfg.private, stats, logger, policy });
  const server = new GopinHttpServer({ service, store, stats, logger });
  const url = await server.listen(host, port);
  logger.info("gopin listening", { url, store: cfg.store, upstream: chain.describe(), private: cfg.private });
  return {
    url,
    stats,
    logger,
    service,
    async close() {
      await server.close();
      await chain.close();
      await logger.close();
    },
  };
}
