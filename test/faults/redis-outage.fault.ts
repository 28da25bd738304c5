/**
 * Fault case: Redis unavailable for 10 s in the middle of a chat run by two instances, from
 * halfway through people's answers (or votes), while they keep answering and voting through both. Once as a stop (connections refused;
 * the server comes back with its append-only file) and once frozen (SIGSTOP: a hung server,
 * calls time out). People get "not recorded, try again" during the outage and try again;
 * afterwards every step is posted once and the export holds every acknowledged answer and
 * vote once.
 */
import { describe, expect } from 'vitest';
import { createStore } from '../../src/infra/store/create-store.js';
import { RecordingPort } from '../support/recording-port.js';
import { startCluster } from './support/cluster.js';
import { DirectDriver } from './support/direct-driver.js';
import { Participants } from './support/participants.js';
import { compareOutcome, csvOf, figuresOf, type Outcome } from './support/outcome.js';
import { faultPlanFolder } from './support/plan-folder.js';
import { redisServerAvailable, startRedisServer } from './support/redis-server.js';
import { describeCrowd, recordRow, rowOf } from './support/fault-table.js';
import { announceSeed, itWithSeeds, replayHint } from './support/fault-seeds.js';
import { seededRandom } from '../../src/cli/seeded-random.js';

const available = redisServerAvailable();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const channel = { platform: 'console' as const, id: 'C-outage' };
const OUTAGE_MS = 10_000;
/** A 60-minute chat in 40 s: the 10-s outage (from Q1) covers a quarter of it (P1 and Q2 fall due inside). */
const SPEED = 90;
const PEOPLE = 16;
const CASE = 'Redis down 10 s (stopped, then frozen), 2 instances';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One chat through an outage; what it starts is cleaned up by `cleanups` (last first), whatever happens. */
async function chatThroughOutage(
  kind: 'stopped' | 'frozen',
  random: () => number,
): Promise<{ outcome: Outcome; notes: string }> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    return await outageChat(kind, random, cleanups);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

async function outageChat(
  kind: 'stopped' | 'frozen',
  random: () => number,
  cleanups: (() => Promise<void>)[],
): Promise<{ outcome: Outcome; notes: string }> {
  const redis = await startRedisServer({ persist: true });
  cleanups.push(() => redis.dispose());
  const port = new RecordingPort(true);
  const cluster = await startCluster({
    store: redis.url,
    plansDir: faultPlanFolder(),
    instances: 2,
    port,
    speed: SPEED,
    logger: quiet,
  });
  cleanups.push(() => cluster.stop());
  const services = cluster.instances.map((r) => r.service);
  await services[0]!.command(channel, { id: 'U-ORG', name: 'Org' }, 'start fault-chat');
  const runId = (await services[0]!.desk.latestRun(channel))!.id;
  let outage: Promise<void> | undefined;
  let down: Promise<void> | undefined;
  const startOutage = (): Promise<void> => {
    down ??= kind === 'stopped' ? redis.stop() : Promise.resolve(redis.freeze());
    outage ??= (async () => {
      await down;
      await sleep(OUTAGE_MS);
      if (kind === 'stopped') await redis.start();
      else redis.thaw();
    })();
    return down;
  };
  // The outage starts part-way through people's answers to Q1 (stopped) or their votes in P1
  // (frozen), after a quarter to three quarters of them (the seed decides): the call that
  // triggers it waits until Redis is down, then goes on.
  const driver = new DirectDriver(services, channel, port, () => runId);
  const triggerAt = PEOPLE / 4 + Math.floor(random() * (PEOPLE / 2));
  let calls = 0;
  const trigger = async (): Promise<void> => {
    calls += 1;
    if (calls === triggerAt) await startOutage();
  };
  const crowd = new Participants(PEOPLE, {
    view: () => driver.view(),
    answer: async (...args) => {
      if (kind === 'stopped' && args[1].number === 1) await trigger();
      return driver.answer(...args);
    },
    vote: async (...args) => {
      if (kind === 'frozen' && args[1].number === 1) await trigger();
      return driver.vote(...args);
    },
  });
  for (let view = await crowd.round(); !view.ended; view = await crowd.round()) await sleep(20);
  await outage;
  await cluster.stop();

  const store = await createStore(redis.url, { logger: quiet });
  cleanups.push(() => store.close());
  const recap = port.posts.find((p) => p.message.kind === 'recap')?.message;
  const expected = crowd.expected();
  const outcome = compareOutcome({
    runId,
    posts: port.posts.map((p) => ({ key: p.key, thread: Boolean(p.thread) })),
    closedPolls: port.posts.flatMap((p) => {
      const m = port.latest(p.id);
      return m?.kind === 'poll' && m.closed ? [m.number] : [];
    }),
    pollCount: 2,
    csv: await csvOf(store, runId),
    recap: recap?.kind === 'recap' ? figuresOf(recap.recap) : undefined,
    expected,
  });
  return { outcome, notes: `${kind} after ${triggerAt} of ${PEOPLE} people: ${describeCrowd(expected)}` };
}

describe.skipIf(!available.ok)(`Redis unavailable for 10 s mid-chat, two instances${available.reason}`, () => {
  itWithSeeds(
    'recovers by itself; nothing lost or doubled; people were told when something was not recorded',
    async (seed) => {
      announceSeed(CASE, seed);
      const random = seededRandom(seed);
      const runs = [await chatThroughOutage('stopped', random), await chatThroughOutage('frozen', random)];
      recordRow(
        rowOf(
          CASE,
          runs.map((r) => r.outcome),
          `seed ${seed}; ${runs.map((r) => r.notes).join('; ')}`,
        ),
      );
      for (const r of runs)
        expect(
          r.outcome.problems,
          `${r.notes.split(':')[0]}, in this test process (two instances, no separate logs); ${replayHint(seed)}`,
        ).toEqual([]);
    },
  );
});
