// A store gopin cannot write to fails start-up with one message naming the
// store and the actual cause. (Node's recursive mkdir reports a read-only
// file system as ENOENT, so the cause is found by asking the nearest
// existing directory.)
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";

function causeAt(path: string): string | undefined {
  let p = path;
  for (;;) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) return `${p} is not a directory`;
      try {
        accessSync(p, constants.W_OK);
        return undefined;
      } catch (e) {
        return describeCode(p, (e as NodeJS.ErrnoException).code);
      }
    }
    if (dirname(p) === p) return undefined;
    p = dirname(p);
  }
}

function describeCode(path: string, code: string | undefined): string | undefined {
  switch (code) {
    case "EROFS":
      return `${path} is on a read-only file system (EROFS)`;
    case "EACCES":
    case "EPERM":
      return `${path} is not writable by this user (${code})`;
    case "ENOSPC":
    case "EDQUOT":
      return `the disk holding ${path} is full (${code})`;
    case "ENOTDIR":
      return `a component of ${path} is not a directory (ENOTDIR)`;
    default:
      return undefined;
  }
}

export class UnusableStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UnusableStoreError";
  }
}

/** The error for a store that cannot be created or written, naming it and why. */
export function unusableStoreError(root: string, e: unknown): UnusableStoreError {
  const err = e as NodeJS.ErrnoException;
  const why = describeCode(err.path ?? root, err.code) ?? causeAt(root) ?? `${err.code ?? "error"}: ${err.message}`;
  return new UnusableStoreError(
    `gopin cannot use the module store ${root}: ${why}. gopin writes every module it fetches there; point it at a writable directory (--store DIR).`,
    { cause: e },
  );
}
