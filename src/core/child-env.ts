// The environment later `go` commands see: GOPROXY names gopin alone (no
// silent fallback past it), and GONOPROXY=none so that private modules are
// fetched through gopin too (gopin fetches them `direct` itself and pins them).
export function goEnvThroughGopin(base: NodeJS.ProcessEnv, proxyUrl: string, privatePatterns: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GOPROXY: proxyUrl, GONOPROXY: "none" };
  // Keep checksum-database exclusions for private modules.
  if (privatePatterns) env.GONOSUMDB = base.GONOSUMDB || privatePatterns;
  return env;
}
