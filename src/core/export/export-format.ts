/**
 * Small formatting rules every export shares: numbers and percentages as each language
 * writes them, language-neutral local dates and times (`2026-12-17`, `20:05`), and
 * bilingual labels joined in the plan's language order.
 */
import type { Lang, Localized } from '../plan/plan.js';
import type { Translator } from '../ports.js';

const LOCALES: Record<Lang, string> = { en: 'en-CA', fr: 'fr-CA' };

const numberFormats = new Map<Lang, Intl.NumberFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Separator between the languages of one bilingual text. */
const LANG_SEPARATOR = ' / ';

/**
 * A whole number as `lang` writes it: `1,234` / `1 234` (non-breaking space).
 *
 * @example formatCount(30000, 'fr') // '30 000'
 */
export function formatCount(n: number, lang: Lang): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 });
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

/**
 * A whole percentage as `lang` writes it: `45%` / `45 %` (non-breaking space before `%`).
 *
 * @example formatPercent(45, 'fr') // '45\u00a0%'
 */
export function formatPercent(p: number, lang: Lang): string {
  return lang === 'fr' ? `${p}\u00a0%` : `${p}%`;
}

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormats.set(timeZone, f);
  }
  return f;
}

/** Local date and 24-hour time of instant `ms` in `timeZone`: `{ date: '2026-12-17', time: '20:05' }`. */
export function localClock(ms: number, timeZone: string): { date: string; time: string } {
  const parts: Record<string, string> = {};
  for (const p of clockFormat(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * A `localClock` for many instants in one zone, remembering each minute it has formatted
 * (an export formats up to one time per answer; a chat spans a few hundred minutes).
 *
 * @example const clock = localClocks('America/Toronto'); clock(answer.at).time // '13:06'
 */
export function localClocks(timeZone: string): (ms: number) => { date: string; time: string } {
  const minutes = new Map<number, { date: string; time: string }>();
  return (ms) => {
    const minute = Math.floor(ms / 60_000);
    let clock = minutes.get(minute);
    if (!clock) {
      clock = localClock(minute * 60_000, timeZone);
      minutes.set(minute, clock);
    }
    return clock;
  };
}

/** The texts of `text` in the order of `langs`, skipping missing ones, each with its language. */
export function localizedParts(text: Localized, langs: readonly Lang[]): { lang: Lang; text: string }[] {
  const parts: { lang: Lang; text: string }[] = [];
  for (const lang of langs) {
    const value = text[lang];
    if (value !== undefined && value !== '') parts.push({ lang, text: value });
  }
  return parts;
}

/**
 * One translated label per language of `langs`, identical ones kept once.
 *
 * @example labelParts(t, ['en', 'fr'], 'export:figures.answers') // [{ lang: 'en', text: 'Answers' }, { lang: 'fr', text: 'Réponses' }]
 */
export function labelParts(
  t: Translator,
  langs: readonly Lang[],
  key: string,
  vars?: Record<string, unknown>,
): { lang: Lang; text: string }[] {
  const parts: { lang: Lang; text: string }[] = [];
  for (const lang of langs) {
    const text = t.t(lang, key, vars);
    if (!parts.some((p) => p.text === text)) parts.push({ lang, text });
  }
  return parts;
}

/** Joins bilingual parts into one plain text: `Answers / Réponses`. */
export function joinParts(parts: readonly { text: string }[]): string {
  return parts.map((p) => p.text).join(LANG_SEPARATOR);
}
