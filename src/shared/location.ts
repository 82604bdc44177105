// The shared store's configuration: where it is (`s3://bucket/prefix`), what
// a job may do with it, and how the S3 client reaches it. Endpoint, region and
// credentials come from the standard AWS environment and profile chain.

export type SharedStoreMode = "read-write" | "read";

export interface SharedStoreConfig {
  /** As given, e.g. `s3://gomods/org/` (no credentials can appear in it). */
  url: string;
  bucket: string;
  /** Key prefix, "" or ending in "/". */
  prefix: string;
  mode: SharedStoreMode;
  /** Private modules are read from and written to the shared store too. */
  private: boolean;
  /** Path-style addressing; undefined: on when a custom endpoint is set. */
  pathStyle?: boolean;
}

/** Parse `s3://bucket[/prefix]`; `source` names where it came from, for errors. */
export function parseSharedStoreUrl(url: string, source: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/?#@]+)(?:\/([^?#]*))?$/.exec(url.trim());
  if (!m) throw new Error(`shared store ${JSON.stringify(url.replace(/\/\/[^/@]*@/, "//***@"))} is not an s3://bucket/prefix URL (from ${source})`);
  const bucket = m[1]!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(`shared store bucket ${JSON.stringify(bucket)} is not a valid S3 bucket name (from ${source})`);
  }
  const parts = (m[2] ?? "").split("/").filter(Boolean);
  if (parts.some((p) => p === "." || p === "..")) throw new Error(`shared store prefix ${JSON.stringify(m[2])} contains "." or ".." (from ${source})`);
  return { bucket, prefix: parts.length ? parts.join("/") + "/" : "" };
}

export function parseSharedStoreMode(v: string, source: string): SharedStoreMode {
  if (v === "read-write" || v === "read") return v;
  throw new Error(`shared store mode must be "read-write" or "read", got ${JSON.stringify(v)} (from ${source})`);
}

/** "on"/"off" and the booleans an Action input may carry. */
export function parseOnOff(name: string, v: string, source: string): boolean {
  if (["on", "true", "yes", "1"].includes(v)) return true;
  if (["off", "false", "no", "0"].includes(v)) return false;
  throw new Error(`${name} must be "on" or "off", got ${JSON.stringify(v)} (from ${source})`);
}
