#!/usr/bin/env bash
# Builds goproxy/goproxy (MIT), a peer Go module proxy the peers bench
# compares gopin with, into .cache/tools (gitignored), once.
# `go install pkg@latest` does not work here (its version list is not served),
# so a throwaway module requires the pinned version and builds the command.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/cached-tool.sh
cached_tool goproxy v0.21.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
(
  cd "$work"
  go mod init gopin.invalid/build-goproxy >/dev/null 2>&1
  go get "github.com/goproxy/goproxy/cmd/goproxy@$VERSION"
  go build -o "$BIN" github.com/goproxy/goproxy/cmd/goproxy
)
tool_built "$start"
