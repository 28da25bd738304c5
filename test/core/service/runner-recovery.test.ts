import { describe, expect, it } from 'vitest';
import { engineHarness } from '../../support/engine-harness.js';
import { RecordingPort } from '../../support/recording-port.js';

const MIN = 60_000;

describe('effects exactly once across failures and restarts', () => {
  it('a post that reached the channel before a crash is found by its key, not posted again', async () => {
    const port = new RecordingPort(true);
    const h = engineHarness({ port });
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    port.failAfterPost.add('run-1:q1');
    await h.clock.advance(6 * MIN);
    await h.service.tick(); // Q1 reaches the channel, then the call fails: the step stays 'started'
    expect((await h.store.getStep('run-1:q1'))?.state).toBe('started');
    // A new process: same store and channel, new service.
    const h2 = engineHarness({ port, store: h.store, clock: h.clock });
    await h2.service.tick();
    expect(port.kinds()).toEqual(['welcome', 'Q1']);
    const run = await h.store.getRun('run-1');
    expect(run?.questions[0]?.ref?.id).toBe(port.posts[1]!.id);
    expect(run?.outbox).toEqual([]);
  });

  it('steps missed while down are done in order; after the end it goes straight to closing and recap', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await h.clock.advance(26 * MIN); // the process was down from minute 0 to 26
    const h2 = engineHarness({ port: h.port, store: h.store, clock: h.clock });
    await h2.service.tick();
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1', 'Q2', 'P2', 'Q3']);
    const h3 = engineHarness({ port: h.port, store: h.store, clock: h.clock });
    await h.clock.advance(3 * 60 * MIN);
    await h3.service.tick();
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1', 'Q2', 'P2', 'Q3', 'Q4', 'closing', 'recap']);
  });

  it('a failing platform leaves the step in the outbox and it is posted once when the platform returns', async () => {
    const port = new RecordingPort(false);
    const h = engineHarness({ port });
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    const realPost = port.post.bind(port);
    let down = true;
    port.post = async (...args) => {
      if (down) throw new Error('platform unavailable');
      return realPost(...args);
    };
    await h.clock.advance(6 * MIN);
    await h.service.tick();
    await h.service.tick();
    expect(port.kinds()).toEqual(['welcome']);
    expect((await h.store.getRun('run-1'))?.outbox.map((e) => e.key)).toEqual(['run-1:q1']);
    down = false;
    await h.service.tick();
    expect(port.kinds()).toEqual(['welcome', 'Q1']);
    await h.service.tick();
    expect(port.kinds()).toEqual(['welcome', 'Q1']);
  });
});
