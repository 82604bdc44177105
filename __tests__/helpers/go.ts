// Hermetic helpers for running the real `go` command in tests and benchmarks.
//
// Nothing from the machine's Go configuration may leak into a test: every GO*
// variable is dropped (except GOROOT), the go env file is disabled (GOENV=off),
// HOME/XDG dirs point into a temporary directory (so no ~/.netrc, ~/.gitconfig,
// ~/.config/go/env is read), GIT_* and HTTP proxy variables are dropped, and
// GOPROXY defaults to "off" so a test that forgets to point go at a fixture
// fails loudly instead of touching the network.

import { spawn } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";

// ---------------------------------------------------------------------------
// Temporary directories

const tempDirs: string[] = [];
let exitHookInstalled = false;

/** Makes every entry under dir writable (module caches are read-only by default). */
function makeWritable(dir: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) return;
  try {
    chmodSync(dir, st.isDirectory() ? 0o755 : 0o644);
  } catch {
    /* ignore */
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(dir)) makeWritable(join(dir, name));
  }
}

/** Removes a directory tree, even one holding a read-only Go module cache. */
export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    makeWritable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function cleanupTempDirs(): void {
  if (process.env.GOPIN_KEEP_TMP) return;
  for (const d of tempDirs.splice(0)) {
    try {
      removeTree(d);
    } catch {
      /* best effort at exit */
    }
  }
}

/**
 * Creates a fresh directory under the OS temp dir (or at an absolute prefix), removed when the process exits
 * (set GOPIN_KEEP_TMP=1 to keep them for debugging).
 */
export function tempDir(prefix = "gopin-test-"): string {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", cleanupTempDirs);
  }
  const base = isAbsolute(prefix) ? prefix : join(tmpdir(), prefix);
  const d = mkdtempSync(base.endsWith("-") ? base : base + "-");
  tempDirs.push(d);
  return d;
}

// ---------------------------------------------------------------------------
// Environment

/**
 * The build cache shared by every test process of a run (and by later runs: the
 * cache is content-addressed, so sharing it cannot leak module data between
 * tests, and it saves compiling the runtime again for every `go build`).
 * Override with GOPIN_TEST_GOCACHE.
 */
export function sharedGoCache(): string {
  const d = process.env.GOPIN_TEST_GOCACHE || join(tmpdir(), "gopin-test-gocache");
  mkdirSync(d, { recursive: true });
  return d;
}

/** Variables dropped from the inherited environment (besides every GO* and GIT_* one). */
const DROPPED = new Set([
  "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
  "http_proxy", "https_proxy", "all_proxy", "no_proxy",
  "NETRC", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
  "SSH_AUTH_SOCK", "GCM_INTERACTIVE",
  "CGO_ENABLED", "CC", "CXX", "CGO_CFLAGS", "CGO_LDFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS",
  "PKG_CONFIG",
]);

function inherited(name: string): boolean {
  if (DROPPED.has(name)) return false;
  if (name === "GOROOT") return true; // harmless, and needed if go is installed oddly
  if (name.startsWith("GO")) return false; // GOPROXY, GOPRIVATE, GONOSUMDB, GOFLAGS, GOENV, GOAUTH, ...
  if (name.startsWith("GIT_")) return false; // GIT_DIR, GIT_CONFIG_*, GIT_ALLOW_PROTOCOL, ...
  return true;
}

export type EnvOverrides = Record<string, string | undefined>;

/**
 * Builds a hermetic environment for the real `go` command rooted at tmpRoot:
 * GOMODCACHE=<tmpRoot>/modcache, GOPATH=<tmpRoot>/gopath, HOME=<tmpRoot>/home,
 * GOCACHE=sharedGoCache(), GOTOOLCHAIN=local, GOFLAGS=-modcacherw, GOENV=off,
 * GOSUMDB=off, GOPROXY=off, GO111MODULE=on, CGO_ENABLED=0,
 * GIT_TERMINAL_PROMPT=0, GIT_CONFIG_NOSYSTEM=1, GIT_CONFIG_GLOBAL=<empty file>.
 * overrides are applied last; an undefined value removes the variable.
 */
