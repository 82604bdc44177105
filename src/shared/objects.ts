// The bucket, through the AWS SDK: get an object, create one only if absent.
// Nothing here trusts what comes back; errors are scrubbed of credentials.
import { S3Client, GetObjectCommand, PutObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { createWriteStream } from "node:fs";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { scrub } from "../observe/scrub.js";
import type { SharedStoreConfig } from "./location.js";

export type GetResult = { body: Buffer; bytes: number } | { file: string; bytes: number };

export class ObjectTooLarge extends Error {}

/** Timeouts for one request to the bucket: a slow bucket must not stall `go`. */
const CONNECT_MS = 5_000;
const REQUEST_MS = 60_000;

export class SharedObjects {
  private readonly client: S3Client;
  private readonly secrets = new Set<string>();

  constructor(readonly cfg: SharedStoreConfig, env: NodeJS.ProcessEnv) {
    // The pinned SDK supports Node 20; its notice about later releases is noise on gopin's stderr.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
    this.client = new S3Client({
      // The SDK reads AWS_REGION itself, but only from process.env.
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: cfg.pathStyle ?? endpoint !== undefined,
      // Trailing-checksum uploads are not understood by every S3-compatible server.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 2,
      requestHandler: { connectionTimeout: CONNECT_MS, requestTimeout: REQUEST_MS },
    });
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) if (env[k]) this.secrets.add(env[k]!);
    // Credentials from a profile or a role are scrubbed too, once known.
    void Promise.resolve(this.client.config.credentials())
      .then((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken].forEach((s) => s && this.secrets.add(s)))
      .catch(() => undefined);
  }

  key(rel: string): string {
    return this.cfg.prefix + rel;
  }

  /**
   * The object at `rel`, or undefined when there is none. Bodies larger than
   * `inMemoryUpTo` go to `dest` when given; a body over `limit` is refused.
   */
  async get(rel: string, limit: number, dest: string | undefined, inMemoryUpTo: number): Promise<GetResult | undefined> {
    let res;
    try {
      res = await this.client.send(new GetObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(rel) }));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw this.scrubbed(e);
    }
    const body = res.Body as Readable | undefined;
    if (!body) throw new Error(`${this.key(rel)}: the shared store answered without a body`);
    const size = res.ContentLength;
    if (size !== undefined && size > limit) {
      body.destroy();
      throw new ObjectTooLarge(`${this.key(rel)} is ${size} bytes, over the ${limit}-byte limit`);
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(bytes > limit ? new ObjectTooLarge(`${rel}: the body exceeds the ${limit}-byte limit`) : null, chunk);
      },
    });
    try {
      if (dest === undefined || (size !== undefined && size <= inMemoryUpTo)) {
        const chunks: Buffer[] = [];
        await pipeline(body, counter, async function* (src) {
          for await (const c of src) chunks.push(c as Buffer);
        });
        return { body: Buffer.concat(chunks), bytes };
      }
      await pipeline(body, counter, createWriteStream(dest));
      return { file: dest, bytes };
    } catch (e) {
      throw e instanceof ObjectTooLarge ? e : this.scrubbed(e);
    }
  }

  /** Create `rel` unless it exists (If-None-Match: *): "created", or "exists" when it was there. */
  async putIfAbsent(rel: string, body: Buffer | (() => Readable), size: number): Promise<"created" | "exists"> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.cfg.bucket,
          Key: this.key(rel),
          Body: typeof body === "function" ? body() : body,
          ContentLength: size,
          IfNoneMatch: "*",
        }),
      );
      return "created";
    } catch (e) {
      if (statusOf(e) === 412) return "exists";
      throw this.scrubbed(e);
    }
  }

  /** An error whose message is safe to log and report. */
  scrubbed(e: unknown): Error {
    const status = statusOf(e);
    let msg = e instanceof Error ? (e.name && e.name !== "Error" && !e.message.includes(e.name) ? `${e.name}: ${e.message}` : e.message) : String(e);
    if (status !== undefined && !msg.includes(String(status))) msg += ` (HTTP ${status})`;
    return new Error(this.scrub(msg));
  }

  scrub(s: string): string {
    let out = scrub(s);
    for (const secret of this.secrets) if (secret.length >= 4) out = out.split(secret).join("***");
    return out;
  }

  close(): void {
    this.client.destroy();
  }
}

function statusOf(e: unknown): number | undefined {
  if (e instanceof S3ServiceException) return e.$metadata?.httpStatusCode;
  return (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
