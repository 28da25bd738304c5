/**
 * Finds the run of a channel and changes runs one at a time: an in-process mutex plus a
 * lease across processes, then `decide`, save, and the runner's effects, in that order.
 * The lease is short and renewed while the change runs; once it is lost, no further effect
 * is started here (the next holder resumes from the journal).
 */
import type { Clock, Lease, Logger, Store } from '../ports.js';
import type { ChannelRef, Run } from '../engine/run.js';
import type { Timers } from './poll-refresher.js';
import { decide, type Decision, type RunEvent } from '../engine/decide.js';
import { KeyedMutex } from './keyed-mutex.js';
import { RoundtableError } from '../errors.js';

/** Options of a runner's `carryOut`. */
export interface CarryOutOptions {
  /** Aborted once the run's lease is lost: the runner must not start another effect then. */
  signal?: AbortSignal;
}

/** What the desk needs from the runner (`Runner` is one). */
export interface EffectRunner {
  /** Carries out `run.outbox` in order, saving the run after each effect; returns the run as saved. */
  carryOut(run: Run, opts?: CarryOutOptions): Promise<Run>;
}

/** What the desk needs. */
export interface RunDeskDeps {
  store: Store;
  lease: Lease;
  clock: Clock;
  logger: Logger;
  runner: EffectRunner;
  /** How long a run's lease lasts unless renewed (default `RUN_LEASE_MS`). */
  leaseMs?: number;
  /** How often a held run's lease is renewed (default `RUN_LEASE_RENEW_MS`). */
  renewEveryMs?: number;
  /** Timers for the renewals (default: Node's, not keeping the process alive). */
  timers?: Timers;
}

/**
 * How long a run's lease lasts unless renewed: a process killed while changing a run keeps
 * the other processes from it this long at most.
 */
export const RUN_LEASE_MS = 15_000;

/** How often a held run's lease is renewed: a third of its length, so one failed renewal is survived. */
export const RUN_LEASE_RENEW_MS = 5_000;

const nodeTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The key under which a channel's latest run id is kept. */
export function channelKey(channel: ChannelRef): string {
  return `channel-run:${channel.platform}:${channel.id}`;
}

/**
 * How long a run read for an answer or a vote may be reused. Changes made in this process
 * replace it at once; a change made by another process is seen within this time.
 */
const READ_CACHE_MS = 250;

/** Run lookups and serialized run changes. */
export class RunDesk {
  private readonly mutex = new KeyedMutex();
  private readonly cache = new Map<string, { value: Run | string | undefined; at: number }>();

  constructor(private readonly deps: RunDeskDeps) {}

  /** The latest run of a channel (running, paused or ended), if any. */
  async latestRun(channel: ChannelRef): Promise<Run | undefined> {
    const key = channelKey(channel);
    const id = await this.cached(key, () => this.deps.store.getValue<string>(key));
    return typeof id === 'string' ? this.run(id) : undefined;
  }

  /** A run by id, possibly from the short read cache. */
  async run(id: string): Promise<Run | undefined> {
    const run = await this.cached(`run:${id}`, () => this.deps.store.getRun(id));
    return typeof run === 'object' ? run : undefined;
  }

  /** The run going on in a channel, if any. */
  async activeRun(channel: ChannelRef): Promise<Run | undefined> {
    const run = await this.latestRun(channel);
    return run && run.status !== 'ended' ? run : undefined;
  }

  /**
   * The run once the changes under way in this process are done, after waiting `waitMs`
   * (another process may be finishing a post).
   */
  async settled(runId: string, waitMs = 0): Promise<Run | undefined> {
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return this.mutex.run(runId, () => this.fresh(runId));
  }

  /** Saves a new run, points its channel at it, and carries out its first steps. */
  async open(run: Run): Promise<Run | undefined> {
    return this.locked(run.id, async (hold) => {
      await this.deps.store.saveRun(run);
      await this.deps.store.setValue(channelKey(run.channel), run.id);
      this.cache.set(channelKey(run.channel), { value: run.id, at: this.deps.clock.now() });
      return (await this.apply(run, { type: 'tick' }, hold)).run;
    });
  }

  /**
   * Applies `event` to the run `runId` under its lock and carries out the effects.
   * Returns undefined when another process holds the run right now.
   */
  async change(runId: string, event: RunEvent): Promise<Decision | undefined> {
    return this.locked(runId, async (hold) => {
      const run = await this.fresh(runId);
      if (!run) throw new RoundtableError('not_found', `Run ${runId} does not exist.`);
      return this.apply(run, event, hold);
    });
  }

  /** Carries out what is left in a run's outbox (after a restart or a failed attempt). */
  async drain(runId: string): Promise<Run | undefined> {
    return this.locked(runId, async (hold) => {
      const run = await this.fresh(runId);
      if (!run || run.outbox.length === 0) return run;
      return this.carryOut(run, hold);
    });
  }

