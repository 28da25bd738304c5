/**
 * Compares how a chat ended with what its participants did: the steps posted in the
 * channel (each once, none missing), the CSV export (every acknowledged answer and vote
 * once, nothing else) and the recap (the same figures as the CSV).
 */
import { parse } from 'csv-parse/sync';
import type { RecapData } from '../../../src/core/engine/recap-data.js';
import type { Store } from '../../../src/core/ports.js';
import { exportCsv } from '../../../src/core/export/export-csv.js';
import { exportInputOf } from '../../../src/infra/create-exporter.js';
import type { AnswerState, Expected } from './participants.js';

/** The figures a recap shows (from the recap's data, or read back from a platform's post). */
export interface RecapFigures {
  participants: number;
  answers: number;
  questions: { number: number; answers: number }[];
  polls: { number: number; counts: number[] }[];
}

/** The figures of a recap message's data. */
export function figuresOf(recap: RecapData): RecapFigures {
  return {
    participants: recap.participants,
    answers: recap.answers,
    questions: recap.questions.map((q) => ({ number: q.number, answers: q.answers })),
    polls: recap.polls.map((p) => ({ number: p.number, counts: p.tally.counts })),
  };
}

/** The CSV export of a run, as `export csv` makes it. */
export async function csvOf(store: Store, runId: string): Promise<string> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`no run ${runId} in the store`);
  return exportCsv(await exportInputOf(store, run, Date.now()));
}

/** A post as the channel keeps it: its step key (metadata) and whether it is a thread reply. */
export interface ChannelPost {
  key: string;
  thread: boolean;
}

/** The figures of one fault-case run. */
export interface Outcome {
  postedTwice: number;
  missing: number;
  /** Acknowledged answers or votes absent from the export. */
  lost: number;
  /** Answers or votes in the export more often than people gave them (or never acknowledged as given). */
  duplicates: number;
  /** Copies of `A<k>` answers posted twice in a thread (a convenience copy, not a step). */
  linkCopiesTwice: number;
  /** Votes whose outcome nobody heard (either outcome counts as right). */
  ambiguous: number;
  /** Recap figures that differ from the export. */
  recapMismatches: number;
  /** Answers the product's rule refuses (sent after the run's end moment, or refused with "this chat has ended"), none in the export. */
  late: number;
  problems: string[];
}

/** The timeline steps of the fault plan (`fault-chat`, and the engine tests' sample). */
export const FAULT_PLAN_STEPS = ['welcome', 'q1', 'p1-open', 'q2', 'p2-open', 'q3', 'q4', 'closing', 'recap'];

interface CsvRow {
  kind: string;
  number: string;
  user_id: string;
  text: string;
  option: string;
}

/** Everything `compareOutcome` needs. */
export interface OutcomeInput {
  runId: string;
  posts: ChannelPost[];
  /** Polls whose post shows them closed. */
  closedPolls: number[];
  pollCount: number;
  csv: string;
  recap: RecapFigures | undefined;
  expected: Expected;
  /** The end moment the run records (`run.endedAt`): an answer sent after it is late. */
  endedAt?: number;
  /** `number|user` of the answers whose author was told "this chat has ended" (a notice the driver saw after the fact). */
  toldLate?: ReadonlySet<string>;
}

