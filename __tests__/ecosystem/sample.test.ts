// Ecosystem suite (not part of `npm test`; run with `npm run test:ecosystem`):
// gopin against the real public module ecosystem, through the upstream that
// `go env GOPROXY` names on this machine, with the real checksum database.
// It reports itself skipped when that upstream cannot be reached.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { goEnv, runCommand, tempDir } from "../helpers/go.js";
import { CLI } from "../helpers/gopin.js";
import { machineGoEnv, unreachable } from "../helpers/ecosystem.js";

const SAMPLE = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "sample");

test("the sample module: the committed lock verifies as it is; record against the real ecosystem and checksum database, then verify, then catch a tampered lock", async (t) => {
  const upstream = machineGoEnv("GOPROXY");
  const why = await unreachable(upstream);
  if (why) {
    t.skip(`SKIPPED (ecosystem): ${why}`);
    return;
  }
  const root = tempDir("gopin-eco-");
  const dir = join(root, "sample");
  cpSync(SAMPLE, dir, { recursive: true });
  // Each run gets a fresh store and a fresh module cache, so every module
  // really goes through gopin.
  const gopin = (mode: string, store: string) =>
    runCommand(process.execPath, [CLI, "run", "--mode", mode, "--upstream", upstream, "--store", join(root, store), "--private", "", "--", "go", "build", "./..."], {
      cwd: dir,
      env: goEnv(root, { GOSUMDB: undefined, GOMODCACHE: tempDir("gopin-eco-modcache-") }),
      timeoutMs: 300_000,
    });

  // First the committed lock as it is: drift in an upstream's unauthenticated
  // .info (another time for the same bytes) must never fail it.
  const committed = await gopin("verify", "store0");
  assert.equal(committed.code, 0, committed.stderr);
  assert.match(committed.stderr, /gopin verify: PASS/);

  rmSync(join(dir, "gopin.lock"), { force: true });
  const rec = await gopin("record", "store1");
  assert.equal(rec.code, 0, rec.stderr);
  const lock = readFileSync(join(dir, "gopin.lock"), "utf8");
  assert.match(lock, /^sumdb sum\.golang\.org size=\d+ hash=\S+ note=\S+$/m, "pinned to the checksum database's tree head");
  for (const line of readFileSync(join(dir, "go.sum"), "utf8").trim().split("\n")) {
    const [mod, ver, hash] = line.split(" ");
    const v = ver!.replace(/\/go\.mod$/, "");
    const rec = lock.split("\n").find((l) => l.startsWith(`version ${mod} ${v} `));
    assert.ok(rec?.includes(hash!), `lock agrees with go.sum: ${line}`);
    assert.match(rec!, / rec=\d+/, "record number pinned");
  }

  const ver = await gopin("verify", "store2");
  assert.equal(ver.code, 0, ver.stderr);
  assert.match(ver.stderr, /gopin verify: PASS/);

  writeFileSync(join(dir, "gopin.lock"), lock.replace(/(version github\.com\/google\/uuid v1\.6\.0 .*zip=h1:)\w/, "$1A"));
  const bad = await gopin("verify", "store3");
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /github\.com\/google\/uuid@v1\.6\.0: zip hash mismatch/);
});
