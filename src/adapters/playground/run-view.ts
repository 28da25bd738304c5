/**
 * What the rehearsal panel shows of a room's latest run: its status and speed, the plan
 * time, and the timeline of what comes next with the wall-clock time of each step.
 */
import type { Localized } from '../../core/plan/plan.js';
import type { Run, RunStatus } from '../../core/engine/run.js';
import { elapsedMs, pendingSteps, wallTimeOf, type StepKind } from '../../core/engine/timeline.js';

/** One step still to come. */
export interface StepView {
  id: string;
  kind: StepKind;
  number?: number;
  /** Plan-time offset (ms from the start). */
  atMs: number;
  /** Wall-clock epoch ms at which it happens; absent while the run is paused. */
  at?: number;
  /** The question or poll text, in the plan's languages. */
  text?: Localized;
}

/** A run as the page sees it. */
export interface RunView {
  id: string;
  planId: string;
  title: Localized;
  status: RunStatus;
  speed: number;
  /** Plan ms elapsed when this view was made, and the length of the chat. */
  elapsedMs: number;
  endMs: number;
  /** Wall-clock epoch ms when this view was made (the page counts on from it while running). */
  now: number;
  steps: StepView[];
}

/** The view of `run` at wall time `now`. */
export function runView(run: Run, now: number): RunView {
  const paused = run.status === 'paused';
  const steps = run.status === 'ended' ? [] : pendingSteps(run);
  return {
    id: run.id,
    planId: run.planId,
    title: run.plan.title,
    status: run.status,
    speed: run.speed,
    elapsedMs: Math.min(run.endMs, elapsedMs(run, now)),
    endMs: run.endMs,
    now,
    steps: steps.map((s) => {
      const text =
        s.kind === 'question'
          ? run.questions.find((q) => q.number === s.number)?.text
          : s.kind === 'open-poll' || s.kind === 'close-poll'
            ? run.polls.find((p) => p.number === s.number)?.question
            : undefined;
      return {
        id: s.id,
        kind: s.kind,
        atMs: s.atMs,
        ...(s.number !== undefined ? { number: s.number } : {}),
        ...(paused ? {} : { at: Math.round(wallTimeOf(run, s.atMs)) }),
        ...(text ? { text } : {}),
      };
    }),
  };
}
