// Ecosystem suite: everyday go commands recorded and then verified through
// gopin against the real upstream (`go env GOPROXY`) and checksum database,
// each run with a fresh store, module cache and GOPATH, so every module really
// goes through gopin. Prints a table of command × mode × pass × time.
// Reports itself skipped when the upstream cannot be reached.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { goEnv, runCommand, tempDir, type GoResult } from "../helpers/go.js";
import { CLI } from "../helpers/gopin.js";
import { machineGoEnv, unreachable } from "../helpers/ecosystem.js";

const SAMPLE = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "sample");

interface Row {
  command: string;
  mode: string;
  pass: boolean;
  seconds: number;
  note: string;
}
const rows: Row[] = [];

after(() => {
  if (rows.length === 0) return;
  const w = Math.max(...rows.map((r) => r.command.length), "command".length);
  const lines = [`${"command".padEnd(w)}  mode    pass  time`, ...rows.map((r) => `${r.command.padEnd(w)}  ${r.mode.padEnd(6)}  ${r.pass ? "yes " : "NO  "}  ${r.seconds.toFixed(1)}s${r.note ? "  " + r.note : ""}`)];
  console.log("\n" + lines.join("\n") + "\n");
});

/** `gopin run --mode MODE -- sh -c SCRIPT` in `dir`, with a fresh store, module cache and GOPATH. */
async function gopinRun(upstream: string, dir: string, lock: string, mode: "record" | "verify", script: string): Promise<GoResult & { report: any }> {
  const root = tempDir("gopin-eco-");
  const report = join(root, "report.json");
  const args = [CLI, "run", "--mode", mode, "--lockfile", lock, "--upstream", upstream, "--store", join(root, "store"), "--private", "", "--report", report, "--", "sh", "-c", script];
  const started = performance.now();
  const r = await runCommand(process.execPath, args, { cwd: dir, env: goEnv(root, { GOSUMDB: undefined }), timeoutMs: 300_000 });
  const out = { ...r, report: existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined };
  const pass = r.code === 0 && out.report?.verdict === "pass";
  rows.push({ command: script, mode, pass, seconds: (performance.now() - started) / 1000, note: pass ? "" : `exit ${r.code}, ${out.report?.counts.refused ?? "?"} refused` });
  return out;
}

/** Records, then verifies the same command from the same starting files (`fresh` re-creates them); `locks` must match the lock. */
async function recordThenVerify(upstream: string, script: string, fresh: () => string, locks?: RegExp): Promise<void> {
  const lockDir = tempDir("gopin-eco-lock-");
  const lock = join(lockDir, "gopin.lock");
  const rec = await gopinRun(upstream, fresh(), lock, "record", script);
  assert.equal(rec.code, 0, `record: ${script}\n${rec.stderr}`);
  assert.equal(rec.report.verdict, "pass");
  if (locks) assert.match(readFileSync(lock, "utf8"), locks);
  const ver = await gopinRun(upstream, fresh(), lock, "verify", script);
  assert.equal(ver.code, 0, `verify: ${script}\n${ver.stderr}`);
  assert.equal(ver.report.verdict, "pass");
  assert.equal(ver.report.counts.refused, 0);
}

const emptyDir = () => tempDir("gopin-eco-work-");
const sampleCopy = () => {
  const dir = join(tempDir("gopin-eco-work-"), "sample");
  cpSync(SAMPLE, dir, { recursive: true, filter: (src) => !src.endsWith("gopin.lock") });
  return dir;
};

const COMMANDS: Array<[string, () => string, RegExp?]> = [
  ["go install golang.org/x/tools/cmd/stringer@v0.52.0", emptyDir],
  ["go list -m -u all", sampleCopy],
  ["go get -u ./... && go build ./...", sampleCopy],
  // A toolchain switch: go fetches golang.org/toolchain through gopin.
  ["GOTOOLCHAIN=go1.26.0 go version", emptyDir, /^version golang\.org\/toolchain v0\.0\.1-go1\.26\.0\.\S+ .*zip=h1:/m],
];

for (const [script, fresh, locks] of COMMANDS) {
  test(`record then verify: ${script}`, async (t) => {
    const upstream = machineGoEnv("GOPROXY");
    const why = await unreachable(upstream);
    if (why) {
      t.skip(`SKIPPED (ecosystem): ${why}`);
      return;
    }
    await recordThenVerify(upstream, script, fresh, locks);
  });
}
