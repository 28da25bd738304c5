/**
 * HTML as the playground's markup: user and plan text is HTML-escaped once (by
 * `composeMessage` through `htmlMarkup.escape`), formatting becomes tags, and links keep
 * only web or in-page addresses, so no post can run script in the page.
 */
import type { Markup } from '../../core/compose/composed.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` replaced by entities: safe inside elements and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/**
 * The address itself when it is safe in an `href`: `http(s)://…`, an in-page anchor
 * `#…`, or a path on this server `/…` (not `//host`); undefined otherwise (`javascript:`, `data:`).
 */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^https?:\/\/[^\s]+$/i.test(trimmed)) return trimmed;
  if (/^#[\w-]{1,200}$/.test(trimmed)) return trimmed;
  if (/^\/(?!\/)[^\s]*$/.test(trimmed)) return trimmed;
  return undefined;
}

/**
 * Inline code written between backticks in locale texts (`/roundtable help`) as `<code>`;
 * runs that hold a tag are left alone, so markup is never split.
 */
export function backticksToCode(html: string): string {
  return html.replace(/`([^`<>\n]+)`/g, '<code>$1</code>');
}

/** The playground's markup. A link with an unsafe address shows its label only. */
export const htmlMarkup: Markup = {
  escape: escapeHtml,
  bold: (text) => `<strong>${text}</strong>`,
  italic: (text) => `<em>${text}</em>`,
  link: (url, label) => {
    const href = safeHref(url);
    return href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
  },
  newline: '<br>',
};

/** Plain text for announcements and summaries: nothing escaped (the page sets it as text), no formatting. */
export const textMarkup: Markup = {
  escape: (text) => text,
  bold: (text) => text,
  italic: (text) => text,
  link: (_url, label) => label,
  newline: '\n',
};
