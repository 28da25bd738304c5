/**
 * Pacing of outgoing Slack calls: one lane per rate limit (the posts of one channel, or one
 * Web API method for the whole workspace), each a small queue with a token bucket, so a
 * busy channel never holds up another. A lane runs its calls one at a time and in order;
 * a 429 pauses that lane only, for its `Retry-After`, and the call is tried again; 5xx and
 * timeouts are retried with exponential backoff and jitter. Nothing is dropped, nothing is
 * sent twice: after an ambiguous failure (a timeout: the call may have landed) a call can
 * first check whether it already took effect.
 *
 * @example
 * const lanes = new PacedLanes({ classify, logger });
 * await lanes.run('post:C0123', { burst: 3, perSecond: 1 }, { call: () => client.chat.postMessage(args) });
 */
import type { Logger } from '../../core/ports.js';
import { RoundtableError } from '../../core/errors.js';

/** A lane's rate: a bucket of `burst` calls refilled at `perSecond`. */
export interface LaneRate {
  burst: number;
  perSecond: number;
}

/** What a failed call means for pacing. */
export type CallFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** Worth retrying; `ambiguous` when the call may have taken effect anyway (a timeout, a dropped connection). */
  | { kind: 'transient'; ambiguous: boolean }
  | { kind: 'fatal' };

/** One call in a lane. */
export interface LaneTask<T> {
  call: () => Promise<T>;
  /** High-priority calls go before low ones waiting in the same lane (timeline posts before copies). */
  priority?: 'high' | 'low';
  /** A waiting call with the same key is replaced by this one (the latest content of one message wins). */
  coalesceKey?: string;
  /** After an ambiguous failure: the result if the call did take effect, so it is not made twice. */
  recover?: () => Promise<T | undefined>;
}

/** Time, injectable for tests. */
export interface LaneClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Options of the lanes. */
export interface PacedLanesOptions {
  classify(err: unknown): CallFailure;
  logger: Logger;
  clock?: LaneClock;
  /** 0..1, for the jitter of backoffs. */
  random?: () => number;
  /** Attempts of a call that keeps failing transiently (default 6). */
  maxAttempts?: number;
  /** 429s one call may receive before it fails (default 10). */
  maxRateLimits?: number;
  /** First backoff (default 500 ms); it doubles, up to `maxBackoffMs` (default 30 s). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Counters, for readiness, metrics and benchmarks. */
export interface LaneStats {
  calls: number;
  rateLimited: number;
  retried: number;
  recovered: number;
  failed: number;
}

interface Job {
  task: LaneTask<unknown>;
  waiters: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[];
  attempts: number;
  rateLimits: number;
  afterAmbiguous: boolean;
}

interface Lane {
  rate: LaneRate;
  tokens: number;
  refilledAt: number;
  blockedUntil: number;
  high: Job[];
  low: Job[];
  running: boolean;
}

const realClock: LaneClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** Paced, ordered, retrying lanes of calls. */
export class PacedLanes {
  readonly stats: LaneStats = { calls: 0, rateLimited: 0, retried: 0, recovered: 0, failed: 0 };
  private readonly lanes = new Map<string, Lane>();
  private readonly clock: LaneClock;
  private readonly random: () => number;

  constructor(private readonly opts: PacedLanesOptions) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
  }

  /** Runs `task` in lane `name` (created with `rate` on first use); resolves with its result. */
  run<T>(name: string, rate: LaneRate, task: LaneTask<T>): Promise<T> {
    const lane = this.lane(name, rate);
    return new Promise<T>((resolve, reject) => {
      const waiter = { resolve: resolve as (v: unknown) => void, reject };
      const queue = task.priority === 'low' ? lane.low : lane.high;
      const same =
        task.coalesceKey === undefined
          ? undefined
          : [...lane.high, ...lane.low].find((j) => j.task.coalesceKey === task.coalesceKey);
      if (same) {
        same.task = task as LaneTask<unknown>;
        same.waiters.push(waiter);
      } else
        queue.push({
          task: task as LaneTask<unknown>,
          waiters: [waiter],
          attempts: 0,
          rateLimits: 0,
          afterAmbiguous: false,
        });
      void this.pump(name, lane);
    });
  }

  /** Calls waiting or running in lanes whose name starts with `prefix` (all when empty). */
  pending(prefix = ''): number {
    let n = 0;
    for (const [name, lane] of this.lanes)
      if (name.startsWith(prefix)) n += lane.high.length + lane.low.length + (lane.running ? 1 : 0);
    return n;
  }

