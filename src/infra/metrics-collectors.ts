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
    m.define('roundtable_outbox_effects', 'gauge', 'Timeline steps decided but not yet carried out, over all running chats (queue depth).', { scraped: true });
    m.define('roundtable_runs_with_pending_effects', 'gauge', 'Running chats with at least one step waiting in their outbox.', { scraped: true });
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
