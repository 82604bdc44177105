// Structured logging: one JSON object per line. Every message and field is
// scrubbed of credentials here (observe/scrub.ts), so callers can pass
// upstream URLs and errors without thinking about it.
import { createWriteStream, type WriteStream } from "node:fs";
import { scrub, scrubDeep } from "./scrub.js";

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  close(): Promise<void>;
}

export function createLogger(dest: "stderr" | "none" | string): Logger {
  let stream: WriteStream | NodeJS.WriteStream | undefined;
  if (dest === "stderr") stream = process.stderr;
  else if (dest !== "none") stream = createWriteStream(dest, { flags: "a" });
  // Lines to a file are batched for a moment: one write per request would
  // cost a thread-pool round trip on every request.
  let corked = false;
  const uncork = () => {
    corked = false;
    stream?.uncork();
  };
  const write = (level: string, msg: string, fields?: LogFields) => {
    if (!stream) return;
    const rec: LogFields = { t: new Date().toISOString(), level, msg: scrub(msg) };
    for (const [k, v] of Object.entries(fields ?? {})) rec[k] = scrubDeep(v);
    if (stream !== process.stderr && !corked) {
      corked = true;
      stream.cork();
      setTimeout(uncork, 20).unref();
    }
    stream.write(JSON.stringify(rec) + "\n");
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    close: () =>
      new Promise((resolve) => {
        if (corked) uncork();
        if (stream && stream !== process.stderr && "end" in stream) (stream as WriteStream).end(() => resolve());
        else resolve();
      }),
  };
}
