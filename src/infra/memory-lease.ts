/**
 * A `Lease` inside one process (the SQLite mode, where one process owns the store): the
 * first `acquire` wins until `ttlMs` passes on `clock` or the holder releases it.
 */
import type { Clock, Lease } from '../core/ports.js';

const systemClock: Clock = { now: () => Date.now() };

/** An in-process lease table; `clock` is injectable for tests. */
export function createMemoryLease(clock: Clock = systemClock): Lease {
  const expiries = new Map<string, number>();
  return {
    async acquire(key, ttlMs) {
      const now = clock.now();
      const until = expiries.get(key);
      if (until !== undefined && until > now) return false;
      expiries.set(key, now + ttlMs);
      // Forget expired entries now and then, so the table does not grow without bound.
      if (expiries.size > 1024) for (const [k, t] of expiries) if (t <= now) expiries.delete(k);
      return true;
    },
    async release(key) {
      expiries.delete(key);
    },
  };
}
