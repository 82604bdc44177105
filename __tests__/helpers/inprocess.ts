// The Action's steps called in-process (runMain/runPost, as setup-go tests
// its run()): one job's environment in process.env, the runner's file
// commands through files, the step summary through one file per process.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { runMain } from "../../src/action/main.js";
import { runPost } from "../../src/action/post.js";
import { parseFileCommands } from "./runner.js";
import { goEnv, runCommand, tempDir } from "./go.js";

function fileCommands(file: string): Record<string, string> {
  return Object.fromEntries(parseFileCommands(readFileSync(file, "utf8")));
}

// @actions/core's summary remembers the first GITHUB_STEP_SUMMARY it sees, so
// every step of this process uses one file, emptied before each step.
const SUMMARY_FILE = join(tempDir("gopin-inproc-summary-"), "step_summary");

/**
 * One job's environment in process.env (restored by done()): the hermetic go
 * env rooted at `root`, a workspace, RUNNER_TEMP, fresh file-command files
 * per step (step()), and inputs.
 */
export function inProcessJob(root: string, upstream: string) {
  const ws = join(root, "ws");
  const files = join(root, "files");
  mkdirSync(ws, { recursive: true });
  mkdirSync(files, { recursive: true });
  const saved = { ...process.env };
  let n = 0;
  Object.assign(process.env, goEnv(root, { GOPROXY: upstream }), { GITHUB_WORKSPACE: ws, RUNNER_TEMP: join(root, "rt") });
  return {
    ws,
    /** Fresh GITHUB_* file-command files and the given inputs (others unset) for the next step. */
    step(inputs: Record<string, string> = {}): void {
      n++;
      for (const name of ["GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STATE"]) {
        const f = join(files, `${name}_${n}`);
        writeFileSync(f, "");
        process.env[name] = f;
      }
      writeFileSync(SUMMARY_FILE, "");
      process.env.GITHUB_STEP_SUMMARY = SUMMARY_FILE;
      for (const k of Object.keys(process.env)) if (k.startsWith("INPUT_")) delete process.env[k];
      for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v;
    },
    /** main, with what it wrote to stdout (workflow commands); its exports are applied to the job, as the runner does. */
    async main(inputs: Record<string, string>): Promise<{ exported: Record<string, string>; stdout: string; summary: string; exitCode: number }> {
      this.step(inputs);
      const stdout = await captureStdout(() => runMain(process.env));
      const exitCode = Number(process.exitCode ?? 0);
      process.exitCode = 0;
      const exported = fileCommands(process.env.GITHUB_ENV!);
      const state = fileCommands(process.env.GITHUB_STATE!).gopin!;
      Object.assign(process.env, exported);
      process.env.STATE_gopin = state;
      return { exported, stdout, summary: readFileSync(process.env.GITHUB_STEP_SUMMARY!, "utf8"), exitCode };
    },
    async post(): Promise<{ outputs: Record<string, string>; summary: string; exitCode: number }> {
      this.step();
      await captureStdout(() => runPost());
      const exitCode = Number(process.exitCode ?? 0);
      process.exitCode = 0;
      return { outputs: fileCommands(process.env.GITHUB_OUTPUT!), summary: readFileSync(process.env.GITHUB_STEP_SUMMARY!, "utf8"), exitCode };
    },
    /** A `run:` step in the workspace with the job's environment so far. */
    run(script: string) {
      return runCommand("sh", ["-c", script], { cwd: ws, env: { ...process.env } as Record<string, string> });
    },
    done(): void {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    },
  };
}

export async function captureStdout(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write;
  let out = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

