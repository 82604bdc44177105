// Transparency-log math of the Go checksum database (golang.org/x/mod/sumdb/tlog):
// record and interior hashes, the stored-hash numbering, tiles and their
// paths, tree notes and lookup records, and tile-authenticated hash reads.
//
// Sizes and indexes are JavaScript numbers (exact below 2^53, far beyond any
// real log); shifts are written as multiplications so they never wrap at 32 bits.
import { createHash, hash as oneShotHash } from "node:crypto";

export const HASH_SIZE = 32;
/** Tile height the go command uses. */
export const TILE_HEIGHT = 8;

export type Hash = Buffer;

export interface Tree {
  /** Number of records. */
  n: number;
  hash: Hash;
}

export interface Tile {
  /** Height, 1..30. */
  h: number;
  /** Level in the tiling; -1 is a data tile (record texts). */
  l: number;
  /** Index within the level. */
  n: number;
  /** Width in hashes (or records), 1..2^h; 2^h is a full tile. */
  w: number;
}

export class TlogError extends Error {}

const pow2 = (k: number) => 2 ** k;
const shl = (x: number, k: number) => x * 2 ** k;
const shr = (x: number, k: number) => Math.floor(x / 2 ** k);

/** SHA-256 of 0x00 || data: the hash of one record. */
export function recordHash(data: Buffer | string): Hash {
  return createHash("sha256").update(Buffer.from([0])).update(data).digest();
}

/** SHA-256 of 0x01 || left || right: an interior node. */
export function nodeHash(left: Hash, right: Hash): Hash {
  // One call on one buffer: a proof hashes hundreds of these, and a Hash object each cost more than the hashing.
  const b = Buffer.allocUnsafe(1 + left.length + right.length);
  b[0] = 1;
  left.copy(b, 1);
  right.copy(b, 1 + left.length);
  return oneShotHash("sha256", b, "buffer");
}

/** Hash of the empty tree (SHA-256 of nothing). */
export const EMPTY_HASH: Hash = createHash("sha256").digest();

/** Position in the stored-hash sequence of the hash at `level` covering records n·2^level … */
export function storedHashIndex(level: number, n: number): number {
  // Every level-0 record i is followed by the hashes it completes; counting
  // the records before the leftmost leaf of this subtree gives the position.
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = shr(n, 1)) i += n;
  return i + level;
}

function trailingZeros(x: number): number {
  if (x === 0) return 64;
  let k = 0;
  while (x % 2 === 0) {
    x /= 2;
    k++;
  }
  return k;
}

/** Inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  if (indexN > index) throw new TlogError("bad math in splitStoredHashIndex");
  for (;;) {
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return { level, n: shr(n, level) };
}

/** Number of stored hashes in a tree of n records. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = shr(i, 1)) count++;
  return count;
}

/** Largest power of two k < n, and its log2 (n > 1). */
function maxpow2(n: number): { k: number; level: number } {
  let level = 0;
  while (pow2(level + 1) < n) level++;
  return { k: pow2(level), level };
}

/** Stored-hash indexes of the complete subtrees that make up records [lo, hi). */
export function subTreeIndex(lo: number, hi: number): number[] {
  const need: number[] = [];
  while (lo < hi) {
    const { k, level } = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError("bad math in subTreeIndex");
    need.push(storedHashIndex(level, shr(lo, level)));
    lo += k;
  }
  return need;
}

/** Folds subtree hashes (left to right) into one root. */
export function foldSubTrees(hashes: Hash[]): Hash {
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

/** The stored hashes appended when record n (with hash h) joins a tree of n records. */
export async function storedHashesForRecordHash(n: number, h: Hash, read: HashReader): Promise<Hash[]> {
  const out = [h];
  const m = trailingZeros(n + 1);
  const indexes: number[] = new Array(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, shr(n, i) - 1);
  const old = await read(indexes);
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i]!, h);
    out.push(h);
  }
  return out;
}

export type HashReader = (indexes: number[]) => Promise<Hash[]>;

/** Root hash of the first n records. */
export async function treeHash(n: number, read: HashReader): Promise<Hash> {
  if (n === 0) return EMPTY_HASH;
  const idx = subTreeIndex(0, n);
  const hashes = await read(idx);
  if (hashes.length !== idx.length) throw new TlogError(`hash reader returned ${hashes.length} hashes for ${idx.length} indexes`);
  return foldSubTrees(hashes);
}

// ---------------------------------------------------------------------------
// Tiles

/** The least-width tile of height h holding stored hash `index`, and the byte range of its hash. */
export function tileForIndex(h: number, index: number): { tile: Tile; start: number; end: number } {
  let { level, n } = splitStoredHashIndex(index);
  const l = Math.floor(level / h);
  level -= l * h; // level within the tile
  const tn = shr(shl(n, level), h);
  n -= shr(shl(tn, h), level); // n within the tile at that level
  const w = shl(n + 1, level);
  return { tile: { h, l, n: tn, w }, start: shl(n, level) * HASH_SIZE, end: shl(n + 1, level) * HASH_SIZE };
}

