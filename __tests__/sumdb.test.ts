// The checksum database: src/sumdb against the vendored x/mod (differential),
// and end to end with the x/mod test server (sumdb.NewServer over
// sumdb.NewTestServer, run by the oracle binary), gopin run, and the real go
// command verifying through gopin.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { startOracle, type Oracle } from "./helpers/oracle.js";
import { buildAll, h1Sums, writeMainModule, type BuiltModule, type FixtureModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir, type GoResult } from "./helpers/go.js";
import { CLI, startGopin, get } from "./helpers/gopin.js";
import { startSumdbServer, type SumdbServer } from "./helpers/sumdb-server.js";
import * as tlog from "../src/sumdb/tlog.js";
import { openNote, parseVerifierKey, keyHash } from "../src/sumdb/note.js";
import { parseGoSumdb } from "../src/sumdb/config.js";
import { childGoEnv, withChildEnv } from "../src/core/child-env.js";
import { modulePath } from "../src/protocol/module-file.js";

let oracle: Oracle;
before(async () => {
  oracle = await startOracle();
});
after(async () => {
  await oracle?.close();
});

async function ask(op: string, args: unknown[] = []): Promise<any> {
  const a = await oracle.ask(op, args);
  if (!a.ok) throw new Error(`${op}: ${a.err}`);
  return a.out;
}
const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64");

