// The x/mod checksum-database test server (sumdb.NewServer over
// sumdb.NewTestServer, run by the oracle binary's sumdb-server command),
// serving the h1: hashes of the given modules.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { h1Sums, type BuiltModule } from "./fixtures.js";
import { tempDir } from "./go.js";
import { get } from "./gopin.js";

export interface SumdbServer {
  url: string;
  proc: ChildProcess;
  gosumFile: string;
  setSums(mods: BuiltModule[], override?: Record<string, string>): void;
  fault(name: "tile" | "sig" | "none"): Promise<void>;
  stop(): Promise<void>;
}

export async function startSumdbServer(oracleBin: string, skey: string, mods: BuiltModule[]): Promise<SumdbServer> {
  const dir = tempDir("gopin-sumdb-");
  const gosumFile = join(dir, "gosum.json");
  const setSums = (ms: BuiltModule[], override: Record<string, string> = {}) => {
    const m: Record<string, string> = {};
    for (const b of ms) {
      const s = h1Sums(b);
      m[`${b.path}@${b.version}`] = `${b.path} ${b.version} ${s.sum}\n${b.path} ${b.version}/go.mod ${s.goModSum}\n`;
    }
    writeFileSync(gosumFile, JSON.stringify({ ...m, ...override }));
  };
  setSums(mods);
  const proc = spawn(oracleBin, ["sumdb-server", "-skey", skey, "-gosum", gosumFile], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    proc.once("exit", (c) => reject(new Error(`sumdb server exited ${c}`)));
  });
  return {
    url,
    proc,
    gosumFile,
    setSums,
    fault: async (name) => void (await get(`${url}/_fault/${name}`)),
    stop: async () => {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once("exit", r));
        proc.kill();
        await done;
      }
    },
  };
}
