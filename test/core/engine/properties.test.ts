import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { castVote, tallyOf, voterKey } from '../../../src/core/engine/votes.js';
import { answerTarget, parseAnswerPrefix } from '../../../src/core/engine/answers.js';
import { parseCommand } from '../../../src/core/engine/commands.js';
import { createRun } from '../../../src/core/engine/create-run.js';
import type { Ballot } from '../../../src/core/engine/records.js';
import { samplePlan } from '../../support/plans.js';
import { testKeys } from '../../support/server-secret.js';

const run = createRun(samplePlan(), { platform: 'console', id: 'C1' }, { id: 'r', startedBy: 'U', now: 0 });
run.questions[0]!.ref = { id: 'root-1' };

describe('property: tallies equal a recount', () => {
  for (const [name, multiple, anonymous] of [
    ['single choice', 1, false],
    ['up to 2', 2, true],
    ['up to 3', 3, false],
  ] as const) {
    it(`for any sequence of votes, changes and withdrawals (${name})`, () => {
      const poll = { ...run.polls[0]!, multiple, anonymous, state: 'open' as const };
      fc.assert(
        // Option 3 stands for the "Withdraw my vote" button.
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }),
          (clicks) => {
            const ballots = new Map<string, Ballot>();
            const picked = new Map<number, Set<number>>(); // the independent model: what each person has picked
            for (const [user, option] of clicks) {
              const key = voterKey(testKeys(), run, poll, `U${user}`);
              const outcome = castVote(
                run,
                poll,
                ballots.get(key),
                option === 3 ? 'withdraw' : option,
                { id: `U${user}`, name: `P${user}` },
                key,
                0,
              );
              const mine = picked.get(user) ?? new Set<number>();
              if (option === 3) mine.clear();
              else if (mine.has(option)) expect(outcome.kind).toBe('unchanged');
              else if (multiple === 1) {
                mine.clear();
                mine.add(option);
              } else if (mine.size < multiple) mine.add(option);
              picked.set(user, mine);
              if (outcome.kind === 'recorded') ballots.set(key, outcome.ballot);
              if (outcome.kind === 'withdrawn') ballots.delete(key);
            }
            const tally = tallyOf(poll, [...ballots.values()]);
            const recount = [0, 1, 2].map((o) => [...picked.values()].filter((s) => s.has(o)).length);
            expect(tally.counts).toEqual(recount);
            expect(tally.voters).toBe([...picked.values()].filter((s) => s.size > 0).length);
            for (const b of ballots.values()) expect(b.options.length).toBeLessThanOrEqual(multiple);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});

describe('property: parsing never throws', () => {
  it('answer parsing accepts any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.option(fc.constantFrom('root-1', 'other')),
        (text, thread) => {
          const parsed = parseAnswerPrefix(text);
          if (parsed) expect(parsed.body.length).toBeGreaterThan(0);
          const target = answerTarget(run, text, thread ?? undefined);
          expect(['answer', 'unknown-question', 'empty', 'too-long', 'ignore']).toContain(target.kind);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('command parsing accepts any text and never returns a command with missing parts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parseCommand(text);
        if (r.ok && r.command.sub === 'poll') expect(r.command.poll.options.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('answer prefixes', () => {
  it.each([
    ['A3 my answer', 3, 'my answer'],
    ['a3: my answer', 3, 'my answer'],
    ['R12- ma réponse', 12, 'ma réponse'],
    ['r1) oui', 1, 'oui'],
    ['A2.yes', 2, 'yes'],
    ['  A4 spaced', 4, 'spaced'],
  ])('%s → Q%i', (text, n, body) => {
    expect(parseAnswerPrefix(text)).toEqual({ number: n, body });
  });
  it.each([
    'Anyone here?',
    'A3',
    'Ask me',
    'R2D2 is a robot',
    'A3x nope',
    'A 2 heures, on se voit',
    'a 1 on 1 is useful',
  ])('%s is not an answer', (text) => {
    expect(parseAnswerPrefix(text)).toBeUndefined();
  });
});
