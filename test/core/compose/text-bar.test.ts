import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentages, textBar } from '../../../src/core/compose/text-bar.js';

describe('textBar', () => {
  it('fills the share of cells a fraction asks for', () => {
    expect(textBar(0.4)).toBe('▓▓▓▓░░░░░░');
    expect(textBar(0)).toBe('░░░░░░░░░░');
    expect(textBar(1)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(textBar(0.5, 4)).toBe('▓▓░░');
  });

  it('stays within its width whatever the fraction', () => {
    expect(textBar(1.7)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(textBar(-0.3)).toBe('░░░░░░░░░░');
    expect(textBar(Number.NaN)).toBe('░░░░░░░░░░');
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: 0, max: 40 }), (f, w) => {
        expect(Array.from(textBar(f, w))).toHaveLength(w);
      }),
    );
  });
});

describe('percentages', () => {
  it('rounds so the shares sum to 100 (largest remainder)', () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentages([2, 1])).toEqual([67, 33]);
    expect(percentages([1, 0, 0])).toEqual([100, 0, 0]);
    expect(percentages([1, 1, 1, 1, 1, 1, 1])).toEqual([15, 15, 14, 14, 14, 14, 14]);
  });

  it('gives zeros when nobody voted', () => {
    expect(percentages([0, 0, 0])).toEqual([0, 0, 0]);
    expect(percentages([])).toEqual([]);
  });

  it('sums to exactly 100 for any votes, each share within one point of the exact one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 25 }).filter((a) => a.some((c) => c > 0)),
        (counts) => {
          const result = percentages(counts);
          const total = counts.reduce((a, b) => a + b, 0);
          expect(result.reduce((a, b) => a + b, 0)).toBe(100);
          result.forEach((p, i) => {
            const exact = (counts[i]! * 100) / total;
            expect(p).toBeGreaterThanOrEqual(Math.floor(exact));
            expect(p).toBeLessThanOrEqual(Math.ceil(exact));
          });
        },
      ),
    );
  });

  it('never shows more votes as a smaller share', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 2, maxLength: 12 }), (counts) => {
        const result = percentages(counts);
        counts.forEach((a, i) =>
          counts.forEach((b, j) => {
            if (a > b) expect(result[i]!).toBeGreaterThanOrEqual(result[j]!);
          }),
        );
      }),
    );
  });
});
