import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import type { Translator } from '../../../src/core/ports.js';
import type { ChannelRef } from '../../../src/core/engine/run.js';
import type { Message } from '../../../src/core/engine/messages.js';
import { PacedLanes } from '../../../src/adapters/slack/paced-lanes.js';
import { classifySlackError } from '../../../src/adapters/slack/classify-slack-error.js';
import { DEFAULT_SLACK_RATES, SlackApi, type SlackRates } from '../../../src/adapters/slack/slack-api.js';
import { SlackChatPort } from '../../../src/adapters/slack/slack-chat-port.js';
import { boltLogger } from '../../../src/adapters/slack/bolt-logger.js';
import { startSlackStandin, type SlackStandin } from '../../support/slack/slack-standin.js';
import type { SlackStandinOptions } from '../../support/slack/standin-types.js';
import { realTranslator } from '../../support/fake-translator.js';
import { pollMessage, recapData } from './message-fixtures.js';
import { VirtualClock } from './virtual-clock.js';

const FAST = { burst: 100, perSecond: 1000 };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const A: ChannelRef = { platform: 'slack', id: 'C0CHANNELA' };
const B: ChannelRef = { platform: 'slack', id: 'C0CHANNELB' };

let t: Translator;
let standin: SlackStandin | undefined;
beforeAll(async () => {
  t = await realTranslator();
});
afterEach(async () => {
  await standin?.stop();
  standin = undefined;
});

/** A port over a real WebClient against a stand-in with `limit` messages a second per channel; lanes on `clock` when given. */
async function portAgainst(
  opts: SlackStandinOptions,
  rates: Partial<SlackRates> = { post: FAST },
  timeoutMs = 5000,
  clock?: VirtualClock,
) {
  standin = await startSlackStandin(opts);
  for (const c of [A, B]) standin.addChannel(c.id, { name: c.id.toLowerCase() });
  // The Web API's own logger goes where the app routes it (never the console: a passing run prints nothing).
  const client = new webApi.WebClient(standin.botToken, {
    slackApiUrl: standin.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
    logger: boltLogger(quiet, 'web-api'),
  });
  const lanes = new PacedLanes({
    classify: classifySlackError,
    logger: quiet,
    baseBackoffMs: 50,
    maxBackoffMs: 400,
    maxAttempts: 12,
    ...(clock ? { clock } : {}),
  });
  const port = new SlackChatPort({
    api: new SlackApi(client, lanes, { ...DEFAULT_SLACK_RATES, ...rates }),
    translator: t,
    command: '/roundtable',
    logger: quiet,
  });
  return { standin, port, lanes };
}

const question = (n: number): Message => ({
  kind: 'question',
  langs: ['en', 'fr'],
  number: n,
  text: { en: `Question ${n}`, fr: `Question ${n}` },
  extra: false,
});
const numbers = (s: SlackStandin, c: ChannelRef) =>
  s.messages(c.id).map((m) => Number(/Question (\d+)/.exec(m.text)?.[1]));

