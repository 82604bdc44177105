// Port of golang.org/x/mod/modfile/read.go: the lexer and parser of go.mod
// syntax, including how comments attach to lines and blocks.
import { goQuote } from "../escape.js";
import { goTrimSpace, isGoPrint, isGoSpace } from "./text.js";
// ---------------------------------------------------------------------------
// Syntax tree (read.go)

export interface Position {
  line: number;
  byte: number; // index into the decoded text (only compared, never reported)
}

export interface Comment {
  start: Position | undefined;
  token: string;
  suffix: boolean;
}

export interface Comments {
  before: Comment[];
  suffix: Comment[];
}

export interface Line extends Comments {
  kind: "line";
  start: Position;
  end: Position;
  token: string[];
}

export interface Paren extends Comments {
  kind: "paren";
  pos: Position;
}

export interface LineBlock extends Comments {
  kind: "block";
  start: Position;
  token: string[];
  lparen: Paren;
  line: Line[];
  rparen: Paren;
}

export interface CommentBlock extends Comments {
  kind: "comments";
  start: Position;
}

export type Stmt = Line | LineBlock | CommentBlock;
export type Expr = Stmt | Paren;

const EOF = -1;
const EOLCOMMENT = -2;
const IDENT = -3;
const STRING = -4;
const COMMENT = -5;

export interface Token {
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

export class ParseError extends Error {}

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

export function parseSyntax(text: string): Stmt[] {
  const inp = new Input(text);
  inp.readToken();
  const stmts = parseFile(inp);
  assignComments(stmts, inp.comments);
  return stmts;
}

