// Port of the parts of golang.org/x/mod/modfile the go command uses on
// dependency go.mod files: the lexer/parser of read.go (including how comments
// attach to lines and blocks), ParseLax's handling of the module, go, require,
// ignore and retract directives (rule.go), and the lightweight ModulePath.

import { decodeRuns, GoModError, goQuote, inRuns, splitPathVersion, checkPathMajor } from "./escape.js";
import { decodeRune } from "./patterns.js";
import { canonicalVersion } from "./semver.js";

/**
 * Non-ASCII runes for which Go's unicode.IsPrint is true (categories L, M, N,
 * P, S), as of the Go release this was generated from; used by the lexer's
 * isIdent. See __tests__/oracle/main.go encodeRuns.
 */
export const GO_PRINT_RUNS =
  "4h+b,2+jt,3+5,5+6,2,2+j,2+b0,2+11,3+1d,3+2,2+1i,9+q,5+5,i+l,2+5b,2+1b,3+1m,3+2s,f+1m,3+1c,3+e,2+r,3,2+a,6+u,a+21,2+4g,2+7,3+1,3+l,2+6,2,4+3,3+8,3+1,3+3,9,5+1,2+4,3+o,3+2,2+5,5+1,3+l,2+6,2+1,2+1,2+1,3,2+4,5+1,3+2,4,8+3,2,8+g,b+2,2+8,2+2,2+l,2+6,2+1,2+4,3+9,2+2,2+2,3,g+3,3+b,8+6,2+2,2+7,3+1,3+l,2+6,2+1,2+4,3+8,3+1,3+2,8+2,5+1,2+4,3+h,b+1,2+5,4+2,2+3,4+1,2,2+1,4+1,4+2,4+b,5+4,4+2,2+3,3,7,f+k,6+c,2+2,2+m,2+f,3+8,2+2,2+3,8+1,2+2,3,3+3,3+9,8+l,2+2,2+m,2+9,2+4,3+8,2+2,2+3,8+1,7+1,2+3,3+9,2+2,d+c,2+2,2+1e,2+2,2+5,5+f,3+p,2+2,2+h,4+n,2+8,2,3+6,4,5+5,2,2+7,7+9,3+2,d+1l,5+s,12+1,2,2+4,2+n,2,2+m,3+4,2,2+6,2+9,3+3,x+1z,2+z,5+12,2+z,2+e,2+c,12+5h,2,6,3+ag,2+3,3+6,2,2+3,3+14,2+3,3+w,2+3,3+6,2,2+3,3+e,2+1k,2+3,3+1u,3+v,4+p,7+2d,3+5,3+hr,2+r,4+2g,8+l,a+n,a+j,d+c,2+2,2+1,d+2l,3+9,7+9,7+d,2+a,7+2g,8+16,6+1x,b+u,2+b,5+b,5,4+15,3+4,c+17,5+p,7+a,4+1p,3+1s,2+s,3+a,7+9,7+d,3+u,1e+24,4+1a,2+37,9+1n,4+e,4+1n,8+16,3+a,9+16,6+et,3+5,3+11,3+5,3+7,2,2,2,2+u,3+1g,2+e,2+d,3+5,2+i,3+2,2+8,i+n,9+1a,i+1,3+q,2+c,4+w,g+w,g+3v,5+ie,q+a,m+1eb,3+v,2+9o,6+18,2,6,3+1j,8+1,f+n,a+6,2+6,2+6,2+6,2+6,2+6,2+6,2+6,2+3h,z+p,2+2g,d+5x,r+b,6+1q,2+2d,3+2u,6+16,2+2l,2+2b,d+1a,2+mlo,4+1i,a+9n,l+53,9+5m,6+1,2,2+4,p+1m,4+9,7+1j,9+1x,9+b,7+37,c+t,4+25,2+a,5+w,2+1i,a+d,3+9,3+2u,p+r,b+5,3+5,3+5,a+6,2+6,2+1n,5+3h,3+9,7+8mb,d+m,5+1c,6it+a5,3+2x,13+6,d+4,6+p,2+4,2,2+1,2+1,2+3g,h+cc,3+1h,8,x+15,7+1e,2+i,2+3,5+4,2+3q,5+59,4+5,3+5,3+5,3+2,4+6,2+6,e+1,3+b,2+p,2+i,2+1,2+e,3+d,z+3e,6+2,5+18,4+2f,2+c,4,1c+19,3n+s,4+1c,g+r,5+z,a+t,6+16,6+t,2+10,5+d,17+4d,3+9,7+z,5+z,5+13,9+1f,c+b,2+e,2+6,2+1,2+a,2+e,2+6,2+1,1w+8m,a+l,b+7,p+5,2+15,2+8,1y+5,3,2+17,2+1,4,3+m,2+1z,9+8,1d+i,2+1,6+w,4+q,6,1t+1j,5+j,3+1d,2+1,6+7,2+2,2+s,3+2,5+9,8+8,8+1r,x+12,5+b,a+1h,4+s,3+q,6+p,8+3,d+6,29+20,1k+1e,e+1e,8+19,9+9,87+u,2+15,2+2,3+1,24+16,9+15,n+p,13+r,l+m,a+25,5+z,a+1p,2+4,e+o,8+9,7+1g,2+h,9+12,a+2n,2+j,c+h,2+1a,1r+6,2,2+3,2+e,2+a,7+1m,6+9,7+3,2+7,3+1,3+l,2+6,2+1,2+4,2+9,3+1,3+2,3,7,6+6,3+6,4+4,3w+2j,2+4,v+1z,9+9,4n+1h,3+11,z+1w,c+9,7+c,k+1l,7+9,1j+q,3+e,5+m,56+1n,2t+2a,d+7,3,3+7,2+1,2+t,2+1,3+b,a+9,1z+7,3+19,3+a,s+1z,9+2a,e+20,8+9,6v+8,2+18,2+d,b+s,4+v,3+l,2+d,22+6,2+1,2+17,4,2+1,2+8,9+9,7+5,2+1,2+10,2+1,2+5,8+9,8n+o,8+g,2+14,4+r,2f,g+1d,e+pm,2v+32,2+4,c+5f,219+2q,e+tr,h+l,33f+g6,6nu+fs,8+u,2+9,5+28,2+9,7+t,3+5,b+1x,b+9,2+6,2+k,6+i,j5+2i,2u+22,5+1k,8+g,1t+4,c+1,f+4qf,9+yd,17+8,6w8+3,2+6,2+1,2+82,g,u+2,3,f+3,9+az,1s5+2y,6+c,4+8,8+9,3+3,3mp+19,3+m,a+37,1p+6t,b+12,3+21,9+33,m+1x,3f+j,d+j,d+2e,a+o,3s+2c,2+1y,2+1,3,3+1,3+3,2+b,2,2+6,2+1s,2+3,3+7,2+6,2+r,2+3,2+4,2,4+6,2+9f,3+83,3+jh,g+4,2+e,up+u,7+5,5y+6,2+g,3+6,2+1,2+4,6+1p,y,35+18,4+d,3+9,5+1,8x+u,i+1l,6,cx+15,kn+6,2+3,2+1,2+e,2+5g,3+f,16+23,5+9,5+1,lu+1v,25+1o,5f+3,2+q,2+1,2,3,2+9,2+3,2,2,7,5,2,2,2+2,2+1,2,3,2,2,2,2,2+1,2,3+3,2+6,2+3,2+3,2,2+9,2+g,6+2,2+4,2+g,1h+1,7j+17,5+2r,d+e,3+e,2+e,2+10,b+4t,1l+s,e+17,5+8,8+1,f+5,4b+rb,5+g,4+c,4+3a,5+2m,7+b,5,g+b,5+1j,9+9,7+13,9+t,3+1,27+9f,d+d,3+c,4+8,8+19,2+6,9+d,5+8,8+8,8+42,2+1i,12+9,sn+wyn,x+37d,7+65,3+4g1,f+5rk,2e8+f1,15v+3t6,6+38f,f9e9+6n";

