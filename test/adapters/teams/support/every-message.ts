/**
 * One message of every kind, with hostile user text in every field people or plans can
 * fill, plus the big ones (a recap of 50 questions, a poll of 10 options), for renderer tests.
 */
import type { Message, NoticeKey } from '../../../../src/core/engine/messages.js';
import type { Lang, Localized } from '../../../../src/core/plan/plan.js';
import type { RecapData } from '../../../../src/core/engine/recap-data.js';

/** Text that would mention, link or format something if it reached a card unescaped. */
export const HOSTILE = '<at>Everyone</at> **bold** _it_ [click](https://evil.example) &lt;at&gt; <p>tag</p>';

const both = (en: string, fr: string): Localized => ({ en, fr });

/** A recap of `questions` questions and `polls` polls, with long texts. */
export function bigRecap(langs: Lang[], questions = 50, polls = 20): RecapData {
  const long = (n: number) => `${HOSTILE} ${'Une réponse longue et généreuse, pleine de détails. '.repeat(8)} #${n}`;
  return {
    runId: 'leadersgc-monthly-1a2b3c4d',
    langs,
    title: both(`Working in the open ${HOSTILE}`, `Travailler de façon ouverte ${HOSTILE}`),
    timezone: 'America/Toronto',
    startedAt: Date.UTC(2026, 11, 18, 1, 0),
    endedAt: Date.UTC(2026, 11, 18, 2, 0),
    host: { name: `Nadia ${HOSTILE}`, title: both('Assistant Deputy Minister', 'Sous-ministre adjointe') },
    hashtag: '#LeadersGC',
    evaluation: 'https://forms.example/leadersgc/evaluation?a=(1)',
    participants: 412,
    answers: 1234,
    questions: Array.from({ length: questions }, (_, i) => ({
      number: i + 1,
      text: both(
        `${'What does working in the open mean to you, and why? '.repeat(5)}${HOSTILE}`,
        `${'Que signifie pour vous travailler de façon ouverte, et pourquoi ? '.repeat(4)}${HOSTILE}`,
      ),
      answers: 20 + i,
      highlight: {
        author: `Person ${i} ${HOSTILE}`,
        text: long(i),
        reactions: 7,
        permalink: `https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/${1700000000000 + i}`,
      },
    })),
    polls: Array.from({ length: polls }, (_, i) => ({
      number: i + 1,
      question: both(`Poll ${i + 1} ${HOSTILE}`, `Sondage ${i + 1} ${HOSTILE}`),
      options: Array.from({ length: 10 }, (_, k) => both(`Option ${k + 1} ${HOSTILE}`, `Choix ${k + 1} ${HOSTILE}`)),
      tally: { counts: Array.from({ length: 10 }, (_, k) => k * 3), voters: 90 },
      anonymous: i % 2 === 0,
    })),
    languageShare: { en: 60, fr: 38, unknown: 2 },
  };
}

/** A poll of `options` options. */
export function bigPoll(
  langs: Lang[],
  options = 10,
  state: { closed?: boolean; hidden?: boolean } = {},
): Extract<Message, { kind: 'poll' }> {
  return {
    kind: 'poll',
    langs,
    runId: 'leadersgc-monthly-1a2b3c4d',
    number: 3,
    question: both(
      `How often do you share your work outside your own team? ${HOSTILE}`,
      `À quelle fréquence partagez-vous votre travail ? ${HOSTILE}`,
    ),
    options: Array.from({ length: options }, (_, k) =>
      both(
        `A rather long option label number ${k + 1} ${HOSTILE}`,
        `Une étiquette d’option assez longue numéro ${k + 1}`,
      ),
    ),
    multiple: 2,
    anonymous: true,
    hidden: state.hidden ?? false,
    closed: state.closed ?? false,
    tally: { counts: Array.from({ length: options }, (_, k) => k), voters: 30 },
    hashtag: '#LeadersGC',
  };
}

const NOTICES: Array<{ key: NoticeKey; vars?: Record<string, string | number> }> = [
  { key: 'not-organizer', vars: { command: '@Roundtable start' } },
  { key: 'vote-recorded', vars: { n: 1, options: `Weekly ${HOSTILE}` } },
  { key: 'poll-closed', vars: { n: 1 } },
  { key: 'unknown-question', vars: { n: 12, max: 8 } },
  { key: 'help' },
  { key: 'plans-list', vars: { count: 2, list: `leadersgc-monthly\nbroken ${HOSTILE}` } },
  { key: 'started', vars: { title: `Working in the open ${HOSTILE}` } },
  { key: 'registered', vars: { channel: `Chats ${HOSTILE}` } },
];

/** Every kind of message in `langs` (notices in the first language). */
export function everyMessage(langs: Lang[]): Array<{ name: string; message: Message }> {
  const title = both(`Working in the open ${HOSTILE}`, `Travailler de façon ouverte ${HOSTILE}`);
  return [
    {
      name: 'welcome',
      message: {
        kind: 'welcome',
        langs,
        title,
        host: { name: `Nadia ${HOSTILE}`, title: both('ADM', 'SMA') },
        hashtag: '#LeadersGC',
        text: both(`Hello ${HOSTILE}\nSecond line`, `Bonjour ${HOSTILE}`),
        questions: 8,
        polls: 2,
        durationMin: 60,
      },
    },
    {
      name: 'reminder',
      message: {
        kind: 'reminder',
        langs,
        title,
        startsAt: '2026-12-18T01:00:00Z',
        timezone: 'America/Toronto',
        hashtag: '#LeadersGC',
      },
    },
    {
      name: 'question',
      message: {
        kind: 'question',
        langs,
        number: 3,
        text: both(`What holds you back? ${HOSTILE}`, `Qu’est-ce qui vous freine ? ${HOSTILE}`),
        hashtag: '#LeadersGC',
        extra: false,
      },
    },
    { name: 'poll (open, live)', message: bigPoll(langs, 4) },
    { name: 'poll (open, hidden)', message: bigPoll(langs, 4, { hidden: true }) },
    { name: 'poll (closed)', message: bigPoll(langs, 4, { closed: true }) },
    { name: 'poll of 10 options', message: bigPoll(langs, 10) },
    {
      name: 'closing',
      message: {
        kind: 'closing',
        langs,
        title,
        text: both(`Thanks ${HOSTILE}`, `Merci ${HOSTILE}`),
        hashtag: '#LeadersGC',
      },
    },
    { name: 'recap (small)', message: { kind: 'recap', langs, recap: bigRecap(langs, 3, 1) } },
    { name: 'recap of 50 questions', message: { kind: 'recap', langs, recap: bigRecap(langs, 50, 20) } },
    {
      name: 'answer-link',
      message: {
        kind: 'answer-link',
        langs,
        number: 3,
        author: `Alice ${HOSTILE}`,
        text: `A3: ${HOSTILE}`,
        source: {
          id: '1700000000001',
          permalink: 'https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000001',
        },
      },
    },
    ...NOTICES.map(({ key, vars }) => ({
      name: `notice ${key}`,
      message: { kind: 'notice' as const, langs: langs.slice(0, 1), key, ...(vars ? { vars } : {}) },
    })),
  ];
}
