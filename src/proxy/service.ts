// The request path: one module protocol request, downward only.
//
//   request -> gate (policy, pure)        -> answer from the lockfile, or refuse
//           -> store hit, or single-flight fetch through the upstream chain
//              (private modules: a direct-only chain) -> admission -> store
//              (record mode: a stored file about to be locked for the first
//              time is confirmed by the upstream, unless the checksum
//              database vouches for it; the store is never an authority)
//           -> judge the content (policy, pure) with the evidence it needs
//              (hashes, the .info behind a .zip, checksum-database records,
//              the times of listed versions), gathered here
//           -> journal
//
// list/@latest always go upstream (their answers change), falling back to the
// last stored answer when every upstream fails ("stale"). A canonical .info
// also starts reading its .mod and .zip ahead (read-ahead.ts).
import { promises as fsp } from "node:fs";
import { matchPrefixPatterns } from "../gomod/patterns.js";
import { isPseudoVersion } from "../gomod/pseudo.js";
import { TOOLCHAIN_MODULE } from "../gomod/toolchain.js";
import { hashGoMod, hashZip } from "../gomod/dirhash.js";
import { retractions } from "../gomod/modfile/rule.js";
import type { ModuleRequest } from "../protocol/request.js";
import { modulePath } from "../protocol/module-file.js";
import { lockedInfo, missingAnswer } from "../lock/model.js";
import { Store, StoreEntryError } from "../store/store.js";
import { SingleFlight } from "../store/single-flight.js";
import type { ModuleFetcher } from "../upstream/chain.js";
import type { SharedTierHooks } from "../shared/tier.js";
import { NotFoundError, UpstreamFailure, isLocalDiskError } from "../upstream/types.js";
import type { Stats } from "../observe/stats.js";
import type { Logger } from "../observe/log.js";
import { admit, AdmissionError, parseInfo, type InfoJson } from "./admit.js";
import { limitFor } from "./limits.js";
import { ReadAhead } from "./read-ahead.js";
import { CONTENT_TYPES, failed, InternalError, StoreDiskError, type Content, type ProxyAnswer } from "./answer.js";
import { Journal, type ProxyEvent } from "../journal/journal.js";
import { Refusal } from "../policy/refusal.js";
import { gate } from "../policy/gate.js";
import { hasWindow, lockedVersion, sumdbApplies, type PolicyContext } from "../policy/context.js";
import { infoDrift, lockMismatch, originFromInfo, pseudoTimeDrift, type HashKind } from "../policy/content.js";
import { ageRefusal, judgeWindow, latestRefusal, retractionSource, visible, visibleVersions, withoutRetracted } from "../policy/window.js";
import type { RequestKind } from "../protocol/module-file.js";
import { judgeSumdb, type SumdbEvidence } from "../policy/sumdb.js";
import { undatedListRefusal, versionsToDate } from "../policy/list-dating.js";
import { SumdbSecurityError, type SumdbClient } from "../sumdb/client.js";
import { SumdbNotFound } from "../sumdb/transport.js";
import { errorResponse } from "../server/response.js";
import { mapLimit } from "../util/map-limit.js";

/** The lockfile policy in force, and where the request path writes what it did. */
export interface PolicyBinding {
  ctx: PolicyContext;
  journal: Journal;
  /** Record mode: the checksum database every recorded hash is checked against. */
  sumdb?: SumdbClient;
}

export interface ProxyServiceOptions {
  store: Store;
  chain: ModuleFetcher;
  /** Chain used for private modules: `direct` only. */
  privateChain: ModuleFetcher;
  /** GONOPROXY/GOPRIVATE-style comma-separated prefix globs. */
  privatePatterns: string;
  stats: Stats;
  logger: Logger;
  /** Lockfile and time-window policy; absent: a plain caching proxy. */
  policy?: PolicyBinding;
  /** Fetch a version's .mod and .zip when its .info is asked for (default on). */
  readAhead?: boolean;
  /** The shared tier inside the chains (src/shared/tier.ts), when there is one. */
  shared?: SharedTierHooks;
}

/** Zips up to this size are checked and served from memory after download. */
const SMALL_ZIP = 4 << 20;

interface Flight {
  upstream: string;
  bytes: number;
  body?: Buffer;
}

/** Content a judgement may replace (a list filtered by the time window), and whether it recorded something. */
type Judged = { body?: Buffer; recorded?: boolean } | Refusal;

export class ProxyService {
  private readonly flights = new SingleFlight<Flight>();
  /** Zip hashes computed at admission or judgement (zips are immutable in the store). */
  private readonly zipHashes = new Map<string, Promise<string>>();
  /** Store files found well-formed by storedCopy. */
  private readonly checkedStoreFiles = new Set<string>();
  /** Checks of stored files under way (checkStored). */
  private readonly storeChecks = new Map<string, Promise<boolean>>();
  /** The start-up check of the locked zips in the store (startStoreChecks). */
  private storeCheckRun: Promise<void> | undefined;
  private closing = false;
  /** Store files this process fetched from, or confirmed with, the upstream. */
  private readonly confirmed = new Set<string>();
  /** Confirmations under way: concurrent askers share one (and its answer). */
  private readonly confirmations = new SingleFlight<ProxyAnswer>();
  private lockHeadMerged: Promise<void> | undefined;
  /** Record mode: the evidence asked for each module@version (evidenceFor). */
  private readonly evidence = new Map<string, Evidence>();
  /** Verdicts journaled after their bytes were served, by store path (defer). */
  private readonly verdicts = new Map<string, Promise<boolean>>();
  readonly readAhead: ReadAhead<Flight>;

