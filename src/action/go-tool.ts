// Finds the `go` command the daemon uses for `direct` fetches (private
// modules, and `direct` in the upstream chain) and for reading `go env`.
//
// Order: GOPIN_GO, then `go` on PATH (what actions/setup-go installs), then
// the runner's tool cache through @actions/tool-cache: hosted runners keep
// several Go releases there without putting one on PATH, and setup-go caches
// its downloads there too, so a job that ran setup-go in an earlier step of a
// different shell, or none at all, still gets a toolchain that matches the
// module's `go` line without downloading anything.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";

export interface FoundGo {
  path: string;
  source: "GOPIN_GO" | "PATH" | "tool-cache";
  version?: string;
}

function isExecutable(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exts = process.platform === "win32" ? [".exe", ""] : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      if (isExecutable(p)) return p;
    }
  }
  return undefined;
}

/** The `go` directive of the workspace's go.mod (e.g. "1.22"), if any. */
export function goDirective(workspace: string): string | undefined {
  const f = join(workspace, "go.mod");
  if (!existsSync(f)) return undefined;
  const m = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(readFileSync(f, "utf8"));
  return m?.[1];
}

export async function findGo(env: NodeJS.ProcessEnv, workspace: string): Promise<FoundGo | undefined> {
  if (env.GOPIN_GO) return { path: env.GOPIN_GO, source: "GOPIN_GO" };
  const onPath = findOnPath("go", env);
  if (onPath) return { path: onPath, source: "PATH" };
  if (!env.RUNNER_TOOL_CACHE) return undefined;
  // Loaded only when needed: the common case (setup-go put go on PATH) pays nothing.
  const tc = await import("@actions/tool-cache");
  const want = goDirective(workspace);
  let dir = "";
  let version: string | undefined;
  if (want) {
    const parts = want.split(".");
    const spec = `>=${parts[0]}.${parts[1]}.${parts[2] ?? "0"}`;
    dir = tc.find("go", spec);
    // Tool-cache layout: <cache>/go/<version>/<arch>.
    if (dir) version = basename(dirname(dir));
  }
  if (!dir) {
    const all = tc.findAllVersions("go");
    const newest = all.sort(compareSemverLoose).at(-1);
    if (newest) {
      dir = tc.find("go", newest);
      version = newest;
    }
  }
  if (!dir) return undefined;
  const bin = join(dir, "bin", process.platform === "win32" ? "go.exe" : "go");
  return isExecutable(bin) ? { path: bin, source: "tool-cache", version } : undefined;
}

function compareSemverLoose(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
