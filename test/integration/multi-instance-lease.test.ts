/**
 * Two instances on one Redis namespace and a run's lease: a process killed while it holds a
 * run keeps the other out only until its short lease runs out, then the other resumes the run
 * from the journal (each step once); a live process whose post outlasts the lease keeps the
 * run by renewing it. Plan time is a fake clock; the lease expiries are Redis's own (real
 * time, a second or so here); the tests wait for them and assert on what each process did.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ChatService } from '../../src/core/service/chat-service.js';
import { Runner } from '../../src/core/service/runner.js';
import { RunDesk, RUN_LEASE_MS, RUN_LEASE_RENEW_MS } from '../../src/core/service/run-desk.js';
import type { ChatPort, Lease } from '../../src/core/ports.js';
import type { Timers } from '../../src/core/service/poll-refresher.js';
import { createStore, type OpenStore } from '../../src/infra/store/create-store.js';
import { createRedisLease } from '../../src/infra/redis-lease.js';
import { FakeClock } from '../support/fake-clock.js';
import { RecordingPort } from '../support/recording-port.js';
import { memoryLogger } from '../support/engine-harness.js';
import { planSource, samplePlan } from '../support/plans.js';
import { redisRequirement } from '../support/requirements.js';
import { testKeys } from '../support/server-secret.js';

const redis = redisRequirement();
const MIN = 60_000;
const channel = { platform: 'console' as const, id: 'C-lease' };
const organizer = { id: 'U-ORG', name: 'Org' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The channel as one process sees it: posting step `key` waits for `hold` (never opened: the process died). */
function portHolding(
  port: RecordingPort,
  key: string,
  hold: Promise<void>,
): { port: ChatPort; reached: Promise<void> } {
  const reached = gate();
  return {
    reached: reached.opened,
    port: {
      post: async (ch, message, opts) => {
        if (opts.key === key) {
          reached.open();
          await hold;
        }
        return port.post(ch, message, opts);
      },
      update: (ch, ref, message) => port.update(ch, ref, message),
      ephemeral: (ch, user, message) => port.ephemeral(ch, user, message),
    },
  };
}

/** Timers that never fire: a killed process renews nothing. */
const deadTimers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };

