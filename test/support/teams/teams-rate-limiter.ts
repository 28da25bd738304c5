/**
 * Teams' per-bot, per-conversation rate limits ("per bot per thread limit" in Microsoft's
 * rate-limit documentation), as sliding windows over a clock you can inject.
 *
 * @example
 * const limiter = createTeamsRateLimiter({ now: () => clock });
 * const verdict = limiter.take('28:bot|19:chan@thread.tacv2', 'send');
 * if (!verdict.ok) reply429(verdict.retryAfterSeconds);
 */

/** One window: at most `max` operations in any `seconds`-long period. */
export interface RateWindow {
  seconds: number;
  max: number;
}

/** The kinds of operation Teams limits separately. */
export type RateBucket = 'send' | 'create' | 'read';

/**
 * Teams' documented limits. `send` covers send to conversation, reply, update and delete;
 * `create` is create conversation (a new channel post); `read` is members and conversations.
 */
export const TEAMS_RATE_LIMITS: Readonly<Record<RateBucket, readonly RateWindow[]>> = {
  send: [
    { seconds: 1, max: 7 },
    { seconds: 2, max: 8 },
    { seconds: 30, max: 60 },
    { seconds: 3600, max: 1800 },
  ],
  create: [
    { seconds: 1, max: 7 },
    { seconds: 2, max: 8 },
    { seconds: 30, max: 60 },
    { seconds: 3600, max: 1800 },
  ],
  read: [
    { seconds: 1, max: 14 },
    { seconds: 2, max: 16 },
    { seconds: 30, max: 120 },
    { seconds: 3600, max: 3600 },
  ],
};

/** The verdict on one operation. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; window: RateWindow };

/** Sliding-window limiter keyed by an opaque string (bot and conversation). */
export interface TeamsRateLimiter {
  /** Counts the operation when it fits every window; otherwise refuses it (and does not count it). */
  take(key: string, bucket: RateBucket): RateVerdict;
  /** Forgets every recorded operation. */
  reset(): void;
}

/** Creates a limiter; `now` returns milliseconds (defaults to `Date.now`). */
export function createTeamsRateLimiter(
  options: { now?: () => number; limits?: Readonly<Record<RateBucket, readonly RateWindow[]>> } = {},
): TeamsRateLimiter {
  const now = options.now ?? Date.now;
  const limits = options.limits ?? TEAMS_RATE_LIMITS;
  const history = new Map<string, number[]>();
  const longest = (bucket: RateBucket): number => Math.max(...limits[bucket].map((w) => w.seconds)) * 1000;

  return {
    take(key, bucket) {
      const id = `${bucket}|${key}`;
      const t = now();
      const times = (history.get(id) ?? []).filter((at) => at > t - longest(bucket));
      for (const window of limits[bucket]) {
        const inWindow = times.filter((at) => at > t - window.seconds * 1000);
        if (inWindow.length >= window.max) {
          // The window frees a slot when its oldest counted operation leaves it.
          const oldest = inWindow[inWindow.length - window.max] as number;
          const waitMs = oldest + window.seconds * 1000 - t;
          history.set(id, times);
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), window };
        }
      }
      times.push(t);
      history.set(id, times);
      return { ok: true };
    },
    reset() {
      history.clear();
    },
  };
}
