/**
 * The `Store` port on a backend (SQLite or Redis). One answer, ballot or reaction is one
 * write; a run's answers and a poll's ballots are one collection each, so listing them
 * reads exactly those records. Run indexes (`runs`, `active`) are kept in `saveRun`.
 */
import type { Lang } from '../../core/plan/plan.js';
import type { Run, RunStatus } from '../../core/engine/run.js';
import type { Answer, Ballot } from '../../core/engine/records.js';
import type { StepRecord, Store } from '../../core/ports.js';
import type { GuardedBackend } from './guarded-backend.js';
import {
  activeColl,
  answersColl,
  ballotsColl,
  eventKey,
  langKey,
  parseReactionField,
  pollsColl,
  reactionField,
  reactionsColl,
  runKey,
  runsColl,
  stepsColl,
  valueKey,
} from './store-keys.js';

/** What the `runs` index keeps of each run: enough for ordering and retention. */
interface RunSummary {
  startedAt: number;
  status: RunStatus;
  endedAt?: number;
}

/** The store without `close` (the caller adds lifecycle and health). */
export type StoreOperations = Omit<Store, 'close'>;

const parse = <T>(json: string): T => JSON.parse(json) as T;

const byTimeThenId = (a: Answer, b: Answer): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ballotOrder = (a: Ballot, b: Ballot): number =>
  a.at - b.at || (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0);

