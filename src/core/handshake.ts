// How a started `gopin serve` tells its starter it is ready: its base URL as
// the first line on stdout, and (with --ready-file) a JSON file written
// atomically once it accepts requests, holding the URL, its pid and the exact
// environment later `go` commands need. The Action's main step exports that
// environment as it is, instead of resolving the configuration again.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ChildEnv } from "./child-env.js";

export interface Ready {
  url: string;
  pid: number;
  env: ChildEnv;
}

/** The URL on the first line of `serve`'s stdout, once the line is complete. */
export function urlLine(stdout: string): string | undefined {
  const nl = stdout.indexOf("\n");
  return nl >= 0 ? stdout.slice(0, nl).trim() : undefined;
}

export function isBaseUrl(url: string): boolean {
  return /^http:\/\/[^/]+$/.test(url);
}

export function writeReadyFile(path: string, ready: Ready): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ready) + "\n");
  renameSync(tmp, path);
}

/** The ready file's content, or undefined while it is not there yet. */
export function readReadyFile(path: string): Ready | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const r = JSON.parse(text) as Ready;
  if (!isBaseUrl(r.url) || typeof r.pid !== "number" || typeof r.env !== "object") throw new Error(`${path}: not a gopin ready file`);
  return r;
}
