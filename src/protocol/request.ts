// Parses a GOPROXY protocol path into a typed request.
//
// The go command escapes module paths with Go's case encoding ("!x" for "X")
// and then percent-encodes each path segment, so "!" arrives as "%21". We
// decode segment by segment so that an encoded "/" ("%2F") can never smuggle a
// path separator into a module path or version.
import { unescapePath, unescapeVersion, checkPathMajor, splitPathVersion, GoModError } from "../gomod/escape.js";
import { isValid as isValidSemver, canonical } from "../gomod/semver.js";

import type { ModuleFile, RequestKind } from "./module-file.js";
export type { RequestKind } from "./module-file.js";

/** A client's request: a protocol file, and whether its version is canonical. */
export interface ModuleRequest extends ModuleFile {
  /** True when `version` is a canonical semantic version (immutable content). */
  canonical: boolean;
}

export class BadRequestError extends Error {}

/**
 * A canonical version whose major version does not fit the module path (v2.1.0
 * of a path without /v2): no module can have it, so it is not found, as a
 * proxy answers. `go install path/v2/cmd/tool@v2.1.0` probes the longer
 * prefixes (path/v2/cmd/tool, path/v2/cmd) with that version and moves on only
 * on not-found.
 */
export class VersionOutsideModuleError extends Error {}

function decodeSegment(seg: string): string {
  let out: string;
  try {
    out = decodeURIComponent(seg);
  } catch {
    throw new BadRequestError(`the request path segment "${seg}" is not valid percent-encoding`);
  }
  if (/[/\\\0]/.test(out)) throw new BadRequestError(`the request path segment "${seg}" encodes a path separator or NUL byte`);
  if (out === "." || out === "..") throw new BadRequestError(`the request path contains a "${out}" element`);
  return out;
}

/** Version string is the canonical form Go uses for stored module content. */
export function isCanonicalVersion(v: string): boolean {
  if (!isValidSemver(v)) return false;
  if (v.endsWith("+incompatible")) return canonical(v) + "+incompatible" === v;
  return canonical(v) === v;
}

/**
 * Parse `rawPath` (the URL path without query, still percent-encoded).
 * Returns undefined when the path is not a module protocol path at all.
 */
export function parseModuleRequest(rawPath: string): ModuleRequest | undefined {
  if (!rawPath.startsWith("/")) throw new BadRequestError("the request path must start with /");
  const segs = rawPath.slice(1).split("/").map(decodeSegment);
  let kind: RequestKind;
  let modSegs: string[];
  let versionFile: string | undefined;
  if (segs.length >= 2 && segs[segs.length - 1] === "@latest") {
    kind = "latest";
    modSegs = segs.slice(0, -1);
  } else if (segs.length >= 3 && segs[segs.length - 2] === "@v") {
    modSegs = segs.slice(0, -2);
    const file = segs[segs.length - 1]!;
    if (file === "list") kind = "list";
    else {
      const m = /^(.+)\.(info|mod|zip)$/.exec(file);
      if (!m) throw new BadRequestError(`"${file}" is not a module proxy file: expected list, VERSION.info, VERSION.mod or VERSION.zip`);
      kind = m[2] as RequestKind;
      versionFile = m[1]!;
    }
  } else {
    return undefined;
  }
  const escapedModule = modSegs.join("/");
  let module: string;
  try {
    module = unescapePath(escapedModule);
  } catch (e) {
    throw new BadRequestError(`invalid module path "${escapedModule}": ${(e as Error).message}`);
  }
  if (versionFile === undefined) return { kind, module, canonical: false };

  let version: string;
  try {
    version = unescapeVersion(versionFile);
  } catch (e) {
    throw new BadRequestError(`invalid version "${versionFile}" for ${module}: ${(e as Error).message}`);
  }
  const isCanon = isCanonicalVersion(version);
  // .mod and .zip are only ever requested for canonical versions; .info may be
  // a query such as a branch name or commit hash, which the upstream resolves.
  if (kind !== "info" && !isCanon) {
    throw new BadRequestError(`invalid version "${version}" for ${module}@v/${versionFile}.${kind}: .mod and .zip need a canonical semantic version such as v1.2.3`);
  }
  if (isCanon) {
    const split = splitPathVersion(module);
    try {
      checkPathMajor(version, split.pathMajor);
    } catch (e) {
      const msg = e instanceof GoModError ? e.message : String(e);
      throw new VersionOutsideModuleError(`not found: version ${version} does not belong to module ${module}: ${msg}`);
    }
  }
  return { kind, module, version, canonical: isCanon };
}
