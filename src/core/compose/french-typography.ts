/**
 * French typography for French text people wrote (plan texts, ad-hoc questions and polls)
 * before the bot posts it: a non-breaking space before `? ! ; :` and `%`, and inside « »,
 * as the bot's own French strings have. Pure and idempotent; code, links and times are left alone.
 */

const NBSP = '\u00a0';

/** Spans left as they are: `code`, links (`https://…`, `<…>` platform markup) and times such as 20:00. */
const KEEP = /`[^`]*`|<[^>\s]*>|\b[a-z][a-z0-9+.-]*:\/\/\S*|\d:\d/giu;

/** `? ! ;` after a word, a number, a quote or a bracket, with or without a space: the space becomes non-breaking. */
const HIGH_PUNCTUATION = /([\p{L}\p{N}"'’»)\]])[ \t]*([?!;]+)(?=[\s"'’»)\]]|$)/gu;

/** `:` after a word or number and before a space or the end (so `A1:B2` and `mailto:` stay). */
const COLON = /([\p{L}\p{N}"'’»)\]])[ \t]*:(?=\s|$)/gu;

/** `%` after a number. */
const PERCENT = /(\p{N})[ \t]*%/gu;

/**
 * `text` with French typography.
 *
 * @example
 * frenchTypography('Prêts? On commence: « go »!') // 'Prêts\u00a0? On commence\u00a0: «\u00a0go\u00a0»\u00a0!'
 */
export function frenchTypography(text: string): string {
  let out = '';
  let last = 0;
  for (const kept of text.matchAll(KEEP)) {
    out += fix(text.slice(last, kept.index)) + kept[0];
    last = kept.index + kept[0].length;
  }
  return out + fix(text.slice(last));
}

function fix(part: string): string {
  return part
    .replace(/«[ \t\u00a0\u202f]*/g, `«${NBSP}`)
    .replace(/[ \t\u00a0\u202f]*»/g, `${NBSP}»`)
    .replace(HIGH_PUNCTUATION, `$1${NBSP}$2`)
    .replace(COLON, `$1${NBSP}:`)
    .replace(PERCENT, `$1${NBSP}%`);
}
