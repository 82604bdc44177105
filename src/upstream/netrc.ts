// .netrc credentials, as the go command reads them (GOAUTH's default "netrc"):
// $NETRC if set, else ~/.netrc. Only "machine"/"default", "login", "password".
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { registerCredentials } from "../observe/scrub.js";

export interface NetrcEntry {
  machine: string | undefined; // undefined = default
  login: string;
  password: string;
}

export function parseNetrc(text: string): NetrcEntry[] {
  const toks = text.split(/\s+/).filter(Boolean);
  const out: NetrcEntry[] = [];
  let cur: NetrcEntry | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t === "machine" || t === "default") {
      cur = { machine: t === "machine" ? toks[++i] : undefined, login: "", password: "" };
      out.push(cur);
    } else if (t === "login" && cur) cur.login = toks[++i] ?? "";
    else if (t === "password" && cur) cur.password = toks[++i] ?? "";
    else if (t === "macdef") break; // macros end the useful part of the file
  }
  return out;
}

/** The .netrc entries; every password is registered with the scrubber. */
export function loadNetrc(env: NodeJS.ProcessEnv = process.env): NetrcEntry[] {
  const file = env.NETRC || join(env.HOME || homedir(), ".netrc");
  let entries: NetrcEntry[];
  try {
    entries = parseNetrc(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  for (const e of entries) registerCredentials(e.login, e.password);
  return entries;
}

/** Credentials for `host`. Like the go command, a "default" entry is never
 * used: sending one password to every host would leak it to public proxies. */
export function netrcFor(entries: NetrcEntry[], host: string): NetrcEntry | undefined {
  return entries.find((e) => e.machine === host);
}
