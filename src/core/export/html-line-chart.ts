/**
 * A line chart of a few series over the same points (runs of a series), as inline SVG.
 * Series differ by colour and by dash and marker shape, so colour is never the only cue.
 */
import { COLORS } from './html-page.js';
import { clip, px, svgImage } from './html-svg.js';
import { escapeHtml } from './html-text.js';

/** One line: its name (plain text, shown in the legend) and one value per point. */
export interface LineSeries {
  name: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 44;
const RIGHT = 44;
/** Space between the axis and the first and last points. */
const INSET = 24;
const TOP = 56;
const BOTTOM = 28;
const MAX_TICKS = 8;

const STYLES = [
  { color: COLORS.accent, dash: '', marker: 'circle' },
  { color: COLORS.second, dash: '6 4', marker: 'square' },
] as const;

function marker(kind: 'circle' | 'square', x: number, y: number, color: string): string {
  return kind === 'circle'
    ? `<circle cx="${px(x)}" cy="${px(y)}" r="4" fill="${color}"/>`
    : `<rect x="${px(x - 4)}" y="${px(y - 4)}" width="8" height="8" fill="${color}"/>`;
}

/**
 * Renders the lines over `labels` (one per point, e.g. run dates), with a legend above (one row per line) and
 * gridlines at 0, half and the maximum.
 */
export function lineChart(id: string, label: string, labels: readonly string[], series: readonly LineSeries[]): string {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const xOf = (i: number) =>
    LEFT + (labels.length <= 1 ? plotW / 2 : INSET + (i / (labels.length - 1)) * (plotW - 2 * INSET));
  const yOf = (v: number) => TOP + plotH - (v / max) * plotH;
  const every = Math.ceil(labels.length / MAX_TICKS);
  const grid = [0, Math.round(max / 2), max]
    .filter((v, i, all) => all.indexOf(v) === i)
    .map(
      (v) =>
        `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${px(yOf(v))}" y2="${px(yOf(v))}" stroke="${COLORS.grid}" stroke-width="${v === 0 ? 1.5 : 0.5}"/>` +
        `<text x="${LEFT - 6}" y="${px(yOf(v) + 4)}" text-anchor="end" fill="${COLORS.text}" font-size="12">${v}</text>`,
    );
  const ticks = labels.map((l, i) =>
    i % every === 0
      ? `<text x="${px(xOf(i))}" y="${HEIGHT - 8}" text-anchor="middle" fill="${COLORS.text}" font-size="12">${escapeHtml(l)}</text>`
      : '',
  );
  const lines = series.slice(0, STYLES.length).map((s, k) => {
    const style = STYLES[k]!;
    const points = s.values.map((v, i) => `${px(xOf(i))},${px(yOf(v))}`).join(' ');
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    const legendY = 12 + k * 20;
    return (
      `<polyline points="${points}" fill="none" stroke="${style.color}" stroke-width="2.5"${dash}/>` +
      s.values.map((v, i) => marker(style.marker, xOf(i), yOf(v), style.color)).join('') +
      `<line x1="${LEFT}" x2="${LEFT + 28}" y1="${legendY}" y2="${legendY}" stroke="${style.color}" stroke-width="2.5"${dash}/>` +
      marker(style.marker, LEFT + 14, legendY, style.color) +
      `<text x="${LEFT + 36}" y="${legendY + 4}" fill="${COLORS.text}" font-size="13">${escapeHtml(clip(s.name, 80))}</text>`
    );
  });
  return svgImage({ id, label, width: WIDTH, height: HEIGHT, body: [...grid, ...ticks, ...lines].join('\n') });
}