describe("tlog (differential against x/mod/sumdb/tlog)", () => {
  test("record and node hashes, stored-hash numbering", async () => {
    for (const d of ["", "a", "example.com/m v1.0.0 h1:x\n"]) {
      assert.equal(b64(tlog.recordHash(Buffer.from(d))), await ask("tlog.RecordHash", [b64(d)]));
    }
    const l = tlog.recordHash("l");
    const r = tlog.recordHash("r");
    assert.equal(b64(tlog.nodeHash(l, r)), await ask("tlog.NodeHash", [b64(l), b64(r)]));
    const cases: Array<[number, number]> = [];
    for (let level = 0; level < 6; level++) for (const n of [0, 1, 2, 3, 7, 100, 12345, 2 ** 33 + 5]) cases.push([level, n]);
    for (const [level, n] of cases) {
      const i = tlog.storedHashIndex(level, n);
      assert.equal(String(i), await ask("tlog.StoredHashIndex", [String(level), String(n)]), `StoredHashIndex(${level}, ${n})`);
      const [gl, gn] = await ask("tlog.SplitStoredHashIndex", [String(i)]);
      assert.deepEqual(tlog.splitStoredHashIndex(i), { level: Number(gl), n: Number(gn) });
    }
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 257, 1000003, 2 ** 40 + 3]) {
      assert.equal(String(tlog.storedHashCount(n)), await ask("tlog.StoredHashCount", [String(n)]), `StoredHashCount(${n})`);
    }
  });

  test("tiles: index to tile, paths both ways", async () => {
    for (const h of [1, 2, 8]) {
      for (const index of [0, 1, 2, 3, 4, 5, 6, 100, 511, 512, 513, 65536, 1234567, 2 ** 36 + 17]) {
        const t = tlog.tileForIndex(h, index).tile;
        const g = await ask("tlog.TileForIndex", [String(h), String(index)]);
        assert.deepEqual(t, g, `TileForIndex(${h}, ${index})`);
        assert.equal(tlog.tilePath(t), await ask("tlog.TilePath", [String(t.h), String(t.l), String(t.n), String(t.w)]));
      }
    }
    const paths = [
      "tile/8/0/000", "tile/8/0/001.p/5", "tile/8/1/x001/x234/067", "tile/8/data/002", "tile/8/data/002.p/9",
      "tile/8/0/1", "tile/8/0/000.p/256", "tile/8/0/000.p/0", "tile/0/0/000", "tile/31/0/000", "tile/8/-1/000",
      "tile/8/0/x000/001", "tile/8/0/x001", "tile/8/0/1000", "tile/8/0", "tiles/8/0/000", "tile/8/0/000.p/", "tile/8/0/+01",
      "tile/3/5/x123/x456/789.p/7", "tile/8/0/000.p/05",
    ];
    for (const p of paths) {
      const g = await oracle.ask("tlog.ParseTilePath", [p]);
      let mine: tlog.Tile | undefined;
      try {
        mine = tlog.parseTilePath(p);
      } catch {
        mine = undefined;
      }
      if (g.ok) assert.deepEqual(mine, g.out, `ParseTilePath(${p})`);
      else assert.equal(mine, undefined, `ParseTilePath(${p}) should fail: ${g.err}`);
    }
  });

  test("tree hashes and tile-authenticated reads for every prefix of a log", async () => {
    const records = Array.from({ length: 300 }, (_, i) => Buffer.from(`example.com/m${i} v1.0.${i} h1:${"x".repeat(i % 7)}=\n`));
    const built = (await ask("tlog.Build", [records.map(b64), "2"])) as { roots: string[]; tiles: Record<string, string> };
    const tiles = new Map(Object.entries(built.tiles).map(([k, v]) => [k, Buffer.from(v, "base64")]));
    const src = (tamper?: string): tlog.TileSource => ({
      height: 2,
      readTiles: async (ts) =>
        ts.map((t) => {
          const d = tiles.get(tlog.tilePath(t));
          if (!d) throw new Error(`no tile ${tlog.tilePath(t)}`);
          if (tlog.tilePath(t) === tamper) {
            const c = Buffer.from(d);
            c[0]! ^= 1;
            return c;
          }
          return d;
        }),
      saveTiles: async () => {},
    });
    // Our own hashes, stored incrementally the way the test server does.
    const stored: Buffer[] = [];
    const mem: tlog.HashReader = async (idx) => idx.map((i) => stored[i]!);
    for (let n = 0; n <= records.length; n++) {
      assert.equal(b64(await tlog.treeHash(n, mem)), built.roots[n], `tree hash of size ${n}`);
      if (n > 0 && (n < 40 || n % 37 === 0 || n === records.length)) {
        const tree = { n, hash: Buffer.from(built.roots[n]!, "base64") };
        const read = tlog.tileHashReader(tree, src());
        // Every earlier tree is a prefix; every record is in the tree.
        for (const k of [1, Math.floor(n / 2), n - 1, n]) {
          assert.equal(b64(await tlog.treeHash(k, read)), built.roots[k], `tree ${k} inside tree ${n}`);
        }
        for (const id of [0, n - 1, Math.floor(n / 3)]) {
          const [h] = await read([tlog.storedHashIndex(0, id)]);
          assert.ok(h!.equals(tlog.recordHash(records[id]!)), `record ${id} in tree ${n}`);
        }
      }
      if (n < records.length) stored.push(...(await tlog.storedHashesForRecordHash(n, tlog.recordHash(records[n]!), mem)));
    }
    // A flipped byte in any tile the proof uses is caught.
    const tree = { n: 300, hash: Buffer.from(built.roots[300]!, "base64") };
    const leafTile = tlog.tileForIndex(2, tlog.storedHashIndex(0, 275)).tile;
    const leafPath = tlog.tilePath(tlog.fullTile(leafTile));
    await assert.rejects(tlog.tileHashReader(tree, src(leafPath))([tlog.storedHashIndex(0, 275)]), /inconsistent tile/);
    const upper = tlog.tilePath(tlog.tileParent(tlog.tileForIndex(2, tlog.storedHashIndex(0, 5)).tile, 1, 300));
    await assert.rejects(tlog.tileHashReader(tree, src(upper))([tlog.storedHashIndex(0, 5)]), /inconsistent tile/);

    // Tiles remembered as authenticated against this tree: the same answers,
    // flipped bytes still caught, and only bytes that passed are taken on trust.
    const authenticated = new Map<string, Buffer>();
    const withMemo = (tamper?: string, t = tree) => tlog.tileHashReader(t, { ...src(tamper), authenticated });
    for (const id of [0, 5, 150, 275, 299, 5]) {
      const [h] = await withMemo()([tlog.storedHashIndex(0, id)]);
      assert.ok(h!.equals(tlog.recordHash(records[id]!)), `record ${id} through remembered tiles`);
    }
    assert.ok(authenticated.has(leafPath) && authenticated.has(upper), "the tiles that passed are remembered");
    await assert.rejects(withMemo(leafPath)([tlog.storedHashIndex(0, 275)]), /inconsistent tile/);
    await assert.rejects(withMemo(upper)([tlog.storedHashIndex(0, 5)]), /inconsistent tile/);
    // The memory is per tree (the client keeps one per tree head): with it, a
    // reader does not hash the root tiles again, so a tree that is not the
    // one they passed against is not noticed; without it, it is.
    const other = { n: 300, hash: Buffer.alloc(32, 9) };
    await withMemo(undefined, other)([tlog.storedHashIndex(0, 275)]);
    await assert.rejects(tlog.tileHashReader(other, src())([tlog.storedHashIndex(0, 275)]), /inconsistent tile/);
  });

  test("tree notes and lookup records parse like x/mod's", async () => {
    const texts = [
      "go.sum database tree\n5\n" + b64(Buffer.alloc(32, 7)) + "\n",
      "go.sum database tree\n5\n" + b64(Buffer.alloc(32, 7)) + "\nextra\n",
      "go.sum database tree\n05\n" + b64(Buffer.alloc(32, 7)) + "\n",
      "go.sum database tree\n-1\n" + b64(Buffer.alloc(32, 7)) + "\n",
      "go.sum database tree\n5\n" + b64(Buffer.alloc(31, 7)) + "\n",
      "go.sum database tree\n5\n",
      "go.sum tree\n5\n" + b64(Buffer.alloc(32, 7)) + "\n",
    ];
    for (const t of texts) {
      const g = await oracle.ask("tlog.ParseTree", [b64(t)]);
      let mine: { n: string; hash: string } | undefined;
      try {
        const x = tlog.parseTree(t);
        mine = { n: String(x.n), hash: b64(x.hash) };
      } catch {
        mine = undefined;
      }
      assert.deepEqual(mine, g.ok ? g.out : undefined, JSON.stringify(t));
    }
    const recs = ["12\nexample.com/m v1.0.0 h1:a=\n\nnote", "x\nm\n\n", "3\n\n\n", "3\nm\n", "-1\nm v\n\nrest", "4\nm\n\n\nrest", "5\nm\tv\n\n"];
    for (const r of recs) {
      const g = await oracle.ask("tlog.ParseRecord", [b64(r)]);
      let mine: unknown;
      try {
        const x = tlog.parseRecord(Buffer.from(r));
        mine = { id: String(x.id), text: b64(x.text), rest: b64(x.rest) };
      } catch {
        mine = undefined;
      }
      assert.deepEqual(mine, g.ok ? g.out : undefined, JSON.stringify(r));
    }
  });
});

