// Resolves the proxy's configuration with one precedence rule:
//   command-line flags > GOPIN_* environment > the Go environment (`go env`,
//   which covers GO* variables and the Go env file) > built-in defaults.
import { homedir } from "node:os";
import { join, resolve, dirname, basename } from "node:path";
import { readGoEnv, goBinary, type GoEnv } from "./goenv.js";

export interface ServeConfig {
  listen: string;
  store: string;
  upstream: string;
  /** Private module patterns (GONOPROXY semantics): fetched direct only. */
  private: string;
  /** Patterns excluded from checksum-database lookups (GONOSUMDB semantics). */
  noSumDb: string;
  goBinary: string;
  directModCache: string;
  log: string;
  /** Where each value came from, for diagnostics. */
  sources: Record<string, "flag" | "env" | "go env" | "default">;
}

export interface ServeFlags {
  listen?: string;
  store?: string;
  upstream?: string;
  private?: string;
  log?: string;
}

export function defaultStoreDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(base, "gopin", "store");
}

export async function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env, goEnv?: GoEnv): Promise<ServeConfig> {
  const sources: ServeConfig["sources"] = {};
  const needGo = flags.upstream === undefined && env.GOPIN_UPSTREAM === undefined;
  const ge: GoEnv = goEnv ?? (needGo || flags.private === undefined ? await readGoEnv(env) : {});
  const pick = (name: string, flag: string | undefined, envName: string, goVal: string | undefined, def: string): string => {
    if (flag !== undefined) {
      sources[name] = "flag";
      return flag;
    }
    if (env[envName] !== undefined) {
      sources[name] = "env";
      return env[envName]!;
    }
    if (goVal !== undefined && goVal !== "") {
      sources[name] = "go env";
      return goVal;
    }
    sources[name] = "default";
    return def;
  };
  const store = resolve(pick("store", flags.store, "GOPIN_STORE", undefined, defaultStoreDir(env)));
  // GONOPROXY defaults to GOPRIVATE inside `go env` already.
  const priv = pick("private", flags.private, "GOPIN_PRIVATE", ge.GONOPROXY ?? ge.GOPRIVATE, "");
  return {
    listen: pick("listen", flags.listen, "GOPIN_LISTEN", undefined, "127.0.0.1:0"),
    store,
    upstream: pick("upstream", flags.upstream, "GOPIN_UPSTREAM", ge.GOPROXY, "direct"),
    private: priv,
    noSumDb: ge.GONOSUMDB || ge.GOPRIVATE || priv,
    goBinary: goBinary(env),
    directModCache: join(dirname(store), basename(store) + "-direct-modcache"),
    log: pick("log", flags.log, "GOPIN_LOG", undefined, "stderr"),
    sources,
  };
}
