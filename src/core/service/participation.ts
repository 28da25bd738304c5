/**
 * What participants do during a chat: answers (thread replies and `A<k>` messages), edits,
 * deletions and reactions (votes are `Voting`'s). Each is a constant number of store writes, and none
 * changes the run itself, so thousands of people never contend on one record.
 */
import type { ChannelRef, Run } from '../engine/run.js';
import type { Clock, Logger, Store } from '../ports.js';
import type { Actor } from '../engine/actor.js';
import type { Message } from '../engine/messages.js';
import type { Answer } from '../engine/records.js';
import type { Lang } from '../plan/plan.js';
import type { Runner } from './runner.js';
import type { RunDesk } from './run-desk.js';
import {
  answerTarget,
  beforeEnd,
  decidingTime,
  isTooLong,
  parseAnswerPrefix,
  tooLate,
  type AnswerTarget,
} from '../engine/answers.js';
import { EndOfChat } from './end-of-chat.js';
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
  /** Epoch ms of the platform's timestamp (Slack `ts`, Teams `timestamp`); default: when it arrived. */
  sentAt?: number;
}

/** An edit or a deletion as the platform delivered it. */
export interface ChangeOptions {
  /** Who made it, when the platform says: told privately when it came after the end. */
  author?: Actor;
  /** Epoch ms of the platform's timestamp of the change; default: when it arrived. */
  sentAt?: number;
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
  clock: Clock;
  logger: Logger;
  runner: Runner;
  desk: RunDesk;
  /** The language of replies only `actor` sees. */
  langOf(actor: Actor, run?: Run): Promise<Lang>;
  /** Resolves after `ms` (through the service's timers). */
  sleep(ms: number): Promise<void>;
}

/** Answers, edits, deletions and reactions. */
export class Participation {
  private readonly answerLocks = new KeyedMutex();

  private readonly end: EndOfChat;

  constructor(private readonly deps: ParticipationDeps) {
    this.end = new EndOfChat({ store: deps.store, logger: deps.logger, sleep: deps.sleep });
  }

  /**
   * A message in a channel: an answer, a hint for an unknown question, or nothing. Once the
   * answer is in the store, `opts.stored` runs (the platform may be told the message was
   * received); when it says false (another delivery of the same message goes on), nothing
   * more is done.
   */
  async message(
    channel: ChannelRef,
    actor: Actor,
    msg: InboundMessage,
    opts: MessageOptions = {},
  ): Promise<Message | undefined> {
    let goOn: boolean | undefined;
    const stored = async (): Promise<boolean> => (goOn ??= opts.stored ? await opts.stored() : true);
    let run = await this.deps.desk.latestRun(channel);
    if (!run) return undefined;
    const sentAt = decidingTime(msg.sentAt, this.deps.clock.now());
    let target = answerTarget(run, msg.text, msg.threadId);
    // The run may come from the read cache, taken before another process posted the question: a
    // thread reply or an `A<k>` message that matches nothing is checked against a fresh read.
    const maybeAnswer = msg.threadId !== undefined || target.kind === 'unknown-question';
    // A question being posted right now has no ref yet: a fast reply may arrive first. Wait for the post to be recorded,
    // the reply kept meanwhile under the post it replies to, so a process that dies while waiting loses nothing.
    let kept = false;
    for (
      let attempt = 0;
      !KNOWN_TARGETS.has(target.kind) &&
      beforeEnd(run, sentAt) &&
      (run.outbox.length > 0 || (attempt === 0 && maybeAnswer)) &&
      attempt < 5;
      attempt++
    ) {
      if (!kept && msg.threadId !== undefined && run.outbox.length > 0) {
        kept = await this.keepUnmatched(run.id, actor, msg, msg.threadId, sentAt);
        if (kept && !(await stored())) return undefined;
      }
      run = (await this.deps.desk.settled(run.id, attempt === 0 ? 0 : 200)) ?? run;
      target = answerTarget(run, msg.text, msg.threadId);
    }
    if (target.kind === 'ignore') return undefined;
    if (tooLate(run, msg.id, sentAt))
      return this.late(actor, run, target.kind === 'answer' ? 'answer-late' : undefined);
    // Never silence: a blank reply, a bare `A1` or an overlong paste is not recorded, and its author hears why.
    if (target.kind === 'empty')
      return notice(await this.deps.langOf(actor, run), 'empty-answer', { n: target.number });
    if (target.kind === 'too-long') return notice(await this.deps.langOf(actor, run), 'too-long', { max: target.max });
    if (target.kind === 'unknown-question') {
      return notice(await this.deps.langOf(actor, run), 'unknown-question', {
        n: target.number,
        max: run.questions.filter((q) => q.ref).length,
      });
    }
    const answer: Answer = {
      id: msg.id,
      number: target.number,
      user: { id: actor.id, name: actor.name },
      text: target.text,
      at: this.deps.clock.now(),
      sentAt,
      reactions: 0,
      via: target.via,
      ...(msg.permalink ? { permalink: msg.permalink } : {}),
    };
    // A new message is one write; the same message again (a redelivery, the author's name found, a reply kept
    // while its question was being posted) keeps its first time and its reactions.
    if (!(await this.deps.store.addAnswer(run.id, answer))) {
      const existing = await this.deps.store.getAnswer(run.id, msg.id);
      await this.deps.store.putAnswer(run.id, {
        ...answer,
        at: existing?.at ?? answer.at,
        reactions: existing?.reactions ?? 0,
      });
    }
    if (!(await stored())) return undefined;
    // The end may have been decided, or the recap counted, while this was being written: then it does not count.
    if (!(await this.end.answerCounts(run.id, msg.id, sentAt))) {
      await this.deps.store.deleteAnswer(run.id, msg.id);
      return this.late(actor, run, 'answer-late');
    }
    if (target.via === 'prefix') await this.linkIntoThread(run, target.number, actor, target.text, msg);
    return undefined;
  }

