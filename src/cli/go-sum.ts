// The go.sum entries of the module in the current directory, fetched through
// the proxy (`gopin lock`): each `/go.mod` line's .mod and each other line's
// .zip, so the lock covers every hash go.sum holds.
import { existsSync, readFileSync } from "node:fs";
import { escapePath, escapeVersion } from "../gomod/escape.js";

/** Fetches every go.sum entry from the proxy at `proxyUrl`; 0 when all were served, else 1 (each failure named on stderr). */
export async function fetchGoSumEntries(proxyUrl: string, goSumFile: string): Promise<number> {
  if (!existsSync(goSumFile)) return 0;
  let failures = 0;
  for (const line of readFileSync(goSumFile, "utf8").split("\n")) {
    const [path, ver] = line.trim().split(/\s+/);
    if (!path || !ver) continue;
    const isMod = ver.endsWith("/go.mod");
    const version = isMod ? ver.slice(0, -"/go.mod".length) : ver;
    const url = `${proxyUrl}/${escapePath(path)}/@v/${escapeVersion(version)}.${isMod ? "mod" : "zip"}`;
    const r = await fetch(url);
    await r.arrayBuffer();
    if (r.status !== 200) {
      failures++;
      process.stderr.write(`gopin: ${goSumFile}: ${path} ${ver}: the proxy answered ${r.status}\n`);
    }
  }
  return failures ? 1 : 0;
}
