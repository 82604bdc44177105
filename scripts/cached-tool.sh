# Sourced by the install-*.sh scripts: a tool built once into .cache/tools
# (gitignored), with a stamp file naming the version it was built from.
#   cached_tool NAME VERSION   sets BIN and STAMP; exits 0 when that version is built already
#   tool_built SECONDS_AT_START  writes the stamp and says so
cached_tool() {
  TOOL=$1 VERSION=$2
  BIN="$PWD/.cache/tools/$TOOL"
  STAMP="$PWD/.cache/tools/$TOOL.version"
  if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
    echo "$TOOL $VERSION already built: $BIN"
    exit 0
  fi
  mkdir -p "$(dirname "$BIN")"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS=-buildvcs=false
}

tool_built() {
  echo "$VERSION" >"$STAMP"
  echo "built $TOOL $VERSION in $(( $(date +%s) - $1 ))s: $BIN"
}
