// A `file://` GOPROXY upstream: a directory laid out as a proxy file tree.
import { promises as fsp, createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { BodyTooLargeError, NotFoundError, UpstreamFailure, isLocalDiskError, type FetchOptions, type FetchResult, type FetchTarget, type PathFetcher, type Upstream } from "./types.js";
import { describeFile, modulePath } from "../protocol/module-file.js";

export class FileUpstream implements Upstream, PathFetcher {
  readonly name: string;
  private readonly dir: string;

  constructor(url: string) {
    this.dir = fileURLToPath(url);
    this.name = url;
  }

  pathFor(t: FetchTarget): string {
    return join(this.dir, ...modulePath(t).split("/"));
  }

  fetch(t: FetchTarget, dest: string | undefined, limit: number, opts: FetchOptions = {}): Promise<FetchResult> {
    return this.fetchPath(modulePath(t), describeFile(t), dest, limit, opts);
  }

  async fetchPath(rel: string, what: string, dest: string | undefined, limit: number, opts: FetchOptions = {}): Promise<FetchResult> {
    const start = performance.now();
    const src = join(this.dir, ...rel.split("/"));
    let size: number;
    try {
      const st = await fsp.stat(src);
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      size = st.size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") throw new NotFoundError(this.name, `${this.name}: ${what}: not found`);
      throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${(e as Error).message}`);
    }
    if (size > limit) throw new BodyTooLargeError(this.name, `${this.name}: ${what}: ${size} bytes, more than the ${limit}-byte limit`);
    if (dest !== undefined && size <= (opts.keepInMemoryUpTo ?? -1)) dest = undefined;
    let body: Buffer | undefined;
    try {
      if (dest === undefined) body = await fsp.readFile(src);
      else await pipeline(createReadStream(src), createWriteStream(dest));
    } catch (e) {
      if (isLocalDiskError(e)) throw e;
      throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${(e as Error).message}`);
    }
    return { upstream: this.name, bytes: body?.length ?? size, ms: performance.now() - start, ...(body ? { body } : {}) };
  }
}

/** GOPROXY=off: every lookup is refused. Go reports it as "not exist". */
export class OffUpstream implements Upstream {
  readonly name = "off";
  async fetch(t: FetchTarget): Promise<FetchResult> {
    throw new NotFoundError(this.name, `${describeFile(t)}: module lookup disabled by GOPROXY=off`);
  }
}