/** Builds every `Store` operation on the guarded backend `db`. */
export function createKeyvStore(db: GuardedBackend): StoreOperations {
  /** Polls whose index entry this process already wrote (saves a write per ballot). */
  const knownPolls = new Set<string>();

  async function runSummaries(): Promise<Array<[string, RunSummary]>> {
    return (await db.hgetall(runsColl)).map(([id, json]): [string, RunSummary] => [id, parse<RunSummary>(json)]);
  }

  /**
   * Deletes the steps of `runId` (keys `runId:…`). A key like `a:b:q1` could belong to run
   * `a` or run `a:b`: it goes to the longest known run id it starts with.
   */
  async function deleteStepsOf(runId: string): Promise<void> {
    const coll = stepsColl(runId);
    const fields = await db.hgetall(coll);
    if (fields.length === 0) return;
    const longer = (await db.hgetall(runsColl))
      .map(([id]) => id)
      .filter((id) => id.length > runId.length && id.startsWith(`${runId}:`));
    const owns = (key: string): boolean =>
      (key === runId || key.startsWith(`${runId}:`)) && !longer.some((id) => key === id || key.startsWith(`${id}:`));
    await Promise.all(fields.filter(([key]) => owns(key)).map(([key]) => db.hdel(coll, key)));
  }

  async function deleteRunCascade(runId: string): Promise<void> {
    const polls = await db.hgetall(pollsColl(runId));
    await Promise.all(polls.map(([poll]) => db.hdrop(ballotsColl(runId, Number(poll)))));
    await Promise.all([db.hdrop(answersColl(runId)), db.hdrop(reactionsColl(runId)), deleteStepsOf(runId)]);
    await db.hdrop(pollsColl(runId));
    for (const key of knownPolls) if (key.startsWith(`${runId}\u0000`)) knownPolls.delete(key);
    await db.del(runKey(runId));
    // The indexes go last: an interrupted purge is found and finished by the next one.
    await Promise.all([db.hdel(runsColl, runId), db.hdel(activeColl, runId)]);
  }

  /** Removes `user`'s answers, named ballots and reaction markers in one run; returns answers + ballots. */
  async function forgetInRun(runId: string, user: string): Promise<number> {
    let removed = 0;
    const answers = answersColl(runId);
    const answerRows = await db.hgetall(answers);
    for (const [id, json] of answerRows) {
      if (parse<Answer>(json).user.id === user && (await db.hdel(answers, id))) removed += 1;
    }
    for (const [poll] of await db.hgetall(pollsColl(runId))) {
      const coll = ballotsColl(runId, Number(poll));
      for (const [voter, json] of await db.hgetall(coll)) {
        if (parse<Ballot>(json).user?.id === user && (await db.hdel(coll, voter))) removed += 1;
      }
    }
    const reactions = reactionsColl(runId);
    for (const [field] of await db.hgetall(reactions)) {
      const marker = parseReactionField(field);
      if (marker?.user !== user || !(await db.hdel(reactions, field))) continue;
      const json = await db.hget(answers, marker.answerId);
      if (json === undefined) continue;
      const answer = parse<Answer>(json);
      await db.hset(answers, answer.id, JSON.stringify({ ...answer, reactions: Math.max(0, answer.reactions - 1) }));
    }
    return removed;
  }

  return {
    async getRun(id) {
      return db.get<Run>(runKey(id));
    },
    async saveRun(run) {
      await db.set(runKey(run.id), run);
      const summary: RunSummary = { startedAt: run.startedAt, status: run.status };
      if (run.endedAt !== undefined) summary.endedAt = run.endedAt;
      await Promise.all([
        db.hset(runsColl, run.id, JSON.stringify(summary)),
        run.status === 'ended' ? db.hdel(activeColl, run.id) : db.hset(activeColl, run.id, '1'),
      ]);
    },
    async activeRunIds() {
      return (await db.hgetall(activeColl)).map(([id]) => id).sort();
    },
    async allRunIds() {
      const runs = await runSummaries();
      runs.sort(([a, x], [b, y]) => x.startedAt - y.startedAt || (a < b ? -1 : a > b ? 1 : 0));
      return runs.map(([id]) => id);
    },
    deleteRun: deleteRunCascade,

    async putAnswer(runId, answer) {
      await db.hset(answersColl(runId), answer.id, JSON.stringify(answer));
    },
    addAnswer: (runId, answer) => db.hsetnx(answersColl(runId), answer.id, JSON.stringify(answer)),
    async getAnswer(runId, answerId) {
      const json = await db.hget(answersColl(runId), answerId);
      return json === undefined ? undefined : parse<Answer>(json);
    },
    async deleteAnswer(runId, answerId) {
      await db.hdel(answersColl(runId), answerId);
    },
    async listAnswers(runId) {
      return (await db.hgetall(answersColl(runId))).map(([, json]) => parse<Answer>(json)).sort(byTimeThenId);
    },

    async putBallot(runId, ballot) {
      await db.hset(ballotsColl(runId, ballot.poll), ballot.voter, JSON.stringify(ballot));
      const known = `${runId}\u0000${ballot.poll}`;
      if (!knownPolls.has(known)) {
        await db.hset(pollsColl(runId), String(ballot.poll), '1');
        knownPolls.add(known);
      }
    },
    async getBallot(runId, poll, voter) {
      const json = await db.hget(ballotsColl(runId, poll), voter);
      return json === undefined ? undefined : parse<Ballot>(json);
    },
    async deleteBallot(runId, poll, voter) {
      await db.hdel(ballotsColl(runId, poll), voter);
    },
    async listBallots(runId, poll) {
      return (await db.hgetall(ballotsColl(runId, poll))).map(([, json]) => parse<Ballot>(json)).sort(ballotOrder);
    },

    addReaction: (runId, answerId, user, reaction) =>
      db.hsetnx(reactionsColl(runId), reactionField(answerId, user, reaction), '1'),
    removeReaction: (runId, answerId, user, reaction) =>
      db.hdel(reactionsColl(runId), reactionField(answerId, user, reaction)),

    async getStep(key) {
      const json = await db.hget(stepsColl(key), key);
      return json === undefined ? undefined : parse<StepRecord>(json);
    },
    async putStep(key, record) {
      await db.hset(stepsColl(key), key, JSON.stringify(record));
    },

    claimEvent: (eventId, ttlMs) => db.claim(eventKey(eventId), ttlMs),

    getUserLang: (user) => db.get<Lang>(langKey(user)),
    async setUserLang(user, lang) {
      await db.set(langKey(user), lang);
    },

    getValue: <T>(key: string) => db.get<T>(valueKey(key)),
    async setValue(key, value, ttlMs) {
      await db.set(valueKey(key), value, ttlMs);
    },
    async deleteValue(key) {
      await db.del(valueKey(key));
    },

    async forgetUser(user) {
      let removed = 0;
      for (const [runId] of await runSummaries()) removed += await forgetInRun(runId, user);
      await db.del(langKey(user));
      return removed;
    },
    async purgeBefore(before) {
      let purged = 0;
      for (const [runId, summary] of await runSummaries()) {
        if (summary.status !== 'ended' || summary.endedAt === undefined || summary.endedAt >= before) continue;
        await deleteRunCascade(runId);
        purged += 1;
      }
      await db.sweep(Date.now());
      return purged;
    },
  };
}
