/**
 * The Store contract, run once against a real SQLite file and once against the real Redis
 * at REDIS_URL. Each test opens its own random namespace and removes only its own data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createClient } from '@keyv/redis';
import { createStore, type OpenStore } from '../../src/infra/store/create-store.js';
import { StoreError } from '../../src/infra/store/store-error.js';
import type { Logger } from '../../src/core/ports.js';
import type { Run, RunStatus } from '../../src/core/engine/run.js';
import type { Answer, Ballot } from '../../src/core/engine/records.js';
import { redisRequirement } from '../support/requirements.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const redis = redisRequirement();
const dir = mkdtempSync(path.join(tmpdir(), 'rt-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deletes every Redis key of `namespace` (and nothing else). */
async function dropRedisNamespace(url: string, namespace: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
}

interface Backend {
  name: string;
  skip: boolean;
  reason: string;
  open(namespace: string): Promise<OpenStore>;
  drop(namespace: string): Promise<void>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    skip: false,
    reason: '',
    open: (namespace) => createStore(`sqlite://${path.join(dir, 'contract.sqlite')}`, { namespace, logger: quiet }),
    // The temp folder (and the file with every namespace) goes in afterAll.
    drop: async () => {},
  },
  {
    name: 'Redis',
    skip: redis.skip,
    reason: redis.reason,
    open: (namespace) => createStore(redis.value, { namespace, logger: quiet }),
    drop: (namespace) => dropRedisNamespace(redis.value, namespace),
  },
];

function makeRun(id: string, status: RunStatus, startedAt: number, endedAt?: number): Run {
  return {
    id,
    planId: 'plan-a',
    plan: {
      id: 'plan-a',
      title: { en: 'Mental health at work', fr: 'La santé mentale au travail' },
      languages: ['en', 'fr'],
      timezone: 'America/Toronto',
      durationMs: 3_600_000,
      organizers: [],
      remindersMs: [],
      questions: [{ text: { en: 'Q?', fr: 'Q ?' }, atMs: 300_000 }],
      polls: [],
    } as unknown as Run['plan'],
    channel: { platform: 'slack', id: 'C1', workspace: 'T1' },
    status,
    startedBy: 'U-org',
    startedAt,
    speed: 1,
    shiftMs: 0,
    ...(endedAt !== undefined ? { endedAt } : {}),
    questions: [
      { number: 1, text: { en: 'Q?', fr: 'Q ?' }, atMs: 300_000, extra: false, ref: { id: '1700000000.000100' } },
    ],
    polls: [],
    decided: ['q1'],
    endMs: 3_600_000,
    outbox: [],
    lang: 'en',
    secret: 'per-run-secret',
  };
}

const answer = (id: string, user: string, at: number, text = `answer ${id}`): Answer => ({
  id,
  number: 1,
  user: { id: user, name: `Name of ${user}` },
  text,
  at,
  reactions: 0,
  via: 'thread',
});

const ballot = (poll: number, voter: string, options: number[], at: number, named = true): Ballot => ({
  poll,
  voter,
  ...(named ? { user: { id: voter, name: `Name of ${voter}` } } : {}),
  options,
  at,
});

