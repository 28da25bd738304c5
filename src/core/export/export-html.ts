/**
 * The HTML report of a run: one standalone file (inline CSS and SVG, no script) an
 * organizer can attach to an email. Both languages, the figures, answers per 5 minutes,
 * every question with its answers (the most-reacted ones for very busy questions), and a
 * bar chart per poll. Every chart is an `<svg role="img">` with a title and a data table
 * beside it; all user and plan text is escaped; anonymous polls show counts only.
 */
import type { Lang, Localized } from '../plan/plan.js';
import type { Translator } from '../ports.js';
import type { Answer } from '../engine/records.js';
import type { DetectLanguage } from '../engine/build-recap.js';
import type { Transcript, TranscriptPoll, TranscriptQuestion } from './export-data.js';
import { formatCount, formatPercent, labelParts, localClocks, localizedParts } from './export-format.js';
import { formatSpan, formatZone } from '../compose/format-time.js';
import { textBar } from '../compose/text-bar.js';
import { barChart } from './html-bar-chart.js';
import { columnChart } from './html-column-chart.js';
import { htmlPage } from './html-page.js';
import { htmlTable } from './html-table.js';
import { escapeHtml, escapeHtmlLines, langSpans, plainText, type LangText } from './html-text.js';

/** Questions with more answers than this show their most-reacted ones only. */
export const MAX_ANSWERS_SHOWN = 100;

/** What the HTML report needs besides the transcript. */
export interface HtmlExportOptions {
  translator: Translator;
  /** Marks each shown answer with its language (`lang`), when it can tell. */
  detectLanguage?: DetectLanguage;
}

/** Renders labels and texts of one report. */
class Report {
  readonly langs: Lang[];
  readonly lang: Lang;

  constructor(
    readonly transcript: Transcript,
    readonly opts: HtmlExportOptions,
  ) {
    this.langs = transcript.recap.langs.length > 0 ? transcript.recap.langs : ['en'];
    this.lang = this.langs[0]!;
    this.clock = localClocks(transcript.recap.timezone);
  }

  /** Local date and time of an instant in the chat's zone. */
  readonly clock: (ms: number) => { date: string; time: string };

  /** A bilingual label as HTML. */
  label(key: string, vars?: Record<string, unknown>): string {
    return langSpans(labelParts(this.opts.translator, this.langs, key, vars));
  }

  /** A bilingual label as plain text. */
  plain(key: string, vars?: Record<string, unknown>): string {
    return plainText(labelParts(this.opts.translator, this.langs, key, vars));
  }

  /** A bilingual plan text as HTML. */
  text(text: Localized, fallback: string): string {
    const parts = localizedParts(text, this.langs);
    return parts.length > 0 ? langSpans(parts) : escapeHtml(fallback);
  }

  count(n: number): string {
    return formatCount(n, this.lang);
  }

  /** A percentage as each language of the report writes it (`45%` / `45 %`), identical forms once. */
  percentParts(p: number): LangText[] {
    const parts = this.langs.map((lang) => ({ lang, text: formatPercent(p, lang) }));
    return parts.filter((part, i) => parts.findIndex((q) => q.text === part.text) === i);
  }

  /** One paragraph per language of a plan text, each with its `lang`. */
  quote(text: Localized): string {
    const paras = localizedParts(text, this.langs).map((p) => `<p lang="${p.lang}">${escapeHtmlLines(p.text)}</p>`);
    return `<blockquote>${paras.join('')}</blockquote>`;
  }
}

/**
 * The HTML report of a run.
 *
 * @example
 * const html = exportHtml(buildTranscript({ run, answers, ballots, now }), { translator });
 */
export function exportHtml(transcript: Transcript, opts: HtmlExportOptions): string {
  const r = new Report(transcript, opts);
  const recap = transcript.recap;
  const title = localizedParts(recap.title, r.langs);
  const body = [
    `<header>\n<h1>${title.length > 0 ? langSpans(title) : escapeHtml(recap.runId)}</h1>\n<p class="sub">${r.label('export:doc.report')}</p>\n</header>`,
    about(r),
    figures(r),
    activity(r),
    `<section aria-labelledby="questions">\n<h2 id="questions">${r.label('export:questions.heading')}</h2>\n${transcript.questions.map((q) => question(r, q)).join('\n')}\n</section>`,
    transcript.polls.length > 0
      ? `<section aria-labelledby="polls">\n<h2 id="polls">${r.label('export:polls.heading')}</h2>\n${transcript.polls.map((p) => poll(r, p)).join('\n')}\n</section>`
      : '',
    `<footer><p>${r.label('export:doc.footer')}${recap.hashtag ? ` ${escapeHtml(recap.hashtag)}` : ''}</p></footer>`,
  ];
  const pageTitle = `${title.length > 0 ? plainText(title) : recap.runId} — ${r.plain('export:doc.report')}`;
  return htmlPage({ lang: r.lang, title: pageTitle, body: body.filter(Boolean).join('\n') });
}

