/**
 * When a cron expression fires, computed by node-cron itself so predictions match firings:
 * the next times after any instant, and whether an expression ever fires.
 *
 * node-cron 4.6 offers `getNextRuns(count)` only from the current time; the matcher behind
 * it (`task.timeMatcher.getNextMatch(date)`, the one its scheduler uses, DST-aware) takes
 * any instant. It is read from a task that is created, never started, and destroyed at once.
 * The package is pinned to 4.6; a test fails if the matcher moves.
 */
import { createTask, validate } from 'node-cron';
import { RoundtableError } from '../core/errors.js';

interface Matcher {
  getNextMatch(date: Date): Date;
}

const matchers = new Map<string, Matcher>();

function hasMatcher(value: unknown): value is { timeMatcher: Matcher } {
  if (typeof value !== 'object' || value === null || !('timeMatcher' in value)) return false;
  const matcher = value.timeMatcher;
  return (
    typeof matcher === 'object' &&
    matcher !== null &&
    'getNextMatch' in matcher &&
    typeof matcher.getNextMatch === 'function'
  );
}

function matcherFor(expr: string, timeZone: string): Matcher {
  const key = `${timeZone} ${expr}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    const task = createTask(expr, () => undefined, { timezone: timeZone });
    void task.destroy();
    if (!hasMatcher(task)) {
      throw new RoundtableError(
        'internal',
        'node-cron no longer exposes its time matcher: keep node-cron at 4.6 or update src/infra/cron-next.ts.',
      );
    }
    matcher = task.timeMatcher;
    matchers.set(key, matcher);
  }
  return matcher;
}

/**
 * The next `count` times `expr` fires in `timeZone`, strictly after `from`; fewer when it
 * fires no more within a hundred years (node-cron's search horizon).
 *
 * @example nextCronRuns('0 20 * 9-12,1-5 4#3', 'America/Toronto', 3, new Date())
 */
export function nextCronRuns(expr: string, timeZone: string, count: number, from: Date): Date[] {
  const matcher = matcherFor(expr, timeZone);
  const runs: Date[] = [];
  let cursor = from;
  while (runs.length < count) {
    const next = nextMatch(matcher, cursor);
    if (!next) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}

/** node-cron throws when nothing matches within its horizon: that is "no next run". */
function nextMatch(matcher: Matcher, from: Date): Date | undefined {
  try {
    return matcher.getNextMatch(from);
  } catch (error) {
    if (error instanceof Error && /could not find next matching date/i.test(error.message)) return undefined;
    throw error;
  }
}

/**
 * True when `expr` is a cron expression node-cron accepts and that fires at least once in
 * the next hundred years (`0 0 L-29 2 *` is accepted by `validate` but never fires).
 */
export function isValidCron(expr: string): boolean {
  return validate(expr) && nextCronRuns(expr, 'UTC', 1, new Date()).length === 1;
}
