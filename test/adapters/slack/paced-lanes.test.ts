import { describe, expect, it } from 'vitest';
import { PacedLanes, type CallFailure } from '../../../src/adapters/slack/paced-lanes.js';
import { classifySlackError } from '../../../src/adapters/slack/classify-slack-error.js';
import { RoundtableError } from '../../../src/core/errors.js';
import { VirtualClock } from './virtual-clock.js';

class Failure extends Error {
  constructor(readonly failure: CallFailure) {
    super(failure.kind);
  }
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const setup = (opts: { maxAttempts?: number } = {}) => {
  const clock = new VirtualClock();
  const lanes = new PacedLanes({
    clock,
    logger: quiet,
    random: () => 0.5,
    classify: (err) => (err instanceof Failure ? err.failure : { kind: 'fatal' }),
    ...opts,
  });
  return { clock, lanes };
};
const ONE_PER_SECOND = { burst: 1, perSecond: 1 };

describe('PacedLanes', () => {
  it('runs a lane’s calls in order, at its rate', async () => {
    const { clock, lanes } = setup();
    const done: [string, number][] = [];
    const all = ['a', 'b', 'c', 'd'].map((x) =>
      lanes.run('post:C1', ONE_PER_SECOND, { call: async () => done.push([x, clock.now()]) }),
    );
    await clock.run();
    await Promise.all(all);
    expect(done).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
      ['d', 3000],
    ]);
  });

  it('after a 429 waits Retry-After in that lane only; other lanes go on; nothing dropped or doubled', async () => {
    const { clock, lanes } = setup();
    const landed: [string, number][] = [];
    let limited = false;
    const post = (lane: string, x: string) =>
      lanes.run(
        lane,
        { burst: 3, perSecond: 1 },
        {
          call: async () => {
            if (x === 'a2' && !limited) {
              limited = true;
              throw new Failure({ kind: 'rate-limited', retryAfterMs: 30_000 });
            }
            landed.push([x, clock.now()]);
            return x;
          },
        },
      );
    const results = Promise.all([
      post('post:A', 'a1'),
      post('post:A', 'a2'),
      post('post:A', 'a3'),
      post('post:B', 'b1'),
      post('post:B', 'b2'),
      post('post:B', 'b3'),
      post('post:B', 'b4'),
    ]);
    await clock.run();
    expect(await results).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4']);
    expect(landed.map(([x]) => x).filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    const at = Object.fromEntries(landed);
    expect(at.a2).toBeGreaterThanOrEqual(30_000);
    expect(at.a3).toBeGreaterThan(at.a2!);
    expect(at.b4).toBeLessThanOrEqual(1000);
    expect(lanes.stats).toMatchObject({ rateLimited: 1, failed: 0 });
  });

  it('retries 5xx and timeouts with growing backoff, then fails with a coded error', async () => {
    const { clock, lanes } = setup({ maxAttempts: 4 });
    const attempts: number[] = [];
    const failing = lanes.run(
      'chat.update',
      { burst: 1, perSecond: 100 },
      {
        call: async () => {
          attempts.push(clock.now());
          throw new Failure({ kind: 'transient', ambiguous: false });
        },
      },
    );
    const caught = failing.catch((e: unknown) => e);
    await clock.run();
    const err = await caught;
    expect(err).toBeInstanceOf(RoundtableError);
    expect((err as RoundtableError).code).toBe('platform_error');
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
  });

  it('fails a refused call at once', async () => {
    const { clock, lanes } = setup();
    let calls = 0;
    const p = lanes
      .run('post:C1', ONE_PER_SECOND, {
        call: async () => {
          calls++;
          throw new Error('channel_not_found');
        },
      })
      .catch((e: unknown) => e);
    await clock.run();
    expect(await p).toBeInstanceOf(RoundtableError);
    expect(calls).toBe(1);
  });

  it('after an ambiguous failure asks whether the call landed before making it again', async () => {
    const { clock, lanes } = setup();
    let posts = 0;
    let landed = false;
    const p = lanes.run('post:C1', ONE_PER_SECOND, {
      call: async () => {
        posts++;
        landed = true; // it reached Slack, but the answer was lost
        throw new Failure({ kind: 'transient', ambiguous: true });
      },
      recover: async () => (landed ? 'found' : undefined),
    });
    await clock.run();
    expect(await p).toBe('found');
    expect(posts).toBe(1);
    expect(lanes.stats.recovered).toBe(1);
  });

  it('replaces a waiting update of the same message by the newest one', async () => {
    const { clock, lanes } = setup();
    const sent: string[] = [];
    const update = (v: string) =>
      lanes.run('chat.update', ONE_PER_SECOND, { call: async () => sent.push(v), coalesceKey: 'C1:1.1' });
    const all = Promise.all([update('v1'), update('v2'), update('v3'), update('v4')]);
    await clock.run();
    await all;
    expect(sent.at(-1)).toBe('v4');
    expect(sent.length).toBeLessThan(4);
  });

  it('lets the timeline’s posts go before waiting copies of answers', async () => {
    const { clock, lanes } = setup();
    const sent: string[] = [];
    const post = (v: string, priority: 'high' | 'low') =>
      lanes.run('post:C1', ONE_PER_SECOND, { call: async () => sent.push(v), priority });
    const all = Promise.all([post('copy1', 'low'), post('copy2', 'low'), post('copy3', 'low'), post('Q2', 'high')]);
    await clock.run();
    await all;
    expect(sent).toEqual(['copy1', 'Q2', 'copy2', 'copy3']);
  });
});

describe('classifySlackError', () => {
  it('reads the Web API’s errors', () => {
    expect(classifySlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 })).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 3000,
    });
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 503 })).toEqual({
      kind: 'transient',
      ambiguous: false,
    });
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 404 })).toEqual({ kind: 'fatal' });
    expect(classifySlackError({ code: 'slack_webapi_request_error' })).toEqual({ kind: 'transient', ambiguous: true });
    expect(classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } })).toEqual({
      kind: 'transient',
      ambiguous: false,
    });
    expect(classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'not_in_channel' } })).toEqual({
      kind: 'fatal',
    });
    expect(classifySlackError(new Error('boom'))).toEqual({ kind: 'fatal' });
  });
});
