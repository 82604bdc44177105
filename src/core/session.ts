// A gopin session: the proxy plus the lockfile policy for the length of a
// job, and its one outcome at the end (the lockfile merged and written in
// record mode, the drift report with every section, the verdict). `gopin
// run`, `gopin serve` and the Action's post step all reach their verdict from
// this outcome. In record mode the lockfile is also on disk while the job
// runs (live-lockfile.ts).
import { writeFile, appendFile, mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { startProxy, createSumdbClient, type RunningProxy } from "./proxy-stack.js";
import { Journal, type ProxyEvent } from "../journal/journal.js";
import type { PolicyContext } from "../policy/context.js";
import { Refusal, type Advice } from "../policy/refusal.js";
import { asOfPinned } from "../policy/window.js";
import { SumdbSecurityError, type SumdbClient } from "../sumdb/client.js";
import { LockfileIoError } from "../lock/io.js";
import { LiveLockfile } from "./live-lockfile.js";
import { RunningLock } from "../lock/running-lock.js";
import { mergeObserved, policyFromOptions, pruneVersions, type Conflict, type Rejected } from "../lock/merge.js";
import type { Lockfile, LockPolicy } from "../lock/model.js";
import { buildReport, type DriftReport } from "../report/model.js";
import { renderJson, renderMarkdown, type MarkdownOptions } from "../report/render.js";
import type { SumdbReport } from "../report/sumdb.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { PolicyConfig } from "../config/policy-config.js";
import { childGoEnv, type ChildEnv } from "./child-env.js";
import { scrub, scrubJson } from "../observe/scrub.js";

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
  finish(options?: FinishOptions): Promise<Outcome>;
}

export interface SessionOptions {
  /** Whose knobs refusals advise (flags or Action inputs). */
  advice?: Advice;
  env?: NodeJS.ProcessEnv;
}

export interface FinishOptions {
  /** Record mode: drop locked versions the job did not fetch (`gopin lock --prune` after a complete graph: no longer reachable). */
  prune?: boolean;
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
    if (sumdb.stateProblem) process.stderr.write(scrub(`gopin: ${sumdb.stateProblem}\n`));
    // The lock's signed tree head is checked offline in every mode.
    for (const p of lockedHeadProblems(sumdb, policy.lock, lockfileName)) journal.sumdbProblem(p);
  }
  const lockPolicy: LockPolicy = policyFromOptions({ asOf: policy.window.asOf, minReleaseAgeMs: policy.window.minReleaseAgeMs, exempt: policy.window.allow });
  /** Record mode: the starting lock with everything the job recorded so far. */
  const recorded = (prune = false): { lock: Lockfile; conflicts: Conflict[]; rejected: Rejected[] } => {
    const observed = journal.observed(lockPolicy);
    const m = mergeObserved(policy.lock, observed);
    // Pruning needs the whole graph: only at the end of a complete `gopin lock`.
    const lock = prune ? pruneVersions(m.lock, observed) : m.lock;
    pinTreeHead(lock, sumdb, journal, ctx);
    return { ...m, lock };
  };
  // While the job runs, only the modules observed since the last write are merged again.
  const running = policy.mode === "record" ? new RunningLock(policy.lock, lockPolicy, (lock) => pinTreeHead(lock, sumdb, journal, ctx)) : undefined;
  const live =
    running
      ? new LiveLockfile({
          path: policy.lockfilePath,
          text: () => {
            const changed = journal.takeChanged();
            running.update(changed, journal.observedFor(changed, lockPolicy));
            return running.text();
          },
          onError: (e) => process.stderr.write(scrub(`gopin: cannot write ${policy.lockfilePath} yet: ${e.message}\n`)),
        })
      : undefined;
  if (live) journal.onObserve(() => live.changed());
  const proxy = await startProxy(serve, env, { ctx, journal, ...(policy.mode === "record" && sumdb ? { sumdb } : {}) }, sumdb, ctx.advice, live ? () => live.caughtUp() : undefined);
  const goEnv = childGoEnv(proxy.url, serve);
  const started = Date.now();
  return {
    proxy,
    journal,
    policy,
    goEnv,
    async finish(options: FinishOptions = {}) {
      await proxy.close();
      // After close: the shared store's uploads have been drained.
      const s = proxy.stats.snapshot();
      let after: Lockfile | undefined;
      let conflicts: Conflict[] = [];
      let lockfileWritten = false;
      let lockfileError: string | undefined;
      if (live) {
        const m = recorded(options.prune);
        after = m.lock;
        conflicts = m.conflicts;
        for (const r of m.rejected) journal.record(rejectedEvent(r, ctx));
        try {
          lockfileWritten = await live.flush(after);
        } catch (e) {
          // The report is still written: it is the only record of this job.
          if (!(e instanceof LockfileIoError)) throw e;
          lockfileError = e.message;
        }
      }
      // Scrubbed once here, the report is safe in every form it takes: the
      // JSON file, the Markdown summary, annotations and the CLI's stderr.
      const report = scrubJson(buildReport({
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
        ...(lockfileError ? { lockfileError } : {}),
        drift: journal.drift,
        evicted: journal.evicted,
        ...(sumdb ? { sumdb: sumdbSection(sumdb, journal, after ?? policy.lock) } : {}),
        ...(proxy.chain.pool ? { mirrors: proxy.chain.pool.report() } : {}),
      }));
      return { report, lockfileWritten };
    },
  };
}

