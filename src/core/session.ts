// A gopin session: the proxy plus the lockfile policy for the length of a
// job, and what happens at its end (merge and write the lockfile in record
// mode, build the drift report). Shared by `gopin run`, `gopin serve` and the
// Action's daemon.
import { writeFile, appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { startProxy, type RunningProxy } from "./proxy-stack.js";
import { PolicyEngine } from "../policy/engine.js";
import { writeLockfileAtomic } from "../lock/io.js";
import { buildReport, renderJson, renderMarkdown, type DriftReport } from "../report/index.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { PolicyConfig } from "../config/policy-config.js";
import { basename } from "node:path";

export interface SessionResult {
  report: DriftReport;
  markdown: string;
  json: string;
  /** Policy refusals plus lockfile conflicts: any of them fails the job. */
  violations: number;
  lockfileWritten: boolean;
}

export interface Session {
  proxy: RunningProxy;
  engine: PolicyEngine;
  policy: PolicyConfig;
  /** Stop serving, then write the lockfile (record mode) and build the report. */
  finish(): Promise<SessionResult>;
}

export async function startSession(serve: ServeConfig, policy: PolicyConfig, env: NodeJS.ProcessEnv = process.env): Promise<Session> {
  const engine = new PolicyEngine({ mode: policy.mode, lock: policy.lock, lockfileName: basename(policy.lockfilePath), window: policy.window });
  const proxy = await startProxy(serve, env, engine);
  const started = Date.now();
  return {
    proxy,
    engine,
    policy,
    async finish() {
      const s = proxy.stats.snapshot();
      await proxy.close();
      let after;
      let conflicts: ReturnType<PolicyEngine["merged"]>["conflicts"] = [];
      let lockfileWritten = false;
      if (policy.mode === "record") {
        const m = engine.merged();
        after = m.lock;
        conflicts = m.conflicts;
        lockfileWritten = await writeLockfileAtomic(policy.lockfilePath, m.lock);
      }
      const report = buildReport({
        mode: policy.mode,
        now: new Date(),
        before: policy.lock,
        after,
        events: engine.events,
        used: engine.used,
        conflicts,
        stats: {
          requests: s.requests,
          hits: s.hits,
          misses: s.misses,
          bytesFromStore: s.bytesFromStore,
          bytesFromUpstream: s.bytesFromUpstream,
          durationMs: Date.now() - started,
        },
        policy: engine.policy,
        lockfilePath: policy.lockfilePath,
        lockfileWritten,
      });
      return { report, markdown: renderMarkdown(report), json: renderJson(report), violations: engine.violations + conflicts.length, lockfileWritten };
    },
  };
}

/** Writes the JSON report and appends the Markdown summary where asked. */
export async function writeReportFiles(r: SessionResult, opts: { reportJson?: string; summary?: string }): Promise<void> {
  if (opts.reportJson) {
    await mkdir(dirname(opts.reportJson), { recursive: true });
    await writeFile(opts.reportJson, r.json);
  }
  if (opts.summary) await appendFile(opts.summary, r.markdown + "\n");
}
