import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App, LogLevel } from '@slack/bolt';
import { startSlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandin } from '../support/slack/slack-standin.js';

const CHANNEL = 'C0LEADERS1';
const SIGNING_SECRET = 'standin-signing-secret';

/** A promise and the function that settles it, for what a listener receives. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('a real Bolt App over HTTP, fed by the stand-in', () => {
  let standin: SlackStandin;
  let app: App;
  let url: string;
  const seen: { type: string; subtype?: string; retryNum?: number }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    standin = await startSlackStandin({ rateLimit: false });
    standin.addChannel(CHANNEL, { name: 'leadersgc' });
    standin.addUser({ id: 'U0ALICE001', name: 'alice' });
    app = new App({
      token: standin.botToken,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
    });
    const server = (await app.start(0)) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    await standin.stop();
  });

  it('receives a signed message event with Slack’s shape and retry headers', async () => {
    const received = deferred<{
      event: Record<string, unknown>;
      retryNum?: number;
      retryReason?: string;
      eventId: string;
    }>();
    app.event('message', async ({ event, context, body }) => {
      received.resolve({
        event: event as unknown as Record<string, unknown>,
        retryNum: context.retryNum,
        retryReason: context.retryReason,
        eventId: body.event_id,
      });
    });
    const parent = standin.userPost(CHANNEL, 'U0ALICE001', 'Q1?');
    const event = standin.userPost(CHANNEL, 'U0ALICE001', 'A1 Oui', { threadTs: parent.ts as string });
    const result = await standin.sendEvent(event, {
      url,
      signingSecret: SIGNING_SECRET,
      retryNum: 1,
      eventId: 'Ev0REDELIV1',
    });
    expect(result.status).toBe(200);
    const got = await received.promise;
    expect(got.retryNum).toBe(1);
    expect(got.retryReason).toBe('http_timeout');
    expect(got.eventId).toBe('Ev0REDELIV1');
    expect(got.event).toMatchObject({
      type: 'message',
      channel: CHANNEL,
      user: 'U0ALICE001',
      text: 'A1 Oui',
      thread_ts: parent.ts,
      parent_user_id: 'U0ALICE001',
      channel_type: 'channel',
      team: standin.team.teamId,
      event_ts: event.ts,
    });
  });

  it('refuses a forged signature and a request six minutes old with 401', async () => {
    app.event('message', async ({ event }) => {
      seen.push({ type: event.type });
    });
    const event = standin.userPost(CHANNEL, 'U0ALICE001', 'A2 hello');
    expect((await standin.sendEvent(event, { url, signingSecret: SIGNING_SECRET, forgeSignature: true })).status).toBe(
      401,
    );
    expect(
      (await standin.sendEvent(event, { url, signingSecret: SIGNING_SECRET, timestampOffsetSec: -360 })).status,
    ).toBe(401);
    expect((await standin.sendEvent(event, { url, signingSecret: 'another-apps-secret' })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('delivers edits, deletions and reactions as Slack shapes them', async () => {
    const got: Record<string, unknown>[] = [];
    const done = deferred<void>();
    const collect = async ({ event }: { event: unknown }) => {
      got.push(event as Record<string, unknown>);
      if (got.length === 3) done.resolve();
    };
    app.event('message', collect);
    app.event('reaction_added', collect);
    const posted = standin.userPost(CHANNEL, 'U0ALICE001', 'A3 first try');
    const ts = posted.ts as string;
    for (const event of [
      standin.userEdit(CHANNEL, ts, 'A3 second try'),
      standin.userReact(CHANNEL, ts, 'U0ALICE001', 'thumbsup'),
      standin.userDelete(CHANNEL, ts),
    ]) {
      expect((await standin.sendEvent(event, { url, signingSecret: SIGNING_SECRET })).status).toBe(200);
    }
    await done.promise;
    const byType = (t: string, sub?: string) => got.find((e) => e.type === t && e.subtype === sub);
    expect(byType('message', 'message_changed')).toMatchObject({
      hidden: true,
      message: { text: 'A3 second try', edited: { user: 'U0ALICE001' }, ts },
      previous_message: { text: 'A3 first try' },
    });
    expect(byType('reaction_added')).toMatchObject({
      reaction: 'thumbsup',
      item: { type: 'message', channel: CHANNEL, ts },
      item_user: 'U0ALICE001',
    });
    expect(byType('message', 'message_deleted')).toMatchObject({
      deleted_ts: ts,
      previous_message: { text: 'A3 second try' },
    });
    expect(standin.messages(CHANNEL)).toEqual([]);
  });

  it('runs a slash command: the ack shows to the user, respond() posts in the channel', async () => {
    const responded = deferred<void>();
    app.command('/roundtable', async ({ ack, respond, command }) => {
      await ack(`Starting ${command.text}…`);
      await respond({ response_type: 'in_channel', text: 'Roundtable starts now / La table ronde commence' });
      responded.resolve();
    });
    const result = await standin.sendCommand(
      { command: '/roundtable', text: 'start leadersgc', user_id: 'U0ALICE001', channel_id: CHANNEL },
      { url, signingSecret: SIGNING_SECRET },
    );
    expect(result).toMatchObject({ status: 200, body: 'Starting start leadersgc…' });
    await responded.promise;
    expect(standin.ephemerals('U0ALICE001').map((e) => [e.text, e.source])).toEqual([
      ['Starting start leadersgc…', 'ack'],
    ]);
    expect(standin.messages(CHANNEL).map((m) => m.text)).toEqual(['Roundtable starts now / La table ronde commence']);
    expect(standin.responses().map((r) => [r.kind, r.source, r.status])).toEqual([
      ['command', 'ack', 200],
      ['command', 'response_url', 200],
    ]);
  });

  it('runs a button click on a posted message; respond() replaces the original', async () => {
    const posted = await app.client.chat.postMessage({
      channel: CHANNEL,
      text: 'Poll',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Did it help? / Utile ?' } },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Yes / Oui' }, action_id: 'vote-yes', value: 'p1:yes' },
          ],
        },
      ],
    });
    const clicked = deferred<{ value?: string; blockId: string; text: unknown }>();
    app.action('vote-yes', async ({ ack, action, respond }) => {
      await ack();
      const button = action as { value?: string; block_id: string; text: unknown };
      await respond({ replace_original: true, text: 'Thanks / Merci' });
      clicked.resolve({ value: button.value, blockId: button.block_id, text: button.text });
    });
    const generatedBlockId = (standin.messages(CHANNEL)[0]?.blocks?.[1] as { block_id?: string }).block_id;
    expect(generatedBlockId).toMatch(/^\S{1,255}$/);
    const result = await standin.sendAction(
      { user: 'U0ALICE001', channelId: CHANNEL, messageTs: posted.ts as string, actionId: 'vote-yes' },
      { url, signingSecret: SIGNING_SECRET },
    );
    expect(result.status).toBe(200);
    const got = await clicked.promise;
    expect(got.value).toBe('p1:yes');
    expect(got.text).toEqual({ type: 'plain_text', text: 'Yes / Oui' });
    expect(got.blockId).toBe(generatedBlockId);
    expect(standin.messages(CHANNEL).map((m) => m.text)).toEqual(['Thanks / Merci']);
  });

  it('gives the bot’s own posts as events that Bolt recognizes as its own (ignoreSelf)', async () => {
    const strict = new App({
      token: standin.botToken,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      processBeforeResponse: true,
      clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
    });
    const texts: string[] = [];
    strict.event('message', async ({ event }) => {
      texts.push((event as { text?: string }).text ?? '');
    });
    const server = (await strict.start(0)) as Server;
    const strictUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      const own = await strict.client.chat.postMessage({ channel: CHANNEL, text: 'Q1 from the bot' });
      const ownEvent = standin.messageEvent(CHANNEL, own.ts as string);
      expect(ownEvent).toMatchObject({ user: standin.team.botUserId, bot_id: standin.team.botId, channel: CHANNEL });
      expect((await standin.sendEvent(ownEvent, { url: strictUrl, signingSecret: SIGNING_SECRET })).status).toBe(200);
      const answer = standin.userPost(CHANNEL, 'U0ALICE001', 'A1 from a person');
      expect((await standin.sendEvent(answer, { url: strictUrl, signingSecret: SIGNING_SECRET })).status).toBe(200);
      expect(texts).toEqual(['A1 from a person']);
    } finally {
      await strict.stop();
    }
  });

  it('refuses to fake a click on a button that is not in the message', async () => {
    const posted = await app.client.chat.postMessage({ channel: CHANNEL, text: 'No buttons here' });
    expect(() =>
      standin.buildAction({
        user: 'U0ALICE001',
        channelId: CHANNEL,
        messageTs: posted.ts as string,
        actionId: 'vote-yes',
      }),
    ).toThrow(/no element with action_id "vote-yes"/);
  });
});