let printRuns: Uint32Array | undefined;

/** Go's unicode.IsPrint. */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp <= 0x7e;
  printRuns ??= decodeRuns(GO_PRINT_RUNS);
  return inRuns(printRuns, cp);
}

/** Go's unicode.IsSpace. */
export function isGoSpace(cp: number): boolean {
  switch (cp) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20:
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return true;
  }
  return cp >= 0x2000 && cp <= 0x200a;
}

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isGoSpace(s.codePointAt(i)!)) i++;
  while (j > i && isGoSpace(s.charCodeAt(j - 1))) j--;
  return s.slice(i, j);
}

/** Go's strings.Fields. */
function goFields(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of s) {
    if (isGoSpace(ch.codePointAt(0)!)) {
      if (cur !== "") out.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** Decodes bytes as Go would range over them: each invalid byte becomes U+FFFD. */
export function goDecode(data: Buffer | Uint8Array | string): string {
  if (typeof data === "string") return data;
  const fast = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
  if (!fast.includes("\ufffd")) return fast;
  let out = "";
  for (let i = 0; i < data.length; ) {
    const [r, n] = decodeRune(data, i);
    out += String.fromCodePoint(r);
    i += n;
  }
  return out;
}

function encodeRuneBytes(cp: number, out: number[]): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

const HEX = /^[0-9a-fA-F]$/;

/**
 * Go's strconv.Unquote for "double-quoted" and `back-quoted` strings (the
 * forms go.mod files can contain). Returns undefined where Go returns ErrSyntax.
 */
export function goUnquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote === "`") {
    const end = s.indexOf("`", 1);
    if (end !== s.length - 1) return undefined;
    return s.slice(1, end).replace(/\r/g, "");
  }
  if (quote !== '"') return undefined;
  const end = s.indexOf('"', 1);
  if (end < 0) return undefined;
  const head = s.slice(0, end + 1);
  if (!head.includes("\\") && !head.includes("\n")) {
    return end === s.length - 1 ? s.slice(1, end) : undefined;
  }
  const buf: number[] = [];
  let i = 1;
  while (i < s.length && s[i] !== '"') {
    const c = s.codePointAt(i)!;
    if (c === 0x0a) return undefined;
    if (c >= 0x80) {
      encodeRuneBytes(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c, buf);
      i += c > 0xffff ? 2 : 1;
      continue;
    }
    if (c !== 0x5c) {
      buf.push(c);
      i++;
      continue;
    }
    if (i + 1 >= s.length) return undefined;
    const e = s[i + 1]!;
    i += 2;
    switch (e) {
      case "a": buf.push(7); break;
      case "b": buf.push(8); break;
      case "f": buf.push(12); break;
      case "n": buf.push(10); break;
      case "r": buf.push(13); break;
      case "t": buf.push(9); break;
      case "v": buf.push(11); break;
      case "\\": buf.push(0x5c); break;
      case '"': buf.push(0x22); break;
      case "x": case "u": case "U": {
        const n = e === "x" ? 2 : e === "u" ? 4 : 8;
        if (i + n > s.length) return undefined;
        let v = 0;
        for (let k = 0; k < n; k++) {
          const h = s[i + k]!;
          if (!HEX.test(h)) return undefined;
          v = v * 16 + parseInt(h, 16);
        }
        i += n;
        if (e === "x") {
          buf.push(v);
        } else {
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
          encodeRuneBytes(v, buf);
        }
        break;
      }
      case "0": case "1": case "2": case "3": case "4": case "5": case "6": case "7": {
        let v = e.charCodeAt(0) - 0x30;
        if (i + 2 > s.length) return undefined;
        for (let k = 0; k < 2; k++) {
          const d = s.charCodeAt(i + k) - 0x30;
          if (d < 0 || d > 7) return undefined;
          v = v * 8 + d;
        }
        i += 2;
        if (v > 255) return undefined;
        buf.push(v);
        break;
      }
      default:
        return undefined;
    }
  }
  if (i !== s.length - 1) return undefined; // missing closing quote, or text after it
  return goDecode(Uint8Array.from(buf));
}

