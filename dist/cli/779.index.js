export const id = 779;
export const ids = [779];
export const modules = {

/***/ 5779:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_DRAIN_MS: () => (/* binding */ DEFAULT_DRAIN_MS),
  SharedTier: () => (/* binding */ SharedTier)
});

// EXTERNAL MODULE: ./build/src/protocol/module-file.js
var module_file = __webpack_require__(2363);
// EXTERNAL MODULE: ./build/src/protocol/request.js
var request = __webpack_require__(1007);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./build/src/observe/scrub.js
var scrub = __webpack_require__(733);
;// CONCATENATED MODULE: ./build/src/shared/objects.js
// The bucket, through the AWS SDK: get an object, create one only if absent.
// Nothing here trusts what comes back; errors are scrubbed of credentials.





class ObjectTooLarge extends Error {
}
/** Timeouts for one request to the bucket: a slow bucket must not stall `go`. */
const CONNECT_MS = 5_000;
const REQUEST_MS = 60_000;
class SharedObjects {
    cfg;
    client;
    secrets = new Set();
    constructor(cfg, env) {
        this.cfg = cfg;
        // The pinned SDK supports Node 20; its notice about later releases is noise on gopin's stderr.
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
        const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
        this.client = new dist_cjs/* S3Client */.YxF({
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
        for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
            if (env[k])
                this.secrets.add(env[k]);
        // Credentials from a profile or a role are scrubbed too, once known.
        void Promise.resolve(this.client.config.credentials())
            .then((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken].forEach((s) => s && this.secrets.add(s)))
            .catch(() => undefined);
    }
    key(rel) {
        return this.cfg.prefix + rel;
    }
    /**
     * The object at `rel`, or undefined when there is none. Bodies larger than
     * `inMemoryUpTo` go to `dest` when given; a body over `limit` is refused.
     */
    async get(rel, limit, dest, inMemoryUpTo) {
        let res;
        try {
            res = await this.client.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket: this.cfg.bucket, Key: this.key(rel) }));
        }
        catch (e) {
            if (statusOf(e) === 404)
                return undefined;
            throw this.scrubbed(e);
        }
        const body = res.Body;
        if (!body)
            throw new Error(`${this.key(rel)}: the shared store answered without a body`);
        const size = res.ContentLength;
        if (size !== undefined && size > limit) {
            body.destroy();
            throw new ObjectTooLarge(`${this.key(rel)} is ${size} bytes, over the ${limit}-byte limit`);
        }
        let bytes = 0;
        const counter = new external_node_stream_.Transform({
            transform(chunk, _enc, cb) {
                bytes += chunk.length;
                cb(bytes > limit ? new ObjectTooLarge(`${rel}: the body exceeds the ${limit}-byte limit`) : null, chunk);
            },
        });
        try {
            if (dest === undefined || (size !== undefined && size <= inMemoryUpTo)) {
                const chunks = [];
                await (0,promises_.pipeline)(body, counter, async function* (src) {
                    for await (const c of src)
                        chunks.push(c);
                });
                return { body: Buffer.concat(chunks), bytes };
            }
            await (0,promises_.pipeline)(body, counter, (0,external_node_fs_.createWriteStream)(dest));
            return { file: dest, bytes };
        }
        catch (e) {
            throw e instanceof ObjectTooLarge ? e : this.scrubbed(e);
        }
    }
    /** Create `rel` unless it exists (If-None-Match: *): "created", or "exists" when it was there. */
    async putIfAbsent(rel, body, size) {
        try {
            await this.client.send(new dist_cjs/* PutObjectCommand */.wKZ({
                Bucket: this.cfg.bucket,
                Key: this.key(rel),
                Body: typeof body === "function" ? body() : body,
                ContentLength: size,
                IfNoneMatch: "*",
            }));
            return "created";
        }
        catch (e) {
            if (statusOf(e) === 412)
                return "exists";
            throw this.scrubbed(e);
        }
    }
    /** An error whose message is safe to log and report. */
    scrubbed(e) {
        const status = statusOf(e);
        let msg = e instanceof Error ? (e.name && e.name !== "Error" && !e.message.includes(e.name) ? `${e.name}: ${e.message}` : e.message) : String(e);
        if (status !== undefined && !msg.includes(String(status)))
            msg += ` (HTTP ${status})`;
        return new Error(this.scrub(msg));
    }
    scrub(s) {
        let out = (0,scrub/* scrub */._I)(s);
        for (const secret of this.secrets)
            if (secret.length >= 4)
                out = out.split(secret).join("***");
        return out;
    }
    close() {
        this.client.destroy();
    }
}
function statusOf(e) {
    if (e instanceof dist_cjs/* S3ServiceException */.Hcp)
        return e.$metadata?.httpStatusCode;
    return e?.$metadata?.httpStatusCode;
}

