/**
 * The run desk's lease: short, renewed while a change runs, and once lost no further effect
 * starts in this process (the next holder resumes from the journal). The lease here is a fake
 * the test answers, the timers are a fake clock the test advances: every step is explicit.
 */
import { describe, expect, it } from 'vitest';
import {
  RunDesk,
  RUN_LEASE_MS,
  RUN_LEASE_RENEW_MS,
  type CarryOutOptions,
  type EffectRunner,
} from '../../../src/core/service/run-desk.js';
import { Runner } from '../../../src/core/service/runner.js';
import { createRun } from '../../../src/core/engine/create-run.js';
import type { Lease, Store } from '../../../src/core/ports.js';
import type { Run } from '../../../src/core/engine/run.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { FakeClock } from '../../support/fake-clock.js';
import { RecordingPort } from '../../support/recording-port.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { samplePlan } from '../../support/plans.js';
import { testKeys } from '../../support/server-secret.js';

const MIN = 60_000;
const KEY = 'lock:run:run-1';

/** A lease the test answers: it records every call, and `renewals` says what renewals answer. */
class ControlledLease implements Lease {
  readonly calls: string[] = [];
  renewals: 'ours' | 'lost' | 'unreachable' = 'ours';
  private readonly held = new Set<string>();

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    this.calls.push(`acquire ${key} ${ttlMs}`);
    if (this.held.has(key)) return false;
    this.held.add(key);
    return true;
  }

  async renew(key: string, ttlMs: number): Promise<boolean> {
    this.calls.push(`renew ${key} ${ttlMs}`);
    if (this.renewals === 'unreachable') throw new Error('ECONNREFUSED');
    return this.renewals === 'ours' && this.held.has(key);
  }

  async release(key: string): Promise<void> {
    this.calls.push(`release ${key}`);
    this.held.delete(key);
  }

  /** Another process's hold expiring or being taken: this process's hold is gone. */
  expire(key: string): void {
    this.held.delete(key);
  }

  count(op: 'acquire' | 'renew' | 'release'): number {
    return this.calls.filter((c) => c.startsWith(`${op} `)).length;
  }
}

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets pending promise callbacks run (no time passes on any clock). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The runner contract the desk relies on: effects in order, the run saved after each one,
 * and no effect started once `signal` is aborted. `perform` is the platform call.
 */
class SignalRunner implements EffectRunner {
  readonly started: string[] = [];
  constructor(
    private readonly store: Store,
    private readonly perform: (key: string) => Promise<void> = async () => undefined,
  ) {}

  async carryOut(run: Run, opts: CarryOutOptions = {}): Promise<Run> {
    let current = run;
    while (current.outbox.length > 0 && !opts.signal?.aborted) {
      const effect = current.outbox[0]!;
      this.started.push(effect.key);
      await this.perform(effect.key);
      current = { ...current, outbox: current.outbox.slice(1) };
      await this.store.saveRun(current);
    }
    return current;
  }
}

/** A store, a run of the sample plan opened at the clock's time (welcome done), and 26 minutes later. */
async function runAt26Minutes() {
  const clock = new FakeClock();
  const store = new MemoryStore(() => clock.now());
  const logger = memoryLogger();
  const opening = new RunDesk({
    store,
    lease: new ControlledLease(),
    clock,
    logger,
    runner: new SignalRunner(store),
    timers: clock,
  });
  await opening.open(
    createRun(samplePlan(), { platform: 'console', id: 'C1' }, { id: 'run-1', startedBy: 'U-ORG', now: clock.now() }),
  );
  await clock.advance(26 * MIN); // Q1, P1, Q2, P2 and Q3 are due
  return { clock, store, logger };
}

/** A runner whose Q1 post waits for `q1` to open (`reached` opens when it starts): a long post, paced or retried. */
function runnerHeldAtQ1(store: Store) {
  const q1 = gate();
  const reached = gate();
  const runner = new SignalRunner(store, async (key) => {
    if (key !== 'run-1:q1') return;
    reached.open();
    await q1.opened;
  });
  return { runner, q1, reached };
}