  constructor(private readonly o: ProxyServiceOptions) {
    this.readAhead = new ReadAhead<Flight>(o.readAhead ?? true);
  }

  isPrivate(module: string): boolean {
    return this.o.privatePatterns !== "" && matchPrefixPatterns(this.o.privatePatterns, module);
  }

  /** Work still under way: upstream fetches (read-ahead included) and store writes. */
  inFlight(): { fetches: number; storeWrites: number } {
    return { fetches: this.flights.size, storeWrites: this.o.store.pendingWrites };
  }

  /** Waits for in-flight fetches to finish writing, and pending verdicts to be journaled (graceful shutdown). */
  async drain(): Promise<void> {
    this.closing = true;
    await this.storeCheckRun;
    await Promise.all(this.verdicts.values());
    await this.readAhead.drain();
    await this.flights.drain();
    await this.o.store.drain();
  }

  /** Serve one client request: gate, store or upstream, judgement, journal. */
  async handle(req: ModuleRequest): Promise<ProxyAnswer> {
    this.startReadAhead(req);
    const answer = await this.decide(req).catch((e: unknown) => failed(e));
    this.journal(req, answer);
    const shared = this.o.shared;
    if (shared && answer.ok && answer.cache === "miss" && answer.file && req.canonical) {
      const { rel } = answer.file;
      const offer = () => shared.offer(req, rel, this.isPrivate(req.module));
      // Offered only once the checksum database has agreed.
      const pending = this.verdicts.get(rel);
      if (pending) void pending.then((ok) => ok && offer());
      else offer();
    }
    return answer;
  }

  /** After a canonical .info, go asks for the .mod and then the .zip: start both now (or when a claim makes room). */
  private startReadAhead(req: ModuleRequest): void {
    // Not toolchains: go asks the linux-amd64 .info of several Gos to choose
    // one (on any platform) and downloads at most one of their ~100 MiB zips.
    if (req.kind !== "info" || !req.canonical || this.isPrivate(req.module) || req.module === TOOLCHAIN_MODULE) return;
    for (const kind of ["mod", "zip"] as const) {
      const next: ModuleRequest = { ...req, kind };
      const rel = modulePath(next);
      if (this.readAhead.mayStart(rel)) this.readAheadOne(next, rel);
      else this.readAhead.enqueue(rel, () => this.readAheadOne(next, rel));
    }
  }

  private readAheadOne(req: ModuleRequest, rel: string): void {
    // Not what is stored or being fetched already, nor what the gate would refuse before any upstream traffic.
    if (!this.readAhead.mayStart(rel) || this.o.store.has(rel) || this.flights.has(rel)) return;
    if (this.o.policy && gate(this.o.policy.ctx, req).kind !== "fetch") return;
    this.readAhead.track(rel, this.flights.do(rel, () => this.fetchAndAdmit(req, rel, true)));
  }

  private async decide(req: ModuleRequest, retried = false): Promise<ProxyAnswer> {
    const p = this.o.policy;
    if (!p) return this.serve(req);
    const g = gate(p.ctx, req);
    if (g.kind === "refuse") return failed(g.refusal);
    p.journal.use(g.uses);
    if (g.kind === "not-found") return failed(new NotFoundError("lockfile", g.detail));
    if (g.kind === "answer") {
      this.o.stats.hits++;
      return { ok: true, contentType: CONTENT_TYPES[req.kind], cache: "lockfile", body: g.body };
    }
    // Record mode: the checksum database (and, with a window, the version's
    // time) is asked beside the fetch, not after it.
    this.evidenceFor(p, req);
    const a = await this.serveForLock(p, req);
    if (!a.ok) return a;
    let j: Judged;
    try {
      j = await this.judge(p, req, a);
    } catch (e) {
      // Content that cannot be judged is not served.
      j = unverifiable(req, e);
    }
    if (j instanceof Refusal) {
      const again = await this.setAsideRefused(p, req, a, j);
      // The shared store's object, or a stored copy the checksum database
      // contradicts (a poisoned store): the upstream's copy is fetched and
      // judged instead (a poisoned store copy once).
      if (again === "shared" || (again === "poisoned" && !retried)) return this.decide(req, again === "poisoned");
      return failed(j);
    }
    const recorded = j.recorded === true;
    return j.body ? { ...a, file: undefined, body: j.body, recorded } : { ...a, recorded };
  }

