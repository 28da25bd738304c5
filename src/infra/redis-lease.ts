/**
 * A `Lease` on Redis, for several processes sharing one Redis: `SET key token NX PX ttl`
 * takes it; renew and release compare the key's value with our token first (Lua scripts),
 * so a holder whose lease expired never extends or frees someone else's. The token is kept
 * until Redis confirms the release: a release that failed can be retried (a later `release`,
 * or the next `acquire` of the key here), and otherwise the lease expires by itself.
 */
import { randomUUID } from 'node:crypto';
import type { Lease } from '../core/ports.js';
import type { RedisClient } from './store/redis-connection.js';
import { redisKey } from './store/redis-backend.js';

/** Deletes KEYS[1] only when its value is ARGV[1]; returns 1 when deleted. */
const RELEASE_IF_OURS =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** Sets KEYS[1] to expire in ARGV[2] ms only when its value is ARGV[1]; returns 1 when extended. */
const RENEW_IF_OURS =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

/** One hold of a key by this process: its token, and whether a release of it failed. */
interface Hold {
  token: string;
  releaseFailed: boolean;
}

/** Leases stored as `<namespace>::lease:<key>` (namespace default `roundtable`). */
export function createRedisLease(client: RedisClient, opts: { namespace?: string } = {}): Lease {
  const namespace = opts.namespace ?? 'roundtable';
  const held = new Map<string, Hold>();
  const keyOf = (key: string): string => redisKey(namespace, `lease:${key}`);
  const px = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs));
  const take = async (key: string, ttlMs: number): Promise<boolean> => {
    const token = randomUUID();
    const won =
      (await client.set(keyOf(key), token, { condition: 'NX', expiration: { type: 'PX', value: px(ttlMs) } })) === 'OK';
    if (won) held.set(key, { token, releaseFailed: false });
    return won;
  };
  const release = async (key: string, hold: Hold): Promise<void> => {
    try {
      await client.eval(RELEASE_IF_OURS, { keys: [keyOf(key)], arguments: [hold.token] });
    } catch (err) {
      hold.releaseFailed = true;
      throw err;
    }
    // Forget the token only now, and only if no newer hold of the key replaced it meanwhile.
    if (held.get(key) === hold) held.delete(key);
  };
  return {
    async acquire(key, ttlMs) {
      if (await take(key, ttlMs)) return true;
      // Our own earlier hold whose release failed still blocks the key: free it, then try again.
      const stale = held.get(key);
      if (!stale?.releaseFailed) return false;
      await release(key, stale);
      return take(key, ttlMs);
    },
    async renew(key, ttlMs) {
      const hold = held.get(key);
      if (hold === undefined || hold.releaseFailed) return false;
      return (
        (await client.eval(RENEW_IF_OURS, { keys: [keyOf(key)], arguments: [hold.token, String(px(ttlMs))] })) === 1
      );
    },
    async release(key) {
      const hold = held.get(key);
      if (hold !== undefined) await release(key, hold);
    },
  };
}