describe('the run desk holds a run under a short lease, renewed while it works', () => {
  it('takes the lease for 15 s, renews it every 5 s while the effects run, and stops renewing when done', async () => {
    const { clock, store, logger } = await runAt26Minutes();
    const lease = new ControlledLease();
    const { runner, q1, reached } = runnerHeldAtQ1(store); // a long post (paced, retried)
    const desk = new RunDesk({ store, lease, clock, logger, runner, timers: clock });

    const change = desk.change('run-1', { type: 'tick' });
    await reached.opened;
    expect(lease.calls).toEqual([`acquire ${KEY} ${RUN_LEASE_MS}`]);
    await clock.advance(RUN_LEASE_RENEW_MS - 1);
    expect(lease.count('renew')).toBe(0);
    await clock.advance(1);
    await clock.advance(RUN_LEASE_RENEW_MS);
    await clock.advance(RUN_LEASE_RENEW_MS);
    expect(lease.calls.slice(1)).toEqual(Array(3).fill(`renew ${KEY} ${RUN_LEASE_MS}`));

    q1.open();
    const decision = await change;
    expect(decision?.run.outbox).toEqual([]);
    expect(runner.started).toEqual(['run-1:q1', 'run-1:p1-open', 'run-1:q2', 'run-1:p2-open', 'run-1:q3']);
    expect(lease.calls.at(-1)).toBe(`release ${KEY}`);
    await clock.advance(10 * RUN_LEASE_RENEW_MS);
    expect(lease.count('renew')).toBe(3);
    expect(lease.count('release')).toBe(1);
  });

  it('starts no further effect once a renewal says the lease is lost; the next holder does the rest, once', async () => {
    const { clock, store, logger } = await runAt26Minutes();
    const lease = new ControlledLease();
    const { runner: first, q1, reached } = runnerHeldAtQ1(store);
    const desk = new RunDesk({ store, lease, clock, logger, runner: first, timers: clock });

    const change = desk.change('run-1', { type: 'tick' });
    await reached.opened;
    lease.expire(KEY); // the process stalled; its lease ran out in Redis
    lease.renewals = 'lost';
    await clock.advance(RUN_LEASE_RENEW_MS);
    await settle();
    q1.open(); // the post under way when the lease was lost still finishes
    const decision = await change;

    expect(first.started).toEqual(['run-1:q1']);
    expect(decision?.run.outbox.map((e) => e.key)).toEqual(['run-1:p1-open', 'run-1:q2', 'run-1:p2-open', 'run-1:q3']);
    expect((await store.getRun('run-1'))?.outbox.map((e) => e.key)).toEqual([
      'run-1:p1-open',
      'run-1:q2',
      'run-1:p2-open',
      'run-1:q3',
    ]);
    expect(logger.lines.some((l) => l.startsWith('warn run lease lost'))).toBe(true);

    // Another process takes the run and carries out the rest from the saved outbox.
    const next = new SignalRunner(store);
    const other = new RunDesk({
      store,
      lease: new ControlledLease(),
      clock,
      logger: memoryLogger(),
      runner: next,
      timers: clock,
    });
    expect((await other.drain('run-1'))?.outbox).toEqual([]);
    expect(next.started).toEqual(['run-1:p1-open', 'run-1:q2', 'run-1:p2-open', 'run-1:q3']);
  });

  it('does not hand the run to the runner at all when the lease was lost before its effects start', async () => {
    const { clock, store, logger } = await runAt26Minutes();
    const lease = new ControlledLease();
    const port = new RecordingPort(true);
    const runner = new Runner({ keys: testKeys(), store, ports: { console: port }, clock, logger });
    const saving = gate();
    const saved = gate();
    // The decision's save is slow (a loaded Redis); the lease is lost meanwhile.
    const slowStore = Object.create(store) as MemoryStore;
    slowStore.saveRun = async (run) => {
      saving.open();
      await saved.opened;
      return store.saveRun(run);
    };
    const desk = new RunDesk({ store: slowStore, lease, clock, logger, runner, timers: clock });

    const change = desk.change('run-1', { type: 'tick' });
    await saving.opened;
    lease.renewals = 'lost';
    await clock.advance(RUN_LEASE_RENEW_MS);
    await settle();
    saved.open();
    const decision = await change;

    expect(port.posts).toEqual([]);
    expect(decision?.run.outbox.map((e) => e.key)).toEqual([
      'run-1:q1',
      'run-1:p1-open',
      'run-1:q2',
      'run-1:p2-open',
      'run-1:q3',
    ]);
    expect(lease.calls.at(-1)).toBe(`release ${KEY}`);
  });

  it('survives a renewal that fails, and counts the lease lost only when it could run out before the next try', async () => {
    const { clock, store, logger } = await runAt26Minutes();
    const lease = new ControlledLease();
    const { runner, q1, reached } = runnerHeldAtQ1(store);
    let signal: AbortSignal | undefined;
    const desk = new RunDesk({
      store,
      lease,
      clock,
      logger,
      timers: clock,
      runner: { carryOut: (run, opts) => ((signal = opts?.signal), runner.carryOut(run, opts)) },
    });

    const change = desk.change('run-1', { type: 'tick' });
    await reached.opened;
    lease.renewals = 'unreachable';
    await clock.advance(RUN_LEASE_RENEW_MS); // 5 s: it may last until 15 s, and the next try is at 10 s
    await settle();
    expect(signal?.aborted).toBe(false);
    lease.renewals = 'ours';
    await clock.advance(RUN_LEASE_RENEW_MS); // 10 s: renewed until 25 s
    await settle();
    lease.renewals = 'unreachable';
    await clock.advance(RUN_LEASE_RENEW_MS); // 15 s: next try at 20 s, before 25 s
    await settle();
    expect(signal?.aborted).toBe(false);
    await clock.advance(RUN_LEASE_RENEW_MS); // 20 s: the next try (25 s) would come too late
    await settle();
    expect(signal?.aborted).toBe(true);
    expect(lease.count('renew')).toBe(4);
    await clock.advance(RUN_LEASE_RENEW_MS);
    expect(lease.count('renew')).toBe(4); // no renewal after the lease is lost

    q1.open();
    expect((await change)?.run.outbox.map((e) => e.key)).toEqual([
      'run-1:p1-open',
      'run-1:q2',
      'run-1:p2-open',
      'run-1:q3',
    ]);
    expect(logger.lines.filter((l) => l.startsWith('warn run lease renewal failed'))).toHaveLength(3);
  });

  // With the real runner: after a lost lease no further effect starts; the next holder resumes from the journal.
  it('the real Runner starts no further effect once the lease is lost', async () => {
    const { clock, store, logger } = await runAt26Minutes();
    const lease = new ControlledLease();
    const port = new RecordingPort(true);
    const reached = gate();
    const q1 = gate();
    const post = port.post.bind(port);
    port.post = async (channel, message, opts) => {
      if (opts.key === 'run-1:q1') {
        reached.open();
        await q1.opened;
      }
      return post(channel, message, opts);
    };
    const desk = new RunDesk({
      store,
      lease,
      clock,
      logger,
      runner: new Runner({ keys: testKeys(), store, ports: { console: port }, clock, logger }),
      timers: clock,
    });

    const change = desk.change('run-1', { type: 'tick' });
    await reached.opened;
    lease.renewals = 'lost';
    await clock.advance(RUN_LEASE_RENEW_MS);
    await settle();
    q1.open();
    await change;
    expect(port.kinds()).toEqual(['Q1']);
  });
});
