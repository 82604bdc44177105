// Time-window primitives shared by the policy, the lockfile and the report.
//
// Durations are plain numbers of milliseconds (fractions allowed for the
// sub-millisecond units Go can print). Instants are JS Dates; on the wire they
// are RFC 3339 strings as Go's time.RFC3339 / time.RFC3339Nano print them.

/** Thrown for a duration or instant that cannot be parsed. */
export class TimeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeFormatError";
  }
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
export const MS_PER_WEEK = 7 * MS_PER_DAY;

/** Milliseconds per unit. "d" is 24h and "w" is 7d (no calendar or DST logic). */
const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "\u00b5s": 1e-3, // µ MICRO SIGN, as Go prints
  "\u03bcs": 1e-3, // μ GREEK SMALL LETTER MU, also accepted by Go
  ms: 1,
  s: MS_PER_SECOND,
  m: MS_PER_MINUTE,
  h: MS_PER_HOUR,
  d: MS_PER_DAY,
  w: MS_PER_WEEK,
};

const DURATION_EXAMPLES = "e.g. 7d, 36h, 90m, 1w, 2d12h or Go's 168h0m0s";

/**
 * Parses a non-negative duration into milliseconds.
 *
 * Grammar: one or more `<number><unit>` terms written without spaces, where
 * number is decimal with an optional fraction (`1.5h`, `.5h`) and unit is one of
 * ns, us (µs, μs), ms, s, m, h, d (24h), w (7d). Terms may repeat and come in
 * any order (`2d12h`, Go's `168h0m0s`). A bare `0` is allowed; any other
 * number needs a unit. Negative or signed durations are rejected, as is garbage.
 * Leading/trailing whitespace is ignored.
 */
export function parseDuration(input: string): number {
  const s = input.trim();
  if (s === "") throw new TimeFormatError(`invalid duration "": empty; write a duration such as ${DURATION_EXAMPLES}`);
  if (s[0] === "-") {
    throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: negative durations are not allowed; use a value >= 0 (${DURATION_EXAMPLES})`);
  }
  if (s === "0") return 0;
  if (/^\+?[0-9]*\.?[0-9]+$|^\+?[0-9]+\.$/.test(s)) {
    throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: missing unit; add one of ns, us, ms, s, m, h, d, w (${DURATION_EXAMPLES})`);
  }
  const term = /([0-9]*(?:\.[0-9]*)?)([a-zA-Z\u00b5\u03bc]+)/y;
  let pos = 0;
  let total = 0;
  while (pos < s.length) {
    term.lastIndex = pos;
    const m = term.exec(s);
    const num = m?.[1] ?? "";
    if (!m || !/[0-9]/.test(num)) {
      throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: unexpected ${JSON.stringify(s.slice(pos))}; write a duration such as ${DURATION_EXAMPLES}`);
    }
    const unit = m[2]!;
    const per = UNITS[unit];
    if (per === undefined) {
      throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: unknown unit ${JSON.stringify(unit)}; use ns, us, ms, s, m, h, d or w (${DURATION_EXAMPLES})`);
    }
    total += Number(num) * per;
    pos = term.lastIndex;
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
    throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: too large`);
  }
  return total;
}

/**
 * Formats milliseconds compactly and losslessly for whole milliseconds:
 * `7d`, `1d12h`, `1h30m`, `45s`, `1m0.5s` is written `1m500ms`, `0s` for zero.
 * Units used: d, h, m, s, ms (never w). Fractions of a millisecond are kept as
 * a decimal `ms` term (`0.5ms`). Negative values get a leading "-".
 * `parseDuration(formatDuration(x)) === x` for every whole, non-negative,
 * safe-integer x.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`formatDuration: ${ms} is not a finite number`);
  if (ms < 0) return "-" + formatDuration(-ms);
  if (ms === 0) return "0s";
  let rest = Math.floor(ms);
  const frac = ms - rest;
  let out = "";
  for (const [unit, per] of [["d", MS_PER_DAY], ["h", MS_PER_HOUR], ["m", MS_PER_MINUTE], ["s", MS_PER_SECOND]] as const) {
    const n = Math.floor(rest / per);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * per;
    }
  }
  const msPart = rest + frac;
  if (msPart > 0) {
    // Round away float noise (0.30000000000000004) at nanosecond precision.
    const rounded = Math.round(msPart * 1e6) / 1e6;
    out += `${rounded}ms`;
  }
  return out === "" ? "0s" : out;
}

const RFC3339_RE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkDate(y: number, mo: number, d: number): string | undefined {
  if (mo < 1 || mo > 12) return "month out of range";
  if (d < 1 || d > daysIn(y, mo)) return "day out of range";
  return undefined;
}

/** Parses an RFC 3339 timestamp; returns the Date or a reason it is invalid. */
function parseRfc3339(s: string): Date | string {
  const m = RFC3339_RE.exec(s);
  if (!m) return "not in RFC 3339 form";
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const bad = checkDate(y, mo, d);
  if (bad) return bad;
  if (h > 23) return "hour out of range";
  if (mi > 59) return "minute out of range";
  if (se > 59) return "second out of range";
  let offsetMin = 0;
  const zone = m[8]!;
  if (zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return "time zone offset out of range";
    offsetMin = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  // Sub-millisecond digits are truncated (a JS Date holds milliseconds).
  const fracMs = m[7] ? Number((m[7].slice(1) + "00").slice(0, 3)) : 0;
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, se, fracMs);
  return new Date(date.getTime() - offsetMin * MS_PER_MINUTE);
}

/**
 * Reports whether s is an RFC 3339 timestamp as Go's time.RFC3339(Nano) parses
 * it: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, upper-case T and Z, valid
 * calendar date and clock time.
 */
export function isRFC3339(s: string): boolean {
  return typeof parseRfc3339(s) !== "string";
}

/**
 * Parses an instant: an RFC 3339 timestamp (`2024-01-02T03:04:05Z`,
 * `2024-01-02T03:04:05.123+02:00`) or a calendar date `YYYY-MM-DD`, meaning
 * UTC midnight at the start of that day. Throws TimeFormatError otherwise.
 */
export function parseInstant(input: string): Date {
  const s = input.trim();
  const dm = DATE_RE.exec(s);
  if (dm) {
    const [y, mo, d] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
    const bad = checkDate(y, mo, d);
    if (bad) throw new TimeFormatError(`invalid date ${JSON.stringify(input)}: ${bad}`);
    return parseRfc3339(`${s}T00:00:00Z`) as Date;
  }
  const r = parseRfc3339(s);
  if (typeof r === "string") {
    throw new TimeFormatError(
      `invalid instant ${JSON.stringify(input)}: ${r}; write an RFC 3339 time such as 2024-01-02T03:04:05Z (or with an offset, 2024-01-02T05:04:05+02:00) or a date such as 2024-01-02 (UTC midnight)`,
    );
  }
  return r;
}

/**
 * Formats a Date as RFC 3339 in UTC with seconds precision, exactly as Go's
 * `t.UTC().Format(time.RFC3339)` does: `2024-01-02T03:04:05Z` (fractional
 * seconds are truncated, not rounded). Throws RangeError for an invalid Date or
 * a year outside 0000..9999 (which RFC 3339 cannot represent).
 */
export function formatInstant(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError("formatInstant: invalid Date");
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`formatInstant: year ${y} is outside 0000..9999`);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(y, 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}Z`;
}
