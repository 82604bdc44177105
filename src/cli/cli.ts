// `gopin` command line: a thin layer over the shared core. runCli() is the
// whole command; src/entries/cli.ts only calls it and exits with its code.
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { resolveServeConfig, type ServeFlags } from "../config/serve-config.js";
import { resolvePolicyConfig, ConfigError, type PolicyFlags } from "../config/policy-config.js";
import { startProxy } from "../core/proxy-stack.js";
import { startSession, writeReportFiles, type Outcome, type Session } from "../core/session.js";
import { childGoEnv, withChildEnv } from "../core/child-env.js";
import { writeReadyFile } from "../core/handshake.js";
import { lockfileLine, renderMarkdown, type MarkdownOptions } from "../report/render.js";
import { lockfileAtRevision, lockfileFromFile } from "../core/base-lockfile.js";
import { relative, resolve } from "node:path";
import type { Advice, Mode } from "../policy/refusal.js";
import { scrub } from "../observe/scrub.js";
import { goBinary } from "../config/goenv.js";
import { fetchGoSumEntries } from "./go-sum.js";

/** Everything gopin says on stderr, scrubbed of credentials. */
function say(text: string): void {
  process.stderr.write(scrub(text));
}
import { appendFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseMirrors } from "../upstream/pool.js";
import { readLockfile } from "../lock/io.js";
import { checkMirrors } from "../core/mirror-check.js";
import { renderMirrorCheckJson, renderMirrorCheckMarkdown } from "../report/mirror-check.js";
import { removeModuleCache, runModuleCache } from "../core/modcache.js";
import { hasModCacheRW, prefillModuleCache, prefillText } from "../modcache/prefill.js";

const USAGE = `gopin — a pinned-state Go module proxy for CI

Usage:
  gopin run   [flags] -- COMMAND [ARGS...]
  gopin lock  [flags]
  gopin serve [flags]
  gopin check-mirrors --mirrors "URL URL ..." [--lockfile FILE] [--report FILE] [--summary FILE]
  gopin help | version

run    starts the proxy, runs COMMAND with GOPROXY pointing at gopin alone,
       writes the lockfile (record mode), prints the drift report, and exits
       non-zero when COMMAND failed or anything was refused.
lock   records what the module in the current directory needs to build and
       test, whatever the command: go mod download all (every module of
       go list -m all with its .mod and .zip), then every go.sum entry.
serve  prints its base URL (http://127.0.0.1:PORT) as the first line on stdout
       once it accepts requests, and serves until SIGINT/SIGTERM (exit 0).
       The lockfile policy applies when --mode or --lockfile is given.
check-mirrors  asks every mirror for every locked version (.info, .mod, .zip)
       and the locked list/@latest answers, and reports per mirror what differs
       from the lockfile; exits 1 only when a mirror serves a different hash.

Proxy flags:
  --listen ADDR           loopback address (default 127.0.0.1:0)
  --store DIR             module store (default ~/.cache/gopin/store)
  --upstream LIST         GOPROXY-style chain (default: go env GOPROXY)
  --mirrors "URL URL"     equivalent mirrors pooled in place of the chain's first HTTP entry
  --private PATTERNS      fetched direct only (default: go env GONOPROXY/GOPRIVATE)
  --log FILE|stderr|none  one JSON line per request
  --sumdb GOSUMDB         checksum database: off, NAME, NAME+HASH+KEY or "KEY URL" (default: go env GOSUMDB)
  --nosumdb PATTERNS      never looked up in the checksum database (default: go env GONOSUMDB/GOPRIVATE)
  --read-ahead on|off     fetch a version's .mod and .zip as soon as its .info is asked for (default on)
  --check-store-at-start on|off  verify mode: check the store's locked zips as gopin starts, not each on first use (default on;
                          off when something else writes the store meanwhile, as the Action's cache restore does;
                          run: off by default when it prefills its module cache, which checks those zips itself)
  --shared-store s3://BUCKET/PREFIX  org-wide shared store behind the local one (AWS env/profile credentials)
  --shared-store-mode read-write|read  read: never upload (untrusted contexts such as fork pull requests)
  --shared-store-private on|off       private modules use the shared store too (default off)
  --shared-store-path-style on|off    path-style bucket addressing (default: on when AWS_ENDPOINT_URL(_S3) is set)
  --ready-file FILE       serve: once ready, write {url, pid, env} there as JSON (env: what go commands need)
Lockfile flags:
  --mode auto|verify|record   auto: verify when the lockfile exists (default)
  --lockfile FILE             default gopin.lock
  --as-of TIME                version queries see only versions published by TIME
  --min-release-age DURATION  refuse versions younger than this (e.g. 7d)
  --allow MODULE@VERSION      exempt one version from --min-release-age (repeatable)
  --report FILE               write the drift report as JSON
  --summary FILE              append the drift report as Markdown (e.g. $GITHUB_STEP_SUMMARY)
  --base REV                  compare refusals with the lockfile at this git revision (e.g. origin/main):
                              tells a lockfile edit from an upstream change in the report
  --base-lockfile FILE        the same, with the base lockfile given as a file
  --quiet                     do not print the report on stderr
  --prune                     lock: drop locked versions no longer in the build graph

Run flags:
  --own-modcache on|off       give COMMAND an empty module cache of this run's own, removed
                              afterwards (default: on in verify mode, off in record mode). With
                              off, go uses your GOMODCACHE, and modules already there never reach
                              gopin: verify cannot refuse them and record does not lock them.
  --prefill-modcache on|off   verify mode, own module cache: first extract the locked zips of the
                              store into it, each checked against the lockfile, so go need not
                              download and unzip them (it still asks gopin for every go.mod).
                              Default on.

Precedence: flags > GOPIN_* environment (GOPIN_UPSTREAM, GOPIN_PRIVATE,
GOPIN_STORE, GOPIN_MIRRORS, GOPIN_SUMDB, GOPIN_NOSUMDB, GOPIN_READ_AHEAD, GOPIN_CHECK_STORE_AT_START, GOPIN_SHARED_STORE(_MODE|_PRIVATE|_PATH_STYLE), GOPIN_MODE, GOPIN_LOCKFILE, GOPIN_AS_OF, GOPIN_MIN_RELEASE_AGE,
GOPIN_ALLOW, GOPIN_OWN_MODCACHE) > the lockfile's recorded policy > go env > defaults.`;

