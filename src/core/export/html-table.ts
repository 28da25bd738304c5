/** Accessible data tables: a `<caption>`, column headers with `scope`, and row headers. */

/** A table to render; every string is already HTML (escape user text before). */
export interface HtmlTableSpec {
  /** The caption (HTML). */
  caption: string;
  /** Column headers (HTML). */
  head: string[];
  /** Rows of cells (HTML); the first cell of each row is its row header. */
  rows: string[][];
  /** Per column: `n` for a number (right-aligned), `t` for a long text, anything else for a label. */
  kinds?: string;
  id?: string;
  className?: string;
}

const CLASS_OF: Record<string, string> = { n: ' class="num"', t: ' class="long"' };

/**
 * Renders a table.
 *
 * @example htmlTable({ caption: 'Votes', head: ['Option', 'Votes'], rows: [['Yes', '3']], kinds: 'ln' })
 */
export function htmlTable(spec: HtmlTableSpec): string {
  const kinds = spec.kinds ?? '';
  const cls = (i: number) => CLASS_OF[kinds[i] ?? ''] ?? '';
  const head = spec.head.map((h, i) => `<th scope="col"${cls(i)}>${h}</th>`).join('');
  const rows = spec.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row"${cls(i)}>${cell}</th>` : `<td${cls(i)}>${cell}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  const attrs = `${spec.id ? ` id="${spec.id}"` : ''}${spec.className ? ` class="${spec.className}"` : ''}`;
  return `<table${attrs}>\n<caption>${spec.caption}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}
