// Where a zip's archive lies inside its file, decided exactly as Go's
// archive/zip does (reader.go: readDirectoryEnd, findSignatureInBlock,
// findDirectory64End), so that gopin accepts the zips the go command accepts:
//
//   - the end-of-central-directory record is the LAST signature in the final
//     1 KiB, else in the final 65 KiB; its comment must fit in the file, but
//     anything may follow the comment (trailing data is allowed);
//   - with zip64 markers (0xffff records or size, 0xffffffff offset) a valid
//     zip64 locator just before it points at the zip64 end record;
//   - baseOffset = (end record offset) - directory size - directory offset:
//     data prepended to a zip whose offsets were not adjusted (a
//     self-extractor stub) moves every offset by it, unless a directory
//     header already sits at the unadjusted offset (then it is 0);
//   - the directory must start inside the file.
//
// The archive is then read as the bytes [base, end) (yauzl expects the end
// record at the very end), with every offset it reports relative to base.
import { GoModError } from "./escape.js";

const EOCD_SIG = 0x06054b50;
const EOCD_LEN = 22;
const LOC64_SIG = 0x07064b50;
const LOC64_LEN = 20;
const END64_SIG = 0x06064b50;
const END64_LEN = 56;
const DIR_HEADER_SIG = 0x02014b50;
const DIR_HEADER_LEN = 46;

/** Random reads of the zip file: fewer bytes at the end of the file. */
export type ReadAt = (pos: number, len: number) => Promise<Buffer>;

export interface ZipExtent {
  /** Go's baseOffset: added to every offset the directory records. */
  base: number;
  /** Where the end-of-central-directory record (with its comment) ends. */
  end: number;
}

function notValid(): GoModError {
  return new GoModError("zip: not a valid zip file");
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

/** Whether a central-directory header can be read at `pos` (readDirectoryHeader's framing). */
async function directoryHeaderAt(read: ReadAt, pos: number): Promise<boolean> {
  const h = await read(pos, DIR_HEADER_LEN);
  if (h.length < DIR_HEADER_LEN || h.readUInt32LE(0) !== DIR_HEADER_SIG) return false;
  const rest = h.readUInt16LE(28) + h.readUInt16LE(30) + h.readUInt16LE(32);
  return rest === 0 || (await read(pos + DIR_HEADER_LEN, rest)).length === rest;
}

/** readDirectoryEnd: where the archive lies in a file of `size` bytes. */
export async function locateZip(read: ReadAt, size: number): Promise<ZipExtent> {
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
    if (i === 1 || len === size) throw notValid();
  }
  const records = block.readUInt16LE(10);
  let dirSize = BigInt(block.readUInt32LE(12));
  let dirOffset = BigInt(block.readUInt32LE(16));
  const end = eocd + EOCD_LEN + block.readUInt16LE(20);
  let dirEnd = eocd;
  if (records === 0xffff || dirSize === 0xffffn || dirOffset === 0xffffffffn) {
    const p = await findDirectory64End(read, eocd);
    if (p >= 0) {
      dirEnd = p;
      const b = await read(p, END64_LEN);
      if (b.length < END64_LEN) throw new GoModError("zip: unexpected EOF reading the zip64 end record");
      if (b.readUInt32LE(0) !== END64_SIG) throw notValid();
      dirSize = b.readBigUInt64LE(40);
      dirOffset = b.readBigUInt64LE(48);
    }
  }
  const maxInt64 = (1n << 63n) - 1n;
  if (dirSize > maxInt64 || dirOffset > maxInt64) throw notValid();
  let base = BigInt(dirEnd) - dirSize - dirOffset;
  const dirStart = base + dirOffset;
  if (dirStart < 0n || dirStart >= BigInt(size)) throw notValid();
  if (base > 0n && (await directoryHeaderAt(read, Number(dirOffset)))) base = 0n;
  // A negative base (offsets past where the data is) makes Go fail on the
  // first file it opens; there is nothing to read the archive from here.
  if (base < 0n) throw notValid();
  return { base: Number(base), end };
}

/** findDirectory64End: the zip64 end record's offset from a valid locator just before `eocd`, else -1. */
async function findDirectory64End(read: ReadAt, eocd: number): Promise<number> {
  const at = eocd - LOC64_LEN;
  if (at < 0) return -1;
  const b = await read(at, LOC64_LEN);
  if (b.length < LOC64_LEN) throw new GoModError("zip: unexpected EOF reading the zip64 locator");
  if (b.readUInt32LE(0) !== LOC64_SIG || b.readUInt32LE(4) !== 0 || b.readUInt32LE(16) !== 1) return -1;
  const p = b.readBigUInt64LE(8);
  if (p > BigInt(Number.MAX_SAFE_INTEGER)) throw notValid();
  return Number(p);
}
