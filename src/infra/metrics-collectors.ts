/**
 * Gauges read when `/metrics` is scraped: the store's health probe (up, round-trip latency)
 * and the work waiting in the outboxes of running chats (effects decided, not yet done).
 */
import type { Store } from '../core/ports.js';
import type { Collector } from './metrics.js';
import type { StoreHealth } from './store/create-store.js';

/** `roundtable_store_up` and `roundtable_store_latency_seconds` from `health()`. */
export function storeCollector(store: { health(): Promise<StoreHealth> }): Collector {
  return async (m) => {
    m.define('roundtable_store_up', 'gauge', '1 when the store answered its health probe, else 0.', { scraped: true });
    m.define('roundtable_store_latency_seconds', 'gauge', 'Round trip of the store health probe.', { scraped: true });
    const health = await store.health();
    m.set('roundtable_store_up', {}, health.ok ? 1 : 0);
    if (health.ok) m.set('roundtable_store_latency_seconds', {}, health.latencyMs / 1000);
  };
}

/** `roundtable_active_runs`, `roundtable_outbox_effects` (queue depth) and runs with work pending. */
export function queueCollector(store: Pick<Store, 'activeRunIds' | 'getRun'>): Collector {
  return async (m) => {
    m.define('roundtable_active_runs', 'gauge', 'Chats running or paused.', { scraped: true });
    m.define(
      'roundtable_outbox_effects',
      'gauge',
      'Timeline steps decided but not yet carried out, over all running chats (queue depth).',
      { scraped: true },
    );
    m.define(
      'roundtable_runs_with_pending_effects',
      'gauge',
      'Running chats with at least one step waiting in their outbox.',
      { scraped: true },
    );
    const ids = await store.activeRunIds();
    let effects = 0;
    let pending = 0;
    for (const id of ids) {
      const length = (await store.getRun(id))?.outbox.length ?? 0;
      effects += length;
      if (length > 0) pending += 1;
    }
    m.set('roundtable_active_runs', {}, ids.length);
    m.set('roundtable_outbox_effects', {}, effects);
    m.set('roundtable_runs_with_pending_effects', {}, pending);
  };
}

/** Counters an adapter may keep of its platform calls (the Slack adapter's `stats()`). */
export interface PlatformStats {
  calls: number;
  rateLimited: number;
  retried: number;
  failed: number;
  /** Calls waiting in the adapter's queues. */
  waiting?: number;
}

/** An adapter that reports its platform calls. */
export interface ReportsStats {
  platform: string;
  stats(): PlatformStats;
}

/** True when `adapter` has a `stats()` to read. */
export function reportsStats<A extends { platform: string }>(adapter: A): adapter is A & ReportsStats {
  return typeof (adapter as { stats?: unknown }).stats === 'function';
}

/** Platform calls, 429s, retries, failures and waiting calls of each adapter that reports them. */
export function platformCollector(adapters: ReportsStats[]): Collector {
  return (m) => {
    m.define('roundtable_platform_calls_total', 'counter', 'Calls to the platform API.', { scraped: true });
    m.define(
      'roundtable_platform_rate_limited_total',
      'counter',
      'Platform answers 429 (rate limited); the call waits and is tried again.',
      { scraped: true },
    );
    m.define(
      'roundtable_platform_retries_total',
      'counter',
      'Platform calls tried again after a 5xx, a timeout or a dropped connection (with backoff and jitter).',
      { scraped: true },
    );
    m.define('roundtable_platform_failures_total', 'counter', 'Platform calls that failed for good.', {
      scraped: true,
    });
    m.define('roundtable_platform_waiting_calls', 'gauge', 'Platform calls waiting in the pacing queues.', {
      scraped: true,
    });
    for (const adapter of adapters) {
      const s = adapter.stats();
      const labels = { platform: adapter.platform };
      m.set('roundtable_platform_calls_total', labels, s.calls);
      m.set('roundtable_platform_rate_limited_total', labels, s.rateLimited);
      m.set('roundtable_platform_retries_total', labels, s.retried);
      m.set('roundtable_platform_failures_total', labels, s.failed);
      if (s.waiting !== undefined) m.set('roundtable_platform_waiting_calls', labels, s.waiting);
    }
  };
}
