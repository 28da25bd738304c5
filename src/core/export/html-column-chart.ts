/** A column chart over time (answers per slot), as inline SVG with a labelled y axis. */
import { COLORS } from './html-page.js';
import { px, svgImage } from './html-svg.js';
import { escapeHtml } from './html-text.js';

/** One column: its axis label (plain text, e.g. `13:05`) and its value. */
export interface Column {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 28;
const TOP = 12;

/** At most this many labels under the axis. */
const MAX_TICKS = 10;

/**
 * Renders the columns side by side, the tallest reaching the top, with gridlines at 0, half
 * and the maximum.
 */
export function columnChart(id: string, label: string, columns: readonly Column[]): string {
  const max = Math.max(1, ...columns.map((c) => c.value));
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - TOP - BOTTOM;
  const step = plotW / Math.max(1, columns.length);
  const every = Math.ceil(columns.length / MAX_TICKS);
  const grid = [0, Math.round(max / 2), max]
    .filter((v, i, all) => all.indexOf(v) === i)
    .map((v) => {
      const y = TOP + plotH - (v / max) * plotH;
      return (
        `<line x1="${LEFT}" x2="${WIDTH - 8}" y1="${px(y)}" y2="${px(y)}" stroke="${COLORS.grid}" stroke-width="${v === 0 ? 1.5 : 0.5}"/>` +
        `<text x="${LEFT - 6}" y="${px(y + 4)}" text-anchor="end" fill="${COLORS.text}" font-size="12">${v}</text>`
      );
    });
  const bars = columns.map((c, i) => {
    const h = (c.value / max) * plotH;
    const x = LEFT + i * step;
    const bar =
      h > 0
        ? `<rect x="${px(x + step * 0.1)}" y="${px(TOP + plotH - h)}" width="${px(step * 0.8)}" height="${px(h)}" fill="${COLORS.accent}"/>`
        : '';
    const tick =
      i % every === 0
        ? `<text x="${px(x + step / 2)}" y="${HEIGHT - 8}" text-anchor="middle" fill="${COLORS.text}" font-size="12">${escapeHtml(c.label)}</text>`
        : '';
    return bar + tick;
  });
  return svgImage({ id, label, width: WIDTH, height: HEIGHT, body: [...grid, ...bars].join('\n') });
}
