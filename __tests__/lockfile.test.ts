import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  LOCKFILE_HEADER,
  LockfileError,
  canonicalizeLockfile,
  diffLockfiles,
  emptyLockfile,
  lockEntryKey,
  listLockEntries,
  mergeObserved,
  moduleEntry,
  parseLockfile,
  policyFromOptions,
  printLockfile,
  readLockfile,
  writeLockfileAtomic,
  type Lockfile,
} from "../src/lock/index.js";

/** A valid h1: hash made of byte n repeated. */
const h = (n: number) => "h1:" + Buffer.alloc(32, n).toString("base64");

const COMMENT =
  "# Written by gopin: one record per line, sorted. On a merge conflict keep both sides' lines (each record once) or re-record.";

/** A canonical lockfile exercising every record type and field. */
const CANONICAL = [
  "gopin-lock 1",
  COMMENT,
  "",
  "policy as-of 2024-06-01T00:00:00Z",
  "policy min-age 7d",
  "policy exempt example.com/a@v1.10.0",
  "policy exempt example.com/b@v0.0.0-20240101000000-abcdefabcdef",
  "",
  `sumdb sum.golang.org size=1234 hash=${h(7).slice(3)} note=${Buffer.from("go.sum database tree\n1234\nxyz\n\n— sum.golang.org sig\n").toString("base64")}`,
  "",
  "list example.com/a v1.0.0-rc.1 v1.0.0 v1.2.0 v1.9.0 v1.10.0",
  "latest example.com/a v1.10.0 time=2024-05-01T00:00:00Z",
  `version example.com/a v1.9.0 mod=${h(1)}`,
  `version example.com/a v1.10.0 time=2024-05-01T00:00:00Z mod=${h(2)} zip=${h(3)} rec=42`,
  `origin example.com/a v1.10.0 vcs=git url=https://example.com/a ref=refs/tags/v1.10.0 hash=0123456789abcdef0123456789abcdef01234567`,
  "",
  "list example.com/a/v2",
  "",
  `version example.com/b v0.0.0-20240101000000-abcdefabcdef time=2024-01-01T00:00:00.123456789+01:00 mod=${h(4)}`,
  `origin example.com/b v0.0.0-20240101000000-abcdefabcdef vcs=git url=https://example.com/b subdir=sub%20dir/caf%C3%A9 ref=refs/heads/my%25branch`,
  "",
  `version example.com/c v2.0.0+incompatible time=2023-01-01T00:00:00Z mod=${h(5)} zip=${h(6)}`,
  "",
].join("\n");

function sample(): Lockfile {
  const lock = emptyLockfile();
  lock.policy = { asOf: "2024-06-01T00:00:00Z", minReleaseAge: "7d", exempt: ["example.com/a@v1.10.0", "example.com/b@v0.0.0-20240101000000-abcdefabcdef"] };
  lock.sumdb.set("sum.golang.org", { size: 1234, hash: h(7).slice(3), note: "go.sum database tree\n1234\nxyz\n\n— sum.golang.org sig\n" });
  const a = moduleEntry(lock, "example.com/a");
  a.list = ["v1.0.0-rc.1", "v1.0.0", "v1.2.0", "v1.9.0", "v1.10.0"];
  a.latest = { version: "v1.10.0", time: "2024-05-01T00:00:00Z" };
  a.versions.set("v1.9.0", { mod: h(1) });
  a.versions.set("v1.10.0", {
    time: "2024-05-01T00:00:00Z",
    mod: h(2),
    zip: h(3),
    sumdbRecord: 42,
    origin: { vcs: "git", url: "https://example.com/a", ref: "refs/tags/v1.10.0", hash: "0123456789abcdef0123456789abcdef01234567" },
  });
  moduleEntry(lock, "example.com/a/v2").list = [];
  moduleEntry(lock, "example.com/b").versions.set("v0.0.0-20240101000000-abcdefabcdef", {
    time: "2024-01-01T00:00:00.123456789+01:00",
    mod: h(4),
    origin: { vcs: "git", url: "https://example.com/b", subdir: "sub dir/café", ref: "refs/heads/my%branch" },
  });
  moduleEntry(lock, "example.com/c").versions.set("v2.0.0+incompatible", { time: "2023-01-01T00:00:00Z", mod: h(5), zip: h(6) });
  return lock;
}

// ---------------------------------------------------------------------------
// Round trips

test("print(sample) is the canonical text, and parse(print(x)) deep-equals x", () => {
  const x = sample();
  assert.equal(printLockfile(x), CANONICAL);
  assert.deepEqual(parseLockfile(printLockfile(x)), x);
});

test("print(parse(t)) === t for canonical text", () => {
  assert.equal(printLockfile(parseLockfile(CANONICAL)), CANONICAL);
});

