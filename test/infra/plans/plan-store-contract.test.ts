/**
 * The PlanStore contract, run on the memory records, a real SQLite file and the real Redis
 * at REDIS_URL (a random namespace each test, removed after). A backend is done when it passes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@keyv/redis';
import { createStore, type OpenStore } from '../../../src/infra/store/create-store.js';
import { createPlanStore, KEPT_VERSIONS } from '../../../src/infra/plans/record-plan-store.js';
import { memoryPlanRecords, type PlanRecords } from '../../../src/infra/plans/plan-records.js';
import type { Logger, PlanStore } from '../../../src/core/ports.js';
import { FakeClock } from '../../support/fake-clock.js';
import { redisRequirement } from '../../support/requirements.js';
import { planDocument } from '../../support/plan-documents.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const redis = redisRequirement();
const dir = mkdtempSync(path.join(tmpdir(), 'rt-plans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Backend {
  name: string;
  skip: boolean;
  reason: string;
  open(namespace: string): Promise<{ records: PlanRecords; close(): Promise<void> }>;
}

async function dropRedisNamespace(url: string, namespace: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 }))
    if (keys.length > 0) await client.unlink(keys);
  await client.close();
}

const opened = (store: OpenStore, drop: () => Promise<void>) => ({
  records: store.planRecords,
  close: async () => {
    await store.close();
    await drop();
  },
});

const backends: Backend[] = [
  {
    name: 'memory',
    skip: false,
    reason: '',
    open: async () => ({ records: memoryPlanRecords(), close: async () => {} }),
  },
  {
    name: 'SQLite',
    skip: false,
    reason: '',
    open: async (ns) =>
      opened(
        await createStore(`sqlite://${path.join(dir, 'plans.sqlite')}`, { namespace: ns, logger: quiet }),
        async () => {},
      ),
  },
  {
    name: 'Redis',
    skip: redis.skip,
    reason: redis.reason,
    open: async (ns) =>
      opened(await createStore(redis.value, { namespace: ns, logger: quiet }), () =>
        dropRedisNamespace(redis.value, ns),
      ),
  },
];

const jane = { id: 'U-JANE', name: 'Jane Doe' };
const omar = { id: 'U-OMAR', name: 'Omar Haddad' };

describe.each(backends)('PlanStore on $name', (backend) => {
  describe.skipIf(backend.skip)(`contract${backend.reason}`, () => {
    let close: (() => Promise<void>) | undefined;
    const clock = new FakeClock();
    const open = async (): Promise<PlanStore> => {
      const b = await backend.open(`rt-plans-${randomUUID().slice(0, 8)}`);
      close = b.close;
      return createPlanStore(b.records, clock);
    };
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    it('saves a new plan as version 1 with its author and time, and lists it in its workspace only', async () => {
      const plans = await open();
      const result = await plans.save('T1', planDocument(), { author: jane });
      expect(result).toMatchObject({
        ok: true,
        saved: { id: 'monthly-chat', number: 1, author: jane, at: clock.now(), workspace: 'T1' },
      });
      expect((await plans.get('T1', 'monthly-chat'))?.plan.durationMs).toBe(3_600_000);
      expect((await plans.list('T1')).map((p) => p.id)).toEqual(['monthly-chat']);
      expect(await plans.list('T2')).toEqual([]);
      expect(await plans.get('T2', 'monthly-chat')).toBeUndefined();
    });

    it('never saves an invalid plan: the problems come back, located by field', async () => {
      const plans = await open();
      const bad = planDocument('bad-plan', { repeat: '0 99 * * *', title: { en: 'Only English' } });
      const result = await plans.save('T1', bad, { author: jane });
      expect(result.ok).toBe(false);
      if (result.ok || result.reason !== 'invalid') throw new Error('expected problems');
      expect(result.problems.map((p) => [p.code, p.path])).toEqual(
        expect.arrayContaining([
          ['text_missing_language', ['title']],
          ['cron_invalid', ['repeat']],
        ]),
      );
      expect(await plans.get('T1', 'bad-plan')).toBeUndefined();
      const noId = await plans.save('T1', { ...planDocument(), id: undefined }, { author: jane });
      expect(noId).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('refuses a stale base version with who saved and when, and a new plan under a taken id', async () => {
      const plans = await open();
      await plans.save('T1', planDocument(), { author: jane });
      await clock.advance(60_000);
      expect(await plans.save('T1', planDocument(), { author: omar, baseVersion: 1 })).toMatchObject({
        ok: true,
        saved: { number: 2 },
      });
      const stale = await plans.save('T1', planDocument('monthly-chat', { hashtag: '#Late' }), {
        author: jane,
        baseVersion: 1,
      });
      expect(stale).toEqual({ ok: false, reason: 'conflict', latest: { number: 2, author: omar, at: clock.now() } });
      expect(await plans.save('T1', planDocument(), { author: jane })).toMatchObject({
        ok: false,
        reason: 'conflict',
        latest: { number: 2 },
      });
      expect((await plans.get('T1', 'monthly-chat'))?.source.hashtag).toBeUndefined();
    });

    it('lets exactly one of two concurrent saves from the same base win', async () => {
      const plans = await open();
      await plans.save('T1', planDocument(), { author: jane });
      const results = await Promise.all(
        [jane, omar].map((author) => plans.save('T1', planDocument(), { author, baseVersion: 1 })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(1);
    });

    it(`keeps the last ${KEPT_VERSIONS} versions, newest first, and never reuses a number`, async () => {
      const plans = await open();
      for (let n = 0; n < KEPT_VERSIONS + 2; n++) {
        const r = await plans.save('T1', planDocument('monthly-chat', { hashtag: `#Save${n + 1}` }), {
          author: jane,
          ...(n > 0 ? { baseVersion: n } : {}),
        });
        expect(r.ok).toBe(true);
      }
      const versions = await plans.versions('T1', 'monthly-chat');
      expect(versions.map((v) => v.number)).toEqual(
        Array.from({ length: KEPT_VERSIONS }, (_, i) => KEPT_VERSIONS + 2 - i),
      );
      expect(await plans.getVersion('T1', 'monthly-chat', 1)).toBeUndefined();
      expect(await plans.delete('T1', 'monthly-chat')).toBe(true);
      expect(await plans.versions('T1', 'monthly-chat')).toEqual([]);
      expect(await plans.get('T1', 'monthly-chat')).toBeUndefined();
      const again = await plans.save('T1', planDocument(), { author: omar });
      expect(again).toMatchObject({ ok: true, saved: { number: KEPT_VERSIONS + 3 } });
      expect(await plans.delete('T1', 'nothing-here')).toBe(false);
    });

    it('restores an older version as a new one, with the same conflict rule', async () => {
      const plans = await open();
      await plans.save('T1', planDocument('monthly-chat', { hashtag: '#First' }), { author: jane });
      await plans.save('T1', planDocument('monthly-chat', { hashtag: '#Second' }), { author: jane, baseVersion: 1 });
      expect(await plans.restore('T1', 'monthly-chat', 1, { author: omar, baseVersion: 1 })).toMatchObject({
        ok: false,
        reason: 'conflict',
      });
      const restored = await plans.restore('T1', 'monthly-chat', 1, { author: omar, baseVersion: 2 });
      expect(restored).toMatchObject({ ok: true, saved: { number: 3, author: omar, source: { hashtag: '#First' } } });
      expect((await plans.get('T1', 'monthly-chat'))?.plan.hashtag).toBe('#First');
      expect(await plans.restore('T1', 'monthly-chat', 99, { author: omar, baseVersion: 3 })).toEqual({
        ok: false,
        reason: 'unknown',
      });
    });
  });
});
