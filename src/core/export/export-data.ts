/**
 * The transcript every export renders: the recap figures, each question with its answers
 * in the order they were posted, each poll with its tally and percentages (and, for named
 * polls only, who picked what), and answers per time slot. Anonymous ballots contribute
 * counts and nothing else.
 */
import type { Answer, Ballot } from '../engine/records.js';
import type { Run, RunPoll } from '../engine/run.js';
import type { PollFigures, QuestionFigures, RecapData } from '../engine/recap-data.js';
import type { DetectLanguage } from '../engine/build-recap.js';
import type { AnonymousKeys } from '../ports.js';
import { buildRecap } from '../engine/build-recap.js';
import { isWithheld } from '../engine/votes.js';
import { percentages } from '../compose/text-bar.js';

/** What an export is built from: a run and what the store holds for it. */
export interface ExportInput {
  run: Run;
  /** Answers as stored (deleted ones are gone), in any order. */
  answers: Answer[];
  /** Ballots per poll number (withdrawn ones are gone), in any order. */
  ballots: Map<number, Ballot[]>;
  /** End time to show when the run has not ended yet. */
  now: number;
  detectLanguage?: DetectLanguage;
  /** Recognizes anonymous voters among the participants (see `participantsOf`). */
  keys?: AnonymousKeys;
}

/** A question with its answers, oldest first. */
export interface TranscriptQuestion {
  figures: QuestionFigures;
  /** False for a question the chat never reached (no post and no answer). */
  asked: boolean;
  answers: Answer[];
}

/** A poll with its results. */
export interface TranscriptPoll {
  figures: PollFigures;
  /** Whole percentages of the votes per option, summing to 100 when anyone voted. */
  percents: number[];
  /** How many options one person could pick. */
  multiple: number;
  open: boolean;
  /** Results withheld: a `hidden` poll that has not closed yet; its tally is all zeros and renderers say so. */
  withheld: boolean;
  /** For named polls: the names of the people who picked each option, in voting order. */
  votersByOption?: string[][];
}

/** Answers posted in one time slot. */
export interface ActivitySlot {
  /** Epoch ms of the start of the slot. */
  start: number;
  answers: number;
}

/** Everything the Markdown and HTML exports show. */
export interface Transcript {
  recap: RecapData;
  questions: TranscriptQuestion[];
  polls: TranscriptPoll[];
  /** Width of an activity slot: 5 minutes, wider for chats longer than a day. */
  slotMs: number;
  activity: ActivitySlot[];
}

/** The width of a participation-over-time slot. */
export const SLOT_MS = 5 * 60_000;

/** At most this many slots: longer spans get wider slots. */
const MAX_SLOTS = 288;

/** Compares two texts by code units: the same order everywhere, whatever the locale. */
export function ordinal(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Oldest first; ties by message id, so the order never depends on the store. */
export function byTime(a: { at: number; id?: string }, b: { at: number; id?: string }): number {
  return a.at - b.at || ordinal(a.id ?? '', b.id ?? '');
}

/** Ballots oldest first; ties by voter key. */
export function ballotOrder(a: Ballot, b: Ballot): number {
  return a.at - b.at || ordinal(a.voter, b.voter);
}

/**
 * Builds the transcript of a run.
 *
 * @example
 * const transcript = buildTranscript({ run, answers: await store.listAnswers(run.id), ballots, now: Date.now() });
 */
export function buildTranscript(input: ExportInput): Transcript {
  const { run } = input;
  const recap = buildRecap(input);
  const byQuestion = new Map<number, Answer[]>();
  for (const a of input.answers) {
    const list = byQuestion.get(a.number);
    if (list) list.push(a);
    else byQuestion.set(a.number, [a]);
  }
  const questions = recap.questions.map((figures) => {
    const answers = (byQuestion.get(figures.number) ?? []).sort(byTime);
    const asked = Boolean(run.questions.find((q) => q.number === figures.number)?.ref) || answers.length > 0;
    return { figures, asked, answers };
  });
  const polls = recap.polls.map((figures) => {
    const poll = run.polls.find((p) => p.number === figures.number);
    const withheld = poll ? isWithheld(poll) : false;
    const shown = withheld ? { ...figures, tally: { counts: figures.tally.counts.map(() => 0), voters: 0 } } : figures;
    const named =
      poll && !poll.anonymous && !withheld
        ? { votersByOption: votersByOption(poll, input.ballots.get(poll.number) ?? []) }
        : {};
    return {
      figures: shown,
      percents: percentages(shown.tally.counts),
      multiple: poll?.multiple ?? 1,
      open: poll?.state === 'open',
      withheld,
      ...named,
    };
  });
  const { slotMs, activity } = activityOf(input.answers, recap.startedAt, recap.endedAt);
  return { recap, questions, polls, slotMs, activity };
}

function votersByOption(poll: RunPoll, ballots: Ballot[]): string[][] {
  const lists = poll.options.map((): string[] => []);
  const sorted = [...ballots].sort(ballotOrder);
  for (const b of sorted) for (const o of b.options) lists[o]?.push(b.user?.name ?? b.voter);
  return lists;
}

/** Answers per slot from `start` to `end`; answers outside the span fall into the first or last slot. */
function activityOf(answers: Answer[], start: number, end: number): { slotMs: number; activity: ActivitySlot[] } {
  const span = Math.max(1, end - start);
  const slotMs = Math.max(SLOT_MS, Math.ceil(span / MAX_SLOTS / SLOT_MS) * SLOT_MS);
  const count = Math.ceil(span / slotMs);
  const slots = Array.from({ length: count }, (_, i) => ({ start: start + i * slotMs, answers: 0 }));
  for (const a of answers) {
    const i = Math.min(count - 1, Math.max(0, Math.floor((a.at - start) / slotMs)));
    slots[i]!.answers++;
  }
  return { slotMs, activity: slots };
}