// ---------------------------------------------------------------------------
// Syntax tree (read.go)

interface Position {
  line: number;
  byte: number; // index into the decoded text (only compared, never reported)
}

interface Comment {
  start: Position | undefined;
  token: string;
  suffix: boolean;
}

interface Comments {
  before: Comment[];
  suffix: Comment[];
}

interface Line extends Comments {
  kind: "line";
  start: Position;
  end: Position;
  token: string[];
}

interface Paren extends Comments {
  kind: "paren";
  pos: Position;
}

interface LineBlock extends Comments {
  kind: "block";
  start: Position;
  token: string[];
  lparen: Paren;
  line: Line[];
  rparen: Paren;
}

interface CommentBlock extends Comments {
  kind: "comments";
  start: Position;
}

type Stmt = Line | LineBlock | CommentBlock;
type Expr = Stmt | Paren;

const EOF = -1;
const EOLCOMMENT = -2;
const IDENT = -3;
const STRING = -4;
const COMMENT = -5;

interface Token {
  kind: number;
  pos: Position;
  endPos: Position;
  text: string;
}

function isEOL(k: number): boolean {
  return k === EOF || k === EOLCOMMENT || k === 0x0a;
}

function isIdent(c: number): boolean {
  switch (c) {
    case 0x20: case 0x28: case 0x29: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case 0x2c:
      return false;
  }
  if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
  return !isGoSpace(c) && isGoPrint(c);
}

