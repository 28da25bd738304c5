/**
 * What only the Redis store does: the keys that land in Redis, and how it behaves when
 * Redis is unreachable, goes away, hangs, and comes back. Outages are played by a TCP
 * proxy in front of the real Redis at REDIS_URL, so only this test's connection suffers.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '@keyv/redis';
import { createStore, type OpenStore } from '../../src/infra/store/create-store.js';
import type { Logger } from '../../src/core/ports.js';
import type { Answer } from '../../src/core/engine/records.js';
import { redisRequirement } from '../support/requirements.js';

const redis = redisRequirement();

/** A logger that keeps every line, to check what reaches the logs. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg?: string) => {
    lines.push(`${level} ${JSON.stringify(obj)} ${msg ?? ''}`);
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

async function dropRedisNamespace(url: string, namespace: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
}

/** Forwards TCP to Redis; can be stopped (connection refused), frozen (no bytes move) and restarted. */
class RedisProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = this.port): Promise<number> {
    const server = net.createServer((inbound) => {
      const outbound = net.connect(this.target);
      const pair: [net.Socket, net.Socket] = [inbound, outbound];
      this.pairs.add(pair);
      const end = (): void => {
        inbound.destroy();
        outbound.destroy();
        this.pairs.delete(pair);
      };
      inbound.on('error', end).on('close', end);
      outbound.on('error', end).on('close', end);
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Stops accepting and cuts every open connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Holds every byte in both directions (a hung server) until `thaw`. */
  freeze(): void {
    for (const [a, b] of this.pairs) {
      a.pause();
      b.pause();
    }
  }

  thaw(): void {
    for (const [a, b] of this.pairs) {
      a.resume();
      b.resume();
    }
  }
}

const answer = (id: string, at = 1): Answer => ({
  id,
  number: 1,
  user: { id: 'U1', name: 'Ann' },
  text: `text ${id}`,
  at,
  reactions: 0,
  via: 'prefix',
});

describe.skipIf(redis.skip)(`Redis store${redis.reason}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean();
  });
  const target = (): { host: string; port: number } => {
    const url = new URL(redis.value);
    return { host: url.hostname, port: Number(url.port || 6379) };
  };
  const open = async (
    url: string,
    namespace: string,
    extra: Partial<Parameters<typeof createStore>[1]> = {},
  ): Promise<OpenStore> => {
    const store = await createStore(url, { namespace, logger: recordingLogger(), ...extra });
    cleanups.push(async () => {
      await store.close();
      await dropRedisNamespace(redis.value, namespace);
    });
    return store;
  };

  it('writes every key under the namespace exactly once, as JSON, with Redis expiry for TTLs', async () => {
    const ns = `rt-test-${randomUUID().slice(0, 8)}`;
    const s = await open(redis.value, ns);
    await s.saveRun({ id: 'r1', status: 'running', startedAt: 1 } as Parameters<OpenStore['saveRun']>[0]);
    await s.putAnswer('r1', answer('a1'));
    await s.putBallot('r1', { poll: 1, voter: 'U1', user: { id: 'U1', name: 'Ann' }, options: [0], at: 2 });
    await s.addReaction('r1', 'a1', 'U2', 'heart');
    await s.putStep('r1:q1', { state: 'done', at: 3 });
    await s.setUserLang('U1', 'fr');
    await s.setValue('soon', { n: 1 }, 60_000);
    await s.claimEvent('Ev1', 60_000);

    const client = createClient({ url: redis.value });
    await client.connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `*${ns}*`, COUNT: 500 })) keys.push(...batch);
      expect(keys.sort()).toEqual(
        [
          'active',
          'answers:r1',
          'ballots:r1:1',
          'event:Ev1',
          'lang:U1',
          'polls:r1',
          'reactions:r1',
          'run:r1',
          'runs',
          'steps:r1',
          'value:soon',
        ].map((k) => `${ns}::${k}`),
      );
      const stored = JSON.parse((await client.get(`${ns}::run:r1`)) ?? 'null') as { value: { id: string } };
      expect(stored.value.id).toBe('r1');
      expect(JSON.parse((await client.hGet(`${ns}::answers:r1`, 'a1')) ?? 'null')).toEqual(answer('a1'));
      expect(await client.pTTL(`${ns}::value:soon`)).toBeGreaterThan(0);
      expect(await client.pTTL(`${ns}::event:Ev1`)).toBeGreaterThan(0);
      expect(await client.pTTL(`${ns}::run:r1`)).toBe(-1);
    } finally {
      await client.close();
    }
  });

  it('rejects writes and reports unhealthy when Redis is unreachable, without showing the password', async () => {
    const logger = recordingLogger();
    const errors: Error[] = [];
    const url = 'redis://:hunter2-secret@127.0.0.1:1';
    const s = await createStore(url, {
      namespace: `rt-test-${randomUUID().slice(0, 8)}`,
      logger,
      onError: (e) => errors.push(e),
    });
    try {
      const failure = await s.putAnswer('r1', answer('a1')).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toMatchObject({ name: 'StoreError', code: 'store_unavailable' });
      await expect(s.claimEvent('Ev1', 1000)).rejects.toMatchObject({ code: 'store_unavailable' });
      await expect(s.getRun('r1')).rejects.toMatchObject({ code: 'store_unavailable' });
      const health = await s.health();
      expect(health.ok).toBe(false);
      expect(health.error).toMatch(/^store_unavailable/);

      const shown = [
        ...logger.lines,
        ...errors.map((e) => e.message),
        String((failure as Error).message),
        health.error ?? '',
      ].join('\n');
      expect(errors.length).toBeGreaterThan(0);
      expect(logger.lines.some((l) => l.startsWith('warn'))).toBe(true);
      expect(shown).toContain('127.0.0.1:1');
      expect(shown).not.toContain('hunter2');
    } finally {
      await s.close();
    }
  });

  it('fails while Redis is gone and recovers by itself when it returns, keeping the data', async () => {
    const proxy = new RedisProxy(target());
    const port = await proxy.start();
    cleanups.push(() => proxy.stop());
    const errors: Error[] = [];
    const s = await open(`redis://127.0.0.1:${port}`, `rt-test-${randomUUID().slice(0, 8)}`, {
      onError: (e) => errors.push(e),
    });
    await s.putAnswer('r1', answer('before', 1));
    expect((await s.health()).ok).toBe(true);

