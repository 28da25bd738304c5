/**
 * Every backend round trip under a deadline and with coded errors: a down or hung backend
 * makes the calling Store method reject within `timeoutMs` with a `StoreError`, never hang
 * or silently succeed.
 */
import type { Backend } from './backend.js';
import { StoreError, toStoreError } from './store-error.js';

/** The backend's primitives, plus keyv's get/set/delete, each bounded and coded. */
export interface GuardedBackend extends Omit<Backend, 'kv' | 'close' | 'probe' | 'knownDown'> {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  del(key: string): Promise<boolean>;
}

/** Options of `guardBackend`. */
export interface GuardOptions {
  /** Longest a single round trip may take (ms). */
  timeoutMs: number;
  /** Removes secrets from error texts. */
  scrub(text: string): string;
  /** Told about each failed round trip. */
  onFailure(err: StoreError): void;
  /** True once the store is closed: calls then reject with `store_closed`. */
  closed(): boolean;
}

/** Rejects with `store_timeout` if `work` has not settled after `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, op: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreError('store_timeout', `${op} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wraps `backend` so that each call is bounded by a deadline and fails with a `StoreError`. */
export function guardBackend(backend: Backend, opts: GuardOptions): GuardedBackend {
  const run = async <T>(op: string, call: () => Promise<T>): Promise<T> => {
    if (opts.closed()) throw new StoreError('store_closed', `${op} failed: the store is closed`);
    try {
      return await withDeadline(call(), opts.timeoutMs, `${backend.kind} ${op}`);
    } catch (err) {
      const coded = toStoreError(err, `${backend.kind} ${op}`, opts.scrub);
      opts.onFailure(coded);
      throw coded;
    }
  };
  const { kv } = backend;
  return {
    kind: backend.kind,
    get: <T>(key: string) => run('get', async () => (await kv.get<T>(key)) ?? undefined),
    set: (key, value, ttlMs) =>
      run('set', async () => {
        await kv.set(key, value, ttlMs);
      }),
    del: (key) => run('delete', () => kv.delete(key)),
    hset: (coll, field, json) => run('hset', () => backend.hset(coll, field, json)),
    hsetnx: (coll, field, json) => run('hsetnx', () => backend.hsetnx(coll, field, json)),
    hget: (coll, field) => run('hget', () => backend.hget(coll, field)),
    hdel: (coll, field) => run('hdel', () => backend.hdel(coll, field)),
    hgetall: (coll) => run('hgetall', () => backend.hgetall(coll)),
    hdrop: (coll) => run('hdrop', () => backend.hdrop(coll)),
    claim: (key, ttlMs) => run('claim', () => backend.claim(key, ttlMs)),
    sweep: (now) => run('sweep', () => backend.sweep(now)),
  };
}