/** An observation the lockfile cannot hold: left out, and reported as a refusal of that module@version. */
function rejectedEvent(r: Rejected, ctx: PolicyContext): ProxyEvent {
  const what = r.version !== undefined ? `${r.path}@${r.version}` : r.path;
  const refusal = new Refusal({
    module: r.path,
    ...(r.version !== undefined ? { version: r.version } : {}),
    rule: "inadmissible",
    mode: "record",
    detail: `${what}: its ${r.kind === "missing" ? `not-found (${r.answer})` : r.kind} record cannot be written to ${ctx.lockfileName} (${r.problem}); it was left out, and the rest of the lockfile was written.`,
  });
  return {
    module: r.path,
    kind: r.kind === "version" ? "info" : r.kind === "missing" ? (r.answer === "@v/list" ? "list" : r.answer === "@latest" ? "latest" : "info") : r.kind,
    ...(r.version !== undefined ? { version: r.version } : {}),
    source: "refused",
    reason: refusal.format(ctx.advice),
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
 * lock's own as-of the locked head stays (it is the window's edge). A locked
 * head that already covers every locked record also stays, so the long
 * `sumdb` line changes only when a newer head is needed.
 */
function pinTreeHead(lock: Lockfile, client: SumdbClient | undefined, journal: Journal, ctx: PolicyContext): void {
  if (!client || journal.sumdbVerified === 0) return;
  const old = lock.sumdb.get(client.name);
  const h = client.latestHead();
  if (old && !beyondHead(lock, old.size)) return;
  if (h.tree.n > 0 && !(old && asOfPinned(ctx))) {
    lock.sumdb.set(client.name, { size: h.tree.n, hash: h.tree.hash.toString("base64"), note: h.note.toString("utf8") });
  }
}

/** Whether any locked version has a checksum-database record at or beyond `size`. */
function beyondHead(lock: Lockfile, size: number): boolean {
  for (const m of lock.modules.values()) for (const v of m.versions.values()) if (v.sumdbRecord !== undefined && v.sumdbRecord >= size) return true;
  return false;
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
export async function writeReportFiles(o: Outcome, opts: { reportJson?: string; summary?: string; markdown?: MarkdownOptions }): Promise<void> {
  if (opts.reportJson) {
    await mkdir(dirname(opts.reportJson), { recursive: true });
    await writeFile(opts.reportJson, renderJson(o.report));
  }
  if (opts.summary) await appendFile(opts.summary, renderMarkdown(o.report, { ...opts.markdown, ...(opts.reportJson ? { fullReport: `the JSON report ${opts.reportJson}` } : {}) }) + "\n");
}