  /**
   * What follows a refusal of content: the mirror that served bytes failing
   * the lock or the checksum database is ejected, and refused content is
   * never served from the store again. Says whether the caller may ask the
   * upstream instead: the shared store's object was set aside, or a local
   * store copy was contradicted by the checksum database (and reported).
   */
  private async setAsideRefused(p: PolicyBinding, req: ModuleRequest, a: Content, j: Refusal): Promise<"shared" | "poisoned" | undefined> {
    if (a.upstream && (j.rule === "lock-mismatch" || j.rule === "sumdb-mismatch")) this.o.chain.reject(a.upstream, req, j.detail);
    if (!a.file || j.expected === undefined || (req.kind !== "zip" && req.kind !== "mod" && req.kind !== "info")) return undefined;
    await this.o.store.remove(a.file.rel);
    this.zipHashes.delete(a.file.rel);
    this.checkedStoreFiles.delete(a.file.rel);
    // The shared store is not trusted: its object is set aside.
    if (this.o.shared?.servedFromShared(a.file.rel)) {
      this.o.shared.reject(a.file.rel, j.format(p.ctx.advice));
      return "shared";
    }
    if (a.cache === "hit" && j.rule === "sumdb-mismatch") {
      p.journal.storeEvicted({ rel: a.file.rel, reason: `the checksum database contradicts the store's copy (${j.detail}); it was evicted, and the upstream's fetched and judged` });
      return "poisoned";
    }
    return undefined;
  }

  // ------------------------------------------------------------- judgement

  private async judge(p: PolicyBinding, req: ModuleRequest, a: Content): Promise<Judged> {
    switch (req.kind) {
      case "info":
        return this.judgeInfo(p, req, parseInfo(await this.bytesOf(a), `${req.module}@${req.version} (.info)`), sourceOf(a));
      case "mod":
      case "zip":
        return this.judgeHash(p, req, req.kind, a);
      case "list":
        return this.judgeList(p, req, (await this.bytesOf(a)).toString("utf8").split("\n").filter(Boolean));
      case "latest": {
        const info = parseInfo(await this.bytesOf(a), `${req.module} (@latest)`);
        const r = latestRefusal(p.ctx, req.module, info.Version, info.Time);
        if (r) return r;
        notePseudoDrift(p, req.module, info, sourceOf(a));
        return { recorded: p.journal.observeLatest(req.module, info.Version, info.Time) };
      }
    }
  }

  private judgeInfo(p: PolicyBinding, req: ModuleRequest, info: InfoJson, source: string): Judged {
    const { ctx, journal } = p;
    // What is locked is what go asked for (the .info was checked to agree).
    const version = req.canonical ? req.version! : info.Version;
    const locked = lockedVersion(ctx, req.module, version);
    const origin = originFromInfo(info.Origin);
    const r = ctx.mode === "record" && !locked ? ageRefusal(ctx, req.module, version, info.Time) : undefined;
    if (r) return r;
    notePseudoDrift(p, req.module, info, source);
    // Version queries (branch names, commits) are served but not locked.
    if (!req.canonical) return {};
    for (const d of infoDrift(ctx, req.module, version, info.Time, origin)) journal.noteDrift({ ...d, source });
    let recorded = false;
    if (ctx.mode === "record") {
      // Fill what the lock lacks; a locked time or origin is never replaced.
      recorded = journal.observeVersion(req.module, version, {
        ...(locked?.time === undefined && info.Time !== undefined ? { time: info.Time } : {}),
        ...(locked?.origin === undefined && origin ? { origin } : {}),
      });
    }
    // The lock pins .info: go sees the locked time and origin whatever the upstream says now.
    return locked?.time !== undefined ? { body: lockedInfo(version, locked), recorded } : { recorded };
  }

  private async judgeHash(p: PolicyBinding, req: ModuleRequest, kind: HashKind, a: Content): Promise<Judged> {
    const { ctx } = p;
    const hash = kind === "mod" ? hashGoMod(await this.bytesOf(a)) : await this.zipHashOf(a);
    if (a.upstream) this.o.chain.observeHash(a.upstream, req, hash);
    const mismatch = lockMismatch(ctx, req.module, req.version!, kind, hash);
    if (mismatch) return mismatch;
    if (ctx.mode !== "record") return {};
    const ev = this.evidenceFor(p, req)!;
    // Fresh upstream bytes need not wait for the checksum database: go checks
    // the same database itself, through gopin, before it uses them, and
    // gopin's /lookup answer for this version waits for this verdict (so the
    // lock holds it by then). A window must decide before go sees the bytes,
    // and a stored or shared copy is judged (and replaced) before it is served.
    const fresh = a.cache === "miss" && !(a.file && this.o.shared?.servedFromShared(a.file.rel));
    // A zip waits for its go.mod's pending verdict (the same lookup, usually
    // in by now): with go.sum complete, go asks no /lookup to wait on.
    if (kind === "zip") await this.verdicts.get(modulePath({ kind: "mod", module: req.module, version: req.version! }));
    if (ev.windowed || ev.settled || !fresh) return this.hashVerdict(p, req, kind, hash, ev);
    this.defer(p, req, a, this.hashVerdict(p, req, kind, hash, ev));
    return {};
  }

