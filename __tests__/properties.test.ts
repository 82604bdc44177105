// Property-based tests (fast-check): the module-path codec, Go version
// ordering, and the lockfile parser/printer. Seeds are printed on failure;
// GOPIN_FC_SEED reproduces a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { escapePath, unescapePath, escapeVersion, unescapeVersion, isValidModulePath, GoModError } from "../src/gomod/escape.js";
import { compare, canonical, isValid, sort } from "../src/gomod/semver.js";
import { parseLockfile, printLockfile, emptyLockfile, moduleEntry, LockfileError, type Lockfile } from "../src/lock/index.js";
import { mergeObserved } from "../src/lock/merge.js";
import { RunningLock } from "../src/lock/running-lock.js";
import { Journal } from "../src/journal/journal.js";

const params = { numRuns: 400, ...(process.env.GOPIN_FC_SEED ? { seed: Number(process.env.GOPIN_FC_SEED) } : {}) };

// ---------------------------------------------------------------- generators

const lower = "abcdefghijklmnopqrstuvwxyz";
const label = fc.string({ unit: fc.constantFrom(...(lower + "0123456789").split("")), minLength: 1, maxLength: 8 });
const host = fc.tuple(label, fc.constantFrom("com", "org", "net", "example", "io")).map(([a, b]) => `${a}.${b}`);
const segChar = fc.constantFrom(...(lower + lower.toUpperCase() + "0123456789-._~").split(""));
const segment = fc.string({ unit: segChar, minLength: 1, maxLength: 10 });
/** Module paths as Go accepts them (generated loosely, then filtered by CheckPath). */
const modulePath = fc
  .tuple(host, fc.array(segment, { minLength: 0, maxLength: 4 }))
  .map(([h, segs]) => [h, ...segs].join("/"))
  .filter(isValidModulePath);

const ident = fc.oneof(
  fc.nat({ max: 30 }).map(String),
  // Numeric identifiers with leading zeros are invalid in semver.
  fc.string({ unit: fc.constantFrom(..."abcXYZ-0123".split("")), minLength: 1, maxLength: 5 }).filter((s) => !/^0\d+$/.test(s)),
);
const version = fc
  .tuple(
    fc.nat({ max: 3 }),
    fc.nat({ max: 12 }),
    fc.nat({ max: 12 }),
    fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    fc.option(fc.array(fc.string({ unit: fc.constantFrom(..."abc012".split("")), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    fc.constantFrom("full", "full", "full", "minor", "major"),
  )
  .map(([a, b, c, pre, build, shape]) => {
    let v = shape === "major" ? `v${a}` : shape === "minor" ? `v${a}.${b}` : `v${a}.${b}.${c}`;
    if (shape === "full" && pre) v += "-" + pre.join(".");
    if (shape === "full" && build) v += "+" + build.join(".");
    return v;
  });

// ---------------------------------------------------------------- codec

test("module paths: unescape(escape(p)) === p, and escaped paths have no upper case", () => {
  fc.assert(
    fc.property(modulePath, (p) => {
      const e = escapePath(p);
      assert.equal(e, e.toLowerCase());
      assert.equal(unescapePath(e), p);
    }),
    params,
  );
});

test("any string either fails to unescape or is the one canonical escaping of its path", () => {
  const anyEscaped = fc.string({ unit: fc.constantFrom(..."ab.!/Xz-~1".split("")), maxLength: 24 }).map((s) => "example.com/" + s);
  fc.assert(
    fc.property(anyEscaped, (s) => {
      let p: string;
      try {
        p = unescapePath(s);
      } catch (e) {
        assert.ok(e instanceof GoModError, String(e));
        return;
      }
      assert.equal(escapePath(p), s);
    }),
    params,
  );
});

test("versions: unescapeVersion(escapeVersion(v)) === v", () => {
  fc.assert(
    fc.property(version.filter((v) => !v.includes("!")), (v) => {
      assert.equal(unescapeVersion(escapeVersion(v)), v);
    }),
    params,
  );
});

// ---------------------------------------------------------------- ordering

test("semver compare is a total preorder that ignores build metadata", () => {
  fc.assert(
    fc.property(version, version, version, (a, b, c) => {
      assert.ok(isValid(a) && isValid(b) && isValid(c));
      assert.equal(compare(a, a), 0);
      assert.equal(Math.sign(compare(a, b)), 0 - Math.sign(compare(b, a)) || 0);
      if (compare(a, b) <= 0 && compare(b, c) <= 0) assert.ok(compare(a, c) <= 0, `${a} <= ${b} <= ${c}`);
      assert.equal(compare(a, canonical(a)), 0);
      assert.equal(canonical(canonical(a)), canonical(a));
    }),
    params,
  );
});

test("sort orders any list consistently with compare", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(version, fc.constantFrom("bad", "v1.2.3.4", "")), { maxLength: 20 }), (xs) => {
      const s = sort(xs);
      assert.equal(s.length, xs.length);
      for (let i = 1; i < s.length; i++) assert.ok(compare(s[i - 1]!, s[i]!) <= 0, `${s[i - 1]} before ${s[i]}`);
    }),
    params,
  );
});

// ---------------------------------------------------------------- lockfile