describe.each(backends)('Store on $name', (backend) => {
  describe.skipIf(backend.skip)(`contract${backend.reason}`, () => {
    let store: OpenStore | undefined;
    let namespace = '';
    const open = async (): Promise<OpenStore> => {
      namespace = `rt-test-${randomUUID().slice(0, 8)}`;
      store = await backend.open(namespace);
      return store;
    };
    afterEach(async () => {
      await store?.close();
      store = undefined;
      await backend.drop(namespace);
    });

    it('saves and reads runs, and keeps the active and all-runs indexes', async () => {
      const s = await open();
      const first = makeRun('run-b', 'running', 1000);
      const second = makeRun('run-a', 'paused', 2000);
      await s.saveRun(first);
      await s.saveRun(second);
      expect(await s.getRun('run-b')).toEqual(first);
      expect(await s.getRun('missing')).toBeUndefined();
      expect(await s.activeRunIds()).toEqual(['run-a', 'run-b']);
      expect(await s.allRunIds()).toEqual(['run-b', 'run-a']);

      await s.saveRun({ ...first, status: 'ended', endedAt: 5000 });
      expect(await s.activeRunIds()).toEqual(['run-a']);
      expect(await s.allRunIds()).toEqual(['run-b', 'run-a']);
      expect((await s.getRun('run-b'))?.status).toBe('ended');
    });

    it('round-trips answers, edits them in place and lists them by time then id', async () => {
      const s = await open();
      await s.putAnswer('r1', answer('m3', 'U1', 300));
      await s.putAnswer('r1', answer('m2', 'U2', 100));
      await s.putAnswer('r1', answer('m1', 'U3', 100, '=SUM(A1) ": \\ é « »'));
      await s.putAnswer('r2', answer('m9', 'U1', 50));
      expect(await s.getAnswer('r1', 'm1')).toEqual(answer('m1', 'U3', 100, '=SUM(A1) ": \\ é « »'));

      const edited = { ...answer('m3', 'U1', 300, 'edited'), editedAt: 400 };
      await s.putAnswer('r1', edited);
      await s.putAnswer('r1', edited);
      expect((await s.listAnswers('r1')).map((a) => a.id)).toEqual(['m1', 'm2', 'm3']);
      expect(await s.getAnswer('r1', 'm3')).toEqual(edited);

      // Adding stores a new answer only: the same message again writes nothing.
      expect(await s.addAnswer('r1', answer('m4', 'U4', 500))).toBe(true);
      expect(await s.addAnswer('r1', answer('m4', 'U4', 900, 'again'))).toBe(false);
      expect(await s.getAnswer('r1', 'm4')).toEqual(answer('m4', 'U4', 500));
      await s.deleteAnswer('r1', 'm4');

      await s.deleteAnswer('r1', 'm2');
      expect(await s.getAnswer('r1', 'm2')).toBeUndefined();
      expect((await s.listAnswers('r1')).map((a) => a.id)).toEqual(['m1', 'm3']);
      expect((await s.listAnswers('r2')).map((a) => a.id)).toEqual(['m9']);
      expect(await s.listAnswers('nobody')).toEqual([]);
    });

    it('lists every answer exactly once whatever the sequence of puts, edits and deletes', async () => {
      const s = await open();
      const op = fc.oneof(
        fc.record({
          kind: fc.constant('put' as const),
          id: fc.integer({ min: 0, max: 7 }),
          at: fc.integer({ min: 0, max: 5 }),
          text: fc.string(),
        }),
        fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 7 }) }),
      );
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
          const runId = `prop-${round++}`;
          const model = new Map<string, Answer>();
          for (const o of ops) {
            const id = `m${o.id}`;
            if (o.kind === 'put') {
              const a = answer(id, 'U1', o.at, o.text);
              model.set(id, a);
              await s.putAnswer(runId, a);
            } else {
              model.delete(id);
              await s.deleteAnswer(runId, id);
            }
          }
          const expected = [...model.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
          expect(await s.listAnswers(runId)).toEqual(expected);
        }),
        { numRuns: 30 },
      );
    });

    it('keeps one ballot per voter and poll, changeable and withdrawable', async () => {
      const s = await open();
      await s.putBallot('r1', ballot(1, 'U1', [0], 10));
      await s.putBallot('r1', ballot(1, 'U2', [1], 20));
      await s.putBallot('r1', ballot(2, 'U1', [0, 2], 30));
      await s.putBallot('r1', ballot(1, 'U1', [2], 40));
      expect(await s.getBallot('r1', 1, 'U1')).toEqual(ballot(1, 'U1', [2], 40));
      expect(await s.listBallots('r1', 1)).toEqual([ballot(1, 'U2', [1], 20), ballot(1, 'U1', [2], 40)]);
      expect(await s.listBallots('r1', 2)).toEqual([ballot(2, 'U1', [0, 2], 30)]);

      await s.deleteBallot('r1', 1, 'U2');
      expect(await s.getBallot('r1', 1, 'U2')).toBeUndefined();
      expect(await s.listBallots('r1', 1)).toEqual([ballot(1, 'U1', [2], 40)]);
      expect(await s.listBallots('r1', 3)).toEqual([]);
    });

    it('counts a reaction once per answer, user and emoji, however often it is delivered', async () => {
      const s = await open();
      expect(await s.addReaction('r1', 'm1', 'U1', 'thumbsup')).toBe(true);
      expect(await s.addReaction('r1', 'm1', 'U1', 'thumbsup')).toBe(false);
      expect(await s.addReaction('r1', 'm1', 'U1', 'heart')).toBe(true);
      expect(await s.addReaction('r1', 'm1', 'U2', 'thumbsup')).toBe(true);
      expect(await s.addReaction('r1', 'm2', 'U1', 'thumbsup')).toBe(true);
      const concurrent = await Promise.all(Array.from({ length: 20 }, () => s.addReaction('r1', 'm3', 'U1', 'tada')));
      expect(concurrent.filter(Boolean)).toHaveLength(1);

      expect(await s.removeReaction('r1', 'm1', 'U1', 'thumbsup')).toBe(true);
      expect(await s.removeReaction('r1', 'm1', 'U1', 'thumbsup')).toBe(false);
      expect(await s.removeReaction('r1', 'm9', 'U1', 'thumbsup')).toBe(false);
      expect(await s.addReaction('r1', 'm1', 'U1', 'thumbsup')).toBe(true);
    });

    it('records steps, languages and generic values, and expires values with a TTL', async () => {
      const s = await open();
      await s.putStep('run-1:q1', { state: 'started', at: 1 });
      await s.putStep('run-1:q1', { state: 'done', at: 2, ref: { id: '1.2', permalink: 'https://x/1' } });
      await s.putStep('run-10:q1', { state: 'started', at: 3 });
      expect(await s.getStep('run-1:q1')).toEqual({
        state: 'done',
        at: 2,
        ref: { id: '1.2', permalink: 'https://x/1' },
      });
      expect(await s.getStep('run-10:q1')).toEqual({ state: 'started', at: 3 });
      expect(await s.getStep('run-1:q2')).toBeUndefined();

      expect(await s.getUserLang('U1')).toBeUndefined();
      await s.setUserLang('U1', 'fr');
      expect(await s.getUserLang('U1')).toBe('fr');

      await s.setValue('teams:conv:19:abc', { serviceUrl: 'https://smba', id: '19:abc' });
      expect(await s.getValue('teams:conv:19:abc')).toEqual({ serviceUrl: 'https://smba', id: '19:abc' });
      await s.setValue('short', 'soon gone', 50);
      await new Promise((r) => setTimeout(r, 300));
      expect(await s.getValue('short')).toBeUndefined();
      await s.deleteValue('teams:conv:19:abc');
      expect(await s.getValue('teams:conv:19:abc')).toBeUndefined();
    });

    it('claims an event exactly once among 50 concurrent deliveries, and again after the TTL', async () => {
      const s = await open();
      const results = await Promise.all(Array.from({ length: 50 }, () => s.claimEvent('Ev123', 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.claimEvent('Ev123', 60_000)).toBe(false);
      expect(await s.claimEvent('Ev124', 60_000)).toBe(true);

      expect(await s.claimEvent('Ev-short', 50)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      const again = await Promise.all(Array.from({ length: 10 }, () => s.claimEvent('Ev-short', 60_000)));
      expect(again.filter(Boolean)).toHaveLength(1);
    });

    it('forgets a user: answers and named ballots in every run, their reactions, not anonymous ballots', async () => {
      const s = await open();
      await s.saveRun(makeRun('r1', 'ended', 1000, 2000));
      await s.saveRun(makeRun('r2', 'running', 3000));
      await s.putAnswer('r1', answer('a1', 'U-gone', 10));
      await s.putAnswer('r1', answer('a2', 'U-stay', 11));
      await s.putAnswer('r2', answer('a3', 'U-gone', 12));
      await s.putAnswer('r2', { ...answer('a4', 'U-stay', 13), reactions: 2 });
      await s.putBallot('r1', ballot(1, 'U-gone', [0], 20));
      await s.putBallot('r1', ballot(1, 'U-stay', [1], 21));
      await s.putBallot('r2', ballot(2, 'digest-of-U-gone', [1], 22, false));
      await s.addReaction('r2', 'a4', 'U-gone', 'heart');
      await s.addReaction('r2', 'a4', 'U-stay', 'heart');
      await s.setUserLang('U-gone', 'fr');

      expect(await s.forgetUser('U-gone')).toBe(3);
      expect((await s.listAnswers('r1')).map((a) => a.id)).toEqual(['a2']);
      expect((await s.listAnswers('r2')).map((a) => a.id)).toEqual(['a4']);
      expect(await s.listBallots('r1', 1)).toEqual([ballot(1, 'U-stay', [1], 21)]);
      expect(await s.listBallots('r2', 2)).toEqual([ballot(2, 'digest-of-U-gone', [1], 22, false)]);
      expect((await s.getAnswer('r2', 'a4'))?.reactions).toBe(1);
      expect(await s.addReaction('r2', 'a4', 'U-stay', 'heart')).toBe(false);
      expect(await s.getUserLang('U-gone')).toBeUndefined();
      expect(await s.forgetUser('U-gone')).toBe(0);
    });

    it('purges runs that ended before a time with everything of theirs, and nothing else', async () => {
      const s = await open();
      const runs = [
        makeRun('old', 'ended', 100, 150),
        makeRun('old:2', 'ended', 120, 900),
        makeRun('recent', 'ended', 200, 500),
        makeRun('live', 'running', 50),
      ];
      for (const run of runs) {
        await s.saveRun(run);
        await s.putAnswer(run.id, answer(`${run.id}-a`, 'U1', 1));
        await s.putBallot(run.id, ballot(1, 'U1', [0], 2));
        await s.addReaction(run.id, `${run.id}-a`, 'U2', 'heart');
        await s.putStep(`${run.id}:q1`, { state: 'done', at: 3 });
      }
      await s.putStep('older:q1', { state: 'done', at: 3 });

      expect(await s.purgeBefore(400)).toBe(1);
      expect(await s.getRun('old')).toBeUndefined();
      expect(await s.listAnswers('old')).toEqual([]);
      expect(await s.listBallots('old', 1)).toEqual([]);
      expect(await s.getStep('old:q1')).toBeUndefined();
      expect(await s.addReaction('old', 'old-a', 'U2', 'heart')).toBe(true);
      expect(await s.allRunIds()).toEqual(['live', 'old:2', 'recent']);

      for (const id of ['old:2', 'recent', 'live']) {
        expect((await s.getRun(id))?.id).toBe(id);
        expect(await s.listAnswers(id)).toHaveLength(1);
        expect(await s.listBallots(id, 1)).toHaveLength(1);
        expect(await s.getStep(`${id}:q1`)).toEqual({ state: 'done', at: 3 });
      }
      expect(await s.getStep('older:q1')).toEqual({ state: 'done', at: 3 });
      expect(await s.activeRunIds()).toEqual(['live']);
      expect(await s.purgeBefore(400)).toBe(0);
      expect(await s.purgeBefore(1000)).toBe(2);
      expect(await s.allRunIds()).toEqual(['live']);
    });

    it('deletes one run with its records', async () => {
      const s = await open();
      await s.saveRun(makeRun('r1', 'running', 1));
      await s.putAnswer('r1', answer('a1', 'U1', 1));
      await s.putBallot('r1', ballot(3, 'U1', [0], 2));
      await s.putStep('r1:q1', { state: 'done', at: 3 });
      await s.deleteRun('r1');
      expect(await s.getRun('r1')).toBeUndefined();
      expect(await s.activeRunIds()).toEqual([]);
      expect(await s.allRunIds()).toEqual([]);
      expect(await s.listAnswers('r1')).toEqual([]);
      expect(await s.listBallots('r1', 3)).toEqual([]);
      expect(await s.getStep('r1:q1')).toBeUndefined();
    });

    it('keeps namespaces apart in the same backend', async () => {
      const s = await open();
      const otherNs = `rt-test-${randomUUID().slice(0, 8)}`;
      const other = await backend.open(otherNs);
      try {
        await s.putAnswer('r1', answer('a1', 'U1', 1));
        await s.saveRun(makeRun('r1', 'running', 1));
        expect(await other.listAnswers('r1')).toEqual([]);
        expect(await other.getRun('r1')).toBeUndefined();
        expect(await other.claimEvent('E1', 60_000)).toBe(true);
        expect(await s.claimEvent('E1', 60_000)).toBe(true);
      } finally {
        await other.close();
        await backend.drop(otherNs);
      }
    });

    it('reports health, and refuses work once closed', async () => {
      const s = await open();
      const health = await s.health();
      expect(health.ok).toBe(true);
      expect(health.error).toBeUndefined();
      await s.close();
      await expect(s.putAnswer('r1', answer('a1', 'U1', 1))).rejects.toMatchObject({ code: 'store_closed' });
      await expect(s.getRun('r1')).rejects.toBeInstanceOf(StoreError);
      expect((await s.health()).ok).toBe(false);
    });
  });
});
