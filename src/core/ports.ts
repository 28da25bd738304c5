/**
 * What the core needs from the outside world. Adapters and infra implement these; the
 * core never imports an SDK, a store or a scheduler.
 */
import type { Lang, Plan } from './plan/plan.js';
import type { ChannelRef, MessageRef, Run } from './engine/run.js';
import type { Message } from './engine/messages.js';
import type { Answer, Ballot } from './engine/records.js';
import type { PlanProblem } from './plan/plan-problem.js';

/** A platform's way to post. One per platform; the runner picks it by `run.channel.platform`. */
export interface ChatPort {
  /**
   * Post a message in the channel, or in the thread of `thread`. `key` is the step's stable
   * key: a port that can carry metadata stores it so `findPosted` can find the post again.
   */
  post(channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef>;
  /** Replace an earlier post (poll tallies). */
  update(channel: ChannelRef, ref: MessageRef, message: Message): Promise<void>;
  /** A reply only `user` sees (Slack ephemeral; elsewhere the closest the platform has). */
  ephemeral(channel: ChannelRef, user: string, message: Message, opts?: { thread?: MessageRef }): Promise<void>;
  /** After a crash: the post carrying step `key`, if it reached the platform. */
  findPosted?(channel: ChannelRef, key: string): Promise<MessageRef | undefined>;
  /** The channel a plan names (`#leadersgc`, `C0123`), if this platform has it. */
  resolveChannel?(nameOrId: string): Promise<ChannelRef | undefined>;
  /** Share a file (exports) in the channel. */
  upload?(
    channel: ChannelRef,
    file: { name: string; title: string; content: Buffer | string; mime: string },
  ): Promise<void>;
  /** Share a file with `user` alone (Slack: their direct messages with the bot), in the workspace of `channel`. */
  sendFilePrivately?(
    channel: ChannelRef,
    user: string,
    file: { name: string; title: string; content: string; mime: string },
  ): Promise<void>;
}

/** Where a step stands in the exactly-once journal. */
export interface StepRecord {
  state: 'started' | 'done';
  at: number;
  ref?: MessageRef;
}

/** Persistence. Every method that records one participant action is O(1) writes. */
export interface Store {
  getRun(id: string): Promise<Run | undefined>;
  saveRun(run: Run): Promise<void>;
  /** Runs not yet ended (to resume after a restart, find the run of a channel). */
  activeRunIds(): Promise<string[]>;
  /** Every run id, oldest first (reports, retention). */
  allRunIds(): Promise<string[]>;
  deleteRun(id: string): Promise<void>;

  putAnswer(runId: string, answer: Answer): Promise<void>;
  /** Stores `answer` unless an answer with its id is stored already; false then, and nothing is written. */
  addAnswer(runId: string, answer: Answer): Promise<boolean>;
  getAnswer(runId: string, answerId: string): Promise<Answer | undefined>;
  deleteAnswer(runId: string, answerId: string): Promise<void>;
  listAnswers(runId: string): Promise<Answer[]>;

  putBallot(runId: string, ballot: Ballot): Promise<void>;
  getBallot(runId: string, poll: number, voter: string): Promise<Ballot | undefined>;
  deleteBallot(runId: string, poll: number, voter: string): Promise<void>;
  listBallots(runId: string, poll: number): Promise<Ballot[]>;

  /** Records that `user` reacted with `reaction` on `answerId`; false when already recorded. */
  addReaction(runId: string, answerId: string, user: string, reaction: string): Promise<boolean>;
  /** Removes it; false when it was not recorded. */
  removeReaction(runId: string, answerId: string, user: string, reaction: string): Promise<boolean>;

  getStep(key: string): Promise<StepRecord | undefined>;
  putStep(key: string, record: StepRecord): Promise<void>;

  /** True the first time `eventId` is claimed within `ttlMs`, false for a duplicate. */
  claimEvent(eventId: string, ttlMs: number): Promise<boolean>;

  getUserLang(user: string): Promise<Lang | undefined>;
  setUserLang(user: string, lang: Lang): Promise<void>;

  /** Generic small records (Teams conversation references, schedules, export links). */
  getValue<T>(key: string): Promise<T | undefined>;
  setValue<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  deleteValue(key: string): Promise<void>;

