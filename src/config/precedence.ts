// The one precedence rule, shared by the CLI and the Action:
//   explicit (flag or action input) > GOPIN_* / GO* environment > go env > default.
// Each pick records where its value came from, for diagnostics.

export type ValueSource = "flag" | "input" | "env" | "go env" | "default";

export type Pick = (name: string, explicit: string | undefined, envName: string | undefined, goValue: string | undefined, def: string) => string;

export function precedencePicker<S extends ValueSource>(env: NodeJS.ProcessEnv, sources: Record<string, S>, explicitLabel: S & ("flag" | "input")): Pick {
  return (name, explicit, envName, goValue, def) => {
    const take = (v: string, from: ValueSource) => {
      sources[name] = from as S;
      return v;
    };
    if (explicit !== undefined) return take(explicit, explicitLabel);
    if (envName !== undefined && env[envName] !== undefined) return take(env[envName]!, "env");
    if (goValue !== undefined && goValue !== "") return take(goValue, "go env");
    return take(def, "default");
  };
}

/** Names the setting a picked value came from, for error messages ("--sumdb", "GOPIN_SUMDB", ...). */
export function describeSource(source: ValueSource | undefined, names: { explicit: string; env: string; goEnv?: string }): string {
  switch (source) {
    case "flag":
    case "input":
      return names.explicit;
    case "env":
      return names.env;
    case "go env":
      return names.goEnv ? `go env ${names.goEnv}` : "go env";
    default:
      return "the default";
  }
}

/**
 * A GOPRIVATE-style pattern list with `extra` added (comma-separated, no
 * duplicates). Used so that private patterns given to gopin itself (a flag,
 * input or GOPIN_PRIVATE) also keep those modules out of the checksum
 * database, as GOPRIVATE would.
 */
export function addPatterns(list: string, extra: string): string {
  const parts = list.split(",").map((p) => p.trim()).filter(Boolean);
  for (const p of extra.split(",").map((x) => x.trim()).filter(Boolean)) if (!parts.includes(p)) parts.push(p);
  return parts.join(",");
}
