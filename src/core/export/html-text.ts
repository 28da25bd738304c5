/**
 * Text in HTML: escaping of every user or plan text, and bilingual texts as one `<span
 * lang>` per language, so screen readers switch voice for each part.
 */
import type { Lang } from '../plan/plan.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example escapeHtml('<!channel> & "you"') // '&lt;!channel&gt; &amp; &quot;you&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Escapes a text and keeps its line breaks (CR LF and CR read as LF) as `<br>`. */
export function escapeHtmlLines(text: string): string {
  return escapeHtml(text.replace(/\r\n?/g, '\n').trim()).replaceAll('\n', '<br>');
}

/** A text in one language. */
export interface LangText {
  lang: Lang;
  text: string;
}

/**
 * Bilingual parts as `<span lang>` elements joined by ` / `.
 *
 * @example langSpans([{ lang: 'en', text: 'Polls' }, { lang: 'fr', text: 'Sondages' }])
 * // '<span lang="en">Polls</span> / <span lang="fr">Sondages</span>'
 */
export function langSpans(parts: readonly LangText[], separator = ' / '): string {
  return parts.map((p) => `<span lang="${p.lang}">${escapeHtml(p.text)}</span>`).join(separator);
}

/** Bilingual parts as one plain text (for `<title>`, `aria-label`): `Polls / Sondages`. */
export function plainText(parts: readonly LangText[]): string {
  return parts.map((p) => p.text).join(' / ');
}
