import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App, LogLevel } from '@slack/bolt';
import WebSocket from 'ws';
import { startSlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandin } from '../support/slack/slack-standin.js';

const CHANNEL = 'C0LEADERS1';

describe('a real Bolt App in Socket Mode, fed by the stand-in', () => {
  let standin: SlackStandin;
  let app: App;

  beforeEach(async () => {
    standin = await startSlackStandin({ rateLimit: false });
    standin.addChannel(CHANNEL, { name: 'leadersgc' });
    standin.addUser({ id: 'U0ALICE001', name: 'alice' });
    app = new App({
      token: standin.botToken,
      appToken: standin.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
    });
    await app.start();
  });
  afterEach(async () => {
    await app.stop();
    await standin.stop();
  });

  it('connects through apps.connections.open with the app token', () => {
    expect(standin.socket.connections).toBe(1);
    expect(standin.calls('apps.connections.open').map((c) => c.ok)).toEqual([true]);
  });

  it('delivers an events_api envelope and resolves with the ack', async () => {
    const texts: string[] = [];
    app.event('message', async ({ event, context }) => {
      texts.push(`${(event as { text?: string }).text} retry=${context.retryNum}`);
    });
    const event = standin.userPost(CHANNEL, 'U0ALICE001', 'A1 via socket');
    const ack = await standin.socket.send('events_api', standin.buildEvent(event), { retryAttempt: 2 });
    expect(ack.envelope_id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => texts).toEqual(['A1 via socket retry=2']);
  });

  it('shows a slash command’s ack payload to the user, as Slack does', async () => {
    app.command('/roundtable', async ({ ack }) => {
      await ack({ text: 'Usage: /roundtable start <chat>' });
    });
    const payload = standin.buildCommand({
      command: '/roundtable',
      text: 'help',
      user_id: 'U0ALICE001',
      channel_id: CHANNEL,
    });
    const ack = await standin.socket.send('slash_commands', payload);
    expect(ack.payload).toEqual({ text: 'Usage: /roundtable start <chat>' });
    expect(standin.ephemerals('U0ALICE001').map((e) => e.text)).toEqual(['Usage: /roundtable start <chat>']);
  });

  it('delivers interactive envelopes for button clicks', async () => {
    const posted = await app.client.chat.postMessage({
      channel: CHANNEL,
      text: 'Poll',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'No / Non' }, action_id: 'vote-no', value: 'p1:no' },
          ],
        },
      ],
    });
    const values: string[] = [];
    app.action('vote-no', async ({ ack, action }) => {
      await ack();
      values.push((action as { value: string }).value);
    });
    const payload = standin.buildAction({
      user: 'U0ALICE001',
      channelId: CHANNEL,
      messageTs: posted.ts as string,
      actionId: 'vote-no',
    });
    await standin.socket.send('interactive', payload);
    await expect.poll(() => values).toEqual(['p1:no']);
  });

  it('reconnects when asked to by a disconnect message', async () => {
    standin.socket.disconnectAll();
    await expect.poll(() => standin.calls('apps.connections.open').length, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => standin.socket.connections, { timeout: 30_000 }).toBe(1);
    const event = standin.userPost(CHANNEL, 'U0ALICE001', 'after reconnect');
    const ack = await standin.socket.send('events_api', standin.buildEvent(event));
    expect(typeof ack.envelope_id).toBe('string');
  });
});

describe('the Socket Mode server on its own', () => {
  let standin: SlackStandin;
  beforeEach(async () => {
    standin = await startSlackStandin();
  });
  afterEach(async () => standin.stop());

  it('refuses a bot token for apps.connections.open and an unknown ticket', async () => {
    const res = await fetch(`${standin.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${standin.botToken}` },
    });
    expect(await res.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
    const ws = new WebSocket(`${standin.baseUrl.replace('http', 'ws')}link/?ticket=forged`);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, response) => resolve(response.statusCode));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(undefined));
    });
    expect(status).toBe(401);
  });

  it('rejects send() when the client does not ack in time', async () => {
    const res = await fetch(`${standin.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${standin.appToken}` },
    });
    const { url } = (await res.json()) as { url: string };
    const ws = new WebSocket(url);
    const hello = await new Promise<{ type: string }>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as { type: string })),
    );
    expect(hello.type).toBe('hello');
    await expect(standin.socket.send('events_api', { type: 'event_callback' }, { timeoutMs: 200 })).rejects.toThrow(
      /no ack/,
    );
    ws.close();
  });
});
