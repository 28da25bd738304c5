/**
 * One message of every kind, with hostile user text everywhere a person or an organizer
 * can type (`<!channel>`, `<!here>`, `<@U…>`, `<!subteam^…>`, `&`), for the Slack renderer tests.
 */
import type { Lang } from '../../../src/core/plan/plan.js';
import type { Message, NoticeKey } from '../../../src/core/engine/messages.js';
import type { RecapData } from '../../../src/core/engine/recap-data.js';

/** Text that would notify people if it reached Slack mrkdwn unescaped. */
export const EVIL = '<!channel> <!here> <@U0ALICE001> <!subteam^S0TEAM> & co';

/** Mentions Slack would act on in mrkdwn or message text. */
export const PINGS = ['<!channel>', '<!here>', '<@U0ALICE001>', '<!subteam^S0TEAM>'];

const loc = (en: string, fr: string) => ({ en, fr });

/** A poll with `n` options (up to 10 in a plan), open or closed. */
export function pollMessage(langs: Lang[], n: number, over: Partial<Extract<Message, { kind: 'poll' }>> = {}): Message {
  return {
    kind: 'poll',
    langs,
    runId: 'leadersgc-monthly-1a2b3c4d',
    number: 2,
    question: loc(`Which helps most? ${EVIL}`, `Qu’est-ce qui aide le plus ? ${EVIL}`),
    options: Array.from({ length: n }, (_, i) =>
      loc(
        `Option ${i + 1}: a fairly long label to test the limit ${EVIL}`,
        `Choix ${i + 1} : une étiquette assez longue pour tester la limite ${EVIL}`,
      ),
    ),
    multiple: 2,
    anonymous: true,
    hidden: false,
    closed: false,
    tally: { counts: Array.from({ length: n }, (_, i) => i * 3), voters: 40 },
    hashtag: `#LeadersGC ${EVIL}`,
    ...over,
  };
}

/** Recap figures with `questions` questions and `polls` polls of `options` options. */
export function recapData(langs: Lang[], questions: number, polls: number, options = 4): RecapData {
  return {
    runId: 'leadersgc-monthly-1a2b3c4d',
    langs,
    title: loc(`Working in the open ${EVIL}`, `Travailler de façon ouverte ${EVIL}`),
    timezone: 'America/Toronto',
    startedAt: Date.parse('2026-12-18T01:00:00Z'),
    endedAt: Date.parse('2026-12-18T02:00:00Z'),
    host: { name: `Nadia ${EVIL}`, title: loc('Assistant Deputy Minister', 'Sous-ministre adjointe') },
    hashtag: '#LeadersGC',
    evaluation: 'https://forms.example/leadersgc/evaluation?a=1&b=2',
    participants: 50,
    answers: questions * 20,
    questions: Array.from({ length: questions }, (_, i) => ({
      number: i + 1,
      text: loc(
        `Question ${i + 1}: ${'what does working in the open mean to you, and why? '.repeat(5)}${EVIL}`,
        `Question ${i + 1} : ${'que signifie travailler de façon ouverte pour vous, et pourquoi ? '.repeat(4)}${EVIL}`,
      ),
      answers: 20,
      highlight: {
        author: `Person ${i + 1} ${EVIL}`,
        text: `${'A thoughtful answer that people reacted to. '.repeat(6)}${EVIL}`,
        reactions: 7,
        permalink: `https://leadersgc.slack.com/archives/C0LEADERS1/p17000000000${String(i).padStart(4, '0')}`,
      },
    })),
    polls: Array.from({ length: polls }, (_, p) => ({
      number: p + 1,
      question: loc(`Poll ${p + 1} ${EVIL}`, `Sondage ${p + 1} ${EVIL}`),
      options: Array.from({ length: options }, (_, i) => loc(`Option ${i + 1} ${EVIL}`, `Choix ${i + 1} ${EVIL}`)),
      tally: { counts: Array.from({ length: options }, (_, i) => i + p), voters: 30 },
      anonymous: p % 2 === 0,
    })),
    languageShare: { en: 600, fr: 380, unknown: 20 },
  };
}