/** Merkle root of a run of 2^k hashes inside one tile's data. */
function tileHash(data: Buffer): Hash {
  if (data.length === 0) throw new TlogError("bad math in tileHash");
  if (data.length === HASH_SIZE) return Buffer.from(data);
  const half = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}

export function tileProblem(t: Tile): string | undefined {
  if (t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > pow2(t.h)) return `invalid tile ${tilePath(t)}`;
  return undefined;
}

/** The stored hash `index` computed from the data of tile t. */
export function hashFromTile(t: Tile, data: Buffer, index: number): Hash {
  const p = tileProblem(t);
  if (p) throw new TlogError(p);
  if (data.length < t.w * HASH_SIZE) throw new TlogError(`data length ${data.length} too short for tile ${tilePath(t)}`);
  const { tile: t1, start, end } = tileForIndex(t.h, index);
  if (t.l !== t1.l || t.n !== t1.n || t.w < t1.w) throw new TlogError(`index ${index} is in ${tilePath(t1)}, not ${tilePath(t)}`);
  return tileHash(data.subarray(start, end));
}

/** `tile/H/L/NNN[.p/W]`, with N in 3-digit groups prefixed `x` (`x001/x234/067`), L `data` for data tiles. */
export function tilePath(t: Tile): string {
  let n = t.n;
  let s = String(n % 1000).padStart(3, "0");
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    s = `x${String(n % 1000).padStart(3, "0")}/${s}`;
  }
  const partial = t.w !== pow2(t.h) ? `.p/${t.w}` : "";
  return `tile/${t.h}/${t.l === -1 ? "data" : t.l}/${s}${partial}`;
}

/** Parses a tile path; only the canonical spelling (what tilePath prints) is accepted. */
export function parseTilePath(path: string): Tile {
  const bad = () => new TlogError(`malformed tile path ${JSON.stringify(path)}`);
  let f = path.split("/");
  if (f.length < 4 || f[0] !== "tile") throw bad();
  const num = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : NaN);
  const h = num(f[1]!);
  const isData = f[2] === "data";
  let l = isData ? 0 : num(f[2]!);
  if (!Number.isInteger(h) || !Number.isInteger(l) || h < 1 || l < 0 || h > 30) throw bad();
  let w = pow2(h);
  const dotP = f[f.length - 2]!;
  if (dotP.endsWith(".p")) {
    const ww = num(f[f.length - 1]!);
    if (!Number.isInteger(ww) || ww <= 0 || ww >= w) throw bad();
    w = ww;
    f = [...f.slice(0, f.length - 2), dotP.slice(0, -2)];
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const nn = num(s.startsWith("x") ? s.slice(1) : s);
    if (!Number.isInteger(nn) || nn < 0 || nn >= 1000) throw bad();
    n = n * 1000 + nn;
  }
  if (isData) l = -1;
  const t = { h, l, n, w };
  if (tilePath(t) !== path) throw bad();
  return t;
}

/** The tile k levels of tiles above t in a tree of n records (w: 0 when it does not exist yet). */
export function tileParent(t: Tile, k: number, n: number): Tile {
  const p: Tile = { h: t.h, l: t.l + k, n: shr(t.n, k * t.h), w: pow2(t.h) };
  const max = shr(n, p.l * p.h);
  if (shl(p.n, p.h) + p.w >= max) {
    if (shl(p.n, p.h) >= max) return { h: 0, l: 0, n: 0, w: 0 };
    p.w = max - shl(p.n, p.h);
  }
  return p;
}

export function fullTile(t: Tile): Tile {
  return { ...t, w: pow2(t.h) };
}

const tileKey = (t: Tile) => `${t.h}/${t.l}/${t.n}/${t.w}`;

/** Fetches tiles (any order; must return one buffer per tile) and stores the authenticated ones. */
export interface TileSource {
  height: number;
  readTiles(tiles: Tile[]): Promise<Buffer[]>;
  saveTiles(tiles: Tile[], data: Buffer[]): Promise<void>;
  /**
   * Tiles already authenticated against this same tree: tile path to the
   * SHA-256 of the bytes that passed. A tile read again with those bytes is
   * not authenticated again (a job's lookups all prove against one or a few
   * trees, and re-hashing the same root tiles for each cost more than the
   * rest of the proof). The reader adds every tile it authenticates.
   */
  authenticated?: Map<string, Buffer>;
}

/**
 * A HashReader for `tree` that reads hashes from tiles and authenticates
 * every tile it uses against the tree's root hash before trusting it.
 */
