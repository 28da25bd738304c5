/**
 * The series report as a standalone HTML page (`roundtable report <plan-id> --format
 * html`): the trend chart of participants and first-time participants per run, its data
 * table, and the trend in words, in the plan's languages.
 */
import type { Translator } from '../ports.js';
import type { SeriesReport } from './series-report.js';
import { seriesTable, trendSentences } from './series-report.js';
import { labelParts, localizedParts } from './export-format.js';
import { htmlPage } from './html-page.js';
import { htmlTable } from './html-table.js';
import { lineChart } from './html-line-chart.js';
import { escapeHtml, langSpans, plainText } from './html-text.js';

/**
 * Renders the series report.
 *
 * @example writeFileSync('series.html', seriesHtml(buildSeriesReport(planId, inputs), translator));
 */
export function seriesHtml(report: SeriesReport, t: Translator): string {
  const langs = report.langs;
  const lang = langs[0]!;
  const label = (key: string, vars?: Record<string, unknown>) => langSpans(labelParts(t, langs, key, vars));
  const plain = (key: string, vars?: Record<string, unknown>) => plainText(labelParts(t, langs, key, vars));
  const title = localizedParts(report.title, langs);
  const heading = title.length > 0 ? langSpans(title) : escapeHtml(report.planId);
  const body = [
    `<header>\n<h1>${heading}</h1>\n<p class="sub">${label('export:series.title')} · ${label('export:series.plan', { id: report.planId })}</p>\n</header>`,
  ];
  if (report.rows.length === 0) {
    body.push(`<p>${label('export:series.none')}</p>`);
  } else {
    const { head, rows } = seriesTable(report, t, lang);
    const chart = lineChart(
      'series-chart',
      plain('export:series.chart'),
      report.rows.map((r) => r.date),
      [
        { name: plain('export:series.participants'), values: report.rows.map((r) => r.participants) },
        { name: plain('export:series.firstTime'), values: report.rows.map((r) => r.firstTime) },
      ],
    );
    const table = htmlTable({
      caption: label('export:series.caption'),
      head: head.map((parts) => langSpans(parts)),
      rows: rows.map((row) => row.map(escapeHtml)),
      kinds: 'llnnnnnn',
    });
    const paragraphs = (sentences: (l: typeof lang) => string[]) =>
      langs.flatMap((l) => sentences(l).map((s) => `<p lang="${l}">${escapeHtml(s)}</p>`)).join('\n');
    body.push(
      `<section aria-labelledby="trend">\n<h2 id="trend">${label('export:series.trend')}</h2>\n${paragraphs((l) => trendSentences(report, t, l))}\n</section>`,
      `<section aria-labelledby="runs">\n<h2 id="runs">${label('export:series.heading')}</h2>\n<figure>\n${chart}\n${table}\n</figure>\n` +
        `${paragraphs((l) => [t.t(l, 'export:series.turnoutNote')])}\n</section>`,
    );
  }
  body.push(`<footer><p>${label('export:doc.footer')}</p></footer>`);
  const pageTitle = `${title.length > 0 ? plainText(title) : report.planId} — ${plain('export:series.title')}`;
  return htmlPage({ lang, title: pageTitle, body: body.join('\n') });
}
