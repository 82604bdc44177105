// Policy: what may be served, checked against the lockfile and the time
// window, and what the job observed (for the lockfile and the report).
//
//   before(): decisions that need no content — verify mode answers list and
//             @latest from the lockfile and refuses anything unlocked before
//             any upstream traffic happens.
//   after():  decisions on content — hashes and .info times against the lock,
//             the release-age window, pseudo-version timestamps, and (record
//             mode) filtering version lists by the window.
import { promises as fsp } from "node:fs";
import type { ModuleRequest } from "../protocol/request.js";
import { hashGoMod, hashZip } from "../gomod/dirhash.js";
import { isPseudoVersion, pseudoVersionTime } from "../gomod/pseudo.js";
import { compareVersion, prerelease } from "../gomod/semver.js";
import { retractions } from "../gomod/modfile.js";
import { lockEntryKey, mergeObserved, policyFromOptions, type Conflict, type Observed, type ObservedVersion, type ObservedList, type ObservedLatest } from "../lock/merge.js";
import type { Lockfile, LockPolicy, LockedVersion, Origin } from "../lock/model.js";
import type { ProxyEvent } from "../report/model.js";
import { formatDuration, formatInstant } from "./time.js";
import { matchPrefixPatterns } from "../gomod/patterns.js";
import { sumdbHash, SumdbSecurityError, type SumdbClient } from "../sumdb/client.js";
import { SumdbNotFound } from "../sumdb/transport.js";

export type Mode = "record" | "verify";

export interface TimeWindow {
  /** Version queries see only versions published at or before this instant. */
  asOf?: Date;
  /** Versions younger than this are hidden from queries and refused by name. */
  minReleaseAgeMs?: number;
  /** Exact module@version exemptions from the release-age rule. */
  allow: Set<string>;
}

/** The checksum database as the policy uses it. */
export interface SumdbPolicy {
  client: SumdbClient;
  /** GONOSUMDB-style patterns: never looked up. */
  noSumDb: string;
}

export interface PolicyOptions {
  mode: Mode;
  lock: Lockfile | undefined;
  lockfileName: string;
  window: TimeWindow;
  now?: () => Date;
  /** Record mode: check every admitted hash against this database and date versions by it. */
  sumdb?: SumdbPolicy;
}

/**
 * One time-window decision about a version, with the evidence that decided
 * it: the `.info` time, or the checksum database (a record number against a
 * tree head gopin saw at a known time, or against the locked tree head).
 */
export interface TimeVerdict {
  module: string;
  version: string;
  verdict: "admitted" | "refused";
  /** The rule that refused it (refused verdicts). */
  rule?: "as-of" | "min-release-age";
  evidence: "info" | "sumdb";
  detail: string;
  /** The `.info` time, when known. */
  time?: string;
  /** The checksum-database record number, when known. */
  rec?: number;
}

/** A policy decision that stops a request, with what was expected and what came. */
export interface Refusal {
  status: number;
  reason: string;
  expected?: string;
  actual?: string;
  version?: string;
}

/** Content the policy inspects: a file in the store, or an in-memory body. */
export interface Content {
  file?: string;
  body?: Buffer;
  /** A zip's h1: hash when it was already computed (at admission). */
  zipHash?: string;
}

/** How the policy reaches other files (the .info behind a .zip, the .mod of the newest version). */
export interface ContentFetcher {
  info(module: string, version: string): Promise<{ Version: string; Time?: string; Origin?: Record<string, unknown> } | undefined>;
  mod(module: string, version: string): Promise<Buffer | undefined>;
}

export type AfterResult = { ok: true; body?: Buffer; time?: string } | { ok: false; refusal: Refusal };

const FORBIDDEN = 403;

function isoOrUndefined(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const n = Date.parse(t);
  return Number.isNaN(n) ? undefined : n;
}

function originFromInfo(o: Record<string, unknown> | undefined): Origin | undefined {
  if (!o) return undefined;
  const out: Origin = {};
  const s = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : undefined);
  if (s("VCS")) out.vcs = s("VCS");
  if (s("URL")) out.url = s("URL");
  if (s("Subdir")) out.subdir = s("Subdir");
  if (s("Ref")) out.ref = s("Ref");
  if (s("Hash")) out.hash = s("Hash");
  return Object.keys(out).length ? out : undefined;
}

