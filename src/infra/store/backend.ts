/**
 * The few primitives a storage backend offers. `keyv-store.ts` builds the whole `Store`
 * port on them, so SQLite and Redis share every rule (indexes, cascades, forget-me).
 */
import type Keyv from 'keyv';

/** One backend: keyv for plain records, plus keyed collections ("hashes") and atomic claims. */
export interface Backend {
  /** `sqlite` or `redis`, for logs and health. */
  readonly kind: 'sqlite' | 'redis';
  /** Namespaced keyv for single records (runs, preferences, generic values with TTL). */
  readonly kv: Keyv;
  /** Sets `field` of collection `coll` to a JSON text (one write). */
  hset(coll: string, field: string, json: string): Promise<void>;
  /** Sets `field` only if absent; true when it was added (atomic). */
  hsetnx(coll: string, field: string, json: string): Promise<boolean>;
  /** The JSON text of `field`, if present. */
  hget(coll: string, field: string): Promise<string | undefined>;
  /** Removes `field`; true when it was present (atomic). */
  hdel(coll: string, field: string): Promise<boolean>;
  /** Every field of the collection with its JSON text, each exactly once. */
  hgetall(coll: string): Promise<Array<[string, string]>>;
  /** Removes the whole collection. */
  hdrop(coll: string): Promise<void>;
  /** True the first time `key` is claimed until `ttlMs` passes (atomic across callers). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Deletes expired claims and values the backend does not expire by itself; returns how many. */
  sweep(now: number): Promise<number>;
  /** A cheap round trip that rejects when the backend is unusable. */
  probe(): Promise<void>;
  /** Why the backend is known to be down right now (no round trip), or undefined. */
  knownDown(): string | undefined;
  close(): Promise<void>;
}
