/**
 * Two instances on one Redis (REDIS_URL, a random namespace): a plan saved through one is
 * listed and started by the other at once, with no restart and no file copied; the running
 * chat keeps the version it started with while a later save is seen by both.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@keyv/redis';
import { ChatService } from '../../src/core/service/chat-service.js';
import { PlanCatalogue } from '../../src/core/service/plan-catalogue.js';
import { createStore, type OpenStore } from '../../src/infra/store/create-store.js';
import { createRedisLease } from '../../src/infra/redis-lease.js';
import { createPlanSource } from '../../src/infra/plan-source.js';
import { createPlanStore } from '../../src/infra/plans/record-plan-store.js';
import type { Message } from '../../src/core/engine/messages.js';
import { RecordingPort } from '../support/recording-port.js';
import { memoryLogger } from '../support/engine-harness.js';
import { redisRequirement } from '../support/requirements.js';
import { planDocument } from '../support/plan-documents.js';
import { testKeys } from '../support/server-secret.js';

const redis = redisRequirement();
const quiet = memoryLogger();
const channel = { platform: 'console' as const, id: 'C-plans', workspace: 'T1', name: '#plans' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function instance(namespace: string) {
  const store: OpenStore = await createStore(redis.value, { logger: quiet, namespace });
  cleanups.push(() => store.close());
  const clock = { now: () => Date.now() };
  const planStore = createPlanStore(store.planRecords, clock);
  const plans = new PlanCatalogue(createPlanSource('chats'), planStore);
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createRedisLease(store.redis!),
    clock,
    logger: quiet,
    plans,
    ports: { console: new RecordingPort(true) },
    organizers: ['U-ORG'],
    speed: 600,
  });
  return { store, planStore, service };
}

const vars = (replies: Message[]) =>
  replies.map((m) => (m.kind === 'notice' ? JSON.stringify(m.vars ?? {}) : '')).join('\n');

describe.skipIf(redis.skip)(`plans on one Redis${redis.reason}`, () => {
  it('a plan saved through one instance is listed and started by the other', async () => {
    const namespace = `rt-plans-${randomUUID().slice(0, 8)}`;
    cleanups.push(async () => {
      const client = createClient({ url: redis.value });
      await client.connect();
      for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 }))
        if (keys.length > 0) await client.unlink(keys);
      await client.close();
    });
    const a = await instance(namespace);
    const b = await instance(namespace);
    expect(
      await a.planStore.save('T1', planDocument('monthly-chat'), { author: { id: 'U-ORG', name: 'Nadia' } }),
    ).toMatchObject({ ok: true });
    const organizer = { id: 'U-ORG', name: 'Nadia' };
    expect(vars(await b.service.command(channel, organizer, 'plans'))).toContain('monthly-chat\\tversion\\t1\\tNadia');
    await b.service.command(channel, organizer, 'start monthly-chat');
    const run = await b.service.desk.latestRun(channel);
    expect(run?.planId).toBe('monthly-chat');
    await a.planStore.save('T1', planDocument('monthly-chat', { hashtag: '#Later' }), {
      author: organizer,
      baseVersion: 1,
    });
    expect((await b.planStore.get('T1', 'monthly-chat'))?.plan.hashtag).toBe('#Later');
    expect((await a.store.getRun(run!.id))?.plan.hashtag).toBeUndefined();
    await b.service.stop();
    await a.service.stop();
  });
});