export class PolicyEngine {
  readonly mode: Mode;
  readonly events: ProxyEvent[] = [];
  readonly used = new Set<string>();
  private readonly versions = new Map<string, ObservedVersion>();
  private readonly lists = new Map<string, ObservedList>();
  private readonly latest = new Map<string, ObservedLatest>();
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly now: () => Date;
  /** Refusals that are violations (they fail the job). */
  violations = 0;
  /** Time-window decisions and their evidence (for the report). */
  readonly timeVerdicts: TimeVerdict[] = [];
  /** Checksum-database problems that are not about one request (forks, bad locked heads). */
  readonly sumdbProblems: string[] = [];
  /** Hashes verified against the checksum database. */
  sumdbVerified = 0;
  private lockHeadMerged: Promise<void> | undefined;

  constructor(private readonly o: PolicyOptions) {
    this.mode = o.mode;
    this.now = o.now ?? (() => new Date());
  }

  get lock(): Lockfile | undefined {
    return this.o.lock;
  }

  get policy(): LockPolicy {
    const w = this.o.window;
    return policyFromOptions({ asOf: w.asOf, minReleaseAgeMs: w.minReleaseAgeMs, exempt: w.allow });
  }

  private locked(module: string, version: string): LockedVersion | undefined {
    return this.o.lock?.modules.get(module)?.versions.get(version);
  }

  private refuse(reason: string, extra: Omit<Refusal, "status" | "reason"> = {}, status = FORBIDDEN): { ok: false; refusal: Refusal } {
    return { ok: false, refusal: { status, reason, ...extra } };
  }

  // ---------------------------------------------------------------- before

  /** Verify mode: answer queries from the lockfile, refuse what it lacks. */
  before(req: ModuleRequest): { answer: Buffer; contentType: string } | Refusal | undefined {
    if (this.mode !== "verify") return undefined;
    const name = this.o.lockfileName;
    const mod = this.o.lock?.modules.get(req.module);
    switch (req.kind) {
      case "list": {
        if (!mod?.list) {
          return { status: FORBIDDEN, reason: `gopin verify: ${name} holds no @v/list answer for ${req.module}, so this version query cannot be answered reproducibly. Re-record the lockfile (gopin run --mode record) if the build now needs it.` };
        }
        this.used.add(lockEntryKey({ kind: "list", path: req.module }));
        return { answer: Buffer.from(mod.list.map((v) => v + "\n").join("")), contentType: "text/plain; charset=utf-8" };
      }
      case "latest": {
        if (!mod?.latest) {
          return { status: FORBIDDEN, reason: `gopin verify: ${name} holds no @latest answer for ${req.module}, so this version query cannot be answered reproducibly. Re-record the lockfile (gopin run --mode record) if the build now needs it.` };
        }
        this.used.add(lockEntryKey({ kind: "latest", path: req.module }));
        const info: Record<string, string> = { Version: mod.latest.version };
        if (mod.latest.time) info.Time = mod.latest.time;
        return { answer: Buffer.from(JSON.stringify(info)), contentType: "application/json" };
      }
      default: {
        if (!req.canonical) {
          return { status: FORBIDDEN, reason: `gopin verify: ${req.module}@${req.version} is a version query (not a canonical version); verify mode serves only versions locked in ${name}.` };
        }
        const lv = this.locked(req.module, req.version!);
        if (!lv) {
          return { status: FORBIDDEN, reason: `gopin verify: ${req.module}@${req.version} is not in ${name}; verify mode serves only locked versions. Re-record the lockfile (gopin run --mode record) and review the change.` };
        }
        const field = req.kind === "zip" ? lv.zip : req.kind === "mod" ? lv.mod : "info";
        if (!field) {
          return { status: FORBIDDEN, reason: `gopin verify: ${name} locks ${req.module}@${req.version} without a ${req.kind === "zip" ? "zip" : "go.mod"} hash (the recording job never fetched its .${req.kind}); re-record the lockfile.` };
        }
        const head = this.lockedHead();
        if (head && lv.sumdbRecord !== undefined && lv.sumdbRecord >= head.size) {
          return {
            status: FORBIDDEN,
            version: req.version,
            expected: `a checksum database record below ${head.size} (the locked ${this.o.sumdb?.client.name ?? "checksum database"} tree size)`,
            actual: `record ${lv.sumdbRecord}`,
            reason: `gopin verify: ${req.module}@${req.version} is outside the time window: ${name} gives it checksum database record ${lv.sumdbRecord}, at or beyond the locked tree size ${head.size}, so it was not public when the lock was made (whatever its commit time says). Re-record the lockfile and review the change.`,
          };
        }
        this.used.add(lockEntryKey({ kind: "version", path: req.module, version: req.version! }));
        return undefined;
      }
    }
  }

