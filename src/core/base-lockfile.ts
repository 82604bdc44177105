// The lockfile at the base of the change under review, read from git (a
// revision) or from a file, so the summary can tell a lockfile edit from an
// upstream change. Never fatal: when it cannot be had, the BaseLock says why.
import { execFile } from "node:child_process";
import { basename, dirname } from "node:path";
import { readLockfile } from "../lock/io.js";
import { parseLockfile } from "../lock/syntax.js";
import type { BaseLock } from "../report/findings.js";
import { scrub } from "../observe/scrub.js";

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error((stderr || err.message).trim().split("\n")[0]));
      else resolve(stdout);
    });
  });
}

/**
 * The lockfile as it is at `rev` in the git work tree that holds
 * `lockfilePath`. `missing` says what to do when the revision is not in the
 * clone (e.g. a shallow checkout).
 */
export async function lockfileAtRevision(rev: string, lockfilePath: string, label: string, missing: string): Promise<BaseLock> {
  const dir = dirname(lockfilePath);
  try {
    await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], dir);
  } catch (e) {
    const why = (e as Error).message;
    if (/not a git repository/i.test(why)) return { unavailable: `${dir} is not in a git work tree` };
    if (/ENOENT|spawn git/.test(why)) return { unavailable: "git is not installed" };
    return { unavailable: `${label} is not in this clone; ${missing}` };
  }
  let text: string;
  try {
    // "REV:./NAME" is resolved against the current directory: the lockfile's own.
    text = await git(["show", `${rev}:./${basename(lockfilePath)}`], dir);
  } catch {
    return { label, rev, lock: undefined };
  }
  try {
    return { label, rev, lock: parseLockfile(text, `${rev}:${basename(lockfilePath)}`) };
  } catch (e) {
    return { unavailable: `${label} holds a lockfile gopin cannot read: ${scrub((e as Error).message)}` };
  }
}

/** A base lockfile given as a file. */
export async function lockfileFromFile(path: string): Promise<BaseLock> {
  try {
    const lock = await readLockfile(path);
    return lock ? { label: `the base lockfile ${path}`, lock } : { unavailable: `the base lockfile ${path} does not exist` };
  } catch (e) {
    return { unavailable: `cannot read the base lockfile ${path}: ${scrub((e as Error).message)}` };
  }
}