  /**
   * An edited message: the stored answer takes the new text. After the end, nothing changes
   * and the author (when known) hears so.
   */
  async edit(
    channel: ChannelRef,
    messageId: string,
    text: string,
    change: ChangeOptions = {},
  ): Promise<Message | undefined> {
    const run = await this.deps.desk.latestRun(channel);
    if (!run) return undefined;
    const sentAt = decidingTime(change.sentAt, this.deps.clock.now());
    return this.answerLocks.run(`${run.id}:${messageId}`, async () => {
      const answer = await this.deps.store.getAnswer(run.id, messageId);
      if (!answer) return undefined;
      if (!beforeEnd(run, sentAt) || run.counted) return this.late(change.author, run, 'change-late');
      const body = answer.via === 'prefix' ? (parseAnswerPrefix(text)?.body ?? text.trim()) : text.trim();
      if (!body) await this.deps.store.deleteAnswer(run.id, messageId);
      else await this.deps.store.putAnswer(run.id, { ...answer, text: body, editedAt: this.deps.clock.now() });
      return this.unlessLate(run, answer, sentAt, change.author);
    });
  }

  /** A deleted message: its answer leaves the store and the recap, unless the chat has ended. */
  async remove(channel: ChannelRef, messageId: string, change: ChangeOptions = {}): Promise<Message | undefined> {
    const run = await this.deps.desk.latestRun(channel);
    if (!run) return undefined;
    const sentAt = decidingTime(change.sentAt, this.deps.clock.now());
    return this.answerLocks.run(`${run.id}:${messageId}`, async () => {
      const answer = await this.deps.store.getAnswer(run.id, messageId);
      if (!answer) return undefined;
      if (!beforeEnd(run, sentAt) || run.counted) return this.late(change.author, run, 'change-late');
      await this.deps.store.deleteAnswer(run.id, messageId);
      return this.unlessLate(run, answer, sentAt, change.author);
    });
  }

  /** After an edit or a deletion is written: when it came too late after all, the answer as it was comes back. */
  private async unlessLate(
    run: Run,
    before: Answer,
    sentAt: number,
    author: Actor | undefined,
  ): Promise<Message | undefined> {
    if (await this.end.changeCounts(run.id, sentAt)) return undefined;
    await this.deps.store.putAnswer(run.id, before);
    return this.late(author, run, 'change-late');
  }

  /** "This chat has ended; … not recorded", for `actor` in their language (nothing when unknown or not an answer). */
  private async late(
    actor: Actor | undefined,
    run: Run,
    key: 'answer-late' | 'change-late' | undefined,
  ): Promise<Message | undefined> {
    if (!actor || !key) return undefined;
    return notice(await this.deps.langOf(actor, run), key, key === 'change-late' ? { sub: 'forget-me' } : undefined);
  }

  /** A reaction added to or removed from a message; counted once per person and emoji. */
  async react(channel: ChannelRef, actor: Actor, messageId: string, reaction: string, added: boolean): Promise<void> {
    const run = await this.deps.desk.latestRun(channel);
    if (!run) return;
    await this.answerLocks.run(`${run.id}:${messageId}`, async () => {
      const answer = await this.deps.store.getAnswer(run.id, messageId);
      if (!answer) return;
      const store = this.deps.store;
      const changed = added
        ? await store.addReaction(run.id, messageId, actor.id, reaction)
        : await store.removeReaction(run.id, messageId, actor.id, reaction);
      if (!changed) return;
      await store.putAnswer(run.id, { ...answer, reactions: Math.max(0, answer.reactions + (added ? 1 : -1)) });
    });
  }

  /**
   * Stores a thread reply whose question is not known yet (number 0, under `thread`): the
   * recap and the exports count it once a question turns out to have been posted under that id.
   */
  private async keepUnmatched(
    runId: string,
    actor: Actor,
    msg: InboundMessage,
    thread: string,
    sentAt: number,
  ): Promise<boolean> {
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
      sentAt,
      reactions: existing?.reactions ?? 0,
      via: 'thread',
      ...(msg.permalink ? { permalink: msg.permalink } : {}),
    });
    return true;
  }

  /** Posts a copy of an `A<k>` channel message into question k's thread, once per message. */
  private async linkIntoThread(
    run: Run,
    number: number,
    actor: Actor,
    text: string,
    msg: InboundMessage,
  ): Promise<void> {
    const q = run.questions.find((x) => x.number === number);
    if (!q?.ref) return;
    const key = `${run.id}:link:${msg.id}`;
    const store = this.deps.store;
    if ((await store.getStep(key))?.state === 'done') return;
    await store.putStep(key, { state: 'started', at: this.deps.clock.now() });
    const message: Message = {
      kind: 'answer-link',
      langs: run.plan.languages,
      number,
      author: actor.name,
      text,
      source: { id: msg.id, ...(msg.permalink ? { permalink: msg.permalink } : {}) },
    };
    try {
      const ref = await this.deps.runner.portOf(run).post(run.channel, message, { key, thread: q.ref });
      await store.putStep(key, { state: 'done', at: this.deps.clock.now(), ref });
    } catch (err) {
      // The answer itself is stored; only the convenience copy in the thread is missing.
      this.deps.logger.warn({ err, runId: run.id, question: number }, 'could not link an A<k> answer into its thread');
    }
  }
}