  // ----------------------------------------------------------------- after

  private hashOf(kind: "mod" | "zip", c: Content, key: string): Promise<string> {
    if (kind === "mod") return (async () => hashGoMod(c.body ?? (await fsp.readFile(c.file!))))();
    if (c.zipHash) return Promise.resolve(c.zipHash);
    // Zips are hashed once per process (they are immutable in the store).
    let p = this.hashes.get(key);
    if (!p) {
      p = hashZip(c.body ?? c.file!);
      p.catch(() => this.hashes.delete(key));
      this.hashes.set(key, p);
    }
    return p;
  }

  /** The release-age rule for one version, or undefined when it may be served. */
  private ageRefusal(module: string, version: string, time: string | undefined): Refusal | undefined {
    const { minReleaseAgeMs, allow } = this.o.window;
    if (!minReleaseAgeMs || allow.has(`${module}@${version}`)) return undefined;
    const t = isoOrUndefined(time);
    const min = formatDuration(minReleaseAgeMs);
    if (t === undefined) {
      return { status: FORBIDDEN, version, reason: `gopin: ${module}@${version} has no publication time, and --min-release-age ${min} fails closed. Exempt it with --allow ${module}@${version} if you trust it.` };
    }
    const age = this.now().getTime() - t;
    if (age < minReleaseAgeMs) {
      return {
        status: FORBIDDEN,
        version,
        expected: `published before ${formatInstant(new Date(this.now().getTime() - minReleaseAgeMs))} (min-release-age ${min})`,
        actual: `published ${time} (age ${formatDuration(Math.max(0, Math.floor(age / 1000) * 1000))})`,
        reason: `gopin: ${module}@${version} was published ${time}, ${formatDuration(Math.max(0, Math.floor(age / 1000) * 1000))} ago, younger than --min-release-age ${min}. Wait, pick an older version, or exempt exactly this one with --allow ${module}@${version}.`,
      };
    }
    return undefined;
  }

  /** A pseudo-version names its commit time; the .info must agree. */
  private pseudoRefusal(module: string, version: string, time: string | undefined): Refusal | undefined {
    if (!isPseudoVersion(version) || time === undefined) return undefined;
    const want = pseudoVersionTime(version).getTime();
    const got = isoOrUndefined(time);
    if (got !== undefined && Math.floor(got / 1000) === Math.floor(want / 1000)) return undefined;
    return {
      status: FORBIDDEN,
      version,
      expected: formatInstant(new Date(want)),
      actual: time,
      reason: `gopin: ${module}@${version} is a pseudo-version whose timestamp says ${formatInstant(new Date(want))}, but its .info time is ${time}; the upstream's answer is inconsistent.`,
    };
  }

  private observe(module: string, version: string, patch: Partial<ObservedVersion>): void {
    const key = `${module}@${version}`;
    const cur = this.versions.get(key) ?? { path: module, version };
    this.versions.set(key, { ...cur, ...patch });
  }

  private lockedMismatch(module: string, version: string, field: "mod" | "zip" | "time", lockedValue: string | undefined, actual: string): Refusal | undefined {
    if (lockedValue === undefined) return undefined;
    const same = field === "time" ? isoOrUndefined(lockedValue) === isoOrUndefined(actual) : lockedValue === actual;
    if (same) return undefined;
    const what = field === "time" ? ".info time" : field === "zip" ? "zip hash" : "go.mod hash";
    return {
      status: FORBIDDEN,
      version,
      expected: lockedValue,
      actual,
      reason: `gopin ${this.mode}: ${module}@${version}: ${what} mismatch: ${this.o.lockfileName} has ${lockedValue}, the ${field === "time" ? "upstream says" : "content served hashes to"} ${actual}. ${
        this.mode === "record" ? "A locked version never changes; gopin will not rewrite the lock." : "The module changed since it was locked."
      }`,
    };
  }

