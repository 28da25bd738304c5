/**
 * The Markdown export: the whole transcript of a run, in the plan's languages: title, date
 * and time, guest host, figures, every question with its answers in the order they were
 * posted (author, time, text, reactions), and every poll with counts, percentages and a
 * text bar. Anonymous polls show counts only. All user and plan text is escaped.
 */
import type { Lang, Localized } from '../plan/plan.js';
import type { Translator } from '../ports.js';
import type { Answer } from '../engine/records.js';
import type { Transcript, TranscriptPoll, TranscriptQuestion } from './export-data.js';
import { formatCount, formatPercent, joinParts, labelParts, localClocks, localizedParts } from './export-format.js';
import { escapeMarkdownInline, escapeMarkdownLines } from './export-markdown-escape.js';
import { formatSpan, formatZone } from '../compose/format-time.js';
import { textBar } from '../compose/text-bar.js';

/** Renders Markdown labels in every language of one transcript. */
class MarkdownWriter {
  private readonly lines: string[] = [];
  private readonly labels = new Map<string, string>();
  readonly langs: Lang[];
  /** Numbers in tables follow the first language. */
  readonly lang: Lang;

  constructor(
    readonly transcript: Transcript,
    readonly t: Translator,
  ) {
    this.langs = transcript.recap.langs.length > 0 ? transcript.recap.langs : ['en'];
    this.lang = this.langs[0]!;
    this.clock = localClocks(transcript.recap.timezone);
  }

  /** Local date and time of an instant in the chat's zone. */
  readonly clock: (ms: number) => { date: string; time: string };

  /** A bilingual label, `Answers / Réponses`, translated once per key and values. */
  label(key: string, vars?: Record<string, unknown>): string {
    const id = vars ? `${key}|${JSON.stringify(vars)}` : key;
    let text = this.labels.get(id);
    if (text === undefined) {
      text = joinParts(labelParts(this.t, this.langs, key, vars));
      this.labels.set(id, text);
    }
    return text;
  }

  /** One text per language, identical ones kept once, joined: for labels whose values differ by language. */
  each(render: (lang: Lang) => string): string {
    return [...new Set(this.langs.map(render))].join(' / ');
  }

  /** A bilingual plan text on one line, escaped. */
  text(text: Localized, fallback = ''): string {
    const parts = localizedParts(text, this.langs);
    return parts.length > 0 ? escapeMarkdownInline(joinParts(parts)) : fallback;
  }

  count(n: number): string {
    return formatCount(n, this.lang);
  }

  push(...lines: string[]): void {
    for (const line of lines) this.lines.push(line);
  }

