/**
 * Composes every bot message into texts, once for every platform: one section per plan
 * language in the plan's order with the same formatting (one section in the asker's
 * language for a notice), poll buttons, small print and a plain-text fallback. User and
 * plan text goes through `markup.escape`; locale texts are trusted.
 *
 * @example
 * const composed = composeMessage(message, translator, slackMarkup, { command: '/roundtable' });
 */
import type { Lang } from '../plan/plan.js';
import type { Message } from '../engine/messages.js';
import type { Translator } from '../ports.js';
import type { Composed, ComposedSection, Markup } from './composed.js';
import { formatDate, formatTime, formatZone } from './format-time.js';
import { pollButtons, pollSection } from './compose-poll.js';
import { recapSection } from './compose-recap.js';
import { noticeSection } from './compose-notice.js';
import {
  type ComposeKit,
  escapeLines,
  fallbackText,
  fitParagraphs,
  hostLine,
  loc,
  oneLine,
  plainMarkup,
  shorten,
  titledHeading,
} from './compose-text.js';

/** Options of `composeMessage`. */
export interface ComposeOptions {
  /** The language of a notice (the asker's); default: the message's first language. */
  lang?: Lang;
  /** The command people type (`/roundtable`, `@Roundtable`), shown in help and notices. */
  command?: string;
}

/** The command name when none is given. */
export const DEFAULT_COMMAND = '/roundtable';

/** Longest answer text copied into a question's thread. */
export const ANSWER_LINK_MAX = 1000;

type Body = Omit<Composed, 'fallback'>;

/** Composes `message` into texts for a platform whose markup is `markup`. */
export function composeMessage(message: Message, t: Translator, markup: Markup, opts: ComposeOptions = {}): Composed {
  const command = opts.command ?? DEFAULT_COMMAND;
  const body = compose(message, { t, markup, command }, opts.lang);
  const plain = compose(message, { t, markup: plainMarkup(markup), command }, opts.lang);
  return { ...body, fallback: fallbackText(t, plain.sections, plain.context) };
}

function compose(m: Message, kit: ComposeKit, noticeLang: Lang | undefined): Body {
  const langs: Lang[] = m.langs.length > 0 ? m.langs : ['en'];
  const each = (section: (lang: Lang) => ComposedSection): ComposedSection[] => langs.map(section);
  const tag = (hashtag: string | undefined): string[] => (hashtag ? [kit.markup.escape(oneLine(hashtag))] : []);
  switch (m.kind) {
    case 'welcome':
      return { sections: each((lang) => welcomeSection(m, lang, kit)), context: tag(m.hashtag) };
    case 'reminder':
      return { sections: each((lang) => reminderSection(m, lang, kit)), context: tag(m.hashtag) };
    case 'question':
      return {
        sections: each((lang) => ({
          lang,
          heading: kit.t.t(lang, 'messages:question.heading', { n: m.number }),
          paragraphs: fitParagraphs([escapeLines(kit.markup, loc(m.text, lang))], kit.markup.newline),
        })),
        context: [...langs.map((lang) => kit.t.t(lang, 'messages:question.howTo', { n: m.number })), ...tag(m.hashtag)],
      };
    case 'poll':
      return {
        sections: each((lang) => pollSection(m, lang, kit)),
        ...(m.closed ? {} : { buttons: pollButtons(m, kit.t) }),
        context: tag(m.hashtag),
      };
    case 'closing':
      return {
        sections: each((lang) => ({
          lang,
          heading: titledHeading(kit, lang, 'messages:closing.heading', m.title),
          paragraphs: fitParagraphs(
            [m.text ? escapeLines(kit.markup, loc(m.text, lang)) : kit.t.t(lang, 'messages:closing.default')],
            kit.markup.newline,
          ),
        })),
        context: tag(m.hashtag),
      };
    case 'recap':
      return { sections: each((lang) => recapSection(m.recap, lang, kit)), context: tag(m.recap.hashtag) };
    case 'answer-link':
      return { sections: each((lang) => answerLinkSection(m, lang, kit)), context: [] };
    case 'notice':
      return { sections: [noticeSection(m, noticeLang ?? langs[0]!, kit)], context: [] };
  }
}