const options = {
  listen: { type: "string" },
  store: { type: "string" },
  upstream: { type: "string" },
  mirrors: { type: "string" },
  private: { type: "string" },
  log: { type: "string" },
  sumdb: { type: "string" },
  nosumdb: { type: "string" },
  "read-ahead": { type: "string" },
  "check-store-at-start": { type: "string" },
  "shared-store": { type: "string" },
  "shared-store-mode": { type: "string" },
  "shared-store-private": { type: "string" },
  "shared-store-path-style": { type: "string" },
  mode: { type: "string" },
  lockfile: { type: "string" },
  "as-of": { type: "string" },
  "min-release-age": { type: "string" },
  allow: { type: "string", multiple: true },
  report: { type: "string" },
  summary: { type: "string" },
  base: { type: "string" },
  "base-lockfile": { type: "string" },
  quiet: { type: "boolean" },
  prune: { type: "boolean" },
  "ready-file": { type: "string" },
  "own-modcache": { type: "string" },
  "prefill-modcache": { type: "string" },
  // Whose knobs refusals advise: the CLI's flags (default) or the Action's inputs.
  advice: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

type Values = ReturnType<typeof parse>["values"];

function serveFlags(v: Values): ServeFlags {
  return { listen: v.listen, store: v.store, upstream: v.upstream, mirrors: v.mirrors, private: v.private, log: v.log, sumdb: v.sumdb, noSumDb: v.nosumdb, readAhead: v["read-ahead"], checkStoreAtStart: v["check-store-at-start"],
    sharedStore: v["shared-store"], sharedStoreMode: v["shared-store-mode"], sharedStorePrivate: v["shared-store-private"], sharedStorePathStyle: v["shared-store-path-style"] };
}

function policyFlags(v: Values): PolicyFlags {
  return { mode: v.mode, lockfile: v.lockfile, asOf: v["as-of"], minReleaseAge: v["min-release-age"], allow: v.allow };
}

function adviceOf(v: Values): Advice {
  if (v.advice === undefined || v.advice === "cli") return "cli";
  if (v.advice === "action") return "action";
  throw new UsageError(`--advice must be cli or action, got "${v.advice}"`);
}

/** How the Markdown report words its advice and where it finds the base lockfile (looked for only when something failed). */
async function markdownOptions(o: Outcome, session: Session, v: Values): Promise<MarkdownOptions> {
  const base =
    o.report.verdict !== "fail" ? undefined
    : v["base-lockfile"] !== undefined ? await lockfileFromFile(v["base-lockfile"])
    : v.base !== undefined ? await lockfileAtRevision(v.base, resolve(session.policy.lockfilePath), `the lockfile at ${v.base}`, "fetch it first")
    : undefined;
  return { advice: adviceOf(v), lock: session.policy.lock, base, lockfile: relative(process.cwd(), resolve(session.policy.lockfilePath)) || session.policy.lockfilePath };
}

/** Whether `run` gives its command a module cache of its own: --own-modcache > GOPIN_OWN_MODCACHE > on in verify mode. */
function ownModCache(v: Values, env: NodeJS.ProcessEnv, mode: Mode): boolean {
  const [text, from] = v["own-modcache"] !== undefined ? [v["own-modcache"], "--own-modcache"] : [env.GOPIN_OWN_MODCACHE, "GOPIN_OWN_MODCACHE"];
  if (text === undefined) return mode === "verify";
  const t = text.trim().toLowerCase();
  if (["on", "true", "1", "yes"].includes(t)) return true;
  if (["off", "false", "0", "no"].includes(t)) return false;
  throw new ConfigError(`${from} must be on or off, got ${JSON.stringify(text)}`);
}

/** Whether `run` prefills its own module cache: --prefill-modcache, on by default where it applies (verify mode, own module cache). */
function prefillWanted(v: Values, mode: Mode, own: boolean): boolean {
  const text = v["prefill-modcache"];
  if (text === undefined) return mode === "verify" && own;
  const t = text.trim().toLowerCase();
  if (["off", "false", "0", "no"].includes(t)) return false;
  if (!["on", "true", "1", "yes"].includes(t)) throw new ConfigError(`--prefill-modcache must be on or off, got ${JSON.stringify(text)}`);
  if (mode !== "verify") throw new ConfigError("--prefill-modcache on is for verify mode: record mode must see every module go fetches");
  if (!own) throw new ConfigError("--prefill-modcache on fills the run's own module cache: drop --own-modcache off");
  return true;
}

/** Reports the outcome; returns its violations (the one number that fails a job). */
async function finishSession(session: Session, v: Values, commandStatus = 0, prune = false): Promise<number> {
  const o: Outcome = await session.finish({ prune });
  const markdown = await markdownOptions(o, session, v);
  await writeReportFiles(o, { reportJson: v.report, summary: v.summary, markdown });
  if (!v.quiet) say("\n" + renderMarkdown(o.report, markdown) + "\n");
  if (session.policy.mode === "record" || o.report.lockfile.error) say(lockfileLine(o.report, session.policy.lockfilePath, commandStatus) + "\n");
  return o.report.counts.violations;
}

async function serve(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length) throw new UsageError(`serve takes no arguments, got "${positionals.join(" ")}"`);
  const advice = adviceOf(values);
  const cfg = await resolveServeConfig(serveFlags(values));
  const withPolicy = values.mode !== undefined || values.lockfile !== undefined || process.env.GOPIN_MODE !== undefined || process.env.GOPIN_LOCKFILE !== undefined;
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  const ready = (url: string) => {
    if (values["ready-file"]) writeReadyFile(values["ready-file"], { url, pid: process.pid, env: childGoEnv(url, cfg) });
    process.stdout.write(url + "\n");
  };
  if (!withPolicy) {
    const proxy = await startProxy(cfg, process.env, undefined, undefined, advice);
    ready(proxy.url);
    await stopped;
    await proxy.close();
    return 0;
  }
  const session = await startSession(cfg, await resolvePolicyConfig(policyFlags(values)), { advice });
  ready(session.proxy.url);
  await stopped;
  await finishSession(session, values);
  return 0;
}

