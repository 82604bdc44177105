#!/usr/bin/env bash
# Builds SeaweedFS's `weed` (Apache-2.0), the S3-compatible server the
# shared-store tests run against, into .cache/tools (gitignored), once.
# `go install pkg@version` refuses it (its go.mod has replace directives), so
# the module is downloaded and built as the main module, with the machine's Go.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/cached-tool.sh
cached_tool weed v0.0.0-20261109003541-7506e5f91cd6
dir=$(go mod download -json "github.com/seaweedfs/seaweedfs@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ]; then
  echo "could not download github.com/seaweedfs/seaweedfs@$VERSION" >&2
  exit 1
fi
start=$(date +%s)
(cd "$dir" && go build -o "$BIN" ./weed)
tool_built "$start"
