// The floor for a proxy written for Node: a file server over a proxy tree
// with nothing but Node's HTTP server and gopin's own send loop (sendFile:
// the same reads, writes and buffers). bench -- peers runs it beside gopin,
// so what gopin's routing, policy and journal cost shows apart from what
// serving bytes from Node costs (Go's servers send a file with sendfile(2),
// without copying it through the process).
// Usage: node build/bench/node-static.js TREE  (prints its URL)
import { createServer } from "node:http";
import { fstatSync, openSync } from "node:fs";
import { join, normalize } from "node:path";
import { sendFile } from "../src/server/http-server.js";

const root = process.argv[2]!;
const server = createServer((req, res) => {
  const rel = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]!));
  let fd: number;
  try {
    if (rel.split("/").includes("..")) throw new Error("outside the tree");
    fd = openSync(join(root, rel), "r");
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    return;
  }
  const size = fstatSync(fd).size;
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(size) });
  sendFile(res, { fd, size }).catch(() => res.destroy());
});
server.listen(0, "127.0.0.1", () => {
  const a = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${a.port}\n`);
});
