// The environment later `go` commands see: GOPROXY names gopin alone (no
// silent fallback past it), and GONOPROXY=none so that private modules are
// fetched through gopin too (gopin fetches them `direct` itself and pins them).
//
// The checksum database: GOSUMDB names gopin's database without any URL, so
// go reaches it through gopin's /sumdb/<name>/ (after the /supported probe),
// and GONOSUMDB carries gopin's private patterns. With gopin's database off,
// go's is off too (gopin is then the only source of truth: the lockfile).
export interface ChildSumdb {
  /** GOSUMDB for the child: "off", a name go knows, or NAME+HASH+KEY. */
  goValue: string;
  /** GONOSUMDB patterns. */
  noSumDb: string;
}

export function goEnvThroughGopin(base: NodeJS.ProcessEnv, proxyUrl: string, privatePatterns: string, sumdb?: ChildSumdb): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GOPROXY: proxyUrl, GONOPROXY: "none" };
  if (sumdb) {
    env.GOSUMDB = sumdb.goValue;
    if (sumdb.noSumDb) env.GONOSUMDB = sumdb.noSumDb;
    else delete env.GONOSUMDB;
    return env;
  }
  // Keep checksum-database exclusions for private modules.
  if (privatePatterns) env.GONOSUMDB = base.GONOSUMDB || privatePatterns;
  return env;
}
