// Zip building (yazl) with low-level patching, to forge archives that no
// well-behaved tool writes: lying sizes and CRCs, names yazl refuses.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import yazl from "yazl";


export interface ZipSpec {
  name: string | Buffer;
  data?: Buffer | string;
  dir?: boolean;
  compress?: boolean;
  /** Overwrite the declared uncompressed size (central directory and local header). */
  declaredSize?: number;
  /** Overwrite the declared CRC-32. */
  crc?: number;
  /** Write through a stream, so yazl uses a data descriptor (general purpose flag bit 3). */
  stream?: boolean;
  /** With stream: overwrite the CRC-32 in the data descriptor only. */
  descCrc?: number;
}

export function buildZip(specs: ZipSpec[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  const placeholders: Buffer[] = [];
  specs.forEach((s, i) => {
    const raw = typeof s.name === "string" ? Buffer.from(s.name, "utf8") : s.name;
    placeholders.push(raw);
    // yazl refuses some names (absolute, "..", backslashes): give it a
    // same-length stand-in and write the real bytes in afterwards.
    const stand = "p".repeat(Math.max(raw.length - (s.dir ? 1 : 0), 1));
    const opts = { mtime: new Date(Date.UTC(2020, 0, 1)), mode: s.dir ? 0o40755 : 0o100644 };
    if (s.dir) z.addEmptyDirectory(stand, opts);
    else if (s.stream) z.addReadStream(Readable.from([Buffer.from(s.data ?? `content ${i}\n`)]), stand, { ...opts, compress: s.compress ?? true });
    else z.addBuffer(Buffer.from(s.data ?? `content ${i}\n`), stand, { ...opts, compress: s.compress ?? true });
  });
  z.end();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("error", reject);
    z.outputStream.on("end", () => {
      const buf = Buffer.concat(chunks);
      patchZip(buf, specs, placeholders);
      resolve(buf);
    });
  });
}

function patchZip(buf: Buffer, specs: ZipSpec[], names: Buffer[]): void {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let off = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < specs.length; i++) {
    assert.equal(buf.readUInt32LE(off), 0x02014b50);
    const s = specs[i]!;
    const nameLen = buf.readUInt16LE(off + 28);
    const local = buf.readUInt32LE(off + 42);
    assert.equal(nameLen, names[i]!.length, "placeholder length");
    names[i]!.copy(buf, off + 46);
    names[i]!.copy(buf, local + 30);
    if (s.declaredSize !== undefined) {
      buf.writeUInt32LE(s.declaredSize, off + 24);
      buf.writeUInt32LE(s.declaredSize, local + 22);
    }
    if (s.crc !== undefined) {
      buf.writeUInt32LE(s.crc >>> 0, off + 16);
      buf.writeUInt32LE(s.crc >>> 0, local + 14);
    }
    if (s.descCrc !== undefined) {
      assert.ok(buf.readUInt16LE(off + 8) & 0x8, "descCrc needs a data descriptor");
      const desc = local + 30 + nameLen + buf.readUInt16LE(local + 28) + buf.readUInt32LE(off + 20);
      assert.equal(buf.readUInt32LE(desc), 0x08074b50);
      buf.writeUInt32LE(s.descCrc >>> 0, desc + 4);
    }
    off += 46 + nameLen + buf.readUInt16LE(off + 30) + buf.readUInt16LE(off + 32);
  }
}

