// Ecosystem suite: everyday go commands recorded and then verified through
// gopin against the real upstream (`go env GOPROXY`) and checksum database,
// each run with a fresh store, module cache and GOPATH, so every module really
// goes through gopin (the build cache is shared and the module cache sits at
// the same path, so verify does not compile again what record compiled).
// Prints a table of command × mode × pass × time.
// Reports itself skipped when the upstream cannot be reached.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { goEnv, removeTree, runCommand, tempDir, type GoResult } from "../helpers/go.js";
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

/**
 * `gopin run --mode MODE -- sh -c SCRIPT` in `dir`, with a fresh store, GOPATH
 * and module cache. The module cache is emptied at the same path each time
 * (hence `--own-modcache off`: gopin's own is a new directory per run): go's
 * build cache keys a package on its directory, so verify reuses what record
 * compiled only when the module sources sit where they sat.
 */
async function gopinRun(upstream: string, dir: string, lock: string, modcache: string, mode: "record" | "verify", script: string, timeoutMs: number): Promise<GoResult & { report: any }> {
  removeTree(modcache);
  const root = tempDir("gopin-eco-");
  const report = join(root, "report.json");
  const args = [CLI, "run", "--mode", mode, "--lockfile", lock, "--upstream", upstream, "--store", join(root, "store"), "--private", "", "--report", report, "--own-modcache", "off", "--", "sh", "-c", script];
  const started = performance.now();
  const r = await runCommand(process.execPath, args, { cwd: dir, env: goEnv(root, { GOSUMDB: undefined, GOMODCACHE: modcache }), timeoutMs });
  const out = { ...r, report: existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined };
  const pass = r.code === 0 && out.report?.verdict === "pass";
  rows.push({ command: script, mode, pass, seconds: (performance.now() - started) / 1000, note: pass ? "" : `exit ${r.code}, ${out.report?.counts.refused ?? "?"} refused` });
  return out;
}

interface Case {
  script: string;
  /** Re-creates the starting files for each run. */
  fresh: () => string;
  /** The lock must match this. */
  locks?: RegExp;
  /** At least this many distinct module versions must be locked. */
  minVersions?: number;
  timeoutMs?: number;
}

/** The distinct `module version` pairs of a lock's version records. */
function lockedVersions(lockText: string): Set<string> {
  return new Set([...lockText.matchAll(/^version (\S+) (\S+) /gm)].map((m) => `${m[1]} ${m[2]}`));
}

/** The `module version` pairs of a lock's pinned not-found answers for versions or queries. */
function lockedMissing(lockText: string): Set<string> {
  return new Set([...lockText.matchAll(/^missing (\S+) @v\/(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`));
}

/** Records, then verifies the same command from the same starting files. */
async function recordThenVerify(upstream: string, c: Case): Promise<void> {
  const timeoutMs = c.timeoutMs ?? 300_000;
  const lockDir = tempDir("gopin-eco-lock-");
  const lock = join(lockDir, "gopin.lock");
  const modcache = join(lockDir, "modcache");
  const rec = await gopinRun(upstream, c.fresh(), lock, modcache, "record", c.script, timeoutMs);
  assert.equal(rec.code, 0, `record: ${c.script}\n${rec.stderr}`);
  assert.equal(rec.report.verdict, "pass");
  const lockText = readFileSync(lock, "utf8");
  if (c.locks) assert.match(lockText, c.locks);
  const locked = lockedVersions(lockText);
  rows.at(-1)!.note ||= `${locked.size} module versions locked`;
  if (c.minVersions) assert.ok(locked.size >= c.minVersions, `${locked.size} module versions locked, expected at least ${c.minVersions}`);
  const ver = await gopinRun(upstream, c.fresh(), lock, modcache, "verify", c.script, timeoutMs);
  assert.equal(ver.code, 0, `verify: ${c.script}\n${ver.stderr}`);
  assert.equal(ver.report.verdict, "pass");
  assert.equal(ver.report.counts.refused, 0);
  // Verify fetched nothing beyond the lock: no new entries, and every module
  // version it served is a locked one.
  assert.equal(ver.report.counts.added, 0, `verify added entries: ${JSON.stringify(ver.report.added.slice(0, 5))}`);
  const missing = lockedMissing(lockText);
  const unlocked = (ver.report.sources as Array<{ module: string; target: string }>)
    .filter((s) => s.target !== "@v/list" && s.target !== "@latest")
    .filter((s) => !locked.has(`${s.module} ${s.target}`) && !missing.has(`${s.module} ${s.target}`))
    .map((s) => `${s.module}@${s.target}`);
  assert.deepEqual(unlocked, [], "verify served module versions that are not in the lock");
}

const emptyDir = () => tempDir("gopin-eco-work-");
const sampleCopy = () => {
  const dir = join(tempDir("gopin-eco-work-"), "sample");
  cpSync(SAMPLE, dir, { recursive: true, filter: (src) => !src.endsWith("gopin.lock") });
  return dir;
};

const CASES: Case[] = [
  // A real application with a large module graph (211 module versions locked; it
  // compiles in about 1.5 to 2 minutes on 2 cores, once: verify reuses the build cache).
  { script: "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0", fresh: emptyDir, minVersions: 150, timeoutMs: 900_000 },
  { script: "go install golang.org/x/tools/cmd/stringer@v0.52.0", fresh: emptyDir },
  { script: "go list -m -u all", fresh: sampleCopy },
  { script: "go get -u ./... && go build ./...", fresh: sampleCopy },
  // A toolchain switch: go fetches golang.org/toolchain through gopin.
  { script: "GOTOOLCHAIN=go1.26.0 go version", fresh: emptyDir, locks: /^version golang\.org\/toolchain v0\.0\.1-go1\.26\.0\.\S+ .*zip=h1:/m },
];

for (const c of CASES) {
  test(`record then verify: ${c.script}`, { timeout: 2 * (c.timeoutMs ?? 300_000) }, async (t) => {
    const upstream = machineGoEnv("GOPROXY");
    const why = await unreachable(upstream);
    if (why) {
      t.skip(`SKIPPED (ecosystem): ${why}`);
      return;
    }
    await recordThenVerify(upstream, c);
  });
}