  /** A paragraph break (never two in a row). */
  gap(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /** A table: header cells, alignment (`l` or `r`) per column, rows of already-escaped cells. */
  table(header: string[], align: string, rows: string[][]): void {
    this.gap();
    this.push(`| ${header.join(' | ')} |`, `|${[...align].map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`);
    for (const row of rows) this.push(`| ${row.join(' | ')} |`);
    this.gap();
  }

  /** The plan texts of a question or poll, one quoted paragraph per language. */
  quote(text: Localized): void {
    const parts = localizedParts(text, this.langs);
    this.gap();
    parts.forEach((p, i) => {
      if (i > 0) this.push('>');
      this.push(...escapeMarkdownLines(p.text).map((l) => (l ? `> ${l}` : '>')));
    });
    this.gap();
  }

  toString(): string {
    this.gap();
    return this.lines.join('\n');
  }
}

/**
 * The Markdown transcript of a run.
 *
 * @example
 * const md = exportMarkdown(buildTranscript({ run, answers, ballots, now }), translator);
 */
export function exportMarkdown(transcript: Transcript, t: Translator): string {
  const w = new MarkdownWriter(transcript, t);
  const r = transcript.recap;
  w.push(`# ${w.text(r.title, escapeMarkdownInline(r.runId))}`, '', w.label('export:doc.transcript'));
  header(w);
  figures(w);
  w.push(`## ${w.label('export:questions.heading')}`);
  for (const q of transcript.questions) question(w, q);
  if (transcript.polls.length > 0) {
    w.gap();
    w.push(`## ${w.label('export:polls.heading')}`);
    for (const p of transcript.polls) poll(w, p);
  }
  w.gap();
  w.push('---', '', w.label('export:doc.footer'));
  return w.toString();
}

function header(w: MarkdownWriter): void {
  const r = w.transcript.recap;
  const when = w.each(
    (lang) => `${formatSpan(r.startedAt, r.endedAt, r.timezone, lang)} (${formatZone(r.startedAt, r.timezone, lang)})`,
  );
  const rows: string[][] = [[w.label('export:meta.when'), escapeMarkdownInline(when)]];
  if (r.host) {
    const title = r.host.title ? localizedParts(r.host.title, w.langs) : [];
    rows.push([
      w.label('export:meta.host'),
      escapeMarkdownInline(title.length > 0 ? `${r.host.name}, ${joinParts(title)}` : r.host.name),
    ]);
  }
  if (r.hashtag) rows.push([w.label('export:meta.hashtag'), escapeMarkdownInline(r.hashtag)]);
  if (r.evaluation) rows.push([w.label('export:meta.evaluation'), escapeMarkdownInline(r.evaluation)]);
  rows.push([w.label('export:meta.run'), escapeMarkdownInline(r.runId)]);
  w.gap();
  w.push(`## ${w.label('export:meta.details')}`);
  w.table([w.label('export:meta.item'), w.label('export:meta.detail')], 'll', rows);
  w.push(
    escapeMarkdownInline(
      w.each((lang) => w.t.t(lang, 'export:doc.times', { zone: formatZone(r.startedAt, r.timezone, lang) })),
    ),
  );
}

function figures(w: MarkdownWriter): void {
  const r = w.transcript.recap;
  const rows = [
    [w.label('export:figures.participants'), w.count(r.participants)],
    [w.label('export:figures.answers'), w.count(r.answers)],
    [w.label('export:figures.questions'), w.count(w.transcript.questions.filter((q) => q.asked).length)],
    [w.label('export:figures.polls'), w.count(r.polls.length)],
  ];
  if (r.languageShare) {
    rows.push(
      [w.label('export:figures.answersEn'), w.count(r.languageShare.en)],
      [w.label('export:figures.answersFr'), w.count(r.languageShare.fr)],
      [w.label('export:figures.answersUnknown'), w.count(r.languageShare.unknown)],
    );
  }
  w.gap();
  w.push(`## ${w.label('export:figures.heading')}`);
  w.table([w.label('export:figures.figure'), w.label('export:figures.value')], 'lr', rows);
}

function question(w: MarkdownWriter, q: TranscriptQuestion): void {
  w.gap();
  w.push(`### ${w.label('export:questions.label', { n: q.figures.number })}`);
  w.quote(q.figures.text);
  if (!q.asked) {
    w.push(w.label('export:questions.notAsked'));
    return;
  }
  w.push(
    q.answers.length > 0
      ? w.label('export:questions.answers', { count: q.answers.length })
      : w.label('export:questions.none'),
  );
  const startDate = w.clock(w.transcript.recap.startedAt).date;
  for (const a of q.answers) answer(w, a, startDate);
}

function answer(w: MarkdownWriter, a: Answer, startDate: string): void {
  const clock = w.clock(a.at);
  const meta = [
    `**${escapeMarkdownInline(a.user.name)}**`,
    clock.date === startDate ? clock.time : `${clock.date} ${clock.time}`,
  ];
  if (a.reactions > 0) meta.push(w.label('export:questions.reactions', { count: a.reactions }));
  if (a.editedAt !== undefined) meta.push(w.label('export:questions.edited'));
  w.gap();
  w.push(`- ${meta.join(' · ')}`, '');
  const lines = escapeMarkdownLines(a.text);
  lines.forEach((line, i) => w.push(line ? `  ${line}${i < lines.length - 1 && lines[i + 1] ? '\\' : ''}` : ''));
}

function poll(w: MarkdownWriter, p: TranscriptPoll): void {
  const f = p.figures;
  w.gap();
  w.push(`### ${w.label('export:polls.label', { n: f.number })}`);
  w.quote(f.question);
  const notes: string[] = [];
  if (p.multiple > 1) notes.push(w.label('export:polls.multiple', { count: p.multiple }));
  if (f.anonymous) notes.push(w.label('export:polls.anonymous'));
  if (p.withheld) {
    w.push(...notes, w.label('export:polls.withheld'));
    return;
  }
  if (p.open) notes.push(w.label('export:polls.open'));
  const total = f.tally.counts.reduce((a, b) => a + b, 0);
  const rows = f.options.map((option, i) => {
    const votes = f.tally.counts[i] ?? 0;
    return [
      w.text(option, String(i + 1)),
      w.count(votes),
      formatPercent(p.percents[i] ?? 0, w.lang),
      textBar(total > 0 ? votes / total : 0),
    ];
  });
  w.table(
    [
      w.label('export:polls.option'),
      w.label('export:polls.votes'),
      w.label('export:polls.share'),
      w.label('export:polls.bar'),
    ],
    'lrrl',
    rows,
  );
  w.push(w.label('export:polls.voters', { count: f.tally.voters }));
  for (const note of notes) w.push('', note);
  if (!p.votersByOption) return;
  w.gap();
  w.push(`**${w.label('export:polls.whoVoted')}**`, '');
  p.votersByOption.forEach((names, i) => {
    const who = names.length > 0 ? names.map(escapeMarkdownInline).join(', ') : w.label('export:polls.nobody');
    w.push(`- ${w.text(f.options[i] ?? {}, String(i + 1))} — ${who}`);
  });
}
