// Port of golang.org/x/mod/sumdb/dirhash: the "h1:" hash recorded in go.sum
// files and in the checksum database.
//
// Hash1 is "h1:" + base64(sha256(summary)), where the summary has one line
// "<hex sha256 of content>  <file name>\n" per file, ordered by the byte-wise
// sort of the file names. The central directory is read as Go's archive/zip
// reads it (zip-directory.ts); each file's content is streamed, one at a
// time, so large zips are never held in memory.

import { createHash, hash as oneShotHash, type Hash } from "node:crypto";
import { open as fsOpen, stat as fsStat } from "node:fs/promises";
import { constants, crc32, createInflateRaw, inflateRawSync } from "node:zlib";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GoModError } from "./escape.js";
import { readCentralDirectory, type ReadAt, type ZipEntryHeader } from "./zip-directory.js";

/** A central-directory entry with its raw (undecoded) file name bytes, as Go sees it. */
export interface RawZipEntry {
  /** The file name bytes exactly as stored in the zip. */
  nameBytes: Buffer;
  /** The file name decoded as UTF-8 (invalid bytes become U+FFFD). */
  name: string;
  entry: ZipEntryHeader;
}

/** A module zip on disk (path) or in memory. */
export type ZipSource = string | Buffer;

function describeSource(src: ZipSource): string {
  return typeof src === "string" ? src : `(${src.length}-byte zip in memory)`;
}

/** Size in bytes of a zip source. */
export async function zipSize(src: ZipSource): Promise<number> {
  return typeof src === "string" ? (await fsStat(src)).size : src.length;
}

/** Random access to a zip file's bytes, for entry data (entry offsets include Go's baseOffset). */
export interface ZipBytes {
  read(pos: number, len: number): Promise<Buffer>;
  /** The same bytes, valid only until the next readShort (consume them before awaiting another). */
  readShort(pos: number, len: number): Promise<Buffer>;
}

/** A zip's central directory, read once, and its bytes for the entries' content. */
export interface OpenZip {
  entries: RawZipEntry[];
  bytes: ZipBytes;
  close(): Promise<void>;
}

/** Bytes read at once from a zip file for its small entries. */
const READ_BLOCK = 256 << 10;
/** Block buffers of closed zips, reused (hundreds of zips are checked at start-up). */
const freeBlocks: Buffer[] = [];

