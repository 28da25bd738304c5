import { describe, expect, it } from 'vitest';
import { orderingKey, readMessageEvent, tsMillis } from '../../../src/adapters/slack/read-message-event.js';
import { UserDirectory } from '../../../src/adapters/slack/user-directory.js';
import { WorkspaceState } from '../../support/slack/workspace-state.js';
import { UserActions } from '../../support/slack/user-actions.js';
import { WORKSPACE } from '../../support/slack/slack-ids.js';

const C = 'C0LEADERS1';
const world = () => {
  const state = new WorkspaceState();
  state.addChannel(C, { name: 'leadersgc' });
  state.addUser({ id: 'U0ALICE001', name: 'alice' });
  return { state, people: new UserActions(state) };
};

describe('readMessageEvent (Slack’s own event shapes, from the stand-in)', () => {
  it('reads a channel message and a thread reply', () => {
    const { state, people } = world();
    const q = state.postAsBot(C, { text: 'Q1' });
    const top = people.post(C, 'U0ALICE001', 'A1 hello');
    const reply = people.post(C, 'U0ALICE001', 'in the thread', { threadTs: q.ts });
    expect(readMessageEvent(top, WORKSPACE.botUserId)).toEqual({
      kind: 'post',
      user: 'U0ALICE001',
      ts: top.ts,
      text: 'A1 hello',
    });
    expect(readMessageEvent(reply, WORKSPACE.botUserId)).toEqual({
      kind: 'post',
      user: 'U0ALICE001',
      ts: reply.ts,
      text: 'in the thread',
      threadTs: q.ts,
    });
  });

  it('gives back the text as typed: Slack escapes &, < and > in events', () => {
    expect(
      readMessageEvent({ type: 'message', user: 'U1', text: 'A1 R&amp;D &lt;3 &gt; all, &amp;lt; stays', ts: '1.0' }),
    ).toMatchObject({ text: 'A1 R&D <3 > all, &lt; stays' });
    expect(
      readMessageEvent({
        type: 'message',
        subtype: 'message_changed',
        message: { ts: '1.0', text: 'x &amp; y', user: 'U1' },
        previous_message: { text: 'x' },
      }),
    ).toEqual({ kind: 'edit', ts: '1.0', text: 'x & y', user: 'U1' });
  });

  it('reads a thread reply also sent to the channel', () => {
    expect(
      readMessageEvent({
        type: 'message',
        subtype: 'thread_broadcast',
        user: 'U1',
        text: 'x',
        ts: '2.0',
        thread_ts: '1.0',
      }),
    ).toEqual({ kind: 'post', user: 'U1', ts: '2.0', text: 'x', threadTs: '1.0' });
  });

  it('reads an edit and a deletion, with their author and when they were made (the event’s own ts)', () => {
    const { people } = world();
    const top = people.post(C, 'U0ALICE001', 'A1 first');
    const edit = people.edit(C, String(top.ts), 'A1 second');
    expect(readMessageEvent(edit)).toEqual({
      kind: 'edit',
      ts: top.ts,
      text: 'A1 second',
      user: 'U0ALICE001',
      at: edit.ts,
    });
    const deletion = people.delete(C, String(top.ts));
    expect(readMessageEvent(deletion)).toEqual({ kind: 'delete', ts: top.ts, user: 'U0ALICE001', at: deletion.ts });
    expect(Number(edit.ts)).toBeGreaterThan(Number(top.ts));
    expect(tsMillis(String(deletion.ts))).toBe(Math.floor(Number(deletion.ts) * 1000));
  });

  it('ignores bots (us included), other subtypes, and edits that change no text', () => {
    const { state, people } = world();
    const ours = state.postAsBot(C, { text: 'Q1' });
    expect(
      readMessageEvent({
        type: 'message',
        user: WORKSPACE.botUserId,
        bot_id: WORKSPACE.botId,
        text: 'Q1',
        ts: ours.ts,
      }),
    ).toEqual({ kind: 'ignore' });
    expect(
      readMessageEvent({ type: 'message', user: WORKSPACE.botUserId, text: 'Q1', ts: ours.ts }, WORKSPACE.botUserId),
    ).toEqual({ kind: 'ignore' });
    expect(readMessageEvent({ type: 'message', subtype: 'bot_message', bot_id: 'B1', text: 'x', ts: '1.0' })).toEqual({
      kind: 'ignore',
    });
    expect(
      readMessageEvent({ type: 'message', subtype: 'channel_join', user: 'U1', text: 'joined', ts: '1.0' }),
    ).toEqual({ kind: 'ignore' });
    expect(
      readMessageEvent({
        type: 'message',
        subtype: 'message_changed',
        message: { ts: '1.0', text: 'same', user: 'U1' },
        previous_message: { ts: '1.0', text: 'same', user: 'U1' },
      }),
    ).toEqual({ kind: 'ignore' });
    expect(
      readMessageEvent({
        type: 'message',
        subtype: 'message_changed',
        message: { ts: '1.0', text: 'new', bot_id: 'B1' },
        previous_message: { text: 'old' },
      }),
    ).toEqual({ kind: 'ignore' });
    expect(
      readMessageEvent({
        type: 'message',
        subtype: 'message_deleted',
        deleted_ts: '1.0',
        previous_message: { ts: '1.0', bot_id: 'B1', text: 'Q1' },
      }),
    ).toEqual({ kind: 'ignore' });
    const top = people.post(C, 'U0ALICE001', 'hi');
    expect(readMessageEvent(people.react(C, String(top.ts), 'U0ALICE001', 'clap'))).toEqual({ kind: 'ignore' });
  });
});

