/**
 * Virtual time for the lanes (and the stand-in's rate limits): `sleep` waits until the test
 * moves the clock past it, so nothing depends on the machine's speed.
 */
import type { LaneClock } from '../../../src/adapters/slack/paced-lanes.js';

/** A clock that moves only from timer to timer, when the test says so. */
export class VirtualClock implements LaneClock {
  private time = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  private wakers: (() => void)[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + ms, resolve });
      for (const wake of this.wakers.splice(0)) wake();
    });
  }

  /** Resolves once something sleeps (at once if something already does). */
  sleeping(): Promise<void> {
    return this.timers.length > 0 ? Promise.resolve() : new Promise((resolve) => this.wakers.push(resolve));
  }

  /** Runs until every promise settles and no timer is left, jumping from timer to timer (work without I/O). */
  async run(): Promise<void> {
    for (;;) {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      if (this.timers.length === 0) return;
      this.fireNext();
    }
  }

  /** Jumps from timer to timer, each time something sleeps, until `work` settles (work with real I/O). */
  async runUntil<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.then(
      () => void (done = true),
      () => void (done = true),
    );
    for (;;) {
      await Promise.race([settled, this.sleeping()]);
      if (done) return work;
      this.fireNext();
    }
  }

  /** Moves to the earliest timer and wakes its sleeper. */
  private fireNext(): void {
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers.shift()!;
    this.time = Math.max(this.time, next.at);
    next.resolve();
  }
}
