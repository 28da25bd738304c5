/**
 * Scheduled starts and reminders of plans. A `repeat` is a node-cron task in the plan's time
 * zone (node-cron handles `4#3`, `4L` and daylight-saving changes); a one-off `start` and
 * every reminder are timers at the instant computed from the plan's local time. With a
 * coordinator (Redis) each start and reminder runs once across processes; without one,
 * once in this process.
 */
import { schedule } from 'node-cron';
import type { Logger as CronLogger, ScheduledTask } from 'node-cron';
import { asCodedError } from '../core/errors.js';
import { formatDuration } from '../core/plan/duration.js';
import type { Plan } from '../core/plan/plan.js';
import { localToInstant, parseLocalDateTime } from '../core/plan/plan-local-time.js';
import type { Logger } from '../core/ports.js';
import { nextCronRuns } from './cron-next.js';
import { timerAt } from './cron-timer.js';

/** Decides which process performs a scheduled slot (node-cron's `RunCoordinator`). */
export interface ScheduleCoordinator {
  /** True for the one caller that should run slot `key`; the claim lasts `ttlMs`. */
  shouldRun(key: string, ttlMs: number): boolean | Promise<boolean>;
}

/** What the scheduler calls, and with what. */
export interface SchedulerOptions {
  /** A scheduled start is due: start the chat (`fireAt` is the scheduled instant). */
  onStart(plan: Plan, fireAt: Date): void | Promise<void>;
  /** A reminder is due, `beforeMs` before the start at `startAt`. */
  onReminder(plan: Plan, startAt: Date, beforeMs: number): void | Promise<void>;
  coordinator?: ScheduleCoordinator;
  logger: Logger;
}

/** Arms and disarms plans' schedules. */
export interface Scheduler {
  /** Arms (or re-arms) the plan's start or repeat and its reminders; the next start, if any. */
  arm(plan: Plan): Date | undefined;
  /** Disarms a plan; false when it was not armed. */
  disarm(planId: string): boolean;
  /** Ids of the plans armed, sorted. */
  armed(): string[];
  /** Disarms everything. */
  stop(): Promise<void>;
}

/** How late a start may still fire (a blocked event loop, a process that just woke). */
export const LATE_START_TOLERANCE_MS = 10 * 60_000;

/** The instant of a plan's one-off `start` (local time in its zone), if it has a valid one. */
export function startInstant(plan: Pick<Plan, 'start' | 'timezone'>): number | undefined {
  if (plan.start === undefined) return undefined;
  const local = parseLocalDateTime(plan.start);
  return typeof local === 'string' ? undefined : localToInstant(local, plan.timezone);
}

/**
 * The next `count` scheduled starts of a plan strictly after `from`: the times of its
 * `repeat`, or its one-off `start` if still ahead, or none.
 *
 * @example nextStarts(plan, 3, new Date()).map((d) => formatLocal(d.getTime(), plan.timezone))
 */
export function nextStarts(plan: Pick<Plan, 'start' | 'repeat' | 'timezone'>, count: number, from: Date): Date[] {
  if (count <= 0) return [];
  if (plan.repeat !== undefined) return nextCronRuns(plan.repeat, plan.timezone, count, from);
  const at = startInstant(plan);
  return at !== undefined && at > from.getTime() ? [new Date(at)] : [];
}

function cronLogger(logger: Logger, planId: string): CronLogger {
  const text = (m: string | Error): string => (m instanceof Error ? m.message : m);
  return {
    info: (m) => logger.info({ planId }, m),
    warn: (m) => logger.warn({ planId }, m),
    error: (m, err) => logger.error({ planId, err: err ?? m }, text(m)),
    debug: (m, err) => logger.debug({ planId, ...(err && { err }) }, text(m)),
  };
}

interface Armed {
  cancels: (() => void)[];
  tasks: ScheduledTask[];
}

