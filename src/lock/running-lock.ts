// Record mode's lock while the job runs, kept up to date module by module.
//
// The live lockfile is rewritten each time something new is recorded; with
// go asking one request after another that is once per record. Merging the
// whole journal into the whole lock and printing all of it each time made
// that quadratic (a hugo-sized graph spent over a second of the event loop
// on it). The merge works module by module (mergeObserved treats each module
// path on its own), so only the modules observed since the last write are
// merged and printed again; the other modules' text is kept. The result is
// the same text printLockfile gives for the whole merge (tested).
import { compareStrings } from "../gomod/semver.js";
import { mergeObserved, type Observed } from "./merge.js";
import { cloneLockfile, emptyLockfile, sortExempt, type Lockfile, type LockPolicy } from "./model.js";
import { assembleLockfile, hasMissingRecords, printLockHeader, printLockModule } from "./syntax.js";

export class RunningLock {
  /** The starting lock with every module merged so far. */
  private readonly lock: Lockfile;
  /** Printed module blocks (undefined: nothing to print), by module path. */
  private readonly blocks = new Map<string, string | undefined>();
  /** Module paths in lockfile order, rebuilt when a module is added. */
  private order: string[] | undefined;

  /**
   * @param start the lock the job started from (left untouched)
   * @param policy the job's policy (the header's policy lines)
   * @param pinHead sets the checksum database's tree head on a lock whose `sumdb` is the starting lock's
   */
  constructor(
    private readonly start: Lockfile | undefined,
    policy: LockPolicy,
    private readonly pinHead: (lock: Lockfile) => void = () => undefined,
  ) {
    this.lock = start ? cloneLockfile(start) : emptyLockfile();
    this.lock.policy = { ...policy, exempt: sortExempt(policy.exempt) };
  }

  /** Merges what was observed about `modules` (everything the journal holds about each of them) into the lock. */
  update(modules: ReadonlySet<string>, observed: Observed): void {
    if (modules.size === 0) return;
    const base = emptyLockfile();
    for (const path of modules) {
      const m = this.start?.modules.get(path);
      if (m) base.modules.set(path, m);
    }
    const merged = mergeObserved(base, { ...observed, policy: undefined }).lock;
    for (const path of modules) {
      const m = merged.modules.get(path);
      if (!this.lock.modules.has(path)) this.order = undefined;
      if (m) this.lock.modules.set(path, m);
      else this.lock.modules.delete(path);
      this.blocks.delete(path);
    }
  }

  /** The lockfile text of the lock as it stands. */
  text(): string {
    this.pinTreeHead();
    this.order ??= [...this.lock.modules.keys()].sort(compareStrings);
    const out: string[] = [];
    for (const path of this.order) {
      const m = this.lock.modules.get(path);
      if (!m) continue;
      let b = this.blocks.get(path);
      if (!this.blocks.has(path)) this.blocks.set(path, (b = printLockModule(path, m)));
      if (b !== undefined) out.push(b);
    }
    return assembleLockfile(printLockHeader(this.lock, hasMissingRecords(this.lock)), out);
  }

  private pinTreeHead(): void {
    this.lock.sumdb = new Map([...(this.start?.sumdb ?? [])].map(([name, head]) => [name, { ...head }]));
    this.pinHead(this.lock);
  }
}
