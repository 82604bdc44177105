// Secrets never echo: credentials gopin holds (URL userinfo, .netrc passwords,
// the Authorization built from them, and their base64) are scrubbed from every
// string gopin writes, even when a hostile upstream echoes them back.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAll, type BuiltModule } from "./helpers/fixtures.js";
import { startFixtureUpstream, type FixtureUpstream } from "./helpers/fixture-upstream.js";
import { goEnv, runCommand, tempDir } from "./helpers/go.js";
import { CLI } from "./helpers/gopin.js";
import { createLogger } from "../src/observe/log.js";

const USER = "ci";
// An "@" in the password: the userinfo ends at the LAST "@" of the authority.
const PASS = "Pa55@w0rd-S3cr3tXYZ";
const b64 = (s: string) => Buffer.from(s).toString("base64");
/** Every form of the secret that must never appear in gopin's output. */
const FORMS = [PASS, encodeURIComponent(PASS), "w0rd-S3cr3tXYZ", b64(`${USER}:${PASS}`).replace(/=+$/, ""), b64(PASS).replace(/=+$/, "")];

function assertNoSecret(where: string, text: string): void {
  for (const f of FORMS) assert.ok(!text.includes(f), `${where} contains the secret form ${JSON.stringify(f)}:\n${text}`);
}

const A = "example.com/secret/a";
const B = "example.com/secret/b";
let modules: BuiltModule[];
let up: FixtureUpstream;
before(async () => {
  modules = await buildAll([
    {
      path: A,
      version: "v1.0.0",
      time: "2023-01-05T10:00:00Z",
      origin: { VCS: "git", URL: `https://${USER}:${encodeURIComponent(PASS)}@git.example.com/secret/a.git`, Ref: "refs/tags/v1.0.0", Hash: "0123456789abcdef0123456789abcdef01234567" },
    },
    { path: B, version: "v1.0.0", time: "2023-01-06T10:00:00Z" },
  ]);
  up = await startFixtureUpstream(modules, { auth: { user: USER, pass: PASS } });
  // A hostile upstream's error page quotes the request's credentials back.
  up.setFault(`${B}/@v/v1.0.0.info`, {
    status: 500,
    body: `internal error for request with Authorization: Basic ${b64(`${USER}:${PASS}`)}; token=${b64(`${USER}:${PASS}`)} user=${USER} password=${PASS} raw=${b64(PASS)}\n`,
  });
});
after(async () => {
  await up?.stop();
});

/** `gopin run --mode record` fetching A (origin with userinfo) and B (the echoing 500), every output collected. */
async function recordRun(upstream: string, env: Record<string, string>, root: string) {
  const files = { report: join(root, "report.json"), summary: join(root, "summary.md"), log: join(root, "gopin.log"), lock: join(root, "gopin.lock") };
  const script = `go mod download ${A}@v1.0.0; go mod download ${B}@v1.0.0; true`;
  const args = [CLI, "run", "--mode", "record", "--upstream", upstream, "--private", "", "--store", join(root, "store"), "--lockfile", files.lock, "--report", files.report, "--summary", files.summary, "--log", files.log, "--", "sh", "-c", script];
  const r = await runCommand(process.execPath, args, { cwd: root, env, timeoutMs: 120_000 });
  const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
  return { ...r, report: read(files.report), summary: read(files.summary), log: read(files.log), lock: read(files.lock) };
}

describe("secrets never echo", () => {
  for (const via of ["netrc", "userinfo"] as const) {
    test(`credentials from ${via}: an upstream error body echoing the Authorization and the password, and an .info Origin URL with userinfo, reach no output`, async () => {
      const root = tempDir("gopin-secrets-");
      const netrc = join(root, "netrc");
      writeFileSync(netrc, `machine 127.0.0.1 login ${USER} password ${PASS}\n`);
      // The userinfo variant writes the "@" raw, as users do.
      const upstream = via === "netrc" ? up.url : `http://${USER}:${PASS}@${up.url.slice("http://".length)}`;
      const r = await recordRun(upstream, goEnv(root, via === "netrc" ? { NETRC: netrc } : {}), root);
      // The run did what the test needs: A fetched and locked, B refused with the upstream's (scrubbed) words.
      assert.match(r.lock, new RegExp(`version ${A} v1\\.0\\.0 `), r.stderr);
      assert.match(r.lock, /git\.example\.com\/secret\/a\.git/, "the origin URL is kept without its userinfo");
      assert.doesNotMatch(r.lock, new RegExp(`${USER}(:|%3A)`), "no userinfo in the lockfile");
      assert.match(r.stderr, /internal error for request with Authorization: \*\*\*/, "go's stderr carries the upstream's error, scrubbed");
      assert.match(r.report, /internal error/, "the report carries the failure");
      assert.ok(r.summary.length > 0, "a summary was written");
      assertNoSecret("go's and gopin's stderr", r.stderr);
      assertNoSecret("stdout", r.stdout);
      assertNoSecret("the JSON report", r.report);
      assertNoSecret("the Markdown summary", r.summary);
      assertNoSecret("the log", r.log);
      assertNoSecret("the lockfile", r.lock);
      JSON.parse(r.report); // scrubbing kept it JSON
    });
  }

  test("the log masks a URL password containing '@' whole", async () => {
    const file = join(tempDir("gopin-log-"), "log");
    const log = createLogger(file);
    log.info(`fetching https://${USER}:${PASS}@proxy.example.com/x`, { url: `https://${USER}:${PASS}@proxy.example.com/x`, nested: { err: `see https://${USER}:${PASS}@h/` } });
    await log.close();
    const text = readFileSync(file, "utf8");
    assertNoSecret("the log", text);
    assert.match(text, /https:\/\/\*\*\*@proxy\.example\.com\/x/);
  });
});