function about(r: Report): string {
  const recap = r.transcript.recap;
  const each = (render: (lang: Lang) => string) =>
    langSpans(
      r.langs
        .map((lang) => ({ lang, text: render(lang) }))
        .filter((p, i, all) => all.findIndex((q) => q.text === p.text) === i),
    );
  const rows = [
    [
      r.label('export:meta.when'),
      each(
        (lang) =>
          `${formatSpan(recap.startedAt, recap.endedAt, recap.timezone, lang)} (${formatZone(recap.startedAt, recap.timezone, lang)})`,
      ),
    ],
  ];
  if (recap.host) {
    const hostTitle = recap.host.title ? localizedParts(recap.host.title, r.langs) : [];
    rows.push([
      r.label('export:meta.host'),
      `${escapeHtml(recap.host.name)}${hostTitle.length > 0 ? `, ${langSpans(hostTitle)}` : ''}`,
    ]);
  }
  if (recap.hashtag) rows.push([r.label('export:meta.hashtag'), escapeHtml(recap.hashtag)]);
  if (recap.evaluation) {
    const url = escapeHtml(recap.evaluation);
    rows.push([
      r.label('export:meta.evaluation'),
      /^https?:\/\//i.test(recap.evaluation) ? `<a href="${url}">${url}</a>` : url,
    ]);
  }
  rows.push([r.label('export:meta.run'), escapeHtml(recap.runId)]);
  const zones = each((lang) =>
    r.opts.translator.t(lang, 'export:doc.times', { zone: formatZone(recap.startedAt, recap.timezone, lang) }),
  );
  return (
    `<section aria-labelledby="about">\n<h2 id="about">${r.label('export:meta.details')}</h2>\n` +
    `${htmlTable({ caption: r.label('export:meta.details'), head: [r.label('export:meta.item'), r.label('export:meta.detail')], rows, kinds: 'lt' })}\n<p class="note">${zones}</p>\n</section>`
  );
}

function figures(r: Report): string {
  const recap = r.transcript.recap;
  const rows = [
    [r.label('export:figures.participants'), r.count(recap.participants)],
    [r.label('export:figures.answers'), r.count(recap.answers)],
    [r.label('export:figures.questions'), r.count(r.transcript.questions.filter((q) => q.asked).length)],
    [r.label('export:figures.polls'), r.count(recap.polls.length)],
  ];
  if (recap.languageShare) {
    rows.push(
      [r.label('export:figures.answersEn'), r.count(recap.languageShare.en)],
      [r.label('export:figures.answersFr'), r.count(recap.languageShare.fr)],
      [r.label('export:figures.answersUnknown'), r.count(recap.languageShare.unknown)],
    );
  }
  const table = htmlTable({
    caption: r.label('export:figures.heading'),
    head: [r.label('export:figures.figure'), r.label('export:figures.value')],
    rows,
    kinds: 'ln',
  });
  return `<section aria-labelledby="figures">\n<h2 id="figures">${r.label('export:figures.heading')}</h2>\n${table}\n</section>`;
}

function activity(r: Report): string {
  const t = r.transcript;
  const minutes = Math.round(t.slotMs / 60_000);
  const startDate = r.clock(t.recap.startedAt).date;
  const when = (ms: number) => {
    const c = r.clock(ms);
    return c.date === startDate ? c.time : `${c.date} ${c.time}`;
  };
  const chart = columnChart(
    'activity-chart',
    r.plain('export:activity.chart', { count: minutes }),
    t.activity.map((s) => ({ label: when(s.start), value: s.answers })),
  );
  const table = htmlTable({
    caption: r.label('export:activity.caption', { count: minutes }),
    head: [r.label('export:activity.slot'), r.label('export:activity.answers')],
    rows: t.activity.map((s) => [escapeHtml(when(s.start)), r.count(s.answers)]),
    kinds: 'ln',
  });
  return (
    `<section aria-labelledby="activity">\n<h2 id="activity">${r.label('export:activity.heading')}</h2>\n` +
    `<figure>\n${chart}\n<details><summary>${r.label('export:activity.table')}</summary>\n${table}\n</details>\n</figure>\n</section>`
  );
}

