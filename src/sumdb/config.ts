// GOSUMDB, read the way the go command reads it (cmd/go/internal/modfetch):
//
//   off                 no checksum database
//   NAME                a database whose key go knows (only sum.golang.org)
//   NAME+HASH+KEY       a database and its verifier key
//   KEY URL             the same, reached at URL instead of https://NAME
//                       (an explicit URL bypasses proxies)
//
// (go also maps one regional alias host to sum.golang.org; gopin does not,
// so that value is rejected as an unknown key.)
import { NoteError, parseVerifierKey, type Verifier } from "./note.js";

/** Verifier keys the go command has built in. */
export const KNOWN_SUMDB_KEYS: Record<string, string> = {
  "sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
};

export interface SumdbConfig {
  /** Database name (the key's name), e.g. sum.golang.org. */
  name: string;
  /** Full verifier key. */
  key: string;
  verifier: Verifier;
  /** Explicit base URL (from "KEY URL"): no proxy probing. */
  url?: string;
  /** The URL used when no proxy supports the database: https://NAME. */
  direct: string;
  /** The GOSUMDB value to give a go command that should reach the database through gopin. */
  goValue: string;
}

export class SumdbConfigError extends Error {}

/** Parses a GOSUMDB value; undefined means "off". */
export function parseGoSumdb(value: string): SumdbConfig | undefined {
  const v = value.trim();
  if (v === "off") return undefined;
  const fields = v.split(/\s+/).filter(Boolean);
  if (fields.length === 0) throw new SumdbConfigError("missing GOSUMDB");
  if (fields.length > 2) throw new SumdbConfigError(`invalid GOSUMDB ${JSON.stringify(value)}: too many fields`);
  const given = fields[0]!;
  const key = KNOWN_SUMDB_KEYS[given] ?? given;
  let verifier: Verifier;
  try {
    verifier = parseVerifierKey(key);
  } catch (e) {
    throw new SumdbConfigError(`invalid GOSUMDB ${JSON.stringify(value)}: ${e instanceof NoteError ? e.message : String(e)}`);
  }
  const name = verifier.name;
  // The name must be a plain host[/path].
  let direct: URL;
  try {
    direct = new URL("https://" + name);
  } catch {
    throw new SumdbConfigError(`invalid sumdb name (must be host[/path]): ${name}`);
  }
  if (name.endsWith("/") || direct.host === "" || direct.search !== "" || direct.hash !== "" || direct.username !== "" || direct.port !== "" || `${direct.host}${direct.pathname === "/" ? "" : direct.pathname}` !== name) {
    throw new SumdbConfigError(`invalid sumdb name (must be host[/path]): ${name}`);
  }
  let url: string | undefined;
  if (fields.length === 2) {
    try {
      url = new URL(fields[1]!).toString().replace(/\/$/, "");
    } catch {
      throw new SumdbConfigError(`invalid GOSUMDB URL: ${fields[1]}`);
    }
  }
  // A go command behind gopin gets the name alone when go knows its key, else the full key.
  const goValue = KNOWN_SUMDB_KEYS[name] === key ? name : key;
  return { name, key, verifier, url, direct: "https://" + name, goValue };
}
