import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  formatLocal,
  localToInstant,
  parseLocalDateTime,
} from '../../../src/core/plan/plan-local-time.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const at = (text: string) => {
  const local = parseLocalDateTime(text);
  if (typeof local === 'string') throw new Error(`not a local time: ${text}`);
  return local;
};

describe('localToInstant in America/Toronto', () => {
  it('20:00 is 01:00Z the next day in winter (EST) and 00:00Z in summer (EDT)', () => {
    expect(iso(localToInstant(at('2026-03-05 20:00'), 'America/Toronto'))).toBe('2026-03-06T01:00:00.000Z');
    expect(iso(localToInstant(at('2026-03-12 20:00'), 'America/Toronto'))).toBe('2026-03-13T00:00:00.000Z');
    expect(iso(localToInstant(at('2026-10-29 20:00'), 'America/Toronto'))).toBe('2026-10-30T00:00:00.000Z');
    expect(iso(localToInstant(at('2026-11-05 20:00'), 'America/Toronto'))).toBe('2026-11-06T01:00:00.000Z');
  });

  it('on the day of the change itself', () => {
    expect(iso(localToInstant(at('2026-03-08 20:00'), 'America/Toronto'))).toBe('2026-03-09T00:00:00.000Z');
    expect(iso(localToInstant(at('2026-11-01 20:00'), 'America/Toronto'))).toBe('2026-11-02T01:00:00.000Z');
  });

  it('has no instant for a time the clocks skip, and the first one for a time they repeat', () => {
    expect(localToInstant(at('2026-03-08 02:30'), 'America/Toronto')).toBeUndefined();
    expect(iso(localToInstant(at('2026-11-01 01:30'), 'America/Toronto'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('works for half-hour zones and the southern hemisphere', () => {
    expect(iso(localToInstant(at('2026-07-01 12:00'), 'America/St_Johns'))).toBe('2026-07-01T14:30:00.000Z');
    expect(iso(localToInstant(at('2026-07-01 12:00'), 'Australia/Sydney'))).toBe('2026-07-01T02:00:00.000Z');
  });
});

describe('parseLocalDateTime', () => {
  it('reads YYYY-MM-DD HH:mm only', () => {
    expect(parseLocalDateTime('2026-12-17 20:00')).toEqual({ year: 2026, month: 12, day: 17, hour: 20, minute: 0 });
    expect(parseLocalDateTime('2026-12-17T20:00')).toBe('format');
    expect(parseLocalDateTime('2026-12-17 8:00')).toBe('format');
    expect(parseLocalDateTime('17/12/2026 20:00')).toBe('format');
  });

  it('tells a well-formed but impossible date from a malformed one', () => {
    expect(parseLocalDateTime('2026-02-29 20:00')).toBe('date');
    expect(parseLocalDateTime('2028-02-29 20:00')).toMatchObject({ day: 29 });
    expect(parseLocalDateTime('2026-13-01 20:00')).toBe('date');
    expect(parseLocalDateTime('2026-12-17 20:60')).toBe('date');
  });
});

describe('time zone names and local display', () => {
  it('canonicalizes known IANA names and refuses unknown ones', () => {
    expect(canonicalTimeZone('america/toronto')).toBe('America/Toronto');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });

  it('shows an instant as weekday, local date and time, and zone', () => {
    expect(formatLocal(Date.parse('2026-12-18T01:00:00Z'), 'America/Toronto')).toBe(
      'Thu 2026-12-17 20:00 America/Toronto',
    );
    expect(formatLocal(Date.parse('2026-12-18T01:00:00Z'), 'Europe/Paris')).toBe('Fri 2026-12-18 02:00 Europe/Paris');
  });
});
