// The one scrubber for every string gopin writes (logs, refusals sent to go,
// the JSON report, the Markdown summary, annotations, the lockfile's free-text
// fields). It removes two kinds of secret:
//
//  - by shape, whatever their value: the userinfo of any URL, and the value
//    of an Authorization/Proxy-Authorization header quoted in text;
//  - by value, the secrets gopin itself holds: passwords from URL userinfo and
//    .netrc, the Basic credentials built from them, in plain, percent-encoded
//    and base64 forms. An upstream's error body that echoes the request's
//    Authorization or the decoded password is caught here.
//
// The known secrets are process-wide: they are registered where credentials
// are read (the HTTP client's constructor, the .netrc loader), and every
// writer calls scrub() without knowing which upstream a string came from.

const MASK = "***";

const known = new Set<string>();
let pattern: RegExp | undefined;

/**
 * Registers a secret so that scrub() removes it, with its percent-encoded and
 * base64 forms. Empty strings are ignored.
 */
export function registerSecret(secret: string): void {
  if (secret) addForms([secret, encodeURIComponent(secret), b64(secret)]);
}

/**
 * Registers a Basic credential: the password (see registerSecret) and the
 * header's base64 of "user:password". With no password the user name is the
 * secret (a token as userinfo: https://TOKEN@host).
 */
export function registerCredentials(user: string, password: string): void {
  if (!password) return registerSecret(user);
  registerSecret(password);
  addForms([`${user}:${password}`, b64(`${user}:${password}`)]);
}

function addForms(forms: string[]): void {
  for (const f of forms) {
    if (f && !known.has(f)) {
      known.add(f);
      pattern = undefined;
    }
  }
}

/** base64 without its padding, which also matches an echo that dropped it. */
function b64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64").replace(/=+$/, "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function knownPattern(): RegExp | undefined {
  if (pattern === undefined && known.size > 0) {
    // Longest first, so a secret that contains another is masked whole.
    const alts = [...known].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(alts.join("|"), "g");
  }
  return pattern;
}

// A URL's authority ends at the first "/", "?", "#" or whitespace; its userinfo
// is everything up to the LAST "@" before that (WHATWG URL parsing), so a
// password with a raw "@" is masked whole.
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi;
// "Authorization: Basic abc", "authorization=Bearer abc", JSON "authorization":"Basic abc".
const AUTH_HEADER = /((?:proxy-)?authorization"?\s*[:=]\s*"?)(?:(?:basic|bearer|token|digest)\s+)?[^\s",;]+/gi;

/** Replaces the userinfo of any URL in `s` with `***` (URL-shaped secrets only). */
export function scrubUserinfo(s: string): string {
  return s.replace(URL_USERINFO, `$1${MASK}@`);
}

/** `s` with every credential gopin knows of, or can recognise by shape, masked. */
export function scrub(s: string): string {
  let out = scrubUserinfo(s).replace(AUTH_HEADER, `$1${MASK}`);
  const p = knownPattern();
  if (p) out = out.replace(p, MASK);
  return out;
}

/** `v` as JSON data (what JSON.stringify keeps of it), every string scrubbed. */
export function scrubJson<T>(v: T): T {
  return scrubDeep(JSON.parse(JSON.stringify(v)) as T);
}

/**
 * A deep copy of a JSON-like value with every string scrubbed (keys too), so a
 * structured document (the JSON report, a log record) keeps its syntax.
 */
export function scrubDeep<T>(v: T): T {
  if (typeof v === "string") return scrub(v) as T;
  if (v instanceof Error) return scrub(v.message) as T;
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x)) as T;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), scrubDeep(x)])) as T;
  }
  return v;
}

/** A URL without its userinfo ("https://u:p@h/x" -> "https://h/x"); other strings unchanged. */
export function withoutUserinfo(url: string): string {
  return url.replace(URL_USERINFO, "$1");
}
