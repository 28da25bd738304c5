import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogLevel, WebClient } from '@slack/web-api';
import { METHOD_RULES } from '../support/slack/method-rules.js';
import { startSlackStandin } from '../support/slack/slack-standin.js';
import type { SlackStandin } from '../support/slack/slack-standin.js';
import { specsRequirement } from '../support/requirements.js';

interface SpecParam {
  name: string;
  in: string;
  required?: boolean;
}
interface SpecOperation {
  consumes?: string[];
  parameters?: SpecParam[];
  responses: { '200': { schema: { required?: string[] } } };
}
interface OpenApi {
  paths: Record<string, Record<string, SpecOperation>>;
  definitions: Record<string, { pattern?: string }>;
}

const specs = specsRequirement();

describe.skipIf(specs.skip)(`the stand-in against slack-web-openapi-v2.json${specs.reason}`, () => {
  const api = specs.skip
    ? undefined
    : (JSON.parse(readFileSync(path.join(specs.value, 'slack-web-openapi-v2.json'), 'utf8')) as OpenApi);
  const operation = (method: string): SpecOperation | undefined => Object.values(api?.paths[`/${method}`] ?? {})[0];
  const inSpec = Object.keys(METHOD_RULES).filter((m) => operation(m) !== undefined);

  it('covers the spec’s methods it serves (files.*External and apps.connections.open are newer than it)', () => {
    expect(inSpec).toHaveLength(13);
  });

  it.each(inSpec)('%s requires at least the arguments the spec requires', (method) => {
    const required = (operation(method)?.parameters ?? [])
      .filter((p) => p.required && p.name !== 'token')
      .map((p) => p.name);
    expect(METHOD_RULES[method]?.required).toEqual(expect.arrayContaining(required));
  });

  it.each(inSpec)('%s reads JSON bodies exactly when the spec says it consumes JSON', (method) => {
    expect(METHOD_RULES[method]?.json).toBe((operation(method)?.consumes ?? []).includes('application/json'));
  });

  describe('success answers', () => {
    let standin: SlackStandin;
    let client: WebClient;
    const answers = new Map<string, Record<string, unknown>>();

    beforeAll(async () => {
      standin = await startSlackStandin({ rateLimit: false, specsDir: specs.value });
      standin.addChannel('C0LEADERS1', { name: 'leadersgc' });
      standin.addUser({ id: 'U0ALICE001', name: 'alice' });
      client = new WebClient(standin.botToken, {
        slackApiUrl: standin.apiUrl,
        logLevel: LogLevel.ERROR,
        retryConfig: { retries: 0 },
      });
      const channel = 'C0LEADERS1';
      const post = await client.chat.postMessage({ channel, text: 'Q1' });
      const ts = post.ts as string;
      const calls: [string, Record<string, unknown>][] = [
        ['auth.test', {}],
        ['chat.postMessage', { channel, text: 'Q2' }],
        ['chat.update', { channel, ts, text: 'Q1 (edited)' }],
        ['chat.postEphemeral', { channel, user: 'U0ALICE001', text: 'psst' }],
        ['chat.getPermalink', { channel, message_ts: ts }],
        ['conversations.history', { channel }],
        ['conversations.replies', { channel, ts }],
        ['conversations.info', { channel }],
        ['conversations.list', {}],
        ['conversations.join', { channel }],
        ['conversations.open', { users: 'U0ALICE001' }],
        ['users.info', { user: 'U0ALICE001' }],
        ['chat.delete', { channel, ts }],
      ];
      for (const [method, args] of calls)
        answers.set(method, (await client.apiCall(method, args)) as unknown as Record<string, unknown>);
    });
    afterAll(async () => standin?.stop());

    it.each(inSpec)('%s answers with every field the spec requires', (method) => {
      const required = operation(method)?.responses['200'].schema.required ?? [];
      expect(Object.keys(answers.get(method) ?? {})).toEqual(expect.arrayContaining(required));
    });

    it('uses Slack’s ID formats (ts, channel, user, bot, team)', () => {
      const pattern = (name: string) => new RegExp(api?.definitions[name]?.pattern ?? '^$');
      const posted = answers.get('chat.postMessage') ?? {};
      const auth = answers.get('auth.test') ?? {};
      expect(posted.ts).toMatch(pattern('defs_ts'));
      expect(posted.channel).toMatch(pattern('defs_channel'));
      expect(auth.user_id).toMatch(pattern('defs_user_id'));
      expect(auth.bot_id).toMatch(pattern('defs_bot_id'));
      expect(auth.team_id).toMatch(pattern('defs_team'));
    });
  });
});