  /** The checksum database's and the window's word on a hash the lock does not contradict; records it when both agree. */
  private async hashVerdict(p: PolicyBinding, req: ModuleRequest, kind: HashKind, hash: string, ev: Evidence): Promise<Judged> {
    const { ctx, journal } = p;
    const { module } = req;
    const version = req.version!;
    let rec: number | undefined;
    if (ev.sumdb) {
      const r = judgeSumdb(ctx, module, version, kind, hash, await ev.sumdb);
      if ("refusal" in r) return r.refusal;
      rec = r.rec;
      journal.sumdbVerified++;
    }
    if (ev.windowed) {
      const w = judgeWindow(ctx, module, version, { time: await ev.time, rec, ...(rec !== undefined && p.sumdb ? { dating: p.sumdb.dateRecord(rec) } : {}) });
      if (w.verdict) journal.timeVerdict(w.verdict);
      if (w.refusal) return w.refusal;
    }
    return { recorded: journal.observeVersion(module, version, { [kind]: hash, ...(rec !== undefined ? { rec } : {}) }) };
  }

  /**
   * Record mode: what judging a .mod or .zip of module@version needs besides
   * its bytes (the checksum database's record; with a window, the version's
   * time), asked once per version and as soon as either file is requested.
   */
  private evidenceFor(p: PolicyBinding, req: ModuleRequest): Evidence | undefined {
    const { ctx } = p;
    if (ctx.mode !== "record" || (req.kind !== "mod" && req.kind !== "zip") || !req.canonical || !req.version) return undefined;
    const { module, version } = req;
    const key = `${module}@${version}`;
    const known = this.evidence.get(key);
    if (known) return known;
    const sumdb = p.sumdb && sumdbApplies(ctx, module) ? this.sumdbEvidence(p, p.sumdb, module, version) : undefined;
    // A locked version keeps its place in the window; the others are judged
    // by their .info time (a pseudo-version's own timestamp counts).
    const windowed = hasWindow(ctx) && !lockedVersion(ctx, module, version);
    const time = windowed && !isPseudoVersion(version) ? this.internalInfo(module, version, p).then((i) => i?.Time) : undefined;
    const ev: Evidence = { sumdb, time, windowed, settled: false };
    void Promise.allSettled([sumdb, time]).then(() => (ev.settled = true));
    // A failed .info is asked again by the next request for the version.
    time?.catch(() => this.evidence.delete(key));
    this.evidence.set(key, ev);
    return ev;
  }

  /**
   * Journals a verdict that comes after the bytes went out: a refusal then
   * sets the content aside and is reported like any other (the job fails;
   * go, checking the same database, has refused the bytes itself).
   */
  private defer(p: PolicyBinding, req: ModuleRequest, a: Content, verdict: Promise<Judged>): void {
    const rel = modulePath(req);
    const done = verdict
      .catch((e: unknown) => unverifiable(req, e))
      .then(async (j) => {
        if (!(j instanceof Refusal)) return true;
        await this.setAsideRefused(p, req, a, j);
        this.journal(req, failed(j));
        return false;
      })
      .catch((e: unknown) => {
        this.o.logger.error("a checksum database verdict could not be recorded", { module: req.module, version: req.version, error: (e as Error)?.message ?? String(e) });
        return false;
      });
    this.verdicts.set(rel, done);
    void done.then(() => {
      if (this.verdicts.get(rel) === done) this.verdicts.delete(rel);
    });
  }

  /** Settles once no verdict on module@version's .mod or .zip is pending (go's /lookup of it waits for this). */
  async verdictsSettled(module: string, version: string): Promise<void> {
    const pending = (["mod", "zip"] as const).map((kind) => this.verdicts.get(modulePath({ kind, module, version })));
    await Promise.all(pending);
  }

  private async judgeList(p: PolicyBinding, req: ModuleRequest, all: string[]): Promise<Judged> {
    let versions = all;
    if (hasWindow(p.ctx) && all.length) {
      // A locked version is judged by its locked time; the others are dated
      // within a bound (list-dating.ts), and an undated one is not visible.
      const lockedTime = (v: string) => lockedVersion(p.ctx, req.module, v)?.time;
      const { toDate, bounded } = versionsToDate(all, (v) => lockedTime(v) !== undefined);
      const dated = new Map<string, string | undefined>();
      const date = async (v: string) => void dated.set(v, (await this.internalInfo(req.module, v).catch(() => undefined))?.Time);
      if (!bounded) await mapLimit(toDate, 8, date);
      // A long list: newest first, a batch at a time, until one is inside the window.
      for (let i = 0; bounded && i < toDate.length; i += 8) {
        const batch = toDate.slice(i, i + 8);
        await Promise.all(batch.map(date));
        if (batch.some((v) => visible(p.ctx, req.module, v, dated.get(v)))) break;
      }
      const times = all.map((v) => lockedTime(v) ?? dated.get(v));
      const shown = visibleVersions(p.ctx, req.module, all, times);
      if (bounded && shown.length === 0) return undatedListRefusal(p.ctx, req.module, all.length);
      if (bounded) this.o.logger.warn("version list dated only in part", { module: req.module, listed: all.length, dated: dated.size, shown: shown.length });
      if (shown.length < all.length) {
        const newest = retractionSource(all);
        const mod = newest ? await this.internalBytes({ kind: "mod", module: req.module, version: newest, canonical: true }).catch(() => undefined) : undefined;
        versions = withoutRetracted(shown, mod ? retractions(mod) : []);
      } else versions = shown;
    }
    const recorded = p.journal.observeList(req.module, versions);
    return { body: Buffer.from(versions.map((v) => v + "\n").join("")), recorded };
  }

