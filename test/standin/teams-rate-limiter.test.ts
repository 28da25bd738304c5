import { describe, expect, it } from 'vitest';
import { createTeamsRateLimiter, TEAMS_RATE_LIMITS } from '../support/teams/teams-rate-limiter.js';

function limiterAt(start = 1_000_000): {
  limiter: ReturnType<typeof createTeamsRateLimiter>;
  advance(ms: number): void;
} {
  let clock = start;
  return {
    limiter: createTeamsRateLimiter({ now: () => clock }),
    advance: (ms) => {
      clock += ms;
    },
  };
}

describe("Teams' per-bot per-conversation rate limits", () => {
  it('declares the documented windows: 7/1 s, 8/2 s, 60/30 s, 1,800/hour for sends', () => {
    expect(TEAMS_RATE_LIMITS.send).toEqual([
      { seconds: 1, max: 7 },
      { seconds: 2, max: 8 },
      { seconds: 30, max: 60 },
      { seconds: 3600, max: 1800 },
    ]);
  });

  it('allows 7 sends in one second and refuses the 8th, with the wait until a slot frees', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 7; i += 1) {
      expect(limiter.take('bot|chan', 'send').ok).toBe(true);
      advance(100);
    }
    const verdict = limiter.take('bot|chan', 'send');
    expect(verdict).toEqual({ ok: false, retryAfterSeconds: 1, window: { seconds: 1, max: 7 } });
  });

  it('allows only 8 sends in two seconds even when spread over both seconds', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 8; i += 1) {
      expect(limiter.take('bot|chan', 'send').ok).toBe(true);
      advance(200);
    }
    advance(399); // 1.999 s after the first: the 1 s window holds 3, the 2 s window still holds 8
    expect(limiter.take('bot|chan', 'send')).toMatchObject({ ok: false, window: { seconds: 2, max: 8 } });
    advance(1); // the first send leaves the 2 s window
    expect(limiter.take('bot|chan', 'send').ok).toBe(true);
  });

  it('allows 60 sends in 30 seconds and says how long to wait for the 61st', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 60; i += 1) {
      expect(limiter.take('bot|chan', 'send').ok).toBe(true);
      advance(300); // 3.3 per second: under the short windows
    }
    // 18 s have passed; the oldest of the 60 leaves the 30 s window 12 s from now
    expect(limiter.take('bot|chan', 'send')).toEqual({
      ok: false,
      retryAfterSeconds: 12,
      window: { seconds: 30, max: 60 },
    });
  });

  it('allows 1,800 sends in an hour and no more', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 1800; i += 1) {
      expect(limiter.take('bot|chan', 'send').ok).toBe(true);
      advance(1000); // one per second: 30 per 30 s, under every shorter window
    }
    expect(limiter.take('bot|chan', 'send')).toMatchObject({ ok: false, window: { seconds: 3600, max: 1800 } });
    advance(1800 * 1000);
    expect(limiter.take('bot|chan', 'send').ok).toBe(true);
  });

  it('keeps conversations, bots and kinds of operation apart, and forgets on reset', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 7; i += 1) limiter.take('bot|chan-a', 'send');
    expect(limiter.take('bot|chan-a', 'send').ok).toBe(false);
    expect(limiter.take('bot|chan-b', 'send').ok).toBe(true);
    expect(limiter.take('other-bot|chan-a', 'send').ok).toBe(true);
    expect(limiter.take('bot|chan-a', 'create').ok).toBe(true);
    limiter.reset();
    expect(limiter.take('bot|chan-a', 'send').ok).toBe(true);
  });

  it('does not count refused operations', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 7; i += 1) limiter.take('k', 'send');
    for (let i = 0; i < 20; i += 1) expect(limiter.take('k', 'send').ok).toBe(false);
    advance(1000);
    expect(limiter.take('k', 'send').ok).toBe(true);
  });
});
