// nektos/act, an independent GitHub Actions runner, for the end-to-end suite
// (__tests__/runner/). act is built from source with `go install` through the
// machine's Go module proxy into .cache/tools (gitignored) and reused from
// there. It runs in host mode (`-P ubuntu-latest=-self-hosted`: steps run on
// this machine, `node` from PATH runs the Action), with its cache server and
// artifact server bound to 127.0.0.1. Its --json log is parsed into step
// results, the job result and each step's summary.
import { existsSync, mkdirSync } from "node:fs";
import { createServer as createHttpServer, request, type IncomingMessage } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "./runner.js";
import { runCommand, type GoResult } from "./go.js";

export const ACT_VERSION = "v0.2.89";
const TOOLS = join(REPO_ROOT, ".cache", "tools");
const ACT = join(TOOLS, "act");

/** The act binary, built on first use; or why it cannot be had (the suite then skips, saying so). */
export async function ensureAct(): Promise<{ bin: string } | { skip: string }> {
  if (existsSync(ACT) && (await actVersion()) === ACT_VERSION) return { bin: ACT };
  mkdirSync(TOOLS, { recursive: true });
  // The machine's own Go environment (its module proxy), not the tests' hermetic one.
  const r = await runCommand("go", ["install", `github.com/nektos/act@${ACT_VERSION}`], {
    env: { ...(process.env as Record<string, string>), GOBIN: TOOLS },
    timeoutMs: 20 * 60_000,
  }).catch((e: Error): GoResult => ({ code: -1, stdout: "", stderr: e.message, signal: null, timedOut: false }));
  if (r.code !== 0) return { skip: `nektos/act ${ACT_VERSION} could not be built with go install (exit ${r.code}${r.timedOut ? ", timed out" : ""}): ${lastLines(r.stderr)}` };
  const v = await actVersion();
  if (v !== ACT_VERSION) return { skip: `go install built act, but it reports version ${v ?? "(none)"}, not ${ACT_VERSION}` };
  return { bin: ACT };
}

async function actVersion(): Promise<string | undefined> {
  const r = await runCommand(ACT, ["--version"], { timeoutMs: 30_000 }).catch(() => undefined);
  const m = r && /act version (\S+)/.exec(r.stdout);
  return m ? `v${m[1]}` : undefined;
}

function lastLines(text: string, n = 5): string {
  return text.trim().split("\n").slice(-n).join(" | ") || "(no output)";
}

/** A TCP port on 127.0.0.1 free right now (act's artifact server takes a fixed port). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** One line of act's --json log (the fields this suite reads). */
export interface ActLogLine {
  msg?: string;
  level?: string;
  stage?: string;
  step?: string;
  stepID?: string[];
  stepResult?: string;
  jobResult?: string;
  command?: string;
  content?: string;
  name?: string;
  arg?: string;
}

export interface ActRun extends GoResult {
  lines: ActLogLine[];
  /** "success" or "failure" (undefined when act did not get that far). */
  jobResult?: string;
  /** Step summaries, in order, with the stage that wrote them ("Main", "Post"). */
  summaries: Array<{ stage?: string; step?: string; content: string }>;
  /** The job's log text (every step's output), for assertions and diagnostics. */
  output: string;
}

export interface ActOptions {
  bin: string;
  /** The git repository holding .github/workflows/<workflow>. */
  repo: string;
  workflow: string;
  /** The environment of act, which host-mode steps inherit. */
  env: Record<string, string>;
  /** act's own directories: cache server storage (shared between runs that share a cache), action cache. */
  cacheDir: string;
  actionCacheDir: string;
  artifactDir: string;
  timeoutMs?: number;
}