  /** The checksum database's word on module@version (network and proofs happen here, not in the policy). */
  private async sumdbEvidence(p: PolicyBinding, client: SumdbClient, module: string, version: string): Promise<SumdbEvidence> {
    try {
      await this.mergeLockedHead(p, client);
      const r = await client.lookup(module, version);
      return { found: { id: r.id, text: r.text } };
    } catch (e) {
      const msg = (e as Error).message;
      if (e instanceof SumdbNotFound) return { notFound: msg };
      if (e instanceof SumdbSecurityError) return { security: msg };
      return { unavailable: msg };
    }
  }

  /** Record mode: the lock's tree head must be on the database's timeline (a fork fails the job). */
  private mergeLockedHead(p: PolicyBinding, client: SumdbClient): Promise<void> {
    this.lockHeadMerged ??= (async () => {
      const head = p.ctx.lock?.sumdb.get(client.name);
      if (!head?.note) return;
      try {
        await client.merge(Buffer.from(head.note, "utf8"));
      } catch (e) {
        if (e instanceof SumdbSecurityError) p.journal.sumdbProblem(`${p.ctx.lockfileName}: ${e.message}`);
        else throw e;
      }
    })();
    return this.lockHeadMerged;
  }

  private zipHashOf(a: Content): Promise<string> {
    const rel = a.file?.rel;
    let h = rel ? this.zipHashes.get(rel) : undefined;
    if (!h) {
      h = hashZip(a.body ?? this.o.store.abs(rel!));
      if (rel) {
        this.zipHashes.set(rel, h);
        h.catch(() => this.zipHashes.delete(rel));
      }
    }
    return h;
  }

  private async bytesOf(a: Content): Promise<Buffer> {
    if (a.body) return a.body;
    return fsp.readFile(this.o.store.abs(a.file!.rel));
  }

  /**
   * Another file the judgement needs (through the store; not a client
   * request), confirmed by the upstream first when `lockFor` is given and it
   * is about to be locked.
   */
  private async internalBytes(req: ModuleRequest, lockFor?: PolicyBinding): Promise<Buffer | undefined> {
    const a = lockFor ? await this.serveForLock(lockFor, req, true) : await this.serve(req, true);
    return a.ok ? this.bytesOf(a) : undefined;
  }

  private async internalInfo(module: string, version: string, lockFor?: PolicyBinding): Promise<InfoJson | undefined> {
    const b = await this.internalBytes({ kind: "info", module, version, canonical: true }, lockFor);
    return b ? parseInfo(b, `${module}@${version} (.info)`) : undefined;
  }

  // ------------------------------------------------ the store's word alone

  /** serve(), with a stored copy confirmed by the upstream when it is about to be locked for the first time. */
  private async serveForLock(p: PolicyBinding, req: ModuleRequest, internal = false): Promise<ProxyAnswer> {
    const a = await this.serve(req, internal);
    return a.ok && this.needsConfirmation(p, req, a) ? this.confirmations.do(a.file!.rel, () => this.confirmStored(p, req, a)) : a;
  }

  /**
   * Record mode: a stored file (a restored cache may be poisoned) whose hash
   * or time the lock does not hold yet, and which the checksum database will
   * not vouch for (.info never; .mod/.zip when it does not apply).
   */
  private needsConfirmation(p: PolicyBinding, req: ModuleRequest, a: Content): boolean {
    const { ctx } = p;
    // The local store and the shared store are no authority: a copy from either is confirmed before it is first locked.
    const fromAStore = a.cache === "hit" || (a.file !== undefined && this.o.shared?.servedFromShared(a.file.rel) === true);
    if (ctx.mode !== "record" || !fromAStore || !a.file || !req.canonical || this.confirmed.has(a.file.rel)) return false;
    const locked = lockedVersion(ctx, req.module, req.version!);
    switch (req.kind) {
      case "info":
        return locked?.time === undefined;
      case "mod":
      case "zip":
        return locked?.[req.kind] === undefined && !(p.sumdb && sumdbApplies(ctx, req.module));
      default:
        return false;
    }
  }

