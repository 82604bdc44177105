// Node's flags for a `gopin serve` daemon process (the Action starts it with
// these), by what the daemon will mostly do.
//
// Every daemon streams hundreds of MB of zips through short-lived buffers:
// with Node's default semi-space (16 MiB) the young generation and the
// buffers it keeps alive between scavenges add ~30 MiB to the peak RSS for no
// speed gain, so the young generation is kept small.
//
// A verifying daemon also checks every locked zip of the store at start-up
// (hugo's graph: 40,000 files inflated and hashed), and V8 grew the old
// generation on that garbage by its default factor, to a peak of 98-103 MiB.
// Growing it by at most 20% each time keeps the peak at 79-82 MiB for about
// the same CPU. A recording daemon is not held to that: it does the same
// checks on every zip it fetches while go waits, and a tighter heap (or
// --optimize-for-size, which had the same effect on memory) cost it 10-25%
// more time on a cold job (bench -- cold, record mode).
export function daemonNodeFlags(mode: "verify" | "record"): string[] {
  return mode === "verify" ? ["--max-semi-space-size=1", "--heap-growing-percent=20"] : ["--max-semi-space-size=1"];
}