/**
 * act v0.2.89's artifact server (pkg/artifacts/artifacts_v4.go) cannot take
 * an upload from @actions/artifact 6, for two reasons of act's own:
 *  1. it decodes request bodies with a strict protojson.Unmarshal, so
 *     CreateArtifact's `mime_type` field (sent since the client's artifact
 *     version 7) is "unknown", and it answers HTTP 500 with an empty body,
 *     which the client retries for about 32 s ("Unexpected end of JSON input");
 *  2. its signed upload URL carries the base64 signature with its `=`
 *     padding unescaped (`sig=...=`); the Azure SDK's URL handling splits each
 *     query pair at the first two `=`, drops the padding, and act answers the
 *     blob PUT with 401 ("Error unauthorized").
 * GitHub's service accepts the first and escapes the second. This relay sits
 * between the job and act's server (act hands the job ACTIONS_RUNTIME_URL
 * as both runtime and results URL) and undoes exactly these two things:
 * it drops `mime_type` from CreateArtifact and escapes the signature in the
 * signed URLs act returns. Everything else reaches act's server unchanged,
 * and act stores the artifact under --artifact-server-path as usual.
 */
export async function startArtifactRelay(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const to = new URL(target);
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.url?.split("?")[0]!.endsWith("/CreateArtifact")) {
        const o = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
        delete o.mime_type;
        body = Buffer.from(JSON.stringify(o));
      }
      const headers = { ...req.headers, host: to.host, "content-length": String(body.length) };
      const fwd = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (up: IncomingMessage) => {
        const out: Buffer[] = [];
        up.on("data", (c: Buffer) => out.push(c));
        up.on("end", () => {
          const text = Buffer.concat(out).toString("utf8").replace(/([?&]sig=)([^&"]*)/g, (_, k: string, v: string) => k + v.replace(/=/g, "%3D"));
          res.writeHead(up.statusCode ?? 502, { ...up.headers, "content-length": String(Buffer.byteLength(text)) });
          res.end(text);
        });
      });
      fwd.on("error", (e) => {
        res.writeHead(502);
        res.end(e.message);
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Runs `act push` for one workflow in host mode and parses its log. */
export async function runAct(o: ActOptions): Promise<ActRun> {
  const artifactPort = await freePort();
  const relay = await startArtifactRelay(`http://127.0.0.1:${artifactPort}`);
  // act passes its own ACTIONS_RUNTIME_URL and ACTIONS_RUNTIME_TOKEN to the job when set: a run inside a
  // GitHub Actions job must not hand the outer job's service to the inner one.
  const env: Record<string, string> = { ...o.env, ACTIONS_RUNTIME_URL: relay.url };
  delete env.ACTIONS_RUNTIME_TOKEN;
  const args = [
    "push",
    "-W", join(".github", "workflows", o.workflow),
    "-P", "ubuntu-latest=-self-hosted",
    "--json",
    "--cache-server-addr", "127.0.0.1",
    "--cache-server-port", "0",
    "--cache-server-path", o.cacheDir,
    "--artifact-server-addr", "127.0.0.1",
    "--artifact-server-port", String(artifactPort),
    "--artifact-server-path", o.artifactDir,
    "--action-cache-path", o.actionCacheDir,
  ];
  const r = await runCommand(o.bin, args, { cwd: o.repo, env, timeoutMs: o.timeoutMs ?? 600_000 }).finally(() => relay.stop());
  const lines: ActLogLine[] = [];
  for (const l of r.stdout.split("\n")) {
    if (!l.startsWith("{")) continue;
    try {
      lines.push(JSON.parse(l) as ActLogLine);
    } catch {
      /* a partial line */
    }
  }
  return {
    ...r,
    lines,
    jobResult: lines.find((l) => l.jobResult)?.jobResult,
    summaries: lines.filter((l) => l.command === "summary" && l.content !== undefined).map((l) => ({ stage: l.stage, step: l.step, content: l.content! })),
    output: lines
      .filter((l) => l.msg !== undefined && !l.command)
      .map((l) => (l.msg!.endsWith("\n") ? l.msg! : l.msg! + "\n"))
      .join(""),
  };
}