describe("note (differential against x/mod/sumdb/note)", () => {
  test("verifier keys: Go's format, key hash, and the built-in sum.golang.org key", async () => {
    const { vkey } = await ask("note.GenerateKey", ["example.test"]);
    const v = parseVerifierKey(vkey);
    const g = await ask("note.NewVerifier", [vkey]);
    assert.deepEqual({ name: v.name, hash: v.keyHash }, g);
    const builtin = parseGoSumdb("sum.golang.org")!;
    const gb = await ask("note.NewVerifier", [builtin.key]);
    assert.deepEqual({ name: builtin.verifier.name, hash: builtin.verifier.keyHash }, gb);
    const keyText = builtin.key.slice("sum.golang.org+033de0ae+".length);
    assert.equal(builtin.verifier.keyHash, keyHash("sum.golang.org", Buffer.from(keyText, "base64")));
    assert.equal(builtin.verifier.keyHash, 0x033de0ae);
    const bad = [vkey.replace(/\+[0-9a-f]{8}\+/, "+00000000+"), vkey.slice(0, -4), "name+0123abcd", "+" + vkey, vkey.replace(/^[^+]+/, "has space"), "x+zzzzzzzz+AQ=="];
    for (const k of bad) {
      const go = await oracle.ask("note.NewVerifier", [k]);
      assert.equal(go.ok, false, k);
      assert.throws(() => parseVerifierKey(k), Error, k);
    }
  });

  test("signed notes: valid, forged, unknown key, malformed", async () => {
    const a = await ask("note.GenerateKey", ["a.example"]);
    const b = await ask("note.GenerateKey", ["b.example"]);
    const text = "go.sum database tree\n3\n" + b64(Buffer.alloc(32, 1)) + "\n";
    const signedA = Buffer.from(await ask("note.Sign", [text, [a.skey]]), "base64");
    const signedAB = Buffer.from(await ask("note.Sign", [text, [a.skey, b.skey]]), "base64");
    const forged = Buffer.from(signedA);
    forged[forged.length - 10]! ^= 4;
    const cases: Array<[Buffer, string[]]> = [
      [signedA, [a.vkey]],
      [signedAB, [a.vkey]],
      [signedAB, [a.vkey, b.vkey]],
      [signedA, [b.vkey]],
      [forged, [a.vkey]],
      [Buffer.from(text), [a.vkey]],
      [Buffer.from(text + "\n— a.example AAAA\n"), [a.vkey]],
      [Buffer.concat([signedA.subarray(0, 5), Buffer.from([0x01]), signedA.subarray(5)]), [a.vkey]],
    ];
    for (const [msg, keys] of cases) {
      const g = await oracle.ask("note.Open", [b64(msg), keys]);
      let mine: unknown;
      let err = "";
      try {
        const n = openNote(msg, keys.map(parseVerifierKey));
        mine = { text: n.text, sigs: n.sigs.map((s) => ({ name: s.name, hash: s.keyHash })), unverified: n.unverified.length ? n.unverified.map((s) => ({ name: s.name, hash: s.keyHash })) : null };
      } catch (e) {
        err = (e as Error).message;
      }
      if (g.ok) assert.deepEqual(mine, { ...(g.out as object), unverified: (g.out as any).unverified ?? null }, `open ${JSON.stringify(msg.toString())}`);
      else assert.equal(err, g.err, `open ${JSON.stringify(msg.toString())} should fail like Go`);
    }
  });

  test("GOSUMDB forms", () => {
    assert.equal(parseGoSumdb("off"), undefined);
    const d = parseGoSumdb("sum.golang.org")!;
    assert.equal(d.direct, "https://sum.golang.org");
    assert.equal(d.goValue, "sum.golang.org");
    const k = parseGoSumdb(`${d.key} http://127.0.0.1:9/db`)!;
    assert.equal(k.url, "http://127.0.0.1:9/db");
    assert.equal(k.goValue, "sum.golang.org");
    assert.throws(() => parseGoSumdb("a b c"), /too many fields/);
    assert.throws(() => parseGoSumdb("unknown.example"), /malformed verifier id/);
    const env = withChildEnv({ GONOSUMDB: "x", GOPRIVATE: "y" }, childGoEnv("http://127.0.0.1:1", { sumdbConfig: k, noSumDb: "corp.example", goPrivate: "" }));
    assert.equal(env.GOSUMDB, "sum.golang.org");
    assert.equal(env.GONOSUMDB, "corp.example");
    assert.equal(env.GOPRIVATE, undefined, "no private patterns: GOPRIVATE is not set");
  });
});

