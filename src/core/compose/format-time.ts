/**
 * Dates and times as people of each language read them, in the plan's time zone, with
 * `Intl` only: `Thursday, December 17, 2026, 8:00–9:00 p.m.` and
 * `jeudi 17 décembre 2026, 20 h 00 – 21 h 00`.
 */
import type { Lang } from '../plan/plan.js';

/** Canadian English and French: `8:00 p.m.` and `20 h 00`. */
const LOCALES: Record<Lang, string> = { en: 'en-CA', fr: 'fr-CA' };

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, timeZone: string, kind: 'date' | 'time' | 'zone'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { dateStyle: 'full' }
        : kind === 'time'
          ? { hour: 'numeric', minute: '2-digit' }
          : { hour: 'numeric', timeZoneName: 'short' };
    f = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

/** The local date of instant `ms`: `Thursday, December 17, 2026` / `jeudi 17 décembre 2026`. */
export function formatDate(ms: number, timeZone: string, lang: Lang): string {
  return formatter(lang, timeZone, 'date').format(ms);
}

/** The local time of instant `ms`: `8:00 p.m.` / `20 h 00`. */
export function formatTime(ms: number, timeZone: string, lang: Lang): string {
  return formatter(lang, timeZone, 'time').format(ms);
}

/** The short name of the zone at instant `ms`: `EST` / `HNE` (or `UTC−5` when it has none). */
export function formatZone(ms: number, timeZone: string, lang: Lang): string {
  const part = formatter(lang, timeZone, 'zone')
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * A span of local time: one date and a time range when both ends fall on the same local
 * day, else both dates and times.
 *
 * @example formatSpan(start, end, 'America/Toronto', 'fr') // 'jeudi 17 décembre 2026, 20 h 00 – 21 h 00'
 */
export function formatSpan(startMs: number, endMs: number, timeZone: string, lang: Lang): string {
  const startDate = formatDate(startMs, timeZone, lang);
  const endDate = formatDate(endMs, timeZone, lang);
  if (startDate === endDate) {
    const range = formatter(lang, timeZone, 'time').formatRange(startMs, Math.max(startMs, endMs));
    return `${startDate}, ${range}`;
  }
  return `${startDate}, ${formatTime(startMs, timeZone, lang)} – ${endDate}, ${formatTime(endMs, timeZone, lang)}`;
}
