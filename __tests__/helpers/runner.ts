// Plays the GitHub Actions runner for the bundled Action (dist/main and
// dist/post), the way the real runner runs a `node24` action:
//  - INPUT_<NAME> for every input declared in action.yml (name upper-cased,
//    spaces to "_", hyphens kept), with action.yml's defaults;
//  - fresh GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE / GITHUB_PATH /
//    GITHUB_STEP_SUMMARY files per step, parsed afterwards with the runner's
//    file-command syntax (NAME=value and NAME<<DELIMITER multi-line blocks);
//  - GITHUB_ENV exports (and GITHUB_PATH entries) applied to every later
//    step of the job, STATE_<name> from main's GITHUB_STATE given to post;
//  - RUNNER_TEMP (emptied when the job starts, as the runner does),
//    GITHUB_WORKSPACE as the working directory, RUNNER_OS and friends;
//  - workflow commands on stdout (::error file=..,line=..::msg, ::warning::)
//    parsed into annotations.
// The job's own steps (`run:`) go through job.run() with the same env.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from "node:fs";
import { join, delimiter } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..");
export const ACTION_YML = join(REPO_ROOT, "action.yml");

export interface InputDecl {
  name: string;
  default?: string;
}

/** The inputs block of action.yml (a small reader for its plain layout: `  name:` then `    default: value`). */
export function actionInputs(file = ACTION_YML): InputDecl[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const out: InputDecl[] = [];
  let inInputs = false;
  for (const line of lines) {
    if (/^\S/.test(line)) inInputs = line.startsWith("inputs:");
    if (!inInputs) continue;
    const name = /^  ([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (name) {
      out.push({ name: name[1]! });
      continue;
    }
    const def = /^    default:\s*(.*)$/.exec(line);
    if (def && out.length) out[out.length - 1]!.default = unquote(def[1]!.trim());
  }
  return out;
}

function unquote(s: string): string {
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

/** Parses a file-command file: NAME=value lines and NAME<<DELIM ... DELIM blocks. */
export function parseFileCommands(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = line.indexOf("<<");
    const eq = line.indexOf("=");
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc);
      const delim = line.slice(heredoc + 2);
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`file command ${name}: no closing delimiter ${delim}`);
      out.push([name, value.join("\n")]);
    } else if (eq > 0) {
      out.push([line.slice(0, eq), line.slice(eq + 1)]);
    } else {
      throw new Error(`bad file command line: ${JSON.stringify(line)}`);
    }
  }
  return out;
}

export interface WorkflowCommand {
  command: string;
  props: Record<string, string>;
  message: string;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}
function unescapeProp(s: string): string {
  return unescapeData(s).replace(/%3A/g, ":").replace(/%2C/g, ",");
}

export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? "").split(",").filter(Boolean)) {
      const eq = kv.indexOf("=");
      props[kv.slice(0, eq)] = unescapeProp(kv.slice(eq + 1));
    }
    out.push({ command: m[1]!, props, message: unescapeData(m[3]!) });
  }
  return out;
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  commands: WorkflowCommand[];
  errors: WorkflowCommand[];
  warnings: WorkflowCommand[];
}

export interface JobOptions {
  /** Root of this job's files: <root>/work/repo is the workspace, <root>/work/_temp RUNNER_TEMP. */
  root: string;
  /** Base environment of the job (e.g. the hermetic go env plus the cache service's). */
  env: Record<string, string>;
  /** Which bundle to run: dist (default) or an explicit directory holding main/index.js and post/index.js. */
  distDir?: string;
}

let counter = 0;

/** Daemons started by main steps (from STATE_gopin), so a failed test cannot leak one. */
const daemons = new Set<number>();

/** SIGKILLs every daemon a main step started that is still around (call in after()). */
export function killDaemons(): void {
  for (const pid of daemons) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  daemons.clear();
}

export class Job {
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly env: Record<string, string>;
  readonly steps: StepResult[] = [];
  private readonly fileDir: string;
  private readonly distDir: string;
  private state: Record<string, string> = {};
  private paths: string[] = [];

