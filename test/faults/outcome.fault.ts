/**
 * The fault suite's referee: `compareOutcome` must see a step posted twice or missing, an
 * acknowledged answer or vote missing from the export, an extra or doubled one, and a recap
 * that disagrees with the export; and accept either outcome of a click nobody heard back from.
 */
import { describe, expect, it } from 'vitest';
import { compareOutcome, FAULT_PLAN_STEPS, type OutcomeInput, type RecapFigures } from './support/outcome.js';
import {
  Participants,
  type AnswerReply,
  type ChannelView,
  type ChatDriver,
  type Expected,
  type Person,
  type SeenQuestion,
  type VoteReply,
} from './support/participants.js';

const HEADER = 'kind,number,user_id,user_name,text,option,timestamp,reactions';
const answer = (n: number, user: string, text: string) => `answer,${n},${user},${user},${text},,2026-12-17T20:05:00Z,0`;
const vote = (poll: number, user: string, option: number) =>
  `vote,${poll},${user},${user},,${option},2026-12-17T20:10:00Z,`;

function input(
  csvRows: string[],
  expected: Partial<Expected>,
  recap?: Partial<RecapFigures>,
  posts = FAULT_PLAN_STEPS.map((s) => ({ key: `r:${s}`, thread: false })),
): OutcomeInput {
  const full: Expected = {
    answers: [],
    ballots: [],
    people: 2,
    ambiguous: 0,
    unsent: 0,
    late: 0,
    notRecorded: 0,
    refused: 0,
    noReply: 0,
    ...expected,
  };
  return {
    runId: 'r',
    posts,
    closedPolls: [1],
    pollCount: 1,
    csv: `\uFEFF${[HEADER, ...csvRows].join('\r\n')}\r\n`,
    recap: {
      participants: 2,
      answers: 2,
      questions: [{ number: 1, answers: 2 }],
      polls: [{ number: 1, counts: [1, 1] }],
      ...recap,
    },
    expected: full,
  };
}

const twoAnswers: Partial<Expected> = {
  answers: [
    { number: 1, user: 'U1', text: 'yes', id: 'a', attempt: 1, status: 'stored' },
    { number: 1, user: 'U2', text: 'no', id: 'b', attempt: 1, status: 'stored' },
  ],
  ballots: [
    { poll: 1, user: 'U1', anonymous: false, possible: [[0]], closed: false },
    { poll: 1, user: 'U2', anonymous: false, possible: [[1]], closed: false },
  ],
};
const goodRows = [answer(1, 'U1', 'yes'), answer(1, 'U2', 'no'), vote(1, 'U1', 1), vote(1, 'U2', 2)];

describe('the fault suite compares outcomes honestly', () => {
  it('finds nothing wrong when all matches', () => {
    expect(compareOutcome(input(goodRows, twoAnswers)).problems).toEqual([]);
  });

  it('counts steps posted twice or never', () => {
    const posts = [...FAULT_PLAN_STEPS.filter((s) => s !== 'q2'), 'q1'].map((s) => ({ key: `r:${s}`, thread: false }));
    const o = compareOutcome(input(goodRows, twoAnswers, {}, posts));
    expect([o.postedTwice, o.missing]).toEqual([1, 1]);
  });

  it('counts an acknowledged answer or vote that is missing as lost, and a doubled one as a duplicate', () => {
    const lost = compareOutcome(
      input([answer(1, 'U1', 'yes'), vote(1, 'U1', 1)], twoAnswers, {
        answers: 1,
        questions: [{ number: 1, answers: 1 }],
        polls: [{ number: 1, counts: [1, 0] }],
      }),
    );
    expect([lost.lost, lost.duplicates, lost.recapMismatches]).toEqual([2, 0, 0]);
    const doubled = compareOutcome(
      input([...goodRows, answer(1, 'U2', 'no')], twoAnswers, { answers: 3, questions: [{ number: 1, answers: 3 }] }),
    );
    expect([doubled.lost, doubled.duplicates]).toEqual([0, 1]);
  });

  it('sees a recap that disagrees with the export', () => {
    expect(compareOutcome(input(goodRows, twoAnswers, { answers: 3 })).recapMismatches).toBe(1);
  });

  it('accepts either outcome of a click nobody heard back from', () => {
    const unsure: Partial<Expected> = {
      ...twoAnswers,
      ambiguous: 1,
      ballots: [twoAnswers.ballots![0]!, { poll: 1, user: 'U2', anonymous: false, possible: [[], [1]], closed: true }],
    };
    expect(compareOutcome(input(goodRows, unsure)).problems).toEqual([]);
    expect(
      compareOutcome(input(goodRows.slice(0, 3), unsure, { polls: [{ number: 1, counts: [1, 0] }] })).problems,
    ).toEqual([]);
  });
});