;// CONCATENATED MODULE: ./build/src/shared/write-back.js
// Write-back: admitted immutable files are copied to the shared store in the
// background, never on the path of a `go` request. Uploads are create-only
// (a racing job's object, or one already there, is never replaced), run a few
// at a time with retries, and fail as warnings, never as the job's failure.

/** Files held in memory for an upload; larger ones are streamed from the store. */
const IN_MEMORY_MAX = 4 << 20;
class WriteBack {
    objects;
    store;
    logger;
    warn;
    counts = { created: 0, existing: 0, failed: 0, bytes: 0, abandoned: 0 };
    queue = [];
    seen = new Set();
    stored = new Set();
    idle = new Set();
    active = 0;
    closed = false;
    concurrency;
    attempts;
    backoffMs;
    constructor(objects, store, logger, warn, opts = {}) {
        this.objects = objects;
        this.store = store;
        this.logger = logger;
        this.warn = warn;
        this.concurrency = opts.concurrency ?? 4;
        this.attempts = opts.attempts ?? 3;
        this.backoffMs = opts.backoffMs ?? 250;
    }
    /** Queue `rel` (once per job); returns at once. */
    offer(rel) {
        if (this.closed || this.seen.has(rel))
            return;
        this.seen.add(rel);
        this.queue.push(rel);
        this.pump();
    }
    /** Whether `rel` is in the shared store now (created by this job, or already there). */
    wasStored(rel) {
        return this.stored.has(rel);
    }
    get pending() {
        return this.queue.length + this.active;
    }
    /** Wait for queued uploads, at most `maxMs`; what is left is counted as abandoned. */
    async drain(maxMs) {
        if (this.pending > 0) {
            let timer;
            await Promise.race([
                new Promise((resolve) => this.idle.add(resolve)),
                new Promise((resolve) => (timer = setTimeout(resolve, maxMs))),
            ]);
            clearTimeout(timer);
        }
        this.closed = true;
        if (this.pending > 0) {
            this.counts.abandoned = this.pending;
            this.warn(`${this.pending} upload(s) to the shared store were still under way after ${Math.round(maxMs / 1000)}s and were abandoned at shutdown`);
            this.queue.length = 0;
        }
    }
    pump() {
        while (this.active < this.concurrency && this.queue.length > 0 && !this.closed) {
            const rel = this.queue.shift();
            this.active++;
            void this.upload(rel).finally(() => {
                this.active--;
                this.pump();
                if (this.pending === 0)
                    for (const f of this.idle)
                        f();
            });
        }
    }
    async upload(rel) {
        let last;
        for (let attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
            if (attempt > 1)
                await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 2)));
            try {
                const stored = await this.storedFile(rel);
                const body = stored.bytes ?? (() => (0,external_node_fs_.createReadStream)(this.store.abs(rel)));
                const r = await this.objects.putIfAbsent(rel, body, stored.size);
                if (r === "created") {
                    this.counts.created++;
                    this.counts.bytes += stored.size;
                }
                else
                    this.counts.existing++;
                this.stored.add(rel);
                this.logger.info("shared store upload", { file: rel, result: r });
                return;
            }
            catch (e) {
                last = e instanceof Error ? e : new Error(String(e));
            }
        }
        this.counts.failed++;
        this.warn(`could not upload ${rel} to the shared store: ${this.objects.scrub(last?.message ?? "shut down")}`);
    }
    /** The admitted file in the local store (its background write may still be landing). */
    async storedFile(rel) {
        const f = (await this.store.readImmutable(rel, IN_MEMORY_MAX)) ?? (await this.store.drain(), await this.store.readImmutable(rel, IN_MEMORY_MAX));
        if (!f)
            throw new Error(`${rel} is no longer in the local store`);
        return f;
    }
}

;// CONCATENATED MODULE: ./build/src/shared/tier.js