test("a second print of the same state is byte-identical, whatever the insertion order", () => {
  const a = sample();
  const b = emptyLockfile();
  // Insert everything in reverse.
  for (const [path, m] of [...a.modules].reverse()) {
    const mm = moduleEntry(b, path);
    for (const [v, e] of [...m.versions].reverse()) mm.versions.set(v, e);
    if (m.list) mm.list = [...m.list].reverse();
    if (m.latest) mm.latest = m.latest;
  }
  b.policy = { ...a.policy, exempt: [...a.policy.exempt].reverse() };
  for (const [k, v] of a.sumdb) b.sumdb.set(k, v);
  assert.equal(printLockfile(b), printLockfile(a));
  assert.equal(printLockfile(a), printLockfile(a));
});

test("the header is line 1 and the format is 1", () => {
  assert.equal(LOCKFILE_HEADER, "gopin-lock 1");
  assert.equal(printLockfile(emptyLockfile()).split("\n")[0], "gopin-lock 1");
  assert.deepEqual(parseLockfile(printLockfile(emptyLockfile())), emptyLockfile());
});

test("ordering: module paths by bytes, versions in Go semver order, list/latest/version/origin", () => {
  const lock = emptyLockfile();
  for (const p of ["example.com/mz", "example.com/m/v2", "example.com/m", "example.com/Z"]) {
    const v = p.endsWith("/v2") ? "v2.0.0" : "v1.0.0";
    moduleEntry(lock, p).versions.set(v, { mod: h(1) });
  }
  const m = moduleEntry(lock, "example.com/m");
  for (const v of ["v1.10.0", "v1.2.0", "v1.2.0-rc.1", "v1.2.0-beta", "v0.0.0-20200101000000-aaaaaaaaaaaa", "v1.9.9"]) m.versions.set(v, { mod: h(2) });
  m.list = ["v1.10.0", "v1.2.0", "v1.2", "v1.2.0-rc.1"];
  m.latest = { version: "v1.10.0" };
  const lines = printLockfile(lock).split("\n").filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("gopin-lock"));
  assert.deepEqual(
    lines.map((l) => l.split(" ").slice(0, 3).join(" ")),
    [
      "version example.com/Z v1.0.0",
      "list example.com/m v1.2.0-rc.1",
      "latest example.com/m v1.10.0",
      "version example.com/m v0.0.0-20200101000000-aaaaaaaaaaaa",
      "version example.com/m v1.0.0",
      "version example.com/m v1.2.0-beta",
      "version example.com/m v1.2.0-rc.1",
      "version example.com/m v1.2.0",
      "version example.com/m v1.9.9",
      "version example.com/m v1.10.0",
      "version example.com/m/v2 v2.0.0",
      "version example.com/mz v1.0.0",
    ],
  );
  // v1.2 and v1.2.0 compare equal in semver; byte order breaks the tie.
  assert.ok(lines.includes("list example.com/m v1.2.0-rc.1 v1.2 v1.2.0 v1.10.0"));
});

test("an unsorted file is accepted and printing re-sorts it", () => {
  const body = CANONICAL.split("\n").slice(2).filter((l) => l !== "");
  const shuffled = [LOCKFILE_HEADER, ...[...body].reverse()].join("\n") + "\n";
  assert.notEqual(shuffled, CANONICAL);
  const lock = parseLockfile(shuffled);
  assert.equal(printLockfile(lock), CANONICAL);
});

test("humans' leniencies: CRLF, BOM, tabs, comments, blank lines, field order, no final newline", () => {
  const text =
    "\ufeffgopin-lock 1\r\n" +
    "# my notes\r\n" +
    "\r\n" +
    `  version\texample.com/a   v1.0.0 zip=${h(3)} mod=${h(2)}  \r\n` +
    "   # indented comment\r\n" +
    "origin example.com/a v1.0.0 ref=refs/tags/v1.0.0 vcs=git url=https://example.com/a%2fx";
  const lock = parseLockfile(text);
  assert.deepEqual(lock.modules.get("example.com/a")?.versions.get("v1.0.0"), {
    mod: h(2),
    zip: h(3),
    origin: { vcs: "git", url: "https://example.com/a/x", ref: "refs/tags/v1.0.0" },
  });
  assert.equal(
    printLockfile(lock),
    `gopin-lock 1\n${COMMENT}\n\nversion example.com/a v1.0.0 mod=${h(2)} zip=${h(3)}\norigin example.com/a v1.0.0 vcs=git url=https://example.com/a/x ref=refs/tags/v1.0.0\n`,
  );
});

test("a version may hold only the go.mod hash (graph-only fetch) or only a time", () => {
  const t = `gopin-lock 1\nversion example.com/a v1.0.0 mod=${h(1)}\nversion example.com/a v1.1.0 time=2024-01-01T00:00:00Z\n`;
  const lock = parseLockfile(t);
  assert.deepEqual(lock.modules.get("example.com/a")?.versions.get("v1.0.0"), { mod: h(1) });
  assert.deepEqual(lock.modules.get("example.com/a")?.versions.get("v1.1.0"), { time: "2024-01-01T00:00:00Z" });
});

