import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startConnectorStandin,
  type ConnectorStandin,
  type ConnectorStandinOptions,
} from '../support/teams/connector-standin.js';
import type { StandinMember, StandinTeam } from '../support/teams/connector-state.js';
import { specsRequirement } from '../support/requirements.js';

const specs = specsRequirement();

interface ApiReply {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function api(standin: ConnectorStandin, method: string, path: string, body?: unknown): Promise<ApiReply> {
  const response = await fetch(new URL(path, standin.serviceUrl), {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text === '' ? undefined : JSON.parse(text),
  };
}

const enc = encodeURIComponent;
const message = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'message',
  text,
  from: { id: '28:bot', name: 'Roundtable' },
  ...extra,
});
const card = (body: unknown[]): Record<string, unknown> => ({
  type: 'message',
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body } },
  ],
});

describe.skipIf(specs.skip)(`Teams Connector stand-in over HTTP${specs.reason}`, () => {
  let standin: ConnectorStandin;
  let team: StandinTeam;
  let channelId: string;
  let alice: StandinMember;
  let clock: number;

  async function start(options: ConnectorStandinOptions = {}): Promise<void> {
    standin = await startConnectorStandin({ specsDir: specs.value, now: () => clock, ...options });
    team = standin.addTeam({ name: 'LeadersGC', channels: [{ name: 'Chats' }] });
    channelId = team.channels[1]!.id;
    alice = standin.addMember(team.id, { name: 'Alice Tremblay', userRole: 'owner', email: 'alice@example.gc.ca' });
  }

  async function newPost(text: string): Promise<{ id: string; activityId: string }> {
    const created = await api(standin, 'POST', 'v3/conversations', {
      isGroup: true,
      channelData: { channel: { id: channelId } },
      activity: message(text),
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; activityId: string };
  }

  beforeEach(async () => {
    clock = 1_000_000;
    await start();
  });
  afterEach(async () => {
    await standin.close();
  });

  it('serves on loopback with a serviceUrl ending in "/", validating', () => {
    expect(standin.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(standin.validating).toBe(true);
  });

  it('creates a channel post with POST v3/conversations and returns "<channel>;messageid=<id>"', async () => {
    const created = await newPost('Welcome / Bienvenue');
    expect(created.id).toBe(`${channelId};messageid=${created.activityId}`);
    expect(standin.posts(channelId).map((p) => [p.id, p.text, p.byBot])).toEqual([
      [created.activityId, 'Welcome / Bienvenue', true],
    ]);
  });

  it('replies in a thread when the conversation id names it, and posts anew on the bare channel', async () => {
    const post = await newPost('Q1');
    const reply = await api(standin, 'POST', `v3/conversations/${enc(post.id)}/activities`, message('A reply'));
    expect(reply.status).toBe(201);
    const replyId = (reply.body as { id: string }).id;
    expect(standin.replies(channelId, post.activityId).map((r) => r.id)).toEqual([replyId]);

    const viaReplyTo = await api(
      standin,
      'POST',
      `v3/conversations/${enc(channelId)}/activities/${replyId}`,
      message('Reply to a reply'),
    );
    expect(standin.replies(channelId, post.activityId).map((r) => r.id)).toEqual([
      replyId,
      (viaReplyTo.body as { id: string }).id,
    ]);

    const fresh = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message('Q2'));
    expect(standin.posts(channelId).map((p) => p.id)).toEqual([post.activityId, (fresh.body as { id: string }).id]);
  });

  it('updates and deletes the bot’s messages, keeping the history', async () => {
    const post = await newPost('Poll: 0 votes');
    const updated = await api(
      standin,
      'PUT',
      `v3/conversations/${enc(post.id)}/activities/${post.activityId}`,
      message('Poll: 1 vote'),
    );
    expect(updated).toMatchObject({ status: 200, body: { id: post.activityId } });
    expect(standin.message(post.activityId)).toMatchObject({
      text: 'Poll: 1 vote',
      versions: [{ text: 'Poll: 0 votes' }],
    });

    const deleted = await api(standin, 'DELETE', `v3/conversations/${enc(post.id)}/activities/${post.activityId}`);
    expect(deleted.status).toBe(200);
    expect(standin.posts(channelId)).toEqual([]);
    expect(standin.message(post.activityId)?.deleted).toBe(true);
    const again = await api(
      standin,
      'PUT',
      `v3/conversations/${enc(post.id)}/activities/${post.activityId}`,
      message('too late'),
    );
    expect(again).toMatchObject({ status: 404, body: { error: { code: 'ActivityNotFound' } } });
  });

  it('refuses to update a user’s message (403)', async () => {
    const post = standin.activities.channelMessage({
      tenantId: team.tenantId,
      teamId: team.id,
      channelId,
      from: alice,
      text: 'mine',
    });
    standin.record(post);
    expect(standin.message(post.id)?.byBot).toBe(false);
    const update = await api(
      standin,
      'PUT',
      `v3/conversations/${enc(post.conversation.id)}/activities/${post.id}`,
      message('edited by bot'),
    );
    expect(update).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
  });

  it('refuses activities that break the swagger or Teams rules with 400 BadArgument', async () => {
    const bogus = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, {
      type: 'bogus',
      text: 'x',
    });
    expect(bogus.status).toBe(400);
    expect(bogus.body).toEqual({
      error: {
        code: 'BadArgument',
        message: expect.stringContaining('activity/type must be equal to one of the allowed values'),
      },
    });
    const wrongShape = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, {
      type: 'message',
      text: 'x',
      attachments: {},
    });
    expect(wrongShape.body).toEqual({ error: { code: 'BadArgument', message: 'activity/attachments must be array' } });
    const empty = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, {
      type: 'message',
      text: '  ',
    });
    expect(empty.body).toEqual({
      error: { code: 'BadArgument', message: 'activity: a message needs text or at least one attachment' },
    });
    const notJson = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, '{"type":');
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    expect(standin.posts(channelId)).toEqual([]);
    expect(standin.stats.badRequests).toBe(4);
  });

  it('refuses an invalid Adaptive Card with 400 and accepts a valid one', async () => {
    const bad = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, card([{ type: 'Poll' }]));
    expect(bad.body).toEqual({
      error: {
        code: 'BadArgument',
        message: 'activity/attachments/0/content/body/0 unknown element or action type "Poll"',
      },
    });
    const good = await api(
      standin,
      'POST',
      `v3/conversations/${enc(channelId)}/activities`,
      card([{ type: 'TextBlock', text: 'Q1', wrap: true }]),
    );
    expect(good.status).toBe(201);
    expect(standin.posts(channelId)[0]?.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('refuses a message over ~100 KB with 413 MessageSizeTooBig', async () => {
    const big = await api(
      standin,
      'POST',
      `v3/conversations/${enc(channelId)}/activities`,
      message('x'.repeat(101 * 1024)),
    );
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'MessageSizeTooBig' } } });
    expect(standin.stats.tooLarge).toBe(1);
  });

  it('answers 404 ConversationNotFound for unknown channels and threads whose root does not exist', async () => {
    const unknown = await api(
      standin,
      'POST',
      `v3/conversations/${enc('19:nope@thread.tacv2')}/activities`,
      message('hi'),
    );
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'ConversationNotFound' } } });
    const noRoot = await api(
      standin,
      'POST',
      `v3/conversations/${enc(`${channelId};messageid=123`)}/activities`,
      message('hi'),
    );
    expect(noRoot).toMatchObject({ status: 404, body: { error: { code: 'ConversationNotFound' } } });
    const noTeam = await api(standin, 'GET', `v3/teams/${enc('19:nope@thread.tacv2')}`);
    expect(noTeam.status).toBe(404);
  });

  it('answers 403 BotNotInConversationRoster in a team without the bot', async () => {
    const other = standin.addTeam({ name: 'Elsewhere', botInstalled: false });
    const refused = await api(standin, 'POST', `v3/conversations/${enc(other.id)}/activities`, message('hi'));
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'BotNotInConversationRoster' } } });
  });

  it('throttles the 8th message in a second per conversation, a thread counting toward its channel', async () => {
    const post = await newPost('Q1'); // create conversation: its own bucket
    for (let i = 0; i < 4; i += 1)
      expect((await api(standin, 'POST', `v3/conversations/${enc(post.id)}/activities`, message(`r${i}`))).status).toBe(
        201,
      );
    for (let i = 0; i < 3; i += 1)
      expect(
        (await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message(`p${i}`))).status,
      ).toBe(201);
    const throttled = await api(
      standin,
      'POST',
      `v3/conversations/${enc(post.id)}/activities`,
      message('one too many'),
    );
    expect(throttled).toMatchObject({ status: 429, retryAfter: '1', body: { error: { code: 'Throttled' } } });
    expect(standin.stats.throttled).toBe(1);
    const elsewhere = await api(
      standin,
      'POST',
      `v3/conversations/${enc(team.id)}/activities`,
      message('General is another conversation'),
    );
    expect(elsewhere.status).toBe(201);
    clock += 1000;
    expect((await api(standin, 'POST', `v3/conversations/${enc(post.id)}/activities`, message('later'))).status).toBe(
      201,
    );
  });

  it('lists members as TeamsChannelAccounts and finds one by id, AAD object id or email', async () => {
    const members = await api(standin, 'GET', `v3/conversations/${enc(channelId)}/members`);
    expect(members.body).toEqual([
      expect.objectContaining({
        id: alice.id,
        name: 'Alice Tremblay',
        aadObjectId: alice.aadObjectId,
        objectId: alice.aadObjectId,
        email: 'alice@example.gc.ca',
        userRole: 'owner',
        tenantId: team.tenantId,
      }),
    ]);
    for (const key of [alice.id, alice.aadObjectId, 'alice@example.gc.ca']) {
      expect((await api(standin, 'GET', `v3/conversations/${enc(team.id)}/members/${enc(key)}`)).body).toMatchObject({
        id: alice.id,
        userRole: 'owner',
      });
    }
    const missing = await api(standin, 'GET', `v3/conversations/${enc(channelId)}/members/${enc('29:nobody')}`);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } });
  });

  it('pages members 50 at least per page, with a continuation token', async () => {
    for (let i = 0; i < 60; i += 1) standin.addMember(team.id, { name: `Person ${i}` });
    const first = await api(standin, 'GET', `v3/conversations/${enc(channelId)}/pagedmembers?pageSize=10`);
    const page1 = first.body as { members: unknown[]; continuationToken?: string };
    expect(page1.members).toHaveLength(50);
    const second = await api(
      standin,
      'GET',
      `v3/conversations/${enc(channelId)}/pagedmembers?pageSize=10&continuationToken=${enc(page1.continuationToken ?? '')}`,
    );
    expect(second.body).toEqual({ members: expect.any(Array) });
    expect((second.body as { members: unknown[] }).members).toHaveLength(11);
  });

  it('serves the team’s channels (General named null, with the team’s id) and details', async () => {
    const channels = await api(standin, 'GET', `v3/teams/${enc(team.id)}/conversations`);
    expect(channels.body).toEqual({
      conversations: [
        { id: team.id, name: null },
        { id: channelId, name: 'Chats' },
      ],
    });
    const details = await api(standin, 'GET', `v3/teams/${enc(team.id)}`);
    expect(details.body).toEqual({
      id: team.id,
      name: 'LeadersGC',
      aadGroupId: team.aadGroupId,
      channelCount: 2,
      memberCount: 1,
      type: 'standard',
    });
  });

  it('splits a message with text and attachments in two and returns no id, as Teams documents', async () => {
    const both = await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, {
      ...card([{ type: 'TextBlock', text: 'card' }]),
      text: 'intro',
    });
    expect(both).toMatchObject({ status: 201, body: {} });
    expect(standin.posts(channelId).map((p) => [p.text, p.attachments.length])).toEqual([
      ['intro', 0],
      [undefined, 1],
    ]);
  });

  it('opens a personal chat with one member and tenant id', async () => {
    const created = await api(standin, 'POST', 'v3/conversations', {
      isGroup: false,
      members: [{ id: alice.id }],
      tenantId: team.tenantId,
      bot: { id: '28:bot' },
      activity: message('Only you can see this'),
    });
    const { id, activityId } = created.body as { id: string; activityId: string };
    expect(id).toMatch(/^a:/);
    expect(standin.personalMessages(alice.aadObjectId).map((m) => [m.id, m.text])).toEqual([
      [activityId, 'Only you can see this'],
    ]);
    const noTenant = await api(standin, 'POST', 'v3/conversations', { members: [{ id: alice.id }] });
    expect(noTenant.status).toBe(400);
  });

  it('fails calls on demand with 412, 502 or 504 for retry tests, and counts them', async () => {
    standin.failNext(502, 2);
    expect((await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message('a'))).body).toEqual({
      error: { code: 'ServiceError', message: expect.any(String) },
    });
    expect((await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message('a'))).status).toBe(
      502,
    );
    expect((await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message('a'))).status).toBe(
      201,
    );
    expect(standin.stats).toMatchObject({ injectedFailures: 2, calls: 3 });
    expect(standin.posts(channelId)).toHaveLength(1);
  });

  it('fails the configured fraction of calls with failRate', async () => {
    await standin.close();
    const rolls = [0.1, 0.99, 0.5]; // 0.1 < 0.3: fail, 0.99 picks 504; then 0.5: pass
    await start({ failRate: 0.3, random: () => rolls.shift() ?? 0.5 });
    expect((await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message('a'))).status).toBe(
      504,
    );
    expect((await api(standin, 'POST', `v3/conversations/${enc(channelId)}/activities`, message('a'))).status).toBe(
      201,
    );
  });

  it('records every call with its operation and status', async () => {
    const post = await newPost('Q1');
    await api(standin, 'GET', `v3/conversations/${enc(post.id)}/members`);
    expect(standin.calls.map((c) => [c.operation, c.status])).toEqual([
      ['Conversations_CreateConversation', 201],
      ['Conversations_GetConversationMembers', 200],
    ]);
  });
});
