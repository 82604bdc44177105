// Port of Go's path.Match and golang.org/x/mod/module.MatchPrefixPatterns
// (the GOPRIVATE / GONOPROXY / GONOSUMDB matching algorithm).
//
// Matching works on UTF-8 bytes exactly as Go does, so multi-byte characters,
// '?' and character classes behave identically.

import { GoModError } from "./escape.js";

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;

const RUNE_ERROR = 0xfffd;

/** Go's utf8.DecodeRune: returns [rune, size]; invalid input yields [0xFFFD, 1]. */
export function decodeRune(b: Uint8Array, i = 0): [number, number] {
  const n = b.length - i;
  if (n <= 0) return [RUNE_ERROR, 0];
  const c0 = b[i]!;
  if (c0 < 0x80) return [c0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => k < n && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    if (cont(1)) return [((c0 & 0x1f) << 6) | (b[i + 1]! & 0x3f), 2];
    return [RUNE_ERROR, 1];
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (cont(1, lo, hi) && cont(2)) {
      return [((c0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f), 3];
    }
    return [RUNE_ERROR, 1];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (cont(1, lo, hi) && cont(2) && cont(3)) {
      return [
        ((c0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f),
        4,
      ];
    }
    return [RUNE_ERROR, 1];
  }
  return [RUNE_ERROR, 1];
}

/** Thrown (as a GoModError) for malformed patterns: Go's path.ErrBadPattern. */
export const errBadPatternMessage = "syntax error in pattern";

class BadPattern extends Error {}

type Bytes = Uint8Array;

function scanChunk(pattern: Bytes): { star: boolean; chunk: Bytes; rest: Bytes } {
  let star = false;
  while (pattern.length > 0 && pattern[0] === STAR) {
    pattern = pattern.subarray(1);
    star = true;
  }
  let inrange = false;
  for (let i = 0; i < pattern.length; i++) {
    switch (pattern[i]) {
      case BACKSLASH:
        if (i + 1 < pattern.length) i++;
        break;
      case LBRACKET:
        inrange = true;
        break;
      case RBRACKET:
        inrange = false;
        break;
      case STAR:
        if (!inrange) return { star, chunk: pattern.subarray(0, i), rest: pattern.subarray(i) };
        break;
    }
  }
  return { star, chunk: pattern, rest: pattern.subarray(pattern.length) };
}

function getEsc(chunk: Bytes): [number, Bytes] {
  if (chunk.length === 0 || chunk[0] === DASH || chunk[0] === RBRACKET) throw new BadPattern();
  if (chunk[0] === BACKSLASH) {
    chunk = chunk.subarray(1);
    if (chunk.length === 0) throw new BadPattern();
  }
  const [r, n] = decodeRune(chunk);
  if (r === RUNE_ERROR && n === 1) throw new BadPattern();
  const nchunk = chunk.subarray(n);
  if (nchunk.length === 0) throw new BadPattern();
  return [r, nchunk];
}

/** Returns the rest of s after matching chunk, or undefined; throws BadPattern. */
function matchChunk(chunk: Bytes, s: Bytes): Bytes | undefined {
  let failed = false;
  while (chunk.length > 0) {
    failed = failed || s.length === 0;
    switch (chunk[0]) {
      case LBRACKET: {
        let r = 0;
        if (!failed) {
          const [rr, n] = decodeRune(s);
          r = rr;
          s = s.subarray(n);
        }
        chunk = chunk.subarray(1);
        let negated = false;
        if (chunk.length > 0 && chunk[0] === CARET) {
          negated = true;
          chunk = chunk.subarray(1);
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (chunk.length > 0 && chunk[0] === RBRACKET && nrange > 0) {
            chunk = chunk.subarray(1);
            break;
          }
          let lo: number;
          let hi: number;
          [lo, chunk] = getEsc(chunk);
          hi = lo;
          if (chunk[0] === DASH) {
            [hi, chunk] = getEsc(chunk.subarray(1));
          }
          match = match || (lo <= r && r <= hi);
          nrange++;
        }
        failed = failed || match === negated;
        break;
      }
      case QUESTION:
        if (!failed) {
          failed = s[0] === SLASH;
          const [, n] = decodeRune(s);
          s = s.subarray(n);
        }
        chunk = chunk.subarray(1);
        break;
      default:
        if (chunk[0] === BACKSLASH) {
          chunk = chunk.subarray(1);
          if (chunk.length === 0) throw new BadPattern();
        }
        if (!failed) {
          failed = chunk[0] !== s[0];
          s = s.subarray(1);
        }
        chunk = chunk.subarray(1);
    }
  }
  return failed ? undefined : s;
}

function matchBytes(pattern: Bytes, name: Bytes): boolean {
  Pattern: while (pattern.length > 0) {
    const sc = scanChunk(pattern);
    const star = sc.star;
    const chunk = sc.chunk;
    pattern = sc.rest;
    if (star && chunk.length === 0) return !name.includes(SLASH);
    let t: Bytes | undefined;
    let err: BadPattern | undefined;
    try {
      t = matchChunk(chunk, name);
    } catch (e) {
      if (!(e instanceof BadPattern)) throw e;
      err = e;
    }
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (err) throw err;
    if (star) {
      for (let i = 0; i < name.length && name[i] !== SLASH; i++) {
        let t2: Bytes | undefined;
        let err2: BadPattern | undefined;
        try {
          t2 = matchChunk(chunk, name.subarray(i + 1));
        } catch (e) {
          if (!(e instanceof BadPattern)) throw e;
          err2 = e;
        }
        if (t2 !== undefined) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue Pattern;
        }
        if (err2) throw err2;
      }
    }
    while (pattern.length > 0) {
      const sc2 = scanChunk(pattern);
      pattern = sc2.rest;
      matchChunk(sc2.chunk, new Uint8Array(0));
    }
    return false;
  }
  return name.length === 0;
}

function toBytes(s: string | Uint8Array): Uint8Array {
  return typeof s === "string" ? Buffer.from(s, "utf8") : s;
}

/**
 * Go's path.Match(pattern, name). Returns whether name matches the shell
 * pattern; throws GoModError("syntax error in pattern") where Go returns
 * path.ErrBadPattern (Go may also report a non-match without error for some
 * malformed patterns, and so does this port).
 */
export function pathMatch(pattern: string | Uint8Array, name: string | Uint8Array): boolean {
  try {
    return matchBytes(toBytes(pattern), toBytes(name));
  } catch (e) {
    if (e instanceof BadPattern) throw new GoModError(errBadPatternMessage);
    throw e;
  }
}

/**
 * module.MatchPrefixPatterns: reports whether any path prefix of target
 * (ending at a '/' boundary or at the end) matches one of the glob patterns in
 * the comma-separated list. Empty and malformed patterns are ignored; trailing
 * slashes on patterns are ignored.
 */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  const t = toBytes(target);
  let rest = toBytes(globs);
  while (rest.length > 0) {
    let glob: Uint8Array;
    const comma = rest.indexOf(0x2c);
    if (comma >= 0) {
      glob = rest.subarray(0, comma);
      rest = rest.subarray(comma + 1);
    } else {
      glob = rest;
      rest = rest.subarray(rest.length);
    }
    if (glob.length > 0 && glob[glob.length - 1] === SLASH) glob = glob.subarray(0, glob.length - 1);
    if (glob.length === 0) continue;

    let n = 0;
    for (const c of glob) if (c === SLASH) n++;
    let prefix = t;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === SLASH) {
        if (n === 0) {
          prefix = t.subarray(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    try {
      if (matchBytes(glob, prefix)) return true;
    } catch (e) {
      if (!(e instanceof BadPattern)) throw e;
    }
  }
  return false;
}

/** Whether path.Clean would return `path` itself (every name in a module zip, in practice). */
function isClean(path: string): boolean {
  if (path === "/" || path === ".") return true;
  if (path === "") return false;
  const rooted = path[0] === "/";
  let leading = !rooted; // a relative path keeps its leading ".." elements
  for (const e of (rooted ? path.slice(1) : path).split("/")) {
    if (e === "" || e === ".") return false;
    if (e !== "..") leading = false;
    else if (!leading) return false;
  }
  return true;
}

/** Go's path.Clean. */
export function pathClean(path: string): string {
  if (isClean(path)) return path;
  if (path === "") return ".";
  const rooted = path[0] === "/";
  const n = path.length;
  const out: string[] = [];
  let r = 0;
  let dotdot = 0;
  let w = 0;
  const append = (c: string) => {
    out[w++] = c;
  };
  if (rooted) {
    append("/");
    r = 1;
    dotdot = 1;
  }
  while (r < n) {
    if (path[r] === "/") {
      r++;
    } else if (path[r] === "." && (r + 1 === n || path[r + 1] === "/")) {
      r++;
    } else if (path[r] === "." && path[r + 1] === "." && (r + 2 === n || path[r + 2] === "/")) {
      r += 2;
      if (w > dotdot) {
        w--;
        while (w > dotdot && out[w] !== "/") w--;
      } else if (!rooted) {
        if (w > 0) append("/");
        append(".");
        append(".");
        dotdot = w;
      }
    } else {
      if ((rooted && w !== 1) || (!rooted && w !== 0)) append("/");
      for (; r < n && path[r] !== "/"; r++) append(path[r]!);
    }
  }
  if (w === 0) return ".";
  return out.slice(0, w).join("");
}

/** Go's path.Dir. */
export function pathDir(path: string): string {
  const i = path.lastIndexOf("/");
  return pathClean(path.slice(0, i + 1));
}

/** Go's path.Base. */
export function pathBase(path: string): string {
  if (path === "") return ".";
  while (path.length > 0 && path[path.length - 1] === "/") path = path.slice(0, -1);
  const i = path.lastIndexOf("/");
  if (i >= 0) path = path.slice(i + 1);
  if (path === "") return "/";
  return path;
}