test("modules with nothing to print are dropped; printing refuses invalid models", () => {
  const lock = emptyLockfile();
  moduleEntry(lock, "example.com/empty");
  assert.equal(printLockfile(lock), printLockfile(emptyLockfile()));

  const bad = (mutate: (l: Lockfile) => void, re: RegExp) => {
    const l = emptyLockfile();
    mutate(l);
    assert.throws(() => printLockfile(l), re);
  };
  bad((l) => moduleEntry(l, "example.com/a").versions.set("v1.0", { mod: h(1) }), /not canonical/);
  bad((l) => moduleEntry(l, "Example.com/a").versions.set("v1.0.0", { mod: h(1) }), /malformed module path/);
  bad((l) => moduleEntry(l, "example.com/a").versions.set("v1.0.0", { mod: "h1:abc" }), /truncated h1: hash/);
  bad((l) => moduleEntry(l, "example.com/a").versions.set("v1.0.0", {}), /no time, mod or zip/);
  bad((l) => moduleEntry(l, "example.com/a").versions.set("v1.0.0", { time: "yesterday", mod: h(1) }), /RFC 3339/);
  bad((l) => moduleEntry(l, "example.com/a").versions.set("v1.0.0", { mod: h(1), origin: {} }), /empty origin/);
  bad((l) => (l.policy.minReleaseAge = "soon"), /policy min-age/);
  bad((l) => (l.policy.exempt = ["example.com/a"]), /expected module@version/);
});

test("canonicalizeLockfile: parse(print(x)) deep-equals canonicalize(x) for any x", () => {
  const x = emptyLockfile();
  moduleEntry(x, "example.com/empty");
  moduleEntry(x, "example.com/a").list = ["v1.1.0", "v1.0.0", "v1.1.0"];
  x.policy.exempt = ["example.com/z@v1.0.0", "example.com/a@v1.0.0", "example.com/z@v1.0.0"];
  assert.notDeepEqual(parseLockfile(printLockfile(x)), x);
  const c = canonicalizeLockfile(x);
  assert.deepEqual(parseLockfile(printLockfile(x)), c);
  assert.deepEqual(c.modules.get("example.com/a")?.list, ["v1.0.0", "v1.1.0"]);
  assert.equal(c.modules.has("example.com/empty"), false);
  assert.deepEqual(c.policy.exempt, ["example.com/a@v1.0.0", "example.com/z@v1.0.0"]);
  assert.equal(x.modules.has("example.com/empty"), true, "argument not modified");
});

test("the example in docs/lockfile.md is canonical", () => {
  const md = readFileSync(fileURLToPath(new URL("../../docs/lockfile.md", import.meta.url)), "utf8");
  const m = /## Example\n\n```\n([\s\S]*?)```\n/.exec(md);
  assert.ok(m, "docs/lockfile.md has an Example block");
  const text = m[1]!;
  const lock = parseLockfile(text, "docs/lockfile.md");
  assert.equal(printLockfile(lock), text);
  assert.equal(lock.modules.get("golang.org/x/sys")?.versions.get("v0.20.0")?.zip, undefined);
});

// ---------------------------------------------------------------------------
// Errors

function assertLockError(text: string, line: number, re: RegExp, file = "gopin.lock"): LockfileError {
  let caught: unknown;
  try {
    parseLockfile(text, file);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LockfileError, `expected a LockfileError for:\n${text}\ngot ${String(caught)}`);
  const err = caught as LockfileError;
  assert.equal(err.file, file);
  assert.equal(err.line, line, `line for: ${err.message}`);
  assert.ok(err.message.startsWith(`${file}:${line}: `), err.message);
  assert.match(err.message, re);
  return err;
}

const H = "gopin-lock 1\n";
const V = `version example.com/a v1.0.0 mod=${h(1)}\n`;

test("errors: merge-conflict markers are called an unresolved merge conflict", () => {
  const text = H + V + "<<<<<<< HEAD\n" + `version example.com/b v1.0.0 mod=${h(2)}\n` + "=======\n" + `version example.com/c v1.0.0 mod=${h(3)}\n` + ">>>>>>> feature\n";
  assertLockError(text, 3, /unresolved merge conflict .*"<<<<<<<".*re-run gopin in record mode/);
  assertLockError(H + V + "=======\n", 3, /unresolved merge conflict/);
  assertLockError(H + V + ">>>>>>> theirs\n", 3, /unresolved merge conflict/);
  assertLockError(H + "|||||||\n", 2, /unresolved merge conflict/);
  // Markers are found even before the header is checked.
  assertLockError("<<<<<<< ours\ngopin-lock 1\n", 1, /unresolved merge conflict/);
});

test("errors: empty file", () => {
  assertLockError("", 1, /the lockfile is empty; expected the header "gopin-lock 1"/);
  assertLockError("\n\r\n  \n", 1, /empty/);
});

