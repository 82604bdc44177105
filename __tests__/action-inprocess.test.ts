// The Action's steps called in-process (runMain/runPost, as setup-go tests
// its run()): inputs and the runner's file commands through the environment,
// a real daemon, a file:// upstream, no cache service. The bundled, out-of-
// process behaviour is action.test.ts's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { runMain } from "../src/action/main.js";
import { runPost } from "../src/action/post.js";
import { parseFileCommands } from "./helpers/runner.js";
import { writeProxyTree, fileProxyUrl, standardModules, STD } from "./helpers/fixtures.js";
import { goEnv, tempDir } from "./helpers/go.js";

function fileCommands(file: string): Record<string, string> {
  return Object.fromEntries(parseFileCommands(readFileSync(file, "utf8")));
}

test("main then post in-process: record mode exports gopin, and post writes the lockfile and a passing summary from the outcome", async () => {
  const root = tempDir("gopin-inproc-");
  const up = join(root, "upstream");
  await writeProxyTree(up, standardModules());
  const ws = join(root, "ws");
  const files = join(root, "files");
  mkdirSync(ws);
  mkdirSync(files);
  const cmd = (n: string) => {
    const f = join(files, n);
    writeFileSync(f, "");
    return f;
  };
  const saved = { ...process.env };
  try {
    Object.assign(process.env, goEnv(root, { GOPROXY: fileProxyUrl(up) }), {
      GITHUB_WORKSPACE: ws,
      RUNNER_TEMP: join(root, "rt"),
      GITHUB_ENV: cmd("env"),
      GITHUB_OUTPUT: cmd("output"),
      GITHUB_STATE: cmd("state"),
      GITHUB_STEP_SUMMARY: cmd("summary"),
      INPUT_MODE: "record",
      INPUT_CACHE: "false",
    });
    await runMain(process.env);
    const exported = fileCommands(process.env.GITHUB_ENV!);
    assert.match(exported.GOPROXY!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(exported.GOSUMDB, "off", "the job's GOSUMDB=off, as the daemon resolved it");
    // A go command of a later step would ask this:
    const list = await fetch(`${exported.GOPROXY}/${STD.multi}/@v/list`);
    assert.equal(await list.text(), "v1.0.0\nv1.1.0\nv1.2.0-pre\nv1.2.0\n");

    process.env.STATE_gopin = fileCommands(process.env.GITHUB_STATE!).gopin!;
    process.env.GITHUB_OUTPUT = cmd("output2");
    await runPost();
    assert.equal(process.exitCode ?? 0, 0);
    const out = fileCommands(process.env.GITHUB_OUTPUT);
    assert.equal(out.violations, "0");
    assert.equal(out["lockfile-changed"], "true");
    assert.match(readFileSync(join(ws, "gopin.lock"), "utf8"), new RegExp(`^list ${STD.multi} v1.0.0 v1.1.0 v1.2.0-pre v1.2.0$`, "m"));
    assert.match(readFileSync(process.env.GITHUB_STEP_SUMMARY!, "utf8"), /^## ✅ gopin record: PASS — lockfile updated: 1 added/m);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});
