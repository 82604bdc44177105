// The job's journal: the request path writes what happened (every request's
// outcome, the locked entries it used, what it observed for the lockfile, the
// time-window verdicts and checksum-database findings); the lock merge and
// the report read it at the end. Nothing else keeps job state.
import type { ObservedLatest, ObservedList, ObservedMissing, ObservedVersion, Observed } from "../lock/merge.js";
import type { LockPolicy } from "../lock/model.js";
import type { RequestKind } from "../protocol/module-file.js";
import type { TimeVerdict } from "../policy/window.js";
import type { Drift } from "../policy/content.js";
import type { Eviction } from "../store/store.js";
import type { Remedy, Rule } from "../policy/refusal.js";

/** Upstream drift as observed: which upstream (or "store") said it. */
export interface DriftNote extends Drift {
  source: string;
}

/**
 * Where an answer came from. `refused`: gopin refused it on purpose (a
 * violation); `failed`: it could not be served (an upstream failure, a full
 * disk), which go reports itself and which is not a violation.
 */
export type EventSource = "store" | "upstream" | "lockfile" | "refused" | "failed";

/** One request the proxy served, refused or failed. */
export interface ProxyEvent {
  module: string;
  kind: RequestKind;
  /** info/mod/zip: the version (or query) requested; latest: the version answered, if any. */
  version?: string;
  source: EventSource;
  /** Response body bytes (0 or absent for refusals). */
  bytes?: number;
  /** Why it was refused or failed (the refusal's one paragraph, remedy included). */
  reason?: string;
  /** Refusals: the rule, what happened without the remedy, and the remedy (so a report can name another entry point's knobs). */
  rule?: Rule;
  detail?: string;
  remedy?: Remedy;
  /** What the lockfile or policy expected (e.g. the locked h1: hash), and what came. */
  expected?: string;
  actual?: string;
  /** The version's `.info` time when known (for its age). */
  time?: string;
}

export class Journal {
  readonly events: ProxyEvent[] = [];
  /** lockEntryKey strings of the locked entries the job used. */
  readonly used = new Set<string>();
  private readonly versions = new Map<string, ObservedVersion>();
  private readonly lists = new Map<string, ObservedList>();
  private readonly latest = new Map<string, ObservedLatest>();
  private readonly missing = new Map<string, ObservedMissing>();
  /** Time-window decisions and their evidence, one per version and outcome. */
  readonly timeVerdicts: TimeVerdict[] = [];
  /** Checksum-database problems that are not about one request (forks, bad locked heads). */
  readonly sumdbProblems: string[] = [];
  /** Hashes verified against the checksum database. */
  sumdbVerified = 0;
  /** .info metadata that differs from the lock (reported, never a violation). */
  readonly drift: DriftNote[] = [];
  /** Stored files that were evicted (corrupt, poisoned or contradicted by an authority; reported, never a violation). */
  readonly evicted: Eviction[] = [];
  private readonly observers: Array<() => void> = [];
  /** Modules observed since the last takeChanged(), and the observed-version keys of each module. */
  private changedModules = new Set<string>();
  private readonly versionKeys = new Map<string, Set<string>>();

  /** Calls `fn` whenever something new is observed for the lockfile (record mode writes it as the job runs). */
  onObserve(fn: () => void): void {
    this.observers.push(fn);
  }

  private observedSomething(): void {
    for (const fn of this.observers) fn();
  }

  noteDrift(d: DriftNote): void {
    if (!this.drift.some((x) => x.module === d.module && x.version === d.version && x.field === d.field && x.upstream === d.upstream)) this.drift.push(d);
  }

  storeEvicted(e: Eviction): void {
    this.evicted.push(e);
  }

  record(e: ProxyEvent): void {
    this.events.push(e);
  }

  use(key: string | undefined): void {
    if (key !== undefined) this.used.add(key);
  }

  /** Each observe method says whether it changed what the lockfile will hold. */
  observeVersion(module: string, version: string, patch: Omit<Partial<ObservedVersion>, "path" | "version">): boolean {
    const key = `${module}@${version}`;
    const cur = this.versions.get(key) ?? { path: module, version };
    const next = { ...cur, ...patch };
    this.versions.set(key, next);
    let keys = this.versionKeys.get(module);
    if (!keys) this.versionKeys.set(module, (keys = new Set()));
    keys.add(key);
    this.changedModules.add(module);
    const changed = JSON.stringify(next) !== JSON.stringify(cur);
    if (changed) this.observedSomething();
    return changed;
  }

  observeList(module: string, versions: readonly string[]): boolean {
    const same = this.lists.get(module)?.versions.join(" ") === versions.join(" ");
    this.lists.set(module, { path: module, versions });
    this.changedModules.add(module);
    if (!same) this.observedSomething();
    return !same;
  }

  observeLatest(module: string, version: string, time: string | undefined): boolean {
    const cur = this.latest.get(module);
    this.latest.set(module, { path: module, version, ...(time !== undefined ? { time } : {}) });
    this.changedModules.add(module);
    const changed = cur?.version !== version || cur.time !== time;
    if (changed) this.observedSomething();
    return changed;
  }

  /** A not-found answer (see missingAnswer), pinned so verify can replay it. */
  observeMissing(module: string, answer: string): void {
    this.missing.set(`${module} ${answer}`, { path: module, answer });
    this.changedModules.add(module);
  }

  timeVerdict(v: TimeVerdict): void {
    // One per version and outcome (its .mod and .zip are judged alike).
    if (this.timeVerdicts.some((x) => x.module === v.module && x.version === v.version && x.verdict === v.verdict)) return;
    this.timeVerdicts.push(v);
  }

  sumdbProblem(message: string): void {
    if (!this.sumdbProblems.includes(message)) this.sumdbProblems.push(message);
  }

  /** Refused requests (violations). */
  get refusals(): number {
    return this.events.filter((e) => e.source === "refused").length;
  }

  /** The modules observed since the last call (the lock's record of each may have changed). */
  takeChanged(): Set<string> {
    const c = this.changedModules;
    this.changedModules = new Set();
    return c;
  }

  /** Everything observed about `modules`, for mergeObserved (the merge is per module). */
  observedFor(modules: ReadonlySet<string>, policy: LockPolicy): Observed {
    const versions: ObservedVersion[] = [];
    const lists: ObservedList[] = [];
    const latest: ObservedLatest[] = [];
    const missing: ObservedMissing[] = [];
    for (const m of modules) {
      for (const k of this.versionKeys.get(m) ?? []) versions.push(this.versions.get(k)!);
      const l = this.lists.get(m);
      if (l) lists.push(l);
      const t = this.latest.get(m);
      if (t) latest.push(t);
    }
    for (const o of this.missing.values()) if (modules.has(o.path)) missing.push(o);
    return { versions, lists, latest, missing, policy };
  }

  /** Everything observed, for mergeObserved. */
  observed(policy: LockPolicy): Observed {
    return { versions: [...this.versions.values()], lists: [...this.lists.values()], latest: [...this.latest.values()], missing: [...this.missing.values()], policy };
  }
}