describe.skipIf(redis.skip)(`a run's lease across instances on one Redis${redis.reason}`, () => {
  let clock = new FakeClock();
  let namespace = '';
  beforeEach(() => {
    clock = new FakeClock();
    namespace = `rt-lease-${randomUUID().slice(0, 8)}`;
  });

  async function openStore(): Promise<OpenStore> {
    const store = await createStore(redis.value, { logger: memoryLogger(), namespace });
    cleanups.push(async () => {
      for await (const keys of store.redis!.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 }))
        if (keys.length > 0) await store.redis!.unlink(keys);
      await store.close();
    });
    return store;
  }

  /** A process's chat service on the shared namespace (the default desk: 15 s lease, 5 s renewals). */
  async function service(port: ChatPort, store?: OpenStore): Promise<{ service: ChatService; store: OpenStore }> {
    const own = store ?? (await openStore());
    const chat = new ChatService({
      keys: testKeys(),
      store: own,
      lease: createRedisLease(own.redis!, { namespace }),
      clock,
      logger: memoryLogger(),
      plans: planSource(samplePlan()),
      ports: { console: port },
      organizers: [],
      speed: 1,
      timers: clock,
      newRunId: () => 'run-1',
    });
    cleanups.push(() => chat.stop());
    return { service: chat, store: own };
  }

  /** A process's run desk with a lease of `leaseMs` renewed on `timers`, and its own Redis connection. */
  async function desk(
    port: ChatPort,
    opts: { leaseMs: number; renewEveryMs: number; timers: Timers; lease?: (l: Lease) => Lease },
  ) {
    const store = await openStore();
    const logger = memoryLogger();
    const redisLease = createRedisLease(store.redis!, { namespace });
    const runner = new Runner({ keys: testKeys(), store, ports: { console: port }, clock, logger });
    return new RunDesk({
      store,
      lease: opts.lease ? opts.lease(redisLease) : redisLease,
      clock,
      logger,
      runner,
      leaseMs: opts.leaseMs,
      renewEveryMs: opts.renewEveryMs,
      timers: opts.timers,
    });
  }

  const leaseKey = () => `${namespace}::lease:lock:run:run-1`;

  it('a process killed while holding a run blocks it only until its short lease runs out; the other resumes it, each step once', async () => {
    const channelSeen = new RecordingPort(false); // no lookup after a crash, as on Teams
    const survivor = await service(channelSeen);
    await survivor.service.command(channel, organizer, 'start sample-chat');
    expect(channelSeen.kinds()).toEqual(['welcome']);
    await clock.advance(6 * MIN); // Q1 is due

    // Process A takes the run and dies while posting Q1 (before the platform got it).
    const dying = portHolding(channelSeen, 'run-1:q1', new Promise<void>(() => undefined));
    const a = await desk(dying.port, { leaseMs: 1_000, renewEveryMs: 300, timers: deadTimers });
    void a.change('run-1', { type: 'tick' });
    await dying.reached;
    expect((await survivor.store.getStep('run-1:q1'))?.state).toBe('started');

    // While A's lease lasts, the survivor cannot take the run.
    await survivor.service.tick();
    expect(await survivor.service.desk.drain('run-1')).toBeUndefined();
    expect(channelSeen.kinds()).toEqual(['welcome']);
    const ttl = await survivor.store.redis!.pTTL(leaseKey());
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);

    // Nobody renews it: Redis lets it expire, and the survivor goes on from the journal.
    while ((await survivor.store.redis!.exists(leaseKey())) === 1) await sleep(20);
    await survivor.service.tick();
    expect(channelSeen.kinds()).toEqual(['welcome', 'Q1']);
    expect((await survivor.store.getStep('run-1:q1'))?.state).toBe('done');
    await clock.advance(2 * 60 * MIN);
    await survivor.service.tick();
    expect(channelSeen.kinds()).toEqual(['welcome', 'Q1', 'P1', 'Q2', 'P2', 'Q3', 'Q4', 'closing', 'recap']);
    expect(new Set(channelSeen.posts.map((p) => p.key)).size).toBe(channelSeen.posts.length);
  });

  it('a live process whose post outlasts the lease keeps the run by renewing it; the other gets it once released', async () => {
    const channelSeen = new RecordingPort(false);
    const other = await service(channelSeen);
    await other.service.command(channel, organizer, 'start sample-chat');
    await clock.advance(6 * MIN);

    const slow = gate();
    const holder = portHolding(channelSeen, 'run-1:q1', slow.opened);
    const holderTimers = new FakeClock();
    let renewed = 0;
    const counting = (lease: Lease): Lease => ({
      acquire: (key, ttlMs) => lease.acquire(key, ttlMs),
      renew: async (key, ttlMs) => {
        const ours = await lease.renew(key, ttlMs);
        if (ours) renewed++;
        return ours;
      },
      release: (key) => lease.release(key),
    });
    const leaseMs = 2_000;
    const a = await desk(holder.port, { leaseMs, renewEveryMs: 250, timers: holderTimers, lease: counting });
    const change = a.change('run-1', { type: 'tick' });
    await holder.reached;

    // Twelve renewals, each after at least 250 ms: the post has outlasted the 2 s lease by half.
    for (let i = 1; i <= 12; i++) {
      await sleep(250);
      await holderTimers.advance(250);
      while (renewed < i) await sleep(5);
    }
    expect(await other.store.redis!.exists(leaseKey())).toBe(1);
    expect(await other.service.desk.drain('run-1')).toBeUndefined();
    expect(channelSeen.kinds()).toEqual(['welcome']);

    slow.open();
    expect((await change)?.run.outbox).toEqual([]);
    expect(channelSeen.kinds()).toEqual(['welcome', 'Q1']);
    expect(await other.store.redis!.exists(leaseKey())).toBe(0);
    await holderTimers.advance(10 * leaseMs);
    const after = renewed;
    await holderTimers.advance(10 * leaseMs);
    expect(renewed).toBe(after); // no renewal after the change is done
    expect(await other.service.desk.drain('run-1')).toMatchObject({ outbox: [] });
  });

  it('a chat service takes a run for the short default lease (15 s), not a minute', async () => {
    const channelSeen = new RecordingPort(false);
    const slow = gate();
    const holder = portHolding(channelSeen, 'run-1:welcome', slow.opened);
    const { service: a, store } = await service(holder.port);
    const starting = a.command(channel, organizer, 'start sample-chat');
    await holder.reached;
    const ttl = await store.redis!.pTTL(leaseKey());
    expect(ttl).toBeLessThanOrEqual(RUN_LEASE_MS);
    expect(ttl).toBeGreaterThan(RUN_LEASE_MS - RUN_LEASE_RENEW_MS);
    slow.open();
    await starting;
    expect(channelSeen.kinds()).toEqual(['welcome']);
    expect(await store.redis!.exists(leaseKey())).toBe(0);
  });
});