/** Counts what went wrong (all zero for a correct run), with a sentence for each problem. */
export function compareOutcome(input: OutcomeInput): Outcome {
  const out: Outcome = {
    postedTwice: 0,
    missing: 0,
    lost: 0,
    duplicates: 0,
    linkCopiesTwice: 0,
    ambiguous: input.expected.ambiguous,
    recapMismatches: 0,
    late: 0,
    problems: [],
  };
  countSteps(input, out);
  const rows = parse(input.csv.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as CsvRow[];
  compareAnswers(rows, input, out);
  compareVotes(rows, input.expected, out);
  compareRecap(rows, input, out);
  return out;
}

function countSteps(input: OutcomeInput, out: Outcome): void {
  const counts = new Map<string, number>();
  for (const p of input.posts)
    counts.set(
      `${p.thread ? 'thread' : 'top'} ${p.key}`,
      (counts.get(`${p.thread ? 'thread' : 'top'} ${p.key}`) ?? 0) + 1,
    );
  for (const [key, n] of counts) {
    if (n <= 1) continue;
    if (key.startsWith('thread ') && key.includes(':link:')) out.linkCopiesTwice += n - 1;
    else {
      out.postedTwice += n - 1;
      out.problems.push(`${key} posted ${n} times`);
    }
  }
  for (const step of FAULT_PLAN_STEPS) {
    if (!counts.has(`top ${input.runId}:${step}`)) {
      out.missing += 1;
      out.problems.push(`step ${step} never posted`);
    }
  }
  for (let poll = 1; poll <= input.pollCount; poll++) {
    if (!input.closedPolls.includes(poll)) {
      out.missing += 1;
      out.problems.push(`poll ${poll} never shown closed`);
    }
  }
}

/** Whether the product's rule refuses `a`: its author heard "this chat has ended", or it was sent after the run's end moment. */
export function isLate(a: AnswerState, input: Pick<OutcomeInput, 'endedAt' | 'toldLate'>): boolean {
  if (a.status === 'late' || input.toldLate?.has(`${a.number}|${a.user}`)) return true;
  return a.status === 'stored' && a.sentAt !== undefined && input.endedAt !== undefined && a.sentAt > input.endedAt;
}

function compareAnswers(rows: CsvRow[], input: OutcomeInput, out: Outcome): void {
  const inCsv = new Map<string, number>();
  for (const r of rows.filter((x) => x.kind === 'answer')) {
    const key = `${r.number}|${r.user_id}|${r.text}`;
    inCsv.set(key, (inCsv.get(key) ?? 0) + 1);
  }
  const keyOf = (a: AnswerState): string => `${a.number}|${a.user}|${a.text}`;
  const late = new Set(input.expected.answers.filter((a) => isLate(a, input)).map(keyOf));
  const stored = new Set(input.expected.answers.filter((a) => a.status === 'stored' && !late.has(keyOf(a))).map(keyOf));
  const pending = new Set(input.expected.answers.filter((a) => a.status === 'pending').map(keyOf));
  for (const key of late) {
    // A late answer is never "lost": it must be absent, and it is told to its author.
    const n = inCsv.get(key) ?? 0;
    if (n === 0) out.late += 1;
    else {
      out.duplicates += n;
      out.problems.push(`answer refused as late is in the export ${n} times: ${key}`);
    }
  }
  for (const key of stored) {
    const n = inCsv.get(key) ?? 0;
    if (n === 0) {
      out.lost += 1;
      out.problems.push(`answer lost: ${key}`);
    }
    if (n > 1) {
      out.duplicates += n - 1;
      out.problems.push(`answer ${n} times: ${key}`);
    }
  }
  for (const [key, n] of inCsv) {
    if (stored.has(key) || late.has(key)) continue;
    const extra = pending.has(key) ? n - 1 : n;
    if (extra > 0) {
      out.duplicates += extra;
      out.problems.push(`answer nobody saw acknowledged, ${n} times: ${key}`);
    }
  }
}

function compareVotes(rows: CsvRow[], expected: Expected, out: Outcome): void {
  const votes = rows.filter((r) => r.kind === 'vote');
  const polls = new Set(expected.ballots.map((b) => b.poll));
  for (const poll of polls) {
    const ballots = expected.ballots.filter((b) => b.poll === poll);
    const mine = votes.filter((r) => Number(r.number) === poll);
    if (ballots[0]?.anonymous) {
      compareAnonymous(
        poll,
        mine,
        ballots.map((b) => b.possible),
        out,
      );
      continue;
    }
    for (const b of ballots) {
      const options = mine
        .filter((r) => r.user_id === b.user)
        .map((r) => Number(r.option) - 1)
        .sort((x, y) => x - y);
      if (b.possible.some((p) => p.length === options.length && p.every((o, i) => o === options[i]))) continue;
      const fewest = Math.min(...b.possible.map((p) => p.length));
      if (options.length < fewest) out.lost += fewest - options.length;
      else out.duplicates += Math.max(1, options.length - fewest);
      out.problems.push(
        `poll ${poll}, ${b.user}: export has [${options.join(',')}], expected one of ${JSON.stringify(b.possible)}`,
      );
    }
    const voters = new Set(ballots.map((b) => b.user));
    for (const r of mine) {
      if (voters.has(r.user_id)) continue;
      out.duplicates += 1;
      out.problems.push(`poll ${poll}: a vote by ${r.user_id}, who never voted`);
    }
  }
}

function compareAnonymous(poll: number, rows: CsvRow[], possible: number[][][], out: Outcome): void {
  const width = Math.max(0, ...rows.map((r) => Number(r.option)), ...possible.flat(2).map((o) => o + 1));
  for (let o = 0; o < width; o++) {
    const count = rows.filter((r) => Number(r.option) - 1 === o).length;
    const min = possible.reduce((sum, states) => sum + Math.min(...states.map((s) => (s.includes(o) ? 1 : 0))), 0);
    const max = possible.reduce((sum, states) => sum + Math.max(...states.map((s) => (s.includes(o) ? 1 : 0))), 0);
    if (count < min) out.lost += min - count;
    if (count > max) out.duplicates += count - max;
    if (count < min || count > max)
      out.problems.push(
        `anonymous poll ${poll}, option ${o + 1}: export has ${count}, expected ${min === max ? min : `${min}..${max}`}`,
      );
  }
}

function compareRecap(rows: CsvRow[], input: OutcomeInput, out: Outcome): void {
  const recap = input.recap;
  const mismatch = (what: string, got: unknown, want: unknown): void => {
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    out.recapMismatches += 1;
    out.problems.push(`recap ${what}: ${JSON.stringify(got)}, export says ${JSON.stringify(want)}`);
  };
  if (!recap) {
    out.recapMismatches += 1;
    out.problems.push('no recap');
    return;
  }
  const answers = rows.filter((r) => r.kind === 'answer');
  mismatch('answers', recap.answers, answers.length);
  mismatch(
    'answers per question',
    recap.questions.map((q) => q.answers),
    recap.questions.map((q) => answers.filter((r) => Number(r.number) === q.number).length),
  );
  for (const p of recap.polls) {
    const counts = p.counts.map(
      (_, o) =>
        rows.filter((r) => r.kind === 'vote' && Number(r.number) === p.number && Number(r.option) === o + 1).length,
    );
    mismatch(`poll ${p.number} tally`, p.counts, counts);
  }
  const lateStored = input.expected.answers.some((a) => a.status === 'stored' && isLate(a, input));
  if (input.expected.ambiguous === 0 && input.expected.unsent === 0 && !lateStored)
    mismatch('participants', recap.participants, input.expected.people);
}
