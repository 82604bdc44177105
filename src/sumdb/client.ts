// A verifying checksum-database client, independent of the go command's:
//
//  - every tree head is a signed note checked against the configured key;
//  - a new head must extend the previous one (checked through tiles), and the
//    previous one is persisted in the store, so a forked log is caught across
//    runs, not only within one;
//  - a lookup's record must be in the tree it comes with (checked through
//    authenticated tiles) before its go.sum lines are believed;
//  - full tiles are immutable and kept in the store; partial tiles live in
//    memory for the length of the process;
//  - every head seen is added to a clock (size, first seen, last seen), the
//    evidence used to date records.
import { writeFileAtomic } from "../store/store.js";
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { escapePath, escapeVersion } from "../gomod/escape.js";
import { openNote, NoteError } from "./note.js";
import type { SumdbConfig } from "./config.js";
import { SumdbNotFound, sumdbDirs, type SumdbTransport } from "./transport.js";
import {
  TILE_HEIGHT,
  HASH_SIZE,
  fullTile,
  parseRecord,
  parseTree,
  recordHash,
  storedHashIndex,
  tileHashReader,
  tilePath,
  treeHash,
  type Tile,
  type Tree,
} from "./tlog.js";

/** Evidence of misbehaviour (a fork, a record that does not match its tree, a bad signature). */
export class SumdbSecurityError extends Error {}

export interface SignedHead {
  tree: Tree;
  note: Buffer;
}

export interface LookupResult {
  /** Record number in the log. */
  id: number;
  /** The record's text (go.sum lines for module@version and module@version/go.mod). */
  text: string;
  /** The raw answer (record, blank line, signed tree note), as served. */
  raw: Buffer;
  /** The head the record was proven against. */
  head: SignedHead;
}

export interface ClockPoint {
  size: number;
  firstSeen: string;
  lastSeen: string;
}

/** What the log says about when a record became public. */
export interface RecordDating {
  /** The record was not in a tree seen at this time (published after it). */
  after?: { size: number; seen: string };
  /** The record was in a tree first seen at this time (published by then). */
  by?: { size: number; seen: string };
}

const CLOCK_MAX = 2000;
/** Full tiles kept in memory (8 KiB each). */
const FULL_TILES_KEPT = 512;
/** Trees whose authenticated tiles are remembered (a job proves against the few heads it sees). */
const TREES_REMEMBERED = 4;

export class SumdbClient {
  readonly name: string;
  private latest: SignedHead = { tree: { n: 0, hash: Buffer.alloc(HASH_SIZE) }, note: Buffer.alloc(0) };
  private clock: ClockPoint[] = [];
  private readonly partial = new Map<string, Buffer>();
  /** Full tiles read this process (immutable), so proofs do not read the disk again. */
  private readonly fullTiles = new Map<string, Buffer>();
  /** Per tree (size and hash), the tiles authenticated against it and the SHA-256 of their bytes (tileHashReader). */
  private readonly authenticatedTiles = new Map<string, Map<string, Buffer>>();
  /** Tile downloads under way: concurrent proofs needing one tile share one request. */
  private readonly tileFetches = new Map<string, Promise<Buffer>>();
  private clockDirty = false;
  private readonly lookups = new Map<string, Promise<LookupResult>>();
  /** Writes of lookup answers to the tile store under way. */
  private readonly cacheWrites = new Set<Promise<unknown>>();
  private readonly dirs: { tiles: string; state: string };
  private lock: Promise<unknown> = Promise.resolve();
  private loaded: Promise<void> | undefined;
  /** Set by init() when the persisted head could not be read (reported, then replaced). */
  stateProblem?: string;

  constructor(
    readonly config: SumdbConfig,
    private readonly transport: SumdbTransport,
    storeRoot: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.name = config.name;
    this.dirs = sumdbDirs(storeRoot, config.name);
  }

  describeRoute(): string {
    return this.transport.describe();
  }

