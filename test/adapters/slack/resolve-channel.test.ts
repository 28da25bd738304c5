import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { PacedLanes } from '../../../src/adapters/slack/paced-lanes.js';
import { classifySlackError, slackErrorCode } from '../../../src/adapters/slack/classify-slack-error.js';
import { SlackApi } from '../../../src/adapters/slack/slack-api.js';
import { SlackChatPort } from '../../../src/adapters/slack/slack-chat-port.js';
import { startSlackStandin, type SlackStandin } from '../../support/slack/slack-standin.js';
import type { SlackStandinOptions } from '../../support/slack/standin-types.js';
import { realTranslator } from '../../support/fake-translator.js';
import { specsRequirement } from '../../support/requirements.js';
import { VirtualClock } from './virtual-clock.js';

const running: SlackStandin[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

/** The real Slack port over a WebClient against a fresh stand-in (lanes on `clock` when given); `warnings` collects what it logs at warn. */
async function slackPort(opts: SlackStandinOptions = { rateLimit: false }, clock?: VirtualClock) {
  const s = await startSlackStandin(opts);
  running.push(s);
  const warnings: string[] = [];
  const logger = {
    debug() {},
    info() {},
    warn: (_: object, msg?: string) => void warnings.push(msg ?? ''),
    error() {},
  };
  const client = new webApi.WebClient(s.botToken, {
    slackApiUrl: s.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  const lanes = new PacedLanes({ classify: classifySlackError, logger, ...(clock ? { clock } : {}) });
  const port = new SlackChatPort({
    api: new SlackApi(client, lanes),
    translator: await realTranslator(),
    command: '/roundtable',
    logger,
    teamId: () => s.team.teamId,
  });
  return { s, port, client, warnings };
}

/** `count` public channels the bot is in, ids `C1<tag>0000…`, sorting before the `C5…`/`C9…` ids of the tests. */
function addChannels(s: SlackStandin, tag: string, count: number, opts: { isArchived?: boolean } = {}): void {
  for (let i = 0; i < count; i++)
    s.addChannel(`C1${tag}${String(i).padStart(7, '0')}`, { name: `${tag.toLowerCase()}-${i}`, ...opts });
}

/** The error code of a refused call, or `ok`. */
const outcome = (call: Promise<unknown>): Promise<string | undefined> =>
  call.then(
    () => 'ok',
    (err: unknown) => slackErrorCode(err),
  );

describe('SlackChatPort.resolveChannel against the stand-in’s conversations.list', () => {
  it('resolves #name, name and any case to the channel’s id, asking for public and private channels without archived ones', async () => {
    const { s, port, warnings } = await slackPort();
    s.addChannel('C5LEADERS1', { name: 'leadersgc' });
    const leaders = { platform: 'slack', id: 'C5LEADERS1', name: '#leadersgc', workspace: s.team.teamId };
    expect(await port.resolveChannel('#leadersgc')).toEqual(leaders);
    expect(await port.resolveChannel('leadersgc')).toEqual(leaders);
    expect(await port.resolveChannel('#LeadersGC')).toEqual(leaders);
    expect(s.calls('conversations.list')[0]!.args).toMatchObject({
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
    });
    expect(warnings).toEqual([]);
  });

  it('resolves a private channel the bot was invited to, not one it was not', async () => {
    const { s, port } = await slackPort();
    s.addChannel('C5PRIVATE1', { name: 'board-private', isPrivate: true });
    s.addChannel('G5LEGACY01', { name: 'old-private' });
    s.addChannel('C5SECRET01', { name: 'secret', isPrivate: true, botMember: false });
    expect(await port.resolveChannel('#board-private')).toMatchObject({ id: 'C5PRIVATE1', name: '#board-private' });
    expect(await port.resolveChannel('#old-private')).toMatchObject({ id: 'G5LEGACY01' });
    expect(await port.resolveChannel('#secret')).toBeUndefined();
  });

  it('does not choose a public channel the bot was not invited to, and says to invite it', async () => {
    const { s, port, warnings } = await slackPort();
    s.addChannel('C5OUTSIDE1', { name: 'outside', botMember: false });
    expect(await port.resolveChannel('#outside')).toBeUndefined();
    expect(await port.resolveChannel('C5OUTSIDE1')).toBeUndefined();
    expect(warnings).toEqual([
      'Roundtable is not a member of this Slack channel: invite it (/invite @Roundtable) so it can post there',
      'Roundtable is not a member of this Slack channel: invite it (/invite @Roundtable) so it can post there',
    ]);
  });

  it('finds a name on a later page when the workspace has more channels than one page holds', async () => {
    const { s, port } = await slackPort();
    addChannels(s, 'ROOM', 1000);
    s.addChannel('C9LATEST01', { name: 'latest' });
    expect(await port.resolveChannel('#latest')).toMatchObject({ id: 'C9LATEST01' });
    const pages = s.calls('conversations.list');
    expect(pages).toHaveLength(2);
    expect(pages[1]!.args.cursor).toEqual(expect.any(String));
  });

  it('never chooses an archived channel, and reads on past a page the archived channels left empty', async () => {
    const { s, port, client } = await slackPort();
    addChannels(s, 'GONE', 999, { isArchived: true });
    s.addChannel('C5OLDPROJ1', { name: 'old-project', isArchived: true });
    s.addChannel('C9ACTIVE01', { name: 'active' });
    const first = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 999,
    });
    expect(first.channels).toEqual([]);
    expect(first.response_metadata?.next_cursor).not.toBe('');
    expect(await port.resolveChannel('#active')).toMatchObject({ id: 'C9ACTIVE01' });
    expect(await port.resolveChannel('#old-project')).toBeUndefined();
    expect(await port.resolveChannel('#gone-3')).toBeUndefined();
  });

  it('resolves an unknown name, or an unknown id, to undefined without a warning', async () => {
    const { s, port, warnings } = await slackPort();
    s.addChannel('C5LEADERS1', { name: 'leadersgc' });
    expect(await port.resolveChannel('#no-such-channel')).toBeUndefined();
    expect(await port.resolveChannel('C0NOSUCH01')).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('looks up a name in capitals that looks like an id (GENERALCHAT) as a name once Slack knows no such id', async () => {
    const { s, port } = await slackPort();
    s.addChannel('C5GENERAL1', { name: 'generalchat' });
    expect(await port.resolveChannel('GENERALCHAT')).toMatchObject({ id: 'C5GENERAL1', name: '#generalchat' });
    expect(s.calls().map((c) => `${c.method} ${c.error ?? 'ok'}`)).toEqual([
      'conversations.info channel_not_found',
      'conversations.list ok',
    ]);
  });

  it('waits out a tier 2 rate limit between pages (Retry-After in that lane) and still finds the channel', async () => {
    const clock = new VirtualClock();
    const { s, port } = await slackPort(
      { rateLimit: { perChannelPerSec: 1, burst: 3, perMinute: { 'conversations.list': 1 } }, now: () => clock.now() },
      clock,
    );
    addChannels(s, 'ROOM', 1000);
    s.addChannel('C9LATEST01', { name: 'latest' });
    expect(await clock.runUntil(port.resolveChannel('#latest'))).toMatchObject({ id: 'C9LATEST01' });
    expect(s.calls('conversations.list').map((c) => c.status)).toEqual([200, 429, 200]);
    expect(clock.now()).toBeGreaterThanOrEqual(60_000);
  });
});

describe('the stand-in’s conversations.list', () => {
  it('lists public channels by default, private ones the bot is in when asked, archived ones unless excluded', async () => {
    const { s, client } = await slackPort();
    s.addChannel('C5PUBLIC01', { name: 'public', botMember: false });
    s.addChannel('C5PRIVATE1', { name: 'private', isPrivate: true });
    s.addChannel('C5SECRET01', { name: 'secret', isPrivate: true, botMember: false });
    s.addChannel('C5ARCHIVE1', { name: 'archived', isArchived: true });
    const names = async (args: Record<string, unknown>) =>
      ((await client.conversations.list(args)).channels ?? []).map((c) => c.name);
    expect(await names({})).toEqual(['archived', 'public']);
    expect(await names({ types: 'public_channel,private_channel', exclude_archived: true })).toEqual([
      'private',
      'public',
    ]);
    expect(await names({ types: 'private_channel' })).toEqual(['private']);
    const listed = (await client.conversations.list({ types: 'public_channel,private_channel' })).channels ?? [];
    expect(listed).toEqual([
      expect.objectContaining({
        id: 'C5ARCHIVE1',
        name: 'archived',
        is_channel: true,
        is_private: false,
        is_archived: true,
        is_member: true,
      }),
      expect.objectContaining({
        id: 'C5PRIVATE1',
        name: 'private',
        is_channel: false,
        is_private: true,
        is_archived: false,
        is_member: true,
      }),
      expect.objectContaining({
        id: 'C5PUBLIC01',
        name: 'public',
        is_channel: true,
        is_private: false,
        is_archived: false,
        is_member: false,
      }),
    ]);
  });

  it('pages by cursor with limit (default 100), next_cursor empty on the last page', async () => {
    const { s, client } = await slackPort();
    addChannels(s, 'ROOM', 250);
    const sizes: number[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list(cursor ? { cursor } : {});
      sizes.push(page.channels?.length ?? 0);
      cursor = page.response_metadata?.next_cursor;
      cursors.push(cursor ?? 'absent');
    } while (cursor);
    expect(sizes).toEqual([100, 100, 50]);
    expect(cursors.at(-1)).toBe('');
    expect((await client.conversations.list({ limit: 1000 })).channels).toHaveLength(250);
  });

  it('refuses what Slack refuses: a bad cursor, limit or type, a wrong token or an app token', async () => {
    const { s, client } = await slackPort();
    expect(await outcome(client.conversations.list({ cursor: 'bm90LWEtY3Vyc29y' }))).toBe('invalid_cursor');
    expect(await outcome(client.conversations.list({ limit: 1001 }))).toBe('invalid_limit');
    expect(await outcome(client.conversations.list({ types: 'public_channel,shared_channel' }))).toBe('invalid_types');
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } });
    expect(await outcome(stranger.conversations.list({}))).toBe('invalid_auth');
    expect(
      await outcome(
        new webApi.WebClient(s.appToken, { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } }).conversations.list({}),
      ),
    ).toBe('not_allowed_token_type');
  });

  it('is a tier 2 method: 20 calls a minute, then HTTP 429 with Retry-After', async () => {
    const { s } = await slackPort({ now: () => 0 });
    const statuses: (string | null)[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await fetch(`${s.apiUrl}conversations.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.botToken}` },
      });
      statuses.push(res.status === 429 ? `429 after ${res.headers.get('retry-after')} s` : String(res.status));
    }
    expect(statuses.slice(0, 20).every((x) => x === '200')).toBe(true);
    expect(statuses[20]).toBe('429 after 3 s');
  });
});