describe('SlackChatPort against the stand-in', () => {
  it('paces each channel at Slack’s limit: no 429, every post once and in order, channels side by side', async () => {
    const { standin: s, port } = await portAgainst(
      { rateLimit: { perChannelPerSec: 10, burst: 3 } },
      { post: { burst: 3, perSecond: 10 } },
    );
    const posts = Array.from({ length: 25 }, (_, i) => [
      port.post(A, question(i + 1), { key: `run:a${i}` }),
      port.post(B, question(i + 1), { key: `run:b${i}` }),
    ]).flat();
    await Promise.all(posts);
    expect(s.stats.ratelimited).toBe(0);
    expect(numbers(s, A)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(numbers(s, B)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('honours a 429’s Retry-After in that channel only: the other channel posts while it waits; nothing dropped or doubled', async () => {
    // One virtual clock for the lanes and the stand-in's limits: time moves only when the test moves it.
    const clock = new VirtualClock();
    const {
      standin: s,
      port,
      lanes,
    } = await portAgainst(
      { rateLimit: { perChannelPerSec: 2, burst: 2 }, now: () => clock.now() },
      { post: { burst: 10, perSecond: 50 } },
      5000,
      clock,
    );
    const a = Promise.all(Array.from({ length: 8 }, (_, i) => port.post(A, question(i + 1), { key: `run:a${i}` })));
    // A gets its burst of 2, then a 429: its lane waits for Retry-After, and time stands still.
    await clock.sleeping();
    expect(numbers(s, A)).toEqual([1, 2]);
    // B's posts land while A waits (were B's lane paused by A's 429, they would wait for time that never comes).
    await Promise.all([port.post(B, question(1), { key: 'run:b1' }), port.post(B, question(2), { key: 'run:b2' })]);
    expect(numbers(s, B)).toEqual([1, 2]);
    expect(s.calls('chat.postMessage').map((c) => `${c.channel === A.id ? 'A' : 'B'} ${c.status}`)).toEqual([
      'A 200',
      'A 200',
      'A 429',
      'B 200',
      'B 200',
    ]);
    // Time moves: A's posts go out after each Retry-After, in order, once each.
    await clock.runUntil(a);
    expect(s.stats.ratelimited).toBeGreaterThan(0);
    expect(lanes.stats.rateLimited).toBe(s.stats.ratelimited);
    expect(numbers(s, A)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(numbers(s, B)).toEqual([1, 2]);
  });

  it('retries server errors and timeouts with backoff until every post landed, once each', async () => {
    const {
      standin: s,
      port,
      lanes,
    } = await portAgainst(
      {
        rateLimit: false,
        failRate: 0.3,
        failMode: 'mixed',
        failHangMs: 2000,
        failMethods: ['chat.postMessage'],
        failSeed: 7,
      },
      undefined,
      300,
    );
    for (let i = 1; i <= 15; i++) await port.post(A, question(i), { key: `run:q${i}` });
    expect(s.stats.failed).toBeGreaterThan(0);
    expect(lanes.stats.retried).toBeGreaterThanOrEqual(s.stats.failed);
    expect(numbers(s, A)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  }, 60_000);

  it('carries the step key in metadata, and finds the post again by it', async () => {
    const { standin: s, port } = await portAgainst({ rateLimit: false });
    const ref = await port.post(A, question(1), { key: 'run-1:q1' });
    expect(s.messages(A.id)[0]!.metadata).toEqual({
      event_type: 'roundtable_step',
      event_payload: { key: 'run-1:q1' },
    });
    expect(await port.findPosted(A, 'run-1:q1')).toEqual({ id: ref.id });
    expect(await port.findPosted(A, 'run-1:q2')).toBeUndefined();
  });

  it('continues a recap too long for one message in its thread (pages validated by the stand-in when the specs are present)', async () => {
    const { standin: s, port } = await portAgainst({ rateLimit: false });
    const ref = await port.post(
      A,
      { kind: 'recap', langs: ['en', 'fr'], recap: recapData(['en', 'fr'], 50, 20, 10) },
      { key: 'run-1:recap' },
    );
    expect(s.messages(A.id).map((m) => m.ts)).toEqual([ref.id]);
    const rest = s.thread(A.id, ref.id);
    expect(rest.length).toBeGreaterThan(1);
    expect(rest.map((m) => m.metadata?.event_payload.key)).toEqual(rest.map((_, i) => `run-1:recap#${i + 2}`));
    const all = [s.messages(A.id)[0]!, ...rest].map((m) => JSON.stringify(m.blocks)).join('');
    for (const n of [1, 25, 50]) expect(all).toContain(`*Q${n}* Question ${n}:`);
  });

  it('never reopens a closed poll with a late live update', async () => {
    const { standin: s, port } = await portAgainst({ rateLimit: false });
    const ref = await port.post(A, pollMessage(['en', 'fr'], 3), { key: 'run:poll1' });
    await port.update(A, ref, pollMessage(['en', 'fr'], 3, { closed: true }));
    await port.update(A, ref, pollMessage(['en', 'fr'], 3));
    const posted = s.messages(A.id)[0]!;
    expect(JSON.stringify(posted.blocks)).not.toContain('"actions"');
    expect(posted.edits).toHaveLength(1);
  });

  it('resolves a channel id, says nothing of an unknown one, and shares a file', async () => {
    const { standin: s, port } = await portAgainst({ rateLimit: false });
    expect(await port.resolveChannel(A.id)).toEqual({ platform: 'slack', id: A.id, name: `#${A.id.toLowerCase()}` });
    expect(await port.resolveChannel('C0NOSUCH01')).toBeUndefined();
    await port.upload(A, {
      name: 'run-1.csv',
      title: 'Transcript',
      content: '\ufeffkind,number\nanswer,1\n',
      mime: 'text/csv',
    });
    const [file] = s.files();
    expect(file).toMatchObject({ name: 'run-1.csv', completed: true, channel: A.id });
    expect(file!.bytes?.toString('utf8')).toBe('\ufeffkind,number\nanswer,1\n');
  });
});
