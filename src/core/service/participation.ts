/**
 * What participants do during a chat: answers (thread replies and `A<k>` messages), edits,
 * deletions, reactions and votes. Each is a constant number of store writes, and none
 * changes the run itself, so thousands of people never contend on one record.
 */
import type { ChannelRef, Run } from '../engine/run.js';
import type { AnonymousKeys, Clock, Logger, Store } from '../ports.js';
import type { Actor } from '../engine/actor.js';
import type { Message, NoticeKey } from '../engine/messages.js';
import type { Answer } from '../engine/records.js';
import type { Lang } from '../plan/plan.js';
import type { Runner } from './runner.js';
import type { PollRefresher } from './poll-refresher.js';
import type { RunDesk } from './run-desk.js';
import { answerTarget, isTooLong, parseAnswerPrefix, type AnswerTarget } from '../engine/answers.js';
import { castVote, voterKey } from '../engine/votes.js';
import { decodeVoteValue } from '../engine/vote-value.js';
import { KeyedMutex } from './keyed-mutex.js';
import { notice } from '../engine/notice.js';

/** Readings of a message that a fresher read of the run cannot change (the question is found, or the text alone decides). */
const KNOWN_TARGETS: ReadonlySet<AnswerTarget['kind']> = new Set(['answer', 'empty', 'too-long']);

/** A participant's message as the platform delivered it. */
export interface InboundMessage {
  /** Platform message id (Slack `ts`, Teams activity id). */
  id: string;
  text: string;
  /** Id of the post this message replies to (thread root), if any. */
  threadId?: string;
  permalink?: string;
}

/** How a message is taken. */
export interface MessageOptions {
  /**
   * Runs once, as soon as the message's answer is stored (even before it is matched to its
   * question); false stops the rest (the copy in the thread): another delivery does it.
   */
  stored?: () => Promise<boolean>;
}

/** What participation needs. */
export interface ParticipationDeps {
  store: Store;
  /** Keys of anonymous ballots: the server secret stays outside the store. */
  keys: AnonymousKeys;
  clock: Clock;
  logger: Logger;
  runner: Runner;
  desk: RunDesk;
  refresher: PollRefresher;
  /** The language of replies only `actor` sees. */
  langOf(actor: Actor, run?: Run): Promise<Lang>;
}

/** Answers, edits, deletions, reactions and votes. */
export class Participation {
  private readonly answerLocks = new KeyedMutex();

  constructor(private readonly deps: ParticipationDeps) {}

  /**
   * A message in a channel: an answer, a hint for an unknown question, or nothing. Once the
   * answer is in the store, `opts.stored` runs (the platform may be told the message was
   * received); when it says false (another delivery of the same message goes on), nothing
   * more is done.
   */
  async message(channel: ChannelRef, actor: Actor, msg: InboundMessage, opts: MessageOptions = {}): Promise<Message | undefined> {
    let goOn: boolean | undefined;
    const stored = async (): Promise<boolean> => (goOn ??= opts.stored ? await opts.stored() : true);
    let run = await this.deps.desk.activeRun(channel);
    if (!run) return undefined;
    let target = answerTarget(run, msg.text, msg.threadId, this.deps.clock.now());
    // The run may come from the read cache, taken before another process posted the question: a
    // thread reply or an `A<k>` message that matches nothing is checked against a fresh read.
    const maybeAnswer = msg.threadId !== undefined || target.kind === 'unknown-question';
    // A question being posted right now has no ref yet: a fast reply may arrive first. Wait for the post to be recorded,
    // the reply kept meanwhile under the post it replies to, so a process that dies while waiting loses nothing.
    let kept = false;
    for (let attempt = 0; !KNOWN_TARGETS.has(target.kind) && (run.outbox.length > 0 || (attempt === 0 && maybeAnswer)) && attempt < 5; attempt++) {
      if (!kept && msg.threadId !== undefined && run.outbox.length > 0) {
        kept = await this.keepUnmatched(run.id, actor, msg, msg.threadId);
        if (kept && !(await stored())) return undefined;
      }
      run = (await this.deps.desk.settled(run.id, attempt === 0 ? 0 : 200)) ?? run;
      target = answerTarget(run, msg.text, msg.threadId, this.deps.clock.now());
    }
    if (target.kind === 'ignore') return undefined;
    // Never silence: a blank reply, a bare `A1` or an overlong paste is not recorded, and its author hears why.
    if (target.kind === 'empty') return notice(await this.deps.langOf(actor, run), 'empty-answer', { n: target.number });
    if (target.kind === 'too-long') return notice(await this.deps.langOf(actor, run), 'too-long', { max: target.max });
    if (target.kind === 'unknown-question') {
      return notice(await this.deps.langOf(actor, run), 'unknown-question', { n: target.number, max: run.questions.filter((q) => q.ref).length });
    }
    const answer: Answer = {
      id: msg.id,
      number: target.number,
      user: { id: actor.id, name: actor.name },
      text: target.text,
      at: this.deps.clock.now(),
      reactions: 0,
      via: target.via,
      ...(msg.permalink ? { permalink: msg.permalink } : {}),
    };
    // A new message is one write; the same message again (a redelivery, the author's name found, a reply kept
    // while its question was being posted) keeps its first time and its reactions.
    if (!(await this.deps.store.addAnswer(run.id, answer))) {
      const existing = await this.deps.store.getAnswer(run.id, msg.id);
      await this.deps.store.putAnswer(run.id, { ...answer, at: existing?.at ?? answer.at, reactions: existing?.reactions ?? 0 });
    }
    if (!(await stored())) return undefined;
    if (target.via === 'prefix') await this.linkIntoThread(run, target.number, actor, target.text, msg);
    return undefined;
  }

