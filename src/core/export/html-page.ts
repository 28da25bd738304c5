/**
 * The standalone page around a report: inline CSS only (no script, font, image or link to
 * fetch), so the file can be attached to an email and opened anywhere. Colours keep at
 * least 4.5:1 contrast for text and 3:1 for chart marks.
 */
import type { Lang } from '../plan/plan.js';
import { escapeHtml } from './html-text.js';

/** Colours of the report and its charts (WCAG AA on white). */
export const COLORS = {
  text: '#1b1b1b',
  muted: '#595959',
  accent: '#1d4f91',
  second: '#a3410c',
  grid: '#767676',
  light: '#f2f4f7',
} as const;

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#fff;color:${COLORS.text};font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;line-height:1.25;margin:0 0 .25rem}
h2{font-size:1.4rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid ${COLORS.accent}}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
.sub,.note{color:${COLORS.muted}}
a{color:${COLORS.accent}}
blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:4px solid ${COLORS.accent};background:${COLORS.light}}
blockquote p{margin:.25rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #c4c4c4;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:${COLORS.light}}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
.long{white-space:normal;overflow-wrap:anywhere}
.bar{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
figure{margin:1rem 0}
svg{max-width:100%;height:auto;display:block}
details{margin:.25rem 0 1rem}
summary{cursor:pointer;color:${COLORS.accent}}
footer{margin-top:2.5rem;color:${COLORS.muted};font-size:.9rem}
@media print{details{display:block}h2{break-after:avoid}}
`;

/** What a page needs: its language, a plain-text title, and the body HTML. */
export interface HtmlPageSpec {
  lang: Lang;
  title: string;
  body: string;
}

/** A complete HTML document. */
export function htmlPage(spec: HtmlPageSpec): string {
  return `<!DOCTYPE html>
<html lang="${spec.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Roundtable">
<title>${escapeHtml(spec.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${spec.body}
</main>
</body>
</html>
`;
}
