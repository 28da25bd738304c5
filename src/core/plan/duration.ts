/**
 * Durations as people write them in plans, settings and commands: `90s`, `5m`, `1h30m`,
 * `2d`. Units are days, hours, minutes and seconds, largest first, each at most once.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: ReadonlyArray<readonly [suffix: string, ms: number]> = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
];

const PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Milliseconds of a duration such as `90s`, `5m`, `1h30m` or `2d`; undefined when the text
 * is not one (empty, unknown unit, units out of order, a number without a unit).
 *
 * @example parseDuration('1h30m') === 5_400_000
 */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim().toLowerCase());
  if (!match || match[0] === '') return undefined;
  let total = 0;
  UNITS.forEach(([, ms], i) => {
    const digits = match[i + 1];
    if (digits !== undefined) total += Number(digits) * ms;
  });
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * The shortest text `parseDuration` reads back as `ms`, rounded to the second:
 * `formatDuration(5_400_000) === '1h30m'`, `formatDuration(0) === '0s'`.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / SECOND) * SECOND;
  if (rest === 0) return '0s';
  let text = '';
  for (const [suffix, unit] of UNITS) {
    const count = Math.floor(rest / unit);
    if (count > 0) text += `${count}${suffix}`;
    rest -= count * unit;
  }
  return sign + text;
}
