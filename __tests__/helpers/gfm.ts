// Renders Markdown the way GitHub does for a job summary: CommonMark plus the
// GFM extensions (tables, autolink literals, strikethrough, task lists), with
// the HTML GitHub allows through (<details>, <summary>, <br>) kept, so tests
// can assert on what a reader sees.
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

export function gfmToHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The rows of the first table after `from` in the HTML, each as its cells' inner HTML. */
export function tableRows(html: string, from = 0): string[][] {
  const start = html.indexOf("<tbody>", from);
  if (start < 0) return [];
  const body = html.slice(start, html.indexOf("</tbody>", start));
  return [...body.matchAll(/<tr>([^]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((c) => c[1]!));
}

/** The text of the first heading of any level. */
export function firstHeading(html: string): { level: number; text: string } | undefined {
  const m = /<h([1-6])>([^]*?)<\/h\1>/.exec(html);
  return m ? { level: Number(m[1]), text: m[2]! } : undefined;
}
