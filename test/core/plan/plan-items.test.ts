import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spreadOffsets } from '../../../src/core/plan/plan-items.js';
import { closestKey } from '../../../src/core/plan/plan-suggest.js';

const min = 60_000;

describe('spreadOffsets', () => {
  it('spreads a chat with no offsets from the start, one equal slot each', () => {
    expect(spreadOffsets([undefined, undefined, undefined], 45 * min)).toEqual([0, 15 * min, 30 * min]);
  });

  it('fills a run between two given offsets evenly and keeps the given ones', () => {
    expect(spreadOffsets([10 * min, undefined, undefined, 40 * min], 60 * min)).toEqual([
      10 * min,
      20 * min,
      30 * min,
      40 * min,
    ]);
  });

  it('ends a trailing run before the end of the chat', () => {
    expect(spreadOffsets([30 * min, undefined], 60 * min)).toEqual([30 * min, 45 * min]);
  });

  it('always gives increasing offsets inside the chat when the given ones increase', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 480 }).chain((minutes) =>
          fc.tuple(
            fc.constant(minutes * min),
            fc.array(fc.option(fc.integer({ min: 0, max: minutes * min - 1 }), { nil: undefined }), {
              minLength: 1,
              maxLength: 50,
            }),
          ),
        ),
        ([duration, raw]) => {
          let last = -1;
          const given = raw.map((v) => (v !== undefined && v > last ? (last = v) : undefined));
          const out = spreadOffsets(given, duration);
          expect(out).toHaveLength(given.length);
          given.forEach((v, i) => v !== undefined && expect(out[i]).toBe(v));
          out.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThan(duration);
            if (i > 0) expect(v).toBeGreaterThanOrEqual(out[i - 1] as number);
          });
        },
      ),
    );
  });
});

describe('closestKey', () => {
  const keys = [
    'id',
    'title',
    'languages',
    'timezone',
    'repeat',
    'duration',
    'hashtag',
    'reminders',
    'questions',
    'polls',
  ];
  it.each([
    ['titel', 'title'],
    ['Title', 'title'],
    ['langauges', 'languages'],
    ['time_zone', 'timezone'],
    ['hashtags', 'hashtag'],
    ['remind', 'reminders'],
    ['poll', 'polls'],
  ])('suggests %s -> %s', (typo, key) => {
    expect(closestKey(typo, keys)).toBe(key);
  });

  it('suggests nothing for a word unlike every key', () => {
    expect(closestKey('colour', keys)).toBeUndefined();
    expect(closestKey('x', keys)).toBeUndefined();
  });
});
