#!/usr/bin/env bash
# Builds SeaweedFS's `weed` (Apache-2.0), the S3-compatible server the
# shared-store tests run against, into .cache/tools (gitignored), once.
# `go install pkg@version` refuses it (its go.mod has replace directives), so
# the module is downloaded and built as the main module, with the machine's Go.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=v0.0.0-20261109003541-7506e5f91cd6
BIN="$PWD/.cache/tools/weed"
STAMP="$PWD/.cache/tools/weed.version"
if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "weed $VERSION already built: $BIN"
  exit 0
fi
mkdir -p "$(dirname "$BIN")"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS=-buildvcs=false
dir=$(go mod download -json "github.com/seaweedfs/seaweedfs@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ]; then
  echo "could not download github.com/seaweedfs/seaweedfs@$VERSION" >&2
  exit 1
fi
start=$(date +%s)
(cd "$dir" && go build -o "$BIN" ./weed)
echo "$VERSION" >"$STAMP"
echo "built weed $VERSION in $(( $(date +%s) - start ))s: $BIN"
