/**
 * Leases (one holder per step across processes, renewed only while still ours) and the
 * node-cron run coordinator (one run per fire time across processes). Each "process" here
 * has its own Redis connection.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import cron from 'node-cron';
import { createMemoryLease } from '../../src/infra/memory-lease.js';
import { createRedisLease } from '../../src/infra/redis-lease.js';
import { createRedisCoordinator } from '../../src/infra/redis-coordinator.js';
import { connectRedis, type RedisConnection } from '../../src/infra/store/redis-connection.js';
import type { Logger } from '../../src/core/ports.js';
import { redisRequirement } from '../support/requirements.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const redis = redisRequirement();

describe('memory lease', () => {
  it('has one holder until the TTL passes or the holder releases', async () => {
    let now = 1_000;
    const lease = createMemoryLease({ now: () => now });
    expect(await lease.acquire('run-1:q1', 5_000)).toBe(true);
    expect(await lease.acquire('run-1:q1', 5_000)).toBe(false);
    expect(await lease.acquire('run-1:q2', 5_000)).toBe(true);
    now += 4_999;
    expect(await lease.acquire('run-1:q1', 5_000)).toBe(false);
    now += 1;
    expect(await lease.acquire('run-1:q1', 5_000)).toBe(true);
    await lease.release('run-1:q1');
    expect(await lease.acquire('run-1:q1', 5_000)).toBe(true);
  });

  it('renews a hold that is ours and has not expired, and nothing else', async () => {
    let now = 1_000;
    const lease = createMemoryLease({ now: () => now });
    expect(await lease.renew('lock:run:r1', 5_000)).toBe(false); // never taken
    expect(await lease.acquire('lock:run:r1', 5_000)).toBe(true);
    now += 4_000;
    expect(await lease.renew('lock:run:r1', 5_000)).toBe(true); // now held until 10_000
    now += 4_000; // past the first expiry (6_000)
    expect(await lease.acquire('lock:run:r1', 5_000)).toBe(false);
    now += 1_000; // 10_000: the renewed hold has run out
    expect(await lease.renew('lock:run:r1', 5_000)).toBe(false);
    expect(await lease.acquire('lock:run:r1', 5_000)).toBe(true);
    await lease.release('lock:run:r1');
    expect(await lease.renew('lock:run:r1', 5_000)).toBe(false); // released
  });

  it('gives a key to exactly one of many concurrent callers', async () => {
    const lease = createMemoryLease();
    const results = await Promise.all(Array.from({ length: 50 }, () => lease.acquire('k', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe.skipIf(redis.skip)(`Redis lease and cron coordinator${redis.reason}`, () => {
  let namespace = '';
  const conns: RedisConnection[] = [];
  const connect = async (): Promise<RedisConnection> => {
    const conn = await connectRedis(redis.value, { logger: quiet });
    conns.push(conn);
    return conn;
  };
  afterEach(async () => {
    const [first] = conns;
    if (first) {
      for await (const keys of first.client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 })) {
        if (keys.length > 0) await first.client.unlink(keys);
      }
    }
    for (const conn of conns.splice(0)) await conn.close();
  });
  const fresh = (): string => (namespace = `rt-test-${randomUUID().slice(0, 8)}`);

  it('gives a key to exactly one of two processes racing for it', async () => {
    const ns = fresh();
    const [a, b] = [
      createRedisLease((await connect()).client, { namespace: ns }),
      createRedisLease((await connect()).client, { namespace: ns }),
    ];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).acquire('run-1:q3', 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('is freed by its holder only, and survives a late release by a holder whose lease expired', async () => {
    const ns = fresh();
    const conn = await connect();
    const a = createRedisLease(conn.client, { namespace: ns });
    const b = createRedisLease((await connect()).client, { namespace: ns });
    const c = createRedisLease((await connect()).client, { namespace: ns });

    expect(await a.acquire('step', 60_000)).toBe(true);
    await b.release('step');
    expect(await b.acquire('step', 60_000)).toBe(false);
    await a.release('step');
    expect(await b.acquire('step', 60_000)).toBe(true);
    await b.release('step');

    expect(await a.acquire('step', 50)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.acquire('step', 60_000)).toBe(true);
    await a.release('step');
    expect(await c.acquire('step', 60_000)).toBe(false);
    expect(await conn.client.exists(`${ns}::lease:step`)).toBe(1);
  });

  it("renews only a lease that is still ours: not another process's, not one that expired", async () => {
    const ns = fresh();
    const conn = await connect();
    const a = createRedisLease(conn.client, { namespace: ns });
    const b = createRedisLease((await connect()).client, { namespace: ns });
    const key = `${ns}::lease:lock:run:r1`;

    expect(await a.renew('lock:run:r1', 60_000)).toBe(false); // never taken
    expect(await a.acquire('lock:run:r1', 1_000)).toBe(true);
    expect(await a.renew('lock:run:r1', 60_000)).toBe(true);
    expect(await conn.client.pTTL(key)).toBeGreaterThan(1_000);
    expect(await b.renew('lock:run:r1', 120_000)).toBe(false); // a holds it
    expect(await conn.client.pTTL(key)).toBeLessThanOrEqual(60_000);
    await a.release('lock:run:r1');
    expect(await a.renew('lock:run:r1', 60_000)).toBe(false); // released
    expect(await conn.client.exists(key)).toBe(0);

    // A lease that expires is not taken back by a late renewal, nor is its next holder's extended.
    expect(await a.acquire('lock:run:r1', 20)).toBe(true);
    while ((await conn.client.exists(key)) === 1) await new Promise((r) => setTimeout(r, 5));
    expect(await a.renew('lock:run:r1', 60_000)).toBe(false);
    expect(await conn.client.exists(key)).toBe(0);
    expect(await b.acquire('lock:run:r1', 5_000)).toBe(true);
    expect(await a.renew('lock:run:r1', 60_000)).toBe(false);
    expect(await conn.client.pTTL(key)).toBeLessThanOrEqual(5_000);
    await a.release('lock:run:r1');
    expect(await conn.client.exists(key)).toBe(1); // still b's
  });

  it('keeps the token of a release that failed, so it can be retried', async () => {
    const ns = fresh();
    const conn = await connect();
    let failEval = 0;
    // The same client, except that the next `failEval` scripts fail as a dropped connection would.
    const flaky = new Proxy(conn.client, {
      get(target, prop) {
        if (prop === 'eval' && failEval > 0) {
          failEval--;
          return async () => {
            throw new Error('connection reset');
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const a = createRedisLease(flaky, { namespace: ns });
    const b = createRedisLease((await connect()).client, { namespace: ns });
    const key = `${ns}::lease:lock:run:r1`;

    // Retried by a later release.
    expect(await a.acquire('lock:run:r1', 60_000)).toBe(true);
    failEval = 1;
    await expect(a.release('lock:run:r1')).rejects.toThrow('connection reset');
    expect(await conn.client.exists(key)).toBe(1);
    expect(await a.renew('lock:run:r1', 60_000)).toBe(false); // released as far as the holder is concerned
    await a.release('lock:run:r1');
    expect(await conn.client.exists(key)).toBe(0);

    // Retried by the next acquire of the key in the same process.
    expect(await a.acquire('lock:run:r1', 60_000)).toBe(true);
    failEval = 1;
    await expect(a.release('lock:run:r1')).rejects.toThrow('connection reset');
    expect(await b.acquire('lock:run:r1', 60_000)).toBe(false);
    expect(await a.acquire('lock:run:r1', 60_000)).toBe(true);
    await a.release('lock:run:r1');

    // After it expired and another process took the key, the retry leaves that holder alone.
    expect(await a.acquire('lock:run:r1', 60_000)).toBe(true);
    failEval = 1;
    await expect(a.release('lock:run:r1')).rejects.toThrow('connection reset');
    await conn.client.del(key); // what expiry does
    expect(await b.acquire('lock:run:r1', 60_000)).toBe(true);
    expect(await a.acquire('lock:run:r1', 60_000)).toBe(false);
    expect(await conn.client.exists(key)).toBe(1);
    expect(await b.renew('lock:run:r1', 60_000)).toBe(true);
  });

  it('elects exactly one coordinator per fire time', async () => {
    const ns = fresh();
    const one = createRedisCoordinator((await connect()).client, { namespace: ns });
    const two = createRedisCoordinator((await connect()).client, { namespace: ns });
    const key = 'recap:2026-12-17T21:00:00.000Z';
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).shouldRun(key, 30_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await one.shouldRun('recap:2026-12-17T21:01:00.000Z', 30_000)).toBe(true);
  });

  it('makes two node-cron "processes" run each fire time of a distributed task once', async () => {
    const ns = fresh();
    const runs = new Map<string, number>();
    const skipped: string[] = [];
    const name = `tick-${ns}`;
    const tasks = await Promise.all(
      [0, 1].map(async () => {
        const runCoordinator = createRedisCoordinator((await connect()).client, { namespace: ns });
        const task = cron.schedule(
          '* * * * * *',
          (ctx) => void runs.set(ctx.date.toISOString(), (runs.get(ctx.date.toISOString()) ?? 0) + 1),
          {
            name,
            distributed: true,
            runCoordinator,
            suppressMissedWarning: true,
          },
        );
        task.on('execution:skipped', (ctx) => void skipped.push(ctx.reason ?? 'unknown'));
        return task;
      }),
    );
    try {
      await vi.waitFor(() => expect(runs.size).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 100 });
    } finally {
      await Promise.all(tasks.map((t) => t.destroy()));
    }
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(skipped.every((r) => r === 'not-elected')).toBe(true);
  });
});
