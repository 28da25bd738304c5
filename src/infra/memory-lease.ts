/**
 * A `Lease` inside one process (the SQLite mode, where one process owns the store): the
 * first `acquire` wins until `ttlMs` passes on `clock` or the holder releases it. The whole
 * table is one process, so a hold that has not expired is ours: `renew` extends it, and says
 * false once it expired (as a Redis key that expired is gone, even if nobody took it since).
 */
import type { Clock, Lease } from '../core/ports.js';

const systemClock: Clock = { now: () => Date.now() };

/** An in-process lease table; `clock` is injectable for tests. */
export function createMemoryLease(clock: Clock = systemClock): Lease {
  const holds = new Map<string, { until: number }>();
  const live = (key: string, now: number) => {
    const hold = holds.get(key);
    return hold && hold.until > now ? hold : undefined;
  };
  return {
    async acquire(key, ttlMs) {
      const now = clock.now();
      if (live(key, now)) return false;
      holds.set(key, { until: now + ttlMs });
      // Forget expired entries now and then, so the table does not grow without bound.
      if (holds.size > 1024) for (const [k, h] of holds) if (h.until <= now) holds.delete(k);
      return true;
    },
    async renew(key, ttlMs) {
      const now = clock.now();
      const hold = live(key, now);
      if (!hold) return false;
      hold.until = now + ttlMs;
      return true;
    },
    async release(key) {
      holds.delete(key);
    },
  };
}
