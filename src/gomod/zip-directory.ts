// A zip's central directory, read exactly as Go's archive/zip reads it
// (reader.go: Reader.init, readDirectoryEnd, findSignatureInBlock,
// findDirectory64End, readDirectory64End, readDirectoryHeader), so that gopin
// accepts the zips the go command accepts and refuses the others:
//
//   - the end-of-central-directory record is the LAST signature in the final
//     1 KiB, else in the final 65 KiB; its comment must fit in the file, but
//     anything may follow the comment (trailing data is allowed); its disk
//     numbers are ignored;
//   - with zip64 markers (0xffff records or size, 0xffffffff offset) a valid
//     zip64 locator just before it points at the zip64 end record;
//   - baseOffset = (end record offset) - directory size - directory offset:
//     data prepended to a zip whose offsets were not adjusted (a
//     self-extractor stub) moves every offset by it, unless a directory
//     header already sits at the unadjusted offset (then it is 0); the
//     directory must start inside the file;
//   - directory headers are read one after another until one does not parse;
//     their count must equal the declared count modulo 65536;
//   - sizes and offsets of 0xffffffff come from a zip64 extra field (a
//     missing compressed size or offset ends the directory there).
import { GoModError } from "./escape.js";

const EOCD_SIG = 0x06054b50;
const EOCD_LEN = 22;
const LOC64_SIG = 0x07064b50;
const LOC64_LEN = 20;
const END64_SIG = 0x06064b50;
const END64_LEN = 56;
const DIR_HEADER_SIG = 0x02014b50;
const DIR_HEADER_LEN = 46;
const ZIP64_EXTRA_ID = 0x0001;
const MAX32 = 0xffffffff;

/** Random reads of the zip file: fewer bytes (or none) past its end. */
export type ReadAt = (pos: number, len: number) => Promise<Buffer>;

/** One central-directory entry (the fields the module checks use). */
export interface ZipEntryHeader {
  /** The file name bytes exactly as stored. */
  fileName: Buffer;
  generalPurposeBitFlag: number;
  compressionMethod: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the local header is, Go's baseOffset included. */
  relativeOffsetOfLocalHeader: number;
}

function formatError(what = "not a valid zip file"): GoModError {
  return new GoModError(`zip: ${what}`);
}

/** findSignatureInBlock: the last end record in `b` (index), -1 if none or its comment is cut off. */
function findSignatureInBlock(b: Buffer): number {
  for (let i = b.length - EOCD_LEN; i >= 0; i--) {
    if (b.readUInt32LE(i) === EOCD_SIG) {
      const n = b.readUInt16LE(i + EOCD_LEN - 2);
      return n + EOCD_LEN + i > b.length ? -1 : i;
    }
  }
  return -1;
}

interface DirectoryEnd {
  records: bigint;
  dirOffset: bigint;
  base: bigint;
}

/** readDirectoryEnd: the declared directory, and Go's baseOffset. */
async function readDirectoryEnd(read: ReadAt, size: number): Promise<DirectoryEnd> {
  let eocd = -1;
  let block: Buffer = Buffer.alloc(0);
  for (const [i, want] of [1024, 65 * 1024].entries()) {
    const len = Math.min(want, size);
    block = await read(size - len, len);
    const p = findSignatureInBlock(block);
    if (p >= 0) {
      eocd = size - len + p;
      block = block.subarray(p);
      break;
    }
    if (i === 1 || len === size) throw formatError();
  }
  let records = BigInt(block.readUInt16LE(10));
  let dirSize = BigInt(block.readUInt32LE(12));
  let dirOffset = BigInt(block.readUInt32LE(16));
  let dirEnd = eocd;
  if (records === 0xffffn || dirSize === 0xffffn || dirOffset === 0xffffffffn) {
    const p = await findDirectory64End(read, eocd);
    if (p >= 0) {
      dirEnd = p;
      const b = await read(p, END64_LEN);
      if (b.length < END64_LEN) throw formatError("unexpected EOF");
      if (b.readUInt32LE(0) !== END64_SIG) throw formatError();
      records = b.readBigUInt64LE(32);
      dirSize = b.readBigUInt64LE(40);
      dirOffset = b.readBigUInt64LE(48);
    }
  }
  const maxInt64 = (1n << 63n) - 1n;
  if (dirSize > maxInt64 || dirOffset > maxInt64) throw formatError();
  let base = BigInt(dirEnd) - dirSize - dirOffset;
  const dirStart = base + dirOffset;
  if (dirStart < 0n || dirStart >= BigInt(size)) throw formatError();
  if (base > 0n && dirOffset < BigInt(size) && "entry" in (await readDirectoryHeader(new SequentialReader(read, Number(dirOffset))))) base = 0n;
  return { records, dirOffset, base };
}

