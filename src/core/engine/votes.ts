/**
 * Poll rules: a click on another option moves a single-choice vote, or adds it (up to N) to
 * a `multiple: N` one; a click on an option already chosen keeps the vote (a double click is
 * one click); withdrawing is its own act (the "Withdraw my vote" button); nothing is
 * counted once the poll is closed.
 */
import { createHmac } from 'node:crypto';
import type { AnonymousKeys } from '../ports.js';
import type { Tally } from './messages.js';
import type { Ballot, Person } from './records.js';
import type { Run, RunPoll } from './run.js';
import type { VoteChoice } from './vote-value.js';
import { elapsedMs } from './timeline.js';

/** A second click on the same option within this time is the same click (double clicks happen). */
export const SAME_CLICK_MS = 2000;

/**
 * The outcome of a click on a poll button. `unchanged`: the option was chosen already, the
 * vote stays; `repeat` when the click came within `SAME_CLICK_MS` of the vote (the same click).
 */
export type VoteOutcome =
  | { kind: 'recorded'; ballot: Ballot }
  | { kind: 'unchanged'; ballot: Ballot; repeat: boolean }
  | { kind: 'withdrawn' }
  | { kind: 'no-vote' }
  | { kind: 'closed' }
  | { kind: 'unknown-option' }
  | { kind: 'too-many'; max: number };

/** Stored times of anonymous records are kept to the minute, so none matches a platform log. */
export const ANONYMOUS_TIME_STEP_MS = 60_000;

/**
 * The key a ballot is stored under: the user id in a named poll; in an anonymous poll the
 * person's opaque key from `keys` (derived from the server secret, outside the store). A run
 * started before that secret existed keeps its stored `run.secret` until it is deleted, so its
 * voters can still change or withdraw their votes (those runs stay as readable as they were).
 */
export function voterKey(keys: AnonymousKeys, run: Run, poll: RunPoll, user: string): string {
  if (!poll.anonymous) return user;
  if (run.secret !== undefined) return legacyVoterKey(run.secret, poll.number, user);
  return keys.keyOf({ kind: 'poll', runId: run.id, id: poll.number }, user);
}

/** The anonymous ballot key of a run that stored its own secret (runs started before `ROUNDTABLE_SECRET`). */
export function legacyVoterKey(secret: string, poll: number, user: string): string {
  return createHmac('sha256', secret).update(`${poll}:${user}`).digest('base64url').slice(0, 22);
}

/**
 * Applies a click on `choice` (a 0-based option, or `withdraw`) by `user` to their `previous`
 * ballot, stored under `voter` (from `voterKey`). An anonymous ballot carries no user and its
 * time only to the minute, so whether a click on the chosen option is the same click is judged
 * from `votedAt`, the exact time of the vote when the caller still knows it (held in memory, never
 * stored), else from the ballot's stored time.
 *
 * @example
 * const key = voterKey(keys, run, poll, user.id);
 * const outcome = castVote(run, poll, await store.getBallot(run.id, 1, key), 2, user, key, now);
 */
export function castVote(
  run: Run,
  poll: RunPoll,
  previous: Ballot | undefined,
  choice: VoteChoice,
  user: Person,
  voter: string,
  now: number,
  votedAt?: number,
): VoteOutcome {
  // Closed by its state, or by the clock when the close step has not been carried out yet.
  if (poll.state !== 'open' || run.status === 'ended' || elapsedMs(run, now) >= Math.min(poll.closesMs, run.endMs))
    return { kind: 'closed' };
  const before = previous?.options ?? [];
  if (choice === 'withdraw') return before.length > 0 ? { kind: 'withdrawn' } : { kind: 'no-vote' };
  if (!Number.isInteger(choice) || choice < 0 || choice >= poll.options.length) return { kind: 'unknown-option' };
  if (previous && before.includes(choice)) {
    const sinceVote = now - (votedAt ?? previous.at);
    return { kind: 'unchanged', ballot: previous, repeat: sinceVote >= 0 && sinceVote < SAME_CLICK_MS };
  }
  let options: number[];
  if (poll.multiple <= 1) options = [choice];
  else if (before.length >= poll.multiple) return { kind: 'too-many', max: poll.multiple };
  else options = [...before, choice].sort((a, b) => a - b);
  const ballot: Ballot = {
    poll: poll.number,
    voter,
    ...(poll.anonymous ? {} : { user }),
    options,
    at: poll.anonymous ? now - (now % ANONYMOUS_TIME_STEP_MS) : now,
  };
  return { kind: 'recorded', ballot };
}

/** Counts ballots: votes per option and people with at least one option. */
export function tallyOf(poll: Pick<RunPoll, 'options'>, ballots: Ballot[]): Tally {
  const counts = poll.options.map(() => 0);
  let voters = 0;
  for (const b of ballots) {
    if (b.options.length === 0) continue;
    voters++;
    for (const o of b.options) if (o >= 0 && o < counts.length) counts[o] = (counts[o] ?? 0) + 1;
  }
  return { counts, voters };
}

/** True when a poll's results must not be shown yet: `results: hidden` and still open. */
export function isWithheld(poll: Pick<RunPoll, 'results' | 'state'>): boolean {
  return poll.results === 'hidden' && poll.state !== 'closed';
}