const NOTICES: { key: NoticeKey; vars?: Record<string, string | number> }[] = [
  { key: 'not-organizer', vars: { command: '/roundtable stop' } },
  { key: 'no-run-here' },
  { key: 'already-running', vars: { title: `Chat ${EVIL}` } },
  { key: 'unknown-plan', vars: { plan: `x${EVIL}` } },
  { key: 'invalid-plan', vars: { plan: 'p', error: `bad ${EVIL}` } },
  { key: 'started', vars: { title: `Chat ${EVIL}` } },
  { key: 'stopped' },
  { key: 'paused' },
  { key: 'resumed' },
  { key: 'not-paused' },
  { key: 'already-paused' },
  { key: 'no-next' },
  { key: 'question-added', vars: { n: 9 } },
  { key: 'poll-added', vars: { n: 3 } },
  { key: 'unknown-question', vars: { n: 12, max: 8 } },
  { key: 'poll-closed', vars: { n: 1 } },
  { key: 'poll-unknown' },
  { key: 'vote-recorded', vars: { n: 1, options: `Weekly ${EVIL}` } },
  { key: 'vote-withdrawn', vars: { n: 1 } },
  { key: 'vote-too-many', vars: { max: 2 } },
  { key: 'lang-set', vars: { lang: 'fr' } },
  { key: 'usage', vars: { sub: 'poll' } },
  { key: 'unknown-command', vars: { word: `zap${EVIL}` } },
  { key: 'scheduled', vars: { plan: 'leadersgc-monthly' } },
  { key: 'unscheduled', vars: { plan: 'leadersgc-monthly' } },
  { key: 'not-scheduled', vars: { plan: 'leadersgc-monthly' } },
  { key: 'forgotten', vars: { count: 4 } },
  { key: 'registered', vars: { channel: '#leadersgc' } },
  { key: 'not-recorded', vars: { what: 'vote' } },
  { key: 'status-idle' },
  { key: 'status-running', vars: { title: 'Chat', next: 'question', n: 3, minutes: 4, asked: 2, total: 8 } },
  { key: 'status-paused', vars: { title: 'Chat', next: 'poll', n: 1, minutes: 0, asked: 2, total: 8 } },
  { key: 'plans-list', vars: { count: 2, list: `✓ leadersgc-monthly\n✗ broken (broken.yaml): ${EVIL}` } },
  { key: 'help' },
  { key: 'no-recap' },
  { key: 'export-ready', vars: { file: 'run.csv' } },
  { key: 'too-long', vars: { max: 3000 } },
];

/** Every message kind (and every notice) in the language order `langs`, named for test titles. */
export function everyMessage(langs: Lang[]): { name: string; message: Message }[] {
  const out: { name: string; message: Message }[] = [
    {
      name: 'welcome',
      message: {
        kind: 'welcome',
        langs,
        title: loc(`Working in the open ${EVIL}`, `Travailler ${EVIL}`),
        host: { name: `Nadia ${EVIL}`, title: loc('ADM', 'SMA') },
        hashtag: '#LeadersGC',
        text: loc(`Welcome ${EVIL}\nSecond line`, `Bienvenue ${EVIL}`),
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
        title: loc(`Chat ${EVIL}`, `Discussion ${EVIL}`),
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
        text: loc(`What holds you back? ${EVIL}`, `Qu’est-ce qui vous freine ? ${EVIL}`),
        hashtag: '#LeadersGC',
        extra: false,
      },
    },
    { name: 'poll (10 options, open, live)', message: pollMessage(langs, 10) },
    { name: 'poll (10 options, closed)', message: pollMessage(langs, 10, { closed: true }) },
    { name: 'poll (hidden results)', message: pollMessage(langs, 4, { hidden: true, multiple: 1, anonymous: false }) },
    {
      name: 'closing',
      message: {
        kind: 'closing',
        langs,
        title: loc(`Chat ${EVIL}`, `Discussion ${EVIL}`),
        text: loc(`Thanks ${EVIL}`, `Merci ${EVIL}`),
        hashtag: '#LeadersGC',
      },
    },
    { name: 'recap (small)', message: { kind: 'recap', langs, recap: recapData(langs, 3, 1) } },
    {
      name: 'recap (50 questions, 20 polls of 10 options)',
      message: { kind: 'recap', langs, recap: recapData(langs, 50, 20, 10) },
    },
    {
      name: 'answer-link',
      message: {
        kind: 'answer-link',
        langs,
        number: 3,
        author: `Alice ${EVIL}`,
        text: `A3 ${EVIL}\nmore`,
        source: {
          id: '1700000000.000100',
          permalink: 'https://leadersgc.slack.com/archives/C0LEADERS1/p1700000000000100',
        },
      },
    },
  ];
  for (const n of NOTICES)
    out.push({
      name: `notice ${n.key}`,
      message: { kind: 'notice', langs: [langs[0]!], key: n.key, ...(n.vars ? { vars: n.vars } : {}) },
    });
  return out;
}