    await proxy.stop();
    await vi.waitFor(async () => expect((await s.health()).ok).toBe(false), { timeout: 10_000, interval: 50 });
    await expect(s.putAnswer('r1', answer('during', 2))).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(s.listAnswers('r1')).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(errors.length).toBeGreaterThan(0);

    await proxy.start(port);
    await vi.waitFor(async () => expect((await s.health()).ok).toBe(true), { timeout: 20_000, interval: 100 });
    await s.putAnswer('r1', answer('after', 3));
    expect((await s.listAnswers('r1')).map((a) => a.id)).toEqual(['before', 'after']);
  });

  it('rejects with store_timeout when Redis hangs, instead of waiting forever', async () => {
    const proxy = new RedisProxy(target());
    const port = await proxy.start();
    cleanups.push(() => proxy.stop());
    const s = await open(`redis://127.0.0.1:${port}`, `rt-test-${randomUUID().slice(0, 8)}`, { timeoutMs: 300 });
    await s.putAnswer('r1', answer('a1'));

    proxy.freeze();
    await expect(s.getAnswer('r1', 'a1')).rejects.toMatchObject({ code: 'store_timeout' });
    const health = await s.health();
    expect(health.ok).toBe(false);
    expect(health.error).toMatch(/^store_timeout/);

    proxy.thaw();
    await vi.waitFor(async () => expect((await s.health()).ok).toBe(true), { timeout: 10_000, interval: 100 });
    expect(await s.getAnswer('r1', 'a1')).toEqual(answer('a1'));
  });
});