const specs = specsRequirement();

describe.skipIf(specs.skip)(
  `the stand-in’s conversations.list against slack-web-openapi-v2.json${specs.reason}`,
  () => {
    interface Schema {
      required?: string[];
      pattern?: string;
      properties?: Record<string, Schema>;
      items?: Schema[];
    }
    const api = specs.skip
      ? undefined
      : (JSON.parse(readFileSync(path.join(specs.value, 'slack-web-openapi-v2.json'), 'utf8')) as {
          paths: Record<string, { get: { responses: { '200': { schema: Schema } } } }>;
          definitions: Record<string, Schema>;
        });

    it('answers with the fields the spec requires, and channels with every field of a conversation', async () => {
      const { s, client } = await slackPort();
      s.addChannel('C5PUBLIC01', { name: 'public' });
      s.addChannel('C5PRIVATE1', { name: 'private', isPrivate: true });
      const answer = (await client.conversations.list({
        types: 'public_channel,private_channel',
      })) as unknown as Record<string, unknown> & { channels: Record<string, unknown>[] };
      const schema = api!.paths['/conversations.list']!.get.responses['200'].schema;
      expect(Object.keys(answer)).toEqual(expect.arrayContaining(schema.required ?? []));
      expect(Object.keys(answer.response_metadata as object)).toEqual(
        expect.arrayContaining(schema.properties?.response_metadata?.required ?? []),
      );
      const conversation = api!.definitions.objs_conversation!.items![0]!;
      expect(answer.channels).toHaveLength(2);
      for (const channel of answer.channels) {
        expect(Object.keys(channel)).toEqual(expect.arrayContaining(conversation.required ?? []));
        expect(channel.id).toMatch(new RegExp(api!.definitions.defs_channel!.pattern!));
      }
    });
  },
);