  /** An edited message: the stored answer takes the new text. */
  async edit(channel: ChannelRef, messageId: string, text: string): Promise<void> {
    const run = await this.deps.desk.latestRun(channel);
    if (!run) return;
    await this.answerLocks.run(`${run.id}:${messageId}`, async () => {
      const answer = await this.deps.store.getAnswer(run.id, messageId);
      if (!answer) return;
      const body = answer.via === 'prefix' ? (parseAnswerPrefix(text)?.body ?? text.trim()) : text.trim();
      if (!body) return this.deps.store.deleteAnswer(run.id, messageId);
      await this.deps.store.putAnswer(run.id, { ...answer, text: body, editedAt: this.deps.clock.now() });
    });
  }

  /** A deleted message: its answer leaves the store and the recap. */
  async remove(channel: ChannelRef, messageId: string): Promise<void> {
    const run = await this.deps.desk.latestRun(channel);
    if (run) await this.deps.store.deleteAnswer(run.id, messageId);
  }

  /** A reaction added to or removed from a message; counted once per person and emoji. */
  async react(channel: ChannelRef, actor: Actor, messageId: string, reaction: string, added: boolean): Promise<void> {
    const run = await this.deps.desk.latestRun(channel);
    if (!run) return;
    await this.answerLocks.run(`${run.id}:${messageId}`, async () => {
      const answer = await this.deps.store.getAnswer(run.id, messageId);
      if (!answer) return;
      const store = this.deps.store;
      const changed = added ? await store.addReaction(run.id, messageId, actor.id, reaction) : await store.removeReaction(run.id, messageId, actor.id, reaction);
      if (!changed) return;
      await store.putAnswer(run.id, { ...answer, reactions: Math.max(0, answer.reactions + (added ? 1 : -1)) });
    });
  }

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
    return this.answerLocks.run(`${run.id}:ballot:${poll.number}:${key}`, async () => {
      const [previous, first] = await Promise.all([this.deps.store.getBallot(run.id, poll.number, key), claim ? claim() : true]);
      const choice = (key: NoticeKey, options: readonly number[]): Message => this.choiceNotice(lang, run, poll, key, options);
      if (!first) return choice(previous ? 'vote-recorded' : 'vote-withdrawn', previous?.options ?? []);
      const outcome = castVote(run, poll, previous, decoded.option, { id: actor.id, name: actor.name }, key, this.deps.clock.now());
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
          this.deps.refresher.touch(run, poll.number);
          return choice('vote-withdrawn', []);
        case 'recorded': {
          await this.deps.store.putBallot(run.id, outcome.ballot);
          this.deps.refresher.touch(run, poll.number);
          return choice('vote-recorded', outcome.ballot.options);
        }
      }
    });
  }

  /** A reply about the voter's current choice ("Your vote is recorded: …"), in their language, carrying the choice itself. */
  private choiceNotice(lang: Lang, run: Run, poll: Run['polls'][number], key: NoticeKey, options: readonly number[]): Message {
    const labels = options.map((o) => poll.options[o]?.[lang] ?? poll.options[o]?.[run.lang] ?? String(o + 1));
    return { kind: 'notice', langs: [lang], key, vars: { n: poll.number, options: labels.join(', ') }, vote: { runId: run.id, poll: poll.number, options: [...options] } };
  }

  /**
   * Stores a thread reply whose question is not known yet (number 0, under `thread`): the
   * recap and the exports count it once a question turns out to have been posted under that id.
   */
  private async keepUnmatched(runId: string, actor: Actor, msg: InboundMessage, thread: string): Promise<boolean> {
    if (!msg.text.trim() || isTooLong(msg.text.trim())) return false;
    const existing = await this.deps.store.getAnswer(runId, msg.id);
    if (existing && existing.number > 0) return true;
    await this.deps.store.putAnswer(runId, {
      id: msg.id,
      number: 0,
      thread,
      user: { id: actor.id, name: actor.name },
      text: msg.text.trim(),
      at: existing?.at ?? this.deps.clock.now(),
      reactions: existing?.reactions ?? 0,
      via: 'thread',
      ...(msg.permalink ? { permalink: msg.permalink } : {}),
    });
    return true;
  }

  /** Posts a copy of an `A<k>` channel message into question k's thread, once per message. */
  private async linkIntoThread(run: Run, number: number, actor: Actor, text: string, msg: InboundMessage): Promise<void> {
    const q = run.questions.find((x) => x.number === number);
    if (!q?.ref) return;
    const key = `${run.id}:link:${msg.id}`;
    const store = this.deps.store;
    if ((await store.getStep(key))?.state === 'done') return;
    await store.putStep(key, { state: 'started', at: this.deps.clock.now() });
    const message: Message = { kind: 'answer-link', langs: run.plan.languages, number, author: actor.name, text, source: { id: msg.id, ...(msg.permalink ? { permalink: msg.permalink } : {}) } };
    try {
      const ref = await this.deps.runner.portOf(run).post(run.channel, message, { key, thread: q.ref });
      await store.putStep(key, { state: 'done', at: this.deps.clock.now(), ref });
    } catch (err) {
      // The answer itself is stored; only the convenience copy in the thread is missing.
      this.deps.logger.warn({ err, runId: run.id, question: number }, 'could not link an A<k> answer into its thread');
    }
  }
}
