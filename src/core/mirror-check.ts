// `gopin check-mirrors`: asks every mirror for every version in the lockfile
// (.info, .mod, and .zip, hashed as go does) and for the locked list/@latest
// answers, and reports per mirror what differs from the lockfile. Only a
// different .mod/.zip hash is a security finding; .info times and origins
// are metadata (drift), as everywhere in gopin.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashGoMod, hashZip } from "../gomod/dirhash.js";
import { compareVersion } from "../gomod/semver.js";
import type { Lockfile } from "../lock/model.js";
import { infoDrift, originFromInfo } from "../policy/content.js";
import { parseInfo } from "../proxy/admit.js";
import { limitFor } from "../proxy/limits.js";
import type { RequestKind } from "../protocol/module-file.js";
import { describeFile } from "../protocol/module-file.js";
import { HttpUpstream } from "../upstream/http.js";
import { NotFoundError, type Upstream } from "../upstream/types.js";
import { buildMirrorCheckReport, type MirrorCheckReport, type MirrorCheckSection } from "../report/mirror-check.js";

export interface MirrorCheckOptions {
  lock: Lockfile;
  lockfileName: string;
  mirrors: string[];
  now?: Date;
}

export async function checkMirrors(o: MirrorCheckOptions): Promise<MirrorCheckReport> {
  const tmp = await mkdtemp(join(tmpdir(), "gopin-check-mirrors-"));
  try {
    const sections = await Promise.all(o.mirrors.map((url) => checkOne(new HttpUpstream(url), o.lock, tmp)));
    let versions = 0;
    for (const m of o.lock.modules.values()) versions += m.versions.size;
    return buildMirrorCheckReport({ lockfile: o.lockfileName, versions, now: o.now ?? new Date(), sections });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function checkOne(mirror: Upstream, lock: Lockfile, tmp: string): Promise<MirrorCheckSection> {
  const s: MirrorCheckSection = { mirror: mirror.name, hashMismatches: [], missing: [], drift: [], queries: [], failures: [] };
  let n = 0;
  /** The body (or a temp file for a zip); undefined when the mirror failed or lacks it (noted in `s`). */
  const get = async (module: string, kind: RequestKind, version?: string): Promise<Buffer | string | undefined> => {
    const dest = kind === "zip" ? join(tmp, `${mirror.name.replace(/\W+/g, "_")}-${n++}.zip`) : undefined;
    try {
      const r = await mirror.fetch({ module, kind, ...(version ? { version } : {}) }, dest, limitFor(kind));
      return r.body ?? dest;
    } catch (e) {
      if (e instanceof NotFoundError && version && kind !== "list" && kind !== "latest") s.missing.push({ module, version, file: kind });
      else if (e instanceof NotFoundError) s.queries.push({ module, query: kind as "list" | "latest", detail: "not found at this mirror" });
      else s.failures.push({ module, file: describeFile({ module, kind, ...(version ? { version } : {}) }), error: (e as Error).message });
      return undefined;
    }
  };
  for (const [module, m] of lock.modules) {
    for (const [version, lv] of m.versions) {
      await Promise.all([
        get(module, "info", version).then((b) => {
          if (b === undefined) return;
          try {
            const info = parseInfo(b as Buffer, `${module}@${version}.info`);
            s.drift.push(...infoDrift({ lock }, module, version, info.Time, originFromInfo(info.Origin)));
          } catch (e) {
            s.failures.push({ module, file: `${module}@${version}.info`, error: (e as Error).message });
          }
        }),
        ...(["mod", "zip"] as const)
          .filter((kind) => lv[kind] !== undefined)
          .map(async (kind) => {
            const b = await get(module, kind, version);
            if (b === undefined) return;
            try {
              const hash = kind === "mod" ? hashGoMod(b) : await hashZip(b);
              if (hash !== lv[kind]) s.hashMismatches.push({ module, version, file: kind, locked: lv[kind]!, mirror: hash });
            } catch (e) {
              s.hashMismatches.push({ module, version, file: kind, locked: lv[kind]!, mirror: `(unreadable: ${(e as Error).message})` });
            } finally {
              if (typeof b === "string") await rm(b, { force: true });
            }
          }),
      ]);
    }
    if (m.list) {
      const b = await get(module, "list");
      if (b !== undefined) {
        const have = new Set((b as Buffer).toString("utf8").split("\n").filter(Boolean));
        const lacking = m.list.filter((v) => !have.has(v));
        if (lacking.length) s.queries.push({ module, query: "list", detail: `lacks locked version${lacking.length === 1 ? "" : "s"} ${lacking.join(", ")}` });
      }
    }
    if (m.latest) {
      const b = await get(module, "latest");
      if (b !== undefined) {
        try {
          const v = parseInfo(b as Buffer, `${module}/@latest`).Version;
          // A newer answer is expected (versions published since the lock); an older one is not.
          if (compareVersion(v, m.latest.version) < 0) s.queries.push({ module, query: "latest", detail: `answers ${v}, older than the locked ${m.latest.version}` });
        } catch (e) {
          s.failures.push({ module, file: `${module}/@latest`, error: (e as Error).message });
        }
      }
    }
  }
  return s;
}
