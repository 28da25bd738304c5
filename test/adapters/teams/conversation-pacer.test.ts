import { describe, expect, it } from 'vitest';
import { ConversationPacer, TEAMS_WINDOWS, retryAfterOf } from '../../../src/adapters/teams/conversation-pacer.js';
import { createTeamsRateLimiter } from '../../support/teams/teams-rate-limiter.js';

/** Simulated time: `sleep` moves the clock instead of waiting. */
function simulatedTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

/** An error shaped like botbuilder's RestError. */
function restError(statusCode: number, retryAfter?: string): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    response: {
      status: statusCode,
      headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) },
    },
  });
}

describe('ConversationPacer', () => {
  it('keeps a burst of 2,000 sends within every Teams window (checked by the stand-in’s own limiter)', async () => {
    const time = simulatedTime();
    const teams = createTeamsRateLimiter({ now: time.now });
    const pacer = new ConversationPacer({ now: time.now, sleep: time.sleep, marginMs: 0 });
    let refused = 0;
    const calls = Array.from({ length: 2_000 }, () =>
      pacer.run('19:chat@thread.tacv2', 'send', async () => {
        time.advance(3); // the call's own latency
        if (!teams.take('bot|19:chat@thread.tacv2', 'send').ok) refused++;
      }),
    );
    await Promise.all(calls);
    expect(refused).toBe(0);
    // 1,800 an hour is the binding limit: the 2,000th call waits for the hour to roll over.
    expect(time.now() - 1_000_000).toBeGreaterThanOrEqual(3_600_000);
    expect(pacer.stats).toMatchObject({ calls: 2_000, retries: 0 });
  });

  it('runs the calls of one conversation one at a time, in order, and others side by side', async () => {
    const pacer = new ConversationPacer();
    const log: string[] = [];
    let releaseA!: () => void;
    const a1 = pacer.run(
      'A',
      'send',
      () =>
        new Promise<void>((resolve) => {
          log.push('a1 start');
          releaseA = () => {
            log.push('a1 end');
            resolve();
          };
        }),
    );
    const a2 = pacer.run('A', 'send', async () => void log.push('a2'));
    const b1 = pacer.run('B', 'send', async () => void log.push('b1'));
    await b1;
    expect(log).toEqual(['a1 start', 'b1']);
    releaseA();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('counts new posts and sends apart, as Teams does', () => {
    const time = simulatedTime();
    const pacer = new ConversationPacer({ now: time.now, sleep: time.sleep, marginMs: 0 });
    return (async () => {
      for (let i = 0; i < 7; i++) await pacer.run('C', 'create', async () => undefined);
      expect(pacer.waitFor('C', 'create')).toBeGreaterThan(0);
      expect(pacer.waitFor('C', 'send')).toBe(0);
    })();
  });

  it('retries 429 after Retry-After, and 412/502/504 with growing jittered backoff, then succeeds: nothing dropped, nothing doubled', async () => {
    const time = simulatedTime();
    const retries: number[] = [];
    const pacer = new ConversationPacer({
      now: time.now,
      sleep: time.sleep,
      random: () => 0.5,
      baseBackoffMs: 100,
      onRetry: (r) => retries.push(r.status),
    });
    const failures = [restError(429, '3'), restError(412), restError(502), restError(504)];
    let attempts = 0;
    const result = await pacer.run('C', 'send', async () => {
      attempts++;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'posted';
    });
    expect(result).toBe('posted');
    expect(attempts).toBe(5);
    expect(retries).toEqual([429, 412, 502, 504]);
    // 429: at least Retry-After (3 s); then 100·2^(n-1) ms with jitter in [half, full] (here 75%).
    expect(time.sleeps).toEqual([3000, 150, 300, 600]);
  });

  it('does not retry what retrying cannot fix, and gives up with a coded error after the last attempt', async () => {
    const time = simulatedTime();
    const pacer = new ConversationPacer({ now: time.now, sleep: time.sleep, maxAttempts: 3, baseBackoffMs: 10 });
    let calls = 0;
    await expect(
      pacer.run('C', 'send', async () => {
        calls++;
        throw restError(400);
      }),
    ).rejects.toThrow('HTTP 400');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      pacer.run('C', 'send', async () => {
        calls++;
        throw restError(502);
      }),
    ).rejects.toMatchObject({ code: 'platform_unavailable' });
    expect(calls).toBe(3);
    // The queue goes on after a failure.
    await expect(pacer.run('C', 'send', async () => 'next')).resolves.toBe('next');
  });

  it('caps the backoff and reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterOf(restError(429, '2'), 0)).toBe(2000);
    expect(retryAfterOf(restError(429, new Date(10_000).toUTCString()), 4_000)).toBe(6_000);
    expect(retryAfterOf(restError(429), 0)).toBeUndefined();
    expect(retryAfterOf(new Error('x'), 0)).toBeUndefined();
    expect(TEAMS_WINDOWS.map((w) => `${w.max}/${w.ms / 1000}s`)).toEqual(['7/1s', '8/2s', '60/30s', '1800/3600s']);
  });
});