function question(r: Report, q: TranscriptQuestion): string {
  const n = q.figures.number;
  const head = `<article aria-labelledby="q${n}">\n<h3 id="q${n}">${r.label('export:questions.label', { n })}</h3>\n${r.quote(q.figures.text)}`;
  if (!q.asked) return `${head}\n<p class="note">${r.label('export:questions.notAsked')}</p>\n</article>`;
  if (q.answers.length === 0) return `${head}\n<p>${r.label('export:questions.none')}</p>\n</article>`;
  const shown = shownAnswers(q.answers);
  const note =
    shown.length < q.answers.length
      ? `\n<p class="note">${r.label('export:questions.shown', { shown: shown.length, count: q.answers.length })}</p>`
      : '';
  const startDate = r.clock(r.transcript.recap.startedAt).date;
  const rows = shown.map((a) => answerRow(r, a, startDate));
  const table = htmlTable({
    caption: r.label('export:questions.caption', { n }),
    head: [
      r.label('export:questions.author'),
      r.label('export:questions.time'),
      r.label('export:questions.answer'),
      r.label('export:questions.reactionsColumn'),
    ],
    rows,
    kinds: 'lltn',
  });
  return `${head}\n<p>${r.label('export:questions.answers', { count: q.answers.length })}</p>${note}\n${table}\n</article>`;
}

/** All answers, or the most-reacted ones (ties: earliest) kept in the order they were posted. */
function shownAnswers(answers: Answer[]): Answer[] {
  if (answers.length <= MAX_ANSWERS_SHOWN) return answers;
  const keep = new Set(
    answers
      .map((a, i) => ({ i, reactions: a.reactions }))
      .sort((a, b) => b.reactions - a.reactions || a.i - b.i)
      .slice(0, MAX_ANSWERS_SHOWN)
      .map((x) => x.i),
  );
  return answers.filter((_, i) => keep.has(i));
}

function answerRow(r: Report, a: Answer, startDate: string): string[] {
  const c = r.clock(a.at);
  const lang = r.opts.detectLanguage?.(a.text);
  const text =
    lang === 'en' || lang === 'fr' ? `<span lang="${lang}">${escapeHtmlLines(a.text)}</span>` : escapeHtmlLines(a.text);
  const edited = a.editedAt !== undefined ? ` <span class="note">(${r.label('export:questions.edited')})</span>` : '';
  return [
    escapeHtml(a.user.name),
    escapeHtml(c.date === startDate ? c.time : `${c.date} ${c.time}`),
    `${text}${edited}`,
    r.count(a.reactions),
  ];
}

function poll(r: Report, p: TranscriptPoll): string {
  const f = p.figures;
  const n = f.number;
  const notes: string[] = [];
  if (p.multiple > 1) notes.push(r.label('export:polls.multiple', { count: p.multiple }));
  if (f.anonymous) notes.push(r.label('export:polls.anonymous'));
  const head = `<article aria-labelledby="p${n}">\n<h3 id="p${n}">${r.label('export:polls.label', { n })}</h3>\n${r.quote(f.question)}`;
  if (p.withheld)
    return `${head}\n${[...notes, r.label('export:polls.withheld')].map((x) => `<p class="note">${x}</p>`).join('\n')}\n</article>`;
  if (p.open) notes.push(r.label('export:polls.open'));
  const total = f.tally.counts.reduce((a, b) => a + b, 0);
  const optionText = (i: number) => localizedParts(f.options[i] ?? {}, r.langs);
  const shown = (i: number) => `${r.count(f.tally.counts[i] ?? 0)} (${plainText(r.percentParts(p.percents[i] ?? 0))})`;
  const labels = (i: number) => (optionText(i).length > 0 ? optionText(i) : [{ lang: r.lang, text: String(i + 1) }]);
  const chart = barChart(
    `poll-${n}-chart`,
    r.plain('export:polls.chart', { n }),
    f.options.map((_, i) => ({ labels: labels(i), value: f.tally.counts[i] ?? 0, shown: shown(i) })),
  );
  const table = htmlTable({
    caption: r.label('export:polls.caption', { n }),
    head: [
      r.label('export:polls.option'),
      r.label('export:polls.votes'),
      r.label('export:polls.share'),
      r.label('export:polls.bar'),
    ],
    rows: f.options.map((o, i) => {
      const votes = f.tally.counts[i] ?? 0;
      return [
        r.text(o, String(i + 1)),
        r.count(votes),
        langSpans(r.percentParts(p.percents[i] ?? 0)),
        `<span class="bar" aria-hidden="true">${textBar(total > 0 ? votes / total : 0)}</span>`,
      ];
    }),
    kinds: 'lnnl',
  });
  const parts = [
    head,
    `<figure>\n${chart}\n${table}\n</figure>`,
    `<p>${r.label('export:polls.voters', { count: f.tally.voters })}</p>`,
    ...notes.map((x) => `<p class="note">${x}</p>`),
  ];
  if (p.votersByOption) {
    const items = p.votersByOption.map(
      (names, i) =>
        `<li>${r.text(f.options[i] ?? {}, String(i + 1))} — ${names.length > 0 ? names.map(escapeHtml).join(', ') : r.label('export:polls.nobody')}</li>`,
    );
    parts.push(`<h4>${r.label('export:polls.whoVoted')}</h4>`, `<ul>\n${items.join('\n')}\n</ul>`);
  }
  return `${parts.join('\n')}\n</article>`;
}
