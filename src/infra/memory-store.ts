/**
 * A `Store` kept in memory: for rehearsals (`roundtable rehearse`) and engine tests. Nothing
 * survives the process; use SQLite or Redis to keep chats.
 */
import type { Lang } from '../core/plan/plan.js';
import type { Run } from '../core/engine/run.js';
import type { Answer, Ballot } from '../core/engine/records.js';
import type { StepRecord, Store } from '../core/ports.js';

const clone = <T>(v: T): T => structuredClone(v);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** An in-memory store. `now` is used for event-id expiry. */
export class MemoryStore implements Store {
  private readonly runs = new Map<string, Run>();
  private readonly answers = new Map<string, Map<string, Answer>>();
  private readonly ballots = new Map<string, Map<string, Ballot>>();
  private readonly reactions = new Set<string>();
  private readonly steps = new Map<string, StepRecord>();
  private readonly events = new Map<string, number>();
  private readonly langs = new Map<string, Lang>();
  private readonly values = new Map<string, { value: unknown; until?: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async getRun(id: string) {
    return this.runs.get(id);
  }
  /** Runs are kept frozen, so readers share one copy and nobody can change it in place. */
  async saveRun(run: Run) {
    this.runs.set(run.id, deepFreeze(clone(run)));
  }
  async activeRunIds() {
    return [...this.runs.values()].filter((r) => r.status !== 'ended').map((r) => r.id);
  }
  async allRunIds() {
    return [...this.runs.values()].sort((a, b) => a.startedAt - b.startedAt).map((r) => r.id);
  }
  async deleteRun(id: string) {
    this.runs.delete(id);
    this.answers.delete(id);
    for (const key of [...this.ballots.keys()]) if (key.startsWith(`${id}:`)) this.ballots.delete(key);
    for (const key of [...this.steps.keys()]) if (key.startsWith(`${id}:`)) this.steps.delete(key);
  }

  async putAnswer(runId: string, answer: Answer) {
    this.mapOf(this.answers, runId).set(answer.id, clone(answer));
  }
  async addAnswer(runId: string, answer: Answer) {
    const answers = this.mapOf(this.answers, runId);
    if (answers.has(answer.id)) return false;
    answers.set(answer.id, clone(answer));
    return true;
  }
  async getAnswer(runId: string, answerId: string) {
    const a = this.answers.get(runId)?.get(answerId);
    return a && clone(a);
  }
  async deleteAnswer(runId: string, answerId: string) {
    this.answers.get(runId)?.delete(answerId);
  }
  async listAnswers(runId: string) {
    return [...(this.answers.get(runId)?.values() ?? [])]
      .map(clone)
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  }

  async putBallot(runId: string, ballot: Ballot) {
    this.mapOf(this.ballots, `${runId}:${ballot.poll}`).set(ballot.voter, clone(ballot));
  }
  async getBallot(runId: string, poll: number, voter: string) {
    const b = this.ballots.get(`${runId}:${poll}`)?.get(voter);
    return b && clone(b);
  }
  async deleteBallot(runId: string, poll: number, voter: string) {
    this.ballots.get(`${runId}:${poll}`)?.delete(voter);
  }
  async listBallots(runId: string, poll: number) {
    return [...(this.ballots.get(`${runId}:${poll}`)?.values() ?? [])].map(clone);
  }

  async addReaction(runId: string, answerId: string, user: string, reaction: string) {
    const key = `${runId}\u0000${answerId}\u0000${user}\u0000${reaction}`;
    if (this.reactions.has(key)) return false;
    this.reactions.add(key);
    return true;
  }
  async removeReaction(runId: string, answerId: string, user: string, reaction: string) {
    return this.reactions.delete(`${runId}\u0000${answerId}\u0000${user}\u0000${reaction}`);
  }

  async getStep(key: string) {
    const s = this.steps.get(key);
    return s && clone(s);
  }
  async putStep(key: string, record: StepRecord) {
    this.steps.set(key, clone(record));
  }

  async claimEvent(eventId: string, ttlMs: number) {
    const until = this.events.get(eventId);
    if (until !== undefined && until > this.now()) return false;
    this.events.set(eventId, this.now() + ttlMs);
    return true;
  }

  async getUserLang(user: string) {
    return this.langs.get(user);
  }
  async setUserLang(user: string, lang: Lang) {
    this.langs.set(user, lang);
  }

  async getValue<T>(key: string) {
    const v = this.values.get(key);
    if (!v || (v.until !== undefined && v.until <= this.now())) return undefined;
    return clone(v.value) as T;
  }
  async setValue<T>(key: string, value: T, ttlMs?: number) {
    this.values.set(key, { value: clone(value), ...(ttlMs ? { until: this.now() + ttlMs } : {}) });
  }
  async deleteValue(key: string) {
    this.values.delete(key);
  }

  async forgetUser(user: string) {
    let count = 0;
    for (const answers of this.answers.values()) {
      for (const [id, a] of answers) if (a.user.id === user && answers.delete(id)) count++;
    }
    for (const ballots of this.ballots.values()) {
      for (const [voter, b] of ballots) if (b.user?.id === user && ballots.delete(voter)) count++;
    }
    return count;
  }
  async purgeBefore(before: number) {
    const old = [...this.runs.values()].filter((r) => r.status === 'ended' && (r.endedAt ?? 0) < before);
    for (const r of old) await this.deleteRun(r.id);
    return old.length;
  }
  async close() {}

  private mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
    let m = maps.get(key);
    if (!m) maps.set(key, (m = new Map()));
    return m;
  }
}