  async after(req: ModuleRequest, c: Content, fetch: ContentFetcher): Promise<AfterResult> {
    const { module } = req;
    switch (req.kind) {
      case "info":
        return this.afterInfo(req, c);
      case "mod":
      case "zip": {
        const version = req.version!;
        const h = await this.hashOf(req.kind, c, `${module}@${version}.${req.kind}`);
        const mismatch = this.lockedMismatch(module, version, req.kind, this.locked(module, version)?.[req.kind], h);
        if (mismatch) return { ok: false, refusal: mismatch };
        if (this.mode === "record") {
          let rec: number | undefined;
          if (this.sumdbApplies(module)) {
            const r = await this.checkSumdb(module, version, req.kind, h);
            if (!r.ok) return r;
            rec = r.rec;
          }
          // The release-age rule needs the version's time, from its .info.
          const locked = this.locked(module, version);
          if (!locked) {
            const info = await fetch.info(module, version);
            const r = this.windowRefusal(module, version, info?.Time, rec) ?? this.pseudoRefusal(module, version, info?.Time);
            if (r) return { ok: false, refusal: r };
          }
          this.observe(module, version, { [req.kind]: h, ...(rec !== undefined ? { rec } : {}) });
        }
        return { ok: true };
      }
      case "list":
        return this.afterList(req, c, fetch);
      case "latest":
        return this.afterLatest(req, c);
    }
  }

  private async afterInfo(req: ModuleRequest, c: Content): Promise<AfterResult> {
    const body = c.body ?? (await fsp.readFile(c.file!));
    const info = JSON.parse(body.toString("utf8")) as { Version: string; Time?: string; Origin?: Record<string, unknown> };
    const version = info.Version;
    const pseudo = this.pseudoRefusal(req.module, version, info.Time);
    if (pseudo) return { ok: false, refusal: pseudo };
    const locked = this.locked(req.module, version);
    if (this.mode === "verify") {
      if (locked?.time && info.Time === undefined) {
        return this.refuse(`gopin verify: ${req.module}@${version}: ${this.o.lockfileName} has .info time ${locked.time}, the upstream's .info has none.`, { version, expected: locked.time, actual: "(none)" });
      }
      const m = info.Time !== undefined ? this.lockedMismatch(req.module, version, "time", locked?.time, info.Time) : undefined;
      if (m) return { ok: false, refusal: m };
      return { ok: true, time: info.Time };
    }
    if (locked?.time !== undefined && info.Time !== undefined) {
      const m = this.lockedMismatch(req.module, version, "time", locked.time, info.Time);
      if (m) return { ok: false, refusal: m };
    }
    if (!locked) {
      const age = this.ageRefusal(req.module, version, info.Time);
      if (age) return { ok: false, refusal: age };
    }
    // Version queries (branch names, commits) are served but not locked.
    if (req.canonical) this.observe(req.module, version, { time: info.Time, origin: originFromInfo(info.Origin) });
    return { ok: true, time: info.Time };
  }

  /** Whether a version is inside the time window for version queries. */
  private visible(module: string, version: string, time: string | undefined): boolean {
    const { asOf, minReleaseAgeMs, allow } = this.o.window;
    const t = isoOrUndefined(time);
    if (asOf && (t === undefined || t > asOf.getTime())) return false;
    if (minReleaseAgeMs && !allow.has(`${module}@${version}`)) {
      if (t === undefined || this.now().getTime() - t < minReleaseAgeMs) return false;
    }
    return true;
  }

  private hasWindow(): boolean {
    return Boolean(this.o.window.asOf || this.o.window.minReleaseAgeMs);
  }

