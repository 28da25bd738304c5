/**
 * The time fields of a plan: `duration`, `timezone`, one-off `start` or recurring `repeat`,
 * and `reminders` before a scheduled start.
 */
import { formatDuration } from './duration.js';
import { canonicalTimeZone, localToInstant, parseLocalDateTime } from './plan-local-time.js';
import { PLAN_LIMITS } from './plan-limits.js';
import type { Mapping, PlanReader } from './plan-reader.js';
import { isPresent } from './plan-reader.js';
import type { ChatDuration } from './plan-items.js';

/** The schedule of a plan once read. */
export interface PlanSchedule {
  timezone: string;
  start?: string;
  repeat?: string;
  remindersMs: number[];
}

/** Time zone of plans that are never scheduled (it only dates their recap). */
const UNSCHEDULED_TIME_ZONE = 'UTC';

/** Reads `duration` (required, 5m..8h). */
export function readDuration(r: PlanReader, root: Mapping): ChatDuration {
  const duration = r.duration(root, 'duration', [], true);
  if (!duration) return undefined;
  const { minDurationMs: min, maxDurationMs: max } = PLAN_LIMITS;
  if (duration.ms >= min && duration.ms <= max) return duration;
  r.report(['duration'], 'duration_range', {
    value: duration.text,
    min: formatDuration(min),
    max: formatDuration(max),
  });
  return undefined;
}

/**
 * Reads `timezone`, `start`, `repeat` and `reminders`. `isValidCron` says whether a 5-field
 * expression is one the scheduler accepts (infra passes node-cron's).
 */
export function readSchedule(
  r: PlanReader,
  root: Mapping,
  isValidCron: (expr: string) => boolean,
): PlanSchedule | undefined {
  const start = r.text(root, 'start', []);
  const repeat = r.text(root, 'repeat', []);
  const scheduled = isPresent(root.start) || isPresent(root.repeat);
  let ok = (!isPresent(root.start) || start !== undefined) && (!isPresent(root.repeat) || repeat !== undefined);

  const timezone = readTimeZone(r, root, scheduled);
  if (timezone === undefined) ok = false;
  if (isPresent(root.start) && isPresent(root.repeat)) {
    r.report(['repeat'], 'start_and_repeat', {}, 'key');
    ok = false;
  }
  if (start !== undefined && !checkStart(r, start, timezone)) ok = false;
  if (repeat !== undefined && !checkRepeat(r, repeat, isValidCron)) ok = false;

  const remindersMs = readReminders(r, root, scheduled);
  if (!ok || remindersMs === undefined || timezone === undefined) return undefined;
  return {
    timezone,
    remindersMs,
    ...(start !== undefined && { start: start.trim() }),
    ...(repeat !== undefined && { repeat: repeat.trim() }),
  };
}

function readTimeZone(r: PlanReader, root: Mapping, scheduled: boolean): string | undefined {
  if (!isPresent(root.timezone)) {
    if (!scheduled) return UNSCHEDULED_TIME_ZONE;
    r.report([isPresent(root.start) ? 'start' : 'repeat'], 'timezone_missing', {}, 'key');
    return undefined;
  }
  const name = r.text(root, 'timezone', []);
  if (name === undefined) return undefined;
  const canonical = canonicalTimeZone(name.trim());
  if (canonical === undefined) r.report(['timezone'], 'timezone_invalid', { value: name });
  return canonical;
}

function checkStart(r: PlanReader, start: string, timezone: string | undefined): boolean {
  const local = parseLocalDateTime(start);
  if (local === 'format' || local === 'date') {
    r.report(['start'], local === 'format' ? 'start_format' : 'start_not_a_date', { value: start });
    return false;
  }
  if (timezone !== undefined && localToInstant(local, timezone) === undefined) {
    r.report(['start'], 'start_skipped_time', { value: start, timezone });
    return false;
  }
  return true;
}

function checkRepeat(r: PlanReader, repeat: string, isValidCron: (expr: string) => boolean): boolean {
  const fields = repeat.trim().split(/\s+/);
  if (fields.length !== 5) {
    r.report(['repeat'], 'cron_fields', { value: repeat, count: fields.length });
    return false;
  }
  if (isValidCron(repeat.trim())) return true;
  r.report(['repeat'], 'cron_invalid', { value: repeat });
  return false;
}

/** Reads `reminders`: distinct durations before the start, each above 0 and at most 30 days. */
function readReminders(r: PlanReader, root: Mapping, scheduled: boolean): number[] | undefined {
  const list = r.list(root, 'reminders', [], false);
  if (list === undefined) return isPresent(root.reminders) ? undefined : [];
  if (!scheduled && list.length > 0) {
    r.report(['reminders'], 'reminders_without_schedule', {}, 'key');
    return undefined;
  }
  const seen = new Set<number>();
  let ok = true;
  list.forEach((value, index) => {
    const reminder = r.durationValue(value, ['reminders', index]);
    if (!reminder) {
      ok = false;
      return;
    }
    if (reminder.ms <= 0 || reminder.ms > PLAN_LIMITS.maxReminderMs) {
      r.report(['reminders', index], 'reminder_range', {
        value: reminder.text,
        max: formatDuration(PLAN_LIMITS.maxReminderMs),
      });
      ok = false;
    } else if (seen.has(reminder.ms)) {
      r.report(['reminders', index], 'reminder_duplicate', { value: reminder.text });
      ok = false;
    }
    seen.add(reminder.ms);
  });
  return ok ? [...seen].sort((a, b) => b - a) : undefined;
}
