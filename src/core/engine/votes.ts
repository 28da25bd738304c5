/**
 * Poll rules: one click toggles an option; a single-choice poll moves the vote; a poll with
 * `multiple: N` keeps up to N options; nothing is counted once the poll is closed.
 */
import { createHmac } from 'node:crypto';
import type { Tally } from './messages.js';
import type { Ballot, Person } from './records.js';
import type { Run, RunPoll } from './run.js';
import { elapsedMs } from './timeline.js';

/** The outcome of a click on a poll option. */
export type VoteOutcome =
  | { kind: 'recorded'; ballot: Ballot }
  | { kind: 'withdrawn'; ballot: Ballot }
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
 * Applies a click on `option` (0-based) by `user` to their `previous` ballot.
 *
 * @example
 * const outcome = castVote(run, poll, await store.getBallot(run.id, 1, key), 2, person, now);
 */
export function castVote(run: Run, poll: RunPoll, previous: Ballot | undefined, option: number, user: Person, now: number): VoteOutcome {
  // Closed by its state, or by the clock when the close step has not been carried out yet.
  if (poll.state !== 'open' || run.status === 'ended' || elapsedMs(run, now) >= Math.min(poll.closesMs, run.endMs)) return { kind: 'closed' };
  if (!Number.isInteger(option) || option < 0 || option >= poll.options.length) return { kind: 'unknown-option' };
  const before = previous?.options ?? [];
  let options: number[];
  if (before.includes(option)) options = before.filter((o) => o !== option);
  else if (poll.multiple <= 1) options = [option];
  else if (before.length >= poll.multiple) return { kind: 'too-many', max: poll.multiple };
  else options = [...before, option].sort((a, b) => a - b);
  const ballot: Ballot = {
    poll: poll.number,
    voter: voterKey(run, poll, user.id),
    ...(poll.anonymous ? {} : { user }),
    options,
    at: now,
  };
  return options.length === 0 ? { kind: 'withdrawn', ballot } : { kind: 'recorded', ballot };
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
