// Bundles each entry point (compiled by tsc into build/src) with @vercel/ncc
// into dist/<name>/index.js. dist/ is committed: the Action and the `gopin` bin
// run it without node_modules. CI rebuilds it and fails when it differs.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync, readFileSync, writeFileSync, chmodSync } from "node:fs";

const entries = [
  { name: "cli", src: "build/src/entries/cli.js", bin: true },
  { name: "main", src: "build/src/entries/action-main.js" },
  { name: "post", src: "build/src/entries/action-post.js" },
  { name: "prefill-worker", src: "build/src/entries/prefill-worker.js" },
];

for (const e of entries) {
  if (!existsSync(e.src)) continue;
  const out = `dist/${e.name}`;
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, ["node_modules/@vercel/ncc/dist/ncc/cli.js", "build", e.src, "-o", out, "--target", "es2022", "--quiet"], {
    stdio: "inherit",
  });
  const file = `${out}/index.js`;
  if (e.bin) {
    let code = readFileSync(file, "utf8");
    if (!code.startsWith("#!")) code = "#!/usr/bin/env node\n" + code;
    writeFileSync(file, code);
    chmodSync(file, 0o755);
  }
}
