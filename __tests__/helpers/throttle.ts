// A TCP relay on 127.0.0.1 that caps the bytes it sends back to clients at a
// fixed rate shared by all connections: a model of a network link (e.g. a
// runner's link to the Actions cache) for benchmarks. With `latencyMs`, every
// byte also arrives that much after the target sent it (a link's delay).
import { createServer, connect, type AddressInfo, type Socket } from "node:net";

export interface ThrottledRelay {
  /** host:port of the relay. */
  host: string;
  stop(): Promise<void>;
}

const BURST_MS = 10;

export async function startThrottledRelay(target: { host: string; port: number }, bytesPerSec: number, latencyMs = 0): Promise<ThrottledRelay> {
  let nextFree = performance.now(); // when the shared link is free again
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    let queue = Promise.resolve();
    upstream.on("data", (chunk: Buffer) => {
      // Each chunk leaves when the link has carried everything queued before it.
      // Up to BURST_MS of unused link time counts as credit: without it, the
      // timer's ~1 ms granularity and the pause/resume round trip per chunk
      // would cap a fast link at well under its rate.
      const arrived = performance.now();
      const start = Math.max(arrived - BURST_MS, nextFree);
      nextFree = start + (chunk.length * 1000) / bytesPerSec;
      const due = Math.max(nextFree, arrived + latencyMs);
      upstream.pause();
      queue = queue.then(async () => {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!client.destroyed) client.write(chunk);
        upstream.resume();
      });
    });
    upstream.on("end", () => void queue.then(() => client.end()));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
