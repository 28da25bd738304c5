/**
 * Wall-clock time in a plan's IANA time zone, with `Intl` only: reading `start`
 * (`YYYY-MM-DD HH:mm`), turning a local time into an instant across daylight-saving
 * changes, and showing an instant as local time.
 */

/** A local date and time, month 1-12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Local parts of an instant, with the weekday (`Mon`..`Sun`). */
export interface LocalParts extends LocalDateTime {
  second: number;
  weekday: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The canonical name of an IANA time zone (`america/toronto` gives `America/Toronto`),
 * or undefined when `Intl` does not know it.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.trim() === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The local date, time and weekday of instant `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday ?? '',
  };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = localParts(whole, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

function sameLocal(ms: number, want: LocalDateTime, timeZone: string): boolean {
  const p = localParts(ms, timeZone);
  return (
    p.year === want.year &&
    p.month === want.month &&
    p.day === want.day &&
    p.hour === want.hour &&
    p.minute === want.minute
  );
}

/**
 * The instant at which the clocks of `timeZone` show `local`. When the clocks go back and
 * the time happens twice, the first one; undefined when they skip it (spring forward).
 */
export function localToInstant(local: LocalDateTime, timeZone: string): number | undefined {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const day = 24 * 60 * 60 * 1000;
  const offsets = new Set([
    offsetAt(naive - day, timeZone),
    offsetAt(naive, timeZone),
    offsetAt(naive + day, timeZone),
  ]);
  const matches = [...offsets].map((offset) => naive - offset).filter((ms) => sameLocal(ms, local, timeZone));
  return matches.length === 0 ? undefined : Math.min(...matches);
}

const START_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/**
 * Reads a plan's `start` (`YYYY-MM-DD HH:mm`): the local date and time, `'format'` when the
 * text has another shape, `'date'` when it names no real date or time (`2026-02-30`, `24:00`).
 */
export function parseLocalDateTime(text: string): LocalDateTime | 'format' | 'date' {
  const match = START_PATTERN.exec(text.trim());
  if (!match) return 'format';
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59) return 'date';
  return { year, month, day, hour, minute };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * An instant as local time in `timeZone`, for organizers: `Thu 2026-12-17 20:00 America/Toronto`.
 */
export function formatLocal(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.weekday} ${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${timeZone}`;
}
