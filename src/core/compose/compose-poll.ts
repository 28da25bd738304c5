/**
 * Poll posts as texts: the question, how many options to pick, the anonymity note, one
 * button per option while votes are open, and the results as text bars when they may be
 * shown (live results, or once the poll is closed).
 */
import type { Lang, Localized } from '../plan/plan.js';
import type { Message, Tally } from '../engine/messages.js';
import type { ComposedButton, ComposedSection, Markup, ResultBar } from './composed.js';
import type { Translator } from '../ports.js';
import { encodeVoteValue } from '../engine/vote-value.js';
import { percentages, textBar } from './text-bar.js';
import { type ComposeKit, escapeLines, fitParagraphs, loc, oneLine, shorten } from './compose-text.js';

/** A poll message. */
export type PollMessage = Extract<Message, { kind: 'poll' }>;

/** Longest button label Slack accepts. */
export const BUTTON_LABEL_MAX = 75;

const LABEL_SEPARATOR = ' / ';

/** The rows of a result: each option's label (escaped), votes, whole percentage and text bar. */
export function resultRows(options: readonly Localized[], tally: Tally, lang: Lang, markup: Markup): ResultBar[] {
  const counts = options.map((_, i) => tally.counts[i] ?? 0);
  const percents = percentages(counts);
  return options.map((option, i) => ({
    label: markup.escape(oneLine(loc(option, lang))),
    count: counts[i]!,
    percent: percents[i]!,
    bar: textBar(percents[i]! / 100),
  }));
}

/** How many voted: `12 votes`, or `12 votes from 7 people` when `withVoters` (several picks each). */
export function totalNote(t: Translator, lang: Lang, tally: Tally, withVoters: boolean, closed: boolean): string {
  const votes = tally.counts.reduce((a, b) => a + b, 0);
  if (votes === 0) return t.t(lang, closed ? 'messages:poll.noVotesClosed' : 'messages:poll.noVotes');
  const votesText = t.t(lang, 'messages:count.votes', { count: votes });
  if (!withVoters) return votesText;
  return t.t(lang, 'messages:poll.totalFrom', {
    votes: votesText,
    voters: t.t(lang, 'messages:count.voters', { count: tally.voters }),
  });
}

/**
 * A bilingual button label such as `Weekly / Chaque semaine`, at most `max` characters:
 * when too long, each language's part is shortened with `…`, the shorter part kept whole
 * when it fits in its share. A text that is the same in every language appears once.
 * Raw text: a button label is plain text on every platform.
 */
export function buttonLabel(option: Localized, langs: readonly Lang[], max: number = BUTTON_LABEL_MAX): string {
  const parts = [...new Set(langs.map((lang) => oneLine(loc(option, lang))))];
  let budget = max - LABEL_SEPARATOR.length * (parts.length - 1);
  const sizes = new Map<number, number>();
  const byLength = parts.map((p, i) => ({ i, length: p.length })).sort((a, b) => a.length - b.length);
  byLength.forEach(({ i, length }, k) => {
    const share = Math.floor(budget / (byLength.length - k));
    const size = Math.min(length, share);
    sizes.set(i, size);
    budget -= size;
  });
  return parts.map((p, i) => shorten(p, sizes.get(i)!)).join(LABEL_SEPARATOR);
}

/**
 * The buttons of an open poll: one per option (ids `vote-<poll>-<option>`), then "Withdraw
 * my vote" (`vote-<poll>-withdraw`: withdrawing is its own act); values from `encodeVoteValue`.
 */
export function pollButtons(m: PollMessage, t: Translator): ComposedButton[] {
  const options = m.options.map((option, i) => ({
    id: `vote-${m.number}-${i}`,
    value: encodeVoteValue({ runId: m.runId, poll: m.number, option: i }),
    label: buttonLabel(option, m.langs),
  }));
  const withdrawLabel = Object.fromEntries(
    m.langs.map((lang) => [lang, t.t(lang, 'messages:poll.withdraw')]),
  ) as Localized;
  const withdraw = {
    id: `vote-${m.number}-withdraw`,
    value: encodeVoteValue({ runId: m.runId, poll: m.number, option: 'withdraw' }),
    label: buttonLabel(withdrawLabel, m.langs),
    withdraw: true,
  };
  return [...options, withdraw];
}

/** One section of a poll post in `lang`. */
export function pollSection(m: PollMessage, lang: Lang, kit: ComposeKit): ComposedSection {
  const { t, markup } = kit;
  const rule =
    m.multiple > 1 ? t.t(lang, 'messages:poll.pickUpTo', { count: m.multiple }) : t.t(lang, 'messages:poll.pickOne');
  const ruleLine = m.anonymous ? `${rule} ${t.t(lang, 'messages:poll.anonymous')}` : rule;
  const paragraphs = [markup.bold(escapeLines(markup, loc(m.question, lang))), ruleLine];
  const showResults = m.closed || !m.hidden;
  if (m.closed) paragraphs.push(t.t(lang, 'messages:poll.closed'));
  else if (!showResults) paragraphs.push(t.t(lang, 'messages:poll.hidden'));
  const section: ComposedSection = {
    lang,
    heading: t.t(lang, 'messages:poll.heading', { n: m.number }),
    paragraphs: fitParagraphs(paragraphs, markup.newline),
  };
  if (showResults) {
    section.bars = [
      {
        title: t.t(lang, m.closed ? 'messages:poll.final' : 'messages:poll.results'),
        rows: resultRows(m.options, m.tally, lang, markup),
        note: totalNote(t, lang, m.tally, m.multiple > 1, m.closed),
      },
    ];
  }
  return section;
}
