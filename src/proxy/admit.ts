// Admission checks: nothing enters the store unchecked. Each check either
// returns the (possibly normalised) bytes to store or throws AdmissionError
// naming the module, version, what was expected and what came.
import { promises as fsp } from "node:fs";
import { moduleDirective } from "../gomod/modfile.js";
import { checkModuleZip } from "../gomod/zipcheck.js";
import { isValid as isValidSemver, sort as semverSort } from "../gomod/semver.js";
import { isPseudoVersion } from "../gomod/pseudo.js";
import type { ModuleRequest } from "../protocol/request.js";

export class AdmissionError extends Error {}

export interface InfoJson {
  Version: string;
  Time?: string;
  Origin?: Record<string, unknown>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

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
  if (o.Time !== undefined && (typeof o.Time !== "string" || !RFC3339.test(o.Time) || Number.isNaN(Date.parse(o.Time)))) {
    throw new AdmissionError(`${what}: the upstream's "Time" ${JSON.stringify(o.Time)} is not an RFC 3339 time`);
  }
  return o as unknown as InfoJson;
}

/** Validates the fetched file at `file`. Returns replacement bytes when the
 * content is normalised (lists), else undefined (store the file as is). */
export async function admit(req: ModuleRequest, file: string): Promise<Buffer | undefined> {
  const what = req.version ? `${req.module}@${req.version}` : req.module;
  switch (req.kind) {
    case "info": {
      const info = parseInfo(await fsp.readFile(file), `${what} (.info)`);
      if (req.canonical && info.Version !== req.version) {
        throw new AdmissionError(`${what} (.info): expected Version ${req.version}, the upstream answered ${info.Version}`);
      }
      return undefined;
    }
    case "latest": {
      parseInfo(await fsp.readFile(file), `${what} (@latest)`);
      return undefined;
    }
    case "mod": {
      const declared = moduleDirective(await fsp.readFile(file));
      if (declared !== req.module) {
        throw new AdmissionError(
          `${what} (.mod): expected a go.mod declaring "module ${req.module}", the upstream's go.mod ${declared === undefined ? "has no module directive" : `declares "module ${declared}"`}`,
        );
      }
      return undefined;
    }
    case "zip": {
      try {
        await checkModuleZip(file, req.module, req.version!);
      } catch (e) {
        throw new AdmissionError(`${what} (.zip): not a valid module zip: ${(e as Error).message}`);
      }
      return undefined;
    }
    case "list": {
      // Like the go command: the first field of each line, valid semver,
      // pseudo-versions dropped. Stored sorted so answers compare stably.
      const text = (await fsp.readFile(file)).toString("utf8");
      const versions = new Set<string>();
      for (const line of text.split("\n")) {
        const f = line.trim().split(/\s+/)[0];
        if (f && isValidSemver(f) && !isPseudoVersion(f)) versions.add(f);
      }
      const sorted = semverSort([...versions]);
      return Buffer.from(sorted.map((v) => v + "\n").join(""));
    }
  }
}
