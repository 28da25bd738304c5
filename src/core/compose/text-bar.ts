/**
 * Poll results as text: a bar of block characters and whole percentages, so a screen
 * reader reads the same figures a sighted person sees.
 */

const FULL = '▓';
const EMPTY = '░';

/**
 * A text bar of `width` cells, `fraction` (0..1) of them filled.
 *
 * @example textBar(0.4) // '▓▓▓▓░░░░░░'
 */
export function textBar(fraction: number, width = 10): string {
  const cells = Math.max(0, Math.floor(width));
  const share = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(share * cells);
  return FULL.repeat(filled) + EMPTY.repeat(cells - filled);
}

/**
 * Whole percentages of `counts` that sum to exactly 100 when there is any vote (largest
 * remainder method); all zeros when there is none. Negative counts count as zero.
 *
 * @example percentages([1, 1, 1]) // [34, 33, 33]
 */
export function percentages(counts: readonly number[]): number[] {
  const clean = counts.map((c) => (Number.isFinite(c) && c > 0 ? c : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  if (total === 0) return clean.map(() => 0);
  const exact = clean.map((c) => (c * 100) / total);
  const result = exact.map((x) => Math.floor(x));
  let left = 100 - result.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || clean[b.i]! - clean[a.i]! || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = result[i]! + 1;
    left -= 1;
  }
  return result;
}
