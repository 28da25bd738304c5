import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { startSlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandinOptions } from '../support/slack/standin-types.js';

const CHANNEL = 'C0LEADERS1';

/** A real WebClient pointed at the stand-in, quiet, without retries unless asked. */
function clientFor(standin: SlackStandin, extra: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(standin.botToken, {
    slackApiUrl: standin.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
    ...extra,
  });
}

describe('a real @slack/web-api WebClient against the stand-in', () => {
  let standin: SlackStandin;
  let client: WebClient;
  const start = async (opts: SlackStandinOptions = {}) => {
    standin = await startSlackStandin({ rateLimit: false, ...opts });
    standin.addChannel(CHANNEL, { name: 'leadersgc' });
    standin.addUser({ id: 'U0ALICE001', name: 'alice', isAdmin: true, locale: 'fr-CA' });
    standin.addUser({ id: 'U0BOB00001', name: 'bob' });
    client = clientFor(standin);
  };
  afterEach(async () => standin?.stop());

  describe('with a plain workspace', () => {
    beforeEach(() => start());

    it('posts, replies in a thread, and reads history and replies with metadata', async () => {
      const metadata = { event_type: 'roundtable_step', event_payload: { run: 'r1', step: 'q1' } };
      const q1 = await client.chat.postMessage({
        channel: CHANNEL,
        text: 'Q1 What? / Quoi ?',
        metadata,
        unfurl_links: false,
      });
      expect(q1.ts).toMatch(/^\d{10}\.\d{6}$/);
      const reply = await client.chat.postMessage({ channel: CHANNEL, text: 'Follow-up', thread_ts: q1.ts as string });
      expect(reply.message?.thread_ts).toBe(q1.ts);
      standin.userPost(CHANNEL, 'U0ALICE001', 'A1 answer', { threadTs: q1.ts as string });

      const plain = await client.conversations.history({ channel: CHANNEL });
      expect(plain.messages?.[0]).not.toHaveProperty('metadata');
      const history = await client.conversations.history({ channel: CHANNEL, include_all_metadata: true });
      expect(history.messages).toHaveLength(1);
      expect(history.messages?.[0]).toMatchObject({ ts: q1.ts, metadata, reply_count: 2, bot_id: standin.team.botId });

      const replies = await client.conversations.replies({ channel: CHANNEL, ts: q1.ts as string });
      expect(replies.messages?.map((m) => m.text)).toEqual(['Q1 What? / Quoi ?', 'Follow-up', 'A1 answer']);
      expect(replies.messages?.[2]).toMatchObject({
        user: 'U0ALICE001',
        parent_user_id: standin.team.botUserId,
        thread_ts: q1.ts,
      });

      const stored = standin.messages(CHANNEL);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ metadata, unfurlLinks: false, botId: standin.team.botId });
      expect(standin.thread(CHANNEL, q1.ts as string).map((m) => m.user)).toEqual([
        standin.team.botUserId,
        'U0ALICE001',
      ]);
    });

    it('pages history with cursors as WebClient.paginate expects', async () => {
      for (let i = 0; i < 5; i += 1) await client.chat.postMessage({ channel: CHANNEL, text: `m${i}` });
      const texts: string[] = [];
      for await (const page of client.paginate('conversations.history', { channel: CHANNEL, limit: 2 })) {
        texts.push(...((page as { messages?: { text: string }[] }).messages ?? []).map((m) => m.text));
      }
      expect(texts).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    });

    it('surfaces refusals as WebAPIPlatformError with Slack’s error code', async () => {
      const error = (await client.chat
        .postMessage({ channel: CHANNEL, text: 'x', thread_ts: '1111111111.000001' })
        .catch((e: unknown) => e)) as WebAPIPlatformError;
      expect(error.code).toBe(ErrorCode.PlatformError);
      expect(error.data.error).toBe('thread_not_found');
    });

    it('updates and deletes the bot’s messages, keeping the earlier version', async () => {
      const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'Poll: 0 votes' });
      const updated = await client.chat.update({ channel: CHANNEL, ts: posted.ts as string, text: 'Poll: 1 vote' });
      expect(updated.text).toBe('Poll: 1 vote');
      const [message] = standin.messages(CHANNEL);
      expect(message?.edits.map((e) => e.text)).toEqual(['Poll: 0 votes']);
      expect(message?.edited?.user).toBe(standin.team.botUserId);
      await client.chat.delete({ channel: CHANNEL, ts: posted.ts as string });
      expect(standin.messages(CHANNEL)).toEqual([]);
    });

    it('stores ephemeral messages per user and gives permalinks', async () => {
      await client.chat.postEphemeral({ channel: CHANNEL, user: 'U0BOB00001', text: 'Only organizers can do that.' });
      expect(standin.ephemerals('U0BOB00001').map((e) => e.text)).toEqual(['Only organizers can do that.']);
      expect(standin.ephemerals('U0ALICE001')).toEqual([]);
      const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'Recap' });
      const link = await client.chat.getPermalink({ channel: CHANNEL, message_ts: posted.ts as string });
      expect(link.permalink).toBe(
        `https://${standin.team.teamDomain}.slack.com/archives/${CHANNEL}/p${(posted.ts as string).replace('.', '')}`,
      );
    });

    it('answers users.info with admin flags and locale, conversations.info and join', async () => {
      const alice = await client.users.info({ user: 'U0ALICE001', include_locale: true });
      expect(alice.user).toMatchObject({ id: 'U0ALICE001', is_admin: true, is_owner: false, locale: 'fr-CA' });
      const bob = await client.users.info({ user: 'U0BOB00001' });
      expect(bob.user).not.toHaveProperty('locale');
      standin.addChannel('C0NEWCHAN1', { name: 'new', botMember: false });
      expect((await client.conversations.info({ channel: 'C0NEWCHAN1' })).channel).toMatchObject({
        name: 'new',
        is_member: false,
      });
      await client.conversations.join({ channel: 'C0NEWCHAN1' });
      expect((await client.chat.postMessage({ channel: 'C0NEWCHAN1', text: 'hello' })).ok).toBe(true);
    });

    it('receives files.uploadV2 into a thread', async () => {
      const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'Recap' });
      const content = 'question,answers\nQ1,12\n';
      await client.files.uploadV2({
        channel_id: CHANNEL,
        thread_ts: parent.ts as string,
        file: Buffer.from(content),
        filename: 'recap.csv',
        title: 'Recap (CSV)',
        initial_comment: 'Recap attached',
      });
      const [file] = standin.files();
      expect(file).toMatchObject({
        name: 'recap.csv',
        title: 'Recap (CSV)',
        channel: CHANNEL,
        threadTs: parent.ts,
        completed: true,
      });
      expect(file?.bytes?.toString()).toBe(content);
      const [shared] = standin.thread(CHANNEL, parent.ts as string);
      expect(shared).toMatchObject({ text: 'Recap attached', fileIds: [file?.id] });
    });

    it('logs each call with its time and channel', async () => {
      await client.chat.postMessage({ channel: CHANNEL, text: 'one' });
      await client.auth.test();
      const [post] = standin.calls('chat.postMessage');
      expect(post).toMatchObject({ method: 'chat.postMessage', channel: CHANNEL, status: 200, ok: true });
      expect(typeof post?.at).toBe('number');
      expect(standin.calls().map((c) => c.method)).toEqual(['chat.postMessage', 'auth.test']);
    });
  });

  it('makes WebClient see a 429 with its Retry-After', async () => {
    await start({ rateLimit: { perChannelPerSec: 0.01, burst: 1 } });
    const strict = clientFor(standin, { rejectRateLimitedCalls: true });
    await strict.chat.postMessage({ channel: CHANNEL, text: 'first' });
    const error = (await strict.chat
      .postMessage({ channel: CHANNEL, text: 'second' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBeGreaterThanOrEqual(1);
    expect(standin.stats.ratelimited).toBe(1);
  });

  it('fails calls with HTTP 500 when asked, and WebClient retries get through', async () => {
    await start({ failRate: 1, failMode: 'error' });
    const error = (await client.auth.test().catch((e: unknown) => e)) as { code: string; statusCode: number };
    expect(error.code).toBe(ErrorCode.HTTPError);
    expect(error.statusCode).toBe(500);
    standin.setFailRate(0.5);
    const patient = clientFor(standin, { retryConfig: { retries: 20, factor: 1, minTimeout: 5, maxTimeout: 5 } });
    for (let i = 0; i < 5; i += 1) await patient.chat.postMessage({ channel: CHANNEL, text: `m${i}` });
    expect(standin.messages(CHANNEL).map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(standin.stats.failed).toBeGreaterThan(1);
  });

  it('hangs calls past the client timeout when asked', async () => {
    await start({ failRate: 1, failMode: 'hang', failHangMs: 60_000 });
    const impatient = clientFor(standin, { timeout: 300 });
    const error = (await impatient.auth.test().catch((e: unknown) => e)) as { code: string };
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(standin.calls('auth.test')[0]?.error).toBe('injected_hang');
  });
});