describe('orderingKey', () => {
  it('puts a message, its edits, its deletion and reactions to it under one key', () => {
    const { people } = world();
    const top = people.post(C, 'U0ALICE001', 'A1 first');
    const ts = String(top.ts);
    const envelope = (event: Record<string, unknown>) => ({ type: 'event_callback', event_id: 'Ev1', event });
    const keys = [
      top,
      people.edit(C, ts, 'A1 second'),
      people.react(C, ts, 'U0ALICE001', 'clap'),
      people.react(C, ts, 'U0ALICE001', 'clap', true),
      people.delete(C, ts),
    ].map((e) => orderingKey(envelope(e)));
    expect(new Set(keys)).toEqual(new Set([`message:${C}:${ts}`]));
    expect(orderingKey(envelope(people.post(C, 'U0ALICE001', 'another')))).not.toBe(keys[0]);
    expect(orderingKey({ type: 'block_actions', user: { id: 'U1' } })).toBeUndefined();
    expect(orderingKey({ command: '/roundtable' })).toBeUndefined();
  });
});

describe('UserDirectory', () => {
  const profile = (id: string) => ({
    id,
    name: `name-${id}`,
    locale: 'fr-CA',
    isAdmin: id === 'UADMIN',
    isBot: false,
    teamId: 'T1',
  });
  const home = () => ({ teamId: 'T1' });

  it('asks users.info once per user however many events arrive together, and keeps it about ten minutes', async () => {
    let now = 0;
    const asked: string[] = [];
    const directory = new UserDirectory({
      api: { usersInfo: async (id) => (asked.push(id), profile(id)) },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      home,
      now: () => now,
    });
    const actors = await Promise.all([directory.actor('U1'), directory.actor('U1'), directory.actor('UADMIN')]);
    expect(actors.map((a) => [a.id, a.name, a.locale])).toEqual([
      ['U1', 'name-U1', 'fr-CA'],
      ['U1', 'name-U1', 'fr-CA'],
      ['UADMIN', 'name-UADMIN', 'fr-CA'],
    ]);
    expect(await actors[2]!.isAdmin?.()).toBe(true);
    expect(await actors[0]!.isAdmin?.()).toBe(false);
    now += 9 * 60_000;
    await directory.actor('U1');
    expect(asked).toEqual(['U1', 'UADMIN']);
    now += 2 * 60_000;
    await directory.actor('U1');
    expect(asked).toEqual(['U1', 'UADMIN', 'U1']);
  });

  it('still acts when Slack cannot be asked, under the name the payload gave', async () => {
    let up = false;
    const directory = new UserDirectory({
      api: {
        usersInfo: async (id) => {
          if (!up) throw new Error('unreachable');
          return profile(id);
        },
      },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      home,
    });
    const actor = await directory.actor('UADMIN', 'jane');
    expect([actor.id, actor.name]).toEqual(['UADMIN', 'jane']);
    up = true;
    expect(await actor.isAdmin?.()).toBe(true);
  });
});
