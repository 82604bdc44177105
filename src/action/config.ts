// The Action's configuration, with the product's one precedence rule:
//   action inputs > environment (GOPIN_*, then Go's own variables through
//   `go env`) > the Go env file (also through `go env`) > built-in defaults.
//
// main settles only what it needs itself (lockfile, mode, cache, where gopin
// keeps its files). The upstream chain, private patterns and checksum
// database are the daemon's: inputs become its flags, and it resolves the
// rest with the same precedence as the CLI and reports the result in its
// ready file, which main exports as it is.
//
// An input counts as given only when it is non-empty, which is why action.yml
// declares no defaults for inputs that have an environment fallback: the
// runner would otherwise always pass the default and hide the environment.
import { precedencePicker } from "../config/precedence.js";
import { needsGoEnv as serveNeedsGoEnv, type ServeFlags } from "../config/serve-config.js";
import { resolve, relative, isAbsolute, join } from "node:path";

export type SaveCachePolicy = "always" | "default-branch" | "never";

/** Raw inputs as the runner passes them ("" when not given). */
export interface RawInputs {
  lockfile: string;
  mode: string;
  upstream: string;
  private: string;
  asOf: string;
  minReleaseAge: string;
  allow: string;
  cache: string;
  saveCache: string;
  summary: string;
  sharedStore: string;
  sharedStoreMode: string;
  sharedStorePrivate: string;
}

export const INPUT_NAMES: Record<keyof RawInputs, string> = {
  lockfile: "lockfile",
  mode: "mode",
  upstream: "upstream",
  private: "private",
  asOf: "as-of",
  minReleaseAge: "min-release-age",
  allow: "allow",
  cache: "cache",
  saveCache: "save-cache",
  summary: "summary",
  sharedStore: "shared-store",
  sharedStoreMode: "shared-store-mode",
  sharedStorePrivate: "shared-store-private",
};

export interface ActionConfig {
  workspace: string;
  /** Absolute path of the lockfile. */
  lockfile: string;
  mode: "auto" | "verify" | "record";
  /** Time-window flags for the daemon; undefined lets the daemon fall back (GOPIN_* env, then the lockfile's policy). */
  asOf?: string;
  minReleaseAge?: string;
  allow: string[];
  cache: boolean;
  saveCache: SaveCachePolicy;
  summary: boolean;
  /** Where gopin keeps its files for the job (under RUNNER_TEMP). */
  home: string;
  store: string;
  sources: Record<string, "input" | "env" | "go env" | "default">;
}

export class InputError extends Error {}

export function parseBool(name: string, text: string, def: boolean): boolean {
  const t = text.trim().toLowerCase();
  if (t === "") return def;
  if (["true", "yes", "on", "1"].includes(t)) return true;
  if (["false", "no", "off", "0"].includes(t)) return false;
  throw new InputError(`input "${name}" must be true or false, got "${text}"`);
}

export function parseSaveCache(text: string): SaveCachePolicy {
  const t = text.trim().toLowerCase();
  if (t === "" || t === "always" || t === "true") return "always";
  if (t === "never" || t === "false") return "never";
  if (t === "default-branch") return "default-branch";
  throw new InputError(`input "save-cache" must be always, default-branch or never, got "${text}"`);
}