export function tileHashReader(tree: Tree, src: TileSource): HashReader {
  return async (indexes) => {
    const h = src.height;
    const order = new Map<string, number>();
    const tiles: Tile[] = [];
    const stx = subTreeIndex(0, tree.n);
    const stxOrder: number[] = [];
    for (const x of stx) {
      const t = tileParent(tileForIndex(h, x).tile, 0, tree.n);
      const k = tileKey(t);
      let j = order.get(k);
      if (j === undefined) {
        j = tiles.length;
        order.set(k, j);
        tiles.push(t);
      }
      stxOrder.push(j);
    }
    const indexOrder: number[] = [];
    for (const x of indexes) {
      if (x >= storedHashIndex(0, tree.n)) throw new TlogError("indexes not in tree");
      const t = tileForIndex(h, x).tile;
      // Walk up until a tile already on the list (the root tiles always are).
      let k = 0;
      for (; ; k++) {
        const j = order.get(tileKey(tileParent(t, k, tree.n)));
        if (j !== undefined) {
          if (k === 0) indexOrder.push(j);
          break;
        }
      }
      for (k--; k >= 0; k--) {
        const p = tileParent(t, k, tree.n);
        if (p.w !== pow2(p.h)) throw new TlogError(`bad math in tileHashReader: ${tree.n} ${x}`);
        order.set(tileKey(p), tiles.length);
        if (k === 0) indexOrder.push(tiles.length);
        tiles.push(p);
      }
    }
    const data = await src.readTiles(tiles);
    if (data.length !== tiles.length) throw new TlogError("tile reader returned the wrong number of tiles");
    tiles.forEach((t, i) => {
      if (data[i]!.length !== t.w * HASH_SIZE) throw new TlogError(`tile ${tilePath(t)} has ${data[i]!.length} bytes, want ${t.w * HASH_SIZE}`);
    });
    // Bytes that passed against this tree before pass again (src.authenticated).
    const known = src.authenticated;
    const prints = known ? data.map((d) => oneShotHash("sha256", d, "buffer")) : [];
    const seen = (i: number) => known?.get(tilePath(tiles[i]!))?.equals(prints[i]!) === true;
    // The root tiles must reproduce the tree hash …
    if (!stxOrder.every(seen)) {
      const roots = stx.map((x, i) => hashFromTile(tiles[stxOrder[i]!]!, data[stxOrder[i]!]!, x));
      if (!foldSubTrees(roots).equals(tree.hash)) throw new TlogError("downloaded inconsistent tile");
    }
    // … and every other tile must hash to the entry its parent holds for it.
    for (let i = stxOrder[stxOrder.length - 1]! + 1; i < tiles.length; i++) {
      if (seen(i)) continue;
      const t = tiles[i]!;
      const p = tileParent(t, 1, tree.n);
      const j = order.get(tileKey(p));
      if (j === undefined) throw new TlogError(`bad math in tileHashReader: lost parent of ${tilePath(t)}`);
      const want = hashFromTile(p, data[j]!, storedHashIndex(p.l * p.h, t.n));
      if (!want.equals(tileHash(data[i]!))) throw new TlogError("downloaded inconsistent tile");
    }
    if (known) tiles.forEach((t, i) => known.set(tilePath(t), prints[i]!));
    await src.saveTiles(tiles, data);
    return indexes.map((x, i) => hashFromTile(tiles[indexOrder[i]!]!, data[indexOrder[i]!]!, x));
  };
}


// ---------------------------------------------------------------------------
// Notes and records

const TREE_PREFIX = "go.sum database tree\n";

export function formatTree(t: Tree): string {
  return `${TREE_PREFIX}${t.n}\n${t.hash.toString("base64")}\n`;
}

/** Parses the text of a tree note (`go.sum database tree`, size, base64 hash, …). */
export function parseTree(text: string): Tree {
  const bad = () => new TlogError("malformed tree note");
  if (!text.startsWith(TREE_PREFIX) || text.split("\n").length - 1 < 3 || text.length > 1e6) throw bad();
  const lines = text.split("\n");
  const nText = lines[1]!;
  if (!/^(0|[1-9][0-9]*)$/.test(nText) || !Number.isSafeInteger(Number(nText))) throw bad();
  const hText = lines[2]!;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(hText) || hText.length % 4 !== 0) throw bad();
  const hash = Buffer.from(hText, "base64");
  if (hash.length !== HASH_SIZE) throw bad();
  return { n: Number(nText), hash };
}

function validRecordText(text: Buffer): boolean {
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    return false;
  }
  if (s.length === 0 || !s.endsWith("\n")) return false;
  let last = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && ch !== "\n") || (last === "\n" && ch === "\n")) return false;
    last = ch;
  }
  return true;
}

/** Splits a lookup answer into record id, record text and the signed tree note that follows. */
export function parseRecord(msg: Buffer): { id: number; text: Buffer; rest: Buffer } {
  const bad = () => new TlogError("malformed record data");
  const i = msg.indexOf(0x0a);
  if (i < 0) throw bad();
  const idText = msg.subarray(0, i).toString("latin1");
  if (!/^[+-]?\d+$/.test(idText)) throw bad();
  const id = Number(idText);
  if (!Number.isSafeInteger(id)) throw bad();
  const body = msg.subarray(i + 1);
  const j = body.indexOf("\n\n");
  if (j < 0) throw bad();
  const text = body.subarray(0, j + 1);
  if (!validRecordText(text)) throw bad();
  return { id, text, rest: body.subarray(j + 2) };
}
