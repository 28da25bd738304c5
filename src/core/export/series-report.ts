/**
 * The series report: how the runs of one plan compare (`roundtable report <plan-id>`).
 * Per run: participants, first-time and returning people (a person's first run in the
 * series), answers and poll turnout; then the trend. People who voted only in anonymous
 * polls count as participants but cannot be recognized from one run to the next, so they
 * are neither first-time nor returning. Pure: the caller loads the runs.
 */
import type { AnonymousKeys } from '../ports.js';
import type { Lang, Localized } from '../plan/plan.js';
import { LANGS } from '../plan/plan.js';
import type { Translator } from '../ports.js';
import type { Answer, Ballot } from '../engine/records.js';
import type { Run } from '../engine/run.js';
import { buildRecap, participantsOf } from '../engine/build-recap.js';
import { formatCount, formatPercent, joinParts, labelParts, localClock, localizedParts } from './export-format.js';
import { escapeMarkdownInline } from './export-markdown-escape.js';

/** One run of the series with what the store holds for it. */
export interface SeriesRunInput {
  run: Run;
  answers: Answer[];
  ballots: Map<number, Ballot[]>;
  /** End time to use when the run has not ended. */
  now: number;
  /** Recognizes anonymous voters among the participants (see `participantsOf`). */
  keys?: AnonymousKeys;
}

/** The figures of one run. */
export interface SeriesRow {
  runId: string;
  startedAt: number;
  /** Local date of the start, `2026-02-26`. */
  date: string;
  participants: number;
  /** People seen for the first time in this series. */
  firstTime: number;
  /** People seen in an earlier run of the series. */
  returning: number;
  /** Participants who only voted in anonymous polls (not recognizable across runs). */
  anonymousOnly: number;
  answers: number;
  polls: number;
  /** Mean over the run's polls of voters / participants (0..1); null without polls or participants. */
  turnout: number | null;
}

/** How participation moves across the series. */
export interface SeriesTrend {
  /** Participants of the run before the latest, and of the latest (two runs or more). */
  previous?: number;
  latest?: number;
  /** Least-squares slope of participants per run (two runs or more). */
  slope?: number;
}

/** The whole report. */
export interface SeriesReport {
  planId: string;
  /** Title and languages of the latest run's plan (both languages when there is no run). */
  title: Localized;
  langs: Lang[];
  rows: SeriesRow[];
  trend: SeriesTrend;
  /** Distinct recognizable people over the series. */
  distinctPeople: number;
}

/**
 * Builds the report from the runs of plan `planId` (other plans' runs are ignored), oldest first.
 *
 * @example
 * const report = buildSeriesReport('leadersgc', inputs);
 */
export function buildSeriesReport(planId: string, runs: readonly SeriesRunInput[]): SeriesReport {
  const mine = runs.filter((r) => r.run.planId === planId).sort((a, b) => a.run.startedAt - b.run.startedAt);
  const seen = new Set<string>();
  const rows = mine.map((input): SeriesRow => {
    const recap = buildRecap(input);
    // People recognizable in other runs: answer authors and voters of named polls.
    const people = participantsOf(input.run, input.answers, input.ballots).known;
    let firstTime = 0;
    for (const id of people) {
      if (seen.has(id)) continue;
      firstTime++;
      seen.add(id);
    }
    const turnouts = recap.participants > 0 ? recap.polls.map((p) => p.tally.voters / recap.participants) : [];
    return {
      runId: input.run.id,
      startedAt: input.run.startedAt,
      date: localClock(input.run.startedAt, input.run.plan.timezone).date,
      participants: recap.participants,
      firstTime,
      returning: people.size - firstTime,
      anonymousOnly: Math.max(0, recap.participants - people.size),
      answers: recap.answers,
      polls: recap.polls.length,
      turnout: turnouts.length > 0 ? turnouts.reduce((a, b) => a + b, 0) / turnouts.length : null,
    };
  });
  const latest = mine[mine.length - 1]?.run.plan;
  return {
    planId,
    title: latest?.title ?? {},
    langs: latest && latest.languages.length > 0 ? latest.languages : [...LANGS],
    rows,
    trend: trendOf(rows.map((r) => r.participants)),
    distinctPeople: seen.size,
  };
}

