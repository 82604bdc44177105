// Zips that Go's archive/zip reads although they are not laid out like a
// freshly written zip: data after the end-of-central-directory record, and a
// prepended stub whose offsets were not adjusted. The real go command accepts
// them from a proxy and records their h1:, so gopin must pass them on (and
// compute the same h1:). The byte-level rules are compared with Go's own code
// in gomod.test.ts ("zip framing as Go's archive/zip reads it").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { buildAll, standardModules, STD, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, goModDownload, tempDir } from "./helpers/go.js";
import { startGopin } from "./helpers/gopin.js";
import { hashZip } from "../src/gomod/dirhash.js";

let modules: BuiltModule[];
const stoppers: Array<{ stop(): Promise<unknown> }> = [];
before(async () => {
  modules = await buildAll(standardModules());
});
after(async () => {
  for (const s of stoppers.reverse()) await s.stop().catch(() => undefined);
});

test("go and gopin accept a zip with trailing data and one with an unadjusted prepended stub, with the same h1:", async () => {
  const widget = modules.find((m) => m.path === STD.widget)!;
  const multi = modules.find((m) => m.path === STD.multi && m.version === "v1.0.0")!;
  const up = await startFixtureUpstream(modules);
  stoppers.push(up);
  up.setFault("!widget/@v/v1.0.0.zip", { alter: (b) => Buffer.concat([b, randomBytes(300)]) });
  up.setFault("multi/@v/v1.0.0.zip", { alter: (b) => Buffer.concat([randomBytes(4096), b]) });
  const specs = [`${STD.widget}@v1.0.0`, `${STD.multi}@v1.0.0`];

  const direct = await goModDownload(specs, { env: goEnv(tempDir(), { GOPROXY: up.url }) });
  assert.equal(direct.result.code, 0, `go itself accepts both: ${direct.result.stderr}`);
  const root = tempDir("gopin-framing-");
  const g = await startGopin({ store: join(root, "store"), upstream: up.url, logFile: join(root, "gopin.log"), env: goEnv(root) });
  stoppers.push(g);
  const via = await goModDownload(specs, { env: goEnv(tempDir(), { GOPROXY: g.url }) });
  assert.equal(via.result.code, 0, `through gopin: ${via.result.stderr}`);
  const sums = (r: typeof via) => Object.fromEntries(r.records.map((x) => [x.Path, x.Sum]));
  assert.deepEqual(sums(via), sums(direct), "the same h1: as go computes");
  // The frame changes the bytes, not the content: the h1: of the plain zips.
  assert.deepEqual(sums(via), { [STD.widget]: await hashZip(widget.zip), [STD.multi]: await hashZip(multi.zip) });
});
