// Signed notes as the Go checksum database writes them
// (golang.org/x/mod/sumdb/note), verified with node:crypto's Ed25519.
//
// A verifier key is `name+hhhhhhhh+base64(alg || public key)`: the name, the
// 8-hex-digit key hash, and the algorithm byte (1 = Ed25519) followed by the
// 32-byte key. The key hash is the first 4 bytes (big-endian) of
// SHA-256(name || "\n" || alg || key). A note is its text (ending in "\n"),
// a blank line, then signature lines `— name base64(keyhash[4] || sig)`.
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";

export class NoteError extends Error {}

const ALG_ED25519 = 1;
// DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface Verifier {
  name: string;
  keyHash: number;
  /** The key text it was parsed from. */
  vkey: string;
  verify(msg: Buffer, sig: Buffer): boolean;
}

/** Non-empty, valid UTF-8, no Unicode white space, no "+". */
export function isValidKeyName(name: string): boolean {
  // Go's unicode.IsSpace: ASCII white space, U+0085, U+00A0 and the Z categories.
  return name !== "" && !/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(name) && !name.includes("+") && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name);
}

/** The 32-bit key hash of an encoded key (alg byte + key bytes). */
export function keyHash(name: string, key: Buffer): number {
  return createHash("sha256").update(name).update("\n").update(key).digest().readUInt32BE(0);
}

/** Go's base64.StdEncoding: padded, standard alphabet (trailing bits are not checked). */
function stdBase64(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, "base64");
}

/** Parses a verifier key `name+hash+key`; throws NoteError with Go's reasons. */
export function parseVerifierKey(vkey: string): Verifier {
  const [name = "", rest = ""] = splitOnce(vkey, "+");
  const [hash16 = "", key64 = ""] = splitOnce(rest, "+");
  const key = stdBase64(key64);
  if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || !key || !isValidKeyName(name) || key.length === 0) {
    throw new NoteError("malformed verifier id");
  }
  const hash = parseInt(hash16, 16) >>> 0;
  if (hash !== keyHash(name, key)) throw new NoteError("invalid verifier hash");
  if (key[0] !== ALG_ED25519) throw new NoteError("unknown verifier algorithm");
  const raw = key.subarray(1);
  if (raw.length !== 32) throw new NoteError("malformed verifier id");
  const pub: KeyObject = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
  return {
    name,
    keyHash: hash,
    vkey,
    verify: (msg, sig) => {
      try {
        return cryptoVerify(null, msg, pub, sig);
      } catch {
        return false;
      }
    },
  };
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + sep.length)];
}

export interface Signature {
  name: string;
  keyHash: number;
  base64: string;
}

export interface OpenedNote {
  text: string;
  sigs: Signature[];
  unverified: Signature[];
}

export class UnverifiedNoteError extends NoteError {
  constructor(readonly note: OpenedNote) {
    super("note has no verifiable signatures");
  }
}

export class InvalidSignatureError extends NoteError {
  constructor(readonly keyName: string, readonly hash: number) {
    super(`invalid signature for key ${keyName}+${hash.toString(16).padStart(8, "0")}`);
  }
}

/**
 * Verifies a signed note against known keys, the way note.Open does: every
 * signature by a known key must verify; signatures by unknown keys are
 * returned as unverified; at least one known signature is required.
 */
export function openNote(msg: Buffer, known: Verifier[]): OpenedNote {
  const malformed = () => new NoteError("malformed note");
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(msg);
  } catch {
    throw malformed();
  }
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 && ch !== "\n") throw malformed();
  }
  const split = msg.lastIndexOf("\n\n");
  if (split < 0) throw malformed();
  const text = msg.subarray(0, split + 1);
  let sigs = msg.subarray(split + 2);
  if (sigs.length === 0 || sigs[sigs.length - 1] !== 0x0a) throw malformed();
  const note: OpenedNote = { text: text.toString("utf8"), sigs: [], unverified: [] };
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let count = 0;
  const prefix = Buffer.from("— ");
  while (sigs.length > 0) {
    const i = sigs.indexOf(0x0a);
    let line = sigs.subarray(0, i);
    sigs = sigs.subarray(i + 1);
    if (!line.subarray(0, prefix.length).equals(prefix)) throw malformed();
    line = line.subarray(prefix.length);
    const [name, b64] = splitOnce(line.toString("utf8"), " ");
    const raw = Buffer.from(b64, "base64");
    const canonicalB64 = /^[A-Za-z0-9+/]*={0,2}$/.test(b64) && b64.length % 4 === 0;
    if (!canonicalB64 || !isValidKeyName(name) || b64 === "" || raw.length < 5) throw malformed();
    const hash = raw.readUInt32BE(0);
    const sig = raw.subarray(4);
    if (++count > 100) throw malformed();
    const matches = known.filter((v) => v.name === name && v.keyHash === hash);
    if (matches.length > 1) throw new NoteError(`ambiguous key ${name}+${hash.toString(16).padStart(8, "0")}`);
    const v = matches[0];
    if (!v) {
      const k = line.toString("utf8");
      if (!seenUnverified.has(k)) {
        seenUnverified.add(k);
        note.unverified.push({ name, keyHash: hash, base64: b64 });
      }
      continue;
    }
    const k = `${name}+${hash}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (!v.verify(text, sig)) throw new InvalidSignatureError(name, hash);
    note.sigs.push({ name, keyHash: hash, base64: b64 });
  }
  if (note.sigs.length === 0) throw new UnverifiedNoteError(note);
  return note;
}
