/**
 * node-cron's `RunCoordinator` on Redis: of all processes whose `distributed` task fires for
 * the same slot (`name:<fire time ISO>`), only the one whose `SET NX PX` succeeds runs it.
 * A Redis error rejects, and node-cron then skips the run (fail-closed).
 */
import { hostname } from 'node:os';
import type { RunCoordinator } from 'node-cron';
import type { RedisClient } from './store/redis-connection.js';
import { redisKey } from './store/redis-backend.js';

/** A coordinator storing slots as `<namespace>::cron:<key>` (namespace default `roundtable`). */
export function createRedisCoordinator(client: RedisClient, opts: { namespace?: string } = {}): RunCoordinator {
  const namespace = opts.namespace ?? 'roundtable';
  const owner = `${hostname()}:${process.pid}`;
  return {
    async shouldRun(key, ttlMs) {
      const px = Math.max(1, Math.ceil(ttlMs));
      const won = await client.set(redisKey(namespace, `cron:${key}`), owner, {
        condition: 'NX',
        expiration: { type: 'PX', value: px },
      });
      return won === 'OK';
    },
  };
}
