// A hash judged against the checksum database. The lookup (network, proofs)
// is done by the request path; what it found is handed in as evidence.
import { sumdbHash } from "../sumdb/client.js";
import type { PolicyContext } from "./context.js";
import type { HashKind } from "./content.js";
import { Refusal } from "./refusal.js";

export type SumdbEvidence =
  /** A proven record: its number and its go.sum lines. */
  | { found: { id: number; text: string } }
  /** The database has no record of this version. */
  | { notFound: string }
  /** Evidence of misbehaviour (a fork, a bad proof). */
  | { security: string }
  /** The database could not be reached or answered nonsense. */
  | { unavailable: string };

/** The record number when the database agrees with `hash`, else the refusal. */
export function judgeSumdb(
  ctx: PolicyContext,
  module: string,
  version: string,
  kind: HashKind,
  hash: string,
  ev: SumdbEvidence,
): { rec: number } | { refusal: Refusal } {
  const db = ctx.sumdbName ?? "(none)";
  const what = kind === "zip" ? "zip hash" : "go.mod hash";
  const target = `${module}@${version}`;
  const refuse = (init: Omit<ConstructorParameters<typeof Refusal>[0], "module" | "version">) => ({ refusal: new Refusal({ module, version, ...init }) });
  if ("notFound" in ev) {
    return refuse({ rule: "sumdb-unknown", detail: `${target}: the checksum database ${db} has no record of it (${ev.notFound}).`, remedy: { kind: "mark-private" } });
  }
  if ("security" in ev) return refuse({ rule: "sumdb-security", detail: ev.security });
  if ("unavailable" in ev) return refuse({ rule: "sumdb-unavailable", detail: `${target}: cannot be verified against the checksum database ${db}: ${ev.unavailable}` });
  const want = sumdbHash(ev.found.text, module, version, kind);
  if (!want) return refuse({ rule: "sumdb-mismatch", detail: `${target}: the checksum database ${db} record ${ev.found.id} has no ${what}.` });
  if (want !== hash) {
    return refuse({
      rule: "sumdb-mismatch",
      expected: want,
      actual: hash,
      detail: `SECURITY ERROR: ${target}: ${what} mismatch: the checksum database ${db} (record ${ev.found.id}) has ${want}, but the content served hashes to ${hash}. The upstream served different bytes from the ones the public log holds; gopin refused them and did not lock them.`,
    });
  }
  return { rec: ev.found.id };
}
