import { describe, expect, it } from 'vitest';
import { buildRecap } from '../../../src/core/engine/build-recap.js';
import { createRun } from '../../../src/core/engine/create-run.js';
import { voterKey } from '../../../src/core/engine/votes.js';
import type { Answer, Ballot } from '../../../src/core/engine/records.js';
import { samplePlan } from '../../support/plans.js';
import { testKeys } from '../../support/server-secret.js';

function run(states: ('pending' | 'open' | 'closed')[], anonymous: boolean[]) {
  const plan = samplePlan();
  plan.polls = plan.polls.map((p, i) => ({ ...p, anonymous: anonymous[i]!, results: i === 1 ? 'hidden' : 'live' }));
  const r = createRun(plan, { platform: 'console', id: 'C' }, { id: 'r', startedBy: 'U', now: 0 });
  r.polls.forEach((p, i) => (p.state = states[i]!));
  return r;
}

const answer = (user: string, number: number): Answer => ({
  id: `${user}-${number}`,
  number,
  user: { id: user, name: user },
  text: 'x',
  at: 1,
  reactions: 0,
  via: 'thread',
});

describe('recap figures', () => {
  it('counts a person once whether they answered, voted in a named poll or in an anonymous one', () => {
    const r = run(['closed', 'closed'], [true, false]);
    const ballots = new Map<number, Ballot[]>([
      [
        1,
        ['U1', 'U2', 'U9'].map((u) => ({
          poll: 1,
          voter: voterKey(testKeys(), r, r.polls[0]!, u),
          options: [0],
          at: 1,
        })),
      ],
      [2, ['U1', 'U3'].map((u) => ({ poll: 2, voter: u, user: { id: u, name: u }, options: [1], at: 1 }))],
    ]);
    const recap = buildRecap({
      run: r,
      answers: [answer('U2', 1), answer('U4', 1)],
      ballots,
      now: 2,
      keys: testKeys(),
    });
    // Known: U2, U4 (answers), U1, U3 (named poll); U9 only voted anonymously.
    expect(recap.participants).toBe(5);
    // Without the server secret nobody is recognized: the count stays a lower bound (never counts U1 and U2 twice).
    expect(buildRecap({ run: r, answers: [answer('U2', 1), answer('U4', 1)], ballots, now: 2 }).participants).toBe(4);
  });

  it('shows no figures for a poll whose results stay hidden while it is open, and leaves out polls not yet opened', () => {
    const r = run(['pending', 'open'], [false, true]);
    const ballots = new Map<number, Ballot[]>([
      [2, [{ poll: 2, voter: voterKey(testKeys(), r, r.polls[1]!, 'U1'), options: [0, 2], at: 1 }]],
    ]);
    const recap = buildRecap({ run: r, answers: [], ballots, now: 2 });
    expect(recap.polls).toEqual([
      expect.objectContaining({ number: 2, withheld: true, tally: { counts: [0, 0, 0], voters: 0 } }),
    ]);
    r.polls[1]!.state = 'closed';
    expect(buildRecap({ run: r, answers: [], ballots, now: 2 }).polls[0]).toMatchObject({
      tally: { counts: [1, 0, 1], voters: 1 },
    });
  });
});