/** A proxy session for `run` or `lock`, the environment its commands get, and the module cache it owns (if any). */
interface RunSession {
  session: Session;
  env: NodeJS.ProcessEnv;
  modCache?: string;
}

/** Starts the proxy session for `run` and `lock`, and the environment its commands get. */
async function startRunSession(values: Values): Promise<RunSession> {
  const cfg = await resolveServeConfig({ log: "none", ...stripUndefined(serveFlags(values)) });
  const policy = await resolvePolicyConfig(policyFlags(values));
  const own = ownModCache(values, process.env, policy.mode);
  const prefill = prefillWanted(values, policy.mode, own);
  // The prefill checks every locked zip it lays out: unless asked to, the
  // proxy does not inflate and hash them all a second time as it starts.
  const checkStoreAtStart = prefill && own && policy.lock && cfg.sources.checkStoreAtStart === "default" ? false : cfg.checkStoreAtStart;
  const session = await startSession({ ...cfg, checkStoreAtStart }, policy, { advice: adviceOf(values) });
  const env = withChildEnv(process.env, session.goEnv);
  const modCache = own ? await runModuleCache(cfg.store) : undefined;
  if (modCache) env.GOMODCACHE = modCache;
  if (modCache && prefill && policy.lock) {
    const r = await prefillModuleCache({ lock: policy.lock, store: cfg.store, modCache, modCacheRW: hasModCacheRW(env.GOFLAGS) });
    say(`gopin: module cache: ${prefillText(r)}${r.skipped.length ? ` (${r.skipped.slice(0, 3).map((k) => `${k.module}@${k.version}: ${k.reason}`).join("; ")}${r.skipped.length > 3 ? "; …" : ""})` : ""}\n`);
  }
  say(
    `gopin: ${policy.mode} mode (${policy.lockfilePath}), proxy ${session.proxy.url}, store ${cfg.store}, upstream ${cfg.upstream}${cfg.mirrors.length ? ` (mirror pool: ${cfg.mirrors.join(" ")})` : ""}, sumdb ${cfg.sumdbConfig?.name ?? "off"}, ` +
      `module cache ${modCache ? `${modCache} (this run's own)` : "yours (--own-modcache off)"}\n`,
  );
  return { session, env, ...(modCache ? { modCache } : {}) };
}

function runChild(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: "inherit", env });
    child.on("error", (e) => {
      say(`gopin: cannot run ${argv[0]}: ${e.message}\n`);
      resolve(127);
    });
    child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length === 0) throw new UsageError("run needs a command after --, e.g. gopin run -- go build ./...");
  if (values.prune) throw new UsageError("--prune is for gopin lock (a run records one command, not the whole graph)");
  const rs = await startRunSession(values);
  return conclude(rs, values, positionals.join(" "), await runChild(positionals, rs.env));
}