  /** Loads the persisted latest head and clock (once). */
  init(): Promise<void> {
    this.loaded ??= (async () => {
      const note = await fsp.readFile(join(this.dirs.state, "latest")).catch(() => undefined);
      if (note && note.length) {
        try {
          this.latest = { tree: this.verifyHead(note), note };
        } catch (e) {
          this.stateProblem = `the persisted ${this.name} tree head does not verify (${(e as Error).message}); ignoring it`;
        }
      }
      const clock = await fsp.readFile(join(this.dirs.state, "clock"), "utf8").catch(() => "");
      for (const line of clock.split("\n")) {
        const [s, a, b] = line.trim().split(/\s+/);
        if (s && a && b && /^\d+$/.test(s) && !Number.isNaN(Date.parse(a)) && !Number.isNaN(Date.parse(b))) {
          this.clock.push({ size: Number(s), firstSeen: a, lastSeen: b });
        }
      }
    })();
    return this.loaded;
  }

  latestHead(): SignedHead {
    return this.latest;
  }

  clockPoints(): readonly ClockPoint[] {
    return this.clock;
  }

  /**
   * Verifies a signed tree note with the database's key; returns the tree.
   * A note whose exact bytes verified before is not checked again: every
   * lookup of a job carries the same head while the log does not grow.
   */
  verifyHead(note: Buffer): Tree {
    const key = note.toString("latin1");
    const known = this.verifiedHeads.get(key);
    if (known) return { ...known };
    const tree = this.verifyHeadOnce(note);
    if (this.verifiedHeads.size >= 16) this.verifiedHeads.delete(this.verifiedHeads.keys().next().value!);
    this.verifiedHeads.set(key, tree);
    return { ...tree };
  }

  private readonly verifiedHeads = new Map<string, Tree>();

  private verifyHeadOnce(note: Buffer): Tree {
    let text: string;
    try {
      text = openNote(note, [this.config.verifier]).text;
    } catch (e) {
      throw new SumdbSecurityError(`${this.name}: tree note does not verify with key ${this.config.key}: ${e instanceof NoteError ? e.message : (e as Error).message}`);
    }
    try {
      return parseTree(text);
    } catch (e) {
      throw new SumdbSecurityError(`${this.name}: ${(e as Error).message}`);
    }
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.lock.then(f, f);
    this.lock = p.catch(() => undefined);
    return p;
  }

  /** Fetches /latest and merges it. */
  async refresh(): Promise<SignedHead> {
    await this.init();
    const note = await this.transport.get("/latest", 1 << 20);
    await this.merge(note);
    return this.latest;
  }

  /**
   * Merges a signed head into the timeline: an older or equal head must be a
   * prefix of the latest, a newer one must extend it. A contradiction is a
   * SumdbSecurityError naming both heads.
   */
  async merge(note: Buffer): Promise<Tree> {
    await this.init();
    const tree = this.verifyHead(note);
    return this.serial(async () => {
      const cur = this.latest;
      if (tree.n <= cur.tree.n) {
        await this.checkPrefix(tree, note, cur);
        if (tree.n === cur.tree.n) await this.tick(tree.n);
        return tree;
      }
      if (cur.tree.n > 0) await this.checkPrefix(cur.tree, cur.note, { tree, note });
      this.latest = { tree, note };
      await this.persistLatest();
      await this.tick(tree.n);
      return tree;
    });
  }

  private async checkPrefix(older: Tree, olderNote: Buffer, newer: SignedHead): Promise<void> {
    if (older.n === 0) return;
    // A tree of the same size is a prefix only when it is the same tree (no tiles needed to say so).
    const h = older.n === newer.tree.n ? newer.tree.hash : await treeHash(older.n, this.hashReader(newer.tree));
    if (h.equals(older.hash)) return;
    const indent = (b: Buffer) => b.toString("utf8").trimEnd().replace(/\n/g, "\n\t");
    throw new SumdbSecurityError(
      `SECURITY ERROR: checksum database ${this.name} misbehaviour detected: the log forked.\n` +
        `old tree head (size ${older.n}, hash ${older.hash.toString("base64")}):\n\t${indent(olderNote)}\n` +
        `new tree head (size ${newer.tree.n}, hash ${newer.tree.hash.toString("base64")}):\n\t${indent(newer.note)}\n` +
        `the new tree's first ${older.n} records hash to ${h.toString("base64")}, not ${older.hash.toString("base64")}`,
    );
  }