function trendOf(values: number[]): SeriesTrend {
  const n = values.length;
  if (n < 2) return {};
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return { previous: values[n - 2]!, latest: values[n - 1]!, slope: num / den };
}

/** A signed number as `lang` writes it: `+3`, `−1.5` / `−1,5`. */
function formatSigned(n: number, lang: Lang, fractionDigits = 0): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', {
    signDisplay: 'exceptZero',
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

/** Turnout as a whole percentage, or the `no poll` label. */
function turnoutText(turnout: number | null, lang: Lang, t: Translator): string {
  return turnout === null ? t.t(lang, 'export:series.noPoll') : formatPercent(Math.round(turnout * 100), lang);
}

/** The sentences that describe the trend, per language. */
export function trendSentences(report: SeriesReport, t: Translator, lang: Lang): string[] {
  const { trend, rows } = report;
  if (rows.length === 0) return [];
  const out: string[] = [];
  if (trend.previous === undefined || trend.latest === undefined || trend.slope === undefined) {
    out.push(t.t(lang, 'export:series.single'));
  } else {
    const change = trend.latest - trend.previous;
    const pct =
      trend.previous > 0
        ? `, ${formatSigned(Math.round((change / trend.previous) * 100), lang)}${lang === 'fr' ? '\u00a0%' : '%'}`
        : '';
    out.push(
      t.t(lang, 'export:series.previous', {
        from: formatCount(trend.previous, lang),
        to: formatCount(trend.latest, lang),
        change: `${formatSigned(change, lang)}${pct}`,
      }),
    );
    out.push(
      t.t(lang, 'export:series.slope', {
        count: Math.abs(trend.slope),
        runs: rows.length,
        slope: formatSigned(trend.slope, lang, 1),
      }),
    );
  }
  out.push(
    t.t(lang, 'export:series.people', {
      count: report.distinctPeople,
      people: formatCount(report.distinctPeople, lang),
    }),
  );
  return out;
}

/** The table of the report: column labels (one part per language) and, per run, the cells as text (numbers in `lang`). */
export function seriesTable(
  report: SeriesReport,
  t: Translator,
  lang: Lang,
): { head: { lang: Lang; text: string }[][]; rows: string[][] } {
  const keys = ['date', 'run', 'participants', 'firstTime', 'returning', 'anonymousOnly', 'answers', 'turnout'];
  const head = keys.map((k) => labelParts(t, report.langs, `export:series.${k}`));
  const rows = report.rows.map((r) => [
    r.date,
    r.runId,
    formatCount(r.participants, lang),
    formatCount(r.firstTime, lang),
    formatCount(r.returning, lang),
    formatCount(r.anonymousOnly, lang),
    formatCount(r.answers, lang),
    turnoutText(r.turnout, lang, t),
  ]);
  return { head, rows };
}

/**
 * The report as Markdown (also plain enough to read in a terminal).
 *
 * @example process.stdout.write(seriesMarkdown(buildSeriesReport(planId, inputs), translator));
 */
export function seriesMarkdown(report: SeriesReport, t: Translator): string {
  const langs = report.langs;
  const label = (key: string, vars?: Record<string, unknown>) => joinParts(labelParts(t, langs, key, vars));
  const title = localizedParts(report.title, langs);
  const lines = [
    `# ${title.length > 0 ? escapeMarkdownInline(joinParts(title)) : escapeMarkdownInline(report.planId)}`,
    '',
    `${label('export:series.title')} · ${escapeMarkdownInline(label('export:series.plan', { id: report.planId }))}`,
    '',
  ];
  if (report.rows.length === 0) return [...lines, label('export:series.none'), ''].join('\n');
  const { head, rows } = seriesTable(report, t, langs[0]!);
  lines.push(
    `## ${label('export:series.heading')}`,
    '',
    `| ${head.map(joinParts).join(' | ')} |`,
    `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
  );
  for (const row of rows) lines.push(`| ${row.map(escapeMarkdownInline).join(' | ')} |`);
  lines.push('');
  for (const lang of langs) lines.push(t.t(lang, 'export:series.turnoutNote'), '');
  lines.push(`## ${label('export:series.trend')}`, '');
  for (const lang of langs) for (const sentence of trendSentences(report, t, lang)) lines.push(sentence, '');
  return lines.join('\n');
}