/**
 * `gopin lock`: records what the module's complete build graph needs, not
 * what one command happened to fetch: `go mod download all` (every module of
 * `go list -m all`, tests included, with its .info, .mod and .zip), then every
 * go.sum entry (its .mod or .zip) fetched through the proxy.
 */
async function lock(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length) throw new UsageError(`lock takes no arguments, got "${positionals.join(" ")}"`);
  if (values.mode !== undefined && values.mode !== "record") throw new UsageError(`lock always records; drop --mode ${values.mode}`);
  const rs = await startRunSession({ ...values, mode: "record" });
  let code = await runChild([goBinary(rs.env), "mod", "download", "all"], rs.env);
  if (code === 0) code = await fetchGoSumEntries(rs.session.proxy.url, "go.sum");
  // Pruning needs the whole graph: never after a failure.
  return conclude(rs, values, "gopin lock (go mod download all, then fetching the go.sum entries)", code, values.prune === true && code === 0);
}

/** Reports the outcome of `run` or `lock` and picks the exit code. */
async function conclude(rs: RunSession, values: Values, what: string, code: number, prune = false): Promise<number> {
  if (rs.modCache) await removeModuleCache(rs.modCache);
  const violations = await finishSession(rs.session, values, code, prune);
  if (code !== 0) {
    say(`gopin: ${what} exited with status ${code}\n`);
    return code;
  }
  if (violations > 0) {
    say(`gopin: ${violations} violation${violations === 1 ? "" : "s"} (see the report above)\n`);
    return 1;
  }
  return 0;
}

async function checkMirrorsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length) throw new UsageError(`check-mirrors takes no arguments, got "${positionals.join(" ")}"`);
  const mirrors = parseMirrors(values.mirrors ?? process.env.GOPIN_MIRRORS ?? "");
  if (mirrors.length === 0) throw new UsageError(`check-mirrors needs the mirrors to compare: --mirrors "URL URL ..." (or GOPIN_MIRRORS)`);
  const lockfile = resolve(values.lockfile ?? process.env.GOPIN_LOCKFILE ?? "gopin.lock");
  const lock = await readLockfile(lockfile);
  if (!lock) throw new ConfigError(`check-mirrors compares mirrors with a lockfile, but ${lockfile} does not exist`);
  const report = await checkMirrors({ lock, lockfileName: basename(lockfile), mirrors });
  if (values.report) await writeFile(values.report, renderMirrorCheckJson(report));
  if (values.summary) await appendFile(values.summary, renderMirrorCheckMarkdown(report) + "\n");
  if (!values.quiet) say(renderMirrorCheckMarkdown(report));
  return report.verdict === "fail" ? 1 : 0;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function printUsage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(USAGE + "\n");
  return code;
}

async function dispatch(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "serve":
      return serve(rest);
    case "run":
      return run(rest);
    case "lock":
      return lock(rest);
    case "check-mirrors":
      return checkMirrorsCommand(rest);
    case "version":
    case "--version":
      process.stdout.write("gopin 0.1.0\n");
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      return printUsage(cmd === undefined ? 2 : 0);
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

/** The whole command line: runs `argv` (without node and the script) and resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      say(`gopin: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      say(`gopin: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    say(`gopin: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}