/** The whole file: the buffer itself, or one file handle opened once per zip (not once per entry). */
async function openSource(src: ZipSource): Promise<{ read: ReadAt; readShort: ReadAt; size: number; close(): Promise<void> }> {
  // Go's baseOffset can make an offset negative: nothing is there.
  if (typeof src !== "string") {
    const read: ReadAt = async (pos, len) => (pos < 0 ? Buffer.alloc(0) : src.subarray(pos, pos + len));
    return { read, readShort: read, size: src.length, close: async () => undefined };
  }
  const fh = await fsOpen(src, "r");
  try {
    const { size } = await fh.stat();
    const read: ReadAt = async (pos, len) => {
      if (pos < 0) return Buffer.alloc(0);
      const b = Buffer.allocUnsafe(Math.max(0, Math.min(len, size - pos)));
      const { bytesRead } = await fh.read(b, 0, b.length, pos);
      return b.subarray(0, bytesRead);
    };
    // Small entries are read in file order, each a header and a few KiB:
    // one block buffer, refilled a block at a time, answers most of them
    // (one thread-pool round trip per block, and no garbage per entry).
    const block = freeBlocks.pop() ?? Buffer.allocUnsafe(READ_BLOCK);
    let blockPos = 0;
    let blockLen = 0;
    const readShort: ReadAt = async (pos, len) => {
      if (pos < 0) return Buffer.alloc(0);
      const end = Math.min(size, pos + len);
      if (pos >= blockPos && end <= blockPos + blockLen) return block.subarray(pos - blockPos, end - blockPos);
      if (len > block.length) return read(pos, len);
      blockLen = 0;
      const { bytesRead } = await fh.read(block, 0, Math.min(block.length, size - pos), pos);
      blockPos = pos;
      blockLen = bytesRead;
      return block.subarray(0, Math.min(len, bytesRead));
    };
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      if (freeBlocks.length < 4) freeBlocks.push(block);
      await fh.close();
    };
    return { read, readShort, size, close };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/**
 * Opens a zip and reads its whole central directory exactly as Go's
 * archive/zip does (zip-directory.ts: trailing data and a prepended stub are
 * fine), with no name validation and no eager size checks.
 */
export async function openZip(src: ZipSource): Promise<OpenZip> {
  const file = await openSource(src);
  try {
    const headers = await readCentralDirectory(file.read, file.size).catch((err: Error) => {
      throw new GoModError(`zip ${describeSource(src)}: ${err.message}`);
    });
    const entries = headers.map((entry) => ({ nameBytes: entry.fileName, name: entry.fileName.toString("utf8"), entry }));
    return { entries, bytes: { read: file.read, readShort: file.readShort }, close: file.close };
  } catch (e) {
    await file.close();
    throw e;
  }
}

/** Entries up to this compressed size (and at most INLINE_OUTPUT_MAX
 * declared) are read and inflated in one synchronous call: streaming each
 * small file through zlib's thread pool costs far more than inflating it. */
const INLINE_ENTRY_MAX = 1 << 20;
const INLINE_OUTPUT_MAX = 4 << 20;
/** Bytes read past a local header in the same read, to cover its name and extra field. */
const HEADER_SLACK = 1024;

/** Read size for a large entry's compressed bytes, and zlib's output chunk:
 * big slices keep thread-pool round trips few (a 24 MiB entry in 16 KiB
 * slices costs ~1,500 of them, and most of its check time). */
const BIG_SLICE = 1 << 20;

/**
 * Where an entry's compressed bytes start, with the first `want` of them when
 * they came in the same read as the local header.
 */
async function locateData(z: ZipBytes, e: RawZipEntry, want: number): Promise<{ start: number; head: Buffer }> {
  const off = e.entry.relativeOffsetOfLocalHeader;
  const got = await z.readShort(off, 30 + HEADER_SLACK + want);
  if (got.length < 30 || got.readUInt32LE(0) !== 0x04034b50) throw new GoModError(`${e.name}: invalid local file header signature`);
  const skip = 30 + got.readUInt16LE(26) + got.readUInt16LE(28);
  return { start: off + skip, head: got.subarray(Math.min(skip, got.length), skip + want) };
}

/** Whole compressed bytes of a small entry, read from `start`. */
async function smallEntryData(z: ZipBytes, e: RawZipEntry, start: number, head: Buffer): Promise<Buffer> {
  const size = e.entry.compressedSize;
  const data = head.length === size ? head : await z.readShort(start, size);
  if (data.length < size) throw new GoModError(`${e.name}: unexpected EOF`);
  return data;
}

/** Whole content of a small entry, with Go's size checks. */
function inflateInline(data: Buffer, e: RawZipEntry): Buffer {
  const declared = e.entry.uncompressedSize;
  let out: Buffer;
  if (e.entry.compressionMethod === 0) {
    out = data;
  } else {
    try {
      // One byte of headroom, so "larger than declared" is told apart. The
      // output chunk is that size too: zlib's default (16 KiB, a fresh
      // allocation per file) cost more than the inflating of most files.
      out = inflateRawSync(data, { maxOutputLength: declared + 1, chunkSize: Math.max(constants.Z_MIN_CHUNK, declared + 1) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ERR_BUFFER_TOO_LARGE") {
        throw new GoModError(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
      }
      throw new GoModError(`${e.name}: ${(err as Error).message}`);
    }
  }
  if (out.length > declared) throw new GoModError(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
  return out;
}

/** The compressed bytes of a large entry, in slices of at most BIG_SLICE. */
async function* compressedSlices(z: ZipBytes, e: RawZipEntry, start: number): AsyncGenerator<Buffer> {
  let pos = start;
  let left = e.entry.compressedSize;
  while (left > 0) {
    const b = await z.read(pos, Math.min(BIG_SLICE, left));
    if (b.length === 0) throw new GoModError(`${e.name}: unexpected EOF`);
    yield b;
    pos += b.length;
    left -= b.length;
  }
}

/** Decompressed content of a large entry, streamed (method 0: stored, 8: deflate). */
async function* contentSlices(z: ZipBytes, e: RawZipEntry, start: number): AsyncGenerator<Buffer> {
  const method = e.entry.compressionMethod;
  if (method === 0) {
    yield* compressedSlices(z, e, start);
    return;
  }
  if (method !== 8) throw new GoModError(`${e.name}: zip: unsupported compression algorithm`);
  const inflater = createInflateRaw({ chunkSize: BIG_SLICE });
  const feeding = pipeline(Readable.from(compressedSlices(z, e, start)), inflater);
  feeding.catch(() => undefined); // the error surfaces through the iterator below
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
    await feeding;
  } finally {
    inflater.destroy();
  }
}

/**
 * Streams the decompressed content of one (non-directory) entry to onData,
 * enforcing Go's archive/zip checks: the content must be exactly the declared
 * uncompressed size (inflation stops as soon as it exceeds it, which defeats
 * zip bombs), and the CRC-32 must match the directory's (and the data
 * descriptor's, if present). When onData returns a promise (a writer), the
 * next chunk waits for it. The content reaches onData before the CRC-32 is
 * checked: a caller that keeps it must drop it when this throws.
 */
export async function streamZipEntry(z: ZipBytes, e: RawZipEntry, onData: (chunk: Buffer) => void | Promise<void>): Promise<void> {
  const entry = e.entry;
  const declared = entry.uncompressedSize;
  const inline = entry.compressedSize <= INLINE_ENTRY_MAX && declared <= INLINE_OUTPUT_MAX && (entry.compressionMethod === 0 || entry.compressionMethod === 8);
  const { start, head } = await locateData(z, e, inline ? entry.compressedSize : 0);
  if (inline) {
    const content = inflateInline(await smallEntryData(z, e, start, head), e);
    if (content.length) await onData(content);
    await finishEntry(z, e, start, content.length, crc32(content));
    return;
  }
  let n = 0;
  let crc = 0;
  try {
    for await (const chunk of contentSlices(z, e, start)) {
      n += chunk.length;
      if (n > declared) throw new GoModError(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
      crc = crc32(chunk, crc);
      await onData(chunk);
    }
  } catch (err) {
    throw err instanceof GoModError ? err : new GoModError(`${e.name}: ${(err as Error).message}`);
  }
  await finishEntry(z, e, start, n, crc);
}

/** Go's checks once an entry's content (from `start`) has been read: exact size, CRC-32. */
async function finishEntry(z: ZipBytes, e: RawZipEntry, start: number, n: number, crc: number): Promise<void> {
  const entry = e.entry;
  const declared = entry.uncompressedSize;
  if (n !== declared) {
    throw new GoModError(`${e.name}: uncompressed size ${n} does not match declared size ${declared} bytes`);
  }
  if (entry.generalPurposeBitFlag & 0x8) {
    // Data descriptor: its CRC must match the central directory's.
    const desc = await z.read(start + entry.compressedSize, 16);
    let off = 0;
    if (desc.length >= 4 && desc.readUInt32LE(0) === 0x08074b50) off = 4;
    if (desc.length < off + 4) throw new GoModError(`${e.name}: unexpected EOF reading data descriptor`);
    if (desc.readUInt32LE(off) >>> 0 !== entry.crc32 >>> 0) throw new GoModError(`${e.name}: zip: checksum error`);
    if (crc >>> 0 !== entry.crc32 >>> 0) throw new GoModError(`${e.name}: zip: checksum error`);
  } else if (entry.crc32 !== 0 && crc >>> 0 !== entry.crc32 >>> 0) {
    throw new GoModError(`${e.name}: zip: checksum error`);
  }
}

function summaryLine(contentHash: Buffer, name: Buffer): Buffer {
  return Buffer.concat([Buffer.from(contentHash.toString("hex") + "  ", "latin1"), name, Buffer.from("\n")]);
}

/**
 * dirhash.Hash1 from each file's name and the sha256 of its content.
 * Throws like Go if a name contains a newline.
 */
export function hash1OfDigests(files: ReadonlyArray<{ name: Buffer; digest: Buffer }>): string {
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => Buffer.compare(a.name, b.name))) {
    if (f.name.includes(0x0a)) throw new GoModError("dirhash: filenames with newlines are not supported");
    h.update(summaryLine(f.digest, f.name));
  }
  return "h1:" + h.digest("base64");
}

/**
 * SHA-256 of one file's content as it streams in. Most files come in one
 * chunk and are hashed in one call, without a Hash object (hugo's graph:
 * 40,658 files; the objects cost about as much as the hashing). It keeps
 * the first chunk itself until digest(), so digest() must come before that
 * memory is reused: streamZipEntry's chunks stay valid until the next entry
 * is read (a small stored entry is a view of the zip's read block).
 */
export class FileDigest {
  private first: Buffer | undefined;
  private h: Hash | undefined;

  add(chunk: Buffer): void {
    if (this.h) this.h.update(chunk);
    else if (this.first === undefined) this.first = chunk;
    else {
      this.h = createHash("sha256").update(this.first).update(chunk);
      this.first = undefined;
    }
  }

  digest(): Buffer {
    return this.h ? this.h.digest() : oneShotHash("sha256", this.first ?? EMPTY, "buffer");
  }
}

const EMPTY = Buffer.alloc(0);

/** dirhash.Hash1 over an in-memory list of files (names as given, content as bytes). */
export function hash1(files: ReadonlyArray<{ name: string | Buffer; content: Buffer | string }>): string {
  return hash1OfDigests(files.map((f) => ({ name: typeof f.name === "string" ? Buffer.from(f.name) : f.name, digest: oneShotHash("sha256", f.content, "buffer") })));
}

/** The go.sum "/go.mod" hash: Hash1 over a single file named "go.mod". */
export function hashGoMod(bytes: Buffer | string): string {
  return hash1([{ name: "go.mod", content: typeof bytes === "string" ? Buffer.from(bytes) : bytes }]);
}

/**
 * dirhash.HashZip(zipFile, dirhash.Hash1): the module hash of a module zip.
 * Every entry is included under its full name (including directory entries,
 * which hash as empty files); for duplicate names, Go hashes the last entry's
 * content once per occurrence, and so does this.
 */
export async function hashZip(zipFile: ZipSource): Promise<string> {
  const zip = await openZip(zipFile);
  try {
    const { entries } = zip;
    const byName = new Map<string, RawZipEntry>();
    for (const e of entries) byName.set(e.nameBytes.toString("latin1"), e);
    const names = entries.map((e) => e.nameBytes).sort(Buffer.compare);
    const h = createHash("sha256");
    for (const name of names) {
      if (name.includes(0x0a)) throw new GoModError("dirhash: filenames with newlines are not supported");
      const e = byName.get(name.toString("latin1"))!;
      const hf = new FileDigest();
      if (name.length > 0 && name[name.length - 1] === 0x2f) {
        // Go's archive/zip opens directory entries as empty, unless they claim content.
        if (e.entry.uncompressedSize !== 0) throw new GoModError(`${e.name}: zip: not a valid zip file`);
      } else {
        await streamZipEntry(zip.bytes, e, (chunk) => void hf.add(chunk));
      }
      h.update(summaryLine(hf.digest(), name));
    }
    return "h1:" + h.digest("base64");
  } finally {
    await zip.close();
  }
}
