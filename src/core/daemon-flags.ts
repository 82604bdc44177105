// Node's flags for a `gopin serve` daemon process (the Action starts it with
// these). The daemon streams hundreds of MB of zips through short-lived
// buffers, and checks every stored zip at start-up in verify mode:
// - a small young generation: with Node's default semi-space (16 MiB) the
//   young generation and the buffers it keeps alive between scavenges add
//   ~30 MiB to its peak RSS for no speed gain;
// - --optimize-for-size: V8 grows the old generation less eagerly, so the
//   garbage of the start-up check (hugo's graph: 40,000 files inflated and
//   hashed) is collected instead of growing the heap, ~10 MiB off the peak,
//   at no measurable cost in CPU per request (bench -- peers).
export const DAEMON_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=1", "--optimize-for-size"];