type WelcomeMessage = Extract<Message, { kind: 'welcome' }>;
type ReminderMessage = Extract<Message, { kind: 'reminder' }>;
type AnswerLinkMessage = Extract<Message, { kind: 'answer-link' }>;

/** Title, guest host, the organizers' own welcome, the agenda, how to take part and the guidelines. */
function welcomeSection(m: WelcomeMessage, lang: Lang, kit: ComposeKit): ComposedSection {
  const { t, markup } = kit;
  const paragraphs: string[] = [];
  if (m.host) paragraphs.push(hostLine(kit, lang, m.host));
  if (m.text) paragraphs.push(escapeLines(markup, loc(m.text, lang)));
  const questions = t.t(lang, 'messages:count.questions', { count: m.questions });
  const duration =
    m.durationMin >= 60 && m.durationMin % 60 === 0
      ? t.t(lang, 'messages:count.hours', { count: m.durationMin / 60 })
      : t.t(lang, 'messages:count.minutes', { count: m.durationMin });
  paragraphs.push(
    m.polls > 0
      ? t.t(lang, 'messages:welcome.agenda', {
          questions,
          polls: t.t(lang, 'messages:count.polls', { count: m.polls }),
          duration,
        })
      : t.t(lang, 'messages:welcome.agendaNoPolls', { questions, duration }),
  );
  const howTo = [t.t(lang, 'messages:welcome.answer'), ...(m.polls > 0 ? [t.t(lang, 'messages:welcome.vote')] : [])];
  paragraphs.push(list(markup.bold(t.t(lang, 'messages:welcome.howTo')), howTo, markup.newline));
  const rules = ['secret', 'respect', 'partisan', 'own'].map((k) => t.t(lang, `messages:welcome.guideline.${k}`));
  paragraphs.push(list(markup.bold(t.t(lang, 'messages:welcome.guidelines')), rules, markup.newline));
  return {
    lang,
    heading: titledHeading(kit, lang, 'messages:welcome.heading', m.title),
    paragraphs: fitParagraphs(paragraphs, markup.newline),
  };
}

/** A title line followed by bullets. */
function list(title: string, items: readonly string[], newline: string): string {
  return [title, ...items.map((item) => `• ${item}`)].join(newline);
}

/** `The chat starts on <date> at <time> (<zone>).`; `startsAt` is an ISO-8601 instant with `Z` or an offset. */
function reminderSection(m: ReminderMessage, lang: Lang, kit: ComposeKit): ComposedSection {
  const { t } = kit;
  const at = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(m.startsAt.trim()) ? Date.parse(m.startsAt) : Number.NaN;
  const starts = Number.isFinite(at)
    ? t.t(lang, 'messages:reminder.starts', {
        date: formatDate(at, m.timezone, lang),
        time: formatTime(at, m.timezone, lang),
        zone: formatZone(at, m.timezone, lang),
      })
    : t.t(lang, 'messages:reminder.soon');
  return {
    lang,
    heading: titledHeading(kit, lang, 'messages:reminder.heading', m.title),
    paragraphs: [starts],
  };
}

/** `Jane answered Q3 in the channel:` with a link to the message, then the answer. */
function answerLinkSection(m: AnswerLinkMessage, lang: Lang, kit: ComposeKit): ComposedSection {
  const { t, markup } = kit;
  const intro = t.t(lang, 'messages:answerLink.text', {
    author: markup.bold(markup.escape(oneLine(m.author))),
    n: m.number,
  });
  const link = m.source?.permalink ? ` ${markup.link(m.source.permalink, t.t(lang, 'messages:answerLink.view'))}` : '';
  return {
    lang,
    paragraphs: fitParagraphs(
      [intro + link, escapeLines(markup, shorten(m.text.trim(), ANSWER_LINK_MAX))],
      markup.newline,
    ),
  };
}
