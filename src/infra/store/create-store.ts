/**
 * Opens the store named by `ROUNDTABLE_STORE`: `sqlite://PATH` (one instance) or
 * `redis://HOST:PORT` / `rediss://…` (several instances). Always namespaced; failures
 * reject with a coded `StoreError` within a deadline, `health()` reports them, and a Redis
 * store reconnects by itself.
 *
 * @example
 * const store = await createStore('sqlite://./data/roundtable.sqlite', { logger });
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger, Store } from '../../core/ports.js';
import { createKeyvStore } from './keyv-store.js';
import { guardBackend, withDeadline } from './guarded-backend.js';
import { createSqliteBackend } from './sqlite-backend.js';
import { createRedisBackend } from './redis-backend.js';
import { connectRedis, type RedisClient } from './redis-connection.js';
import { redactUrl, secretScrubber } from './redact-url.js';
import { StoreError } from './store-error.js';
import type { Backend } from './backend.js';
import type { PlanRecords } from '../plans/plan-records.js';
import { lockSqliteStore, type InstanceLock } from './sqlite-instance-lock.js';

/** Options of `createStore`. */
export interface StoreOptions {
  /** Prefix of every key (default `roundtable`). */
  namespace?: string;
  logger: Logger;
  /** Told about every failure (failed operation, lost connection), e.g. for readiness. */
  onError?(err: Error): void;
  /** Longest a single round trip may take before the operation rejects (default 5000 ms). */
  timeoutMs?: number;
  /** SQLite only: `PRAGMA synchronous` under WAL (default NORMAL). */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /**
   * SQLite only: hold the file for this process until `close` (the server does; one-off
   * readers such as `export` do not), refusing with `store_locked` when another holds it.
   */
  exclusive?: boolean;
}

/** What `health()` reports. */
export interface StoreHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** A store with a health probe and, for Redis, the raw client (for leases and cron). */
export interface OpenStore extends Store {
  /** `sqlite` or `redis`. */
  readonly kind: 'sqlite' | 'redis';
  /** A round trip to the backend: ok with its latency, or the reason it failed. */
  health(): Promise<StoreHealth>;
  /** The node-redis client (Redis stores only). */
  readonly redis?: RedisClient;
  /** The collections stored plans live in (`createPlanStore` builds the `PlanStore` on them). */
  readonly planRecords: PlanRecords;
}

const NAMESPACE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Opens the store at `url`; rejects with `store_bad_url` for anything else than sqlite:// or redis(s)://. */
export async function createStore(url: string, opts: StoreOptions): Promise<OpenStore> {
  const namespace = opts.namespace ?? 'roundtable';
  if (!NAMESPACE.test(namespace)) {
    throw new StoreError(
      'store_bad_url',
      `The store namespace "${namespace}" must be 1-64 letters, digits, "_", "." or "-".`,
    );
  }
  const scrub = secretScrubber(url);
  const timeoutMs = opts.timeoutMs ?? 5000;
  let backend: Backend;
  let redis: RedisClient | undefined;
  let lock: InstanceLock | undefined;
  if (url.startsWith('sqlite://')) {
    const file = url.slice('sqlite://'.length);
    if (!file)
      throw new StoreError(
        'store_bad_url',
        'ROUNDTABLE_STORE=sqlite:// needs a file path, e.g. sqlite://./data/roundtable.sqlite',
      );
    const sqliteOpts = { namespace, ...(opts.sqliteSynchronous ? { synchronous: opts.sqliteSynchronous } : {}) };
    if (opts.exclusive && file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      lock = await lockSqliteStore(file);
    }
    backend = await createSqliteBackend(file, sqliteOpts).catch(async (err: unknown) => {
      await lock?.release();
      const message = scrub(err instanceof Error ? err.message : String(err));
      throw new StoreError('store_unavailable', `Cannot open the SQLite store at ${file}: ${message}`, { cause: err });
    });
  } else if (/^rediss?:\/\//.test(url)) {
    const conn = await connectRedis(url, { logger: opts.logger, ...(opts.onError ? { onError: opts.onError } : {}) });
    redis = conn.client;
    backend = createRedisBackend(conn, namespace);
  } else {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'none';
    throw new StoreError(
      'store_bad_url',
      `ROUNDTABLE_STORE has the unknown scheme "${scheme}": use sqlite://PATH (one instance) or redis://HOST:PORT (several).`,
    );
  }

  let closed = false;
  const guarded = guardBackend(backend, {
    timeoutMs,
    scrub,
    closed: () => closed,
    onFailure: (err) => opts.onError?.(err),
  });
  opts.logger.info({ store: redactUrl(url), namespace }, `${backend.kind} store open`);

  return {
    ...createKeyvStore(guarded),
    kind: backend.kind,
    ...(redis ? { redis } : {}),
    planRecords: guarded,
    async health() {
      const started = performance.now();
      const latency = (): number => Math.round((performance.now() - started) * 10) / 10;
      if (closed) return { ok: false, latencyMs: 0, error: 'store_closed: the store is closed' };
      const down = backend.knownDown();
      if (down) return { ok: false, latencyMs: 0, error: `store_unavailable: ${scrub(down)}` };
      try {
        await withDeadline(backend.probe(), Math.min(timeoutMs, 2000), `${backend.kind} health probe`);
        return { ok: true, latencyMs: latency() };
      } catch (err) {
        const code = err instanceof StoreError ? err.code : 'store_unavailable';
        return {
          ok: false,
          latencyMs: latency(),
          error: `${code}: ${scrub(err instanceof Error ? err.message : String(err))}`,
        };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await backend.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
