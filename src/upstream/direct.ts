// `direct`: fetch from the module's version control system by running the
// real go command with GOPROXY=direct in an isolated module cache. The go
// command brings Go's exact VCS semantics and the caller's git credentials.
import { execFile } from "node:child_process";
import { promises as fsp, createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { join } from "node:path";
import { SingleFlight } from "../store/single-flight.js";
import { BodyTooLargeError, NotFoundError, UpstreamFailure, type FetchResult, type FetchTarget, type Upstream } from "./types.js";
import { describeFile } from "../protocol/module-file.js";
import { addPatterns } from "../config/precedence.js";
import { loadNetrc } from "./netrc.js";

export interface DirectOptions {
  goBinary: string;
  /** Module cache private to gopin, so direct fetches never touch the job's. */
  modCache: string;
  /** Environment of the job (credentials, GOPRIVATE, GONOSUMDB, GOSUMDB...). */
  env: NodeJS.ProcessEnv;
  /** GONOSUMDB patterns (the private ones included) the child go must never look up. */
  noSumDb?: string;
  /** gopin's private patterns: the child go treats them as GOPRIVATE too. */
  private?: string;
  timeoutMs?: number;
}

interface DownloadJson {
  Path?: string;
  Version?: string;
  Info?: string;
  GoMod?: string;
  Zip?: string;
  Error?: string;
}

interface ListJson {
  Version?: string;
  Time?: string;
  Versions?: string[];
  Origin?: unknown;
  Error?: { Err?: string } | string;
}

/**
 * The go command's errors that are "not found" (errors.Is(err,
 * fs.ErrNotExist) in cmd/go, so go moves on to another path or version), by
 * the text the child go prints; anything else is a failure, as it is for go.
 * Sources are cmd/go/internal/... of Go 1.26.
 */
const NOT_FOUND: readonly RegExp[] = [
  // modfetch/repo.go lookupDirect: every vcs.RepoRootForImportPath failure
  // ("We don't know where to find code for a module with this path"),
  // network failures of the ?go-get=1 lookup included.
  /unrecognized import path "/,
  /import path does not begin with hostname/,
  /invalid \S+ import path "/,
  /not allowed in import path/,
  /unknown version control system "/,
  /GOVCS disallows using \S+ for /,
  /no \S*protocol found for repository/,
  /no go-import meta tags? /,
  /disagree about go-import for /,
  /multiple meta tags match import path /,
  /: invalid (subdirectory|repo root) "/,
  /: unknown vcs "/,
  // modfetch/repo.go: lookups disabled for this path.
  /module lookup disabled by GOPROXY=off|disabled by GOPRIVATE\/GONOPROXY|path does not match GOPRIVATE\/GONOPROXY/,
  // modfetch/codehost: UnknownRevisionError, ErrNoCommits, and a repository
  // whose URL answers 404 (git.go wraps git's error in a notExistError).
  /unknown revision /,
  /\bno commits\b/,
  /[Rr]epository '?\S*'? ?not found/,
  // modfetch/coderepo.go Stat: findDir's "not a module at this path" errors.
  /(missing \S+\/go\.mod( and \S+\/go\.mod)?|has (non|post)-\S+ module path .*|both have \S+ module paths|is missing module path.*|has malformed module path .*) at revision /,
  // modfetch/proxy.go: a go-import "mod" server (a proxy) that answers 404 or 410.
  /reading \S+: (404 Not Found|410 Gone)/,
  // modload/query.go NoMatchingVersionError (an @latest with nothing to offer).
  /no matching versions for query /,
  // fs.ErrNotExist itself.
  /file does not exist/,
];

/** Whether the go command treats this error text as "not found" (see NOT_FOUND). */
export function isNotFoundText(text: string): boolean {
  return NOT_FOUND.some((re) => re.test(text));
}

export class DirectUpstream implements Upstream {
  readonly name = "direct";
  private readonly downloads = new SingleFlight<DownloadJson>();
  private workDir: string | undefined;

  constructor(private readonly opts: DirectOptions) {
    // The child go reads the same .netrc: its passwords must be known to the
    // scrubber before the child's error text is passed on.
    loadNetrc(opts.env);
  }

  /** The child go's environment. */
  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.opts.env };
    env.GOPROXY = "direct";
    env.GOMODCACHE = this.opts.modCache;
    env.GOFLAGS = "-modcacherw";
    env.GOWORK = "off";
    env.GIT_TERMINAL_PROMPT = "0";
    // gopin's own go never switches toolchains behind the proxy's back, and
    // never asks a checksum database about a private path.
    env.GOTOOLCHAIN = "local";
    // GONOSUMDB, once set, replaces go's default of GOPRIVATE: carry that over.
    const noSumDb = addPatterns(env.GONOSUMDB || env.GOPRIVATE || "", addPatterns(this.opts.noSumDb ?? "", this.opts.private ?? ""));
    if (noSumDb) env.GONOSUMDB = noSumDb;
    if (this.opts.private) env.GOPRIVATE = addPatterns(env.GOPRIVATE ?? "", this.opts.private);
    return env;
  }

  private async cwd(): Promise<string> {
    // An empty directory, so no go.mod of the job's influences the query.
    if (!this.workDir) {
      this.workDir = join(this.opts.modCache, "..", "gopin-direct-work");
      await fsp.mkdir(this.workDir, { recursive: true });
    }
    return this.workDir;
  }

  private async runGo(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const cwd = await this.cwd();
    return new Promise((resolve) => {
      execFile(
        this.opts.goBinary,
        args,
        { cwd, env: this.env(), timeout: this.opts.timeoutMs ?? 300_000, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
          resolve({ stdout: String(stdout), stderr: String(stderr) || (err && !stdout ? err.message : ""), code });
        },
      );
    });
  }

  private fail(t: FetchTarget, text: string): never {
    const msg = `direct: ${describeFile(t)}: ${text.trim().replace(/\s+/g, " ").slice(0, 2000)}`;
    if (isNotFoundText(text)) throw new NotFoundError(this.name, msg);
    throw new UpstreamFailure(this.name, msg);
  }

  async fetch(t: FetchTarget, dest: string | undefined, limit: number): Promise<FetchResult> {
    const start = performance.now();
    let body: Buffer | undefined;
    let srcFile: string | undefined;
    if (t.kind === "list") {
      const r = await this.runGo(["list", "-m", "-json", "-versions", "-retracted", t.module]);
      const j = this.parseJson<ListJson>(t, r);
      body = Buffer.from((j.Versions ?? []).map((v) => v + "\n").join(""));
    } else if (t.kind === "latest") {
      const r = await this.runGo(["list", "-m", "-json", `${t.module}@latest`]);
      const j = this.parseJson<ListJson>(t, r);
      body = Buffer.from(JSON.stringify({ Version: j.Version, Time: j.Time, ...(j.Origin ? { Origin: j.Origin } : {}) }));
    } else {
      const key = `${t.module}@${t.version}`;
      const d = await this.downloads.do(key, async () => {
        const r = await this.runGo(["mod", "download", "-json", key]);
        return this.parseJson<DownloadJson>(t, r);
      });
      srcFile = t.kind === "info" ? d.Info : t.kind === "mod" ? d.GoMod : d.Zip;
      if (!srcFile) this.fail(t, `go mod download reported no ${t.kind} file`);
    }
    if (!body) {
      const st = await fsp.stat(srcFile!);
      if (st.size > limit) throw new BodyTooLargeError(this.name, `direct: ${describeFile(t)}: ${st.size} bytes, more than the ${limit}-byte limit`);
      if (dest !== undefined) {
        await pipeline(createReadStream(srcFile!), createWriteStream(dest));
        return { upstream: this.name, bytes: st.size, ms: performance.now() - start };
      }
      body = await fsp.readFile(srcFile!);
    }
    if (body.length > limit) throw new BodyTooLargeError(this.name, `direct: ${describeFile(t)}: answer exceeds the ${limit}-byte limit`);
    if (dest === undefined) return { upstream: this.name, bytes: body.length, ms: performance.now() - start, body };
    await fsp.writeFile(dest, body);
    return { upstream: this.name, bytes: body.length, ms: performance.now() - start };
  }

  private parseJson<T extends { Error?: unknown }>(t: FetchTarget, r: { stdout: string; stderr: string; code: number }): T {
    let j: T | undefined;
    try {
      j = r.stdout.trim() ? (JSON.parse(r.stdout) as T) : undefined;
    } catch {
      j = undefined;
    }
    const err = j?.Error;
    const errText = typeof err === "string" ? err : (err as { Err?: string } | undefined)?.Err;
    if (errText) this.fail(t, errText);
    if (!j || r.code !== 0) this.fail(t, r.stderr || `go exited with status ${r.code}`);
    return j;
  }
}
