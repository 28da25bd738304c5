/**
 * Poll clicks: one ballot record per person and poll, changed under a per-voter lock, so a
 * double click or a redelivered click never counts twice. Split from `Participation` so each
 * stays small.
 */
import type { ChannelRef, Run } from '../engine/run.js';
import type { Clock, Store } from '../ports.js';
import type { Actor } from '../engine/actor.js';
import type { Message } from '../engine/messages.js';
import type { Lang } from '../plan/plan.js';
import type { PollRefresher } from './poll-refresher.js';
import type { RunDesk } from './run-desk.js';
import { castVote, voterKey } from '../engine/votes.js';
import { decodeVoteValue } from '../engine/vote-value.js';
import { KeyedMutex } from './keyed-mutex.js';
import { notice } from '../engine/notice.js';

/** What voting needs. */
export interface VotingDeps {
  store: Store;
  clock: Clock;
  desk: RunDesk;
  refresher: PollRefresher;
  /** The language of replies only `actor` sees. */
  langOf(actor: Actor, run?: Run): Promise<Lang>;
}

/** Votes. */
export class Voting {
  private readonly ballotLocks = new KeyedMutex();

  constructor(private readonly deps: VotingDeps) {}

  /**
   * A click on a poll button. Acknowledged only once the ballot is stored. With `claim` (the
   * platform may deliver the same click again), the delivery is claimed alongside the ballot
   * read, and a click claimed already changes nothing: its reply is the voter's current choice.
   */
  async vote(channel: ChannelRef, actor: Actor, value: string, claim?: () => Promise<boolean>): Promise<Message> {
    const decoded = decodeVoteValue(value);
    let run = decoded ? await this.deps.desk.run(decoded.runId) : undefined;
    let poll = run?.polls.find((p) => p.number === decoded?.poll);
    // The run may come from the read cache, taken before another process opened the poll: check a fresh read before refusing.
    if (decoded && run && (poll?.state !== 'open' || run.status === 'ended')) {
      run = (await this.deps.desk.settled(decoded.runId)) ?? run;
      poll = run.polls.find((p) => p.number === decoded.poll);
    }
    const lang = await this.deps.langOf(actor, run);
    if (!decoded || !run || !poll || run.channel.id !== channel.id) return notice(lang, 'poll-unknown');
    const key = voterKey(run, poll, actor.id);
    return this.ballotLocks.run(`${run.id}:ballot:${poll.number}:${key}`, async () => {
      const [previous, first] = await Promise.all([this.deps.store.getBallot(run.id, poll.number, key), claim ? claim() : true]);
      if (!first) return previous ? this.recorded(lang, run, poll, previous.options) : notice(lang, 'vote-withdrawn', { n: poll.number });
      const outcome = castVote(run, poll, previous, decoded.option, { id: actor.id, name: actor.name }, this.deps.clock.now());
      switch (outcome.kind) {
        case 'closed':
          return notice(lang, 'poll-closed', { n: poll.number });
        case 'unknown-option':
          return notice(lang, 'poll-unknown');
        case 'too-many':
          return notice(lang, 'vote-too-many', { max: outcome.max });
        case 'withdrawn':
          await this.deps.store.deleteBallot(run.id, poll.number, key);
          this.deps.refresher.touch(run, poll.number);
          return notice(lang, 'vote-withdrawn', { n: poll.number });
        case 'recorded': {
          await this.deps.store.putBallot(run.id, outcome.ballot);
          this.deps.refresher.touch(run, poll.number);
          return this.recorded(lang, run, poll, outcome.ballot.options);
        }
      }
    });
  }

  /** "Your vote in poll n is recorded: …", with the chosen options in the voter's language. */
  private recorded(lang: Lang, run: Run, poll: Run['polls'][number], options: readonly number[]): Message {
    const labels = options.map((o) => poll.options[o]?.[lang] ?? poll.options[o]?.[run.lang] ?? String(o + 1));
    return notice(lang, 'vote-recorded', { n: poll.number, options: labels.join(', ') });
  }
}
