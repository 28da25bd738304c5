/**
 * Poll clicks: one ballot record per person and poll, changed under a per-voter lock, so a
 * double click or a redelivered click never counts twice. Split from `Participation` so each
 * stays small.
 */
import type { ChannelRef, Run } from '../engine/run.js';
import type { AnonymousKeys, Clock, Store } from '../ports.js';
import type { Actor } from '../engine/actor.js';
import type { Message, NoticeKey } from '../engine/messages.js';
import type { Lang } from '../plan/plan.js';
import type { PollRefresher } from './poll-refresher.js';
import type { RunDesk } from './run-desk.js';
import { castVote, SAME_CLICK_MS, voterKey } from '../engine/votes.js';
import { decodeVoteValue } from '../engine/vote-value.js';
import { KeyedMutex } from './keyed-mutex.js';
import { notice } from '../engine/notice.js';

/** What voting needs. */
export interface VotingDeps {
  store: Store;
  /** Keys anonymous ballots outside the store. */
  keys: AnonymousKeys;
  clock: Clock;
  desk: RunDesk;
  refresher: PollRefresher;
  /** The language of replies only `actor` sees. */
  langOf(actor: Actor, run?: Run): Promise<Lang>;
}

/** Votes. */
export class Voting {
  private readonly ballotLocks = new KeyedMutex();
  /**
   * The exact time of each ballot recorded in the last `SAME_CLICK_MS`, by ballot lock key, oldest
   * first: an anonymous ballot's stored time is cut to the minute, too coarse to tell a double
   * click from a later click. Memory only, gone within seconds.
   */
  private readonly votedAt = new Map<string, number>();

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
    const key = voterKey(this.deps.keys, run, poll, actor.id);
    const ballotKey = `${run.id}:ballot:${poll.number}:${key}`;
    return this.ballotLocks.run(ballotKey, async () => {
      const [previous, first] = await Promise.all([
        this.deps.store.getBallot(run.id, poll.number, key),
        claim ? claim() : true,
      ]);
      const choice = (key: NoticeKey, options: readonly number[]): Message =>
        this.choiceNotice(lang, run, poll, key, options);
      if (!first) return choice(previous ? 'vote-recorded' : 'vote-withdrawn', previous?.options ?? []);
      const now = this.deps.clock.now();
      this.forgetVotesBefore(now - SAME_CLICK_MS);
      const outcome = castVote(
        run,
        poll,
        previous,
        decoded.option,
        { id: actor.id, name: actor.name },
        key,
        now,
        this.votedAt.get(ballotKey),
      );
      switch (outcome.kind) {
        case 'closed':
          return notice(lang, 'poll-closed', { n: poll.number });
        case 'unknown-option':
          return notice(lang, 'poll-unknown');
        case 'too-many':
          return notice(lang, 'vote-too-many', { max: outcome.max });
        case 'no-vote':
          return choice('vote-none', []);
        case 'unchanged':
          // The same click twice (a double click) is answered as the first; a later one says how to withdraw.
          return choice(outcome.repeat ? 'vote-recorded' : 'vote-kept', outcome.ballot.options);
        case 'withdrawn':
          await this.deps.store.deleteBallot(run.id, poll.number, key);
          this.votedAt.delete(ballotKey);
          this.deps.refresher.touch(run, poll.number);
          return choice('vote-withdrawn', []);
        case 'recorded': {
          await this.deps.store.putBallot(run.id, outcome.ballot);
          this.votedAt.delete(ballotKey);
          this.votedAt.set(ballotKey, now);
          this.deps.refresher.touch(run, poll.number);
          return choice('vote-recorded', outcome.ballot.options);
        }
      }
    });
  }

  /** Drops the exact vote times older than `cutoff` (the map is in time order). */
  private forgetVotesBefore(cutoff: number): void {
    for (const [ballotKey, at] of this.votedAt) {
      if (at >= cutoff) break;
      this.votedAt.delete(ballotKey);
    }
  }

  /** A reply about the voter's current choice ("Your vote is recorded: …"), in their language, carrying the choice itself. */
  private choiceNotice(
    lang: Lang,
    run: Run,
    poll: Run['polls'][number],
    key: NoticeKey,
    options: readonly number[],
  ): Message {
    const labels = options.map((o) => poll.options[o]?.[lang] ?? poll.options[o]?.[run.lang] ?? String(o + 1));
    return {
      kind: 'notice',
      langs: [lang],
      key,
      vars: { n: poll.number, options: labels.join(', ') },
      vote: { runId: run.id, poll: poll.number, options: [...options] },
    };
  }
}
