/**
 * Carries out a run's decided effects through the platform's `ChatPort`, exactly once per
 * step key: each step is journaled as `started` before and `done` (with the post's ref) after.
 * After a crash, a `started` step is looked up on the platform (`findPosted`) before it is
 * posted again; a `done` step is never repeated.
 */
import type { ChatPort, Clock, Logger, Metrics, Store, AnonymousKeys } from '../ports.js';
import type { Effect, MessageRef, Run } from '../engine/run.js';
import type { Ballot } from '../engine/records.js';
import type { RecapData } from '../engine/recap-data.js';
import { buildRecap, type DetectLanguage } from '../engine/build-recap.js';
import { closingMessage, pollMessage, questionMessage, recapMessage, welcomeMessage } from '../engine/step-message.js';
import { tallyOf } from '../engine/votes.js';
import { countedAnswers, matchedAnswers } from '../engine/answers.js';
import { stepKey } from '../engine/timeline.js';
import { RoundtableError } from '../errors.js';

/**
 * The journal key written just before the recap lists the answers it counts: an answer
 * stored before it is seen by that listing; one stored after it reads it and waits for
 * `run.counted` to know whether it was counted.
 */
export function countingKey(run: Pick<Run, 'id'>): string {
  return stepKey(run as Run, 'counting');
}

/** What the runner needs. */
export interface RunnerDeps {
  store: Store;
  /** Recognizes anonymous voters among the participants the recap counts. */
  keys: AnonymousKeys;
  ports: Partial<Record<Run['channel']['platform'], ChatPort>>;
  clock: Clock;
  logger: Logger;
  detectLanguage?: DetectLanguage;
  /** Counts effects done and failed attempts (each failed one is tried again by the ticker). */
  metrics?: Metrics;
}

/** Carries out effects. The caller holds the run's lock. */
export class Runner {
  constructor(private readonly deps: RunnerDeps) {}

  /** The port of a run's platform. */
  portOf(run: Run): ChatPort {
    const port = this.deps.ports[run.channel.platform];
    if (!port)
      throw new RoundtableError(
        'platform_unavailable',
        `No ${run.channel.platform} connection is configured for run ${run.id}.`,
      );
    return port;
  }

  /**
   * Performs every effect of `run.outbox` in order, saving the run after each one.
   * Stops at the first failure (the effect stays in the outbox for the next attempt), and before
   * the next effect once `opts.signal` is aborted.
   */
  async carryOut(run: Run, opts: { signal?: AbortSignal } = {}): Promise<Run> {
    let current = run;
    // A lost lease aborts the signal: start no further effect (the next holder resumes from the journal).
    while (current.outbox.length > 0 && !opts.signal?.aborted) {
      const effect = current.outbox[0]!;
      if (effect.kind === 'post-recap') current = await this.countAnswers(current, effect.key);
      const ref = await this.once(current, effect);
      current = { ...withResult(current, effect, ref), outbox: current.outbox.slice(1) };
      await this.deps.store.saveRun(current);
    }
    return current;
  }

  /** All ballots of a run's polls, by poll number. */
  async ballotsOf(run: Run): Promise<Map<number, Ballot[]>> {
    const map = new Map<number, Ballot[]>();
    for (const p of run.polls) map.set(p.number, await this.deps.store.listBallots(run.id, p.number));
    return map;
  }

  /** The recap figures of a run, from what the store holds now (only what it counted, once counted). */
  async recapOf(run: Run): Promise<RecapData> {
    const answers = countedAnswers(run, await this.deps.store.listAnswers(run.id));
    const detect = this.deps.detectLanguage;
    return buildRecap({
      run,
      answers,
      ballots: await this.ballotsOf(run),
      now: this.deps.clock.now(),
      keys: this.deps.keys,
      ...(detect ? { detectLanguage: detect } : {}),
    });
  }

  /**
   * Fixes, once, which answers the recap counts (saved in the run before it is posted, so a
   * retry or another process posts the same recap): the journal's `counting` mark first, then
   * the listing.
   */
  private async countAnswers(run: Run, recapKey: string): Promise<Run> {
    const { store, clock } = this.deps;
    if (run.counted || (await store.getStep(recapKey))?.state === 'done') return run;
    await store.putStep(countingKey(run), { state: 'started', at: clock.now() });
    const counted: Run = { ...run, counted: matchedAnswers(run, await store.listAnswers(run.id)).map((a) => a.id) };
    await store.saveRun(counted);
    return counted;
  }

  private async once(run: Run, effect: Effect): Promise<MessageRef | undefined> {
    const { store, clock, logger } = this.deps;
    const record = await store.getStep(effect.key);
    if (record?.state === 'done') return record.ref;
    let ref: MessageRef | undefined;
    if (record?.state === 'started' && isPost(effect)) {
      ref = await this.portOf(run).findPosted?.(run.channel, effect.key);
      if (ref)
        logger.info({ runId: run.id, step: effect.key }, 'step was posted before a restart; not posting it again');
    }
    if (!ref) {
      await store.putStep(effect.key, { state: 'started', at: clock.now() });
      ref = await this.perform(run, effect).catch((err: unknown) => {
        this.deps.metrics?.count('effects_failed', { kind: effect.kind });
        throw err;
      });
    }
    await store.putStep(effect.key, { state: 'done', at: clock.now(), ...(ref ? { ref } : {}) });
    this.deps.metrics?.count('effects_done', { kind: effect.kind });
    logger.debug({ runId: run.id, channel: run.channel.id, step: effect.key }, 'step done');
    return ref;
  }

  private async perform(run: Run, effect: Effect): Promise<MessageRef | undefined> {
    const port = this.portOf(run);
    const post = (message: Parameters<ChatPort['post']>[1]) => port.post(run.channel, message, { key: effect.key });
    switch (effect.kind) {
      case 'post-welcome':
        return post(welcomeMessage(run));
      case 'post-question':
        return post(questionMessage(run, effect.question));
      case 'open-poll': {
        const poll = pollOf(run, effect.poll);
        const tally = tallyOf(poll, await this.deps.store.listBallots(run.id, poll.number));
        return post(pollMessage(run, { ...poll, state: 'open' }, tally));
      }
      case 'close-poll': {
        const poll = pollOf(run, effect.poll);
        const tally = tallyOf(poll, await this.deps.store.listBallots(run.id, poll.number));
        const message = pollMessage(run, { ...poll, state: 'closed' }, tally);
        if (!poll.ref) return post(message);
        await port.update(run.channel, poll.ref, message);
        return poll.ref;
      }
      case 'post-closing':
        return post(closingMessage(run));
      case 'post-recap':
        return post(recapMessage(await this.recapOf(run)));
    }
  }
}

function isPost(effect: Effect): boolean {
  return effect.kind !== 'close-poll';
}

function pollOf(run: Run, number: number) {
  const poll = run.polls.find((p) => p.number === number);
  if (!poll) throw new RoundtableError('internal', `Run ${run.id} has no poll ${number}.`);
  return poll;
}

/** Records where a question or poll was posted, so replies and updates find it. */
function withResult(run: Run, effect: Effect, ref: MessageRef | undefined): Run {
  if (effect.kind === 'post-recap') return { ...run, status: 'ended' };
  if (!ref) return run;
  if (effect.kind === 'post-question') {
    return { ...run, questions: run.questions.map((q) => (q.number === effect.question ? { ...q, ref } : q)) };
  }
  if (effect.kind === 'open-poll' || effect.kind === 'close-poll') {
    return { ...run, polls: run.polls.map((p) => (p.number === effect.poll ? { ...p, ref } : p)) };
  }
  return run;
}
