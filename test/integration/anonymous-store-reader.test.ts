/**
 * Why: "nobody, organizers included, can see who voted for what" must hold against anyone who
 * reads the whole store. This test plays that reader: a real chat keeps its anonymous ballots
 * in a real SQLite file and in the real Redis; the attacker takes the raw file bytes or every
 * key and value of the namespace, plus the member list, and tries every way to recompute a
 * ballot's key (each string of the dump as a key, the old per-run formula, plain and hashed
 * ids). None names a voter, and no stored ballot time is finer than the minute; only the
 * server secret, which the store never holds, ties the ballots back to people.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { ChatService } from '../../src/core/service/chat-service.js';
import { encodeVoteValue } from '../../src/core/engine/vote-value.js';
import { createStore } from '../../src/infra/store/create-store.js';
import { createMemoryLease } from '../../src/infra/memory-lease.js';
import { createAnonymousKeys } from '../../src/infra/anonymous-keys.js';
import { memoryLogger } from '../support/engine-harness.js';
import { FakeClock } from '../support/fake-clock.js';
import { RecordingPort } from '../support/recording-port.js';
import { planSource, samplePlan } from '../support/plans.js';
import { redisRequirement } from '../support/requirements.js';
import { TEST_SECRET, testKeys } from '../support/server-secret.js';

const MIN = 60_000;
const RUN_ID = 'run-anon';
/** The channel's members, as the attacker knows them. */
const MEMBERS = Array.from({ length: 8 }, (_, i) => `U0${i + 1}`);
const channel = { platform: 'console' as const, id: 'C-anon', name: '#leadersgc' };
const redis = redisRequirement();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs the sample chat on the store at `url`: every member votes in anonymous poll 2, some change their minds. */
async function chatOn(url: string, namespace: string): Promise<void> {
  const clock = new FakeClock();
  const store = await createStore(url, { logger: memoryLogger(), namespace });
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger: memoryLogger(),
    plans: planSource(samplePlan()),
    ports: { console: new RecordingPort(true) },
    organizers: ['U-ORG'],
    speed: 1,
    timers: clock,
    newRunId: () => RUN_ID,
  });
  await service.command(channel, { id: 'U-ORG', name: 'Org' }, 'start sample-chat');
  for (let i = 0; i < 42; i++) {
    await clock.advance(MIN / 2);
    await service.tick();
  }
  for (const [i, user] of MEMBERS.entries()) {
    await clock.advance(1_234 + i * 7);
    const vote = (option: number) =>
      service.vote(channel, { id: user, name: `Name ${user}` }, encodeVoteValue({ runId: RUN_ID, poll: 2, option }));
    expect(await vote(i % 3)).toMatchObject({ key: 'vote-recorded' });
    if (i % 2 === 0) await vote(((i % 3) + 1) % 3);
  }
  service.stop();
  await store.close();
}

/** Keys of poll 2's ballots and their stored times, as found in the dump. */
function ballotsIn(dump: string): { voter: string; at: number }[] {
  const found = [...dump.matchAll(/\{"poll":2,"voter":"([^"]+)"[^}]*"at":(\d+)\}/g)];
  return [...new Map(found.map((m) => [m[1]!, { voter: m[1]!, at: Number(m[2]) }])).values()];
}

/** The attacker: every ballot key it can recompute from the dump and the member list, with the member it names. */
function recomputable(dump: string, keys: Set<string>): Map<string, string> {
  const named = new Map<string, string>();
  const candidates = new Set(dump.match(/[A-Za-z0-9+/_=-]{16,}/g) ?? []);
  for (const user of MEMBERS) {
    const guesses = [user, createHash('sha256').update(user).digest('base64url').slice(0, 22)];
    for (const c of candidates) {
      guesses.push(createHmac('sha256', c).update(`2:${user}`).digest('base64url').slice(0, 22));
      const bytes = Buffer.from(c, 'base64');
      if (bytes.length >= 32)
        guesses.push(createAnonymousKeys(bytes).keyOf({ kind: 'poll', runId: RUN_ID, id: 2 }, user));
    }
    for (const g of guesses) if (keys.has(g)) named.set(g, user);
  }
  return named;
}

/** What the attacker must fail at, and what only the server secret allows. */
function expectAnonymous(dump: string): void {
  const ballots = ballotsIn(dump);
  expect(ballots.length).toBeGreaterThanOrEqual(MEMBERS.length);
  expect(dump).not.toContain(TEST_SECRET);
  for (const b of ballots) expect(b.at % MIN).toBe(0);
  const keys = new Set(ballots.map((b) => b.voter));
  expect(recomputable(dump, keys)).toEqual(new Map());
  // The ballots are each person's: with the server secret (never in the store) every member is found.
  const server = testKeys();
  for (const user of MEMBERS) expect(keys.has(server.keyOf({ kind: 'poll', runId: RUN_ID, id: 2 }, user))).toBe(true);
}

describe('a reader of the whole store cannot tell who chose what in an anonymous poll', () => {
  it('from the SQLite file (and its WAL) and the member list', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rt-anon-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'rt.sqlite');
    await chatOn(`sqlite://${file}`, 'roundtable');
    const dump = [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
    expectAnonymous(dump);
  });

  it.skipIf(redis.skip)(
    `from every Redis key and value of the namespace and the member list${redis.reason}`,
    async () => {
      const namespace = `anon-${randomUUID().slice(0, 8)}`;
      const client = createClient({ url: redis.value });
      await client.connect();
      cleanups.push(async () => {
        for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 }))
          if (keys.length > 0) await client.unlink(keys);
        await client.close();
      });
      await chatOn(redis.value, namespace);
      const parts: string[] = [];
      for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 })) {
        for (const key of keys) {
          const type = await client.type(key);
          const value =
            type === 'hash'
              ? JSON.stringify(await client.hGetAll(key))
              : type === 'string'
                ? await client.get(key)
                : JSON.stringify(await client.sendCommand(['DUMP', key]));
          parts.push(key, String(value));
        }
      }
      expectAnonymous(parts.join('\n').replace(/\\"/g, '"'));
    },
  );
});
