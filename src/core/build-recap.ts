/**
 * Recap figures from a run and what participants did: participants, answers, per question
 * the count and the most-reacted answer, every poll's tally. Anonymous ballots never name anyone.
 */
import type { Answer, Ballot } from './records.js';
import type { Run } from './run.js';
import type { Highlight, RecapData } from './recap-data.js';
import { tallyOf, voterKey } from './votes.js';

/** Guesses the language of an answer: `en`, `fr` or `unknown` (short or mixed text). */
export type DetectLanguage = (text: string) => 'en' | 'fr' | 'unknown';

/** What the recap is built from. */
export interface RecapInput {
  run: Run;
  answers: Answer[];
  /** Ballots per poll number. */
  ballots: Map<number, Ballot[]>;
  detectLanguage?: DetectLanguage;
  /** End time to show when the run has not ended yet (a recap asked for mid-chat). */
  now: number;
}

/**
 * Builds the recap data.
 *
 * Participants are the distinct people who answered or voted. A voter of an anonymous poll
 * is recognized as an answerer through the poll's digest; voters seen only in anonymous polls
 * cannot be matched across polls, so the largest such group counts (a lower bound).
 */
export function buildRecap({ run, answers, ballots, detectLanguage, now }: RecapInput): RecapData {
  const people = new Set<string>(answers.map((a) => a.user.id));
  let anonymousOnly = 0;
  for (const poll of run.polls) {
    const list = (ballots.get(poll.number) ?? []).filter((b) => b.options.length > 0);
    if (!poll.anonymous) {
      for (const b of list) people.add(b.user?.id ?? b.voter);
      continue;
    }
    const known = new Set([...people].map((id) => voterKey(run, poll, id)));
    anonymousOnly = Math.max(anonymousOnly, list.filter((b) => !known.has(b.voter)).length);
  }
  const questions = run.questions.map((q) => {
    const mine = answers.filter((a) => a.number === q.number);
    return { number: q.number, text: q.text, answers: mine.length, ...highlightOf(mine) };
  });
  const polls = run.polls
    .filter((p) => p.state !== 'pending')
    .map((p) => ({ number: p.number, question: p.question, options: p.options, tally: tallyOf(p, ballots.get(p.number) ?? []), anonymous: p.anonymous }));
  const plan = run.plan;
  return {
    runId: run.id,
    langs: plan.languages,
    title: plan.title,
    timezone: plan.timezone,
    startedAt: run.startedAt,
    endedAt: run.endedAt ?? now,
    ...(plan.host ? { host: plan.host } : {}),
    ...(plan.hashtag ? { hashtag: plan.hashtag } : {}),
    ...(plan.evaluation ? { evaluation: plan.evaluation } : {}),
    participants: people.size + anonymousOnly,
    answers: answers.length,
    questions,
    polls,
    ...(detectLanguage ? { languageShare: shareOf(answers, detectLanguage) } : {}),
  };
}

/** The most-reacted answer (ties: the earliest), when any answer has a reaction. */
function highlightOf(answers: Answer[]): { highlight?: Highlight } {
  let best: Answer | undefined;
  for (const a of answers) {
    if (a.reactions <= 0) continue;
    if (!best || a.reactions > best.reactions || (a.reactions === best.reactions && a.at < best.at)) best = a;
  }
  if (!best) return {};
  return { highlight: { author: best.user.name, text: best.text, reactions: best.reactions, ...(best.permalink ? { permalink: best.permalink } : {}) } };
}

function shareOf(answers: Answer[], detect: DetectLanguage): Record<'en' | 'fr' | 'unknown', number> {
  const share = { en: 0, fr: 0, unknown: 0 };
  for (const a of answers) share[detect(a.text)]++;
  return share;
}
