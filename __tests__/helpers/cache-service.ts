// A local stand-in for the GitHub Actions results service: the cache service
// (v2) and the artifact service (v4), for tests that run the real
// @actions/cache and @actions/artifact offline:
//  - a Twirp JSON server on 127.0.0.1 implementing the calls the toolkits
//    make (github.actions.results.api.v1.CacheService/
//    GetCacheEntryDownloadURL, CreateCacheEntry, FinalizeCacheEntryUpload;
//    github.actions.results.api.v1.ArtifactService/CreateArtifact,
//    FinalizeArtifact);
//  - Azurite (the npm package, blob service only, in memory) for the archive
//    blobs, with SAS URLs signed by Azurite's well-known development account,
//    so the toolkits' Azure SDK uploads and HTTP downloads run unchanged.
// The cache toolkit picks v2 with ACTIONS_CACHE_SERVICE_V2; both find the
// service at ACTIONS_RESULTS_URL with the bearer token ACTIONS_RUNTIME_TOKEN
// (see env()), a JWT whose scope names the run and job, as a runner's does.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { readZip } from "./fixtures.js";
import { BlobSASPermissions, BlobServiceClient, StorageSharedKeyCredential, generateBlobSASQueryParameters } from "@azure/storage-blob";

// Azurite's documented development-storage account (public, for emulators only).
const ACCOUNT = "devstoreaccount1";
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const CONTAINER = "actions-cache";
const SERVICES = ["github.actions.results.api.v1.CacheService", "github.actions.results.api.v1.ArtifactService"];
// An unsigned JWT, one per workflow run: the artifact toolkit reads the run
// and job ids from its scope (artifact names are unique per run) and checks
// nothing else.
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
function runtimeToken(run: number): string {
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ scp: `Actions.GenericRead Actions.Results:run-${run}:job-1` })}.`;
}

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  blob: string;
  finalized: boolean;
  size?: number;
  createdAt: number;
}

export interface ArtifactEntry {
  id: number;
  /** The workflow run it belongs to (its token's run id). */
  run: string;
  name: string;
  blob: string;
  finalized: boolean;
  size?: number;
  hash?: string;
}

export interface CacheCall {
  method: string;
  body: Record<string, unknown>;
  status: number;
}

export interface CacheService {
  /** Base URL of the Twirp server (ACTIONS_RESULTS_URL). */
  url: string;
  blobUrl: string;
  entries: CacheEntry[];
  calls: CacheCall[];
  /** The environment the toolkits need to use this service, with the token of a new workflow run. */
  env(): Record<string, string>;
  /** Finalized entries with this key. */
  find(key: string): CacheEntry[];
  /**
   * When true, lookups find nothing (as for jobs of one matrix, which all
   * restore before any of them has saved).
   */
  missLookups: boolean;
  /** When true, CreateCacheEntry is refused as for a read-only token (a pull request from a fork). */
  readOnly: boolean;
  artifacts: ArtifactEntry[];
  /** When true, CreateArtifact is refused (HTTP 403), as for a token without artifact permission. */
  artifactsRefused: boolean;
  /**
   * When true, CreateArtifact answers HTTP 500 with an empty body, as
   * nektos/act's artifact server does for a request it cannot decode (the
   * client retries that for about 32 s).
   */
  artifactsBroken: boolean;
  /** The files (name → bytes) in a finalized artifact's zip. */
  artifactFiles(a: ArtifactEntry): Promise<Map<string, Buffer>>;
  /** host:port that download URLs point at instead of the blob store (a throttled relay, for benchmarks). */
  downloadHost?: string;
  /** Damage a saved archive in place: cut it in half, or replace it with garbage. */
  corrupt(entry: CacheEntry, how: "truncate" | "garbage"): Promise<void>;
  stop(): Promise<void>;
}

function azuriteMain(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("azurite/dist/src/blob/main.js");
}

async function startAzurite(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    [azuriteMain(), "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--loose"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AZURITE_ACCOUNTS: "" } },
  );
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`azurite did not start within 30 s:\n${out}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`azurite exited with ${code}:\n${out}`));
    });
  });
  return { proc, url };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startCacheService(): Promise<CacheService> {
  const az = await startAzurite();
  const cred = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  const blobBase = `${az.url}/${ACCOUNT}`;
  const svc = new BlobServiceClient(blobBase, cred);
  await svc.getContainerClient(CONTAINER).createIfNotExists();

  const entries: CacheEntry[] = [];
  const artifacts: ArtifactEntry[] = [];
  const tokens = new Set<string>();
  const calls: CacheCall[] = [];
  let nextId = 1;

  const sas = (blob: string, perms: string) => {
    const q = generateBlobSASQueryParameters(
      { containerName: CONTAINER, blobName: blob, permissions: BlobSASPermissions.parse(perms), expiresOn: new Date(Date.now() + 3600_000) },
      cred,
    ).toString();
    return `${blobBase}/${CONTAINER}/${encodeURIComponent(blob)}?${q}`;
  };

  const twirpError = (res: ServerResponse, status: number, code: string, msg: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ code, msg }));
  };

  const handle = async (method: string, body: Record<string, any>, res: ServerResponse): Promise<number> => {
    const send = (o: object) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(o));
      return 200;
    };
    switch (method) {
      case "GetCacheEntryDownloadURL": {
        if (service.missLookups) return send({ ok: false });
        const done = entries.filter((e) => e.finalized && e.version === body.version).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
        let hit = done.find((e) => e.key === body.key);
        for (const rk of (body.restore_keys as string[] | undefined) ?? []) {
          if (hit) break;
          hit = done.find((e) => e.key === rk) ?? done.find((e) => e.key.startsWith(rk));
        }
        if (!hit) return send({ ok: false });
        const signed = sas(hit.blob, "r");
        const via = service.downloadHost ? signed.replace(az.url, `http://${service.downloadHost}`) : signed;
        return send({ ok: true, signed_download_url: via, matched_key: hit.key });
      }
      case "CreateCacheEntry": {
        if (service.readOnly) {
          twirpError(res, 403, "permission_denied", "the token of this run cannot write caches");
          return 403;
        }
        if (entries.some((e) => e.key === body.key && e.version === body.version)) {
          twirpError(res, 409, "already_exists", "cache entry with the same key, version, and scope already exists");
          return 409;
        }
        const id = nextId++;
        const blob = `${id}-${String(body.key).replace(/[^A-Za-z0-9._-]/g, "_")}`;
        entries.push({ id, key: String(body.key), version: String(body.version), blob, finalized: false, createdAt: Date.now() });
        return send({ ok: true, signed_upload_url: sas(blob, "cw") });
      }
      case "FinalizeCacheEntryUpload": {
        const e = entries.find((x) => x.key === body.key && x.version === body.version && !x.finalized);
        if (!e) return send({ ok: false, message: `no pending cache entry for ${body.key}` });
        const props = await svc.getContainerClient(CONTAINER).getBlobClient(e.blob).getProperties().catch(() => undefined);
        if (!props || String(props.contentLength) !== String(body.size_bytes)) {
          return send({ ok: false, message: `uploaded blob size ${props?.contentLength} does not match ${body.size_bytes}` });
        }
        e.finalized = true;
        e.size = Number(body.size_bytes);
        e.createdAt = Date.now();
        return send({ ok: true, entry_id: String(e.id) });
      }
      case "CreateArtifact": {
        if (service.artifactsBroken) {
          res.writeHead(500);
          res.end();
          return 500;
        }
        if (service.artifactsRefused) {
          twirpError(res, 403, "permission_denied", "artifact storage is unavailable to this run");
          return 403;
        }
        const run = String(body.workflow_run_backend_id);
        if (artifacts.some((a) => a.run === run && a.name === body.name)) {
          twirpError(res, 409, "already_exists", `an artifact with this name already exists on the workflow run: ${body.name}`);
          return 409;
        }
        const id = nextId++;
        const blob = `artifact-${id}-${String(body.name).replace(/[^A-Za-z0-9._-]/g, "_")}.zip`;
        artifacts.push({ id, run, name: String(body.name), blob, finalized: false });
        return send({ ok: true, signed_upload_url: sas(blob, "cw") });
      }
      case "FinalizeArtifact": {
        const a = artifacts.find((x) => x.run === String(body.workflow_run_backend_id) && x.name === body.name && !x.finalized);
        if (!a) return send({ ok: false });
        const props = await svc.getContainerClient(CONTAINER).getBlobClient(a.blob).getProperties().catch(() => undefined);
        if (!props || String(props.contentLength) !== String(body.size)) {
          twirpError(res, 400, "invalid_argument", `uploaded blob size ${props?.contentLength} does not match ${body.size}`);
          return 400;
        }
        a.finalized = true;
        a.size = Number(body.size);
        if (typeof body.hash === "string") a.hash = body.hash;
        return send({ ok: true, artifact_id: String(a.id) });
      }
      default:
        twirpError(res, 404, "bad_route", `no method ${method}`);
        return 404;
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0]!;
      const prefix = SERVICES.map((x) => `/twirp/${x}/`).find((p) => path.startsWith(p)) ?? `/twirp/${SERVICES[0]}/`;
      const raw = await readBody(req);
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        /* leave empty */
      }
      const method = path.startsWith(prefix) ? path.slice(prefix.length) : path;
      let status: number;
      if (req.method !== "POST" || !path.startsWith(prefix)) {
        twirpError(res, 404, "bad_route", `no route ${req.method} ${path}`);
        status = 404;
      } else if (!tokens.has((req.headers.authorization ?? "").replace(/^Bearer /, ""))) {
        twirpError(res, 401, "unauthenticated", "missing or wrong bearer token");
        status = 401;
      } else {
        try {
          status = await handle(method, body, res);
        } catch (e) {
          twirpError(res, 500, "internal", (e as Error).message);
          status = 500;
        }
      }
      calls.push({ method, body, status });
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const service: CacheService = {
    url,
    missLookups: false,
    readOnly: false,
    blobUrl: az.url,
    entries,
    artifacts,
    calls,
    async artifactFiles(a) {
      const zip = await svc.getContainerClient(CONTAINER).getBlockBlobClient(a.blob).downloadToBuffer();
      return new Map((await readZip(zip)).map((f) => [f.name, f.data]));
    },
    artifactsRefused: false,
    artifactsBroken: false,
    env: () => {
      const token = runtimeToken(tokens.size + 1);
      tokens.add(token);
      return { ACTIONS_CACHE_SERVICE_V2: "true", ACTIONS_RESULTS_URL: url, ACTIONS_RUNTIME_TOKEN: token };
    },
    find: (key) => entries.filter((e) => e.finalized && e.key === key),
    async corrupt(entry, how) {
      const blob = svc.getContainerClient(CONTAINER).getBlockBlobClient(entry.blob);
      const data = await blob.downloadToBuffer();
      const bad = how === "truncate" ? data.subarray(0, data.length >> 1) : Buffer.from("this is not a tar.zst archive\n".repeat(64));
      await blob.uploadData(bad);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      az.proc.kill("SIGTERM");
      await new Promise<void>((r) => (az.proc.exitCode !== null ? r() : az.proc.once("exit", () => r())));
    },
  };
  return service;
}
