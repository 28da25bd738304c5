/**
 * The frame of every chart: an inline `<svg role="img">` whose `<title>` and `aria-label`
 * say what it shows, so assistive technology announces it as one image; the figures
 * themselves are in the data table placed next to it.
 */
import { escapeHtml } from './html-text.js';

/** A chart frame. `label` is plain text; `body` is SVG markup (escape texts before). */
export interface SvgImageSpec {
  id: string;
  label: string;
  width: number;
  height: number;
  body: string;
}

/** Renders the `<svg>` element, scaled to its container by its `viewBox`. */
export function svgImage(spec: SvgImageSpec): string {
  const label = escapeHtml(spec.label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" id="${spec.id}" aria-labelledby="${spec.id}-title" aria-label="${label}" ` +
    `viewBox="0 0 ${spec.width} ${spec.height}" width="${spec.width}" height="${spec.height}" focusable="false">` +
    `<title id="${spec.id}-title">${label}</title>\n${spec.body}</svg>`
  );
}

/** Shortens a label to `max` characters with an ellipsis (the data table has it in full). */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** A coordinate with at most one decimal, for compact markup. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}
