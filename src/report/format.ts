// Small text helpers for the report renderings.

const UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/**
 * Human-readable, approximate duration: the two most significant units,
 * `3d 4h`, `2h 5m`, `1m 3s`, `45s`, `850ms`; `0s` for zero. Values under a
 * minute show fractional seconds only under 10s (`2.5s`). Negative values get a
 * leading "-".
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return "-" + humanDuration(-ms);
  if (ms === 0) return "0s";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) {
    const s = Math.floor(ms / 100) / 10;
    return `${s}s`;
  }
  let rest = Math.floor(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [u, per] of UNITS) {
    const n = Math.floor(rest / per);
    rest -= n * per;
    if (n > 0 || parts.length > 0) parts.push(`${n}${u}`);
    if (parts.length === 2) break;
  }
  if (parts.length === 2 && parts[1]!.startsWith("0")) parts.pop();
  return parts.join(" ");
}

/** `0 B`, `999 B`, `1.5 KiB`, `12.3 MiB`, `1.02 GiB`. */
export function humanBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${v.toFixed(digits)} ${units[u]}`;
}

/**
 * Escapes text for a GitHub-flavoured Markdown table cell: backslash-escapes
 * `\`, `|` (which would end the cell), backticks and the inline markup
 * characters `* _ ~ [ ] < >`; newlines become spaces.
 */
export function escapeCell(s: string): string {
  return s.replace(/\r?\n|\r/g, " ").replace(/[\\|`*_~[\]<>]/g, (c) => "\\" + c);
}

/**
 * A code span for a table cell. Backticks inside are handled by a longer
 * fence (CommonMark), and `|` is escaped as `\|` (GFM strips that backslash
 * inside table cells, code spans included).
 */
export function codeCell(s: string): string {
  const t = s.replace(/\r?\n|\r/g, " ");
  let longest = 0;
  for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 || t.startsWith(" ") || t.endsWith(" ") ? " " : "";
  return `${fence}${pad}${t.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** `h1:AQEBAQEBAQ…` — enough of a hash to tell two apart at a glance. */
export function shortHash(h: string): string {
  if (h.startsWith("h1:") && h.length > 13) return h.slice(0, 13) + "…";
  return h.length > 16 ? h.slice(0, 16) + "…" : h;
}

// Tokens that go into code spans in running text: module@version (which GFM
// would otherwise autolink as an e-mail address) and h1: hashes.
const CODE_TOKEN = /^(?:[^\s@]+@\S+|h1:\S+)$/;

/**
 * Running text for Markdown (a list item or a table cell): escaped like
 * escapeCell, with every `module@version` and `h1:` hash in a code span, so
 * nothing in it becomes a mailto: link or markup.
 */
export function inlineText(s: string): string {
  return s
    .replace(/\r?\n|\r/g, " ")
    .split(" ")
    .map((word) => {
      const m = /^([("']*)(.*?)([)"',;:.]*)$/.exec(word)!;
      const [, pre, core, post] = m as unknown as [string, string, string, string];
      return CODE_TOKEN.test(core) ? `${escapeCell(pre)}${codeCell(core)}${escapeCell(post)}` : escapeCell(word);
    })
    .join(" ");
}