class ParseError extends Error {}

class Input {
  private i = 0;
  private pos: Position = { line: 1, byte: 0 };
  private tokenStart = 0;
  token: Token = { kind: EOF, pos: { line: 1, byte: 0 }, endPos: { line: 1, byte: 0 }, text: "" };
  comments: Comment[] = [];

  constructor(private readonly text: string) {}

  error(msg: string): never {
    throw new ParseError(`go.mod:${this.pos.line}: ${msg}`);
  }

  private eof(): boolean {
    return this.i >= this.text.length;
  }

  private peekRune(): number {
    if (this.eof()) return 0;
    return this.text.codePointAt(this.i)!;
  }

  private peekPrefix(p: string): boolean {
    return this.text.startsWith(p, this.i);
  }

  private readRune(): number {
    if (this.eof()) this.error("internal lexer error: readRune at EOF");
    const r = this.text.codePointAt(this.i)!;
    this.i += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.pos = { line: this.pos.line + 1, byte: this.i };
    else this.pos = { line: this.pos.line, byte: this.i };
    return r;
  }

  private startToken(): void {
    this.tokenStart = this.i;
    this.token = { kind: EOF, pos: this.pos, endPos: this.pos, text: "" };
  }

  private endToken(kind: number): void {
    let text = this.text.slice(this.tokenStart, this.i);
    if (kind === COMMENT || kind === EOLCOMMENT) {
      if (text.endsWith("\r\n")) text = text.slice(0, -2);
      else if (text.endsWith("\n")) text = text.slice(0, -1);
    }
    this.token = { kind, pos: this.token.pos, endPos: this.pos, text };
  }

  peek(): number {
    return this.token.kind;
  }

  lex(): Token {
    const tok = this.token;
    this.readToken();
    return tok;
  }

