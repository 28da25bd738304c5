/**
 * Why: the key of an anonymous ballot must be stable for one person and one poll (double votes,
 * changes), unrelated across polls and runs, and computable only with the server secret; runs
 * started before the secret existed must keep finding their voters' ballots.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS_TIME_STEP_MS, castVote, legacyVoterKey, voterKey } from '../../src/core/engine/votes.js';
import { createRun } from '../../src/core/engine/create-run.js';
import { createAnonymousKeys } from '../../src/infra/anonymous-keys.js';
import { samplePlan } from '../support/plans.js';
import { testKeys } from '../support/server-secret.js';

const runOf = (id: string) =>
  createRun(samplePlan(), { platform: 'console', id: 'C1' }, { id, startedBy: 'U', now: 0 });

describe('anonymous ballot keys', () => {
  it('are stable per person and poll, differ across polls, runs and server secrets, and never show the user id', () => {
    const keys = testKeys();
    const [a, b] = [runOf('run-a'), runOf('run-b')];
    const anonymous = { ...a.polls[1]!, anonymous: true };
    expect(a).not.toHaveProperty('secret');
    expect(voterKey(keys, a, anonymous, 'U1')).toBe(voterKey(testKeys(), a, anonymous, 'U1'));
    const seen = new Set([
      voterKey(keys, a, anonymous, 'U1'),
      voterKey(keys, a, anonymous, 'U2'),
      voterKey(keys, a, { ...anonymous, number: 3 }, 'U1'),
      voterKey(keys, b, anonymous, 'U1'),
      voterKey(createAnonymousKeys(randomBytes(32)), a, anonymous, 'U1'),
    ]);
    expect(seen.size).toBe(5);
    for (const key of seen) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(voterKey(keys, a, { ...anonymous, anonymous: false }, 'U1')).toBe('U1');
    expect(() => createAnonymousKeys(randomBytes(31))).toThrow(/at least 32 bytes/);
  });

  it('of a run started before ROUNDTABLE_SECRET come from its stored secret, so its voters still change their votes', () => {
    const legacy = { ...runOf('run-old'), secret: 'per-run-secret-of-an-old-run' };
    const poll = { ...legacy.polls[1]!, state: 'open' as const };
    const key = voterKey(testKeys(), legacy, poll, 'U7');
    expect(key).toBe(legacyVoterKey('per-run-secret-of-an-old-run', poll.number, 'U7'));
    const first = castVote(legacy, poll, undefined, 0, { id: 'U7', name: 'Seven' }, key, 20 * 60_000 + 1234);
    if (first.kind !== 'recorded') throw new Error(first.kind);
    // The same person finds their ballot again under the same key, so they can withdraw it.
    expect(voterKey(testKeys(), legacy, poll, 'U7')).toBe(first.ballot.voter);
    expect(
      castVote(legacy, poll, first.ballot, 'withdraw', { id: 'U7', name: 'Seven' }, key, 20 * 60_000 + 5000),
    ).toEqual({ kind: 'withdrawn' });
  });

  it('store an anonymous ballot without its person and with its time to the minute; a named one keeps both', () => {
    const run = runOf('run-t');
    const at = 20 * 60_000 + 59_999;
    const anonymous = { ...run.polls[1]!, state: 'open' as const };
    const cast = castVote(
      run,
      anonymous,
      undefined,
      1,
      { id: 'U1', name: 'One' },
      voterKey(testKeys(), run, anonymous, 'U1'),
      at,
    );
    expect(cast).toMatchObject({ kind: 'recorded', ballot: { at: 20 * 60_000 } });
    expect(cast.kind === 'recorded' && cast.ballot).not.toHaveProperty('user');
    expect(ANONYMOUS_TIME_STEP_MS).toBe(60_000);
    const named = { ...run.polls[0]!, state: 'open' as const, closesMs: 60 * 60_000 };
    expect(castVote(run, named, undefined, 1, { id: 'U1', name: 'One' }, 'U1', at)).toMatchObject({
      ballot: { at, user: { id: 'U1' } },
    });
  });
});