  private async persistLatest(): Promise<void> {
    await writeFileAtomic(join(this.dirs.state, "latest"), this.latest.note, false);
  }

  /**
   * Records that the log had `size` records now. A new size is written at
   * once; a later sighting of the same size (every lookup of a log that did
   * not grow) only moves its lastSeen, written with the next new size or by
   * flush(), so lookups do not queue behind a file write each.
   */
  private async tick(size: number): Promise<void> {
    const at = this.now().toISOString();
    const last = this.clock[this.clock.length - 1];
    if (last && last.size === size) {
      last.lastSeen = at;
      this.clockDirty = true;
      return;
    }
    if (last && size < last.size) return;
    this.clock.push({ size, firstSeen: at, lastSeen: at });
    if (this.clock.length > CLOCK_MAX) this.clock.splice(0, this.clock.length - CLOCK_MAX);
    await this.writeClock();
  }

  private async writeClock(): Promise<void> {
    this.clockDirty = false;
    await writeFileAtomic(join(this.dirs.state, "clock"), this.clock.map((p) => `${p.size} ${p.firstSeen} ${p.lastSeen}\n`).join(""), false);
  }

  /** Writes what the clock learnt since its last write (the session's end). */
  async flush(): Promise<void> {
    await Promise.all(this.cacheWrites);
    if (this.clockDirty) await this.serial(() => this.writeClock());
  }

  private track(write: Promise<unknown>): void {
    this.cacheWrites.add(write);
    void write.finally(() => this.cacheWrites.delete(write));
  }

  /** What the clock says about record `id`. */
  dateRecord(id: number): RecordDating {
    const d: RecordDating = {};
    for (const p of this.clock) {
      if (p.size <= id) {
        if (!d.after || p.lastSeen > d.after.seen) d.after = { size: p.size, seen: p.lastSeen };
      } else if (!d.by || p.firstSeen < d.by.seen) d.by = { size: p.size, seen: p.firstSeen };
    }
    return d;
  }

  /** A hash reader for `tree` over authenticated tiles. */
  hashReader(tree: Tree) {
    const key = `${tree.n} ${tree.hash.toString("base64")}`;
    let authenticated = this.authenticatedTiles.get(key);
    if (!authenticated) {
      if (this.authenticatedTiles.size >= TREES_REMEMBERED) this.authenticatedTiles.delete(this.authenticatedTiles.keys().next().value!);
      this.authenticatedTiles.set(key, (authenticated = new Map()));
    }
    return tileHashReader(tree, {
      height: TILE_HEIGHT,
      authenticated,
      readTiles: (tiles) => Promise.all(tiles.map((t) => this.readTile(t))),
      saveTiles: async (tiles, data) => {
        await Promise.all(tiles.map((t, i) => this.saveTile(t, data[i]!)));
      },
    });
  }

  private tileFile(t: Tile): string {
    return join(this.dirs.tiles, ...tilePath(t).split("/"));
  }

  /** A tile from memory, the store (full tiles) or the database. */
  async readTile(t: Tile): Promise<Buffer> {
    const full = fullTile(t);
    const isFull = full.w === t.w;
    const want = t.w * HASH_SIZE;
    const known = this.fullTiles.get(tilePath(full));
    if (known) return isFull ? known : known.subarray(0, want);
    // A partial tile this process saved (authenticated then) is as good as the full one's prefix, and needs no disk read.
    const mem = isFull ? undefined : this.partial.get(tilePath(t));
    if (mem) return mem;
    const stored = await fsp.readFile(this.tileFile(full)).catch(() => undefined);
    if (stored && stored.length === full.w * HASH_SIZE) return isFull ? stored : stored.subarray(0, want);
    try {
      return await this.download(t);
    } catch (e) {
      // A partial tile that has since been completed is only served in full.
      if (isFull) throw e;
      try {
        return (await this.download(full)).subarray(0, want);
      } catch {
        throw e;
      }
    }
  }

