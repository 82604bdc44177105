// The job's Go environment, read through `go env -json`, which already folds
// in environment variables and the Go env file (GOENV) with Go's precedence.
// gopin's own go runs with GOTOOLCHAIN=local outside any module, so reading
// the environment never downloads a toolchain past the proxy.
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";

export const GO_ENV_KEYS = ["GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOFLAGS", "GOMODCACHE", "GOVERSION", "GOROOT"] as const;
export type GoEnv = Partial<Record<(typeof GO_ENV_KEYS)[number], string>>;

export function goBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.GOPIN_GO || "go";
}

export async function readGoEnv(env: NodeJS.ProcessEnv = process.env): Promise<GoEnv> {
  const bin = goBinary(env);
  return new Promise((resolve, reject) => {
    execFile(bin, ["env", "-json", ...GO_ENV_KEYS], { env: { ...env, GOTOOLCHAIN: "local" }, cwd: tmpdir(), timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
        reject(
          new Error(
            missing
              ? `gopin needs the go command to read the Go environment, but "${bin}" was not found on PATH (set GOPIN_GO, or pass --upstream and --private explicitly)`
              : `"${bin} env -json" failed: ${String(stderr).trim() || err.message}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(String(stdout)) as GoEnv);
      } catch {
        reject(new Error(`"${bin} env -json" printed something that is not JSON`));
      }
    });
  });
}
