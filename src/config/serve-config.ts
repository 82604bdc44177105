// Resolves the proxy's configuration with one precedence rule:
//   command-line flags > GOPIN_* environment > the Go environment (`go env`,
//   which covers GO* variables and the Go env file) > built-in defaults.
import { addPatterns, describeSource, precedencePicker, type Pick } from "./precedence.js";
import { scrub } from "../observe/scrub.js";
import { homedir } from "node:os";
import { join, resolve, dirname, basename } from "node:path";
import { readGoEnv, goBinary, GO_ENV_KEYS, type GoEnv } from "./goenv.js";
import { parseGoSumdb, type SumdbConfig } from "../sumdb/config.js";
import { isHttpEntry, parseProxyList } from "../upstream/chain.js";
import { parseMirrors } from "../upstream/pool.js";
import { parseOnOff, parseSharedStoreMode, parseSharedStoreUrl, type SharedStoreConfig } from "../shared/location.js";

export interface ServeConfig {
  listen: string;
  store: string;
  upstream: string;
  /** Equivalent mirrors pooled in place of the upstream chain's first HTTP entry ([]: no pool). */
  mirrors: string[];
  /** Private module patterns (GONOPROXY semantics): fetched direct only. */
  private: string;
  /** Patterns excluded from checksum-database lookups (GONOSUMDB semantics); always includes `private`. */
  noSumDb: string;
  /** GOPRIVATE for later go commands: go env's plus the private patterns ("" when there are none). */
  goPrivate: string;
  /** The checksum database, as a GOSUMDB value ("off" disables it; absent: off). */
  sumdb?: string;
  /** The parsed database (undefined when off). */
  sumdbConfig?: SumdbConfig;
  goBinary: string;
  directModCache: string;
  log: string;
  /** Start fetching a version's .mod and .zip when its .info is asked for. */
  readAhead: boolean;
  /** Verify mode: check the locked zips in the store as the daemon starts (else each on its first use). */
  checkStoreAtStart: boolean;
  /** The org-wide shared store behind the local one (absent: none). */
  shared?: SharedStoreConfig;
  /** Where each value came from, for diagnostics. */
  sources: Record<string, "flag" | "env" | "go env" | "default">;
}

export interface ServeFlags {
  listen?: string;
  store?: string;
  upstream?: string;
  /** Space-separated mirror URLs. */
  mirrors?: string;
  private?: string;
  log?: string;
  /** GOSUMDB-style: off, NAME, NAME+HASH+KEY, or "KEY URL". */
  sumdb?: string;
  /** GONOSUMDB-style patterns never looked up in the checksum database. */
  noSumDb?: string;
  /** "on" (default) or "off". */
  readAhead?: string;
  /** "on" (default) or "off". */
  checkStoreAtStart?: string;
  /** `s3://bucket/prefix`. */
  sharedStore?: string;
  /** "read-write" (default) or "read". */
  sharedStoreMode?: string;
  /** "on" or "off" (default): private modules go to the shared store too. */
  sharedStorePrivate?: string;
  /** "on" or "off"; default: on when AWS_ENDPOINT_URL(_S3) is set. */
  sharedStorePathStyle?: string;
}

function goVarsOf(env: NodeJS.ProcessEnv): GoEnv {
  const out: GoEnv = {};
  for (const k of GO_ENV_KEYS) if (env[k] !== undefined) out[k] = env[k];
  return out;
}

export function defaultStoreDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(base, "gopin", "store");
}

/** Whether resolving needs `go env` (some value is not given by a flag or GOPIN_*). */
export function needsGoEnv(flags: ServeFlags, env: NodeJS.ProcessEnv): boolean {
  return (
    (flags.upstream === undefined && env.GOPIN_UPSTREAM === undefined) ||
    (flags.private === undefined && env.GOPIN_PRIVATE === undefined) ||
    (flags.sumdb === undefined && env.GOPIN_SUMDB === undefined)
  );
}

