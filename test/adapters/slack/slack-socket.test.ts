import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackProcess, waitFor, type SlackProcess } from '../../e2e/support/slack-process.js';

const CHANNEL = 'C0LEADERS1';

describe('Slack over Socket Mode: the same app, events as envelopes on a WebSocket', () => {
  let p: SlackProcess;
  beforeAll(async () => {
    p = await startSlackProcess({
      mode: 'socket',
      speed: 1,
      setup: (s) => {
        s.addChannel(CHANNEL, { name: 'leadersgc' });
        s.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
        s.addUser({ id: 'U0ALICE001', name: 'alice', locale: 'fr-CA' });
        s.addUser({ id: 'U0BOB00001', name: 'bob', locale: 'en-US' });
        s.addUser({ id: 'U0ADMIN001', name: 'admin', isAdmin: true });
      },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  const command = (user: string, text: string) =>
    p.driver.command({ command: '/roundtable', text, user_id: user, channel_id: CHANNEL });

  it('opens one Socket Mode connection through the injected API URL and is ready', async () => {
    expect(p.standin.socket.connections).toBe(1);
    expect(p.standin.calls('apps.connections.open')).toHaveLength(1);
    const res = await fetch(`${p.baseUrl}/readyz`);
    expect(await res.json()).toMatchObject({ ok: true });
    // Socket Mode needs no public URL: the HTTP route is not mounted.
    expect((await fetch(`${p.baseUrl}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acknowledges a command at once with an empty ack, and answers only the asker', async () => {
    await command('U_ORG', 'start leadersgc-monthly');
    const ack = p.standin.socket.acks.find((a) => a.type === 'slash_commands');
    expect(ack?.ack.payload ?? {}).toEqual({});
    await waitFor('the welcome', () => p.standin.messages(CHANNEL).length >= 1);
    expect((await waitFor('the confirmation', () => p.standin.ephemerals('U_ORG')[0])).source).toBe('response_url');
  });

  it('refuses stop from a participant in French, only to them; a workspace admin may stop', async () => {
    await command('U0ALICE001', 'stop');
    const refusal = await waitFor('the refusal', () => p.standin.ephemerals('U0ALICE001')[0]);
    expect(refusal.text).toMatch(/organisat/i);
    expect(p.standin.ephemerals('U0BOB00001')).toEqual([]);
    expect((await p.running.service.desk.latestRun({ platform: 'slack', id: CHANNEL }))?.status).toBe('running');
  });

  it('handles a repeated envelope (same event_id, retry_attempt 1) once', async () => {
    const event = p.standin.userPost(CHANNEL, 'U0BOB00001', 'A77 hello');
    const first = await p.driver.event(event);
    await p.driver.event(event, { eventId: first.eventId!, retryNum: 1 });
    await waitFor('the hint', () => p.standin.ephemerals('U0BOB00001').length >= 1);
    await waitFor('the redelivery to be dropped', () => p.logs.some((l) => l.includes('delivered again')));
    expect(p.standin.ephemerals('U0BOB00001')).toHaveLength(1);
  });

  it('records a vote from a button and answers the voter only, in their language', async () => {
    await command('U_ORG', 'poll "Tea or coffee? | Thé ou café ?" "Tea | Thé" "Coffee | Café"');
    const poll = await waitFor('the poll', () =>
      p.standin.messages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes('"actions"')),
    );
    const buttons = (poll.blocks as { type: string; elements?: { action_id: string }[] }[]).flatMap((b) =>
      b.type === 'actions' ? (b.elements ?? []) : [],
    );
    expect(buttons).toHaveLength(3); // Tea, Coffee, Withdraw my vote
    await p.driver.click({
      user: 'U0ALICE001',
      channelId: CHANNEL,
      messageTs: poll.ts,
      actionId: buttons[1]!.action_id,
    });
    const reply = await waitFor('the vote notice', () =>
      p.standin.ephemerals('U0ALICE001').find((e) => /Coffee|Café/.test(e.text)),
    );
    expect(reply.text).toMatch(/vote/i);
    expect(reply.text).toMatch(/enregistr|pris en compte|compté/i);
    expect(p.standin.ephemerals('U0BOB00001').filter((e) => /Coffee|Café/.test(e.text))).toEqual([]);
    // The live tally reaches the poll post (chat.update, at most every 2 s).
    await waitFor('the live tally', () =>
      /100\s?%/.test(p.standin.messages(CHANNEL).find((m) => m.ts === poll.ts)?.text ?? ''),
    );
  });

  it('lets a workspace admin stop the chat; the recap follows', async () => {
    await command('U0ADMIN001', 'stop');
    await waitFor('the recap', () =>
      p.standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(':recap')),
    );
    await waitFor(
      'the chat to end',
      async () => (await p.running.service.desk.latestRun({ platform: 'slack', id: CHANNEL }))?.status === 'ended',
    );
  });

  it('closes its connection at stop', async () => {
    await p.running.stop();
    await waitFor('the socket to close', () => p.standin.socket.connections === 0);
  });
});
