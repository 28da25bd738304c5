/**
 * An answer or a vote that reaches a process other than the one that just posted the
 * question or opened the poll: that process may hold a run read a moment before (its short
 * read cache). The answer must still count, in a thread or with an `A<k>` prefix, and not be
 * dropped silently or refused as an unknown question; the vote must count, not be refused
 * as "this poll is closed".
 */
import { describe, expect, it } from 'vitest';
import { ChatService } from '../../src/core/service/chat-service.js';
import { MemoryStore } from '../../src/infra/memory-store.js';
import { createMemoryLease } from '../../src/infra/memory-lease.js';
import { FakeClock } from '../support/fake-clock.js';
import { RecordingPort } from '../support/recording-port.js';
import { memoryLogger } from '../support/engine-harness.js';
import { planSource, samplePlan } from '../support/plans.js';
import { encodeVoteValue } from '../../src/core/engine/vote-value.js';
import { testKeys } from '../support/server-secret.js';

const MIN = 60_000;

/** Two processes: one store, one lease table, one channel; each its own service (and read cache). */
function twoProcesses() {
  const clock = new FakeClock();
  const store = new MemoryStore(() => clock.now());
  const lease = createMemoryLease(clock);
  const port = new RecordingPort(true);
  const make = () =>
    new ChatService({
      keys: testKeys(),
      store,
      lease,
      clock,
      logger: memoryLogger(),
      plans: planSource(samplePlan()),
      ports: { console: port },
      organizers: ['U-ORG'],
      speed: 1,
      timers: clock,
      newRunId: () => 'run-1',
    });
  return { clock, store, port, a: make(), b: make(), channel: { platform: 'console' as const, id: 'C1' } };
}

describe('an answer reaching another process right after the question is posted', () => {
  it('counts a thread reply and an A<k> message', async () => {
    const { clock, store, port, a, b, channel } = twoProcesses();
    await a.command(channel, { id: 'U-ORG', name: 'Org' }, 'start sample-chat');
    await clock.advance(5 * MIN);
    // Process B reads the run (someone chats) just before process A posts Q1.
    expect(await b.message(channel, { id: 'U1', name: 'One' }, { id: 'chat-1', text: 'Hello all' })).toBeUndefined();
    await a.tick();
    const q1 = port.posts.find((p) => p.message.kind === 'question')!;
    expect(
      await b.message(channel, { id: 'U2', name: 'Two' }, { id: 'ans-1', text: 'In the thread', threadId: q1.id }),
    ).toBeUndefined();
    expect(
      await b.message(channel, { id: 'U3', name: 'Three' }, { id: 'ans-2', text: 'A1 With a prefix' }),
    ).toBeUndefined();
    expect((await store.listAnswers('run-1')).map((x) => [x.id, x.number, x.text])).toEqual([
      ['ans-1', 1, 'In the thread'],
      ['ans-2', 1, 'With a prefix'],
    ]);
  });

  it('counts a vote in a poll that process B still holds as not yet open', async () => {
    const { clock, store, port, a, b, channel } = twoProcesses();
    await a.command(channel, { id: 'U-ORG', name: 'Org' }, 'start sample-chat');
    await clock.advance(10 * MIN);
    // Process B reads the run (a click on a poll of an earlier screen) just before process A opens P1.
    expect(
      await b.vote(channel, { id: 'U1', name: 'One' }, encodeVoteValue({ runId: 'run-1', poll: 1, option: 0 })),
    ).toMatchObject({ key: 'poll-closed' });
    await a.tick();
    expect(port.kinds()).toContain('P1');
    expect(
      await b.vote(channel, { id: 'U2', name: 'Two' }, encodeVoteValue({ runId: 'run-1', poll: 1, option: 1 })),
    ).toMatchObject({ key: 'vote-recorded' });
    expect((await store.listBallots('run-1', 1)).map((x) => [x.voter, x.options])).toEqual([['U2', [1]]]);
  });
});