  private async afterList(req: ModuleRequest, c: Content, fetch: ContentFetcher): Promise<AfterResult> {
    const body = c.body ?? (await fsp.readFile(c.file!));
    let versions = body.toString("utf8").split("\n").filter(Boolean);
    if (this.hasWindow() && versions.length) {
      const times = await mapLimit(versions, 8, async (v) => (await fetch.info(req.module, v).catch(() => undefined))?.Time);
      const shown = versions.filter((v, i) => this.visible(req.module, v, times[i]));
      if (shown.length < versions.length) {
        // Hiding newer versions must not resurrect versions their author
        // retracted: go learns retractions from the newest version's go.mod,
        // which may now be hidden, so apply them here.
        const retracted = await this.retractedBy(req.module, versions, fetch);
        versions = shown.filter((v) => !retracted(v));
      }
    }
    this.lists.set(req.module, { path: req.module, versions });
    return { ok: true, body: Buffer.from(versions.map((v) => v + "\n").join("")) };
  }

  private async retractedBy(module: string, all: string[], fetch: ContentFetcher): Promise<(v: string) => boolean> {
    const sorted = [...all].sort(compareVersion);
    const releases = sorted.filter((v) => prerelease(v) === "");
    const newest = (releases.length ? releases : sorted).at(-1);
    if (!newest) return () => false;
    const mod = await fetch.mod(module, newest).catch(() => undefined);
    if (!mod) return () => false;
    const ranges = retractions(mod);
    return (v) => ranges.some((r) => compareVersion(r.low, v) <= 0 && compareVersion(v, r.high) <= 0);
  }

  private async afterLatest(req: ModuleRequest, c: Content): Promise<AfterResult> {
    const body = c.body ?? (await fsp.readFile(c.file!));
    const info = JSON.parse(body.toString("utf8")) as { Version: string; Time?: string };
    if (this.hasWindow() && !this.visible(req.module, info.Version, info.Time)) {
      return this.refuse(
        `gopin: the latest version of ${req.module} (${info.Version}, published ${info.Time ?? "at an unknown time"}) is outside the time window (${this.describeWindow()}); no older version is offered by @latest.`,
        { version: info.Version, actual: info.Time },
        404,
      );
    }
    const pseudo = this.pseudoRefusal(req.module, info.Version, info.Time);
    if (pseudo) return { ok: false, refusal: pseudo };
    this.latest.set(req.module, { path: req.module, version: info.Version, time: info.Time });
    return { ok: true, time: info.Time };
  }

  describeWindow(): string {
    const w = this.o.window;
    const parts: string[] = [];
    if (w.asOf) parts.push(`as-of ${formatInstant(w.asOf)}`);
    if (w.minReleaseAgeMs) parts.push(`min-release-age ${formatDuration(w.minReleaseAgeMs)}`);
    return parts.join(", ") || "no time window";
  }

  // ------------------------------------------------------- checksum database

  private lockedHead() {
    const db = this.o.sumdb?.client.name;
    if (!db) return undefined;
    return this.o.lock?.sumdb.get(db);
  }

  /** The as-of in force is the lock's own and the lock has a tree head: that head is the window's edge. */
  private asOfPinned(): boolean {
    const asOf = this.o.window.asOf;
    const recorded = this.o.lock?.policy.asOf;
    if (!asOf || !recorded || !this.lockedHead()) return false;
    const t = isoOrUndefined(recorded) ?? isoOrUndefined(recorded + "T00:00:00Z");
    return t === asOf.getTime();
  }

  sumdbApplies(module: string): boolean {
    const s = this.o.sumdb;
    if (!s) return false;
    return !(s.noSumDb && matchPrefixPatterns(s.noSumDb, module));
  }

  /** A checksum-database problem that is not about one request (it fails the job). */
  securityError(message: string): void {
    if (!this.sumdbProblems.includes(message)) this.sumdbProblems.push(message);
    this.violations++;
  }

