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
import { parseMirrors } from "../upstream/pool.js";

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
  buildCache: string;
  saveCache: string;
  summary: string;
  uploadArtifact: string;
  artifactName: string;
  /** Space-separated mirror URLs for the daemon's pool. */
  mirrors?: string;
  /** Run `gopin check-mirrors` in the main step. */
  checkMirrors?: string;
  sharedStore: string;
  sharedStoreMode: string;
  sharedStorePrivate: string;
  /** Lay the locked modules out in the module cache in verify mode (default true). */
  prefillModcache?: string;
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
  buildCache: "build-cache",
  saveCache: "save-cache",
  summary: "summary",
  uploadArtifact: "upload-artifact",
  artifactName: "artifact-name",
  mirrors: "mirrors",
  checkMirrors: "check-mirrors",
  sharedStore: "shared-store",
  sharedStoreMode: "shared-store-mode",
  sharedStorePrivate: "shared-store-private",
  prefillModcache: "prefill-modcache",
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
  /** Keep GOCACHE in the Actions cache too (build-cache.ts). */
  buildCache: boolean;
  saveCache: SaveCachePolicy;
  summary: boolean;
  artifact: ArtifactSettings;
  /** Mirrors to compare with the lockfile in the main step (`check-mirrors: true`); [] when not asked. */
  checkMirrors: string[];
  /** Where gopin keeps its files for the job: $GOPIN_HOME, else $RUNNER_TEMP/gopin. */
  home: string;
  store: string;
  /** The job's module cache (GOMODCACHE for later steps): gopin's own, emptied when main starts. */
  modCache: string;
  /** In verify mode, extract the locked zips of the restored store into modCache before the job's go commands (src/modcache/prefill.ts). */
  prefill: boolean;
  /** The GOCACHE the Action restores into and exports. */
  goCache: string;
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
    mirrors: given(inputs.mirrors ?? ""),
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

/** Whether and under which name the post step uploads the lockfile and the JSON report. */
export interface ArtifactSettings {
  /** true: every job; false: never; "auto": when the job leaves something to keep (artifact.ts worthKeeping). */
  upload: boolean | "auto";
  name: string;
}

// Characters the artifact service refuses in a name.
const BAD_ARTIFACT_CHARS = /[":<>|*?\\/\r\n]/;

export function artifactSettings(inputs: Pick<RawInputs, "uploadArtifact" | "artifactName">, env: NodeJS.ProcessEnv): ArtifactSettings {
  const t = inputs.uploadArtifact.trim().toLowerCase();
  let upload: boolean | "auto" = "auto";
  if (t !== "" && t !== "auto") {
    try {
      upload = parseBool("upload-artifact", inputs.uploadArtifact, true);
    } catch {
      throw new InputError(`input "upload-artifact" must be auto, true or false, got "${inputs.uploadArtifact}"`);
    }
  }
  const name = given(inputs.artifactName) ?? `gopin-${env.GITHUB_JOB || "job"}`;
  if (BAD_ARTIFACT_CHARS.test(name)) throw new InputError(`input "artifact-name" must not contain " : < > | * ? \\ / or a newline, got "${name}"`);
  return { upload, name };
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

  // GOPIN_HOME: a fixed place for self-hosted runners whose RUNNER_TEMP
  // changes from job to job (the cache version hashes the store's path).
  const home = env.GOPIN_HOME ? resolve(workspace, env.GOPIN_HOME) : join(env.RUNNER_TEMP || join(workspace, ".gopin-tmp"), "gopin");
  return {
    workspace,
    lockfile,
    mode,
    asOf,
    minReleaseAge,
    allow,
    cache: parseBool("cache", inputs.cache, true),
    buildCache: parseBool("build-cache", inputs.buildCache, true),
    saveCache: parseSaveCache(inputs.saveCache),
    summary: parseBool("summary", inputs.summary, true),
    artifact: artifactSettings(inputs, env),
    checkMirrors: mirrorsToCheck(inputs, env),
    home,
    store: join(home, "store"),
    modCache: join(home, "modcache"),
    prefill: parseBool("prefill-modcache", inputs.prefillModcache ?? "", true),
    goCache: join(home, "gocache"),
    sources,
  };
}

function mirrorsToCheck(inputs: RawInputs, env: NodeJS.ProcessEnv): string[] {
  if (!parseBool("check-mirrors", inputs.checkMirrors ?? "", false)) return [];
  let mirrors: string[];
  try {
    mirrors = parseMirrors(given(inputs.mirrors ?? "") ?? env.GOPIN_MIRRORS ?? "");
  } catch (e) {
    throw new InputError(`input "mirrors": ${(e as Error).message}`);
  }
  if (mirrors.length === 0) throw new InputError(`input "check-mirrors" needs the mirrors to compare: set the "mirrors" input (or GOPIN_MIRRORS)`);
  return mirrors;
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
  // The cache restores into the store while the daemon starts, so the daemon
  // must not check the store's zips then (it would read them half
  // extracted); the prefill checks every zip it lays out, and the request
  // path checks any other on its first use.
  const args = ["serve", "--listen", "127.0.0.1:0", "--store", cfg.store, "--ready-file", files.ready, "--advice", "action", "--check-store-at-start", "off"];
  const flags = daemonServeFlags(inputs);
  if (flags.upstream !== undefined) args.push("--upstream", flags.upstream);
  if (flags.mirrors !== undefined) args.push("--mirrors", flags.mirrors);
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
