// Admission checks: nothing enters the store unchecked. Each check either
// returns the (possibly normalised) bytes to store or throws AdmissionError
// naming the module, version, what was expected and what came.
import { promises as fsp } from "node:fs";
import { moduleDirective } from "../gomod/modfile/rule.js";
import { checkModuleZip } from "../gomod/zipcheck.js";
import { isValid as isValidSemver, sort as semverSort } from "../gomod/semver.js";
import { isPseudoVersion } from "../gomod/pseudo.js";
import type { ModuleRequest } from "../protocol/request.js";
import { latestRecordProblem, timeProblem } from "../lock/model.js";

export class AdmissionError extends Error {}

export interface InfoJson {
  Version: string;
  Time?: string;
  Origin?: Record<string, unknown>;
}

export function parseInfo(bytes: Buffer, what: string): InfoJson {
  let j: unknown;
  try {
    j = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new AdmissionError(`${what}: the upstream's answer is not JSON`);
  }
  if (typeof j !== "object" || j === null || Array.isArray(j)) throw new AdmissionError(`${what}: the upstream's answer is not a JSON object`);
  const o = j as Record<string, unknown>;
  if (typeof o.Version !== "string" || !isValidSemver(o.Version)) {
    throw new AdmissionError(`${what}: the upstream's answer has no valid "Version" (got ${JSON.stringify(o.Version)})`);
  }
  // The lockfile's own rule (a valid calendar date and clock time, as Go's time.Parse).
  if (o.Time !== undefined && (typeof o.Time !== "string" || timeProblem("Time", o.Time))) {
    throw new AdmissionError(`${what}: the upstream's "Time" ${JSON.stringify(o.Time)} is not an RFC 3339 time`);
  }
  return o as unknown as InfoJson;
}

/** What came from the upstream: a file (large zips) or bytes in memory. */
export interface Fetched {
  file?: string;
  body?: Buffer;
}

export interface Admitted {
  /** Replacement bytes to store and serve (normalised lists). */
  normalised?: Buffer;
  /** A zip's h1: hash, computed while checking it. */
  zipHash?: string;
}

async function bytesOf(f: Fetched): Promise<Buffer> {
  return f.body ?? fsp.readFile(f.file!);
}

/** Validates what was fetched for `req`; throws AdmissionError when it breaks Go's rules. */
export async function admit(req: ModuleRequest, f: Fetched): Promise<Admitted> {
  const what = req.version ? `${req.module}@${req.version}` : req.module;
  switch (req.kind) {
    case "info": {
      const info = parseInfo(await bytesOf(f), `${what} (.info)`);
      if (req.canonical && info.Version !== req.version) {
        throw new AdmissionError(`${what} (.info): expected Version ${req.version}, the upstream answered ${info.Version}`);
      }
      return {};
    }
    case "latest": {
      // Admitted only when the lockfile can hold it.
      const info = parseInfo(await bytesOf(f), `${what} (@latest)`);
      const p = latestRecordProblem(req.module, info.Version, info.Time);
      if (p) throw new AdmissionError(`${what} (@latest): ${p}`);
      return {};
    }
    case "mod": {
      // The module line may name another path: a fork used as a replacement
      // target keeps its original's (replace a => fork, fork's go.mod says
      // "module a"). go's proxy client does not check it (modfetch/proxy.go
      // GoMod); modload does, knowing the replace context the proxy lacks
      // (modfile.go: the path must be the required or the replacement path).
      // The bytes themselves are authenticated by their h1: hash.
      if (moduleDirective(await bytesOf(f)) === undefined) {
        throw new AdmissionError(`${what} (.mod): the upstream's go.mod has no module directive (or does not parse), which go rejects`);
      }
      return {};
    }
    case "zip": {
      try {
        const zipHash = await checkModuleZip(f.body ?? f.file!, req.module, req.version!);
        return zipHash ? { zipHash } : {};
      } catch (e) {
        throw new AdmissionError(`${what} (.zip): not a valid module zip: ${(e as Error).message}`);
      }
    }
    case "list": {
      // Like the go command: the first field of each line, valid semver,
      // pseudo-versions dropped. Stored sorted so answers compare stably.
      const text = (await bytesOf(f)).toString("utf8");
      const versions = new Set<string>();
      for (const line of text.split("\n")) {
        const v = line.trim().split(/\s+/)[0];
        if (v && isValidSemver(v) && !isPseudoVersion(v)) versions.add(v);
      }
      const sorted = semverSort([...versions]);
      return { normalised: Buffer.from(sorted.map((v) => v + "\n").join("")) };
    }
  }
}