  /**
   * Fetches `stored` again from the upstream and compares: the same, and the
   * stored copy is confirmed; different, and it is evicted (and reported)
   * and the upstream's copy served and judged. When the upstream cannot
   * answer, the stored copy is put back and the request fails: nothing is
   * locked on the store's word alone.
   */
  private async confirmStored(p: PolicyBinding, req: ModuleRequest, stored: Content): Promise<ProxyAnswer> {
    const rel = stored.file!.rel;
    const { module } = req;
    const version = req.version!;
    const what = `${module}@${version} (.${req.kind})`;
    const before = await this.fingerprint(req.kind, stored);
    const aside = await this.o.store.setAside(rel);
    this.zipHashes.delete(rel);
    // Ask the upstream chain, not the shared store again.
    const fromShared = this.o.shared?.servedFromShared(rel) === true;
    this.o.shared?.askUpstream(rel);
    const fresh = await this.serve(req, true);
    if (!fresh.ok) {
      if (aside) await this.o.store.admit(aside, rel, true).catch(() => fsp.unlink(aside).catch(() => undefined));
      const why = fresh.error instanceof Error ? fresh.error.message : String(fresh.error);
      return failed(
        new Refusal({
          module,
          version,
          rule: "unverifiable",
          violation: false,
          detail: `${what} is not locked yet and gopin has it only in its store, which is not an authority on its own; the upstream could not confirm it: ${why}`,
        }),
      );
    }
    if (aside) await fsp.unlink(aside).catch(() => undefined);
    const after = await this.fingerprint(req.kind, fresh);
    if (after !== before) {
      const reason = `the store's copy (${brief(before)}) is not the upstream's (${brief(after)}); the store's copy was evicted, and the upstream's served and judged`;
      this.o.logger.warn("store copy contradicted by the upstream: evicted", { module, version, kind: req.kind, stored: brief(before), upstream: brief(after) });
      p.journal.storeEvicted({ rel, reason });
      if (fromShared) this.o.shared!.reject(rel, reason);
    }
    this.confirmed.add(rel);
    return fresh;
  }

  /** What a stored and a fresh copy are compared by: h1: for .mod and .zip, the text of an .info. */
  private async fingerprint(kind: RequestKind, a: Content): Promise<string> {
    if (kind === "zip") return this.zipHashOf(a);
    const b = await this.bytesOf(a);
    return kind === "mod" ? hashGoMod(b) : b.toString("utf8").trim();
  }

  // --------------------------------------------------------------- journal

  private journal(req: ModuleRequest, a: ProxyAnswer): void {
    const p = this.o.policy;
    if (!p) return;
    const e: ProxyEvent = { module: req.module, kind: req.kind, source: "store" };
    if (req.version) e.version = req.version;
    if (a.ok) {
      e.source = a.cache === "miss" ? "upstream" : a.cache === "lockfile" ? "lockfile" : "store";
      e.bytes = a.file?.size ?? a.body?.length ?? 0;
    } else if (a.error instanceof Refusal) {
      const r = a.error;
      e.source = r.violation ? "refused" : "failed";
      e.reason = r.format(p.ctx.advice);
      Object.assign(e, { rule: r.rule, detail: r.detail }, r.remedy ? { remedy: r.remedy } : {});
      if (r.expected !== undefined) e.expected = r.expected;
      if (r.actual !== undefined) e.actual = r.actual;
      if (r.version && !e.version) e.version = r.version;
    } else {
      // "Not found" is an answer go expects while resolving import paths;
      // other failures are reported. Both are pinned as "no answer" for
      // queries: go moves past either on a path-prefix probe (a mirror's 403
      // for `golang.org/x/@v/list`), and where it does not the job failed and
      // its lock says it is partial.
      if (p.ctx.mode === "record" && (a.error instanceof NotFoundError || (a.error instanceof UpstreamFailure && req.kind !== "mod" && req.kind !== "zip"))) {
        p.journal.observeMissing(req.module, missingAnswer(req));
      }
      if (a.error instanceof NotFoundError) return;
      e.source = "failed";
      e.reason = errorResponse(a.error, p.ctx.advice).body.toString("utf8").trim();
    }
    p.journal.record(e);
  }

  // ----------------------------------------------------- store and upstream

  /** Answer from the store, or fetch through the upstream chain and admit. */
  async serve(req: ModuleRequest, internal = false): Promise<ProxyAnswer> {
    // Internal reads (the judgement looking at a .info or go.mod) are not
    // client requests and do not count as hits or misses.
    const count = internal ? 0 : 1;
    const { store } = this.o;
    const immutable = req.kind !== "list" && req.kind !== "latest" && req.canonical;
    const rel = req.kind === "info" && !req.canonical ? undefined : modulePath(req);
    const contentType = CONTENT_TYPES[req.kind];
    try {
      // A read-ahead fetch answers as the miss it is; one that failed is retried.
      let got = immutable && rel && !internal ? await this.readAhead.claim(rel)?.catch(() => undefined) : undefined;
      if (!got && immutable && rel) {
        const stored = await this.storedCopy(req, rel);
        if (stored) {
          this.o.stats.hits += count;
          this.o.stats.bytesFromStore += stored.size * count;
          return { ok: true, contentType, cache: "hit", file: { rel, size: stored.size }, ...(stored.bytes ? { body: stored.bytes } : {}) };
        }
      }
      const key = rel ?? `${req.module}@${req.version}.info?query`;
      got ??= await this.flights.do(key, () => this.fetchAndAdmit(req, rel, immutable));
      this.o.stats.misses += count;
      if (got.body) {
        const file = rel && immutable ? { rel, size: got.body.length } : undefined;
        return { ok: true, contentType, cache: "miss", body: got.body, upstream: got.upstream, ...(file ? { file } : {}) };
      }
      const st = await store.stat(rel!);
      if (!st) throw new InternalError(`${rel} missing right after admission`);
      return { ok: true, contentType, cache: "miss", file: { rel: rel!, size: st.size }, upstream: got.upstream };
    } catch (e) {
      return this.failure(req, rel, e);
    }
  }

