/**
 * Poll rules: a click on another option moves a single-choice vote, or adds it (up to N) to
 * a `multiple: N` one; a click on an option already chosen keeps the vote (a double click is
 * one click); withdrawing is its own act (the "Withdraw my vote" button); nothing is
 * counted once the poll is closed.
 */
import { createHmac } from 'node:crypto';
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

/**
 * The key a ballot is stored under. Anonymous polls store an HMAC of the person with the
 * run's secret and the poll number: it stops double voting and links to nobody.
 */
export function voterKey(run: Run, poll: RunPoll, user: string): string {
  if (!poll.anonymous) return user;
  return createHmac('sha256', run.secret).update(`${poll.number}:${user}`).digest('base64url').slice(0, 22);
}

/**
 * Applies a click on `choice` (a 0-based option, or `withdraw`) by `user` to their `previous` ballot.
 *
 * @example
 * const outcome = castVote(run, poll, await store.getBallot(run.id, 1, key), 2, person, now);
 */
export function castVote(run: Run, poll: RunPoll, previous: Ballot | undefined, choice: VoteChoice, user: Person, now: number): VoteOutcome {
  // Closed by its state, or by the clock when the close step has not been carried out yet.
  if (poll.state !== 'open' || run.status === 'ended' || elapsedMs(run, now) >= Math.min(poll.closesMs, run.endMs)) return { kind: 'closed' };
  const before = previous?.options ?? [];
  if (choice === 'withdraw') return before.length > 0 ? { kind: 'withdrawn' } : { kind: 'no-vote' };
  if (!Number.isInteger(choice) || choice < 0 || choice >= poll.options.length) return { kind: 'unknown-option' };
  if (previous && before.includes(choice)) {
    const sinceVote = now - previous.at;
    return { kind: 'unchanged', ballot: previous, repeat: sinceVote >= 0 && sinceVote < SAME_CLICK_MS };
  }
  let options: number[];
  if (poll.multiple <= 1) options = [choice];
  else if (before.length >= poll.multiple) return { kind: 'too-many', max: poll.multiple };
  else options = [...before, choice].sort((a, b) => a - b);
  const ballot: Ballot = {
    poll: poll.number,
    voter: voterKey(run, poll, user.id),
    ...(poll.anonymous ? {} : { user }),
    options,
    at: now,
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
