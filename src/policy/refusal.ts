// One type for every policy refusal, in the spirit of x/mod's
// module.ModuleError: which module and version, which rule, what was expected
// and what came, and what the user can do about it. One message format:
//
//   gopin <mode>: <module>@<version>: <what happened>. <remedy>
//
// The remedy is structured, so it can name the knobs of the entry point in
// use: flags for the command line, inputs for the GitHub Action.

export type Mode = "record" | "verify";

/** Which entry point the user drives gopin through (advice names its knobs). */
export type Advice = "cli" | "action";

export type Rule =
  /** verify: a version the lockfile does not hold. */
  | "not-locked"
  /** verify: a list/@latest query the lockfile holds no answer for. */
  | "no-locked-answer"
  /** verify: a branch or commit query (not a canonical version). */
  | "version-query"
  /** verify: a version locked without the hash of the file asked for. */
  | "missing-hash"
  /** A hash (or locked metadata) that differs from the lockfile. */
  | "lock-mismatch"
  /** A checksum-database record at or beyond the locked tree size. */
  | "beyond-locked-head"
  | "as-of"
  | "min-release-age"
  /** The latest version is outside the time window (go may fall back). */
  | "latest-outside-window"
  | "sumdb-unknown"
  | "sumdb-mismatch"
  | "sumdb-unavailable"
  | "sumdb-security"
  /** The upstream's answer breaks Go's rules (admission). */
  | "inadmissible"
  /** A checksum-database lookup for a private module (never sent anywhere). */
  | "private-lookup"
  /** The evidence needed to judge the content could not be had. */
  | "unverifiable"
  /** A version list too long to date within the bound, with nothing inside the window among the dated. */
  | "list-dating-limit";

export type Remedy =
  /** Record the lockfile again and review the change. */
  | { kind: "re-record" }
  /** Exempt exactly this module@version from the release-age rule. */
  | { kind: "allow"; target: string }
  /** Wait, choose an older version, or exempt this one. */
  | { kind: "wait-or-allow"; target: string }
  /** A private module: keep it out of the checksum database. */
  | { kind: "mark-private" }
  /** The content served is not what the lock (or the checksum database) vouches for: fetch through another upstream. */
  | { kind: "other-upstream" }
  /** The change under review edited a locked hash: take the base commit's entry back (or re-record). */
  | { kind: "restore-lock"; lockfile: string; base: string }
  /** The evidence could not be had this time (an upstream or the checksum database failed). */
  | { kind: "retry" }
  /** A branch or commit query: depend on a canonical version. */
  | { kind: "canonical-version"; module: string };

export interface RefusalInit {
  module: string;
  version?: string;
  rule: Rule;
  /** One sentence (or a few) saying what happened; no remedy. */
  detail: string;
  expected?: string;
  actual?: string;
  remedy?: Remedy;
  /** The mode tag in the message ("gopin verify:"); absent: "gopin:". */
  mode?: Mode;
  /** A refusal that does not fail the job (go treats the answer as a miss). Default: it does. */
  violation?: boolean;
}

export class Refusal extends Error {
  readonly module: string;
  readonly version?: string;
  readonly rule: Rule;
  readonly detail: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly remedy?: Remedy;
  readonly mode?: Mode;
  readonly violation: boolean;

  constructor(init: RefusalInit) {
    super(init.detail);
    this.name = "Refusal";
    this.module = init.module;
    if (init.version !== undefined) this.version = init.version;
    this.rule = init.rule;
    this.detail = init.detail;
    if (init.expected !== undefined) this.expected = init.expected;
    if (init.actual !== undefined) this.actual = init.actual;
    if (init.remedy !== undefined) this.remedy = init.remedy;
    if (init.mode !== undefined) this.mode = init.mode;
    this.violation = init.violation ?? true;
  }

  /** The one-paragraph reason, with advice for `advice`'s entry point. */
  format(advice: Advice): string {
    const tag = this.mode ? `gopin ${this.mode}` : "gopin";
    const remedy = this.remedy ? " " + remedyText(this.remedy, advice) : "";
    return `${tag}: ${this.detail}${remedy}`;
  }
}

/** The remedy, naming flags (CLI) or inputs (Action). */
export function remedyText(r: Remedy, advice: Advice): string {
  const action = advice === "action";
  switch (r.kind) {
    case "re-record":
      return action
        ? "Record it again (the gopin step's input mode: record; a later step can commit the gopin.lock it writes, and the run's artifact holds it) and review the lockfile change."
        : "Re-record the lockfile (gopin run --mode record) and review the change.";
    case "allow":
      return action
        ? `Exempt exactly this version with the gopin step's input allow: ${r.target} if you trust it.`
        : `Exempt exactly this version with --allow ${r.target} if you trust it.`;
    case "wait-or-allow":
      return action
        ? `Wait, pick an older version, or exempt exactly this one with the gopin step's input allow: ${r.target}.`
        : `Wait, pick an older version, or exempt exactly this one with --allow ${r.target}.`;
    case "mark-private":
      return action
        ? "If the module is private, list it in the gopin step's input private (or GOPRIVATE / GONOSUMDB)."
        : "If the module is private, list it in --private (or GOPRIVATE / GONOSUMDB).";
    case "other-upstream":
      return action
        ? "Do not re-record over it: find out which copy is right, and fetch through a mirror you trust with the gopin step's input upstream."
        : "Do not re-record over it: find out which copy is right, and fetch through a mirror you trust with --upstream.";
    case "restore-lock":
      return `Take the locked entry back from the base (git checkout ${r.base} -- ${r.lockfile}), or ${action ? "record it again with the gopin step's input mode: record" : "re-record it with gopin run --mode record"} and review why the hash differs.`;
    case "retry":
      return action
        ? "Re-run the job; if it keeps failing, fetch through another mirror with the gopin step's input upstream."
        : "Run it again; if it keeps failing, fetch through another mirror with --upstream.";
    case "canonical-version":
      return `Require a released version of ${r.module} in go.mod (go get ${r.module}@VERSION), then ${action ? "record it with the gopin step's input mode: record" : "re-record with gopin run --mode record"}.`;
  }
}

/**
 * The remedy in a few words, for a table cell that must stay narrow (the
 * long names it would repeat are in the row already); remedyText has the
 * whole sentence.
 */
export function remedyBrief(r: Remedy, advice: Advice): string {
  const action = advice === "action";
  const knob = (input: string, flag: string) => (action ? `input ${input}` : flag);
  const record = action ? "record again (input mode: record)" : "re-record (--mode record)";
  switch (r.kind) {
    case "re-record":
      return `${action ? "Record again (input mode: record)" : "Re-record (--mode record)"} and review the lockfile change`;
    case "allow":
      return `Exempt it if you trust it (${knob("allow", "--allow")})`;
    case "wait-or-allow":
      return `Wait, pick an older version, or exempt it (${knob("allow", "--allow")})`;
    case "mark-private":
      return `If it is private, list it in ${knob("private", "--private")}`;
    case "other-upstream":
      return `Do not re-record; fetch through a mirror you trust (${knob("upstream", "--upstream")})`;
    case "restore-lock":
      return `Take the base's entry back (git checkout ${r.base} -- ${r.lockfile}) or ${record}`;
    case "retry":
      return `Re-run; if it keeps failing, use another mirror (${knob("upstream", "--upstream")})`;
    case "canonical-version":
      return `Require a released version, then ${record}`;
  }
}
