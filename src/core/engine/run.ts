/**
 * The state of one chat run (its "header"): the timeline and what has been posted.
 * Answers, ballots and reactions are stored as their own records (one write per event),
 * never inside the run.
 */
import type { Lang, Localized, Plan, PlanPoll } from '../plan/plan.js';

/** Which platform a channel lives on. */
export type Platform = 'slack' | 'teams' | 'playground' | 'console';

/** A channel on a platform. */
export interface ChannelRef {
  platform: Platform;
  /** Platform channel id (Slack `C…`, Teams channel conversation id, playground room). */
  id: string;
  /** Slack team id or Teams tenant id, when known. */
  workspace?: string;
  /** Display name (`#leadersgc`), when known. */
  name?: string;
}

/** A message the bot posted: its platform id (Slack `ts`, Teams activity id). */
export interface MessageRef {
  id: string;
  /** A link people can open, when the platform has one. */
  permalink?: string;
}

/** A question as asked in this run (plan questions first, then extra ones). */
export interface RunQuestion {
  number: number;
  text: Localized;
  /** Plan-time offset at which it is posted. */
  atMs: number;
  extra: boolean;
  ref?: MessageRef;
}

/** A poll as run (plan polls first, then ad-hoc ones): the plan's poll with its number, state and post. */
export interface RunPoll extends PlanPoll {
  number: number;
  state: 'pending' | 'open' | 'closed';
  ref?: MessageRef;
}

/** Lifecycle of a run. */
export type RunStatus = 'running' | 'paused' | 'ended';

/** One chat run. */
export interface Run {
  id: string;
  planId: string;
  /** A snapshot of the plan at start, so later edits of the file do not change a running chat. */
  plan: Plan;
  channel: ChannelRef;
  status: RunStatus;
  /** Who started it (user id) or `schedule`. */
  startedBy: string;
  /** Wall-clock epoch ms of the start. */
  startedAt: number;
  /** Rehearsal speed: plan ms per wall ms. */
  speed: number;
  /** Plan ms added to the elapsed time by `next` (positive) and removed by pauses (negative). */
  shiftMs: number;
  /** Wall-clock epoch ms of the current pause. */
  pausedAt?: number;
  /**
   * Wall-clock epoch ms of the end: the moment its end steps (closing, recap) were decided,
   * recorded once. Messages whose platform time is at or after it are late (`beforeEnd`).
   */
  endedAt?: number;
  questions: RunQuestion[];
  polls: RunPoll[];
  /**
   * Ids of the answers the recap counted, fixed once when it is made: the recap and every
   * export hold exactly these (see `countedAnswers`).
   */
  counted?: string[];
  /** Keys of timeline steps already decided (their effects are in the outbox or done). */
  decided: string[];
  /** Plan-time offset of the end of the chat. */
  endMs: number;
  /** Effects decided but not yet confirmed done by the runner, in order. */
  outbox: Effect[];
  /** Language of texts only one language can carry (the first plan language). */
  lang: Lang;
  /**
   * Only in runs started before `ROUNDTABLE_SECRET`: the per-run secret their anonymous ballots
   * were keyed with (see `voterKey`). New runs keep no secret in the store.
   */
  secret?: string;
}

/**
 * A timeline step the engine decided and the runner carries out through a `ChatPort`.
 * Its `key` (`<runId>:<step>`) is stable: the runner journals it before and after, so a
 * crash, a retry or a second process never performs it twice.
 */
export type Effect =
  | { kind: 'post-welcome'; key: string }
  | { kind: 'post-question'; key: string; question: number }
  | { kind: 'open-poll'; key: string; poll: number }
  | { kind: 'close-poll'; key: string; poll: number }
  | { kind: 'post-closing'; key: string }
  | { kind: 'post-recap'; key: string };
