/** Creates the run of a plan in a channel: the questions and polls it will ask, nothing decided yet. */
import type { Plan } from '../plan/plan.js';
import type { ChannelRef, Run } from './run.js';

/** What a new run needs besides its plan and channel. */
export interface NewRunOptions {
  id: string;
  startedBy: string;
  now: number;
  /** Rehearsal speed (plan ms per wall ms), default 1. */
  speed?: number;
}

/**
 * A fresh run of `plan` in `channel`, started at `opts.now`.
 *
 * @example
 * const run = createRun(plan, { platform: 'slack', id: 'C123' }, { id: 'r1', startedBy: 'U1', now });
 */
export function createRun(plan: Plan, channel: ChannelRef, opts: NewRunOptions): Run {
  return {
    id: opts.id,
    planId: plan.id,
    plan,
    channel,
    status: 'running',
    startedBy: opts.startedBy,
    startedAt: opts.now,
    speed: opts.speed ?? 1,
    shiftMs: 0,
    questions: plan.questions.map((q, i) => ({ number: i + 1, text: q.text, atMs: q.atMs, extra: false })),
    polls: plan.polls.map((p, i) => ({
      number: i + 1,
      question: p.question,
      options: p.options,
      atMs: p.atMs,
      closesMs: p.closesMs,
      multiple: p.multiple,
      anonymous: p.anonymous,
      results: p.results,
      state: 'pending',
    })),
    decided: [],
    endMs: plan.durationMs,
    outbox: [],
    lang: plan.languages[0] ?? 'en',
  };
}
