/**
 * A horizontal bar chart (one bar per poll option), as inline SVG. A bilingual option label
 * takes one line per language, each shortened on its own, so no language is cut off.
 */
import { COLORS } from './html-page.js';
import { clip, px, svgImage } from './html-svg.js';
import { escapeHtml, type LangText } from './html-text.js';

/** One bar: its label (plain text, one part per language), its value, and the value as shown (`2 (50%)`). */
export interface Bar {
  labels: readonly LangText[];
  value: number;
  shown: string;
}

const WIDTH = 640;
const LINE = 18;
const BAR = 18;
const GAP = 10;
const VALUE_SPACE = 150;
/** Characters of one label line that fit the chart's width at 14 px. */
const LABEL_MAX = 80;

/**
 * Renders the bars, longest scaled to the chart width.
 *
 * @example barChart('p1', 'Votes per option', [{ labels: [{ lang: 'en', text: 'Yes' }, { lang: 'fr', text: 'Oui' }], value: 3, shown: '3 (75%)' }])
 */
export function barChart(id: string, label: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - VALUE_SPACE - 8;
  let y = 0;
  const marks = bars.map((b) => {
    const lines = b.labels.map(
      (part, i) =>
        `<text x="0" y="${y + 15 + i * LINE}" lang="${part.lang}" fill="${COLORS.text}" font-size="14">${escapeHtml(clip(part.text, LABEL_MAX))}</text>`,
    );
    const top = y + Math.max(1, b.labels.length) * LINE + 4;
    const w = (b.value / max) * span;
    y = top + BAR + GAP;
    return (
      lines.join('') +
      `<rect x="0" y="${top}" width="${px(span)}" height="${BAR}" fill="${COLORS.light}"/>` +
      (w > 0 ? `<rect x="0" y="${top}" width="${px(w)}" height="${BAR}" fill="${COLORS.accent}"/>` : '') +
      `<text x="${px(span + 8)}" y="${top + 14}" fill="${COLORS.text}" font-size="14">${escapeHtml(b.shown)}</text>`
    );
  });
  return svgImage({ id, label, width: WIDTH, height: Math.max(LINE + BAR + GAP, y), body: marks.join('\n') });
}
