/** HTML escaping for the server-rendered pages of links (the plan editor): every person's text goes through it. */

/** `text` safe inside HTML text and double-quoted attributes. */
export function esc(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
