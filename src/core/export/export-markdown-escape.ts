/**
 * Makes user and plan text inert in Markdown: emphasis, links, code, tables, headings,
 * lists, quotes and raw HTML all print as the characters people typed, and Slack or Teams
 * mentions (`<!channel>`, `<@U123>`, `<!subteam^S1>`, `<at>…</at>`) become plain text
 * (`&lt;!channel&gt;`), so a shared file never pings anyone nor runs markup.
 */

/** Characters that are Markdown syntax wherever they stand. */
const ANYWHERE = /[\\`*_[\]~|]/g;

/** An `&` that would start an entity (`&amp;`, `&#35;`). */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;

/** Line starts that make headings, lists, rules or setext underlines (`>` is already `&gt;`). */
const LINE_START = /^([#+=-])/;

/** `1.` or `1)` at a line start: an ordered list. */
const ORDERED = /^(\d+)([.)])/;

/**
 * One line of text, escaped for Markdown.
 *
 * @example escapeMarkdownLine('<!channel> *now*') // '&lt;!channel&gt; \\*now\\*'
 */
export function escapeMarkdownLine(line: string): string {
  return line
    .replace(ENTITY, '&amp;')
    .replace(ANYWHERE, (c) => `\\${c}`)
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(LINE_START, '\\$1')
    .replace(ORDERED, '$1\\$2');
}

/**
 * A text that must stay on one line (a name, a table cell, a heading): line breaks become
 * spaces, then it is escaped.
 */
export function escapeMarkdownInline(text: string): string {
  return escapeMarkdownLine(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/**
 * A text of several lines (an answer): each line trimmed (leading spaces would make a code
 * block) and escaped, CR LF and lone CR read as line breaks, blank lines at either end dropped.
 */
export function escapeMarkdownLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 1 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((l) => escapeMarkdownLine(l.trim()));
}
