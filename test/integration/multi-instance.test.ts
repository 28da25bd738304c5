/**
 * Several instances on one Redis: a chat driven by two processes at once posts each step
 * once and counts every answer and vote once, whichever process receives them; a scheduled
 * start fires in exactly one process; a platform event is handled once across processes and
 * remembered longer than Slack's retry window; a plan scheduled through one instance is
 * armed by the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChatService } from '../../src/core/service/chat-service.js';
import { createStore, type OpenStore } from '../../src/infra/store/create-store.js';
import { createRedisLease } from '../../src/infra/redis-lease.js';
import { createRedisCoordinator } from '../../src/infra/redis-coordinator.js';
import { createScheduler, type Scheduler } from '../../src/infra/scheduler.js';
import { redisKey } from '../../src/infra/store/redis-backend.js';
import type { Plan } from '../../src/core/plan/plan.js';
import { RecordingPort } from '../support/recording-port.js';
import { memoryLogger } from '../support/engine-harness.js';
import { planSource, samplePlan } from '../support/plans.js';
import { startCluster } from '../faults/support/cluster.js';
import { DirectDriver } from '../faults/support/direct-driver.js';
import { Participants } from '../faults/support/participants.js';
import { compareOutcome, csvOf, figuresOf } from '../faults/support/outcome.js';
import { faultPlanFolder, faultPlanYaml } from '../faults/support/plan-folder.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../faults/support/redis-server.js';
import { testKeys } from '../support/server-secret.js';

const available = redisServerAvailable();
const quiet = memoryLogger();
const channel = { platform: 'console' as const, id: 'C-multi', name: '#faults' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function ownRedis(): Promise<RedisServer> {
  const redis = await startRedisServer();
  cleanups.push(() => redis.dispose());
  return redis;
}

async function openStore(url: string, namespace = 'roundtable'): Promise<OpenStore> {
  const store = await createStore(url, { logger: quiet, namespace });
  cleanups.push(() => store.close());
  return store;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available.ok)(`several instances on one Redis${available.reason}`, () => {
  it('two processes running one chat post each step once and count each answer and vote once', async () => {
    const redis = await ownRedis();
    const port = new RecordingPort(true);
    const cluster = await startCluster({
      store: redis.url,
      plansDir: faultPlanFolder(),
      instances: 2,
      port,
      speed: 600,
      logger: quiet,
    });
    cleanups.push(() => cluster.stop());
    const [a, b] = cluster.instances as [(typeof cluster.instances)[0], (typeof cluster.instances)[0]];
    await a.service.command(channel, { id: 'U-ORG', name: 'Org' }, 'start fault-chat');
    const runId = (await a.service.desk.latestRun(channel))!.id;
    const people = new Participants(12, new DirectDriver([a.service, b.service], channel, port, () => runId));
    for (let view = await people.round(); !view.ended; view = await people.round()) await sleep(10);
    await cluster.stop();

    const store = await openStore(redis.url);
    const recapPost = port.posts.find((p) => p.message.kind === 'recap');
    const outcome = compareOutcome({
      runId,
      posts: port.posts.map((p) => ({ key: p.key, thread: Boolean(p.thread) })),
      closedPolls: port.posts.flatMap((p) => {
        const m = port.latest(p.id);
        return m?.kind === 'poll' && m.closed ? [m.number] : [];
      }),
      pollCount: 2,
      csv: await csvOf(store, runId),
      recap: recapPost?.message.kind === 'recap' ? figuresOf(recapPost.message.recap) : undefined,
      expected: people.expected(),
    });
    expect(outcome.problems).toEqual([]);
    expect(port.kinds()).toEqual(['welcome', 'Q1', 'P1', 'Q2', 'P2', 'Q3', 'Q4', 'closing', 'recap']);
    expect(people.expected().answers.filter((x) => x.status === 'stored')).toHaveLength(48);
  }, 90_000);

  it('a scheduled start fires in exactly one of two processes, slot after slot', async () => {
    const redis = await ownRedis();
    const namespace = `rt-${randomUUID().slice(0, 8)}`;
    const port = new RecordingPort(true);
    // Every second (node-cron's six-field form), so three slots pass in a few seconds.
    const plan: Plan = { ...samplePlan(), id: 'every-second', channel: '#faults', repeat: '* * * * * *' };
    const fired: { instance: number; at: string }[] = [];
    const schedulers: Scheduler[] = [];
    for (const instance of [0, 1]) {
      const store = await openStore(redis.url, namespace);
      const service = new ChatService({
        keys: testKeys(),
        store,
        lease: createRedisLease(store.redis!, { namespace }),
        clock: { now: () => Date.now() },
        logger: quiet,
        plans: planSource(plan),
        ports: { console: port },
        organizers: [],
        speed: 1,
      });
      await store.setValue('registered-channel:#faults', channel);
      const scheduler = createScheduler({
        logger: quiet,
        coordinator: createRedisCoordinator(store.redis!, { namespace }),
        onStart: async (p, at) => {
          fired.push({ instance, at: at.toISOString() });
          await service.startScheduled(p);
        },
        onReminder: () => undefined,
      });
      schedulers.push(scheduler);
      cleanups.push(() => scheduler.stop());
      scheduler.arm(plan);
    }
    while (new Set(fired.map((f) => f.at)).size < 3) await sleep(100);
    for (const s of schedulers) await s.stop();
    const slots = new Map<string, number>();
    for (const f of fired) slots.set(f.at, (slots.get(f.at) ?? 0) + 1);
    expect([...slots.values()].every((n) => n === 1)).toBe(true);
    const store = await openStore(redis.url, namespace);
    expect(await store.activeRunIds()).toHaveLength(1);
    expect(port.kinds()).toEqual(['welcome']);
  }, 60_000);

  it("a platform event is handled once across processes and remembered past Slack's retry window", async () => {
    const redis = await ownRedis();
    const port = new RecordingPort(true);
    const cluster = await startCluster({
      store: redis.url,
      plansDir: faultPlanFolder(),
      instances: 2,
      port,
      speed: 1,
      logger: quiet,
    });
    cleanups.push(() => cluster.stop());
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => cluster.instances[i % 2]!.service.firstDelivery('slack:Ev0123ABC')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const store = await openStore(redis.url);
    const ttl = await store.redis!.pTTL(redisKey('roundtable', 'event:slack%3AEv0123ABC'));
    // Slack retries at once, after 1 minute and after 5 minutes: the id must outlive that, with a margin.
    expect(ttl).toBeGreaterThan(6 * 60_000);
  });

  it('a plan scheduled through one instance is armed by the others, and unscheduled the same way', async () => {
    const redis = await ownRedis();
    const dir = faultPlanFolder();
    writeFileSync(path.join(dir, 'fault-chat.yaml'), `${faultPlanYaml('#faults')}repeat: "0 20 * * 4"\n`);
    const port = new RecordingPort(true);
    // No periodic sync during the test: each instance syncs when the test says so.
    const cluster = await startCluster({
      store: redis.url,
      plansDir: dir,
      instances: 2,
      port,
      speed: 1,
      logger: quiet,
      start: { scheduleSyncMs: 3_600_000 },
    });
    cleanups.push(() => cluster.stop());
    const [a, b] = cluster.instances as [(typeof cluster.instances)[0], (typeof cluster.instances)[0]];
    const org = { id: 'U-ORG', name: 'Org' };
    expect(await a.service.command(channel, org, 'schedule fault-chat')).toEqual([
      expect.objectContaining({ key: 'scheduled' }),
    ]);
    expect(a.scheduler.armed()).toEqual(['fault-chat']);
    await b.service.schedules!.sync();
    expect(b.scheduler.armed()).toEqual(['fault-chat']);
    // A sync under way on the instance that takes the unschedule never arms the plan again after it.
    const [, replies] = await Promise.all([
      a.service.schedules!.sync(),
      a.service.command(channel, org, 'unschedule fault-chat'),
    ]);
    expect(replies).toEqual([expect.objectContaining({ key: 'unscheduled' })]);
    expect(a.scheduler.armed()).toEqual([]);
    // The other instance has not synced yet, but once the bot said "unscheduled" it would not start the plan.
    expect(b.scheduler.armed()).toEqual(['fault-chat']);
    expect(await b.service.schedules!.listed('fault-chat')).toBe(false);
    await b.service.schedules!.sync();
    expect(b.scheduler.armed()).toEqual([]);
  });
});