export function goEnv(tmpRoot: string, overrides: EnvOverrides = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && inherited(k)) env[k] = v;
  }
  const home = join(tmpRoot, "home");
  const modcache = join(tmpRoot, "modcache");
  const gopath = join(tmpRoot, "gopath");
  for (const d of [home, modcache, gopath]) mkdirSync(d, { recursive: true });
  const gitconfig = join(home, ".gitconfig");
  writeFileSync(gitconfig, "", { flag: "a" });

  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    GOENV: "off",
    GOTOOLCHAIN: "local",
    GOFLAGS: "-modcacherw",
    GOMODCACHE: modcache,
    GOPATH: gopath,
    GOCACHE: sharedGoCache(),
    GOPROXY: "off",
    GOSUMDB: "off",
    GO111MODULE: "on",
    CGO_ENABLED: "0",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: gitconfig,
  });
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

// ---------------------------------------------------------------------------
// Running go

export interface RunGoOptions {
  cwd?: string;
  /** Full environment (usually from goEnv). Default: goEnv(tempDir()). */
  env?: Record<string, string>;
  /** Kill go (SIGKILL) after this long. Default 120 s. */
  timeoutMs?: number;
  /** Written to go's stdin (stdin is closed either way). */
  input?: string;
}

export interface GoResult {
  /** Exit status; -1 when go was killed by a signal (see signal/timedOut). */
  code: number;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/** The go binary: $GOPIN_TEST_GO or "go" from PATH. */
export function goBinary(): string {
  return process.env.GOPIN_TEST_GO || "go";
}

/**
 * Runs `go <args>` asynchronously (never spawnSync: fixture servers live in the
 * same process and must keep serving while go runs).
 */
export function runGo(args: string[], opts: RunGoOptions = {}): Promise<GoResult> {
  return runCommand(goBinary(), args, { ...opts, env: opts.env ?? goEnv(tempDir("gopin-go-")) });
}

/** Runs any command the same way as runGo (used for git by the fixture helpers). */
export function runCommand(cmd: string, args: string[], opts: RunGoOptions = {}): Promise<GoResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? (process.env as Record<string, string>),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        signal,
        timedOut,
      });
    });
    child.stdin.on("error", () => {
      /* go may exit before reading stdin */
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** Throws (with go's output) unless the result is a success. */
export function assertGoOk(r: GoResult, what = "go"): GoResult {
  if (r.code !== 0) {
    throw new Error(
      `${what} failed (exit ${r.code}${r.signal ? ", " + r.signal : ""}${r.timedOut ? ", timed out" : ""})\n` +
        `--- stderr ---\n${r.stderr}\n--- stdout ---\n${r.stdout}`,
    );
  }
  return r;
}

/**
 * Parses go's "-json" output, which is a stream of JSON values one after the other
 * (not an array), e.g. from `go mod download -json a b` or `go list -m -json all`.
 */
export function parseJsonStream<T = unknown>(text: string): T[] {
  const values: T[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        values.push(JSON.parse(text.slice(start, i + 1)) as T);
        start = -1;
      }
    }
  }
  if (depth !== 0) throw new Error(`truncated JSON stream: ${text.slice(0, 200)}`);
  return values;
}

/** One record of `go mod download -json`. */
export interface GoDownloadRecord {
  Path: string;
  Version: string;
  Query?: string;
  Error?: string;
  Info?: string;
  GoMod?: string;
  Zip?: string;
  Dir?: string;
  Sum?: string;
  GoModSum?: string;
  Origin?: Record<string, unknown>;
  Reuse?: boolean;
}

/**
 * Runs `go mod download -json <specs...>` and parses its records. Does not throw
 * on failure: check result.code and the records' Error fields.
 */
export async function goModDownload(
  specs: string[],
  opts: RunGoOptions & { flags?: string[] } = {},
): Promise<{ result: GoResult; records: GoDownloadRecord[] }> {
  const result = await runGo(["mod", "download", "-json", ...(opts.flags ?? []), ...specs], opts);
  let records: GoDownloadRecord[] = [];
  try {
    records = parseJsonStream<GoDownloadRecord>(result.stdout);
  } catch {
    records = [];
  }
  return { result, records };
}
