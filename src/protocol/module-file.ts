// A file of the module proxy protocol, and its one path below a proxy's base
// (the same path in gopin's store, in a file:// upstream, behind an HTTP
// upstream, and in the Actions-cache pruning): `example.com/!foo/@v/v1.0.0.zip`.
import { escapePath, escapeVersion } from "../gomod/escape.js";

export type RequestKind = "list" | "latest" | "info" | "mod" | "zip";

export interface ModuleFile {
  module: string;
  kind: RequestKind;
  /** Set for info/mod/zip (for info, possibly a query such as a branch). */
  version?: string;
}

/** The escaped, "/"-separated path of a protocol file below a proxy's base. */
export function modulePath(f: ModuleFile): string {
  const mod = escapePath(f.module);
  switch (f.kind) {
    case "list":
      return `${mod}/@v/list`;
    case "latest":
      return `${mod}/@latest`;
    default:
      if (f.version === undefined) throw new Error(`modulePath: ${f.kind} needs a version`);
      return `${mod}/@v/${escapeVersion(f.version)}.${f.kind}`;
  }
}

/** Human form, e.g. `example.com/m@v1.0.0.zip` or `example.com/m/@v/list`. */
export function describeFile(f: ModuleFile): string {
  switch (f.kind) {
    case "list":
      return `${f.module}/@v/list`;
    case "latest":
      return `${f.module}/@latest`;
    default:
      return `${f.module}@${f.version}.${f.kind}`;
  }
}