  /**
   * A stored immutable file, once it passed the checks an upstream answer
   * passes (once per process: files this process stored were checked on the
   * way in). A file that fails them, a zip that is not the one the lock
   * names, or a symlink or directory in its place, is evicted so that it is
   * fetched again (and judged): undefined.
   */
  private async storedCopy(req: ModuleRequest, rel: string): Promise<{ bytes?: Buffer; size: number } | undefined> {
    const { store } = this.o;
    try {
      // Zips are checked and sent from the file (through small reused buffers), never read whole.
      const stored = await store.readImmutable(rel, req.kind === "zip" ? 0 : undefined);
      if (!stored || this.checkedStoreFiles.has(rel)) return stored;
      return (await this.checkStored(req, rel, stored)) ? stored : undefined;
    } catch (e) {
      if (e instanceof StoreEntryError) await store.evict(e.rel, e.message);
      else throw e;
      this.zipHashes.delete(rel);
      return undefined;
    }
  }

  /**
   * Checks a stored file once; a request and the start-up check of the same
   * file share one check. True when it passed; one that failed was evicted
   * (and reported through the store's onEvict).
   */
  private checkStored(req: ModuleRequest, rel: string, stored: { bytes?: Buffer }): Promise<boolean> {
    const under = this.storeChecks.get(rel);
    if (under) return under;
    const { store } = this.o;
    const check = (async () => {
      try {
        const checked = await admit(req, stored.bytes ? { body: stored.bytes } : { file: store.abs(rel) });
        // A restored store may hold other bytes than the lock names: they go
        // before anyone is served them, and the upstream's copy is fetched
        // and judged instead.
        const ctx = this.o.policy?.ctx;
        const mismatch = ctx && checked.zipHash ? lockMismatch(ctx, req.module, req.version!, "zip", checked.zipHash) : undefined;
        if (mismatch) {
          await store.evict(rel, `the store's copy hashes to ${mismatch.actual}, not the ${mismatch.expected} ${ctx!.lockfileName} names; it was evicted, and the upstream's copy is fetched and judged instead`);
          this.zipHashes.delete(rel);
          return false;
        }
        if (checked.zipHash) this.zipHashes.set(rel, Promise.resolve(checked.zipHash));
        this.checkedStoreFiles.add(rel);
        return true;
      } catch (e) {
        if (!(e instanceof AdmissionError)) throw e;
        await store.evict(rel, `the stored copy fails its checks: ${e.message}`);
        this.zipHashes.delete(rel);
        return false;
      } finally {
        this.storeChecks.delete(rel);
      }
    })();
    this.storeChecks.set(rel, check);
    return check;
  }

  /**
   * Verify mode: the lock names every zip the job may use, so the stored ones
   * are checked (and their hashes taken) now, a few at a time, beside go's
   * first requests rather than in series with each zip request. A request
   * finds its zip's check done or joins the one under way.
   */
  startStoreChecks(concurrency = 2): void {
    const ctx = this.o.policy?.ctx;
    if (ctx?.mode !== "verify" || !ctx.lock || this.storeCheckRun) return;
    const todo: ModuleRequest[] = [];
    for (const [module, m] of ctx.lock.modules) {
      if (this.isPrivate(module)) continue;
      for (const [version, v] of m.versions) if (v.zip !== undefined) todo.push({ kind: "zip", module, version, canonical: true });
    }
    this.storeCheckRun = mapLimit(todo, concurrency, async (req) => {
      const rel = modulePath(req);
      if (this.closing || this.checkedStoreFiles.has(rel)) return;
      // Errors are the request path's to report when go asks.
      await this.storedCopy(req, rel).catch(() => undefined);
    }).then(() => undefined);
  }