test("errors: missing or unknown format version says which versions this gopin reads", () => {
  assertLockError(V, 1, /missing lockfile header: line 1 must be "gopin-lock 1" \(this gopin reads lockfile format 1, 2\)/);
  assertLockError("# comment\n" + H, 1, /missing lockfile header/);
  assertLockError("gopin-lock\n" + V, 1, /no format version.*reads lockfile format 1, 2/);
  assertLockError("gopin-lock 3\n" + V, 1, /unsupported lockfile format "3": this gopin reads lockfile format 1, 2 only; upgrade gopin/);
  assertLockError("gopin-lock v1\n" + V, 1, /unsupported lockfile format "v1"/);
  assertLockError("gopin-lock 1 extra\n" + V, 1, /malformed header/);
  assertLockError(H + V + "gopin-lock 1\n", 3, /a second lockfile header/);
});

test("errors: unknown record types and policy settings", () => {
  assertLockError(H + V + "\nrequire example.com/a v1.0.0\n", 4, /unknown record type "require".*knows policy, sumdb, list, latest, missing, version and origin/);
  assertLockError(H + "policy max-age 7d\n", 2, /unknown policy setting "max-age"/);
});

test("errors: truncated or malformed lines", () => {
  assertLockError(H + V + "version example.com/a\n", 3, /truncated or malformed version record: expected "version <module> <version>/);
  assertLockError(H + "version example.com/a v1.0.0\n", 2, /needs at least one of time=, mod=, zip=/);
  assertLockError(H + `version example.com/a v1.0.0 mod=${h(1).slice(0, 20)}\n`, 2, /malformed or truncated h1: hash/);
  assertLockError(H + `version example.com/a v1.0.0 mod=sha256:abcd\n`, 2, /not an h1: hash/);
  assertLockError(H + `version example.com/a v1.0.0 time=2024-01-02T03:04 mod=${h(1)}\n`, 2, /time=2024-01-02T03:04: not an RFC 3339 time/);
  assertLockError(H + `version example.com/a v1.0.0 mod=${h(1)} size=3\n`, 2, /unknown field "size" in version record/);
  assertLockError(H + `version example.com/a v1.0.0 mod=${h(1)} mod=${h(1)}\n`, 2, /field mod= appears twice/);
  assertLockError(H + `version example.com/a v1.0.0 mod=${h(1)} zip\n`, 2, /malformed field "zip" in version record: expected key=value/);
  assertLockError(H + `version example.com/a mod=${h(1)}\n`, 2, /truncated or malformed version record/);
  assertLockError(H + `version example.com/a v1.0.0 mod=${h(1)} rec=-1\n`, 2, /rec=-1: expected a non-negative integer/);
  assertLockError(H + V + "origin example.com/a v1.0.0\n", 3, /truncated or malformed origin record/);
  assertLockError(H + V + "origin example.com/a v1.0.0 url=https://x/%zz\n", 3, /malformed %-escape/);
  assertLockError(H + V + "origin example.com/a v1.0.0 url=%FF\n", 3, /malformed %-escape/);
  assertLockError(H + "latest example.com/a\n", 2, /truncated or malformed latest record/);
  assertLockError(H + "list\n", 2, /truncated or malformed list record/);
  assertLockError(H + "policy as-of\n", 2, /truncated or malformed policy record/);
  assertLockError(H + "policy as-of 2024-06-01 00:00\n", 2, /truncated or malformed policy record/);
  assertLockError(H + "policy as-of yesterday\n", 2, /policy as-of: invalid instant "yesterday"/);
  assertLockError(H + "policy min-age 7\n", 2, /policy min-age: invalid duration "7": missing unit/);
  assertLockError(H + "sumdb sum.golang.org size=1\n", 2, /size= and hash= are required/);
  assertLockError(H + `sumdb sum.golang.org size=x hash=${h(1).slice(3)}\n`, 2, /size=x: expected a non-negative integer/);
  assertLockError(H + "sumdb sum.golang.org size=1 hash=abc=\n", 2, /expected the base64 of a 32-byte tree hash/);
});

test("errors: duplicate records name the first line", () => {
  assertLockError(H + V + "\n" + `version example.com/a v1.0.0 zip=${h(2)}\n`, 4, /duplicate version record for example.com\/a@v1.0.0 \(first on line 2\); keep one/);
  assertLockError(H + V + "origin example.com/a v1.0.0 vcs=git\norigin example.com/a v1.0.0 vcs=hg\n", 4, /duplicate origin record .*line 3/);
  assertLockError(H + "list example.com/a v1.0.0\nlist example.com/a\n", 3, /duplicate list record for example.com\/a \(first on line 2\)/);
  assertLockError(H + "latest example.com/a v1.0.0\nlatest example.com/a v1.1.0\n", 3, /duplicate latest record/);
  assertLockError(H + "policy as-of 2024-01-01\npolicy as-of 2024-01-02\n", 3, /duplicate policy as-of record \(first on line 2\)/);
  assertLockError(H + "policy min-age 7d\npolicy min-age 7d\n", 3, /duplicate policy min-age/);
  assertLockError(H + "policy exempt example.com/a@v1.0.0\npolicy exempt example.com/a@v1.0.0\n", 3, /duplicate policy exemption/);
  assertLockError(H + `sumdb s.example size=1 hash=${h(1).slice(3)}\nsumdb s.example size=2 hash=${h(1).slice(3)}\n`, 3, /duplicate sumdb record/);
  assertLockError(H + "list example.com/a v1.0.0 v1.1.0 v1.0.0\n", 2, /version v1.0.0 appears twice in the version list/);
});

test("errors: invalid module paths and versions", () => {
  assertLockError(H + `version Example.com/a v1.0.0 mod=${h(1)}\n`, 2, /malformed module path "Example.com\/a"/);
  assertLockError(H + `version example/a v1.0.0 mod=${h(1)}\n`, 2, /missing dot in first path element/);
  assertLockError(H + `version example.com/a v1.2 mod=${h(1)}\n`, 2, /invalid version "v1.2" for example.com\/a: not canonical \(expected v1.2.0\)/);
  assertLockError(H + `version example.com/a 1.2.3 mod=${h(1)}\n`, 2, /not a semantic version/);
  assertLockError(H + `version example.com/a v1.0.0+build mod=${h(1)}\n`, 2, /not canonical/);
  assertLockError(H + `version example.com/a/v2 v1.0.0 mod=${h(1)}\n`, 2, /version v1.0.0 does not belong to module example.com\/a\/v2: .*should be v2/);
  assertLockError(H + `version example.com/a v2.0.0 mod=${h(1)}\n`, 2, /does not belong to module example.com\/a/);
  assertLockError(H + "list example.com/a v1.0.0 master\n", 2, /invalid version "master" in the version list/);
  assertLockError(H + "latest example.com/a latest\n", 2, /invalid version "latest"/);
  assertLockError(H + "policy exempt example.com/a\n", 2, /expected module@version/);
  assertLockError(H + "policy exempt example.com/a@v1\n", 2, /not canonical/);
  assertLockError(H + "list example.com//a\n", 2, /malformed module path "example.com\/\/a": double slash/);
});

test("errors: an origin needs its version record", () => {
  assertLockError(H + V + "\norigin example.com/a v1.1.0 vcs=git\n", 4, /origin record for example.com\/a@v1.1.0 has no version record/);
  // ...but it may come before it (unsorted files are fine).
  const lock = parseLockfile(H + "origin example.com/a v1.0.0 vcs=git\n" + V);
  assert.deepEqual(lock.modules.get("example.com/a")?.versions.get("v1.0.0")?.origin, { vcs: "git" });
});

test("errors use the file name given", () => {
  assertLockError("gopin-lock 9\n", 1, /unsupported/, "ci/gopin.lock");
});

// ---------------------------------------------------------------------------
// Files

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "gopin-lock-test-"));
}

