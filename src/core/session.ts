// A gopin session: the proxy plus the lockfile policy for the length of a
// job, and what happens at its end (merge and write the lockfile in record
// mode, build the drift report). Shared by `gopin run`, `gopin serve` and the
// Action's daemon.
import { writeFile, appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { startProxy, createSumdbClient, type RunningProxy } from "./proxy-stack.js";
import { PolicyEngine } from "../policy/engine.js";
import type { SumdbClient } from "../sumdb/client.js";
import { writeLockfileAtomic } from "../lock/io.js";
import type { Lockfile } from "../lock/model.js";
import { buildReport, renderJson, renderMarkdown, renderSumdbMarkdown, type DriftReport, type SumdbReport } from "../report/index.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { PolicyConfig } from "../config/policy-config.js";
import { basename } from "node:path";

export interface SessionResult {
  report: DriftReport & { sumdb?: SumdbReport };
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
  const sumdb: SumdbClient | undefined = createSumdbClient(serve);
  const engine = new PolicyEngine({
    mode: policy.mode,
    lock: policy.lock,
    lockfileName: basename(policy.lockfilePath),
    window: policy.window,
    sumdb: sumdb ? { client: sumdb, noSumDb: serve.noSumDb } : undefined,
  });
  if (sumdb) {
    await sumdb.init();
    if (sumdb.stateProblem) process.stderr.write(`gopin: ${sumdb.stateProblem}\n`);
    // The lock's signed tree head is checked offline in every mode.
    engine.checkLockedHeads();
  }
  const proxy = await startProxy(serve, env, engine, sumdb);
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
        stats: { ...s, durationMs: Date.now() - started },
        policy: engine.policy,
        lockfilePath: policy.lockfilePath,
        lockfileWritten,
      });
      const section = sumdb ? sumdbReport(sumdb, engine, after ?? policy.lock) : undefined;
      if (section?.problems.length) {
        report.verdict = "fail";
        report.problems.push(...section.problems.map((p) => `checksum database: ${p.split("\n")[0]}`));
        report.headline = report.problems.join(", ");
      }
      const full: DriftReport & { sumdb?: SumdbReport } = section ? { ...report, sumdb: section } : report;
      const markdown = renderMarkdown(report) + (section ? "\n" + renderSumdbMarkdown(section) : "");
      return { report: full, markdown, json: renderJson(full), violations: engine.violations + conflicts.length, lockfileWritten };
    },
  };
}

function sumdbReport(client: SumdbClient, engine: PolicyEngine, lock: Lockfile | undefined): SumdbReport {
  const h = client.latestHead();
  const locked = lock?.sumdb.get(client.name);
  const r: SumdbReport = { database: client.name, route: client.describeRoute(), verifiedHashes: engine.sumdbVerified, problems: [...engine.sumdbProblems], timeWindow: [...engine.timeVerdicts] };
  if (h.tree.n > 0) r.treeHead = { size: h.tree.n, hash: h.tree.hash.toString("base64") };
  if (locked) r.lockedTreeHead = { size: locked.size, hash: locked.hash };
  return r;
}

/** Writes the JSON report and appends the Markdown summary where asked. */
export async function writeReportFiles(r: SessionResult, opts: { reportJson?: string; summary?: string }): Promise<void> {
  if (opts.reportJson) {
    await mkdir(dirname(opts.reportJson), { recursive: true });
    await writeFile(opts.reportJson, r.json);
  }
  if (opts.summary) await appendFile(opts.summary, r.markdown + "\n");
}
