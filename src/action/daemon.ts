// The proxy daemon: `gopin serve` started by the main step as a detached
// process that outlives it, and stopped by the post step.
//
// main: spawn(node dist/cli/index.js serve --ready-file F ...) detached, in
// its own process group, stderr (errors and the JSON request log) to a log
// file, unref'd; then wait for the ready file (URL, pid and the
// environment go commands need) and for /healthz.
// post: probe /healthz (is it still alive?), SIGTERM, wait until the process
// is gone (it writes the lockfile and the JSON report on the way out).
import { spawn } from "node:child_process";
import { openSync, closeSync, readFileSync, rmSync, statSync, readSync } from "node:fs";
import { request } from "node:http";
import { readReadyFile, type Ready } from "../core/handshake.js";
import { daemonNodeFlags } from "../core/daemon-flags.js";
import type { ChildEnv } from "../core/child-env.js";
import { processAlive } from "../util/process.js";

export interface DaemonFiles {
  /** Written by the daemon once it accepts requests (see core/handshake.ts). */
  readyFile: string;
  /** stdout and stderr: errors and one JSON line per request. */
  logFile: string;
}

export interface StartedDaemon {
  pid: number;
  url: string;
  /** The environment later go commands need, as the daemon resolved it. */
  env: ChildEnv;
  /** Milliseconds from spawn to a healthy answer. */
  startMs: number;
}

export class DaemonError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET url, resolving with the status and body, or rejecting on any error or after timeoutMs. */
export function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

export async function isHealthy(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    return (await httpGet(`${url}/healthz`, timeoutMs)).status === 200;
  } catch {
    return false;
  }
}

/** The last `maxBytes` of a file, for error messages ("" when unreadable). */
export function tail(file: string, maxBytes = 4000): string {
  try {
    const size = statSync(file).size;
    const start = Math.max(0, size - maxBytes);
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const text = buf.toString("utf8");
      return (start > 0 ? text.slice(text.indexOf("\n") + 1) : text).trimEnd();
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

export async function startDaemon(opts: {
  cli: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  files: DaemonFiles;
  /** What the daemon will mostly do: its Node flags depend on it (daemon-flags.ts). */
  mode: "verify" | "record";
  timeoutMs?: number;
}): Promise<StartedDaemon> {
  const t0 = performance.now();
  rmSync(opts.files.readyFile, { force: true });
  const err = openSync(opts.files.logFile, "a");
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const child = spawn(process.execPath, [...daemonNodeFlags(opts.mode), opts.cli, ...opts.args], {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    // stdout carries only the URL line, which the ready file also holds.
    stdio: ["ignore", "ignore", err],
  });
  closeSync(err);
  child.on("error", (e) => (spawnError = e));
  child.on("exit", (code, signal) => (exited = { code, signal }));
  child.unref();
  const pid = child.pid;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let ready: Ready | undefined;
  for (let wait = 2; ; wait = Math.min(wait * 2, 25)) {
    if (spawnError) throw new DaemonError(`cannot start gopin: ${spawnError.message}`);
    if (exited) {
      throw new DaemonError(
        `gopin serve exited (${exited.code !== null ? `status ${exited.code}` : `signal ${exited.signal}`}) before it was ready:\n${tail(opts.files.logFile)}`,
      );
    }
    try {
      ready = readReadyFile(opts.files.readyFile);
    } catch (e) {
      if (pid) killQuietly(pid, "SIGKILL");
      throw new DaemonError(`gopin serve wrote a broken ready file: ${(e as Error).message}\n${tail(opts.files.logFile)}`);
    }
    if (ready) break;
    if (Date.now() > deadline) {
      if (pid) killQuietly(pid, "SIGKILL");
      throw new DaemonError(`gopin serve did not become ready within ${opts.timeoutMs ?? 30_000} ms:\n${tail(opts.files.logFile)}`);
    }
    await sleep(wait);
  }
  const url = ready.url;
  if (!pid) throw new DaemonError(`gopin serve started without a process id:\n${tail(opts.files.logFile)}`);
  while (!(await isHealthy(url, 1000))) {
    if (exited || Date.now() > deadline) {
      killQuietly(pid, "SIGKILL");
      throw new DaemonError(`gopin at ${url} does not answer /healthz:\n${tail(opts.files.logFile)}`);
    }
    await sleep(5);
  }
  return { pid, url, env: ready.env, startMs: Math.round(performance.now() - t0) };
}

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Whether the process exists and is not a zombie (an exited child nobody reaped yet). */
export function processRunning(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return true;
  }
}

/** SIGTERM, then wait until the process is gone; SIGKILL after timeoutMs. Returns whether it stopped on its own. */
export async function stopDaemon(pid: number, timeoutMs = 60_000): Promise<boolean> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; processRunning(pid); wait = Math.min(wait * 2, 50)) {
    if (Date.now() > deadline) {
      killQuietly(pid, "SIGKILL");
      return false;
    }
    await sleep(wait);
  }
  return true;
}
