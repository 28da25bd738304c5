/**
 * Plan time of a run: how far into the chat we are, and the ordered steps of its timeline.
 * Wall time maps to plan time through the start, the rehearsal speed, pauses and `next`.
 */
import type { Run } from './run.js';

/** The kinds of timeline steps, in the order they run when they fall at the same time. */
export type StepKind = 'welcome' | 'close-poll' | 'question' | 'open-poll' | 'closing' | 'recap';

const RANK: Record<StepKind, number> = {
  welcome: 0,
  'close-poll': 1,
  question: 2,
  'open-poll': 3,
  closing: 4,
  recap: 5,
};

/** One step of a run's timeline. `id` is unique within the run (`q3`, `p1-open`, ...). */
export interface Step {
  id: string;
  kind: StepKind;
  atMs: number;
  /** Question or poll number. */
  number?: number;
}

/** Plan ms elapsed at wall time `now` (frozen while paused). */
export function elapsedMs(run: Run, now: number): number {
  const wall = (run.pausedAt ?? now) - run.startedAt;
  return Math.max(0, wall * run.speed + run.shiftMs);
}

/** Wall-clock epoch ms at which plan offset `atMs` is reached (if the run is not paused). */
export function wallTimeOf(run: Run, atMs: number): number {
  return run.startedAt + (atMs - run.shiftMs) / run.speed;
}

/** Every step of the run's timeline, in order. */
export function timelineOf(run: Run): Step[] {
  const steps: Step[] = [{ id: 'welcome', kind: 'welcome', atMs: 0 }];
  for (const q of run.questions) steps.push({ id: `q${q.number}`, kind: 'question', atMs: q.atMs, number: q.number });
  for (const p of run.polls) {
    steps.push({ id: `p${p.number}-open`, kind: 'open-poll', atMs: p.atMs, number: p.number });
    steps.push({
      id: `p${p.number}-close`,
      kind: 'close-poll',
      atMs: Math.min(p.closesMs, run.endMs),
      number: p.number,
    });
  }
  steps.push({ id: 'closing', kind: 'closing', atMs: run.endMs }, { id: 'recap', kind: 'recap', atMs: run.endMs });
  return steps.sort((a, b) => a.atMs - b.atMs || RANK[a.kind] - RANK[b.kind] || (a.number ?? 0) - (b.number ?? 0));
}

/** Steps not yet decided, in order. */
export function pendingSteps(run: Run): Step[] {
  const decided = new Set(run.decided);
  return timelineOf(run).filter((s) => !decided.has(s.id));
}

/** The stable effect key of a step: `<runId>:<stepId>`. */
export function stepKey(run: Run, stepId: string): string {
  return `${run.id}:${stepId}`;
}