export async function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env, goEnv?: GoEnv): Promise<ServeConfig> {
  const sources: ServeConfig["sources"] = {};
  const needGo =
    (flags.upstream === undefined && env.GOPIN_UPSTREAM === undefined) ||
    flags.private === undefined ||
    (flags.sumdb === undefined && env.GOPIN_SUMDB === undefined);
  // Without `go env`, Go's own variables still count (only the Go env file is skipped).
  const ge: GoEnv = goEnv ?? (needGo ? await readGoEnv(env) : goVarsOf(env));
  const pick = precedencePicker(env, sources, "flag");
  const store = resolve(pick("store", flags.store, "GOPIN_STORE", undefined, defaultStoreDir(env)));
  // GONOPROXY defaults to GOPRIVATE inside `go env` already.
  const priv = pick("private", flags.private, "GOPIN_PRIVATE", ge.GONOPROXY ?? ge.GOPRIVATE, "");
  // GOSUMDB's default (in go env) is sum.golang.org; GONOSUMDB defaults to GOPRIVATE there.
  const sumdb = pick("sumdb", flags.sumdb, "GOPIN_SUMDB", ge.GOSUMDB, "sum.golang.org");
  let sumdbConfig: SumdbConfig | undefined;
  try {
    sumdbConfig = parseGoSumdb(sumdb);
  } catch (e) {
    throw new Error(`${(e as Error).message} (from ${describeSource(sources.sumdb, { explicit: "--sumdb", env: "GOPIN_SUMDB", goEnv: "GOSUMDB" })})`);
  }
  const readAhead = pick("readAhead", flags.readAhead, "GOPIN_READ_AHEAD", undefined, "on");
  if (readAhead !== "on" && readAhead !== "off") {
    throw new Error(`read-ahead must be "on" or "off", got ${JSON.stringify(readAhead)} (from ${describeSource(sources.readAhead, { explicit: "--read-ahead", env: "GOPIN_READ_AHEAD" })})`);
  }
  const checkStoreAtStart = pick("checkStoreAtStart", flags.checkStoreAtStart, "GOPIN_CHECK_STORE_AT_START", undefined, "on");
  if (checkStoreAtStart !== "on" && checkStoreAtStart !== "off") {
    throw new Error(
      `check-store-at-start must be "on" or "off", got ${JSON.stringify(checkStoreAtStart)} (from ${describeSource(sources.checkStoreAtStart, { explicit: "--check-store-at-start", env: "GOPIN_CHECK_STORE_AT_START" })})`,
    );
  }
  // Private modules are never looked up in a checksum database, whatever
  // else GONOSUMDB (or --nosumdb, GOPIN_NOSUMDB) says.
  const noSumDb = addPatterns(pick("noSumDb", flags.noSumDb, "GOPIN_NOSUMDB", ge.GONOSUMDB || ge.GOPRIVATE, ""), priv);
  const upstream = pick("upstream", flags.upstream, "GOPIN_UPSTREAM", ge.GOPROXY, "direct");
  return {
    listen: pick("listen", flags.listen, "GOPIN_LISTEN", undefined, "127.0.0.1:0"),
    store,
    upstream,
    mirrors: resolveMirrors(pick, sources, flags.mirrors, upstream),
    private: priv,
    noSumDb,
    goPrivate: priv !== "" ? addPatterns(ge.GOPRIVATE ?? "", priv) : "",
    sumdb: sumdbConfig ? sumdb : "off",
    sumdbConfig,
    goBinary: goBinary(env),
    directModCache: join(dirname(store), basename(store) + "-direct-modcache"),
    log: pick("log", flags.log, "GOPIN_LOG", undefined, "stderr"),
    readAhead: readAhead === "on",
    checkStoreAtStart: checkStoreAtStart === "on",
    ...sharedStoreOf(flags, pick, sources),
    sources,
  };
}

/**
 * The mirror pool takes the place of the chain's first HTTP entry. A chain
 * with none is replaced by the pool, unless that chain was asked for
 * explicitly (a flag or GOPIN_UPSTREAM): then the two contradict each other.
 */
function resolveMirrors(pick: Pick, sources: ServeConfig["sources"], flag: string | undefined, upstream: string): string[] {
  const names = { explicit: "--mirrors", env: "GOPIN_MIRRORS" };
  const text = pick("mirrors", flag, "GOPIN_MIRRORS", undefined, "");
  let mirrors: string[];
  try {
    mirrors = parseMirrors(text);
  } catch (e) {
    throw new Error(`${(e as Error).message} (from ${describeSource(sources.mirrors, names)})`);
  }
  if (mirrors.length > 0 && (sources.upstream === "flag" || sources.upstream === "env") && !parseProxyList(upstream).some(isHttpEntry)) {
    throw new Error(
      `the mirror pool (from ${describeSource(sources.mirrors, names)}) takes the place of the upstream chain's first HTTP proxy, but ${JSON.stringify(scrub(upstream))} (from ${describeSource(sources.upstream, { explicit: "--upstream", env: "GOPIN_UPSTREAM" })}) has none: add the pool's place, e.g. "https://mirror.example,direct", or drop the upstream setting`,
    );
  }
  return mirrors;
}

function sharedStoreOf(flags: ServeFlags, pick: ReturnType<typeof precedencePicker>, sources: ServeConfig["sources"]): { shared?: SharedStoreConfig } {
  const url = pick("sharedStore", flags.sharedStore, "GOPIN_SHARED_STORE", undefined, "");
  if (url === "") return {};
  const from = (name: string, flag: string, env: string) => describeSource(sources[name], { explicit: flag, env });
  const { bucket, prefix } = parseSharedStoreUrl(url, from("sharedStore", "--shared-store", "GOPIN_SHARED_STORE"));
  const mode = parseSharedStoreMode(pick("sharedStoreMode", flags.sharedStoreMode, "GOPIN_SHARED_STORE_MODE", undefined, "read-write"), from("sharedStoreMode", "--shared-store-mode", "GOPIN_SHARED_STORE_MODE"));
  const priv = parseOnOff("shared-store-private", pick("sharedStorePrivate", flags.sharedStorePrivate, "GOPIN_SHARED_STORE_PRIVATE", undefined, "off"), from("sharedStorePrivate", "--shared-store-private", "GOPIN_SHARED_STORE_PRIVATE"));
  const pathStyle = pick("sharedStorePathStyle", flags.sharedStorePathStyle, "GOPIN_SHARED_STORE_PATH_STYLE", undefined, "");
  return {
    shared: {
      url,
      bucket,
      prefix,
      mode,
      private: priv,
      ...(pathStyle !== "" ? { pathStyle: parseOnOff("shared-store-path-style", pathStyle, from("sharedStorePathStyle", "--shared-store-path-style", "GOPIN_SHARED_STORE_PATH_STYLE")) } : {}),
    },
  };
}
