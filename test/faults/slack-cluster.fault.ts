/**
 * Fault cases on Slack (the real processes and Bolt against the Slack stand-in), three
 * processes on one Redis with Slack's requests spread across them:
 * - one process killed with SIGKILL at a random moment and started again, twenty times over
 *   (in a few chats, so the suite stays within minutes);
 * - the stand-in failing 10% of Web API calls (HTTP 500s and hangs) and delivering every
 *   event twice.
 * Each chat ends with its recap and CSV compared with what the participants did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { redisServerAvailable, startRedisServer, type RedisServer } from './support/redis-server.js';
import { runSlackChat, type SlackChatRunResult } from './support/slack-chat-run.js';
import { recordRow, rowOf } from './support/fault-table.js';
import { seededRandom } from '../../src/cli/seeded-random.js';
import { specsRequirement } from '../support/requirements.js';

const available = redisServerAvailable();
const specs = specsRequirement();
const KILLS = 20;
const CHATS_FOR_KILLS = 3;
const PEOPLE = 12;
/** A 60-minute chat in 30 s. */
const SPEED = 120;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const redisServers: RedisServer[] = [];
afterEach(async () => {
  for (const r of redisServers.splice(0)) await r.dispose();
});

async function freshRedis(): Promise<RedisServer> {
  const redis = await startRedisServer();
  redisServers.push(redis);
  return redis;
}

describe.skipIf(!available.ok || specs.skip)(`Slack, three processes on one Redis${available.reason}${specs.reason}`, () => {
  it('one process killed with SIGKILL at random moments, twenty times: every step once, nothing lost or doubled', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const results: SlackChatRunResult[] = [];
    let kills = 0;
    for (let chat = 0; chat < CHATS_FOR_KILLS; chat++) {
      const quota = Math.ceil((KILLS - kills) / (CHATS_FOR_KILLS - chat));
      const result = await runSlackChat({
        redis: await freshRedis(), instances: 3, people: PEOPLE, speed: SPEED, random,
        async disrupt(cluster, ended) {
          for (let done = 0; done < quota && !ended(); done++) {
            await sleep(800 + random() * 2500);
            if (ended()) break;
            const slot = Math.floor(random() * cluster.size);
            await cluster.kill(slot);
            await cluster.start(slot);
          }
        },
      });
      kills += result.kills;
      results.push(result);
    }
    recordRow(rowOf('Slack, 3 processes on Redis, SIGKILL + restart', results.map((r) => r.outcome), `${kills} kills over ${results.length} chats, seed ${seed}; ${results.map((r, i) => `chat ${i + 1}: ${r.notes}`).join('; ')}`));
    for (const r of results) expect(r.outcome.problems, `logs in ${r.logDir}`).toEqual([]);
  });

  it('Slack failing 10% of calls (500s and hangs) and sending every event twice: every step once, nothing lost or doubled', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
    const result = await runSlackChat({
      redis: await freshRedis(), instances: 3, people: PEOPLE, speed: SPEED, random: seededRandom(seed), everyEventTwice: true,
      standin: { failRate: 0.1, failMode: 'mixed', failHangMs: 2000, failSeed: seed },
    });
    recordRow(rowOf('Slack failing 10% (500s, hangs), every event twice, 3 processes', [result.outcome], `seed ${seed}; ${result.notes}`));
    expect(result.outcome.problems, `logs in ${result.logDir}`).toEqual([]);
  });
});