/** Creates a scheduler; nothing is armed until `arm`. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { logger, coordinator } = options;
  const plans = new Map<string, Armed>();
  const lease = (plan: Plan): number => plan.durationMs + LATE_START_TOLERANCE_MS;

  /** Runs `work` once for slot `key` (through the coordinator when there is one); never throws. */
  async function once(key: string, ttlMs: number, work: () => void | Promise<void>): Promise<void> {
    if (coordinator) {
      let allowed: boolean;
      try {
        allowed = await coordinator.shouldRun(key, ttlMs);
      } catch (error) {
        logger.error({ key, err: asCodedError(error) }, 'schedule coordinator failed: slot skipped');
        return;
      }
      if (!allowed) {
        logger.debug({ key }, 'another process runs this slot');
        return;
      }
    }
    await perform(key, work);
  }

  async function perform(key: string, work: () => void | Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.error({ key, err: asCodedError(error) }, 'scheduled step failed');
    }
  }

  function armRepeat(plan: Plan, repeat: string, armed: Armed): void {
    const name = `roundtable:start:${plan.id}`;
    const task = schedule(
      repeat,
      (ctx) => perform(`${name}:${ctx.date.toISOString()}`, () => options.onStart(plan, ctx.date)),
      {
        name,
        timezone: plan.timezone,
        missedExecutionTolerance: Math.min(LATE_START_TOLERANCE_MS, plan.durationMs),
        suppressMissedWarning: true,
        logger: cronLogger(logger, plan.id),
        ...(coordinator && { distributed: true, runCoordinator: coordinator, distributedLease: lease(plan) }),
      },
    );
    task.on('execution:missed', (ctx) =>
      logger.warn({ planId: plan.id, slot: ctx.date.toISOString() }, 'scheduled start missed (process busy or asleep)'),
    );
    task.on('execution:skipped', (ctx) =>
      logger.debug(
        { planId: plan.id, slot: ctx.date.toISOString(), reason: ctx.reason },
        'scheduled start run elsewhere or skipped',
      ),
    );
    armed.tasks.push(task);
  }

  function armOneOff(plan: Plan, at: number, armed: Armed): void {
    const key = `roundtable:start:${plan.id}:${new Date(at).toISOString()}`;
    armed.cancels.push(
      timerAt(at, () => {
        if (plans.get(plan.id) === armed) plans.delete(plan.id);
        const late = Date.now() - at;
        if (late > Math.min(LATE_START_TOLERANCE_MS, plan.durationMs)) {
          logger.warn({ planId: plan.id, lateMs: late }, 'scheduled start skipped: too late');
          return;
        }
        void once(key, lease(plan), () => options.onStart(plan, new Date(at)));
      }),
    );
  }

  function armReminder(plan: Plan, beforeMs: number, armed: Armed): void {
    const [start] = nextStarts(plan, 1, new Date(Date.now() + beforeMs));
    if (!start) return;
    const key = `roundtable:reminder:${plan.id}:${formatDuration(beforeMs)}:${start.toISOString()}`;
    armed.cancels.push(
      timerAt(start.getTime() - beforeMs, () => {
        if (plans.get(plan.id) !== armed) return;
        if (Date.now() < start.getTime()) void once(key, lease(plan), () => options.onReminder(plan, start, beforeMs));
        else logger.warn({ planId: plan.id, beforeMs }, 'reminder skipped: its start has passed');
        armReminder(plan, beforeMs, armed);
      }),
    );
  }

  function disarm(planId: string): boolean {
    const armed = plans.get(planId);
    if (!armed) return false;
    plans.delete(planId);
    for (const cancel of armed.cancels) cancel();
    for (const task of armed.tasks) void task.destroy();
    return true;
  }

  return {
    arm(plan) {
      disarm(plan.id);
      const [next] = nextStarts(plan, 1, new Date());
      if (!next) return undefined;
      const armed: Armed = { cancels: [], tasks: [] };
      plans.set(plan.id, armed);
      if (plan.repeat !== undefined) armRepeat(plan, plan.repeat, armed);
      else armOneOff(plan, next.getTime(), armed);
      for (const beforeMs of plan.remindersMs) armReminder(plan, beforeMs, armed);
      logger.info({ planId: plan.id, next: next.toISOString() }, 'plan schedule armed');
      return next;
    },
    disarm,
    armed: () => [...plans.keys()].sort(),
    async stop() {
      const armed = [...plans.values()];
      plans.clear();
      for (const a of armed) for (const cancel of a.cancels) cancel();
      await Promise.all(armed.flatMap((a) => a.tasks.map((task) => task.destroy())));
    },
  };
}
