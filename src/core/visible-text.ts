/**
 * Why: a name or an answer can carry characters nobody sees but every screen obeys:
 * bidirectional overrides (U+202E turns `‮txt.exe` into what reads as `exe.txt`),
 * isolates, zero-width spaces, control codes. Every text people or plans give Roundtable
 * goes through `visibleText` once, where it enters the core (`ChatService` for people,
 * the plan reader for plans), so every post and every export shows what was typed and
 * nothing that rearranges it. Joiners that build emoji and scripts (U+200C, U+200D) stay.
 */

/**
 * Characters removed: C0 and C1 control codes (but tab, line feed and carriage return),
 * bidi marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E,
 * U+2066–U+2069), and invisible fillers (U+200B, U+2060–U+2064, U+FEFF, U+180E, Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0).
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E\u115F\u1160\u3164\uFFA0]/gu;

/** Line and paragraph separators, which some screens honour and others do not: plain line breaks. */
const SEPARATORS = /[\u2028\u2029]/gu;

/**
 * `text` without invisible control characters (see `INVISIBLE`), its line and paragraph
 * separators as line breaks.
 *
 * @example
 * visibleText('report\u202Etxt.exe') // 'reporttxt.exe'
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '').replace(SEPARATORS, '\n');
}
