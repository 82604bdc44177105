#!/usr/bin/env node
// `gopin` command line: a thin layer over the shared core.
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { resolveServeConfig, type ServeFlags } from "./config/serve-config.js";
import { startProxy } from "./core/proxy-stack.js";
import { goEnvThroughGopin } from "./core/child-env.js";

const USAGE = `gopin — a pinned-state Go module proxy for CI

Usage:
  gopin serve [--listen ADDR] [--store DIR] [--upstream LIST] [--private PATTERNS] [--log FILE|stderr|none]
  gopin run   [same flags] -- COMMAND [ARGS...]
  gopin help | version

serve  prints its base URL (http://127.0.0.1:PORT) as the first line on stdout
       once it accepts requests, and serves until SIGINT/SIGTERM.
run    starts the proxy, runs COMMAND with GOPROXY pointing at it, then stops.

Defaults: --listen 127.0.0.1:0, --store ~/.cache/gopin/store, --upstream from
\`go env GOPROXY\`, --private from \`go env GONOPROXY\` (GOPRIVATE).
Precedence: flags > GOPIN_* environment > go env > defaults.`;

const serveOptions = {
  listen: { type: "string" },
  store: { type: "string" },
  upstream: { type: "string" },
  private: { type: "string" },
  log: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: serveOptions, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function serve(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length) throw new UsageError(`serve takes no arguments, got "${positionals.join(" ")}"`);
  const cfg = await resolveServeConfig(values as ServeFlags);
  const proxy = await startProxy(cfg);
  process.stdout.write(proxy.url + "\n");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await proxy.close();
  return 0;
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return printUsage(0);
  if (positionals.length === 0) throw new UsageError("run needs a command after --, e.g. gopin run -- go build ./...");
  const cfg = await resolveServeConfig({ log: "none", ...(values as ServeFlags) });
  const proxy = await startProxy(cfg);
  const env = goEnvThroughGopin(process.env, proxy.url, cfg.private);
  process.stderr.write(`gopin: proxy ${proxy.url} (store ${cfg.store}, upstream ${cfg.upstream})\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(positionals[0]!, positionals.slice(1), { stdio: "inherit", env });
    child.on("error", (e) => {
      process.stderr.write(`gopin: cannot run ${positionals[0]}: ${e.message}\n`);
      resolve(127);
    });
    child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  const s = proxy.stats.snapshot();
  await proxy.close();
  process.stderr.write(
    `gopin: ${s.requests} requests, ${s.hits} from store, ${s.misses} from upstream, ${s.stale} stale, ${s.refused} refused; ` +
      `${s.bytesFromStore} bytes from store, ${s.bytesFromUpstream} bytes from upstream\n`,
  );
  return code;
}

function printUsage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(USAGE + "\n");
  return code;
}

async function main(argv: string[]): Promise<number> {
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`gopin: ${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`gopin: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
