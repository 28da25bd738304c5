/**
 * Recap figures from a run and what participants did: participants, answers, per question
 * the count and the most-reacted answer, every poll's tally. Anonymous ballots never name anyone.
 */
import type { AnonymousKeys } from '../ports.js';
import type { Answer, Ballot } from './records.js';
import type { Run } from './run.js';
import type { Highlight, RecapData } from './recap-data.js';
import { isWithheld, legacyVoterKey, tallyOf, voterKey } from './votes.js';

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
  /** Recognizes anonymous voters among the known people; without it the count is a lower bound. */
  keys?: AnonymousKeys;
}

/** Who took part: people recognized by id, and voters seen only in anonymous polls. */
export interface Participants {
  /** Answer authors and voters of named polls, by user id. */
  known: Set<string>;
  /** Voters of anonymous polls who are not among `known`: the largest such group of one poll. */
  anonymousOnly: number;
}

/**
 * The distinct people who answered or voted. A voter of an anonymous poll is recognized as a
 * known person through their key in that poll (`keys`); voters seen only in anonymous polls
 * cannot be matched across polls, so the largest such group counts (a lower bound, never an
 * over-count). Without `keys` (an export without the server secret) nobody can be recognized,
 * so only what exceeds the known people counts.
 */
export function participantsOf(
  run: Run,
  answers: readonly Answer[],
  ballots: ReadonlyMap<number, readonly Ballot[]>,
  keys?: AnonymousKeys,
): Participants {
  const cast = (poll: number) => (ballots.get(poll) ?? []).filter((b) => b.options.length > 0);
  const known = new Set<string>(answers.map((a) => a.user.id));
  for (const poll of run.polls)
    if (!poll.anonymous) for (const b of cast(poll.number)) known.add(b.user?.id ?? b.voter);
  let anonymousOnly = 0;
  for (const poll of run.polls.filter((p) => p.anonymous)) {
    const voters = cast(poll.number);
    const secret = run.secret;
    const keyOf =
      secret !== undefined
        ? (id: string) => legacyVoterKey(secret, poll.number, id)
        : keys
          ? (id: string) => voterKey(keys, run, poll, id)
          : undefined;
    if (!keyOf) {
      anonymousOnly = Math.max(anonymousOnly, voters.length - known.size);
      continue;
    }
    const digests = new Set([...known].map(keyOf));
    anonymousOnly = Math.max(anonymousOnly, voters.filter((b) => !digests.has(b.voter)).length);
  }
  return { known, anonymousOnly };
}

/**
 * Builds the recap data. Polls not yet opened are left out; a poll whose results stay hidden
 * until it closes shows no figures in a recap asked for while it is open.
 */
export function buildRecap({ run, answers, ballots, detectLanguage, now, keys }: RecapInput): RecapData {
  const people = participantsOf(run, answers, ballots, keys);
  const questions = run.questions.map((q) => {
    const mine = answers.filter((a) => a.number === q.number);
    return { number: q.number, text: q.text, answers: mine.length, ...highlightOf(mine) };
  });
  const polls = run.polls
    .filter((p) => p.state !== 'pending')
    .map((p) => {
      const figures = { number: p.number, question: p.question, options: p.options, anonymous: p.anonymous };
      if (isWithheld(p)) return { ...figures, tally: tallyOf(p, []), withheld: true };
      return { ...figures, tally: tallyOf(p, ballots.get(p.number) ?? []) };
    });
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
    participants: people.known.size + people.anonymousOnly,
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
  return {
    highlight: {
      author: best.user.name,
      text: best.text,
      reactions: best.reactions,
      ...(best.permalink ? { permalink: best.permalink } : {}),
    },
  };
}

function shareOf(answers: Answer[], detect: DetectLanguage): Record<'en' | 'fr' | 'unknown', number> {
  const share = { en: 0, fr: 0, unknown: 0 };
  for (const a of answers) share[detect(a.text)]++;
  return share;
}
