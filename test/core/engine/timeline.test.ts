import { describe, expect, it } from 'vitest';
import { engineHarness } from '../../support/engine-harness.js';
import { RoundtableError } from '../../../src/core/errors.js';

const MIN = 60_000;

/** Lets the fake clock run for `minutes`, ticking the service every 30 s like the ticker does. */
async function play(h: ReturnType<typeof engineHarness>, minutes: number) {
  for (let i = 0; i < minutes * 2; i++) {
    await h.clock.advance(MIN / 2);
    await h.service.tick();
  }
}

describe('a whole chat on its timeline', () => {
  it('posts welcome, questions and polls at their offsets, then closing and recap, each once', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    expect(h.port.kinds()).toEqual(['welcome']);
    await play(h, 6);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1']);
    await play(h, 60);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1', 'Q2', 'P2', 'Q3', 'Q4', 'closing', 'recap']);
    const keys = h.port.posts.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    const run = await h.store.getRun('run-1');
    expect(run?.status).toBe('ended');
    expect(await h.store.activeRunIds()).toEqual([]);
    // Poll 1 closed at 30 minutes: its post was updated to the closed state.
    const poll1 = h.port.posts.find((p) => p.message.kind === 'poll' && p.message.number === 1)!;
    const last = poll1.updates.at(-1);
    expect(last?.kind === 'poll' && last.closed).toBe(true);
  });

  it('next posts the next question now and moves the rest of the chat earlier', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await play(h, 1);
    const replies = await h.service.command(h.channel, h.organizer, 'next');
    expect(h.port.kinds()).toEqual(['welcome', 'Q1']);
    expect(replies[0]).toMatchObject({ kind: 'notice', key: 'question-added', vars: { n: 1 } });
    // Q1 was due at 5 min and came at 1 min: everything moved 4 minutes earlier, so P1 (10 min) comes at 6.
    await play(h, 4.5);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1']);
    await play(h, 1);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1']);
  });

  it('pause holds the timeline and resume shifts what is left', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await play(h, 4);
    await h.service.command(h.channel, h.organizer, 'pause');
    await play(h, 20);
    expect(h.port.kinds()).toEqual(['welcome']);
    const status = await h.service.command(h.channel, h.organizer, 'status');
    expect(status[0]).toMatchObject({ key: 'status-paused' });
    await h.service.command(h.channel, h.organizer, 'resume');
    await play(h, 0.5);
    expect(h.port.kinds()).toEqual(['welcome']);
    await play(h, 1);
    expect(h.port.kinds()).toEqual(['welcome', 'Q1']);
  });

  it('stop closes open polls, drops questions not yet asked, and posts the closing and the recap', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await play(h, 12);
    const replies = await h.service.command(h.channel, h.organizer, 'stop');
    expect(replies[0]).toMatchObject({ key: 'stopped' });
    expect(h.port.kinds()).toEqual(['welcome', 'Q1', 'P1', 'closing', 'recap']);
    const recap = h.port.posts.at(-1)!.message;
    expect(recap.kind === 'recap' && recap.recap.polls.map((p) => p.number)).toEqual([1]);
    await play(h, 60);
    expect(h.port.kinds()).toHaveLength(5);
    expect(await h.service.command(h.channel, h.organizer, 'stop')).toMatchObject([{ key: 'no-run-here' }]);
  });

  it('extra questions and ad-hoc polls are asked at once and numbered after the plan', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    await h.service.command(h.channel, h.organizer, 'question "What surprised you?" "Qu’est-ce qui vous a surpris ?"');
    await h.service.command(h.channel, h.organizer, 'poll "Lunch? | Dîner ?" "Yes | Oui" "No | Non" --close 5m');
    expect(h.port.kinds()).toEqual(['welcome', 'Q5', 'P3']);
    const q5 = h.port.posts[1]!.message;
    expect(q5).toMatchObject({
      kind: 'question',
      number: 5,
      extra: true,
      text: { en: 'What surprised you?', fr: 'Qu’est-ce qui vous a surpris ?' },
    });
    const p3 = h.port.posts[2]!.message;
    expect(p3).toMatchObject({
      kind: 'poll',
      options: [
        { en: 'Yes', fr: 'Oui' },
        { en: 'No', fr: 'Non' },
      ],
    });
    await play(h, 5.5);
    const closed = h.port.posts[2]!.updates.at(-1);
    expect(closed?.kind === 'poll' && closed.closed).toBe(true);
  });

  it('refuses organizer commands from anyone else, and only tells them', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    const replies = await h.service.command(h.channel, h.person(7), 'stop');
    expect(replies).toMatchObject([{ kind: 'notice', key: 'not-organizer', langs: ['en'] }]);
    expect(h.port.kinds()).toEqual(['welcome']);
    const admin = { id: 'U-WS-ADMIN', name: 'Admin', isAdmin: async () => true };
    expect(await h.service.command(h.channel, admin, 'pause')).toMatchObject([{ key: 'paused' }]);
    const fr = { id: 'U9', name: 'Zoé', locale: 'fr-CA' };
    expect(await h.service.command(h.channel, fr, 'arrêter')).toMatchObject([{ key: 'not-organizer', langs: ['fr'] }]);
  });

  it('answers a malformed command with its usage line and an unknown one with a hint', async () => {
    const h = engineHarness();
    expect(await h.service.command(h.channel, h.organizer, 'start')).toMatchObject([
      { key: 'usage', vars: { sub: 'start' } },
    ]);
    expect(await h.service.command(h.channel, h.organizer, 'dance now')).toMatchObject([
      { key: 'unknown-command', vars: { word: 'dance' } },
    ]);
    // Plan organizers are organizers of their plan only; ROUNDTABLE_ORGANIZERS may start any plan.
    expect(await h.service.command(h.channel, h.organizer, 'start no-such-plan')).toMatchObject([
      { key: 'not-organizer' },
    ]);
    expect(await h.service.command(h.channel, { id: 'U-ADMIN', name: 'A' }, 'start no-such-plan')).toMatchObject([
      { key: 'unknown-plan' },
    ]);
    expect(await h.service.command(h.channel, { id: 'U-ADMIN', name: 'A' }, 'next')).toMatchObject([
      { key: 'no-run-here' },
    ]);
  });
});

describe('when the platform refuses', () => {
  it('a start whose welcome cannot be posted tells the organizer why, and leaves no chat waiting', async () => {
    const h = engineHarness();
    h.port.post = async () => {
      throw new RoundtableError('platform_error', 'Slack refused chat.postMessage: not_in_channel');
    };
    const replies = await h.service.command(h.channel, h.organizer, 'start sample-chat');
    expect(replies).toMatchObject([{ kind: 'notice', key: 'start-failed', vars: { code: 'platform_error' } }]);
    expect(await h.store.activeRunIds()).toEqual([]);
    // The organizer can try again once the bot is invited.
    const again = engineHarness({ store: h.store, clock: h.clock });
    expect(await again.service.command(again.channel, again.organizer, 'start sample-chat')).toMatchObject([
      { key: 'started' },
    ]);
  });

  it('any other failed command answers the asker instead of staying silent', async () => {
    const h = engineHarness();
    await h.service.command(h.channel, h.organizer, 'start sample-chat');
    h.port.post = async () => {
      throw new Error('platform down');
    };
    expect(await h.service.command(h.channel, { id: 'U-ADMIN', name: 'A', locale: 'fr-CA' }, 'recap')).toMatchObject([
      { key: 'command-failed', langs: ['fr'], vars: { code: 'internal' } },
    ]);
  });
});