test("readLockfile: missing file is undefined, broken file is a LockfileError naming the path", async () => {
  const dir = await tempDir();
  try {
    const p = join(dir, "gopin.lock");
    assert.equal(await readLockfile(p), undefined);
    await writeFile(p, H + V + "version example.com/a\n");
    await assert.rejects(readLockfile(p), (e: unknown) => e instanceof LockfileError && e.file === p && e.line === 3 && e.message.startsWith(`${p}:3: `));
    await writeFile(p, CANONICAL);
    assert.deepEqual(await readLockfile(p), sample());
    await assert.rejects(readLockfile(dir), (e: unknown) => !(e instanceof LockfileError));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("writeLockfileAtomic: writes canonical text, skips identical content, leaves no temp files", async () => {
  const dir = await tempDir();
  try {
    const p = join(dir, "gopin.lock");
    assert.equal(await writeLockfileAtomic(p, sample()), true);
    assert.equal(await readFile(p, "utf8"), CANONICAL);

    const old = new Date("2020-01-01T00:00:00Z");
    await utimes(p, old, old);
    assert.equal(await writeLockfileAtomic(p, parseLockfile(CANONICAL)), false);
    assert.equal((await stat(p)).mtime.getTime(), old.getTime(), "identical content must not be rewritten");

    const changed = sample();
    moduleEntry(changed, "example.com/new").versions.set("v0.1.0", { mod: h(9) });
    assert.equal(await writeLockfileAtomic(p, changed), true);
    assert.equal(await readFile(p, "utf8"), printLockfile(changed));
    assert.notEqual((await stat(p)).mtime.getTime(), old.getTime());

    // An unprintable lock throws before anything is written.
    const invalid = sample();
    moduleEntry(invalid, "example.com/x").versions.set("v1", { mod: h(1) });
    await assert.rejects(writeLockfileAtomic(p, invalid), /refusing to write an invalid lockfile/);
    assert.equal(await readFile(p, "utf8"), printLockfile(changed));

    assert.deepEqual(await readdir(dir), ["gopin.lock"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("writeLockfileAtomic: a failed write leaves the old file and no partial file", async () => {
  const dir = await tempDir();
  try {
    const p = join(dir, "gopin.lock");
    await writeLockfileAtomic(p, sample());
    // Renaming a file over a directory fails after the temp file was written.
    const d = join(dir, "sub");
    await (await import("node:fs/promises")).mkdir(join(d, "gopin.lock"), { recursive: true });
    await assert.rejects(writeLockfileAtomic(join(d, "gopin.lock"), sample()));
    assert.deepEqual(await readdir(d), ["gopin.lock"]);
    assert.equal((await stat(join(d, "gopin.lock"))).isDirectory(), true);
    assert.equal(await readFile(p, "utf8"), CANONICAL);
    await assert.rejects(writeLockfileAtomic(join(dir, "missing", "gopin.lock"), sample()), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------
// Merge and diff

function base(): Lockfile {
  const { lock } = mergeObserved(undefined, {
    versions: [
      { path: "example.com/a", version: "v1.0.0", time: "2024-01-01T00:00:00Z", mod: h(1), zip: h(2), origin: { vcs: "git", hash: "aaa" } },
      { path: "example.com/b", version: "v0.1.0", mod: h(3) },
      { path: "example.com/unused", version: "v1.0.0", time: "2023-01-01T00:00:00Z", mod: h(4), zip: h(5) },
    ],
    lists: [{ path: "example.com/a", versions: ["v1.0.0"] }],
    latest: [{ path: "example.com/a", version: "v1.0.0", time: "2024-01-01T00:00:00Z" }],
    policy: policyFromOptions({ asOf: new Date("2024-02-01T00:00:00.500Z"), minReleaseAgeMs: 7 * 86_400_000 }),
  });
  return lock;
}

test("mergeObserved into nothing builds a lock", () => {
  const lock = base();
  assert.deepEqual(lock.policy, { asOf: "2024-02-01T00:00:00Z", minReleaseAge: "7d", exempt: [] });
  assert.deepEqual(lock.modules.get("example.com/a")?.versions.get("v1.0.0"), {
    time: "2024-01-01T00:00:00Z",
    mod: h(1),
    zip: h(2),
    origin: { vcs: "git", hash: "aaa" },
  });
  assert.deepEqual(lock.modules.get("example.com/b")?.versions.get("v0.1.0"), { mod: h(3) });
  assert.deepEqual(parseLockfile(printLockfile(lock)), lock);
});

test("mergeObserved: adds, fills in, replaces queries, keeps unused, never mutates inputs", () => {
  const before = base();
  const beforeText = printLockfile(before);
  const observed = {
    versions: [
      { path: "example.com/a", version: "v1.1.0", time: "2024-03-01T00:00:00Z", mod: h(6) },
      { path: "example.com/b", version: "v0.1.0", zip: h(7), time: "2023-06-01T00:00:00Z" },
      { path: "example.com/a", version: "v1.0.0", time: "2024-01-01T01:00:00+01:00", mod: h(1) },
    ],
    lists: [{ path: "example.com/a", versions: ["v1.1.0", "v1.0.0", "v1.1.0", "not-a-version"] }],
    latest: [{ path: "example.com/a", version: "v1.1.0", time: "2024-03-01T00:00:00Z" }],
  };
  const observedCopy = structuredClone(observed);
  const { lock, conflicts } = mergeObserved(before, observed);
  assert.deepEqual(conflicts, []);
  assert.equal(printLockfile(before), beforeText, "locked input not modified");
  assert.deepEqual(observed, observedCopy, "observed input not modified");

  const a = lock.modules.get("example.com/a")!;
  assert.deepEqual(a.versions.get("v1.1.0"), { time: "2024-03-01T00:00:00Z", mod: h(6) });
  // Same instant, different spelling: no conflict, old spelling kept.
  assert.equal(a.versions.get("v1.0.0")?.time, "2024-01-01T00:00:00Z");
  assert.deepEqual(a.list, ["v1.0.0", "v1.1.0"]);
  assert.deepEqual(a.latest, { version: "v1.1.0", time: "2024-03-01T00:00:00Z" });
  assert.deepEqual(lock.modules.get("example.com/b")?.versions.get("v0.1.0"), { mod: h(3), zip: h(7), time: "2023-06-01T00:00:00Z" });
  assert.ok(lock.modules.get("example.com/unused")?.versions.has("v1.0.0"), "unused entries are kept");
  assert.deepEqual(lock.policy, before.policy, "policy kept when none observed");
});

test("mergeObserved: a different hash, time or origin is a conflict and the lock keeps the old value", () => {
  const before = base();
  const { lock, conflicts } = mergeObserved(before, {
    versions: [
      { path: "example.com/a", version: "v1.0.0", zip: h(99), mod: h(1) },
      { path: "example.com/a", version: "v1.0.0", time: "2024-01-05T00:00:00Z", origin: { vcs: "git", hash: "bbb" } },
      { path: "example.com/b", version: "v0.1.0", mod: h(98) },
    ],
  });
  assert.deepEqual(
    conflicts.map((c) => [c.path, c.version, c.field, c.locked, c.observed]),
    [
      ["example.com/a", "v1.0.0", "zip", h(2), h(99)],
      ["example.com/a", "v1.0.0", "time", "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z"],
      ["example.com/a", "v1.0.0", "origin", "vcs=git hash=aaa", "vcs=git hash=bbb"],
      ["example.com/b", "v0.1.0", "mod", h(3), h(98)],
    ],
  );
  assert.match(conflicts[0]!.message, /example.com\/a@v1.0.0: zip hash changed: locked h1:.*upstream served h1:.*keeps the locked value/);
  assert.equal(printLockfile(lock), printLockfile(before), "nothing rewritten");
});

test("mergeObserved: an origin alone does not make a record", () => {
  const { lock } = mergeObserved(undefined, { versions: [{ path: "example.com/o", version: "v1.0.0", origin: { vcs: "git" } }] });
  assert.deepEqual(lock, emptyLockfile());
  const { lock: l2 } = mergeObserved(lock, { versions: [{ path: "example.com/o", version: "v1.0.0", mod: h(1), origin: { vcs: "git" } }] });
  assert.deepEqual(l2.modules.get("example.com/o")?.versions.get("v1.0.0"), { mod: h(1), origin: { vcs: "git" } });
  assert.deepEqual(parseLockfile(printLockfile(l2)), l2);
});

test("mergeObserved: policy is replaced when observed; an observation the lockfile cannot hold is rejected, everything else still merged", () => {
  const { lock } = mergeObserved(base(), { policy: { minReleaseAge: "14d", exempt: ["example.com/z@v1.0.0", "example.com/a@v1.0.0"] } });
  assert.deepEqual(lock.policy, { minReleaseAge: "14d", exempt: ["example.com/a@v1.0.0", "example.com/z@v1.0.0"] });
  const good = { path: "example.com/good", version: "v1.0.0", mod: h(1) };
  const m = mergeObserved(undefined, {
    versions: [
      { path: "example.com/a", version: "v1", mod: h(1) },
      { path: "example.com/a", version: "v1.0.0", zip: "h1:x" },
      { path: "example.com/a", version: "v1.0.1", time: "2023-02-30T12:00:00Z" },
      { path: "example.com/a", version: "v1.0.2", time: "2023-01-01T24:00:00Z" },
      good,
    ],
    latest: [
      { path: "example.com/a", version: "v1.0.0", time: "now" },
      { path: "example.com/b", version: "v9.9.9" },
    ],
    lists: [{ path: "nodot/a", versions: [] }],
  });
  const why = m.rejected.map((r) => `${r.kind} ${r.path}${r.version ? "@" + r.version : ""}: ${r.problem}`);
  assert.equal(why.length, 7, why.join("\n"));
  for (const [i, re] of [/not canonical/, /truncated h1: hash/, /not an RFC 3339 time/, /not an RFC 3339 time/, /missing dot/, /RFC 3339/, /should be v0 or v1, not v9/].entries()) assert.match(why[i]!, re);
  assert.deepEqual([...m.lock.modules.keys()], ["example.com/good"]);
  assert.ok(printLockfile(m.lock).includes(`version example.com/good v1.0.0 mod=${h(1)}`));
  assert.throws(() => mergeObserved(undefined, { policy: { minReleaseAge: "soon", exempt: [] } }), /min-age/);
});

test("diffLockfiles: added, changed and removed entries in lockfile order", () => {
  const before = base();
  const { lock: after } = mergeObserved(before, {
    versions: [
      { path: "example.com/a", version: "v1.1.0", time: "2024-03-01T00:00:00Z", mod: h(6) },
      { path: "example.com/b", version: "v0.1.0", zip: h(7) },
    ],
    lists: [{ path: "example.com/a", versions: ["v1.1.0"] }],
    latest: [{ path: "example.com/a", version: "v1.1.0" }],
    policy: { minReleaseAge: "14d", exempt: ["example.com/b@v0.1.0"] },
  });
  const d = diffLockfiles(before, after);
  assert.deepEqual(
    d.added.map((c) => c.key),
    ["policy exempt example.com/b@v0.1.0", "example.com/a@v1.1.0"],
  );
  assert.deepEqual(d.added[1]!.fields, [
    { field: "time", after: "2024-03-01T00:00:00Z" },
    { field: "mod", after: h(6) },
  ]);
  assert.deepEqual(
    d.changed.map((c) => [c.key, c.fields]),
    [
      ["policy min-age", [{ field: "value", before: "7d", after: "14d" }]],
      ["example.com/a/@v/list", [{ field: "versions", before: "v1.0.0", after: "v1.1.0" }]],
      [
        "example.com/a/@latest",
        [
          { field: "version", before: "v1.0.0", after: "v1.1.0" },
          { field: "time", before: "2024-01-01T00:00:00Z" },
        ],
      ],
      ["example.com/b@v0.1.0", [{ field: "zip", after: h(7) }]],
    ],
  );
  assert.deepEqual(d.changed[1]!.listAdded, ["v1.1.0"]);
  assert.deepEqual(d.changed[1]!.listRemoved, ["v1.0.0"]);
  assert.deepEqual(d.removed.map((c) => c.key), ["policy as-of"]);
  assert.equal(d.changed[3]!.path, "example.com/b");
  assert.equal(d.changed[3]!.version, "v0.1.0");
});

test("diffLockfiles: identical locks differ in nothing; no lock before means everything is added", () => {
  assert.deepEqual(diffLockfiles(base(), parseLockfile(printLockfile(base()))), { added: [], changed: [], removed: [] });
  const d = diffLockfiles(undefined, base());
  assert.deepEqual(d.added.map((c) => c.key), listLockEntries(base()).map((e) => e.key));
  assert.deepEqual(d.changed, []);
  assert.deepEqual(d.removed, []);
  assert.deepEqual(diffLockfiles(base(), undefined).removed.length, listLockEntries(base()).length);
});

test("lockEntryKey and listLockEntries", () => {
  assert.equal(lockEntryKey({ kind: "version", path: "example.com/a", version: "v1.0.0" }), "example.com/a@v1.0.0");
  assert.equal(lockEntryKey({ kind: "list", path: "example.com/a" }), "example.com/a/@v/list");
  assert.equal(lockEntryKey({ kind: "latest", path: "example.com/a" }), "example.com/a/@latest");
  assert.deepEqual(listLockEntries(base()).map((e) => e.key), [
    "policy as-of",
    "policy min-age",
    "example.com/a/@v/list",
    "example.com/a/@latest",
    "example.com/a@v1.0.0",
    "example.com/b@v0.1.0",
    "example.com/unused@v1.0.0",
  ]);
});

test("missing records: not-found answers parse, print in order (list, latest, versions, queries) and round-trip", () => {
  const text = [
    LOCKFILE_HEADER,
    "missing example.com/a @v/v1.0.0",
    "missing example.com/a @v/my%20branch",
    "missing example.com/a @latest",
    "missing example.com/a @v/list",
    "missing example.com/a @v/v0.9.0",
    "",
  ].join("\n");
  const lock = parseLockfile(text);
  assert.deepEqual([...lock.modules.get("example.com/a")!.missing!].sort(), ["@latest", "@v/list", "@v/my branch", "@v/v0.9.0", "@v/v1.0.0"]);
  const printed = printLockfile(lock);
  assert.match(printed, /^gopin-lock 2\n/, "a lock with missing records is format 2");
  assert.match(printLockfile(parseLockfile(`${LOCKFILE_HEADER}\nlist example.com/a v1.0.0\n`)), /^gopin-lock 1\n/, "one without stays format 1");
  assert.match(printed, /\nmissing example.com\/a @v\/list\nmissing example.com\/a @latest\nmissing example.com\/a @v\/v0.9.0\nmissing example.com\/a @v\/v1.0.0\nmissing example.com\/a @v\/my%20branch\n$/);
  assert.equal(printLockfile(parseLockfile(printed)), printed);
  assert.deepEqual(
    diffLockfiles(undefined, lock).added.map((c) => c.key),
    ["example.com/a/@v/list not found", "example.com/a/@latest not found", "example.com/a/@v/v0.9.0 not found", "example.com/a/@v/v1.0.0 not found", "example.com/a/@v/my branch not found"],
  );
  for (const [line, re] of [
    ["missing example.com/a", /truncated or malformed missing record/],
    ["missing example.com/a list", /expected @v\/list, @latest or @v\/<version>/],
    ["missing example.com/a @v/list\nmissing example.com/a @v/list", /duplicate missing record/],
  ] as const) {
    assert.throws(() => parseLockfile(`${LOCKFILE_HEADER}\n${line}\n`), re, line);
  }
});

test("merging not-found answers: added unless the lock holds the answer found; an answer found now drops its not-found record", () => {
  const base = parseLockfile(`${LOCKFILE_HEADER}\nlist example.com/a v1.0.0\nmissing example.com/b @v/list\nmissing example.com/b @v/v1.0.0\n`);
  const { lock } = mergeObserved(base, {
    missing: [
      { path: "example.com/a", answer: "@v/list" },
      { path: "example.com/c/sub", answer: "@v/v1.0.0" },
    ],
    lists: [{ path: "example.com/b", versions: ["v1.0.0"] }],
  });
  assert.equal(lock.modules.get("example.com/a")!.missing, undefined, "a locked list is not contradicted");
  assert.deepEqual([...lock.modules.get("example.com/b")!.missing!], ["@v/v1.0.0"], "the list was found now");
  assert.deepEqual([...lock.modules.get("example.com/c/sub")!.missing!], ["@v/v1.0.0"]);
});
