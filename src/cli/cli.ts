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
import { renderMarkdown } from "../report/render.js";
import type { Advice } from "../policy/refusal.js";
import { redact } from "../observe/log.js";

const USAGE = `gopin — a pinned-state Go module proxy for CI

Usage:
  gopin run   [flags] -- COMMAND [ARGS...]
  gopin serve [flags]
  gopin help | version

run    starts the proxy, runs COMMAND with GOPROXY pointing at gopin alone,
       writes the lockfile (record mode), prints the drift report, and exits
       non-zero when COMMAND failed or anything was refused.
serve  prints its base URL (http://127.0.0.1:PORT) as the first line on stdout
       once it accepts requests, and serves until SIGINT/SIGTERM (exit 0).
       The lockfile policy applies when --mode or --lockfile is given.

Proxy flags:
  --listen ADDR           loopback address (default 127.0.0.1:0)
  --store DIR             module store (default ~/.cache/gopin/store)
  --upstream LIST         GOPROXY-style chain (default: go env GOPROXY)
  --private PATTERNS      fetched direct only (default: go env GONOPROXY/GOPRIVATE)
  --log FILE|stderr|none  one JSON line per request
  --sumdb GOSUMDB         checksum database: off, NAME, NAME+HASH+KEY or "KEY URL" (default: go env GOSUMDB)
  --nosumdb PATTERNS      never looked up in the checksum database (default: go env GONOSUMDB/GOPRIVATE)
  --read-ahead on|off     fetch a version's .mod and .zip as soon as its .info is asked for (default on)
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
  --quiet                     do not print the report on stderr

Precedence: flags > GOPIN_* environment (GOPIN_UPSTREAM, GOPIN_PRIVATE,
GOPIN_STORE, GOPIN_SUMDB, GOPIN_NOSUMDB, GOPIN_READ_AHEAD, GOPIN_SHARED_STORE(_MODE|_PRIVATE|_PATH_STYLE), GOPIN_MODE, GOPIN_LOCKFILE, GOPIN_AS_OF, GOPIN_MIN_RELEASE_AGE,
GOPIN_ALLOW) > the lockfile's recorded policy > go env > defaults.`;

const options = {
  listen: { type: "string" },
  store: { type: "string" },
  upstream: { type: "string" },
  private: { type: "string" },
  log: { type: "string" },
  sumdb: { type: "string" },
  nosumdb: { type: "string" },
  "read-ahead": { type: "string" },
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
  quiet: { type: "boolean" },
  "ready-file": { type: "string" },
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
  return { listen: v.listen, store: v.store, upstream: v.upstream, private: v.private, log: v.log, sumdb: v.sumdb, noSumDb: v.nosumdb, readAhead: v["read-ahead"],
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

/** Reports the outcome; returns its violations (the one number that fails a job). */
async function finishSession(session: Session, v: Values): Promise<number> {
  const o: Outcome = await session.finish();
  await writeReportFiles(o, { reportJson: v.report, summary: v.summary });
  if (!v.quiet) process.stderr.write("\n" + renderMarkdown(o.report) + "\n");
  if (session.policy.mode === "record") {
    process.stderr.write(`gopin: ${o.lockfileWritten ? "wrote" : "unchanged:"} ${session.policy.lockfilePath}\n`);
  }
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

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length === 0) throw new UsageError("run needs a command after --, e.g. gopin run -- go build ./...");
  const cfg = await resolveServeConfig({ log: "none", ...stripUndefined(serveFlags(values)) });
  const policy = await resolvePolicyConfig(policyFlags(values));
  const session = await startSession(cfg, policy, { advice: adviceOf(values) });
  const env = withChildEnv(process.env, session.goEnv);
  process.stderr.write(
    `gopin: ${policy.mode} mode (${policy.lockfilePath}), proxy ${session.proxy.url}, store ${cfg.store}, upstream ${redact(cfg.upstream)}, sumdb ${cfg.sumdbConfig?.name ?? "off"}\n`,
  );
  const code = await new Promise<number>((resolve) => {
    const child = spawn(positionals[0]!, positionals.slice(1), { stdio: "inherit", env });
    child.on("error", (e) => {
      process.stderr.write(`gopin: cannot run ${positionals[0]}: ${e.message}\n`);
      resolve(127);
    });
    child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  const violations = await finishSession(session, values);
  if (code !== 0) {
    process.stderr.write(`gopin: ${positionals.join(" ")} exited with status ${code}\n`);
    return code;
  }
  if (violations > 0) {
    process.stderr.write(`gopin: ${violations} violation${violations === 1 ? "" : "s"} (see the report above)\n`);
    return 1;
  }
  return 0;
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
      process.stderr.write(`gopin: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`gopin: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`gopin: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}
