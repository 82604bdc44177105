// Starts the Go "oracle" (__tests__/oracle/main.go), which answers questions
// using the real golang.org/x/mod vendored inside the installed Go toolchain.
//
// Everything is built offline: the x/mod sources are copied from
// $(go env GOROOT)/src/cmd/vendor/golang.org/x/mod into a temporary directory
// next to a copy of the oracle, whose go.mod replaces golang.org/x/mod with
// that copy. If `go` is missing or the build fails, startOracle rejects, so
// tests that depend on it fail rather than skip.

import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface OracleAnswer {
  ok: boolean;
  out?: unknown;
  err?: string;
}

export interface Oracle {
  /** Sends one request; resolves with the oracle's answer (rejects only on oracle failure). */
  ask(op: string, args?: unknown[]): Promise<OracleAnswer>;
  /** The temporary directory owned by this oracle (removed by close); handy for test files. */
  readonly tmp: string;
  /** The oracle binary (it also runs `sumdb-server`, see __tests__/oracle/sumdb.go). */
  readonly bin: string;
  close(): Promise<void>;
}

/** Locates __tests__/oracle in the source tree (this file runs from build/__tests__/helpers). */
function oracleSourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    resolve(here, "..", "oracle"),
    resolve(here, "..", "..", "..", "__tests__", "oracle"),
    resolve(process.cwd(), "__tests__", "oracle"),
  ]) {
    if (existsSync(join(candidate, "main.go"))) return candidate;
  }
  throw new Error("cannot find __tests__/oracle/main.go");
}

function goEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GOSUMDB: "off",
    GOWORK: "off",
    GOENV: "off",
    CGO_ENABLED: "0",
    ...extra,
  };
}

export async function startOracle(): Promise<Oracle> {
  const tmp = mkdtempSync(join(tmpdir(), "gopin-oracle-"));
  try {
    const goroot = execFileSync("go", ["env", "GOROOT"], { env: goEnv({}), encoding: "utf8" }).trim();
    const goVersion = execFileSync("go", ["env", "GOVERSION"], { env: goEnv({}), encoding: "utf8" }).trim();
    const lang = /^go(\d+\.\d+)/.exec(goVersion)?.[1];
    if (!lang) throw new Error(`cannot parse go version ${JSON.stringify(goVersion)}`);

    const src = join(tmp, "oracle");
    mkdirSync(src);
    const orig = oracleSourceDir();
    for (const f of readdirSync(orig)) if (f.endsWith(".go")) cpSync(join(orig, f), join(src, f));
    // Same go.mod, but with the language version of the installed toolchain,
    // which always builds with GOTOOLCHAIN=local.
    writeFileSync(
      join(src, "go.mod"),
      readFileSync(join(orig, "go.mod"), "utf8").replace(/^go \d+\.\d+(\.\d+)?$/m, `go ${lang}`),
    );
    const xmod = join(src, "xmod");
    cpSync(join(goroot, "src", "cmd", "vendor", "golang.org", "x", "mod"), xmod, { recursive: true });
    writeFileSync(join(xmod, "go.mod"), `module golang.org/x/mod\n\ngo ${lang}\n`);

    // The build cache is kept between runs (keyed by Go version) so that only
    // the first run pays for compiling the standard library.
    const cache = join(tmpdir(), `gopin-oracle-gocache-${goVersion}`);
    const bin = join(tmp, "oracle-bin");
    execFileSync("go", ["build", "-o", bin, "."], {
      cwd: src,
      env: goEnv({ GOCACHE: cache, GOPATH: join(tmp, "gopath"), GOMODCACHE: join(tmp, "gopath", "pkg", "mod") }),
      stdio: ["ignore", "pipe", "pipe"],
    });

    const child = spawn(bin, [], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (stderr += d));
    const pending = new Map<number, { resolve: (a: OracleAnswer) => void; reject: (e: Error) => void }>();
    let nextId = 1;
    let dead: Error | undefined;
    const failAll = (e: Error) => {
      dead ??= e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    child.on("error", (e) => failAll(e));
    child.on("exit", (code, signal) => failAll(new Error(`oracle exited (${code ?? signal}): ${stderr}`)));
    child.stdin.on("error", (e) => failAll(e));
    const rl = createInterface({ input: child.stdout });
    rl.on("line", (line) => {
      const msg = JSON.parse(line) as OracleAnswer & { id: number; panic?: boolean };
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.panic) p.reject(new Error(`oracle could not run request: ${msg.err}`));
      else p.resolve({ ok: msg.ok, out: msg.out, err: msg.err });
    });

    return {
      tmp,
      bin,
      ask(op, args = []) {
        if (dead) return Promise.reject(dead);
        const id = nextId++;
        return new Promise<OracleAnswer>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          child.stdin.write(JSON.stringify({ id, op, args }) + "\n");
        });
      },
      async close() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once("exit", () => r()));
          child.stdin.end();
          await exited;
        }
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const err = e as Error & { stderr?: Buffer };
    throw new Error(`cannot build the x/mod oracle: ${err.message}${err.stderr ? "\n" + err.stderr.toString() : ""}`);
  }
}
