// The real upstream for the ecosystem suite: whatever `go env GOPROXY` names
// on this machine, and whether it can be reached.
import { execFileSync } from "node:child_process";
import { request } from "undici";

export function machineGoEnv(key: string): string {
  return execFileSync("go", ["env", key], { encoding: "utf8", env: { ...process.env, GOTOOLCHAIN: "local" } }).trim();
}

/** undefined when the first HTTP proxy of `upstream` answers; else why not. */
export async function unreachable(upstream: string): Promise<string | undefined> {
  const first = upstream.split(/[,|]/).map((s) => s.trim()).find((s) => /^https?:\/\//.test(s));
  if (!first) return `go env GOPROXY (${upstream}) names no HTTP proxy`;
  try {
    const r = await request(`${first.replace(/\/$/, "")}/github.com/google/uuid/@v/list`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
    await r.body.dump();
    return r.statusCode === 200 ? undefined : `the upstream answered ${r.statusCode}`;
  } catch (e) {
    return `the upstream is unreachable (${(e as Error).message})`;
  }
}