const b64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => "h1:" + Buffer.from(b).toString("base64"));
const instant = fc.date({ min: new Date("2015-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d+Z$/, "Z"));
const canonicalVersion = fc.tuple(fc.nat({ max: 1 }), fc.nat({ max: 9 }), fc.nat({ max: 9 }), fc.option(fc.constantFrom("rc.1", "beta", "pre.2"), { nil: undefined })).map(([a, b, c, p]) => `v${a}.${b}.${c}${p ? "-" + p : ""}`);

const lockfile: fc.Arbitrary<Lockfile> = fc
  .record({
    mods: fc.array(
      fc.record({
        path: modulePath.filter((p) => !/\/v\d+$/.test(p) && !p.startsWith("gopkg.in/")),
        versions: fc.array(
          fc.record({
            v: canonicalVersion,
            time: fc.option(instant, { nil: undefined }),
            mod: b64, // a locked version always carries at least one fact
            zip: fc.option(b64, { nil: undefined }),
            ref: fc.option(fc.constantFrom("refs/tags/x", "refs/heads/my branch", "100%"), { nil: undefined }),
          }),
          { maxLength: 4 },
        ),
        list: fc.option(fc.array(canonicalVersion, { maxLength: 5 }), { nil: undefined }),
        latest: fc.option(fc.tuple(canonicalVersion, instant), { nil: undefined }),
      }),
      { maxLength: 6 },
    ),
    asOf: fc.option(instant, { nil: undefined }),
    minAge: fc.option(fc.constantFrom("7d", "36h", "1d12h"), { nil: undefined }),
  })
  .map(({ mods, asOf, minAge }) => {
    const l = emptyLockfile();
    if (asOf) l.policy.asOf = asOf;
    if (minAge) l.policy.minReleaseAge = minAge;
    for (const m of mods) {
      const e = moduleEntry(l, m.path);
      for (const v of m.versions) {
        const lv: Record<string, unknown> = {};
        if (v.time) lv.time = v.time;
        if (v.mod) lv.mod = v.mod;
        if (v.zip) lv.zip = v.zip;
        if (v.ref) lv.origin = { vcs: "git", ref: v.ref };
        e.versions.set(v.v, lv);
      }
      if (m.list) e.list = [...new Set(m.list)];
      if (m.latest) e.latest = { version: m.latest[0], time: m.latest[1] };
      if (e.versions.size === 0 && !e.list && !e.latest) l.modules.delete(m.path);
    }
    return l;
  });

test("lockfile: print is a fixed point of parse∘print, and byte-identical on re-print", () => {
  fc.assert(
    fc.property(lockfile, (l) => {
      const text = printLockfile(l);
      const again = printLockfile(parseLockfile(text));
      assert.equal(again, text);
      assert.ok(text.startsWith("gopin-lock 1\n") && text.endsWith("\n"));
    }),
    params,
  );
});

test("lockfile: a record line replaced by garbage is reported at exactly that line", () => {
  fc.assert(
    fc.property(lockfile.filter((l) => l.modules.size > 0), fc.nat(), fc.constantFrom("version", "list x", "<<<<<<< HEAD", "latest", "zzz y"), (l, pick, junk) => {
      const lines = printLockfile(l).split("\n");
      const records = lines.map((s, i) => ({ s, i })).filter(({ s, i }) => i > 0 && s !== "" && !s.startsWith("#"));
      const target = records[pick % records.length]!;
      lines[target.i] = junk;
      try {
        parseLockfile(lines.join("\n"));
        assert.fail(`parsed despite garbage "${junk}" at line ${target.i + 1}`);
      } catch (e) {
        assert.ok(e instanceof LockfileError, String(e));
        assert.equal(e.line, target.i + 1, e.message);
        assert.match(e.message, new RegExp(`^gopin\\.lock:${target.i + 1}: `));
      }
    }),
    params,
  );
});

// Record mode's live lockfile merges only the modules observed since its last
// write (RunningLock); its text must be what the whole merge prints.
test("running lock: after every batch of observations, its text is printLockfile of the whole journal merged into the starting lock", () => {
  const observation = (paths: string[]) =>
    fc.record({
      path: fc.constantFrom(...paths),
      kind: fc.constantFrom("version", "version", "version", "list", "latest", "missing"),
      v: canonicalVersion,
      time: fc.option(instant, { nil: undefined }),
      mod: fc.option(b64, { nil: undefined }),
      zip: fc.option(b64, { nil: undefined }),
      list: fc.array(canonicalVersion, { maxLength: 3 }),
    });
  const scenario = lockfile.chain((start) => {
    const paths = [...start.modules.keys(), "example.com/new", "example.com/other"];
    return fc.tuple(fc.constant(start), fc.array(fc.array(observation(paths), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }));
  });
  fc.assert(
    fc.property(scenario, ([start, batches]) => {
      const policy = { exempt: [], minReleaseAge: "7d" };
      const journal = new Journal();
      const running = new RunningLock(start, policy);
      for (const batch of batches) {
        for (const o of batch) {
          if (o.kind === "version") {
            journal.observeVersion(o.path, o.v, { ...(o.time ? { time: o.time } : {}), ...(o.mod ? { mod: o.mod } : {}), ...(o.zip ? { zip: o.zip } : {}) });
          } else if (o.kind === "list") journal.observeList(o.path, o.list);
          else if (o.kind === "latest") journal.observeLatest(o.path, o.v, o.time);
          else journal.observeMissing(o.path, `@v/${o.v}`);
        }
        const changed = journal.takeChanged();
        running.update(changed, journal.observedFor(changed, policy));
        const whole = mergeObserved(start, journal.observed(policy)).lock;
        assert.equal(running.text(), printLockfile(whole));
      }
    }),
    { ...params, numRuns: 200 },
  );
});