  /** One request per tile however many proofs want it at once. */
  private download(t: Tile): Promise<Buffer> {
    const path = tilePath(t);
    let p = this.tileFetches.get(path);
    if (!p) {
      p = this.transport.get("/" + path, 1 << 20);
      this.tileFetches.set(path, p);
      const forget = () => this.tileFetches.delete(path);
      p.then(forget, forget);
    }
    return p;
  }

  private async saveTile(t: Tile, data: Buffer): Promise<void> {
    if (t.w === fullTile(t).w) {
      const path = tilePath(t);
      if (this.fullTiles.has(path)) return;
      if (this.fullTiles.size >= FULL_TILES_KEPT) this.fullTiles.delete(this.fullTiles.keys().next().value!);
      this.fullTiles.set(path, Buffer.from(data));
      const f = this.tileFile(t);
      if (await fsp.stat(f).then(() => true, () => false)) return;
      await writeFileAtomic(f, data, true);
    } else {
      this.partial.set(tilePath(t), Buffer.from(data));
    }
  }

  /** Authenticates a full tile against the latest head (fetching parents as needed) and returns its bytes. */
  async authenticatedTile(t: Tile): Promise<Buffer> {
    await this.init();
    if (this.latest.tree.n === 0) await this.refresh();
    const level0 = t.l * t.h;
    const first = storedHashIndex(level0, t.n * 2 ** t.h + t.w - 1);
    const limit = storedHashIndex(0, this.latest.tree.n);
    if (first >= limit) await this.refresh();
    await this.hashReader(this.latest.tree)([storedHashIndex(level0, t.n * 2 ** t.h + t.w - 1)]);
    return this.readTile(t);
  }

  private lookupFile(path: string, version: string): string {
    return join(this.dirs.tiles, "lookup", `${escapePath(path)}@${escapeVersion(version)}`);
  }

  /** Looks up module@version and proves the record is in the log. Throws SumdbNotFound when the database does not have it. */
  lookup(path: string, version: string): Promise<LookupResult> {
    const key = `${path}@${version}`;
    let p = this.lookups.get(key);
    if (!p) {
      p = this.doLookup(path, version);
      p.catch(() => this.lookups.delete(key));
      this.lookups.set(key, p);
    }
    return p;
  }

  private async doLookup(path: string, version: string): Promise<LookupResult> {
    await this.init();
    const file = this.lookupFile(path, version);
    const stored: Buffer | undefined = await fsp.readFile(file).catch(() => undefined);
    const fromStore = stored !== undefined;
    const raw: Buffer = stored ?? await this.transport.get(`/lookup/${escapePath(path)}@${escapeVersion(version)}`, 1 << 20);
    let rec;
    try {
      rec = parseRecord(raw);
    } catch (e) {
      throw new SumdbSecurityError(`${this.name}: lookup ${path}@${version}: ${(e as Error).message}`);
    }
    const tree = await this.merge(rec.rest);
    const head = { tree, note: Buffer.from(rec.rest) };
    if (rec.id < 0 || rec.id >= tree.n) throw new SumdbSecurityError(`${this.name}: lookup ${path}@${version}: record ${rec.id} is not in the tree of size ${tree.n} it came with`);
    const [h] = await this.hashReader(tree)([storedHashIndex(0, rec.id)]);
    if (!h!.equals(recordHash(rec.text))) {
      throw new SumdbSecurityError(`${this.name}: lookup ${path}@${version}: record ${rec.id} does not match the log (cannot authenticate record data in server response)`);
    }
    // The answer is kept for later jobs; nobody waits for that write (flush() does).
    if (!fromStore) this.track(writeFileAtomic(file, raw, true).catch(() => undefined));
    return { id: rec.id, text: rec.text.toString("utf8"), raw, head };
  }
}

/** The go.sum hash the database gives for path@version (zip) or path@version/go.mod. */
export function sumdbHash(text: string, path: string, version: string, kind: "zip" | "mod"): string | undefined {
  const want = `${path} ${version}${kind === "mod" ? "/go.mod" : ""} `;
  for (const line of text.split("\n")) {
    if (line.startsWith(want)) {
      const h = line.slice(want.length).trim();
      if (h.startsWith("h1:")) return h;
    }
  }
  return undefined;
}

export { SumdbNotFound };