// ---------------------------------------------------------------------------
// End to end

const DB = "sum.gopin.test";

const MODS: FixtureModule[] = [
  { path: "example.com/alpha", version: "v1.0.0", time: "2023-01-05T10:00:00Z" },
  { path: "example.com/beta", version: "v1.1.0", time: "2023-02-05T10:00:00Z" },
  // Looks old (a backdated commit), but is published after the lock was made.
  { path: "example.com/gamma", version: "v1.0.0", time: "2022-06-01T00:00:00Z" },
  { path: "example.com/junk", version: "v1.0.0", time: "2022-06-01T00:00:00Z" },
];

describe("end to end with the x/mod checksum-database test server", () => {
  let built: BuiltModule[];
  let up: FixtureUpstream;
  let keys: { skey: string; vkey: string };
  let other: { skey: string; vkey: string };
  const stops: Array<() => Promise<void>> = [];
  before(async () => {
    built = await buildAll(MODS);
    up = await startFixtureUpstream(built);
    stops.push(() => up.stop());
    keys = await ask("note.GenerateKey", [DB]);
    other = await ask("note.GenerateKey", [DB]);
  });
  after(async () => {
    // Last started, first stopped: gopin before the servers it talks to.
    // The fixture upstream's close() does not always call back here (its
    // sockets are already gone); do not let that hold the suite.
    for (const s of stops.reverse()) await Promise.race([s(), new Promise((r) => setTimeout(r, 3000).unref())]);
  });

  const mod = (p: string) => built.find((b) => b.path === p)!;
  const A = "example.com/alpha";
  const B = "example.com/beta";
  const G = "example.com/gamma";

  async function server(mods = built): Promise<SumdbServer> {
    const s = await startSumdbServer(oracle.bin, keys.skey, mods);
    stops.push(() => s.stop());
    return s;
  }

  function project(paths: string[]): { dir: string; lock: string } {
    const dir = tempDir("gopin-sumproj-");
    writeMainModule(dir, paths.map((p) => ({ path: p, version: mod(p).version })));
    return { dir, lock: join(dir, "gopin.lock") };
  }

  async function run(p: { dir: string }, sumdb: string, flags: string[], script: string, store: string): Promise<GoResult & { report: any; root: string }> {
    const root = tempDir("gopin-sumrun-");
    const reportFile = join(root, "report.json");
    const args = [CLI, "run", "--upstream", up.url, "--private", "", "--store", store, "--sumdb", sumdb, "--report", reportFile, ...flags, "--", "sh", "-c", script];
    const r = await runCommand(process.execPath, args, { cwd: p.dir, env: goEnv(root), timeoutMs: 180_000 });
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : undefined;
    return { ...r, report, root };
  }

  /** A directory called `name` that holds a file called `file`, anywhere under `root`. */
  function findDirWith(root: string, name: string, file: string): string | undefined {
    for (const e of readdirSync(root)) {
      const p = join(root, e);
      if (!statSync(p).isDirectory()) continue;
      if (e === name && existsSync(join(p, file))) return p;
      const f = findDirWith(p, name, file);
      if (f) return f;
    }
    return undefined;
  }

  test("record: go verifies through gopin, gopin verifies independently and pins tree head and record numbers; verify needs no network", async () => {
    const s = await server();
    const p = project([A, B]);
    const store = tempDir("gopin-sumstore-");
    const r = await run(p, `${keys.vkey} ${s.url}`, ["--mode", "record"], "go mod tidy && go build ./...", store);
    assert.equal(r.code, 0, r.stderr);
    const lock = readFileSync(p.lock, "utf8");
    const head = new RegExp(`^sumdb ${DB.replace(/\./g, "\\.")} size=(\\d+) hash=(\\S+) note=(\\S+)$`, "m").exec(lock);
    assert.ok(head, lock);
    const size = Number(head[1]);
    assert.equal(size, 2);
    for (const path of [A, B]) assert.match(lock, new RegExp(`^version ${path} \\S+ .*rec=[01]$`, "m"));
    // The go command looked the modules up itself, through gopin's /sumdb/.
    assert.ok(existsSync(join(r.root, "modcache", "cache", "download", "sumdb", DB, "lookup")), "go's sumdb cache has lookups");
    assert.ok(findDirWith(r.root, DB, "latest"), "go keeps its latest tree head");
    assert.equal(r.report.sumdb.verifiedHashes, 4);
    assert.equal(r.report.sumdb.treeHead.size, 2);
    // Full tiles and lookups are in the store; the latest head is persisted.
    assert.ok(existsSync(join(store, "sumdb", DB, "lookup")));
    assert.ok(existsSync(join(store, ".gopin-sumdb", DB, "latest")));

    // Verify with the database gone: the lock alone is checked (no network).
    await s.stop();
    const v = await run(p, `${keys.vkey} ${s.url}`, [], "go build ./...", tempDir("gopin-sumstore-"));
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.report.verdict, "pass");
    assert.deepEqual(v.report.sumdb.problems, []);

    // A record number at or beyond the locked tree size: not public when the lock was made.
    writeFileSync(p.lock, lock.replace(new RegExp(`^(version ${B} .*rec=)\\d+$`, "m"), `$1${size}`));
    const late = await run(p, `${keys.vkey} ${s.url}`, [], "go build ./...", tempDir("gopin-sumstore-"));
    assert.notEqual(late.code, 0);
    const row = late.report.refused.find((x: any) => x.module === B);
    assert.ok(row, JSON.stringify(late.report.refused));
    assert.match(row.reason, /at or beyond the locked tree size 2/);

    // A locked head whose note does not verify (wrong key) is a violation.
    writeFileSync(p.lock, lock);
    const wrong = await run(p, `${other.vkey} ${s.url}`, [], "go build ./...", tempDir("gopin-sumstore-"));
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.report.sumdb.problems.join("\n"), /does not verify/);
  });

  test("the sumdb line stays while the locked tree head covers every locked record, and moves when a newer head is needed", async () => {
    const s = await server();
    const db = `${keys.vkey} ${s.url}`;
    const p = project([A, B]);
    const line = () => /^sumdb .*$/m.exec(readFileSync(p.lock, "utf8"))![0];
    const r1 = await run(p, db, ["--mode", "record"], "go mod tidy && go build ./...", tempDir("gopin-sumstore-"));
    assert.equal(r1.code, 0, r1.stderr);
    const first = line();
    assert.match(first, / size=2 /);
    // The database grows; a re-record of the same versions keeps the line.
    assert.equal((await get(`${s.url}/lookup/${G}@${mod(G).version}`)).status, 200);
    const r2 = await run(p, db, ["--mode", "record"], "go build ./...", tempDir("gopin-sumstore-"));
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(r2.report.sumdb.treeHead.size, 3, "gopin verified against the newer head");
    assert.equal(line(), first, "the locked head still covers every locked record");
    // A version whose record is beyond the locked head needs the newer one.
    writeMainModule(p.dir, [A, B, G].map((x) => ({ path: x, version: mod(x).version })));
    const r3 = await run(p, db, ["--mode", "record"], "go mod tidy && go build ./...", tempDir("gopin-sumstore-"));
    assert.equal(r3.code, 0, r3.stderr);
    assert.match(line(), / size=3 /);
  });

  test("a hash that disagrees with the database is refused, naming both hashes", async () => {
    const b = mod(B);
    const fake = "h1:" + Buffer.alloc(32, 9).toString("base64");
    const s = await startSumdbServer(oracle.bin, keys.skey, built);
    stops.push(() => s.stop());
    s.setSums(built, { [`${B}@${b.version}`]: `${B} ${b.version} ${fake}\n${B} ${b.version}/go.mod ${h1Sums(b).goModSum}\n` });
    const p = project([A, B]);
    const r = await run(p, `${keys.vkey} ${s.url}`, ["--mode", "record"], "go mod tidy && go build ./...", tempDir("gopin-sumstore-"));
    assert.notEqual(r.code, 0);
    const row = r.report.refused.find((x: any) => x.module === B && x.request === "zip");
    assert.ok(row, JSON.stringify(r.report.refused));
    assert.match(row.reason, /SECURITY ERROR/);
    assert.ok(row.reason.includes(fake) && row.reason.includes(h1Sums(b).sum), row.reason);
    assert.doesNotMatch(readFileSync(p.lock, "utf8"), new RegExp(`zip=${fake.replace(/[+/]/g, ".")}`));
  });

  for (const fault of ["sig", "tile"] as const) {
    test(`a ${fault === "sig" ? "forged signature" : "tampered tile"} is caught before anything is locked`, async () => {
      const s = await server();
      await s.fault(fault);
      const p = project([A, B]);
      const r = await run(p, `${keys.vkey} ${s.url}`, ["--mode", "record"], "go mod tidy && go build ./...", tempDir("gopin-sumstore-"));
      assert.notEqual(r.code, 0);
      const reasons = (r.report?.refused ?? []).map((x: any) => x.reason).join("\n");
      assert.match(reasons, fault === "sig" ? /does not verify|invalid signature/ : /inconsistent tile/, r.stderr);
      assert.doesNotMatch(existsSync(p.lock) ? readFileSync(p.lock, "utf8") : "", /^version /m);
    });
  }

  test("the wrong key is refused", async () => {
    const s = await server();
    const p = project([A]);
    const r = await run(p, `${other.vkey} ${s.url}`, ["--mode", "record"], "go mod tidy && go build ./...", tempDir("gopin-sumstore-"));
    assert.notEqual(r.code, 0);
    assert.match((r.report?.refused ?? []).map((x: any) => x.reason).join("\n"), /no verifiable signatures/);
  });

  test("inconsistent tree heads across runs (a forked log) are a violation", async () => {
    const store = tempDir("gopin-sumstore-");
    const s1 = await server();
    const p1 = project([A, B]);
    assert.equal((await run(p1, `${keys.vkey} ${s1.url}`, ["--mode", "record"], "go mod tidy && go build ./...", store)).code, 0);
    await s1.stop();
    // Same key, different history: junk first, so the new tree does not extend the old one.
    const s2 = await server();
    for (const m of ["example.com/junk@v1.0.0", `${A}@v1.0.0`, `${B}@v1.1.0`]) assert.equal((await get(`${s2.url}/lookup/${m}`)).status, 200);
    const p2 = project([A, B, G]);
    const r = await run(p2, `${keys.vkey} ${s2.url}`, ["--mode", "record"], "go mod tidy && go build ./...", store);
    assert.notEqual(r.code, 0);
    assert.match((r.report?.refused ?? []).map((x: any) => x.reason).join("\n"), /SECURITY ERROR.*forked/s);
  });

  test("the database as the clock: under the lock's as-of, a version whose record is beyond the locked tree is refused even with an old commit time", async () => {
    const s = await server();
    // alpha and beta have long been in the database (records 0 and 1).
    for (const m of [`${A}@v1.0.0`, `${B}@v1.1.0`]) assert.equal((await get(`${s.url}/lookup/${m}`)).status, 200);
    const store = tempDir("gopin-sumstore-");
    const p = project([A, B]);
    const r1 = await run(p, `${keys.vkey} ${s.url}`, ["--mode", "record", "--as-of", "2024-01-01"], "go mod tidy && go build ./...", store);
    assert.equal(r1.code, 0, r1.stderr);
    assert.ok(r1.report.sumdb.timeWindow.length > 0, "time-window decisions are reported");
    assert.ok(r1.report.sumdb.timeWindow.every((v: any) => v.verdict === "admitted"));
    // gamma's commit says 2022, but the database only gets it now.
    writeMainModule(p.dir, [A, B, G].map((x) => ({ path: x, version: mod(x).version })));
    const r2 = await run(p, `${keys.vkey} ${s.url}`, ["--mode", "record"], "go mod tidy && go build ./...", store);
    assert.notEqual(r2.code, 0);
    const v = r2.report.sumdb.timeWindow.find((x: any) => x.module === G);
    assert.equal(v.verdict, "refused");
    assert.equal(v.evidence, "sumdb");
    assert.equal(v.rule, "as-of");
    assert.match(r2.report.refused.find((x: any) => x.module === G).reason, /record 2 is at or beyond the tree size 2 locked/);
  });

  test("a stored zip the checksum database contradicts (a poisoned store) is evicted, reported, and the upstream's copy served and locked", async () => {
    const s = await server();
    const store = tempDir("gopin-sumstore-");
    const [evil] = await buildAll([{ path: A, version: "v1.0.0", time: "2023-01-05T10:00:00Z", files: { "alpha.go": "package alpha\n\n// Hello is not what the author published.\nfunc Hello() string { return \"evil\" }\n" } }]);
    const zipFile = join(store, modulePath({ module: A, kind: "zip", version: "v1.0.0" }));
    mkdirSync(dirname(zipFile), { recursive: true });
    writeFileSync(zipFile, evil!.zip);
    const p = project([A]);
    const r = await run(p, `${keys.vkey} ${s.url}`, ["--mode", "record"], `go mod download -json ${A}@v1.0.0`, store);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(p.lock, "utf8").includes(`zip=${h1Sums(mod(A)).sum}`));
    assert.match(r.report.evicted.map((e: any) => `${e.rel}: ${e.reason}`).join("\n"), new RegExp(`${A}/@v/[^/]+\\.zip: the checksum database contradicts the store's copy`));
    assert.deepEqual(readFileSync(zipFile), mod(A).zip, "the store holds the upstream's zip");
  });

  test("record mode asks the database beside the fetch: a fresh .mod is served before gopin's verdict, and go's /lookup of it waits until the lock on disk holds it", async () => {
    const s = await server();
    // A relay in front of the database that holds every /lookup until released.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = 0;
    const gate = createServer((req, res) => {
      const forward = () => {
        const t = new URL(s.url);
        const up = httpRequest({ host: t.hostname, port: t.port, path: req.url, method: req.method }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on("error", () => res.destroy());
        up.end();
      };
      if (req.url?.includes("/lookup/")) {
        held++;
        void released.then(forward);
      } else forward();
    });
    await new Promise<void>((r) => gate.listen(0, "127.0.0.1", r));
    stops.push(() => new Promise<void>((r) => {
      release();
      gate.closeAllConnections();
      gate.close(() => r());
    }));
    const root = tempDir("gopin-sumserve-");
    const lock = join(root, "gopin.lock");
    const a = mod(A);
    const g = await startGopin({ store: tempDir("gopin-sumstore-"), upstream: up.url, logFile: join(root, "log"), env: goEnv(root), extraArgs: ["--mode", "record", "--lockfile", lock, "--sumdb", `${keys.vkey} http://127.0.0.1:${(gate.address() as AddressInfo).port}`] });
    stops.push(async () => void (await g.stop()));
    const timeout = (ms: number) => new Promise<"pending">((r) => setTimeout(() => r("pending"), ms));
    const gomod = await Promise.race([get(`${g.url}/${A}/@v/${a.version}.mod`), timeout(10_000)]);
    if (gomod === "pending") assert.fail("the .mod answer waited for the checksum database");
    assert.equal(gomod.status, 200);
    for (let i = 0; i < 250 && held === 0; i++) await timeout(20);
    assert.equal(held, 1, "gopin asked the database for the version it fetched");
    assert.doesNotMatch(existsSync(lock) ? readFileSync(lock, "utf8") : "", new RegExp(a.version.replace(/\./g, "\\.")), "nothing is locked before the database has spoken");
    const lookup = get(`${g.url}/sumdb/${DB}/lookup/${A}@${a.version}`);
    assert.equal(await Promise.race([lookup, timeout(300)]), "pending");
    release();
    const answered = await lookup;
    assert.equal(answered.status, 200, answered.text);
    // go goes on once its lookup is answered: by then the lock on disk holds the version.
    assert.ok(readFileSync(lock, "utf8").includes(h1Sums(a).goModSum), readFileSync(lock, "utf8"));
  });

  test("the proxy protocol: supported, private lookups refused locally, tiles served", async () => {
    const s = await server();
    const store = tempDir("gopin-sumstore-");
    const root = tempDir("gopin-sumserve-");
    const g = await startGopin({ store, upstream: up.url, logFile: join(root, "log"), env: goEnv(root), extraArgs: ["--sumdb", `${keys.vkey} ${s.url}`, "--nosumdb", "example.com/beta"] });
    stops.push(async () => void (await g.stop()));
    assert.equal((await get(`${g.url}/sumdb/${DB}/supported`)).status, 200);
    assert.equal((await get(`${g.url}/sumdb/other.example/supported`)).status, 404);
    const priv = await get(`${g.url}/sumdb/${DB}/lookup/${B}@v1.1.0`);
    assert.equal(priv.status, 403);
    assert.match(priv.text, /private patterns/);
    // The private lookup never reached the database: its tree is still empty.
    assert.match((await get(`${s.url}/latest`)).text, /^go\.sum database tree\n0\n/);
    const ok = await get(`${g.url}/sumdb/${DB}/lookup/${A}@v1.0.0`);
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /^0\nexample\.com\/alpha v1\.0\.0 h1:/);
    const latest = await get(`${g.url}/sumdb/${DB}/latest`);
    assert.match(latest.text, /^go\.sum database tree\n1\n/);
    const tile = await get(`${g.url}/sumdb/${DB}/tile/8/0/000.p/1`);
    assert.equal(tile.status, 200);
    assert.equal(tile.body.length, 32);
  });
});
