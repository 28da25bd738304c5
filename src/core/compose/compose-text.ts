/**
 * Small text tools shared by the composers: picking a language of a localized text,
 * shortening, escaping multi-line text, keeping paragraphs within platform limits, and
 * the plain-text fallback.
 */
import type { Host, Lang, Localized } from '../plan/plan.js';
import type { Translator } from '../ports.js';
import type { ComposedSection, Markup } from './composed.js';
import { frenchTypography } from './french-typography.js';

/** Longest paragraph a composer emits (Slack section text takes 3,000 characters). */
export const PARAGRAPH_MAX = 2900;

/** Longest fallback text (Slack's message `text` takes 40,000 characters). */
export const FALLBACK_MAX = 35_000;

/** What every composer needs: the translator, the platform's markup and the slash command name. */
export interface ComposeKit {
  t: Translator;
  markup: Markup;
  /** The command people type: `/roundtable` on Slack, `@Roundtable` on Teams. */
  command: string;
}

/** The text of `text` in `lang`, else in any language it has, else empty; French text with French typography. */
export function loc(text: Localized, lang: Lang): string {
  const own = text[lang];
  if (own !== undefined) return lang === 'fr' ? frenchTypography(own) : own;
  return text.en ?? (text.fr !== undefined ? frenchTypography(text.fr) : '');
}

/**
 * `text` cut to at most `max` characters (UTF-16 units, as platforms count), ending with
 * `…` when cut; never splits a character in two.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let kept = '';
  for (const ch of text) {
    if (kept.length + ch.length > max - 1) break;
    kept += ch;
  }
  return `${kept.trimEnd()}…`;
}

/** `text` on one line: runs of spaces, tabs and line breaks become one space (non-breaking spaces stay). */
export function oneLine(text: string): string {
  return text.replace(/[ \t\n\v\f\r]+/g, ' ').replace(/^ | $/g, '');
}

/** User or plan text escaped the platform's way, its line breaks kept as the platform's. */
export function escapeLines(markup: Markup, text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => markup.escape(line))
    .join(markup.newline);
}

/**
 * Joins `items` into as few paragraphs as fit within `max` characters, `separator`
 * between items; an item too long on its own is split at its line breaks, and a line
 * still too long is shortened.
 */
export function packParagraphs(
  items: readonly string[],
  separator: string,
  newline: string,
  max: number = PARAGRAPH_MAX,
): string[] {
  const pieces = items.flatMap((item) => splitLong(item, newline, max));
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + separator.length + piece.length <= max) current += separator + piece;
    else {
      if (current) out.push(current);
      current = piece;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Every paragraph within `max` characters: a longer one is split at its line breaks. */
export function fitParagraphs(paragraphs: readonly string[], newline: string, max: number = PARAGRAPH_MAX): string[] {
  return paragraphs.flatMap((p) => splitLong(p, newline, max));
}

function splitLong(text: string, newline: string, max: number): string[] {
  if (text.length <= max) return [text];
  const lines = text.split(newline).map((line) => (line.length > max ? shorten(line, max) : line));
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + newline.length + line.length <= max) current += newline + line;
    else {
      if (current) out.push(current);
      current = line;
    }
  }
  if (current) out.push(current);
  return out;
}

/** A markup that keeps escaping but drops formatting: for the plain-text fallback. */
export function plainMarkup(markup: Markup): Markup {
  return {
    escape: (text) => markup.escape(text),
    bold: (text) => text,
    italic: (text) => text,
    link: (url, label) => `${label} (${markup.escape(url)})`,
    newline: '\n',
  };
}

/**
 * The plain-text version of composed sections (built with `plainMarkup`): headings,
 * paragraphs, result rows and the small print, one per line.
 */
export function fallbackText(t: Translator, sections: readonly ComposedSection[], context: readonly string[]): string {
  const blocks = sections.map((s) => {
    const lines: string[] = [];
    if (s.heading) lines.push(s.heading);
    lines.push(...s.paragraphs);
    for (const chart of s.bars ?? []) {
      lines.push(chart.title);
      for (const row of chart.rows) {
        const votes = t.t(s.lang, 'messages:count.votes', { count: row.count });
        lines.push(t.t(s.lang, 'messages:poll.row', { label: row.label, bar: row.bar, percent: row.percent, votes }));
      }
      if (chart.note) lines.push(chart.note);
    }
    return lines.join('\n');
  });
  if (context.length > 0) blocks.push(context.join('\n'));
  return shorten(blocks.join('\n\n'), FALLBACK_MAX);
}

/** `Guest host: **Jane Doe**, Deputy Minister`, name and title escaped. */
export function hostLine(kit: ComposeKit, lang: Lang, host: Host): string {
  const name = kit.markup.bold(kit.markup.escape(oneLine(host.name)));
  const title = host.title ? oneLine(loc(host.title, lang)) : '';
  return title
    ? kit.t.t(lang, 'messages:common.hostWithTitle', { name, title: kit.markup.escape(title) })
    : kit.t.t(lang, 'messages:common.host', { name });
}

/** Longest heading (Slack header blocks take 150 characters). */
export const HEADING_MAX = 150;

/**
 * A heading that names a title (`Recap: {{title}}`), the title escaped and shortened so
 * the whole heading stays within `HEADING_MAX` characters.
 */
export function titledHeading(kit: ComposeKit, lang: Lang, key: string, title: Localized): string {
  const text = oneLine(loc(title, lang));
  const heading = (max: number): string => kit.t.t(lang, key, { title: kit.markup.escape(shorten(text, max)) });
  let budget = HEADING_MAX;
  let result = heading(budget);
  while (result.length > HEADING_MAX && budget > 1) {
    budget = Math.max(1, budget - (result.length - HEADING_MAX));
    result = heading(budget);
  }
  return result;
}