  private async failure(req: ModuleRequest, rel: string | undefined, e: unknown): Promise<ProxyAnswer> {
    // Mutable answers fall back to the last stored copy when upstreams fail
    // (but not when they say "not found": that is an answer, not a failure).
    if (!(e instanceof NotFoundError) && rel && (req.kind === "list" || req.kind === "latest")) {
      const old = await this.o.store.readCurrent(rel);
      if (old) {
        this.o.stats.stale++;
        this.o.stats.bytesFromStore += old.length;
        this.o.logger.warn("serving stale answer", { module: req.module, kind: req.kind, reason: (e as Error).message });
        return { ok: true, contentType: CONTENT_TYPES[req.kind], cache: "stale", body: old };
      }
    }
    if (e instanceof NotFoundError) return failed(e);
    this.o.stats.errors++;
    const what = `${req.module}${req.version ? "@" + req.version : ""}`;
    if (e instanceof AdmissionError) {
      return failed(new Refusal({ module: req.module, ...(req.version ? { version: req.version } : {}), rule: "inadmissible", detail: `refused the upstream's answer: ${e.message}` }));
    }
    if (isLocalDiskError(e)) {
      const code = (e as NodeJS.ErrnoException).code;
      return failed(new StoreDiskError(`gopin could not store ${what}: the store's disk ${code === "EROFS" ? "is read-only" : "is full"} (${code}); nothing was admitted`));
    }
    if (e instanceof UpstreamFailure || e instanceof Refusal) return failed(e);
    // Logged, with the original stack, by the HTTP front (every 500 is).
    return failed(new InternalError(`while serving ${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e }));
  }

  private async fetchAndAdmit(req: ModuleRequest, rel: string | undefined, immutable: boolean): Promise<Flight> {
    const { store, stats } = this.o;
    const chain = this.isPrivate(req.module) ? this.o.privateChain : this.o.chain;
    // Small answers are fetched, checked, stored and served from memory;
    // zips go to a temp file in the store (they may be hundreds of MB), and
    // small zips are read back once so they are checked and served from memory.
    const tmp = req.kind === "zip" ? store.tempPath(req.kind) : undefined;
    let tmpLeft = tmp !== undefined; // false once the body stayed in memory or the file was admitted
    try {
      const r = await chain.fetch(
        { module: req.module, kind: req.kind, version: req.version },
        tmp,
        limitFor(req.kind),
        (_u, ms, err) => stats.recordUpstream(ms, !err || err instanceof NotFoundError),
        { keepInMemoryUpTo: SMALL_ZIP },
      );
      const fromShared = rel !== undefined && this.o.shared?.servedFromShared(rel);
      if (!fromShared) stats.bytesFromUpstream += r.bytes;
      if (r.body) tmpLeft = false;
      let body = r.body;
      if (!body && tmp && r.bytes <= SMALL_ZIP) body = await fsp.readFile(tmp);
      const checked = await admit(req, body ? { body } : { file: tmp }).catch((e: unknown) => {
        if (e instanceof AdmissionError) {
          if (fromShared) {
            this.o.shared!.reject(rel, e.message);
            return undefined;
          }
          chain.reject(r.upstream, req, e.message);
        }
        throw e;
      });
      if (!checked) return this.fetchAndAdmit(req, rel, immutable);
      if (checked.zipHash && rel) this.zipHashes.set(rel, Promise.resolve(checked.zipHash));
      if (rel && immutable) this.checkedStoreFiles.add(rel);
      const out: Flight = { upstream: r.upstream, bytes: r.bytes, body: checked.normalised ?? body };
      if (!rel) return out;
      // Bytes from the upstream chain confirm themselves; the shared store's do not.
      if (immutable && !fromShared) this.confirmed.add(rel);
      if (r.body || !tmp) {
        // Checked bytes in memory are answered at once; the disk catches up.
        store.writeInBackground(rel, out.body!, immutable, (e) =>
          this.o.logger.error("store write failed", { module: req.module, kind: req.kind, error: (e as Error)?.message ?? String(e) }),
        );
      } else {
        await store.admit(tmp, rel, immutable);
        tmpLeft = false;
      }
      return out;
    } finally {
      if (tmpLeft) await fsp.unlink(tmp!).catch(() => undefined);
    }
  }
}

/** What a .mod or .zip verdict needs besides the bytes (evidenceFor). */
interface Evidence {
  /** The checksum database's word (absent: it does not apply). */
  sumdb?: Promise<SumdbEvidence>;
  /** The version's .info time (absent: no window, or a pseudo-version). */
  time?: Promise<string | undefined>;
  /** The time window judges this version. */
  windowed: boolean;
  /** Everything asked for has answered. */
  settled: boolean;
}

/** Content that cannot be judged is not served (nor locked). */
function unverifiable(req: ModuleRequest, e: unknown): Refusal {
  if (e instanceof Refusal) return e;
  const what = `${req.module}${req.version ? "@" + req.version : ""}`;
  return new Refusal({ module: req.module, ...(req.version ? { version: req.version } : {}), rule: "unverifiable", detail: `${what}: could not be checked: ${(e as Error)?.message ?? String(e)}` });
}

/** A long value shortened for a message. */
function brief(s: string): string {
  return s.length > 200 ? s.slice(0, 200) + "…" : s;
}

/** Who said what an answer holds: the upstream that served it, or the store. */
function sourceOf(a: Content): string {
  return a.upstream ?? "store";
}

/** A pseudo-version's .info time that is not its own timestamp is upstream drift, never a refusal. */
function notePseudoDrift(p: PolicyBinding, module: string, info: InfoJson, source: string): void {
  const d = pseudoTimeDrift(module, info.Version, info.Time);
  if (d) p.journal.noteDrift({ ...d, source });
}
