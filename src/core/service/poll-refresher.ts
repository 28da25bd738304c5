/**
 * Keeps live poll posts current: after a vote, the poll's post is updated at most once every
 * `intervalMs` (2 s), however fast votes arrive; the update always shows the latest recount.
 */
import type { Logger, Store } from '../ports.js';
import type { Run } from '../engine/run.js';
import type { Runner } from './runner.js';
import { pollMessage } from '../engine/step-message.js';
import { tallyOf } from '../engine/votes.js';

/** Timers, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Throttled live updates of poll posts. */
export class PollRefresher {
  private readonly pending = new Map<string, { handle: unknown; runId: string; poll: number }>();
  private readonly last = new Map<string, number>();

  constructor(
    private readonly deps: {
      store: Store;
      runner: Runner;
      logger: Logger;
      now: () => number;
      timers: Timers;
      intervalMs?: number;
    },
  ) {}

  /** Asks for an update of poll `poll` of `run`; coalesces with one already waiting. */
  touch(run: Run, poll: number): void {
    const p = run.polls.find((x) => x.number === poll);
    if (!p || p.results === 'hidden' || p.state !== 'open') return;
    const key = `${run.id}:${poll}`;
    if (this.pending.has(key)) return;
    const interval = this.deps.intervalMs ?? 2000;
    const wait = Math.max(0, (this.last.get(key) ?? -Infinity) + interval - this.deps.now());
    const handle = this.deps.timers.setTimeout(() => void this.flush(key), wait);
    this.pending.set(key, { handle, runId: run.id, poll });
  }

  /** Cancels waiting updates (shutdown). */
  stop(): void {
    for (const { handle } of this.pending.values()) this.deps.timers.clearTimeout(handle);
    this.pending.clear();
  }

  private async flush(key: string): Promise<void> {
    const job = this.pending.get(key);
    this.pending.delete(key);
    if (!job) return;
    const now = this.deps.now();
    const interval = this.deps.intervalMs ?? 2000;
    this.last.set(key, now);
    try {
      // Several processes share one slot of `interval` per poll, so the post changes at most once per slot in all.
      if (!(await this.deps.store.claimEvent(`poll-live:${key}:${Math.floor(now / interval)}`, 2 * interval))) return;
      const run = await this.deps.store.getRun(job.runId);
      const poll = run?.polls.find((p) => p.number === job.poll);
      // A closed poll gets its final tally from the close step; never overwrite it with a live one.
      if (!run || !poll?.ref || poll.state !== 'open') return;
      const port = this.deps.runner.portOf(run);
      await port.update(
        run.channel,
        poll.ref,
        pollMessage(run, poll, tallyOf(poll, await this.deps.store.listBallots(run.id, poll.number))),
      );
      // The poll may have closed while this update was on its way: put the final result back.
      const after = (await this.deps.store.getRun(run.id))?.polls.find((p) => p.number === poll.number);
      if (after?.state === 'closed') {
        await port.update(
          run.channel,
          poll.ref,
          pollMessage(run, after, tallyOf(after, await this.deps.store.listBallots(run.id, poll.number))),
        );
      }
    } catch (err) {
      this.deps.logger.warn(
        { err, runId: job.runId, poll: job.poll },
        'live poll update failed; the next vote or the close will update it',
      );
    }
  }
}
