// Port of the parts of golang.org/x/mod/modfile/rule.go the go command uses on
// dependency go.mod files: ParseLax's handling of the module, go, require,
// ignore and retract directives, and the lightweight ModulePath.
import { GoModError, goQuote, splitPathVersion, checkPathMajor } from "../escape.js";
import { canonicalVersion } from "../semver.js";
import { goDecode, goFields, goTrimSpace, goUnquote } from "./text.js";
import { parseSyntax, ParseError, type Comments, type Line, type LineBlock, type Stmt } from "./read.js";
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