  private lane(name: string, rate: LaneRate): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = {
        rate,
        tokens: rate.burst,
        refilledAt: this.clock.now(),
        blockedUntil: 0,
        high: [],
        low: [],
        running: false,
      };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private async pump(name: string, lane: Lane): Promise<void> {
    if (lane.running) return;
    lane.running = true;
    try {
      for (let job = lane.high[0] ?? lane.low[0]; job; job = lane.high[0] ?? lane.low[0]) {
        await this.waitTurn(lane);
        // Taken off the queue only now: until it starts, a newer call with its coalesce key replaces it.
        (lane.high[0] === job ? lane.high : lane.low).shift();
        await this.attempt(name, lane, job);
      }
    } finally {
      lane.running = false;
    }
  }

  /** One attempt of `job`; on a retryable failure it goes back to the front of its queue. */
  private async attempt(name: string, lane: Lane, job: Job): Promise<void> {
    const requeue = (): void => {
      (job.task.priority === 'low' ? lane.low : lane.high).unshift(job);
    };
    try {
      this.stats.calls++;
      let result: unknown;
      if (job.afterAmbiguous && job.task.recover) {
        result = await job.task.recover();
        if (result !== undefined) this.stats.recovered++;
      }
      if (result === undefined) result = await job.task.call();
      this.spend(lane);
      for (const w of job.waiters) w.resolve(result);
    } catch (err) {
      this.spend(lane);
      const failure = this.opts.classify(err);
      const now = this.clock.now();
      if (failure.kind === 'rate-limited' && ++job.rateLimits <= (this.opts.maxRateLimits ?? 10)) {
        this.stats.rateLimited++;
        lane.blockedUntil = Math.max(lane.blockedUntil, now + failure.retryAfterMs);
        lane.tokens = 0;
        lane.refilledAt = lane.blockedUntil;
        this.opts.logger.warn(
          { lane: laneLabel(name), retryAfterMs: failure.retryAfterMs },
          'Slack rate limit: this lane waits, others go on',
        );
        return requeue();
      }
      if (failure.kind === 'transient' && ++job.attempts < (this.opts.maxAttempts ?? 6)) {
        this.stats.retried++;
        job.afterAmbiguous ||= failure.ambiguous;
        const base = Math.min(
          this.opts.maxBackoffMs ?? 30_000,
          (this.opts.baseBackoffMs ?? 500) * 2 ** (job.attempts - 1),
        );
        lane.blockedUntil = Math.max(lane.blockedUntil, now + base / 2 + this.random() * (base / 2));
        this.opts.logger.warn(
          { lane: laneLabel(name), attempt: job.attempts, err: describe(err) },
          'Slack call failed; retrying with backoff',
        );
        return requeue();
      }
      this.stats.failed++;
      const coded =
        err instanceof RoundtableError
          ? err
          : new RoundtableError('platform_error', `Slack call in lane ${laneLabel(name)} failed: ${describe(err)}`, {
              cause: err,
            });
      for (const w of job.waiters) w.reject(coded);
    }
  }

  /** Waits until the lane is not blocked and has a token (taken once the call has ended: see `spend`). */
  private async waitTurn(lane: Lane): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.refill(lane, now);
      const wait = Math.max(
        lane.blockedUntil - now,
        lane.tokens >= 1 ? 0 : ((1 - lane.tokens) * 1000) / lane.rate.perSecond,
      );
      if (wait <= 0) return;
      await this.clock.sleep(Math.ceil(wait));
    }
  }

  /**
   * Takes the call's token when it has ended. The platform counted it on arrival, which is
   * before the end: counting it later keeps this bucket at or below the platform's, whatever
   * the latency (the first call of a connection is often the slowest).
   */
  private spend(lane: Lane): void {
    this.refill(lane, this.clock.now());
    lane.tokens -= 1;
  }

  private refill(lane: Lane, now: number): void {
    if (now <= lane.refilledAt) return;
    lane.tokens = Math.min(lane.rate.burst, lane.tokens + ((now - lane.refilledAt) / 1000) * lane.rate.perSecond);
    lane.refilledAt = now;
  }
}

/** A lane name fit for logs: methods and channel ids only. */
function laneLabel(name: string): string {
  return name.replace(/[^\w.:-]/g, '');
}

/** An error's message, never its request (which may carry a token). */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
