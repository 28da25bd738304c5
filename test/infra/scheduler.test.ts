import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, nextStarts } from '../../src/infra/scheduler.js';
import type { Scheduler, ScheduleCoordinator } from '../../src/infra/scheduler.js';
import { isValidCron, nextCronRuns } from '../../src/infra/cron-next.js';
import { formatLocal } from '../../src/core/plan/plan-local-time.js';
import type { Plan } from '../../src/core/plan/plan.js';
import type { Logger } from '../../src/core/ports.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function planWith(extra: Partial<Plan>): Plan {
  return {
    id: 'leadersgc',
    title: { en: 'Title', fr: 'Titre' },
    languages: ['en', 'fr'],
    timezone: 'America/Toronto',
    durationMs: HOUR,
    organizers: [],
    remindersMs: [],
    questions: [{ text: { en: 'Q', fr: 'Q' }, atMs: 0 }],
    polls: [],
    ...extra,
  };
}

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

function recordingLogger() {
  const entries: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, msg });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

/** A coordinator shared by several schedulers, like Redis SET NX: the first claim of a key wins. */
function sharedCoordinator() {
  const claimed = new Map<string, number>();
  const coordinator: ScheduleCoordinator = {
    async shouldRun(key, ttlMs) {
      if (claimed.has(key)) return false;
      claimed.set(key, ttlMs);
      return true;
    },
  };
  return { coordinator, claimed };
}

describe('nextStarts', () => {
  it('gives a 20:00 Toronto start as 01:00Z before the March change and 00:00Z after it', () => {
    const plan = planWith({ repeat: '0 20 * * 4' });
    expect(iso(nextStarts(plan, 2, new Date('2026-03-01T00:00:00Z')))).toEqual([
      '2026-03-06T01:00:00.000Z',
      '2026-03-13T00:00:00.000Z',
    ]);
  });

  it('gives 00:00Z before the November change and 01:00Z after it', () => {
    const plan = planWith({ repeat: '0 20 * * 4' });
    expect(iso(nextStarts(plan, 2, new Date('2026-10-25T00:00:00Z')))).toEqual([
      '2026-10-30T00:00:00.000Z',
      '2026-11-06T01:00:00.000Z',
    ]);
  });

  it('finds the third Thursday from September to May at 20:00 local, skipping the summer', () => {
    const plan = planWith({ repeat: '0 20 * 9-12,1-5 4#3' });
    const starts = nextStarts(plan, 6, new Date('2026-03-01T00:00:00Z')).map((d) =>
      formatLocal(d.getTime(), plan.timezone),
    );
    expect(starts).toEqual([
      'Thu 2026-03-19 20:00 America/Toronto',
      'Thu 2026-04-16 20:00 America/Toronto',
      'Thu 2026-05-21 20:00 America/Toronto',
      'Thu 2026-09-17 20:00 America/Toronto',
      'Thu 2026-10-15 20:00 America/Toronto',
      'Thu 2026-11-19 20:00 America/Toronto',
    ]);
  });

  it('finds the last Thursday of the month with 4L', () => {
    const plan = planWith({ repeat: '0 12 * * 4L' });
    const starts = nextStarts(plan, 3, new Date('2026-01-01T00:00:00Z')).map((d) =>
      formatLocal(d.getTime(), plan.timezone),
    );
    expect(starts).toEqual([
      'Thu 2026-01-29 12:00 America/Toronto',
      'Thu 2026-02-26 12:00 America/Toronto',
      'Thu 2026-03-26 12:00 America/Toronto',
    ]);
  });

  it('gives a one-off start while it is ahead, converted from local time, and nothing after', () => {
    const plan = planWith({ start: '2026-12-17 20:00' });
    expect(iso(nextStarts(plan, 3, new Date('2026-06-01T00:00:00Z')))).toEqual(['2026-12-18T01:00:00.000Z']);
    expect(nextStarts(plan, 3, new Date('2026-12-18T01:00:00Z'))).toEqual([]);
    expect(nextStarts(planWith({}), 3, new Date())).toEqual([]);
    expect(nextStarts(planWith({ repeat: '0 20 * * 4' }), 0, new Date())).toEqual([]);
  });

  it('computes from any instant, not only from now (node-cron 4.6 matcher)', () => {
    expect(iso(nextCronRuns('30 9 1 1 *', 'UTC', 2, new Date('2031-06-01T00:00:00Z')))).toEqual([
      '2032-01-01T09:30:00.000Z',
      '2033-01-01T09:30:00.000Z',
    ]);
  });
});

