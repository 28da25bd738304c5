/**
 * Slack's rate limits, as token buckets: `chat.postMessage` about one message per second
 * per channel with a short burst; tiered methods per minute per workspace (tier 2: 20,
 * tier 3: 50, tier 4: 100); a few special methods effectively unlimited.
 *
 * @example
 * const limiter = new SlackRateLimiter({ perChannelPerSec: 1, burst: 3 });
 * const retryAfterSec = limiter.take('chat.postMessage', 'C0123', Date.now()); // undefined: allowed
 */
import type { RateLimitOptions } from './standin-types.js';

/** Default limits: 1 message per second per channel, bursts of 3. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perChannelPerSec: 1, burst: 3 };

/** Calls per minute of Slack's tiers for the methods the stand-in serves. */
export const METHOD_TIERS_PER_MINUTE: Record<string, number> = {
  'conversations.list': 20,
  'chat.update': 50,
  'chat.delete': 50,
  'conversations.history': 50,
  'conversations.replies': 50,
  'conversations.info': 50,
  'conversations.join': 50,
  'chat.postEphemeral': 100,
  'users.info': 100,
  'files.getUploadURLExternal': 100,
  'files.completeUploadExternal': 100,
  'apps.connections.open': 100,
};

/** Methods Slack limits only loosely ("special" tiers): a generous bucket. */
const GENEROUS_PER_MINUTE = 600;

/** A bucket of `capacity` tokens refilled at `perSec` tokens a second. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** A full bucket at time `now` (ms). */
  constructor(
    private readonly capacity: number,
    private readonly perSec: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes one token; returns undefined when allowed, else whole seconds until one is back. */
  take(now: number): number | undefined {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSec);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSec));
  }
}

/** The stand-in's rate limits; `false` disables them. */
export class SlackRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  /** Limits as configured, or none with `false`. */
  constructor(private readonly options: RateLimitOptions | false) {}

  /**
   * Counts one call of `method` (in `channel`, for `chat.postMessage`) at `now` (ms).
   * Returns undefined when allowed, else the `Retry-After` seconds of a 429.
   */
  take(method: string, channel: string | undefined, now: number): number | undefined {
    if (this.options === false) return undefined;
    const { perChannelPerSec, burst, perMinute = {} } = this.options;
    if (method === 'chat.postMessage' && channel !== undefined) {
      return this.bucket(`${method}:${channel}`, burst, perChannelPerSec, now).take(now);
    }
    const limit = perMinute[method] ?? METHOD_TIERS_PER_MINUTE[method] ?? GENEROUS_PER_MINUTE;
    return this.bucket(method, limit, limit / 60, now).take(now);
  }

  private bucket(key: string, capacity: number, perSec: number, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(Math.max(1, capacity), perSec, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