  readToken(): void {
    while (!this.eof()) {
      const c = this.peekRune();
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.readRune();
        continue;
      }
      if (this.peekPrefix("//")) {
        this.startToken();
        const nl = this.text.lastIndexOf("\n", this.i - 1);
        const suffix = goTrimSpace(this.text.slice(nl + 1, this.i)).length > 0;
        this.readRune();
        this.readRune();
        while (!this.eof() && this.readRune() !== 0x0a) {
          // skip to end of line
        }
        if (!suffix) {
          this.endToken(COMMENT);
          return;
        }
        this.endToken(EOLCOMMENT);
        this.comments.push({ start: this.token.pos, token: this.token.text, suffix: true });
        return;
      }
      if (this.peekPrefix("/*")) this.error("mod files must use // comments (not /* */ comments)");
      break;
    }
    this.startToken();
    if (this.eof()) {
      this.endToken(EOF);
      return;
    }
    const c = this.peekRune();
    switch (c) {
      case 0x0a: case 0x28: case 0x29: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case 0x2c:
        this.readRune();
        this.endToken(c);
        return;
      case 0x22: case 0x60: {
        const quote = c;
        this.readRune();
        for (;;) {
          if (this.eof()) {
            this.pos = this.token.pos;
            this.error("unexpected EOF in string");
          }
          if (this.peekRune() === 0x0a) this.error("unexpected newline in string");
          const d = this.readRune();
          if (d === quote) break;
          if (d === 0x5c && quote !== 0x60) {
            if (this.eof()) {
              this.pos = this.token.pos;
              this.error("unexpected EOF in string");
            }
            this.readRune();
          }
        }
        this.endToken(STRING);
        return;
      }
    }
    if (!isIdent(c)) this.error(`unexpected input character ${goQuote(String.fromCodePoint(c))}`);
    while (isIdent(this.peekRune())) {
      if (this.peekPrefix("//")) break;
      if (this.peekPrefix("/*")) this.error("mod files must use // comments (not /* */ comments)");
      this.readRune();
    }
    this.endToken(IDENT);
  }
}

function newComments(): Comments {
  return { before: [], suffix: [] };
}

function parseFile(inp: Input): Stmt[] {
  const stmts: Stmt[] = [];
  let cb: CommentBlock | undefined;
  for (;;) {
    switch (inp.peek()) {
      case 0x0a:
        inp.lex();
        if (cb) {
          stmts.push(cb);
          cb = undefined;
        }
        break;
      case COMMENT: {
        const tok = inp.lex();
        cb ??= { kind: "comments", start: tok.pos, ...newComments() };
        cb.before.push({ start: tok.pos, token: tok.text, suffix: false });
        break;
      }
      case EOF:
        if (cb) stmts.push(cb);
        return stmts;
      default:
        parseStmt(inp, stmts);
        if (cb) {
          stmts[stmts.length - 1]!.before = cb.before;
          cb = undefined;
        }
    }
  }
}

function parseStmt(inp: Input, stmts: Stmt[]): void {
  const tok = inp.lex();
  const start = tok.pos;
  let end = tok.endPos;
  const tokens = [tok.text];
  for (;;) {
    const t = inp.lex();
    if (isEOL(t.kind)) {
      stmts.push({ kind: "line", start, end, token: tokens, ...newComments() });
      return;
    }
    if (t.kind === 0x28) {
      const next = inp.peek();
      if (isEOL(next)) {
        stmts.push(parseLineBlock(inp, start, tokens, t));
        return;
      } else if (next === 0x29) {
        const rparen = inp.lex();
        if (isEOL(inp.peek())) {
          inp.lex();
          stmts.push({
            kind: "block",
            start,
            token: tokens,
            lparen: { kind: "paren", pos: t.pos, ...newComments() },
            line: [],
            rparen: { kind: "paren", pos: rparen.pos, ...newComments() },
            ...newComments(),
          });
          return;
        }
        tokens.push(t.text, rparen.text);
      } else {
        tokens.push(t.text);
      }
      continue;
    }
    tokens.push(t.text);
    end = t.endPos;
  }
}

