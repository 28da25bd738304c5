/** A clock and timers that only move when a test says so. */
import type { Clock } from '../../src/core/ports.js';
import type { Timers } from '../../src/core/service/poll-refresher.js';

/** A fake clock with fake timers: `advance` moves time and fires due timers in order. */
export class FakeClock implements Clock, Timers {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;

  constructor(private t = Date.UTC(2026, 11, 17, 1, 0, 0)) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}
