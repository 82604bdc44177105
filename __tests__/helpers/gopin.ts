// Runs the real gopin command line (compiled to build/src/entries/cli.js) as a child
// process, the way users and the Action's daemon run it.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { request } from "undici";
import { urlLine } from "../../src/core/handshake.js";

export const CLI = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "src", "entries", "cli.js");
/** The bundle the Action runs (dist/cli, made by `npm run build`). */
export const BUNDLED_CLI = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "dist", "cli", "index.js");

export interface GopinProcess {
  url: string;
  proc: ChildProcess;
  logFile: string;
  stderr(): string;
  /** Parsed JSON log lines. */
  log(): Array<Record<string, unknown>>;
  stats(): Promise<Record<string, any>>;
  /** Resolves once no upstream fetch (read-ahead included) or store write is under way. */
  idle(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface GopinOptions {
  store: string;
  upstream: string;
  private?: string;
  logFile: string;
  env: Record<string, string>;
  extraArgs?: string[];
  /** Node's own flags, before the script (e.g. the daemon's, daemonNodeFlags). */
  nodeArgs?: readonly string[];
  /** The command line's script: the compiled sources (CLI) unless said, or the bundle (BUNDLED_CLI). */
  cli?: string;
}

export async function startGopin(o: GopinOptions): Promise<GopinProcess> {
  const args = [...(o.nodeArgs ?? []), o.cli ?? CLI, "serve", "--listen", "127.0.0.1:0", "--store", o.store, "--upstream", o.upstream, "--private", o.private ?? "", "--log", o.logFile, ...(o.extraArgs ?? [])];
  const proc = spawn(process.execPath, args, { env: o.env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  proc.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`gopin serve did not print its URL within 15 s; stderr:\n${err}`)), 15_000);
    proc.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const url = urlLine(out);
      if (url !== undefined) {
        clearTimeout(t);
        resolve(url);
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`gopin serve exited with ${code} before printing its URL; stderr:\n${err}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const stats = async () => (await (await request(url + "/_gopin/stats")).body.json()) as Record<string, any>;
  return {
    url,
    proc,
    logFile: o.logFile,
    stderr: () => err,
    log: () =>
      existsSync(o.logFile)
        ? readFileSync(o.logFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    stats,
    idle: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { fetches, storeWrites } = (await stats()).inFlight;
        if (fetches === 0 && storeWrites === 0) return;
        if (Date.now() > deadline) throw new Error(`gopin still busy after ${timeoutMs} ms: ${fetches} fetches, ${storeWrites} store writes`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** A raw GET/HEAD against gopin, for protocol-level assertions. */
export async function get(url: string, method: "GET" | "HEAD" = "GET") {
  const r = await request(url, { method });
  const body = Buffer.from(await r.body.arrayBuffer());
  return { status: r.statusCode, headers: r.headers, body, text: body.toString("utf8") };
}