  /**
   * Checks the lock's tree heads with no network: each signed note must
   * verify with the database's key and name the locked size and hash, and
   * every locked record number must be below the locked size.
   */
  checkLockedHeads(): void {
    const s = this.o.sumdb;
    const lock = this.o.lock;
    if (!s || !lock) return;
    const head = lock.sumdb.get(s.client.name);
    if (!head) return;
    if (head.note !== undefined) {
      try {
        const t = s.client.verifyHead(Buffer.from(head.note, "utf8"));
        if (t.n !== head.size || t.hash.toString("base64") !== head.hash) {
          this.securityError(`${this.o.lockfileName}: the sumdb ${s.client.name} record says size=${head.size} hash=${head.hash}, but its signed note says size ${t.n} hash ${t.hash.toString("base64")}`);
        }
      } catch (e) {
        this.securityError(`${this.o.lockfileName}: the locked ${s.client.name} tree head does not verify: ${(e as Error).message}`);
      }
    }
  }

  /** Record mode: the lock's tree head must be on the database's timeline (a fork is a violation). */
  private mergeLockedHead(): Promise<void> {
    this.lockHeadMerged ??= (async () => {
      const head = this.lockedHead();
      if (!head?.note || !this.o.sumdb) return;
      try {
        await this.o.sumdb.client.merge(Buffer.from(head.note, "utf8"));
      } catch (e) {
        if (e instanceof SumdbSecurityError) this.securityError(`${this.o.lockfileName}: ${e.message}`);
        else throw e;
      }
    })();
    return this.lockHeadMerged;
  }

  private async checkSumdb(module: string, version: string, kind: "mod" | "zip", h: string): Promise<{ ok: true; rec: number } | { ok: false; refusal: Refusal }> {
    const { client } = this.o.sumdb!;
    const what = kind === "zip" ? "zip hash" : "go.mod hash";
    let r;
    try {
      await this.mergeLockedHead();
      r = await client.lookup(module, version);
    } catch (e) {
      const msg = (e as Error).message;
      if (e instanceof SumdbNotFound) {
        return this.refuse(`gopin: the checksum database ${client.name} has no record of ${module}@${version} (${msg}); if the module is private, list it in GONOSUMDB or GOPRIVATE.`, { version });
      }
      if (e instanceof SumdbSecurityError) return this.refuse(`gopin: ${msg}`, { version }, 502);
      return this.refuse(`gopin: cannot verify ${module}@${version} against the checksum database ${client.name}: ${msg}`, { version }, 502);
    }
    const want = sumdbHash(r.text, module, version, kind);
    if (!want) {
      return this.refuse(`gopin: the checksum database ${client.name} record ${r.id} for ${module}@${version} has no ${what}.`, { version });
    }
    if (want !== h) {
      return this.refuse(
        `SECURITY ERROR: ${module}@${version}: ${what} mismatch: the checksum database ${client.name} (record ${r.id}) has ${want}, but the content served hashes to ${h}. The upstream served different bytes from the ones the public log holds; gopin refused them and did not lock them.`,
        { version, expected: want, actual: h },
      );
    }
    this.sumdbVerified++;
    return { ok: true, rec: r.id };
  }

  private verdict(v: TimeVerdict): void {
    // One per version and outcome (its .mod and .zip are judged alike).
    if (this.timeVerdicts.some((x) => x.module === v.module && x.version === v.version && x.verdict === v.verdict)) return;
    this.timeVerdicts.push(v);
  }