function parseLineBlock(inp: Input, start: Position, token: string[], lparen: Token): LineBlock {
  const x: LineBlock = {
    kind: "block",
    start,
    token,
    lparen: { kind: "paren", pos: lparen.pos, ...newComments() },
    line: [],
    rparen: { kind: "paren", pos: lparen.pos, ...newComments() },
    ...newComments(),
  };
  let comments: Comment[] = [];
  for (;;) {
    switch (inp.peek()) {
      case EOLCOMMENT:
        inp.lex();
        break;
      case 0x0a:
        inp.lex();
        if ((comments.length === 0 && x.line.length > 0) || (comments.length > 0 && comments[comments.length - 1]!.token !== "")) {
          comments.push({ start: undefined, token: "", suffix: false });
        }
        break;
      case COMMENT: {
        const tok = inp.lex();
        comments.push({ start: tok.pos, token: tok.text, suffix: false });
        break;
      }
      case EOF:
        inp.error(`syntax error (unterminated block started at go.mod:${x.start.line})`);
      // eslint-disable-next-line no-fallthrough
      case 0x29: {
        const rparen = inp.lex();
        if (comments.length === 1 && comments[0]!.start === undefined && comments[0]!.token === "") comments = [];
        x.rparen.before = comments;
        x.rparen.pos = rparen.pos;
        if (!isEOL(inp.peek())) inp.error("syntax error (expected newline after closing paren)");
        inp.lex();
        return x;
      }
      default: {
        const l = parseLine(inp);
        x.line.push(l);
        l.before = comments;
        comments = [];
      }
    }
  }
}

function parseLine(inp: Input): Line {
  const tok = inp.lex();
  if (isEOL(tok.kind)) inp.error("internal parse error: parseLine at end of line");
  const start = tok.pos;
  let end = tok.endPos;
  const tokens = [tok.text];
  for (;;) {
    const t = inp.lex();
    if (isEOL(t.kind)) return { kind: "line", start, end, token: tokens, ...newComments() };
    tokens.push(t.text);
    end = t.endPos;
  }
}

function span(x: Expr): [Position, Position] {
  switch (x.kind) {
    case "line":
      return [x.start, x.end];
    case "block":
      return [x.start, { line: x.rparen.pos.line, byte: x.rparen.pos.byte + 1 }];
    case "paren":
      return [x.pos, { line: x.pos.line, byte: x.pos.byte + 1 }];
    case "comments":
      return [x.start, x.start];
  }
}

/** assignComments from read.go: attaches end-of-line comments to the expressions they follow. */
function assignComments(stmts: Stmt[], comments: Comment[]): void {
  const post: Expr[] = [];
  for (const s of stmts) {
    if (s.kind === "block") {
      post.push(s.lparen, ...s.line, s.rparen);
    }
    post.push(s);
  }
  const suffix = comments.filter((c) => c.suffix);
  for (let i = post.length - 1; i >= 0; i--) {
    const x = post[i]!;
    const [start, end] = span(x);
    if (start.line !== end.line) continue;
    while (suffix.length > 0 && end.byte <= suffix[suffix.length - 1]!.start!.byte) {
      x.suffix.push(suffix.pop()!);
    }
  }
  for (const x of post) x.suffix.reverse();
}

function parseSyntax(text: string): Stmt[] {
  const inp = new Input(text);
  inp.readToken();
  const stmts = parseFile(inp);
  assignComments(stmts, inp.comments);
  return stmts;
}

// ---------------------------------------------------------------------------
// ParseLax (rule.go)

export interface Retraction {
  /** Lowest retracted version (as written; ParseLax does not canonicalize retractions). */
  low: string;
  /** Highest retracted version (equal to low for a single-version retraction). */
  high: string;
  /** The comment text attached to the retract line (or its block). */
  rationale: string;
}

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoModLax {
  /** The module directive's path, if there is one. */
  module?: string;
  /** The module's deprecation message ("" if not deprecated). */
  deprecated: string;
  /** The go directive's version, if any. */
  go?: string;
  require: GoModRequire[];
  retract: Retraction[];
}

