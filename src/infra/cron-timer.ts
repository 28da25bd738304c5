/**
 * A timer for a wall-clock instant, however far away: `setTimeout` cannot wait more than
 * 2^31-1 ms (24.8 days), so the wait is cut into steps of at most a day, each re-reading
 * the clock (a machine that slept or a clock that was set wakes the timer on time).
 */

/** The longest single wait: one day, well under `setTimeout`'s 24.8-day limit. */
export const MAX_TIMER_STEP_MS = 24 * 60 * 60 * 1000;

/**
 * Calls `fn` once, as soon as `Date.now()` reaches `at` (at once if it already has).
 * Returns a function that cancels it.
 */
export function timerAt(at: number, fn: () => void): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const step = (): void => {
    if (cancelled) return;
    const left = at - Date.now();
    if (left <= 0) {
      fn();
      return;
    }
    handle = setTimeout(step, Math.min(left, MAX_TIMER_STEP_MS));
  };
  handle = setTimeout(step, Math.max(0, Math.min(at - Date.now(), MAX_TIMER_STEP_MS)));
  return () => {
    cancelled = true;
    if (handle !== undefined) clearTimeout(handle);
  };
}
