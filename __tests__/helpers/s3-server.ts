// A real S3-compatible server on 127.0.0.1 for the shared-store tests and
// benchmark: SeaweedFS's `weed mini` (Apache-2.0), built by
// scripts/install-weed.sh into .cache/tools (or $GOPIN_TEST_WEED), with a
// temp data directory, free ports and one identity with test credentials.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { S3Client, CreateBucketCommand, GetObjectCommand, PutObjectCommand, ListObjectsV2Command, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { tempDir, removeTree } from "./go.js";

// The test process talks to the server through the SDK too: its notice about Node versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const REPO = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..");

/** The weed binary, or undefined when it has not been built here. */
export function weedBinary(): string | undefined {
  const p = process.env.GOPIN_TEST_WEED || join(REPO, ".cache", "tools", "weed");
  return existsSync(p) ? p : undefined;
}

/** Why the shared-store tests skip (undefined: they run). */
export function weedMissing(): string | undefined {
  return weedBinary() ? undefined : "SKIPPED: no S3-compatible server: run scripts/install-weed.sh (builds SeaweedFS's weed into .cache/tools) or set GOPIN_TEST_WEED";
}

export interface S3Server {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** AWS_* variables a client needs to reach it (endpoint, region, credentials). */
  env: Record<string, string>;
  pid: number;
  createBucket(name: string): Promise<void>;
  keys(bucket: string, prefix?: string): Promise<string[]>;
  getObject(bucket: string, key: string): Promise<Buffer>;
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export async function startS3Server(): Promise<S3Server> {
  const bin = weedBinary();
  if (!bin) throw new Error(weedMissing());
  const dir = tempDir("gopin-s3-");
  const accessKey = "GOPINTESTACCESSKEY01";
  const secretKey = "gopin-test-secret-key/NOT+REAL+0123456789";
  const config = join(dir, "s3.json");
  writeFileSync(config, JSON.stringify({ identities: [{ name: "gopin", credentials: [{ accessKey, secretKey }], actions: ["Admin", "Read", "Write", "List", "Tagging"] }] }));
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = await Promise.all(Array.from({ length: 8 }, freePort));
  const args = [
    "mini",
    "-ip=127.0.0.1",
    "-ip.bind=127.0.0.1",
    `-dir=${join(dir, "data")}`,
    `-master.port=${master}`,
    `-master.port.grpc=${masterGrpc}`,
    "-master.telemetry=false",
    `-volume.port=${volume}`,
    `-volume.port.grpc=${volumeGrpc}`,
    `-filer.port=${filer}`,
    `-filer.port.grpc=${filerGrpc}`,
    `-s3.port=${s3}`,
    `-s3.port.grpc=${s3Grpc}`,
    "-s3.port.iceberg=0",
    "-s3.port.lance=0",
    `-s3.config=${config}`,
    "-webdav=false",
    "-admin.ui=false",
  ];
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(dir, "data"), { recursive: true });
  const proc: ChildProcess = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HOME: dir }, cwd: dir });
  let out = "";
  proc.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const endpoint = `http://127.0.0.1:${s3}`;
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: accessKey, secretAccessKey: secretKey }, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
  const server: S3Server = {
    endpoint,
    accessKey,
    secretKey,
    pid: proc.pid!,
    env: { AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_EC2_METADATA_DISABLED: "true" },
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async keys(bucket, prefix = "") {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of r.Contents ?? []) out.push(o.Key!);
        token = r.NextContinuationToken;
      } while (token);
      return out.sort();
    },
    async getObject(bucket, key) {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await r.Body!.transformToByteArray());
    },
    async putObject(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async deleteObject(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async stop() {
      client.destroy();
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
      removeTree(dir);
    },
  };
  // Ready when a bucket can be created and listed (all of master, volume, filer and S3 are up).
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await server.createBucket("gopin-ready");
      await server.keys("gopin-ready");
      return server;
    } catch (e) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        await server.stop().catch(() => undefined);
        throw new Error(`weed mini did not become ready (${(e as Error).message}); its output:\n${out.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
