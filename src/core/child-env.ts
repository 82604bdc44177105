// The environment later `go` commands see, resolved once by the daemon (or
// `gopin run`) from the configuration it serves with: the CLI gives it to its
// child, and the Action exports exactly this (read from the ready file).
//
//  - GOPROXY names gopin alone (no silent fallback past it), and
//    GONOPROXY=none so that private modules are fetched through gopin too
//    (gopin fetches them `direct` itself and pins them).
//  - GOSUMDB names gopin's checksum database without any URL, so go reaches
//    it through gopin's /sumdb/<name>/ (after the /supported probe); "off"
//    when gopin's is off (the lockfile is then the only source of truth).
//  - GONOSUMDB and GOPRIVATE carry the private patterns, so no private path
//    is ever looked up in a checksum database.
import type { ServeConfig } from "../config/serve-config.js";

export const CHILD_ENV_NAMES = ["GOPROXY", "GONOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE"] as const;

export type ChildEnv = Record<(typeof CHILD_ENV_NAMES)[number], string>;

export function childGoEnv(proxyUrl: string, cfg: Pick<ServeConfig, "sumdbConfig" | "noSumDb" | "goPrivate">): ChildEnv {
  return {
    GOPROXY: proxyUrl,
    GONOPROXY: "none",
    GOSUMDB: cfg.sumdbConfig?.goValue ?? "off",
    GONOSUMDB: cfg.noSumDb,
    GOPRIVATE: cfg.goPrivate,
  };
}

/** `base` with the child variables set (empty ones removed, as go treats them alike). */
export function withChildEnv(base: NodeJS.ProcessEnv, child: ChildEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of CHILD_ENV_NAMES) {
    if (child[k] === "") delete env[k];
    else env[k] = child[k];
  }
  return env;
}