const goVersionRE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const laxGoVersionRE = /^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9][^\n]*)$/;
const deprecatedRE = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;

function parseString(s: string): string {
  if (s.startsWith('"')) {
    const t = goUnquote(s);
    if (t === undefined) throw new GoModError("invalid quoted string: invalid syntax");
    return t;
  }
  if (/["'`]/.test(s)) throw new GoModError("invalid quoted string: unquoted string cannot contain quote");
  return s;
}

function parseDirectiveComment(block: LineBlock | undefined, line: Line): string {
  let comments: Comments = line;
  if (block && line.before.length === 0 && line.suffix.length === 0) comments = block;
  const lines: string[] = [];
  for (const g of [comments.before, comments.suffix]) {
    for (const c of g) {
      if (!c.token.startsWith("//")) continue;
      lines.push(goTrimSpace(c.token.slice(2)));
    }
  }
  return lines.join("\n");
}

function isIndirect(line: Line): boolean {
  if (line.suffix.length === 0) return false;
  let t = line.suffix[0]!.token;
  if (t.startsWith("//")) t = t.slice(2);
  const f = goFields(t);
  return (f.length === 1 && f[0] === "indirect") || (f.length > 1 && f[0] === "indirect;");
}

/** parseVersionInterval with dontFixRetract: versions are only unquoted. */
function parseRetractInterval(args: string[]): { low: string; high: string } {
  if (args.length === 0 || args[0] === "(") throw new GoModError("expected '[' or version");
  if (args[0] !== "[") {
    const v = parseString(args[0]!);
    return { low: v, high: v };
  }
  if (args.length < 2) throw new GoModError("expected version after '['");
  const low = parseString(args[1]!);
  if (args.length < 3 || args[2] !== ",") throw new GoModError("expected ',' after version");
  if (args.length < 4) throw new GoModError("expected version after ','");
  const high = parseString(args[3]!);
  if (args.length < 5 || args[4] !== "]") throw new GoModError("expected ']' after version");
  return { low, high };
}

/**
 * modfile.ParseLax(name, data, nil), the parse the go command applies to the
 * go.mod files of dependencies: unknown directives and main-module-only
 * directives are ignored, malformed retractions are skipped, but syntax errors
 * and malformed module/go/require/ignore directives make the whole file invalid
 * (thrown as GoModError).
 */
export function parseGoModLax(data: Buffer | Uint8Array | string): GoModLax {
  let stmts: Stmt[];
  try {
    stmts = parseSyntax(goDecode(data));
  } catch (e) {
    if (e instanceof ParseError) throw new GoModError(e.message);
    throw e;
  }
  const f: GoModLax = { deprecated: "", require: [], retract: [] };
  let haveModule = false;
  let haveGo = false;
  const errs: string[] = [];

  const add = (block: LineBlock | undefined, line: Line, verb: string, args: string[]): void => {
    const where = `go.mod:${line.start.line}: `;
    try {
      switch (verb) {
        case "go": {
          if (haveGo) throw new GoModError("repeated go statement");
          if (args.length !== 1) throw new GoModError("go directive expects exactly one argument");
          let v = args[0]!;
          if (!goVersionRE.test(v)) {
            const m = laxGoVersionRE.exec(v);
            if (!m) throw new GoModError(`invalid go version '${v}': must match format 1.23.0`);
            v = m[1]!;
          }
          haveGo = true;
          f.go = v;
          break;
        }
        case "module": {
          if (haveModule) throw new GoModError("repeated module statement");
          haveModule = true;
          const m = deprecatedRE.exec(parseDirectiveComment(block, line));
          f.deprecated = m ? m[1]! : "";
          if (args.length !== 1) throw new GoModError("usage: module module/path");
          f.module = parseString(args[0]!);
          break;
        }
        case "require": {
          if (args.length !== 2) throw new GoModError(`usage: ${verb} module/path v1.2.3`);
          const s = parseString(args[0]!);
          let t: string;
          try {
            t = parseString(args[1]!);
          } catch (e) {
            throw new GoModError(`${verb} ${s}: version ${goQuote(args[1]!)} invalid: ${(e as Error).message}`);
          }
          const cv = canonicalVersion(t);
          if (cv === "") throw new GoModError(`${verb} ${s}: version ${goQuote(t)} invalid: must be of the form v1.2.3`);
          const split = splitPathVersion(s);
          if (!split.ok) throw new GoModError("invalid module path");
          try {
            checkPathMajor(cv, split.pathMajor);
          } catch (e) {
            throw new GoModError(`${verb} ${s}: ${(e as Error).message}`);
          }
          f.require.push({ path: s, version: cv, indirect: isIndirect(line) });
          break;
        }
        case "retract": {
          const rationale = parseDirectiveComment(block, line);
          let vi: { low: string; high: string };
          try {
            vi = parseRetractInterval(args);
          } catch {
            return; // lax: malformed retractions are ignored
          }
          f.retract.push({ ...vi, rationale });
          break;
        }
        case "ignore": {
          if (args.length !== 1) throw new GoModError("ignore directive expects exactly one argument");
          parseString(args[0]!);
          break;
        }
        default:
          return; // lax: other directives are ignored
      }
    } catch (e) {
      if (!(e instanceof GoModError)) throw e;
      errs.push(where + e.message);
    }
  };

  for (const x of stmts) {
    if (x.kind === "line") {
      add(undefined, x, x.token[0]!, x.token.slice(1));
    } else if (x.kind === "block") {
      if (x.token.length > 1) continue;
      switch (x.token[0]) {
        case "module": case "godebug": case "require": case "exclude":
        case "replace": case "retract": case "tool": case "ignore":
          for (const l of x.line) add(x, l, x.token[0], l.token);
      }
    }
  }
  if (errs.length > 0) throw new GoModError(errs.join("\n"));
  return f;
}

/**
 * The module path declared by a go.mod, as the go command reads it from a
 * dependency's go.mod (modfile.ParseLax). Returns undefined if the file has no
 * module directive or is not a valid go.mod (use parseGoModLax for the error).
 */
export function moduleDirective(goModBytes: Buffer | Uint8Array | string): string | undefined {
  try {
    return parseGoModLax(goModBytes).module;
  } catch (e) {
    if (e instanceof GoModError) return undefined;
    throw e;
  }
}

/**
 * The retractions a go.mod declares, as the go command reads them
 * (modfile.ParseLax: versions unquoted but not canonicalized; rationale from the
 * line's comments, else its block's). Throws GoModError if ParseLax rejects the file.
 */
export function retractions(goModBytes: Buffer | Uint8Array | string): Retraction[] {
  return parseGoModLax(goModBytes).retract;
}

/**
 * modfile.ModulePath: the fast, line-based extraction of the module path the
 * go command uses when checking repositories. Returns "" if none is found.
 * Unlike ParseLax it accepts anything after "module " up to a "//" comment.
 */
export function modulePath(goModBytes: Buffer | Uint8Array | string): string {
  let mod = goDecode(goModBytes);
  while (mod.length > 0) {
    let line = mod;
    mod = "";
    const nl = line.indexOf("\n");
    if (nl >= 0) {
      mod = line.slice(nl + 1);
      line = line.slice(0, nl);
    }
    const cc = line.indexOf("//");
    if (cc >= 0) line = line.slice(0, cc);
    line = goTrimSpace(line);
    if (!line.startsWith("module")) continue;
    line = line.slice("module".length);
    const n = line.length;
    line = goTrimSpace(line);
    if (line.length === n || line.length === 0) continue;
    if (line[0] === '"' || line[0] === "`") return goUnquote(line) ?? "";
    return line;
  }
  return "";
}
