// Node's flags for a `gopin serve` daemon process (the Action starts it with
// these). A small young generation: the daemon streams hundreds of MB of
// zips through short-lived buffers, and with Node's default semi-space
// (16 MiB) the young generation and the buffers it keeps alive between
// scavenges add ~30 MiB to its peak RSS for no speed gain.
export const DAEMON_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=1"];
