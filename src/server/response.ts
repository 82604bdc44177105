// The one place where statuses and error bodies are chosen. Every error body
// is one paragraph of text/plain, so `go` prints it as "server response:".
// 404 and 410 only where Go's fallback semantics want them: "not found" lets
// go try the next proxy (or, for @latest, fall back to the version list).
import { Refusal, type Advice, type Rule } from "../policy/refusal.js";
import { BadRequestError, VersionOutsideModuleError } from "../protocol/request.js";
import { NotFoundError, UpstreamFailure } from "../upstream/types.js";
import { SumdbNotFound } from "../sumdb/transport.js";
import { scrub } from "../observe/scrub.js";
import { MethodError, NotServedError, StoreDiskError, TEXT } from "../proxy/answer.js";

export interface ErrorResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

function statusForRule(rule: Rule): number {
  switch (rule) {
    case "latest-outside-window":
      return 404;
    case "sumdb-security":
    case "sumdb-unavailable":
    case "inadmissible":
    case "unverifiable":
      return 502;
    default:
      return 403;
  }
}

/** The status for an error that stopped a request. */
export function statusFor(e: unknown): number {
  if (e instanceof Refusal) return statusForRule(e.rule);
  if (e instanceof BadRequestError) return 400;
  if (e instanceof MethodError) return 405;
  if (e instanceof NotFoundError || e instanceof SumdbNotFound || e instanceof NotServedError || e instanceof VersionOutsideModuleError) return 404;
  if (e instanceof UpstreamFailure) return 502;
  if (e instanceof StoreDiskError) return 507;
  return 500;
}

/** The one-paragraph reason for an error. */
export function reasonFor(e: unknown, advice: Advice): string {
  if (e instanceof Refusal) return e.format(advice);
  if (statusFor(e) === 500) return `gopin internal error: ${(e as Error)?.message ?? String(e)}`;
  return (e as Error)?.message ?? String(e);
}

export function errorResponse(e: unknown, advice: Advice): ErrorResponse {
  const text = scrub(reasonFor(e, advice)).replace(/\s*\n\s*/g, " ").trim() + "\n";
  return { status: statusFor(e), contentType: TEXT, body: Buffer.from(text) };
}
