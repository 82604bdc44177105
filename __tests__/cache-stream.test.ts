// Restoring a cache entry while it downloads (src/action/cache-stream.ts):
// entries saved by the real @actions/cache into a local cache service
// (Twirp + Azurite) are unpacked by gopin's stream exactly as the toolkit's
// `tar` would, or handed back to the toolkit (`fallback`) when gopin cannot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { randomBytes } from "node:crypto";
import * as cache from "@actions/cache";
import { restoreStreaming, type StreamRestoreResult } from "../src/action/cache-stream.js";
import { startCacheService, type CacheService } from "./helpers/cache-service.js";
import { tempDir } from "./helpers/go.js";
import { scrub } from "../src/observe/scrub.js";

let svc: CacheService;
const saved = { ...process.env };
before(async () => {
  svc = await startCacheService();
  Object.assign(process.env, svc.env(), { RUNNER_OS: "Linux" });
});
after(async () => {
  await svc.stop();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

const OLD = new Date("2025-03-04T05:06:07Z");

/** Every file and directory below `dir`: kind, mode, mtime (files), content hash. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort().map((f) => {
    const st = lstatSync(join(dir, f));
    if (st.isDirectory()) return `${f}/`;
    if (st.isSymbolicLink()) return `${f} -> link`;
    return `${f} ${(st.mode & 0o777).toString(8)} ${st.mtime.toISOString()} ${readFileSync(join(dir, f)).toString("base64").slice(0, 40)} ${st.size}`;
  });
}

async function restore(paths: string[], key: string, root: string, onFile?: (f: string) => void, env?: NodeJS.ProcessEnv): Promise<StreamRestoreResult> {
  return restoreStreaming({ paths, primaryKey: key, restoreKeys: [], root, ...(onFile ? { onFile } : {}), ...(env ? { env } : {}) });
}

test("an entry saved by @actions/cache comes back file for file as it downloads: content, mtimes and modes, and each file is announced once it is in place", async () => {
  const root = tempDir("gopin-stream-");
  const dir = join(root, "store");
  const files: Record<string, Buffer> = {
    "a/b/c.txt": Buffer.from("hello\n"),
    "a/big.bin": randomBytes(3 << 20),
    "empty": Buffer.alloc(0),
    "x/y/z/@v/v1.0.0.zip": randomBytes(70_000),
  };
  for (const [f, data] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), data);
    utimesSync(join(dir, f), OLD, OLD);
  }
  chmodSync(join(dir, "a/b/c.txt"), 0o600);
  const want = listing(dir);
  assert.ok(await cache.saveCache([dir], "stream-roundtrip"));
  rmSync(dir, { recursive: true });

  const seen: string[] = [];
  const r = await restore([dir], "stream-roundtrip", dir, (f) => {
    assert.ok(existsSync(f) && statSync(f).size === files[relative(dir, f)]!.length, `${f} complete when announced`);
    seen.push(relative(dir, f));
  });
  assert.equal(r.kind, "restored", JSON.stringify(r));
  assert.equal(r.kind === "restored" && r.matchedKey, "stream-roundtrip");
  assert.deepEqual(listing(dir), want);
  assert.deepEqual(seen.sort(), Object.keys(files).sort());
  assert.deepEqual(readdirSync(join(dir, "a")).filter((f) => f.startsWith(".gopin-restore")), [], "no temporary files left");

  // The job's token is never echoed once the stream has used it.
  assert.equal(scrub(`token ${process.env.ACTIONS_RUNTIME_TOKEN}`), "token ***");

  // A key nothing was saved under is a miss, not a fallback.
  assert.deepEqual(await restore([dir], "stream-nothing-here", join(root, "nowhere")), { kind: "miss" });
  // The cache service v1 (act, GHES): the toolkit restores.
  const v1 = await restore([dir], "stream-roundtrip", join(root, "v1"), undefined, { ...process.env, ACTIONS_CACHE_SERVICE_V2: "" });
  assert.equal(v1.kind, "fallback");
  assert.ok(!existsSync(join(root, "v1")));
});

test("links, and paths outside the directory being restored, are never written; a link already in the way stops the stream (the toolkit restores instead)", async () => {
  const root = tempDir("gopin-stream-hostile-");
  const dir = join(root, "store");
  const other = join(root, "other");
  mkdirSync(join(dir, "m"), { recursive: true });
  mkdirSync(other);
  writeFileSync(join(dir, "m", "ok.txt"), "ok\n");
  writeFileSync(join(other, "elsewhere.txt"), "not for the store\n");
  symlinkSync("/etc/passwd", join(dir, "m", "passwd"));
  // One entry holding both directories; restored with the store as the only place to write.
  assert.ok(await cache.saveCache([dir, other], "stream-hostile"));
  rmSync(dir, { recursive: true });
  rmSync(other, { recursive: true });
  const r = await restore([dir, other], "stream-hostile", dir);
  assert.equal(r.kind, "restored", JSON.stringify(r));
  assert.deepEqual(listing(dir), ["m/", `m/ok.txt ${(statSync(join(dir, "m", "ok.txt")).mode & 0o777).toString(8)} ${statSync(join(dir, "m", "ok.txt")).mtime.toISOString()} b2sK ${3}`]);
  assert.ok(!existsSync(other), "nothing written outside the store");
  assert.ok(r.kind === "restored" && r.skipped.some((s) => s.includes("passwd") && s.includes("symlink")), JSON.stringify(r));
  assert.ok(r.kind === "restored" && r.skipped.some((s) => s.includes("elsewhere.txt") && s.includes("outside")), JSON.stringify(r));

  // A directory of the store that is a link to somewhere else: the stream refuses to write through it.
  rmSync(dir, { recursive: true });
  mkdirSync(dir);
  mkdirSync(join(root, "trap"));
  symlinkSync(join(root, "trap"), join(dir, "m"));
  const trapped = await restore([dir, other], "stream-hostile", dir);
  assert.equal(trapped.kind, "fallback", JSON.stringify(trapped));
  assert.match(trapped.kind === "fallback" ? trapped.reason : "", /not a directory \(the restore never follows links\)/);
  assert.deepEqual(readdirSync(join(root, "trap")), [], "nothing written through the link");
});

test("a damaged archive is a fallback that names the failure, leaving no temporary file", async () => {
  const root = tempDir("gopin-stream-damaged-");
  const dir = join(root, "store");
  mkdirSync(dir);
  for (let i = 0; i < 8; i++) writeFileSync(join(dir, `f${i}.bin`), randomBytes(256 << 10));
  assert.ok(await cache.saveCache([dir], "stream-damaged"));
  rmSync(dir, { recursive: true });
  const entry = svc.entries.find((e) => e.key === "stream-damaged" && e.finalized)!;
  await svc.corrupt(entry, "truncate");
  const cut = await restore([dir], "stream-damaged", dir);
  assert.equal(cut.kind, "fallback", JSON.stringify(cut));
  assert.match(cut.kind === "fallback" ? cut.reason : "", /^streaming the cache entry failed: /);
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    assert.ok(!f.startsWith(".gopin-restore"), `temporary file ${f} left`);
    assert.equal(statSync(join(dir, f)).size, 256 << 10, `${f} is whole`);
  }
  await svc.corrupt(entry, "garbage");
  rmSync(dir, { recursive: true, force: true });
  const bad = await restore([dir], "stream-damaged", dir);
  assert.equal(bad.kind, "fallback");
  assert.equal(bad.kind === "fallback" && bad.wrote, false);
  assert.match(bad.kind === "fallback" ? bad.reason : "", /zstd/);
});

test("unpacked through tar (the build cache's way): the same tree as the toolkit's own restore; a damaged archive is a fallback naming tar", async () => {
  const root = tempDir("gopin-stream-tar-");
  const dir = join(root, "gocache");
  for (let i = 0; i < 300; i++) {
    const f = join(dir, (i % 256).toString(16).padStart(2, "0"), `${i}-a`);
    mkdirSync(join(f, ".."), { recursive: true });
    writeFileSync(f, randomBytes(i * 37));
    utimesSync(f, OLD, OLD);
  }
  writeFileSync(join(dir, "README"), "cache\n");
  chmodSync(join(dir, "README"), 0o640);
  assert.ok(await cache.saveCache([dir], "stream-tar"));
  rmSync(dir, { recursive: true });
  assert.equal(await cache.restoreCache([dir], "stream-tar"), "stream-tar");
  const want = listing(dir);
  rmSync(dir, { recursive: true });
  const r = await restoreStreaming({ paths: [dir], primaryKey: "stream-tar", restoreKeys: [], root: dir, unpack: "tar" });
  assert.equal(r.kind, "restored", JSON.stringify(r));
  assert.ok(r.kind === "restored" && r.bytes > 0 && r.bytes === svc.entries.find((e) => e.key === "stream-tar" && e.finalized)?.size, JSON.stringify(r));
  assert.deepEqual(listing(dir), want);

  const entry = svc.entries.find((e) => e.key === "stream-tar" && e.finalized)!;
  await svc.corrupt(entry, "truncate");
  rmSync(dir, { recursive: true });
  const cut = await restoreStreaming({ paths: [dir], primaryKey: "stream-tar", restoreKeys: [], root: dir, unpack: "tar" });
  assert.equal(cut.kind, "fallback", JSON.stringify(cut));
  assert.ok(cut.kind === "fallback" && cut.wrote, "bytes went to tar: the toolkit must restore again");
  assert.match(cut.kind === "fallback" ? cut.reason : "", /^streaming the cache entry failed: tar -x exited with/);
});