describe('isValidCron', () => {
  it('accepts what node-cron runs, including 4#3 and 4L', () => {
    expect(isValidCron('0 20 * 9-12,1-5 4#3')).toBe(true);
    expect(isValidCron('0 12 * * 4L')).toBe(true);
  });

  it('refuses malformed expressions and ones that never fire', () => {
    expect(isValidCron('61 * * * *')).toBe(false);
    expect(isValidCron('0 20 * 13 *')).toBe(false);
    expect(isValidCron('0 0 30 2 *')).toBe(false);
    expect(isValidCron('0 0 L-29 2 *')).toBe(false);
  });
});

describe('createScheduler (fake clock)', () => {
  const schedulers: Scheduler[] = [];
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    vi.useRealTimers();
  });

  function scheduler(opts: { coordinator?: ScheduleCoordinator; failStart?: boolean } = {}) {
    const starts: string[] = [];
    const reminders: string[] = [];
    const { logger, entries } = recordingLogger();
    const s = createScheduler({
      logger,
      ...(opts.coordinator && { coordinator: opts.coordinator }),
      onStart: (plan, fireAt) => {
        starts.push(`${plan.id} ${fireAt.toISOString()} at ${new Date().toISOString()}`);
        if (opts.failStart) throw new Error('engine down');
      },
      onReminder: (plan, startAt, beforeMs) =>
        void reminders.push(`${plan.id} ${startAt.toISOString()} -${beforeMs / MIN}m at ${new Date().toISOString()}`),
    });
    schedulers.push(s);
    return { s, starts, reminders, entries };
  }

  it('fires a repeat once per start, at 20:00 local on both sides of the March change', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T12:00:00Z') });
    const { s, starts } = scheduler();
    expect(s.arm(planWith({ repeat: '0 20 * * 4' }))?.toISOString()).toBe('2026-03-06T01:00:00.000Z');
    expect(s.armed()).toEqual(['leadersgc']);
    await vi.advanceTimersByTimeAsync(8 * DAY);
    expect(starts).toEqual([
      'leadersgc 2026-03-06T01:00:00.000Z at 2026-03-06T01:00:00.000Z',
      'leadersgc 2026-03-13T00:00:00.000Z at 2026-03-13T00:00:00.000Z',
    ]);
  });

  it('fires a one-off start more than 24.8 days ahead once, on time, then forgets the plan', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-01T12:00:00Z') });
    const { s, starts } = scheduler();
    const next = s.arm(planWith({ id: 'one-off', start: '2026-12-17 20:00' }));
    expect(next?.toISOString()).toBe('2026-12-18T01:00:00.000Z');
    await vi.advanceTimersByTimeAsync(46 * DAY + 13 * HOUR - 1);
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual(['one-off 2026-12-18T01:00:00.000Z at 2026-12-18T01:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(30 * DAY);
    expect(starts).toHaveLength(1);
    expect(s.armed()).toEqual([]);
  });

  it('sends each reminder before each start, then the start', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const { s, starts, reminders } = scheduler();
    s.arm(planWith({ repeat: '0 20 * * 4', remindersMs: [DAY, 15 * MIN] }));
    await vi.advanceTimersByTimeAsync(12 * DAY);
    expect(reminders).toEqual([
      'leadersgc 2026-03-06T01:00:00.000Z -1440m at 2026-03-05T01:00:00.000Z',
      'leadersgc 2026-03-06T01:00:00.000Z -15m at 2026-03-06T00:45:00.000Z',
      'leadersgc 2026-03-13T00:00:00.000Z -1440m at 2026-03-12T00:00:00.000Z',
      'leadersgc 2026-03-13T00:00:00.000Z -15m at 2026-03-12T23:45:00.000Z',
    ]);
    expect(starts).toHaveLength(2);
  });

  it('sends only the reminders still ahead of a one-off start', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-17T12:00:00Z') });
    const { s, reminders, starts } = scheduler();
    s.arm(planWith({ start: '2026-12-17 20:00', remindersMs: [DAY, HOUR] }));
    await vi.advanceTimersByTimeAsync(DAY);
    expect(reminders).toEqual(['leadersgc 2026-12-18T01:00:00.000Z -60m at 2026-12-18T00:00:00.000Z']);
    expect(starts).toHaveLength(1);
  });

  it('with a shared coordinator, two processes start and remind once in all', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const { coordinator, claimed } = sharedCoordinator();
    const a = scheduler({ coordinator });
    const b = scheduler({ coordinator });
    const repeat = planWith({ repeat: '0 20 * * 4', remindersMs: [15 * MIN] });
    const oneOff = planWith({ id: 'one-off', start: '2026-03-03 09:00', remindersMs: [HOUR] });
    for (const p of [a, b]) {
      p.s.arm(repeat);
      p.s.arm(oneOff);
    }
    await vi.advanceTimersByTimeAsync(6 * DAY);
    expect([...a.starts, ...b.starts].map((x) => x.split(' at ')[0]).sort()).toEqual([
      'leadersgc 2026-03-06T01:00:00.000Z',
      'one-off 2026-03-03T14:00:00.000Z',
    ]);
    expect([...a.reminders, ...b.reminders].map((x) => x.split(' at ')[0]).sort()).toEqual([
      'leadersgc 2026-03-06T01:00:00.000Z -15m',
      'one-off 2026-03-03T14:00:00.000Z -60m',
    ]);
    expect([...claimed.keys()].sort()).toEqual([
      'roundtable:reminder:leadersgc:15m:2026-03-06T01:00:00.000Z',
      'roundtable:reminder:one-off:1h:2026-03-03T14:00:00.000Z',
      'roundtable:start:leadersgc:2026-03-06T01:00:00.000Z',
      'roundtable:start:one-off:2026-03-03T14:00:00.000Z',
    ]);
    expect(Math.min(...claimed.values())).toBeGreaterThanOrEqual(HOUR);
  });

  it('skips a slot, and says so, when the coordinator fails (fail-closed)', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const coordinator: ScheduleCoordinator = { shouldRun: async () => Promise.reject(new Error('redis unreachable')) };
    const { s, starts, entries } = scheduler({ coordinator });
    s.arm(planWith({ start: '2026-03-02 09:00' }));
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(starts).toEqual([]);
    expect(entries.filter((e) => e.level === 'error').map((e) => e.msg)).toEqual([
      'schedule coordinator failed: slot skipped',
    ]);
  });

  it('logs a failing start and still fires the next one', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const { s, starts, entries } = scheduler({ failStart: true });
    s.arm(planWith({ repeat: '0 20 * * 4' }));
    await vi.advanceTimersByTimeAsync(14 * DAY);
    expect(starts).toHaveLength(2);
    expect(entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });

  it('disarms: a disarmed or re-armed plan no longer fires twice, a past start arms nothing', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const { s, starts, reminders } = scheduler();
    const plan = planWith({ repeat: '0 20 * * 4', remindersMs: [HOUR] });
    s.arm(plan);
    s.arm(plan);
    s.arm(planWith({ id: 'other', repeat: '0 12 * * *' }));
    expect(s.armed()).toEqual(['leadersgc', 'other']);
    expect(s.disarm('other')).toBe(true);
    expect(s.disarm('other')).toBe(false);
    await vi.advanceTimersByTimeAsync(6 * DAY);
    expect(starts).toEqual(['leadersgc 2026-03-06T01:00:00.000Z at 2026-03-06T01:00:00.000Z']);
    expect(reminders).toHaveLength(1);
    expect(s.disarm('leadersgc')).toBe(true);
    await vi.advanceTimersByTimeAsync(14 * DAY);
    expect(starts).toHaveLength(1);
    expect(s.arm(planWith({ start: '2026-01-01 10:00' }))).toBeUndefined();
    expect(s.arm(planWith({}))).toBeUndefined();
    expect(s.armed()).toEqual([]);
  });

  it('stops everything on stop()', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const { s, starts, reminders } = scheduler();
    s.arm(planWith({ repeat: '0 20 * * 4', remindersMs: [HOUR] }));
    s.arm(planWith({ id: 'one-off', start: '2026-03-03 09:00' }));
    await s.stop();
    expect(s.armed()).toEqual([]);
    await vi.advanceTimersByTimeAsync(14 * DAY);
    expect(starts).toEqual([]);
    expect(reminders).toEqual([]);
  });
});
