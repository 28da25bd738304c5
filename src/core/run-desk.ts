/**
 * Finds the run of a channel and changes runs one at a time: an in-process mutex plus a
 * lease across processes, then `decide`, save, and the runner's effects, in that order.
 */
import type { Clock, Lease, Logger, Store } from './ports.js';
import type { ChannelRef, Run } from './run.js';
import { decide, type Decision, type RunEvent } from './decide.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { Runner } from './runner.js';
import { RoundtableError } from './errors.js';

/** What the desk needs. */
export interface RunDeskDeps {
  store: Store;
  lease: Lease;
  clock: Clock;
  logger: Logger;
  runner: Runner;
}

const LEASE_MS = 60_000;

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
    return this.locked(run.id, async () => {
      await this.deps.store.saveRun(run);
      await this.deps.store.setValue(channelKey(run.channel), run.id);
      this.cache.set(channelKey(run.channel), { value: run.id, at: this.deps.clock.now() });
      return (await this.apply(run, { type: 'tick' })).run;
    });
  }

  /**
   * Applies `event` to the run `runId` under its lock and carries out the effects.
   * Returns undefined when another process holds the run right now.
   */
  async change(runId: string, event: RunEvent): Promise<Decision | undefined> {
    return this.locked(runId, async () => {
      const run = await this.fresh(runId);
      if (!run) throw new RoundtableError('not_found', `Run ${runId} does not exist.`);
      return this.apply(run, event);
    });
  }

  /** Carries out what is left in a run's outbox (after a restart or a failed attempt). */
  async drain(runId: string): Promise<Run | undefined> {
    return this.locked(runId, async () => {
      const run = await this.fresh(runId);
      if (!run || run.outbox.length === 0) return run;
      return this.remember(await this.deps.runner.carryOut(run));
    });
  }

  private async apply(run: Run, event: RunEvent): Promise<Decision> {
    const decision = decide(run, event, this.deps.clock.now());
    if (decision.run !== run) await this.deps.store.saveRun(decision.run);
    this.remember(decision.run);
    const done = decision.run.outbox.length > 0 ? this.remember(await this.deps.runner.carryOut(decision.run)) : decision.run;
    return { ...decision, run: done };
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

  private async cached<T extends Run | string>(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.cache.get(key);
    const now = this.deps.clock.now();
    if (hit && now - hit.at < READ_CACHE_MS) return hit.value as T | undefined;
    const value = await read();
    this.cache.set(key, { value, at: now });
    if (this.cache.size > 10_000) for (const [k, v] of this.cache) if (now - v.at >= READ_CACHE_MS) this.cache.delete(k);
    return value;
  }

  /** Runs `fn` holding the run: one at a time here, one process at a time across processes. */
  private async locked<T>(runId: string, fn: () => Promise<T>): Promise<T | undefined> {
    return this.mutex.run(runId, async () => {
      const key = `lock:run:${runId}`;
      if (!(await this.deps.lease.acquire(key, LEASE_MS))) {
        this.deps.logger.debug({ runId }, 'run held by another process');
        return undefined;
      }
      try {
        return await fn();
      } finally {
        await this.deps.lease.release(key);
      }
    });
  }
}
