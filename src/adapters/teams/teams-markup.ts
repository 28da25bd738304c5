/**
 * Markup for Adaptive Card `TextBlock`s as Teams renders them: the card Markdown subset
 * (`**bold**`, `_italic_`, `[label](url)`, lists, paragraphs separated by a blank line).
 * User and plan text is escaped so it renders as typed: no emphasis, link, list or
 * heading it did not mean, and no `<at>` (or any other tag) that Teams could read as a
 * mention or markup.
 */
import type { Markup } from '../../core/compose/composed.js';

/** Characters Markdown reads as emphasis or link syntax anywhere in a line, and the escape itself. */
const INLINE = /[\\*_[\]`~]/g;

/** A tag opener (`<at>`, `</at>`, `<p`, `<!--`) and an entity (`&lt;`, `&#60;`): broken with a zero-width space. */
const TAG_OPEN = /<(?=[A-Za-z/!?])/g;
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;

/** Line starts that Markdown reads as a block: list items, headings, block quotes. */
const BLOCK_START = /^(\s*)(?:([-+*])(?=\s)|(\d{1,9})([.)])(?=\s)|(#{1,6})(?=\s|$)|(>))/;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const ZWSP = '\u200b';

/** Escapes one line of user text for a TextBlock. */
export function escapeTeamsText(text: string): string {
  const inline = text
    .replace(CONTROL, '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(INLINE, (ch) => `\\${ch}`)
    .replace(TAG_OPEN, `<${ZWSP}`)
    .replace(ENTITY, `&${ZWSP}`);
  return inline.replace(
    BLOCK_START,
    (_all, indent: string, bullet?: string, digits?: string, dot?: string, hashes?: string, quote?: string) => {
      if (bullet) return `${indent}\\${bullet}`;
      if (digits && dot) return `${indent}${digits}\\${dot}`;
      if (hashes) return `${indent}\\${hashes}`;
      return `${indent}\\${quote ?? ''}`;
    },
  );
}

/**
 * Plain text (a button title) with every tag opener and entity broken, so nothing in it
 * can be read as markup or a mention; no Markdown escapes, titles are not Markdown.
 */
export function plainTeamsText(text: string): string {
  return text.replace(CONTROL, '').replace(TAG_OPEN, `<${ZWSP}`).replace(ENTITY, `&${ZWSP}`);
}

/** A URL safe inside `[label](url)`: http(s) only, with the characters that would end the link encoded. */
export function safeLinkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch (err) {
    if (err instanceof TypeError) return undefined;
    throw err;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(
    /[()<>\s\\[\]*_]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * Wraps every line of `text` in `marker` (emphasis cannot span a paragraph break), keeping
 * the spaces around each line outside the markers so Markdown still sees the emphasis.
 */
function wrapLines(text: string, marker: string): string {
  return text
    .split(TEAMS_NEWLINE)
    .map((line) => {
      const m = /^(\s*)(.*?)(\s*)$/s.exec(line);
      return m && m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : line;
    })
    .join(TEAMS_NEWLINE);
}

/** The line break inside one paragraph: a TextBlock needs a blank line to start a new line. */
export const TEAMS_NEWLINE = '\n\n';

/**
 * Teams' markup for `composeMessage`.
 *
 * @example
 * composeMessage(message, translator, teamsMarkup, { command: '@Roundtable' });
 */
export const teamsMarkup: Markup = {
  escape: escapeTeamsText,
  bold: (text) => wrapLines(text, '**'),
  italic: (text) => wrapLines(text, '_'),
  link: (url, label) => {
    const safe = safeLinkUrl(url);
    return safe ? `[${label.replace(/[[\]]/g, (ch) => `\\${ch}`)}](${safe})` : `${label} (${escapeTeamsText(url)})`;
  },
  newline: TEAMS_NEWLINE,
};
