/**
 * A `Lease` on Redis, for several processes sharing one Redis: `SET key token NX PX ttl`
 * takes it, and release deletes the key only if it still holds our token (a Lua
 * compare-and-delete), so a holder whose lease expired never frees someone else's.
 */
import { randomUUID } from 'node:crypto';
import type { Lease } from '../core/ports.js';
import type { RedisClient } from './store/redis-connection.js';
import { redisKey } from './store/redis-backend.js';

/** Deletes KEYS[1] only when its value is ARGV[1]; returns 1 when deleted. */
const RELEASE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** Leases stored as `<namespace>::lease:<key>` (namespace default `roundtable`). */
export function createRedisLease(client: RedisClient, opts: { namespace?: string } = {}): Lease {
  const namespace = opts.namespace ?? 'roundtable';
  const held = new Map<string, string>();
  const keyOf = (key: string): string => redisKey(namespace, `lease:${key}`);
  return {
    async acquire(key, ttlMs) {
      const token = randomUUID();
      const px = Math.max(1, Math.ceil(ttlMs));
      const won = (await client.set(keyOf(key), token, { condition: 'NX', expiration: { type: 'PX', value: px } })) === 'OK';
      if (won) held.set(key, token);
      return won;
    },
    async release(key) {
      const token = held.get(key);
      if (token === undefined) return;
      held.delete(key);
      await client.eval(RELEASE_IF_OURS, { keys: [keyOf(key)], arguments: [token] });
    },
  };
}
