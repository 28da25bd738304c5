import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandinOptions } from '../support/slack/standin-types.js';
import { specsRequirement } from '../support/requirements.js';

/** A raw Web API call, form-encoded like `@slack/web-api` sends it. */
async function call(
  standin: SlackStandin,
  method: string,
  args: Record<string, unknown>,
  token: string | null = standin.botToken,
) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${standin.apiUrl}${method}`, { method: 'POST', headers, body: form.toString() });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const CHANNEL = 'C0LEADERS1';
const OUTSIDE = 'C0ELSEWHR1';

describe('Slack stand-in refuses what Slack refuses', () => {
  let standin: SlackStandin;
  const start = async (opts: SlackStandinOptions = {}) => {
    standin = await startSlackStandin(opts);
    standin.addChannel(CHANNEL, { name: 'leadersgc' });
    standin.addChannel(OUTSIDE, { name: 'elsewhere', botMember: false });
    standin.addUser({ id: 'U0ALICE001', name: 'alice' });
  };
  afterEach(async () => standin?.stop());

  describe('with default options', () => {
    beforeEach(() => start({ rateLimit: false }));

    it('answers a wrong, missing or misplaced token like Slack', async () => {
      expect((await call(standin, 'auth.test', {}, 'xoxb-wrong')).body).toEqual({ ok: false, error: 'invalid_auth' });
      expect((await call(standin, 'auth.test', {}, null)).body).toEqual({ ok: false, error: 'not_authed' });
      const appTokenPost = await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'hi' }, standin.appToken);
      expect(appTokenPost.body.error).toBe('not_allowed_token_type');
      const ok = await call(standin, 'auth.test', {});
      expect(ok).toMatchObject({
        status: 200,
        body: { ok: true, user_id: standin.team.botUserId, bot_id: standin.team.botId },
      });
    });

    it('answers unknown_method, with HTTP 200 as every Slack error but rate limits', async () => {
      expect(await call(standin, 'chat.postMesage', { channel: CHANNEL, text: 'x' })).toMatchObject({
        status: 200,
        body: { ok: false, error: 'unknown_method' },
      });
    });

    it('refuses unknown channels, channels without the bot, unknown threads', async () => {
      expect((await call(standin, 'chat.postMessage', { channel: 'C0NOWHERE1', text: 'x' })).body.error).toBe(
        'channel_not_found',
      );
      expect((await call(standin, 'chat.postMessage', { channel: OUTSIDE, text: 'x' })).body.error).toBe(
        'not_in_channel',
      );
      const reply = await call(standin, 'chat.postMessage', {
        channel: CHANNEL,
        text: 'x',
        thread_ts: '1700000000.000100',
      });
      expect(reply.body.error).toBe('thread_not_found');
      expect(standin.messages(CHANNEL)).toEqual([]);
    });

    it('tells a missing argument (invalid_arguments) from an empty one', async () => {
      const missing = await call(standin, 'chat.postMessage', { text: 'x' });
      expect(missing.body).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] missing required field: channel'] },
      });
      expect((await call(standin, 'chat.postMessage', { channel: '', text: 'x' })).body.error).toBe(
        'channel_not_found',
      );
    });

    it('refuses no_text, msg_too_long, bad blocks JSON, 51 blocks', async () => {
      expect((await call(standin, 'chat.postMessage', { channel: CHANNEL })).body.error).toBe('no_text');
      expect((await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'x'.repeat(40_001) })).body.error).toBe(
        'msg_too_long',
      );
      expect((await call(standin, 'chat.postMessage', { channel: CHANNEL, blocks: '[{' })).body.error).toBe(
        'invalid_blocks_format',
      );
      const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
      const tooMany = await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'x', blocks });
      expect(tooMany.body.error).toBe('invalid_blocks');
      expect((tooMany.body.response_metadata as { messages: string[] }).messages[0]).toMatch(
        /^\[ERROR\] no more than 50 items/,
      );
      expect(
        (await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'ok', blocks: blocks.slice(0, 50) })).body
          .ok,
      ).toBe(true);
    });

    it('refuses edits and deletions of messages that are not the bot’s, or not there', async () => {
      const event = standin.userPost(CHANNEL, 'U0ALICE001', 'A1 mine');
      const ts = event.ts as string;
      expect((await call(standin, 'chat.update', { channel: CHANNEL, ts, text: 'x' })).body.error).toBe(
        'cant_update_message',
      );
      expect((await call(standin, 'chat.delete', { channel: CHANNEL, ts })).body.error).toBe('cant_delete_message');
      expect((await call(standin, 'chat.update', { channel: CHANNEL, ts: '1.000001', text: 'x' })).body.error).toBe(
        'message_not_found',
      );
      expect(standin.messages(CHANNEL).map((m) => m.text)).toEqual(['A1 mine']);
    });

    it('refuses malformed metadata', async () => {
      const bad = await call(standin, 'chat.postMessage', {
        channel: CHANNEL,
        text: 'x',
        metadata: { event_type: 'q', event_payload: 'no' },
      });
      expect(bad.body.error).toBe('invalid_metadata_schema');
      expect((await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'x', metadata: '{' })).body.error).toBe(
        'invalid_metadata_format',
      );
    });

    it('reads JSON bodies for write methods only, and warns about a missing charset', async () => {
      const post = await fetch(`${standin.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${standin.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: CHANNEL, text: 'json body' }),
      });
      expect(await post.json()).toMatchObject({
        ok: true,
        warning: 'missing_charset',
        response_metadata: { warnings: ['missing_charset'] },
      });
      const history = await fetch(`${standin.apiUrl}conversations.history`, {
        method: 'POST',
        headers: { authorization: `Bearer ${standin.botToken}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel: CHANNEL }),
      });
      expect(await history.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    });

    it('does not read a token from a JSON body', async () => {
      const res = await fetch(`${standin.apiUrl}auth.test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ token: standin.botToken }),
      });
      expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    });
  });

  const specs = specsRequirement();
  describe.skipIf(specs.skip)(`with the Block Kit schema${specs.reason}`, () => {
    beforeEach(() => start({ rateLimit: false, specsDir: specs.value }));

    it('refuses invalid blocks with invalid_blocks and Slack-style messages', async () => {
      const blocks = [{ type: 'section', text: { type: 'plain_text', text: '' } }];
      const res = await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'x', blocks });
      expect(res.body.ok).toBe(false);
      expect(res.body.error).toBe('invalid_blocks');
      const messages = (res.body.response_metadata as { messages: string[] }).messages;
      expect(messages.some((m) => m.startsWith('[ERROR] ') && m.endsWith('[json-pointer:/blocks/0/text/text]'))).toBe(
        true,
      );
      expect(standin.messages(CHANNEL)).toEqual([]);
    });

    it('refuses duplicate action_ids in chat.update too', async () => {
      const posted = await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'poll' });
      const button = (id: string) => ({
        type: 'button',
        text: { type: 'plain_text', text: 'Vote' },
        action_id: id,
        value: 'v',
      });
      const blocks = [{ type: 'actions', elements: [button('vote'), button('vote')] }];
      const res = await call(standin, 'chat.update', { channel: CHANNEL, ts: posted.body.ts, text: 'poll', blocks });
      expect(res.body.error).toBe('invalid_blocks');
    });
  });

  describe('with rate limits', () => {
    it('answers 429 with Retry-After past the burst of one channel, and counts it', async () => {
      await start({ rateLimit: { perChannelPerSec: 0.01, burst: 2 } });
      expect((await call(standin, 'chat.postMessage', { channel: CHANNEL, text: '1' })).status).toBe(200);
      expect((await call(standin, 'chat.postMessage', { channel: '#leadersgc', text: '2' })).status).toBe(200);
      const third = await call(standin, 'chat.postMessage', { channel: CHANNEL, text: '3' });
      expect(third).toMatchObject({ status: 429, body: { ok: false, error: 'ratelimited' } });
      expect(Number(third.retryAfter)).toBeGreaterThanOrEqual(1);
      standin.addChannel('C0OTHERCH1', { name: 'other' });
      expect((await call(standin, 'chat.postMessage', { channel: 'C0OTHERCH1', text: 'elsewhere' })).status).toBe(200);
      expect(standin.stats.ratelimited).toBe(1);
      expect(standin.calls('chat.postMessage').map((c) => [c.channel, c.status])).toEqual([
        [CHANNEL, 200],
        [CHANNEL, 200],
        [CHANNEL, 429],
        ['C0OTHERCH1', 200],
      ]);
      expect(standin.messages(CHANNEL).map((m) => m.text)).toEqual(['1', '2']);
    });

    it('limits chat.update per minute (tier 3, here overridden to 2)', async () => {
      await start({ rateLimit: { perChannelPerSec: 1, burst: 3, perMinute: { 'chat.update': 2 } } });
      const posted = await call(standin, 'chat.postMessage', { channel: CHANNEL, text: 'v0' });
      const ts = posted.body.ts as string;
      const statuses = [];
      for (const text of ['v1', 'v2', 'v3'])
        statuses.push((await call(standin, 'chat.update', { channel: CHANNEL, ts, text })).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect(standin.messages(CHANNEL)[0]?.text).toBe('v2');
    });
  });
});
