/**
 * SIGTERM on a real process with a post under way: the process finishes the post, journals
 * the step `done`, releases the run's Redis lease, closes the store and exits 0. Another
 * instance then goes on without waiting for a lease to expire.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../src/infra/store/create-store.js';
import { redisKey } from '../../src/infra/store/redis-backend.js';
import { readFileChat } from '../support/file-chat.js';
import { faultPlanFolder } from '../faults/support/plan-folder.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../faults/support/redis-server.js';

const CHILD = path.resolve('test/faults/support/sigterm-instance.mts');
const available = redisServerAvailable();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let redis: RedisServer | undefined;
afterEach(async () => {
  await redis?.dispose();
  redis = undefined;
});

describe.skipIf(!available.ok)(`SIGTERM with a post under way${available.reason}`, () => {
  it('finishes the post, journals it, frees the lease, closes the store and exits 0', async () => {
    redis = await startRedisServer();
    const chat = path.join(mkdtempSync(path.join(tmpdir(), 'rt-sigterm-')), 'chat.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, chat], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        ROUNDTABLE_STORE: redis.url,
        ROUNDTABLE_PLANS_DIR: faultPlanFolder(),
        ROUNDTABLE_ORGANIZERS: 'U-ORG',
        LOG_LEVEL: 'info',
        POST_DELAY_MS: '1500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const posting = new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /posting (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const key = await posting; // the welcome is on its way to the channel
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(readFileChat(chat).filter((l) => l.key === key)).toHaveLength(1);
    const store = await createStore(redis.url, { logger: quiet });
    try {
      expect(await store.getStep(key)).toMatchObject({ state: 'done' });
      const runId = key.split(':')[0]!;
      expect((await store.getRun(runId))?.outbox).toEqual([]);
      expect(await store.redis!.exists(redisKey('roundtable', `lease:lock:run:${runId}`))).toBe(0);
    } finally {
      await store.close();
    }
    const lines = err
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg?: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down: finishing the work under way', 'stopped']),
    );
  });
});
