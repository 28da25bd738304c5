/**
 * `/readyz` tells a load balancer whether this process can do its work: 503 with the
 * failing check and its reason (never a secret) when Redis is stopped or frozen or a
 * platform is unreachable, 200 again once they are back; `/healthz` stays 200 throughout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { start, type Running } from '../../src/main.js';
import { loadConfig } from '../../src/config/load-config.js';
import { RecordingPort } from '../support/recording-port.js';
import { memoryLogger } from '../support/engine-harness.js';
import { consoleAdapter, type ConsoleAdapter } from '../faults/support/console-adapter.js';
import { faultPlanFolder } from '../faults/support/plan-folder.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../faults/support/redis-server.js';

const PASSWORD = 'pw-Sekr3t-9f2';
const available = redisServerAvailable();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Ready {
  status: number;
  text: string;
  body: { ok: boolean; checks: { name: string; ok: boolean; detail?: string }[] };
}

async function readyz(r: Running): Promise<Ready> {
  const res = await fetch(`http://127.0.0.1:${r.port}/readyz`);
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Ready['body'] };
}

/** Asks `/readyz` until it answers `status` (the store reconnects in the background). */
async function readyzUntil(r: Running, status: number): Promise<Ready> {
  let last = await readyz(r);
  for (let i = 0; i < 200 && last.status !== status; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await readyz(r);
  }
  return last;
}

async function startOn(redis: RedisServer): Promise<{ r: Running; adapter: ConsoleAdapter }> {
  const adapter = consoleAdapter(new RecordingPort(true));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ROUNDTABLE_STORE: redis.url,
    ROUNDTABLE_PLANS_DIR: faultPlanFolder(),
  });
  const r = await start(config, { logger: memoryLogger(), loadAdapters: async () => [adapter] });
  cleanups.push(() => r.stop());
  return { r, adapter };
}

describe.skipIf(!available.ok)(`/readyz and /healthz${available.reason}`, () => {
  it('answers 503 naming the store while Redis is stopped, 200 again when it is back, and never shows the password', async () => {
    const redis = await startRedisServer({ password: PASSWORD });
    cleanups.push(() => redis.dispose());
    const { r } = await startOn(redis);
    const up = await readyz(r);
    expect(up.status).toBe(200);
    expect(up.body.checks.find((c) => c.name === 'store')).toEqual({ name: 'store', ok: true });

    await redis.stop();
    const down = await readyzUntil(r, 503);
    expect(down.status).toBe(503);
    const store = down.body.checks.find((c) => c.name === 'store');
    expect(store?.ok).toBe(false);
    expect(store?.detail).toMatch(/^store_unavailable: Redis at redis:\/\/.*127\.0\.0\.1:\d+ is not connected/);
    expect(down.text).not.toContain(PASSWORD);
    expect((await fetch(`http://127.0.0.1:${r.port}/healthz`)).status).toBe(200);

    await redis.start();
    expect((await readyzUntil(r, 200)).status).toBe(200);
  });

  it('answers 503 within the probe deadline while Redis is frozen (hung), and 200 once it wakes', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.dispose());
    const { r } = await startOn(redis);
    redis.freeze();
    const hung = await readyz(r);
    expect(hung.status).toBe(503);
    expect(hung.body.checks.find((c) => c.name === 'store')?.detail).toMatch(
      /^store_timeout: redis health probe did not finish/,
    );
    redis.thaw();
    expect((await readyzUntil(r, 200)).status).toBe(200);
  });

  it("answers 503 with the platform's reason when a platform is not ready", async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.dispose());
    const { r, adapter } = await startOn(redis);
    adapter.readiness = { ok: false, detail: 'auth.test failed: invalid_auth' };
    const res = await readyz(r);
    expect(res.status).toBe(503);
    expect(res.body.checks).toContainEqual({ name: 'console', ok: false, detail: 'auth.test failed: invalid_auth' });
    adapter.readiness = { ok: true };
    expect((await readyz(r)).status).toBe(200);
  });
});
