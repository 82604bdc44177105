// Structured logging: one JSON object per line. Anything that could carry a
// credential (URLs with userinfo, Authorization values) is redacted here, so
// callers can pass upstream URLs without thinking about it.
import { createWriteStream, type WriteStream } from "node:fs";

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  close(): Promise<void>;
}

/** Replace the userinfo of any URL in `s` with `***`. */
export function redact(s: string): string {
  return s.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, "$1***@");
}

function clean(v: unknown): unknown {
  if (typeof v === "string") return redact(v);
  if (v instanceof Error) return redact(v.message);
  return v;
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
    const rec: LogFields = { t: new Date().toISOString(), level, msg: redact(msg) };
    for (const [k, v] of Object.entries(fields ?? {})) rec[k] = clean(v);
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
