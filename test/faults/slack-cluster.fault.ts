/**
 * Fault cases on Slack (the real processes and Bolt against the Slack stand-in), three
 * processes on one Redis with Slack's requests spread across them:
 * - one process killed with SIGKILL at a random moment and started again, twenty times over
 *   (in a few chats, so the suite stays within minutes);
 * - the stand-in failing 10% of Web API calls (HTTP 500s and hangs) and delivering every
 *   event twice.
 * Each chat ends with its recap and CSV compared with what the participants did.
 */
import { describe, expect } from 'vitest';
import { redisServerAvailable, startRedisServer, type RedisServer } from './support/redis-server.js';
import { runSlackChat } from './support/slack-chat-run.js';
import { chatsWithKills } from './support/kill-schedule.js';
import { recordRow, rowOf } from './support/fault-table.js';
import { announceSeed, itWithSeeds, replayHint } from './support/fault-seeds.js';
import { seededRandom } from '../../src/cli/seeded-random.js';
import { specsRequirement } from '../support/requirements.js';

const available = redisServerAvailable();
const specs = specsRequirement();
const KILLS = 20;
const CHATS_FOR_KILLS = 3;
const PEOPLE = 12;
/** A 60-minute chat in 30 s. */
const SPEED = 120;
const KILL_CASE = 'Slack, 3 processes on Redis, SIGKILL + restart';
const FAIL_CASE = 'Slack failing 10% (500s, hangs), every event twice, 3 processes';

/** Runs `chat` on a Redis server of its own, removed afterwards. */
async function onFreshRedis<T>(chat: (redis: RedisServer) => Promise<T>): Promise<T> {
  const redis = await startRedisServer();
  try {
    return await chat(redis);
  } finally {
    await redis.dispose();
  }
}

describe.skipIf(!available.ok || specs.skip)(
  `Slack, three processes on one Redis${available.reason}${specs.reason}`,
  () => {
    itWithSeeds(
      'one process killed with SIGKILL at random moments, twenty times: every step once, nothing lost or doubled',
      async (seed) => {
        announceSeed(KILL_CASE, seed);
        const random = seededRandom(seed);
        const results = await chatsWithKills(KILLS, CHATS_FOR_KILLS, random, (disrupt) =>
          onFreshRedis((redis) => runSlackChat({ redis, instances: 3, people: PEOPLE, speed: SPEED, random, disrupt })),
        );
        const kills = results.reduce((n, r) => n + r.kills, 0);
        recordRow(
          rowOf(
            KILL_CASE,
            results.map((r) => r.outcome),
            `${kills} kills over ${results.length} chats, seed ${seed}; ${results.map((r, i) => `chat ${i + 1}: ${r.notes}`).join('; ')}`,
          ),
        );
        for (const r of results)
          expect(r.outcome.problems, `${r.explanation}\nlogs in ${r.logDir}; ${replayHint(seed)}`).toEqual([]);
      },
    );

    itWithSeeds(
      'Slack failing 10% of calls (500s and hangs) and sending every event twice: every step once, nothing lost or doubled',
      async (seed) => {
        announceSeed(FAIL_CASE, seed);
        const result = await onFreshRedis((redis) =>
          runSlackChat({
            redis,
            instances: 3,
            people: PEOPLE,
            speed: SPEED,
            random: seededRandom(seed),
            everyEventTwice: true,
            standin: { failRate: 0.1, failMode: 'mixed', failHangMs: 2000, failSeed: seed },
          }),
        );
        recordRow(rowOf(FAIL_CASE, [result.outcome], `seed ${seed}; ${result.notes}`));
        expect(result.outcome.problems, `${result.explanation}\nlogs in ${result.logDir}; ${replayHint(seed)}`).toEqual(
          [],
        );
      },
    );
  },
);
