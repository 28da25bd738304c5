/**
 * When storage is unavailable, people are told their vote, answer or command was not
 * recorded (in their language) instead of losing it silently or getting a crash, and the
 * chat catches up by itself once storage is back.
 */
import { describe, expect, it } from 'vitest';
import { engineHarness } from '../support/engine-harness.js';
import { MemoryStore } from '../../src/infra/memory-store.js';
import { FakeClock } from '../support/fake-clock.js';
import { encodeVoteValue } from '../../src/core/engine/vote-value.js';
import { switchableStore } from '../faults/support/switchable-store.js';

const MIN = 60_000;

/** Lets pending work finish (the ticker's store calls), then moves the fake time on. */
async function step(clock: FakeClock, ms: number): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await clock.advance(ms);
}

async function chatWithSwitch() {
  const clock = new FakeClock();
  const { store, switch: storage } = switchableStore(new MemoryStore(() => clock.now()));
  const h = engineHarness({ store, clock });
  await h.service.command(h.channel, h.organizer, 'start sample-chat');
  for (let i = 0; i < 11; i++) {
    await h.clock.advance(MIN);
    await h.service.tick();
  }
  return { ...h, storage };
}

describe('storage unavailable', () => {
  it('a vote gets "not recorded, try again" in the voter\'s language, and counts once retried after storage returns', async () => {
    const h = await chatWithSwitch();
    const voter = { id: 'U7', name: 'Sept', locale: 'fr-CA' };
    const click = encodeVoteValue({ runId: 'run-1', poll: 1, option: 0 });
    h.storage.down = true;
    const refused = await h.service.vote(h.channel, voter, click);
    expect(refused).toEqual({ kind: 'notice', langs: ['fr'], key: 'not-recorded', vars: { what: 'vote' } });
    h.storage.down = false;
    expect(await h.store.listBallots('run-1', 1)).toEqual([]);
    const recorded = await h.service.vote(h.channel, voter, click);
    expect(recorded).toMatchObject({ kind: 'notice', key: 'vote-recorded' });
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.voter)).toEqual(['U7']);
  });

  it('the notice follows the language a person chose through this process, though the store cannot say it now', async () => {
    const h = await chatWithSwitch();
    const voter = { id: 'U9', name: 'Nine', locale: 'en-CA' };
    await h.service.command(h.channel, voter, 'lang fr');
    h.storage.down = true;
    const refused = await h.service.vote(h.channel, voter, encodeVoteValue({ runId: 'run-1', poll: 1, option: 0 }));
    expect(refused).toEqual({ kind: 'notice', langs: ['fr'], key: 'not-recorded', vars: { what: 'vote' } });
  });

  it('an answer and a command get the notice too; nothing is stored or changed', async () => {
    const h = await chatWithSwitch();
    h.storage.down = true;
    const answer = await h.service.message(h.channel, { id: 'U8', name: 'Eight' }, { id: 'm8', text: 'A1 Trust.' });
    expect(answer).toEqual({ kind: 'notice', langs: ['en'], key: 'not-recorded', vars: { what: 'answer' } });
    const next = await h.service.command(h.channel, h.organizer, 'next');
    expect(next).toEqual([{ kind: 'notice', langs: ['en'], key: 'not-recorded', vars: { what: 'command' } }]);
    h.storage.down = false;
    expect(await h.store.listAnswers('run-1')).toEqual([]);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1']);
  });

  it('the ticker survives an outage (no crash, no dead loop) and posts what fell due, once, when storage returns', async () => {
    const h = await chatWithSwitch();
    h.service.startTicking(1000);
    h.storage.down = true;
    for (let i = 0; i < 6; i++) await step(h.clock, MIN);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1']);
    expect(h.logger.lines.some((l) => l.startsWith('error') && l.includes('not connected'))).toBe(true);
    h.storage.down = false;
    for (let i = 0; i < 3; i++) await step(h.clock, 1000);
    await h.service.stop();
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1', 'Q2']);
  });
});