/** A channel with one question, and a platform whose replies and clock the test decides. */
class FakeDriver implements ChatDriver {
  readonly replies = new Map<string, AnswerReply>();
  readonly times = new Map<string, number>();
  private clock = 1_000;

  async view(): Promise<ChannelView> {
    return { questions: [{ number: 1, postId: 'q1' }], openPolls: [], closing: false, ended: false };
  }

  async answer(person: Person, _q: SeenQuestion, id: string): Promise<AnswerReply> {
    this.times.set(id, (this.clock += 100));
    return this.replies.get(person.id) ?? 'stored';
  }

  async vote(): Promise<VoteReply> {
    return { kind: 'other' };
  }

  sentAt(id: string): number | undefined {
    return this.times.get(id);
  }
}

/** Two people answer Q1 through the fake driver (at 1100 and 1200); the judge reads `rows` against the run's end. */
async function judge(replies: Record<string, AnswerReply>, rows: string[], endedAt: number, toldLate: string[] = []) {
  const driver = new FakeDriver();
  for (const [user, reply] of Object.entries(replies)) driver.replies.set(user, reply);
  const crowd = new Participants(2, driver);
  await crowd.round();
  const expected = crowd.expected();
  const answers = rows.length;
  const base = input(
    rows,
    { ...expected, ballots: [] },
    { answers, participants: answers, questions: [{ number: 1, answers }], polls: [] },
  );
  return compareOutcome({ ...base, endedAt, toldLate: new Set(toldLate) });
}

const text = (i: number) => `Answer of Person ${i} to Q1`;

describe('the fault suite judges the end of a chat by the product’s rule', () => {
  it('never calls a refused late answer lost: told “this chat has ended”, or sent after the end the run records', async () => {
    const told = await judge({ U0001: 'late' }, [answer(1, 'U0000', text(0))], 5_000);
    expect([told.lost, told.late, told.duplicates, told.problems]).toEqual([0, 1, 0, []]);
    // Acknowledged (Slack's 200 came before the notice), but sent after the end moment (1150): late, not lost.
    const byTime = await judge({}, [answer(1, 'U0000', text(0))], 1_150);
    expect([byTime.lost, byTime.late, byTime.problems]).toEqual([0, 1, []]);
    const toldAfter = await judge({}, [answer(1, 'U0000', text(0))], 5_000, ['1|U0001']);
    expect([toldAfter.lost, toldAfter.late]).toEqual([0, 1]);
  });

  it('never calls a lost answer late: acknowledged, sent before the end, nobody told, absent from the export', async () => {
    const o = await judge({}, [answer(1, 'U0000', text(0))], 1_200);
    expect([o.lost, o.late]).toEqual([1, 0]);
    expect(o.problems.filter((p) => p.startsWith('answer'))).toEqual([`answer lost: 1|U0001|${text(1)}`]);
  });

  it('flags a late answer that the export counts anyway', async () => {
    const o = await judge({ U0001: 'late' }, [answer(1, 'U0000', text(0)), answer(1, 'U0001', text(1))], 5_000);
    expect([o.lost, o.late, o.duplicates]).toEqual([0, 0, 1]);
    const byTime = await judge({}, [answer(1, 'U0000', text(0)), answer(1, 'U0001', text(1))], 1_150);
    expect(byTime.duplicates).toBe(1);
    expect(byTime.problems).toEqual([`answer refused as late is in the export 1 times: 1|U0001|${text(1)}`]);
  });
});