  /**
   * The time window for a version fetched by name, with both kinds of
   * evidence: its `.info` time, and its checksum-database record number
   * (against the locked tree head when the as-of is the lock's, and against
   * the tree heads gopin has seen and when). A record proves a version is at
   * least as young as the database says, whatever its commit time claims.
   */
  private windowRefusal(module: string, version: string, time: string | undefined, rec: number | undefined): Refusal | undefined {
    const w = this.o.window;
    if (!w.asOf && !w.minReleaseAgeMs) return undefined;
    const client = this.o.sumdb?.client;
    const base = { module, version, ...(time !== undefined ? { time } : {}), ...(rec !== undefined ? { rec } : {}) };
    const refusedBySumdb = (rule: "as-of" | "min-release-age", detail: string, expected: string, actual: string): Refusal => {
      this.verdict({ ...base, verdict: "refused", rule, evidence: "sumdb", detail });
      return {
        status: FORBIDDEN,
        version,
        expected,
        actual,
        reason: `gopin: ${module}@${version} is outside the time window (${rule === "as-of" ? `as-of ${formatInstant(w.asOf!)}` : `min-release-age ${formatDuration(w.minReleaseAgeMs!)}`}): ${detail}. Its .info time (${time ?? "none"}) does not count against the log.${rule === "min-release-age" ? ` Exempt exactly this version with --allow ${module}@${version} if you trust it.` : ""}`,
      };
    };
    // 1. The as-of is the lock's and the lock has a tree head: a record at or
    //    beyond that size was not public when the lock was recorded.
    const head = this.lockedHead();
    if (rec !== undefined && client && head && this.asOfPinned() && rec >= head.size) {
      return refusedBySumdb(
        "as-of",
        `its checksum database record ${rec} is at or beyond the tree size ${head.size} locked in ${this.o.lockfileName}, so it was not public when the lock was made`,
        `a ${client.name} record below ${head.size}`,
        `record ${rec}`,
      );
    }
    const dating = rec !== undefined && client ? client.dateRecord(rec) : undefined;
    const after = dating?.after;
    // 2. .info time.
    const age = this.ageRefusal(module, version, time);
    if (age) {
      this.verdict({ ...base, verdict: "refused", rule: "min-release-age", evidence: "info", detail: `.info time ${time ?? "(none)"}` });
      return age;
    }
    // 3. The clock: record not in a tree seen at `after.seen`.
    if (after && client) {
      const seen = Date.parse(after.seen);
      const detail = `its checksum database record ${rec} was not yet in the ${client.name} tree of size ${after.size} that gopin saw at ${after.seen}, so it was published after that`;
      if (w.asOf && seen > w.asOf.getTime()) return refusedBySumdb("as-of", detail, `published by ${formatInstant(w.asOf)}`, `published after ${after.seen}`);
      if (w.minReleaseAgeMs && !w.allow.has(`${module}@${version}`) && this.now().getTime() - seen < w.minReleaseAgeMs) {
        return refusedBySumdb("min-release-age", detail, `published before ${formatInstant(new Date(this.now().getTime() - w.minReleaseAgeMs))}`, `published after ${after.seen}`);
      }
    }
    const by = dating?.by;
    this.verdict({
      ...base,
      verdict: "admitted",
      evidence: after || by ? "sumdb" : "info",
      detail:
        after || by
          ? [
              `.info time ${time ?? "(none)"}`,
              after ? `checksum database: published after ${after.seen} (record ${rec} ≥ tree size ${after.size})` : "",
              by ? `checksum database: public by ${by.seen} (record ${rec} < tree size ${by.size})` : "",
            ]
              .filter(Boolean)
              .join("; ")
          : `.info time ${time ?? "(none)"}${rec !== undefined ? `; checksum database record ${rec} (no earlier tree head seen to date it)` : ""}`,
    });
    return undefined;
  }

  // ---------------------------------------------------------------- events

  record(e: ProxyEvent, violation: boolean): void {
    this.events.push(e);
    if (violation) this.violations++;
    if (e.source !== "refused" && this.mode === "record") {
      if (e.kind === "list") this.used.add(lockEntryKey({ kind: "list", path: e.module }));
      else if (e.kind === "latest") this.used.add(lockEntryKey({ kind: "latest", path: e.module }));
      else if (e.version && this.locked(e.module, e.version)) this.used.add(lockEntryKey({ kind: "version", path: e.module, version: e.version }));
    }
  }

  /** Everything observed, for mergeObserved. */
  observed(): Observed {
    return {
      versions: [...this.versions.values()],
      lists: [...this.lists.values()],
      latest: [...this.latest.values()],
      policy: this.policy,
    };
  }

  /** Record mode: the merged lockfile and any conflicts with it. */
  merged(): { lock: Lockfile; conflicts: Conflict[] } {
    const m = mergeObserved(this.o.lock, this.observed());
    const client = this.o.sumdb?.client;
    if (client && this.sumdbVerified > 0) {
      // The tree head the hashes were verified against; under the lock's own
      // as-of the locked head stays (it is the window's edge).
      const old = m.lock.sumdb.get(client.name);
      const h = client.latestHead();
      if (h.tree.n > 0 && !(old && this.asOfPinned())) {
        m.lock.sumdb.set(client.name, { size: h.tree.n, hash: h.tree.hash.toString("base64"), note: h.note.toString("utf8") });
      }
    }
    return m;
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