/** findDirectory64End: the zip64 end record's offset from a valid locator just before `eocd`, else -1. */
async function findDirectory64End(read: ReadAt, eocd: number): Promise<number> {
  const at = eocd - LOC64_LEN;
  if (at < 0) return -1;
  const b = await read(at, LOC64_LEN);
  if (b.length < LOC64_LEN) throw formatError("unexpected EOF");
  if (b.readUInt32LE(0) !== LOC64_SIG || b.readUInt32LE(4) !== 0 || b.readUInt32LE(16) !== 1) return -1;
  const p = b.readBigUInt64LE(8);
  if (p > BigInt(Number.MAX_SAFE_INTEGER)) throw formatError();
  return Number(p);
}

/** Reads forward from a position, like Go's bufio.Reader over a SectionReader. */
class SequentialReader {
  private buf: Buffer = Buffer.alloc(0);
  private atEnd = false;

  constructor(
    private readonly read: ReadAt,
    private pos: number,
  ) {}

  /** `n` bytes, or as many as there were before the end of the file. */
  async take(n: number): Promise<Buffer> {
    while (this.buf.length < n && !this.atEnd) {
      const more = await this.read(this.pos, Math.max(64 << 10, n - this.buf.length));
      if (more.length === 0) this.atEnd = true;
      this.pos += more.length;
      this.buf = this.buf.length ? Buffer.concat([this.buf, more]) : more;
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out;
  }

  /** io.ReadFull: the bytes, or why not ("EOF": none at all, "unexpected EOF": some). */
  async readFull(n: number): Promise<Buffer | "EOF" | "unexpected EOF"> {
    if (n === 0) return Buffer.alloc(0);
    const b = await this.take(n);
    return b.length === n ? b : b.length === 0 ? "EOF" : "unexpected EOF";
  }
}

/** readDirectoryHeader: the next entry, or Go's error ("not a valid zip file" is ErrFormat). */
async function readDirectoryHeader(r: SequentialReader): Promise<{ entry: ZipEntryHeader } | { error: string }> {
  const h = await r.readFull(DIR_HEADER_LEN);
  if (typeof h === "string") return { error: h };
  if (h.readUInt32LE(0) !== DIR_HEADER_SIG) return { error: "not a valid zip file" };
  const nameLen = h.readUInt16LE(28);
  const extraLen = h.readUInt16LE(30);
  const d = await r.readFull(nameLen + extraLen + h.readUInt16LE(32));
  if (typeof d === "string") return { error: d };
  const entry: ZipEntryHeader = {
    fileName: d.subarray(0, nameLen),
    generalPurposeBitFlag: h.readUInt16LE(8),
    compressionMethod: h.readUInt16LE(10),
    crc32: h.readUInt32LE(16),
    compressedSize: h.readUInt32LE(20),
    uncompressedSize: h.readUInt32LE(24),
    relativeOffsetOfLocalHeader: h.readUInt32LE(42),
  };
  // Values saturated at 0xffffffff come from the first zip64 extra field.
  const need = {
    uncompressedSize: entry.uncompressedSize === MAX32,
    compressedSize: entry.compressedSize === MAX32,
    relativeOffsetOfLocalHeader: entry.relativeOffsetOfLocalHeader === MAX32,
  };
  let extra = d.subarray(nameLen, nameLen + extraLen);
  while (extra.length >= 4) {
    const tag = extra.readUInt16LE(0);
    const size = extra.readUInt16LE(2);
    extra = extra.subarray(4);
    if (extra.length < size) break;
    let field = extra.subarray(0, size);
    extra = extra.subarray(size);
    if (tag !== ZIP64_EXTRA_ID) continue;
    for (const key of ["uncompressedSize", "compressedSize", "relativeOffsetOfLocalHeader"] as const) {
      if (!need[key]) continue;
      need[key] = false;
      if (field.length < 8) return { error: "not a valid zip file" };
      entry[key] = Number(field.readBigUInt64LE(0));
      field = field.subarray(8);
    }
  }
  // An uncompressed size of 0xffffffff without zip64 is taken as it is (Go keeps 42.zip readable).
  if (need.compressedSize || need.relativeOffsetOfLocalHeader) return { error: "not a valid zip file" };
  return { entry };
}

/**
 * Reader.init: every central-directory entry of a zip file of `size` bytes,
 * local header offsets included Go's baseOffset. Throws GoModError when Go's
 * zip.NewReader fails.
 */
export async function readCentralDirectory(read: ReadAt, size: number): Promise<ZipEntryHeader[]> {
  const end = await readDirectoryEnd(read, size);
  const r = new SequentialReader(read, Number(end.base + end.dirOffset));
  const entries: ZipEntryHeader[] = [];
  let stop: string;
  for (;;) {
    const h = await readDirectoryHeader(r);
    if ("entry" in h) {
      h.entry.relativeOffsetOfLocalHeader += Number(end.base);
      entries.push(h.entry);
      continue;
    }
    // Go fails at once on an io.EOF (a header starting exactly at the end of the file).
    if (h.error === "EOF") throw formatError("EOF");
    stop = h.error;
    break;
  }
  // The count is only 16 bits in the plain end record: compare those.
  if (BigInt(entries.length & 0xffff) !== (end.records & 0xffffn)) throw formatError(stop);
  return entries;
}
