/**
 * The session engine: a pure function from a run, an event and the time to the next run and
 * the effects to carry out. Nothing here performs I/O; the runner does, exactly once per key.
 */
import type { Localized } from '../plan/plan.js';
import type { Effect, Run, RunPoll } from './run.js';
import type { NoticeKey } from './messages.js';
import { elapsedMs, pendingSteps, stepKey, type Step } from './timeline.js';

/** An ad-hoc poll asked by an organizer during the chat. */
export interface AdHocPoll {
  question: Localized;
  options: Localized[];
  multiple: number;
  anonymous: boolean;
  results: 'live' | 'hidden';
  /** Plan ms from now until it closes; default: the end of the chat. */
  closeAfterMs?: number;
}

/** What can happen to a run. */
export type RunEvent =
  | { type: 'tick' }
  | { type: 'stop' }
  | { type: 'next' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'add-question'; text: Localized }
  | { type: 'add-poll'; poll: AdHocPoll };

/** A notice for the person who caused the event (only they see it). */
export interface Notice {
  key: NoticeKey;
  vars?: Record<string, string | number>;
}

/** The engine's answer: the next run, the effects to carry out in order, and a notice. */
export interface Decision {
  run: Run;
  effects: Effect[];
  notice?: Notice;
}

/**
 * Decides what `event` does to `run` at wall time `now`.
 *
 * @example
 * const { run: next, effects } = decide(run, { type: 'tick' }, clock.now());
 */
export function decide(run: Run, event: RunEvent, now: number): Decision {
  if (run.status === 'ended') return { run, effects: [], notice: { key: 'no-run-here' } };
  switch (event.type) {
    case 'tick':
      return advance(run, now);
    case 'stop':
      return stop(run, now);
    case 'next':
      return next(run, now);
    case 'pause':
      if (run.status === 'paused') return { run, effects: [], notice: { key: 'already-paused' } };
      return { run: { ...run, status: 'paused', pausedAt: now }, effects: [], notice: { key: 'paused' } };
    case 'resume':
      return resume(run, now);
    case 'add-question':
      return addQuestion(run, event.text, now);
    case 'add-poll':
      return addPoll(run, event.poll, now);
  }
}

/** Decides every step that is due at `now`, in timeline order. */
function advance(run: Run, now: number, notice?: Notice): Decision {
  const at = elapsedMs(run, now);
  const due = pendingSteps(run).filter((s) => s.atMs <= at);
  return applySteps(run, due, now, notice);
}

function applySteps(run: Run, steps: Step[], now: number, notice?: Notice): Decision {
  if (steps.length === 0) return { run, effects: [], ...(notice ? { notice } : {}) };
  let next: Run = {
    ...run,
    decided: [...run.decided],
    polls: run.polls.map((p) => ({ ...p })),
    outbox: [...run.outbox],
  };
  const effects: Effect[] = [];
  for (const step of steps) {
    const effect = effectOf(next, step);
    next.decided.push(step.id);
    if (step.kind === 'open-poll') setPollState(next, step.number, 'open');
    if (step.kind === 'close-poll' && effect) setPollState(next, step.number, 'closed');
    // The run is marked ended by the runner once the recap is posted, so a restart in between still posts it.
    if (step.kind === 'recap') next = { ...next, endedAt: now, pausedAt: undefined };
    if (effect) effects.push(effect);
  }
  next.outbox.push(...effects);
  return { run: next, effects, ...(notice ? { notice } : {}) };
}

function effectOf(run: Run, step: Step): Effect | undefined {
  const key = stepKey(run, step.id);
  switch (step.kind) {
    case 'welcome':
      return { kind: 'post-welcome', key };
    case 'question':
      return { kind: 'post-question', key, question: step.number ?? 0 };
    case 'open-poll':
      return { kind: 'open-poll', key, poll: step.number ?? 0 };
    case 'close-poll':
      // A poll that never opened (the chat was stopped first) closes without a post.
      return pollOf(run, step.number)?.state === 'open'
        ? { kind: 'close-poll', key, poll: step.number ?? 0 }
        : undefined;
    case 'closing':
      return { kind: 'post-closing', key };
    case 'recap':
      return { kind: 'post-recap', key };
  }
}

function pollOf(run: Run, number: number | undefined): RunPoll | undefined {
  return run.polls.find((p) => p.number === number);
}

function setPollState(run: Run, number: number | undefined, state: RunPoll['state']): void {
  const poll = pollOf(run, number);
  if (poll) poll.state = state;
}

/** Ends the chat now: open polls close, questions not yet asked are dropped, then closing and recap. */
function stop(run: Run, now: number): Decision {
  const remaining = pendingSteps(run);
  const kept = remaining.filter((s) => s.kind === 'close-poll' || s.kind === 'closing' || s.kind === 'recap');
  const dropped = remaining.filter((s) => !kept.includes(s)).map((s) => s.id);
  const run2: Run = { ...run, decided: [...run.decided, ...dropped], endMs: Math.min(run.endMs, elapsedMs(run, now)) };
  return applySteps(run2, kept, now, { key: 'stopped' });
}

/** Posts the next question now; everything after it moves earlier by the same amount. */
function next(run: Run, now: number): Decision {
  const at = elapsedMs(run, now);
  const question = pendingSteps(run).find((s) => s.kind === 'question');
  if (!question) return { run, effects: [], notice: { key: 'no-next' } };
  const gain = Math.max(0, question.atMs - at);
  return advance({ ...run, shiftMs: run.shiftMs + gain }, now, {
    key: 'question-added',
    vars: { n: question.number ?? 0 },
  });
}

function resume(run: Run, now: number): Decision {
  if (run.status !== 'paused' || run.pausedAt === undefined) return { run, effects: [], notice: { key: 'not-paused' } };
  const held = (now - run.pausedAt) * run.speed;
  const resumed: Run = { ...run, status: 'running', pausedAt: undefined, shiftMs: run.shiftMs - held };
  return advance(resumed, now, { key: 'resumed' });
}

function addQuestion(run: Run, text: Localized, now: number): Decision {
  const number = run.questions.length + 1;
  const atMs = Math.min(elapsedMs(run, now), run.endMs);
  const added: Run = { ...run, questions: [...run.questions, { number, text, atMs, extra: true }] };
  return advance(added, now, { key: 'question-added', vars: { n: number } });
}

function addPoll(run: Run, poll: AdHocPoll, now: number): Decision {
  const number = run.polls.length + 1;
  const atMs = Math.min(elapsedMs(run, now), run.endMs);
  const closesMs = poll.closeAfterMs === undefined ? run.endMs : Math.min(run.endMs, atMs + poll.closeAfterMs);
  const added: Run = {
    ...run,
    polls: [
      ...run.polls,
      {
        number,
        question: poll.question,
        options: poll.options,
        atMs,
        closesMs,
        multiple: poll.multiple,
        anonymous: poll.anonymous,
        results: poll.results,
        state: 'pending',
      },
    ],
  };
  return advance(added, now, { key: 'poll-added', vars: { n: number } });
}
