/**
 * Graceful shutdown: stopping waits for the work under way (a step being posted, a vote
 * being stored), so steps end up journaled `done`, leases are released and nothing is cut
 * off by closing the store.
 */
import { describe, expect, it } from 'vitest';
import { engineHarness } from '../support/engine-harness.js';
import { RecordingPort } from '../support/recording-port.js';
import type { ChatPort } from '../../src/core/ports.js';

const MIN = 60_000;

/** A channel whose posts, once `armed`, wait until the test lets them through. */
class GatedPort extends RecordingPort {
  armed = false;
  /** Resolves when an armed post is waiting. */
  readonly entered: Promise<void>;
  private signalEntered!: () => void;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor() {
    super(true);
    this.entered = new Promise<void>((resolve) => (this.signalEntered = resolve));
  }

  override async post(...args: Parameters<ChatPort['post']>): ReturnType<ChatPort['post']> {
    if (this.armed) {
      this.signalEntered();
      await this.gate;
    }
    return super.post(...args);
  }

  /** Lets waiting and later posts through. */
  release(): void {
    this.open();
  }
}

describe('graceful stop of the chat service', () => {
  it('waits for a step being posted: it is journaled done, the run saved, the lease free', async () => {
    const gated = new GatedPort();
    const h = engineHarness({ port: gated });
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await h.clock.advance(6 * MIN);
    gated.armed = true;
    h.service.startTicking(1000);
    await gated.entered; // Q1 is on its way to the platform
    let stopped = false;
    const stopping = h.service.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    gated.release();
    await stopping;
    expect((await h.store.getStep('run-1:q1'))?.state).toBe('done');
    expect((await h.store.getRun('run-1'))?.outbox).toEqual([]);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1']);
    expect(await h.service.desk.change('run-1', { type: 'tick' })).toBeDefined(); // the run's lease is free
  });

  it('waits for a vote being stored before it resolves', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await h.clock.advance(11 * MIN);
    await h.service.tick();
    const putBallot = h.store.putBallot.bind(h.store);
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    h.store.putBallot = async (...args) => {
      await held;
      return putBallot(...args);
    };
    const vote = h.service.vote(h.channel, h.person(1), 'vote|run-1|1|0');
    let stopped = false;
    const stopping = h.service.stop().then(() => (stopped = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    letGo();
    await stopping;
    expect(await vote).toMatchObject({ key: 'vote-recorded' });
    expect(await h.store.listBallots('run-1', 1)).toHaveLength(1);
  });
});
