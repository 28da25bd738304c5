/**
 * Fault case on Teams (the real processes and botbuilder against the Bot Connector
 * stand-in), three processes on one Redis with Teams' requests spread across them: one
 * process killed with SIGKILL at a random moment and started again, twenty times over a few
 * chats. Teams hears 200 for a message only once its answer is stored, so an answer whose
 * delivery died is delivered again (as Teams may) and counted once. Each chat ends with its
 * recap and CSV compared with what the participants did.
 */
import { describe, expect } from 'vitest';
import { redisServerAvailable, startRedisServer } from './support/redis-server.js';
import { runTeamsChat } from './support/teams-chat-run.js';
import { chatsWithKills } from './support/kill-schedule.js';
import { recordRow, rowOf } from './support/fault-table.js';
import { announceSeed, itWithSeeds, replayHint } from './support/fault-seeds.js';
import { seededRandom } from '../../src/cli/seeded-random.js';

const available = redisServerAvailable();
const KILLS = 20;
const CHATS = 3;
const PEOPLE = 12;
/** A 60-minute chat in 30 s. */
const SPEED = 120;
const CASE = 'Teams, 3 processes on Redis, SIGKILL + restart';

describe.skipIf(!available.ok)(`Teams, three processes on one Redis${available.reason}`, () => {
  itWithSeeds(
    'one process killed with SIGKILL at random moments, twenty times: every step once, nothing lost or doubled',
    async (seed) => {
      announceSeed(CASE, seed);
      const random = seededRandom(seed);
      const results = await chatsWithKills(KILLS, CHATS, random, async (disrupt) => {
        const redis = await startRedisServer();
        try {
          return await runTeamsChat({ redis, instances: 3, people: PEOPLE, speed: SPEED, random, disrupt });
        } finally {
          await redis.dispose();
        }
      });
      const kills = results.reduce((n, r) => n + r.kills, 0);
      recordRow(
        rowOf(
          CASE,
          results.map((r) => r.outcome),
          `${kills} kills over ${results.length} chats, seed ${seed}; ${results.map((r, i) => `chat ${i + 1}: ${r.notes}`).join('; ')}`,
        ),
      );
      for (const r of results)
        expect(r.outcome.problems, `${r.explanation}\nlogs in ${r.logDir}; ${replayHint(seed)}`).toEqual([]);
    },
  );
});