  constructor(o: JobOptions) {
    this.workspace = join(o.root, "work", "repo");
    this.runnerTemp = join(o.root, "work", "_temp");
    this.fileDir = join(o.root, "work", "_runner_file_commands");
    this.distDir = o.distDir ?? join(REPO_ROOT, "dist");
    rmSync(this.runnerTemp, { recursive: true, force: true });
    for (const d of [this.workspace, this.runnerTemp, this.fileDir]) mkdirSync(d, { recursive: true });
    this.env = {
      ...o.env,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: this.workspace,
      RUNNER_TEMP: this.runnerTemp,
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      GITHUB_REF: o.env.GITHUB_REF ?? "refs/heads/main",
      GITHUB_RUN_ID: String(1000 + counter),
      GITHUB_JOB: "build",
      NO_PROXY: "127.0.0.1,localhost",
      no_proxy: "127.0.0.1,localhost",
    };
    delete this.env.HTTP_PROXY;
    delete this.env.HTTPS_PROXY;
    delete this.env.http_proxy;
    delete this.env.https_proxy;
  }

  private stepEnv(): Record<string, string> {
    const env = { ...this.env };
    if (this.paths.length) env.PATH = [...this.paths].reverse().join(delimiter) + delimiter + (env.PATH ?? "");
    return env;
  }

  /** Runs dist/<entry>/index.js as the runner does for the action's main or post. */
  async runAction(entry: "main" | "post", inputs: Record<string, string> = {}): Promise<StepResult> {
    const n = ++counter;
    const files = {
      GITHUB_ENV: join(this.fileDir, `set_env_${n}`),
      GITHUB_OUTPUT: join(this.fileDir, `set_output_${n}`),
      GITHUB_STATE: join(this.fileDir, `save_state_${n}`),
      GITHUB_PATH: join(this.fileDir, `add_path_${n}`),
      GITHUB_STEP_SUMMARY: join(this.fileDir, `step_summary_${n}`),
    };
    for (const f of Object.values(files)) writeFileSync(f, "");
    const env: Record<string, string> = { ...this.stepEnv(), ...files };
    const declared = actionInputs();
    for (const d of declared) {
      // The build cache stays off unless a test turns it on: an empty GOCACHE
      // would make each job's `go build` compile the standard library again.
      const v = inputs[d.name] ?? (d.name === "build-cache" ? "false" : d.default) ?? "";
      env[`INPUT_${d.name.replace(/ /g, "_").toUpperCase()}`] = v;
    }
    for (const k of Object.keys(inputs)) {
      if (!declared.some((d) => d.name === k)) throw new Error(`input "${k}" is not declared in action.yml`);
    }
    if (entry === "post") for (const [k, v] of Object.entries(this.state)) env[`STATE_${k}`] = v;
    const r = await exec(process.execPath, [join(this.distDir, entry, "index.js")], { cwd: this.workspace, env });
    const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
    const exported = Object.fromEntries(parseFileCommands(read(files.GITHUB_ENV)));
    Object.assign(this.env, exported);
    for (const p of read(files.GITHUB_PATH).split(/\r?\n/).filter(Boolean)) this.paths.push(p);
    const state = Object.fromEntries(parseFileCommands(read(files.GITHUB_STATE)));
    if (entry === "main") {
      Object.assign(this.state, state);
      try {
        const pid = (JSON.parse(state.gopin ?? "{}") as { pid?: number }).pid;
        if (pid) daemons.add(pid);
      } catch {
        /* not ours to judge here */
      }
    }
    const commands = parseWorkflowCommands(r.stdout);
    const res: StepResult = {
      ...r,
      outputs: Object.fromEntries(parseFileCommands(read(files.GITHUB_OUTPUT))),
      env: exported,
      state,
      summary: read(files.GITHUB_STEP_SUMMARY),
      commands,
      errors: commands.filter((c) => c.command === "error"),
      warnings: commands.filter((c) => c.command === "warning"),
    };
    this.steps.push(res);
    return res;
  }

  /** A `run:` step: the command in the workspace with the job's env (after every export so far). */
  run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) {
    return exec(cmd, args, { cwd: opts.cwd ?? this.workspace, env: this.stepEnv(), timeoutMs: opts.timeoutMs });
  }

  /** Appends to a file in the workspace (e.g. to edit go.mod between jobs). */
  write(rel: string, text: string, append = false): void {
    const f = join(this.workspace, rel);
    if (append) appendFileSync(f, text);
    else writeFileSync(f, text);
  }
}

export function exec(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 180_000);
    child.on("error", (e) => {
      clearTimeout(t);
      reject(e);
    });
    // "close", not "exit": the daemon main starts inherits no pipe of ours, so
    // close fires as soon as the step itself is done.
    child.on("close", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - t0) });
    });
  });
}