/** After this many failed requests in a row, the tier is off for the rest of the job. */
const FAILURES_TO_DISABLE = 3;
/** Bounded wait for uploads at shutdown. */
const DEFAULT_DRAIN_MS = 30_000;
const MAX_WARNINGS = 50;
class SharedTier {
    cfg;
    logger;
    name;
    objects;
    writeBack;
    served = new Set();
    rejected = new Set();
    /** Files to fetch from the upstream instead (their confirmation before first locking). */
    bypass = new Set();
    /** Files the bucket holds already (it served them): never offered for upload. */
    inBucket = new Set();
    refusedList = [];
    warnings = [];
    privateShared = new Set();
    offeredPrivate = new Map();
    hits = 0;
    misses = 0;
    bytes = 0;
    errors = 0;
    failuresInARow = 0;
    disabled = false;
    constructor(cfg, store, logger, env = process.env, writeBackOptions) {
        this.cfg = cfg;
        this.logger = logger;
        this.name = `shared store ${cfg.url}`;
        this.objects = new SharedObjects(cfg, env);
        if (cfg.mode === "read-write")
            this.writeBack = new WriteBack(this.objects, store, logger, (m) => this.warn(m), writeBackOptions);
    }
    /** The shared store's copy of `t`, or undefined (a miss, a failure, or not a file it holds). */
    async get(t, dest, limit, opts) {
        if (t.kind === "list" || t.kind === "latest" || !t.version || !(0,request/* isCanonicalVersion */.Bh)(t.version))
            return undefined;
        const rel = (0,module_file/* modulePath */.M)(t);
        if (this.disabled || this.rejected.has(rel))
            return undefined;
        if (this.bypass.delete(rel))
            return undefined;
        const start = performance.now();
        try {
            const r = await this.objects.get(rel, limit, dest, opts?.keepInMemoryUpTo ?? Infinity);
            this.failuresInARow = 0;
            if (!r) {
                this.misses++;
                return undefined;
            }
            this.hits++;
            this.bytes += r.bytes;
            this.served.add(rel);
            return { upstream: this.name, bytes: r.bytes, ms: performance.now() - start, ...("body" in r ? { body: r.body } : {}) };
        }
        catch (e) {
            this.misses++;
            if (e instanceof ObjectTooLarge) {
                this.reject(rel, e.message);
                return undefined;
            }
            this.errors++;
            const msg = this.objects.scrub(e.message);
            if (++this.failuresInARow >= FAILURES_TO_DISABLE && !this.disabled) {
                this.disabled = true;
                this.warn(`the shared store failed ${FAILURES_TO_DISABLE} times in a row (last: ${(0,module_file/* describeFile */.C)(t)}: ${msg}); the rest of the job uses the upstream only`);
            }
            else
                this.warn(`reading ${(0,module_file/* describeFile */.C)(t)} from the shared store failed, using the upstream: ${msg}`);
            return undefined;
        }
    }
    servedFromShared(rel) {
        return this.served.has(rel);
    }
    askUpstream(rel) {
        this.served.delete(rel);
        this.bypass.add(rel);
        this.inBucket.add(rel);
    }
    reject(rel, reason) {
        if (this.rejected.has(rel))
            return;
        this.rejected.add(rel);
        this.served.delete(rel);
        const r = this.objects.scrub(reason);
        this.refusedList.push({ file: this.objects.key(rel), reason: r });
        this.logger.warn("refused an object from the shared store; fetching it from the upstream", { file: this.objects.key(rel), reason: r });
    }
    offer(file, rel, isPrivate) {
        // A bucket that stopped answering is not written to either (one warning said so).
        if (!this.writeBack || this.disabled || this.served.has(rel) || this.rejected.has(rel) || this.inBucket.has(rel))
            return;
        if (isPrivate) {
            if (!this.cfg.private)
                return;
            this.offeredPrivate.set(rel, `${file.module}@${file.version}`);
        }
        this.writeBack.offer(rel);
    }
    /** Wait (at most `maxMs`) for uploads, then release the client. */
    async close(maxMs = DEFAULT_DRAIN_MS) {
        await this.writeBack?.drain(maxMs);
        this.objects.close();
    }
    snapshot() {
        for (const [rel, mv] of this.offeredPrivate)
            if (this.writeBack?.wasStored(rel))
                this.privateShared.add(mv);
        return {
            store: this.cfg.url,
            mode: this.cfg.mode,
            hits: this.hits,
            misses: this.misses,
            bytes: this.bytes,
            errors: this.errors,
            refused: [...this.refusedList],
            uploads: { ...(this.writeBack?.counts ?? { created: 0, existing: 0, failed: 0, bytes: 0, abandoned: 0 }) },
            privateShared: [...this.privateShared].sort(),
            warnings: [...this.warnings],
        };
    }
    warn(message) {
        const m = this.objects.scrub(message);
        this.logger.warn(m);
        if (this.warnings.length < MAX_WARNINGS)
            this.warnings.push(m);
        else if (this.warnings.length === MAX_WARNINGS)
            this.warnings.push("(more shared-store warnings in the log)");
    }
}


/***/ })

};
