// Go toolchains as modules: when go.mod or GOTOOLCHAIN asks for another Go,
// cmd/go downloads golang.org/toolchain@v0.0.1-<goversion>.<goos>-<goarch>
// (cmd/go/internal/toolchain: gotoolchainModule, gotoolchainVersion) through
// GOPROXY, checked like any module. This names the Go a version stands for.

export const TOOLCHAIN_MODULE = "golang.org/toolchain";
const TOOLCHAIN_VERSION_PREFIX = "v0.0.1-";

export interface ToolchainTarget {
  /** The Go release, e.g. "go1.22.3" or "go1.23rc1". */
  go: string;
  /** "<goos>-<goarch>", e.g. "linux-amd64". */
  platform: string;
}

/** The Go release and platform a toolchain module version stands for; undefined for any other module or version. */
export function toolchainTarget(module: string, version: string): ToolchainTarget | undefined {
  if (module !== TOOLCHAIN_MODULE || !version.startsWith(TOOLCHAIN_VERSION_PREFIX)) return undefined;
  const rest = version.slice(TOOLCHAIN_VERSION_PREFIX.length);
  // A Go version has dots; a GOOS-GOARCH pair has none: the last dot splits them.
  const dot = rest.lastIndexOf(".");
  if (dot <= 0 || !rest.startsWith("go")) return undefined;
  const platform = rest.slice(dot + 1);
  if (!/^[a-z0-9]+-[a-z0-9]+$/.test(platform)) return undefined;
  return { go: rest.slice(0, dot), platform };
}
