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

/** Run lookups and serialized run changes. */
export class RunDesk {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly deps: RunDeskDeps) {}

  /** The latest run of a channel (running, paused or ended), if any. */
  async latestRun(channel: ChannelRef): Promise<Run | undefined> {
    const id = await this.deps.store.getValue<string>(channelKey(channel));
    return id ? this.deps.store.getRun(id) : undefined;
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
    return this.mutex.run(runId, () => this.deps.store.getRun(runId));
  }

  /** Saves a new run, points its channel at it, and carries out its first steps. */
  async open(run: Run): Promise<Run | undefined> {
    return this.locked(run.id, async () => {
      await this.deps.store.saveRun(run);
      await this.deps.store.setValue(channelKey(run.channel), run.id);
      return (await this.apply(run, { type: 'tick' })).run;
    });
  }

  /**
   * Applies `event` to the run `runId` under its lock and carries out the effects.
   * Returns undefined when another process holds the run right now.
   */
  async change(runId: string, event: RunEvent): Promise<Decision | undefined> {
    return this.locked(runId, async () => {
      const run = await this.deps.store.getRun(runId);
      if (!run) throw new RoundtableError('not_found', `Run ${runId} does not exist.`);
      return this.apply(run, event);
    });
  }

  /** Carries out what is left in a run's outbox (after a restart or a failed attempt). */
  async drain(runId: string): Promise<Run | undefined> {
    return this.locked(runId, async () => {
      const run = await this.deps.store.getRun(runId);
      return run && run.outbox.length > 0 ? this.deps.runner.carryOut(run) : run;
    });
  }

  private async apply(run: Run, event: RunEvent): Promise<Decision> {
    const decision = decide(run, event, this.deps.clock.now());
    if (decision.run !== run) await this.deps.store.saveRun(decision.run);
    const done = decision.run.outbox.length > 0 ? await this.deps.runner.carryOut(decision.run) : decision.run;
    return { ...decision, run: done };
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