  private async apply(run: Run, event: RunEvent, hold: LeaseHold): Promise<Decision> {
    const decision = decide(run, event, this.deps.clock.now());
    if (decision.run !== run) await this.deps.store.saveRun(decision.run);
    this.remember(decision.run);
    const done = decision.run.outbox.length > 0 ? await this.carryOut(decision.run, hold) : decision.run;
    return { ...decision, run: done };
  }

  /** The runner's effects, unless the lease is already lost (the next holder does them then). */
  private async carryOut(run: Run, hold: LeaseHold): Promise<Run> {
    if (hold.lost) return run;
    return this.remember(await this.deps.runner.carryOut(run, { signal: hold.signal }));
  }

  /** Reads a run from the store (never the cache) and remembers it. */
  private async fresh(runId: string): Promise<Run | undefined> {
    const run = await this.deps.store.getRun(runId);
    return run ? this.remember(run) : undefined;
  }

  private remember(run: Run): Run {
    this.cache.set(`run:${run.id}`, { value: run, at: this.deps.clock.now() });
    return run;
  }

  private async cached<T extends Run | string>(
    key: string,
    read: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const hit = this.cache.get(key);
    const now = this.deps.clock.now();
    if (hit && now - hit.at < READ_CACHE_MS) return hit.value as T | undefined;
    const value = await read();
    this.cache.set(key, { value, at: now });
    if (this.cache.size > 10_000)
      for (const [k, v] of this.cache) if (now - v.at >= READ_CACHE_MS) this.cache.delete(k);
    return value;
  }

  /**
   * Runs `fn` holding the run: one at a time here, one process at a time across processes.
   * The lease is renewed every `renewEveryMs` until `fn` settles; `fn` gets the hold, whose
   * `signal` aborts once the lease is lost.
   */
  private async locked<T>(runId: string, fn: (hold: LeaseHold) => Promise<T>): Promise<T | undefined> {
    return this.mutex.run(runId, async () => {
      const { lease, clock, logger } = this.deps;
      const key = `lock:run:${runId}`;
      const ttlMs = this.deps.leaseMs ?? RUN_LEASE_MS;
      const askedAt = clock.now();
      if (!(await lease.acquire(key, ttlMs))) {
        logger.debug({ runId }, 'run held by another process');
        return undefined;
      }
      const hold = new LeaseHold({
        lease,
        clock,
        logger,
        key,
        runId,
        ttlMs,
        renewEveryMs: this.deps.renewEveryMs ?? RUN_LEASE_RENEW_MS,
        timers: this.deps.timers ?? nodeTimers,
        validUntil: askedAt + ttlMs,
      });
      try {
        return await fn(hold);
      } finally {
        hold.end();
        await lease.release(key);
      }
    });
  }
}

/**
 * A run's lease while the desk holds it: renewed on a timer until `end`. It counts as lost
 * when a renewal says it is no longer ours, or when renewals keep failing (Redis unreachable)
 * until it could run out before the next attempt; `signal` aborts then.
 */
class LeaseHold {
  private readonly controller = new AbortController();
  private handle: unknown;
  private ended = false;
  private validUntil: number;

  constructor(
    private readonly opts: {
      lease: Lease;
      clock: Clock;
      logger: Logger;
      timers: Timers;
      key: string;
      runId: string;
      ttlMs: number;
      renewEveryMs: number;
      /** When the lease runs out unless renewed, measured from before it was asked for. */
      validUntil: number;
    },
  ) {
    this.validUntil = opts.validUntil;
    this.schedule();
  }

  /** Aborted once the lease is lost. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the lease is lost. */
  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stops renewing (the desk releases the lease next). */
  end(): void {
    this.ended = true;
    this.opts.timers.clearTimeout(this.handle);
  }

  private schedule(): void {
    this.handle = this.opts.timers.setTimeout(() => void this.renew(), this.opts.renewEveryMs);
  }

  private async renew(): Promise<void> {
    const { lease, clock, logger, key, runId, ttlMs, renewEveryMs } = this.opts;
    const sentAt = clock.now();
    let ours: boolean | undefined;
    try {
      ours = await lease.renew(key, ttlMs);
    } catch (err) {
      logger.warn({ err, runId }, 'run lease renewal failed; trying again');
    }
    if (this.ended) return;
    if (ours === true) this.validUntil = sentAt + ttlMs;
    else if (ours === false) return this.lose('the lease expired or another process holds the run');
    else if (clock.now() + renewEveryMs >= this.validUntil)
      return this.lose('the lease could not be renewed before it runs out');
    this.schedule();
  }

  private lose(reason: string): void {
    const { logger, runId } = this.opts;
    logger.warn(
      { runId, reason },
      'run lease lost: no further step starts here; the next holder resumes from the journal',
    );
    this.controller.abort(new RoundtableError('internal', `The lease of run ${runId} was lost (${reason}).`));
  }
}
