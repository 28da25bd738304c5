/** A horizontal bar chart (one bar per poll option), as inline SVG. */
import { COLORS } from './html-page.js';
import { clip, px, svgImage } from './html-svg.js';
import { escapeHtml } from './html-text.js';

/** One bar: its label (plain text), its value, and the value as shown (`2 (50%)`). */
export interface Bar {
  label: string;
  value: number;
  shown: string;
}

const WIDTH = 640;
const ROW = 46;
const VALUE_SPACE = 110;

/**
 * Renders the bars, longest scaled to the chart width.
 *
 * @example barChart('p1', 'Votes per option', [{ label: 'Yes', value: 3, shown: '3 (75%)' }])
 */
export function barChart(id: string, label: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - VALUE_SPACE - 8;
  const marks = bars.map((b, i) => {
    const y = i * ROW;
    const w = (b.value / max) * span;
    return (
      `<text x="0" y="${y + 15}" fill="${COLORS.text}" font-size="14">${escapeHtml(clip(b.label, 80))}</text>` +
      `<rect x="0" y="${y + 22}" width="${px(span)}" height="18" fill="${COLORS.light}"/>` +
      (w > 0 ? `<rect x="0" y="${y + 22}" width="${px(w)}" height="18" fill="${COLORS.accent}"/>` : '') +
      `<text x="${px(span + 8)}" y="${y + 36}" fill="${COLORS.text}" font-size="14">${escapeHtml(b.shown)}</text>`
    );
  });
  return svgImage({ id, label, width: WIDTH, height: Math.max(ROW, bars.length * ROW), body: marks.join('\n') });
}