  /** Removes every answer and non-anonymous ballot of `user`; returns how many records left. */
  forgetUser(user: string): Promise<number>;
  /** Deletes runs (and their answers, ballots, steps) that ended before `before`. */
  purgeBefore(before: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * The item an anonymous record belongs to. Polls use kind `poll` with the poll number; the
 * anonymous Q&A questions and evaluations to come use kinds `question` and `evaluation`.
 */
export interface AnonymousItem {
  kind: 'poll' | 'question' | 'evaluation';
  runId: string;
  /** The poll number, or the question's or evaluation's id. */
  id: number | string;
}

/**
 * Turns a person into the opaque key of their anonymous record in one item: the same key for
 * the same person and item (it stops double voting and lets a person change or withdraw), a
 * different one in every other item, and no way back to the person without the server secret
 * (`ROUNDTABLE_SECRET`), which never enters the store. Anonymous polls call it through
 * `voterKey`; anonymous Q&A questions and evaluations must key their records with it too,
 * never with a user id, and store no time finer than the minute.
 *
 * @example
 * const key = keys.keyOf({ kind: 'poll', runId: run.id, id: 2 }, actor.id);
 */
export interface AnonymousKeys {
  keyOf(item: AnonymousItem, user: string): string;
}

/** Time. Tests pass a fake one. */
export interface Clock {
  now(): number;
}

/**
 * A lease across processes: one holder at a time until it expires or is released. A holder
 * that works longer than `ttlMs` renews it; once `renew` says false the lease is lost (it
 * expired, and another process may hold it now) and the holder must stop.
 *
 * @example
 * if (await lease.acquire('lock:run:r1', 15_000)) {
 *   // ... every 5 s while working: if (!(await lease.renew('lock:run:r1', 15_000))) stop
 *   await lease.release('lock:run:r1');
 * }
 */
export interface Lease {
  /** Takes `key` for `ttlMs` when nobody holds it; true when taken. */
  acquire(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Extends our hold on `key` to `ttlMs` from now. True while the lease is still ours; false
   * when we never took it, released it, or it expired (it is not taken back then).
   */
  renew(key: string, ttlMs: number): Promise<boolean>;
  /** Frees `key` if it is still ours (never someone else's). */
  release(key: string): Promise<void>;
}

/** Localized strings (i18next behind it). */
export interface Translator {
  t(lang: Lang, key: string, vars?: Record<string, unknown>): string;
}

/** Structured logging (pino behind it). Never pass a token or secret. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The counters the core feeds. */
export type MetricName = 'events' | 'duplicate_events' | 'effects_done' | 'effects_failed' | 'not_recorded';

/** Counters for `/metrics` (a Prometheus registry behind it). Optional: without it nothing is counted. */
export interface Metrics {
  /** Adds one to counter `name` for `labels` (small fixed sets: event kinds, effect kinds). */
  count(name: MetricName, labels?: Record<string, string>): void;
}

/**
 * Finds plans: the plans folder, or the catalogue of files and stored plans. `workspace`
 * (a Slack team, Teams tenant, `playground`) picks the stored plans seen; files are seen everywhere.
 */
export interface PlanSource {
  /** Every plan: valid plans and, for invalid ones, their first error (in `lang`, default English). */
  list(lang?: Lang, workspace?: string): Promise<PlanListing[]>;
  get(id: string, workspace?: string): Promise<Plan | undefined>;
}

/** One entry of `plans`. */
export interface PlanListing {
  id: string;
  /** The file name, for a plan from the plans folder. */
  file: string;
  plan?: Plan;
  error?: string;
  /** Where it comes from (default: a file). */
  origin?: 'file' | 'stored';
  /** A file plan hidden by a stored plan of the same id. */
  shadowed?: boolean;
  /** The current version of a stored plan. */
  version?: PlanVersionInfo;
}

/** Who saved a plan version. */
export interface PlanAuthor {
  id: string;
  name: string;
}

/** One saved version of a stored plan: its number, author and time. */
export interface PlanVersionInfo {
  /** 1, 2, 3…: never reused, even after older versions are dropped. */
  number: number;
  author: PlanAuthor;
  /** Epoch ms of the save. */
  at: number;
}

/** A stored plan at one version: the document as written (the plan format) and the validated plan. */
export interface StoredPlan extends PlanVersionInfo {
  id: string;
  /** The Slack team / Teams tenant / playground it belongs to. */
  workspace: string;
  /** The plan document as the editor and `plan-file` show it (plan format, as JSON). */
  source: Record<string, unknown>;
  plan: Plan;
}

/** What a save says: the new version, a conflict (who saved last and when), or the plan's problems. */
export type PlanSaveResult =
  | { ok: true; saved: StoredPlan }
  | { ok: false; reason: 'conflict'; latest: PlanVersionInfo }
  | { ok: false; reason: 'invalid'; problems: PlanProblem[] }
  | { ok: false; reason: 'unknown' };

/** How a save is made. */
export interface PlanSaveOptions {
  author: PlanAuthor;
  /**
   * The version the editor started from; undefined for a new plan. A save whose base is not
   * the latest version is refused as a conflict, so nobody overwrites a save they never saw.
   */
  baseVersion?: number;
}

/**
 * Plans kept in the store, per workspace, each save a new numbered version (the last 20
 * kept). Never holds an invalid plan: `save` validates with the rules of `roundtable validate`.
 */
export interface PlanStore {
  /** Validates `source` and saves it as the next version of its id. */
  save(workspace: string, source: unknown, opts: PlanSaveOptions): Promise<PlanSaveResult>;
  /** The latest version of every plan of `workspace`, by id. */
  list(workspace: string): Promise<StoredPlan[]>;
  /** The latest version of one plan. */
  get(workspace: string, id: string): Promise<StoredPlan | undefined>;
  /** The kept versions of a plan, newest first (at most 20). */
  versions(workspace: string, id: string): Promise<PlanVersionInfo[]>;
  /** One kept version. */
  getVersion(workspace: string, id: string, number: number): Promise<StoredPlan | undefined>;
  /** Saves the content of version `number` as a new version (conflict rules of `save`). */
  restore(workspace: string, id: string, number: number, opts: PlanSaveOptions): Promise<PlanSaveResult>;
  /** Deletes the plan and every version; false when there was none. */
  delete(workspace: string, id: string): Promise<boolean>;
}
