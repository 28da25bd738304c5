/**
 * The recap as texts: title, date and local time span, guest host, participation, each
 * question with its answer count and most-reacted answer, every poll's result, the share
 * of answers per language, thanks and the evaluation link. Long recaps become more
 * paragraphs, never one over the platform limit.
 */
import type { Lang } from '../plan/plan.js';
import type { RecapData, QuestionFigures } from '../engine/recap-data.js';
import type { ComposedSection } from './composed.js';
import { percentages } from './text-bar.js';
import { formatSpan } from './format-time.js';
import { resultRows, totalNote } from './compose-poll.js';
import {
  type ComposeKit,
  fitParagraphs,
  hostLine,
  loc,
  oneLine,
  packParagraphs,
  shorten,
  titledHeading,
} from './compose-text.js';

/** Longest quoted answer in the recap. */
export const HIGHLIGHT_MAX = 280;

/** Longest question text repeated in the recap. */
const QUESTION_MAX = 300;

/** Longest poll question in a result title. */
const POLL_TITLE_MAX = 200;

const SHARE_LANGS = ['en', 'fr', 'unknown'] as const;

/** One section of the recap in `lang`. */
export function recapSection(recap: RecapData, lang: Lang, kit: ComposeKit): ComposedSection {
  const { t, markup } = kit;
  const head = [formatSpan(recap.startedAt, recap.endedAt, recap.timezone, lang)];
  if (recap.host) head.push(hostLine(kit, lang, recap.host));
  const figures = t.t(lang, 'messages:recap.figures', {
    participants: t.t(lang, 'messages:count.participants', { count: recap.participants }),
    answers: t.t(lang, 'messages:count.answers', { count: recap.answers }),
  });
  const paragraphs = [head.join(markup.newline), figures];
  if (recap.questions.length > 0) {
    const items = recap.questions.map((q) => questionItem(q, lang, kit));
    items[0] = `${markup.bold(t.t(lang, 'messages:recap.questions'))}${markup.newline}${items[0]}`;
    paragraphs.push(...packParagraphs(items, markup.newline + markup.newline, markup.newline));
  }
  const share = languageShare(recap, lang, kit);
  if (share) paragraphs.push(share);
  paragraphs.push(
    recap.host
      ? t.t(lang, 'messages:recap.thanksHost', { host: markup.escape(oneLine(recap.host.name)) })
      : t.t(lang, 'messages:recap.thanks'),
  );
  if (recap.evaluation) {
    paragraphs.push(
      t.t(lang, 'messages:recap.evaluation', {
        link: markup.link(recap.evaluation, t.t(lang, 'messages:recap.evaluationLabel')),
      }),
    );
  }
  const section: ComposedSection = {
    lang,
    heading: titledHeading(kit, lang, 'messages:recap.heading', recap.title),
    paragraphs: fitParagraphs(paragraphs, markup.newline),
  };
  if (recap.polls.length > 0) {
    section.bars = recap.polls.map((p) => {
      const votes = p.tally.counts.reduce((a, b) => a + b, 0);
      return {
        title: t.t(lang, 'messages:recap.pollTitle', {
          n: p.number,
          question: markup.escape(shorten(oneLine(loc(p.question, lang)), POLL_TITLE_MAX)),
        }),
        rows: p.withheld ? [] : resultRows(p.options, p.tally, lang, markup),
        note: p.withheld
          ? t.t(lang, 'messages:poll.hidden')
          : totalNote(t, lang, p.tally, votes !== p.tally.voters, true),
      };
    });
  }
  return section;
}

/** `Q2 question` / `5 answers` / the most-reacted answer, linked when it has a permalink. */
function questionItem(q: QuestionFigures, lang: Lang, kit: ComposeKit): string {
  const { t, markup } = kit;
  const lines = [
    `${markup.bold(t.t(lang, 'messages:question.heading', { n: q.number }))} ${markup.escape(shorten(oneLine(loc(q.text, lang)), QUESTION_MAX))}`,
    t.t(lang, 'messages:count.answers', { count: q.answers }),
  ];
  const h = q.highlight;
  if (h) {
    const quote = t.t(lang, 'messages:recap.highlight', {
      author: markup.escape(oneLine(h.author)),
      reactions: t.t(lang, 'messages:count.reactions', { count: h.reactions }),
      text: markup.escape(shorten(oneLine(h.text), HIGHLIGHT_MAX)),
    });
    lines.push(h.permalink ? `${quote} ${markup.link(h.permalink, t.t(lang, 'messages:recap.view'))}` : quote);
  }
  return lines.join(markup.newline);
}

/** `Answers by language: English 60%, French 40%.`, or nothing when no answer was counted. */
function languageShare(recap: RecapData, lang: Lang, kit: ComposeKit): string | undefined {
  const share = recap.languageShare;
  if (!share) return undefined;
  const counts = SHARE_LANGS.map((k) => share[k] ?? 0);
  if (counts.every((c) => c <= 0)) return undefined;
  const percents = percentages(counts);
  const list = SHARE_LANGS.flatMap((k, i) =>
    counts[i]! > 0
      ? [
          kit.t.t(lang, 'messages:recap.share', {
            language: kit.t.t(lang, `messages:recap.language.${k}`),
            percent: percents[i],
          }),
        ]
      : [],
  ).join(', ');
  return kit.t.t(lang, 'messages:recap.languages', { list });
}
