// A gopin session: the proxy plus the lockfile policy for the length of a
// job, and its one outcome at the end (the lockfile merged and written in
// record mode, the drift report with every section, the verdict). `gopin
// run`, `gopin serve` and the Action's post step all reach their verdict from
// this outcome.
import { writeFile, appendFile, mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { startProxy, createSumdbClient, type RunningProxy } from "./proxy-stack.js";
import { Journal } from "../journal/journal.js";
import type { PolicyContext } from "../policy/context.js";
import type { Advice } from "../policy/refusal.js";
import { asOfPinned } from "../policy/window.js";
import { SumdbSecurityError, type SumdbClient } from "../sumdb/client.js";
import { writeLockfileAtomic } from "../lock/io.js";
import { mergeObserved, policyFromOptions, type Conflict } from "../lock/merge.js";
import type { Lockfile, LockPolicy } from "../lock/model.js";
import { buildReport, type DriftReport } from "../report/model.js";
import { renderJson, renderMarkdown } from "../report/render.js";
import type { SumdbReport } from "../report/sumdb.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { PolicyConfig } from "../config/policy-config.js";
import { childGoEnv, type ChildEnv } from "./child-env.js";

/** The one result of a job: what the CLI's exit code and the Action's post step both read. */
export interface Outcome {
  /** The report with every section; `report.verdict` and `report.counts.violations` decide. */
  report: DriftReport;
  /** Record mode: whether the lockfile was (re)written. */
  lockfileWritten: boolean;
}

export interface Session {
  proxy: RunningProxy;
  journal: Journal;
  policy: PolicyConfig;
  /** The environment later `go` commands need (GOPROXY, GONOPROXY, GOSUMDB, GONOSUMDB, GOPRIVATE). */
  goEnv: ChildEnv;
  /** Stop serving, merge and write the lockfile (record mode), build the outcome. */
  finish(): Promise<Outcome>;
}

export interface SessionOptions {
  /** Whose knobs refusals advise (flags or Action inputs). */
  advice?: Advice;
  env?: NodeJS.ProcessEnv;
}

export async function startSession(serve: ServeConfig, policy: PolicyConfig, opts: SessionOptions = {}): Promise<Session> {
  const env = opts.env ?? process.env;
  const sumdb: SumdbClient | undefined = createSumdbClient(serve);
  const lockfileName = basename(policy.lockfilePath);
  const ctx: PolicyContext = {
    mode: policy.mode,
    lock: policy.lock,
    lockfileName,
    window: policy.window,
    ...(sumdb ? { sumdbName: sumdb.name } : {}),
    noSumDb: serve.noSumDb,
    advice: opts.advice ?? "cli",
    now: () => new Date(),
  };
  const journal = new Journal();
  if (sumdb) {
    await sumdb.init();
    if (sumdb.stateProblem) process.stderr.write(`gopin: ${sumdb.stateProblem}\n`);
    // The lock's signed tree head is checked offline in every mode.
    for (const p of lockedHeadProblems(sumdb, policy.lock, lockfileName)) journal.sumdbProblem(p);
  }
  const proxy = await startProxy(serve, env, { ctx, journal, ...(policy.mode === "record" && sumdb ? { sumdb } : {}) }, sumdb, ctx.advice);
  const goEnv = childGoEnv(proxy.url, serve);
  const started = Date.now();
  const lockPolicy: LockPolicy = policyFromOptions({ asOf: policy.window.asOf, minReleaseAgeMs: policy.window.minReleaseAgeMs, exempt: policy.window.allow });
  return {
    proxy,
    journal,
    policy,
    goEnv,
    async finish() {
      await proxy.close();
      // After close: the shared store's uploads have been drained.
      const s = proxy.stats.snapshot();
      let after: Lockfile | undefined;
      let conflicts: Conflict[] = [];
      let lockfileWritten = false;
      if (policy.mode === "record") {
        const m = mergeObserved(policy.lock, journal.observed(lockPolicy));
        after = m.lock;
        conflicts = m.conflicts;
        pinTreeHead(after, sumdb, journal, ctx);
        lockfileWritten = await writeLockfileAtomic(policy.lockfilePath, after);
      }
      const report = buildReport({
        mode: policy.mode,
        now: new Date(),
        before: policy.lock,
        after,
        events: journal.events,
        used: journal.used,
        conflicts,
        stats: { ...s, durationMs: Date.now() - started },
        policy: lockPolicy,
        lockfilePath: policy.lockfilePath,
        lockfileWritten,
        drift: journal.drift,
        ...(sumdb ? { sumdb: sumdbSection(sumdb, journal, after ?? policy.lock) } : {}),
      });
      return { report, lockfileWritten };
    },
  };
}

/**
 * Checks the lock's tree head with no network: its signed note must verify
 * with the database's key and name the locked size and hash.
 */
function lockedHeadProblems(client: SumdbClient, lock: Lockfile | undefined, lockfileName: string): string[] {
  const head = lock?.sumdb.get(client.name);
  if (!head?.note) return [];
  try {
    const t = client.verifyHead(Buffer.from(head.note, "utf8"));
    if (t.n !== head.size || t.hash.toString("base64") !== head.hash) {
      return [`${lockfileName}: the sumdb ${client.name} record says size=${head.size} hash=${head.hash}, but its signed note says size ${t.n} hash ${t.hash.toString("base64")}`];
    }
  } catch (e) {
    if (!(e instanceof SumdbSecurityError)) throw e;
    return [`${lockfileName}: the locked ${client.name} tree head does not verify: ${e.message}`];
  }
  return [];
}

/**
 * Record mode: pin the tree head the hashes were verified against; under the
 * lock's own as-of the locked head stays (it is the window's edge).
 */
function pinTreeHead(lock: Lockfile, client: SumdbClient | undefined, journal: Journal, ctx: PolicyContext): void {
  if (!client || journal.sumdbVerified === 0) return;
  const old = lock.sumdb.get(client.name);
  const h = client.latestHead();
  if (h.tree.n > 0 && !(old && asOfPinned(ctx))) {
    lock.sumdb.set(client.name, { size: h.tree.n, hash: h.tree.hash.toString("base64"), note: h.note.toString("utf8") });
  }
}

function sumdbSection(client: SumdbClient, journal: Journal, lock: Lockfile | undefined): SumdbReport {
  const h = client.latestHead();
  const locked = lock?.sumdb.get(client.name);
  const r: SumdbReport = { database: client.name, route: client.describeRoute(), verifiedHashes: journal.sumdbVerified, problems: [...journal.sumdbProblems], timeWindow: [...journal.timeVerdicts] };
  if (h.tree.n > 0) r.treeHead = { size: h.tree.n, hash: h.tree.hash.toString("base64") };
  if (locked) r.lockedTreeHead = { size: locked.size, hash: locked.hash };
  return r;
}

/** Writes the JSON report and appends the Markdown summary where asked. */
export async function writeReportFiles(o: Outcome, opts: { reportJson?: string; summary?: string }): Promise<void> {
  if (opts.reportJson) {
    await mkdir(dirname(opts.reportJson), { recursive: true });
    await writeFile(opts.reportJson, renderJson(o.report));
  }
  if (opts.summary) await appendFile(opts.summary, renderMarkdown(o.report) + "\n");
}