function splitList(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

/** An input's value, or undefined when not given (the runner passes "" for those). */
function given(input: string): string | undefined {
  return input.trim() === "" ? undefined : input.trim();
}

/** The daemon's proxy flags: only what inputs give (the daemon resolves the rest). */
export function daemonServeFlags(inputs: RawInputs): ServeFlags {
  return {
    upstream: given(inputs.upstream),
    private: given(inputs.private),
    sharedStore: given(inputs.sharedStore),
    sharedStoreMode: given(inputs.sharedStoreMode),
    sharedStorePrivate: given(inputs.sharedStorePrivate),
  };
}

/** Whether the daemon will read `go env` (so the go command must be there). */
export function needsGoEnv(inputs: RawInputs, env: NodeJS.ProcessEnv): boolean {
  return serveNeedsGoEnv(daemonServeFlags(inputs), env);
}

export function resolveActionConfig(inputs: RawInputs, env: NodeJS.ProcessEnv, cwd = process.cwd()): ActionConfig {
  const sources: ActionConfig["sources"] = {};
  const pickValue = precedencePicker(env, sources, "input");
  const pick = (name: string, input: string, envName: string | undefined, goVal: string | undefined, def: string): string =>
    pickValue(name, given(input), envName, goVal, def);
  const workspace = env.GITHUB_WORKSPACE || cwd;
  const lockfile = resolve(workspace, pick("lockfile", inputs.lockfile, "GOPIN_LOCKFILE", undefined, "gopin.lock"));
  const mode = pick("mode", inputs.mode, "GOPIN_MODE", undefined, "auto");
  if (mode !== "auto" && mode !== "verify" && mode !== "record") throw new InputError(`input "mode" must be auto, verify or record, got "${mode}"`);
  const asOf = given(inputs.asOf);
  const minReleaseAge = given(inputs.minReleaseAge);
  const allow = splitList(inputs.allow);

  const tempRoot = env.RUNNER_TEMP || join(workspace, ".gopin-tmp");
  const home = join(tempRoot, "gopin");
  return {
    workspace,
    lockfile,
    mode,
    asOf,
    minReleaseAge,
    allow,
    cache: parseBool("cache", inputs.cache, true),
    saveCache: parseSaveCache(inputs.saveCache),
    summary: parseBool("summary", inputs.summary, true),
    home,
    store: join(home, "store"),
    sources,
  };
}

/**
 * The path given to the Actions cache for the store. The cache "version"
 * hashes this text, so it must be the same in the step that restores and the
 * one that saves, and across the jobs that share entries: on a runner,
 * RUNNER_TEMP is a fixed directory, so the absolute path is. (The toolkit's
 * glob refuses "..", so a path relative to the workspace is used only when
 * the store is inside it.)
 */
export function cachePathFor(store: string, cwd = process.cwd()): string {
  const rel = relative(cwd, store);
  if (rel === "" || isAbsolute(rel) || rel.split(/[\\/]/).includes("..")) return store;
  return rel.split("\\").join("/");
}

/**
 * The daemon's `gopin serve` arguments (after the CLI script). The upstream
 * and private patterns are passed only when given as inputs: otherwise the
 * daemon resolves them itself with the same precedence (GOPIN_* environment,
 * then `go env`), so main does not wait for `go env` before starting it.
 */
export function serveArgs(cfg: ActionConfig, inputs: RawInputs, files: { report: string; ready: string }): string[] {
  const args = ["serve", "--listen", "127.0.0.1:0", "--store", cfg.store, "--ready-file", files.ready, "--advice", "action"];
  const flags = daemonServeFlags(inputs);
  if (flags.upstream !== undefined) args.push("--upstream", flags.upstream);
  if (flags.private !== undefined) args.push("--private", flags.private);
  if (flags.sharedStore !== undefined) args.push("--shared-store", flags.sharedStore);
  if (flags.sharedStoreMode !== undefined) args.push("--shared-store-mode", flags.sharedStoreMode);
  if (flags.sharedStorePrivate !== undefined) args.push("--shared-store-private", flags.sharedStorePrivate);
  args.push(
    "--log",
    "stderr",
    "--mode",
    cfg.mode,
    "--lockfile",
    cfg.lockfile,
    "--report",
    files.report,
    "--quiet",
  );
  if (cfg.asOf !== undefined) args.push("--as-of", cfg.asOf);
  if (cfg.minReleaseAge !== undefined) args.push("--min-release-age", cfg.minReleaseAge);
  for (const a of cfg.allow) args.push("--allow", a);
  return args;
}
