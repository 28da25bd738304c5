/**
 * SQLite backend: keyv on `@keyv/sqlite` for plain records, and a `records` table with a
 * (namespace, collection, field) primary key for collections and claims, reached through
 * the adapter's own `query`. One process owns the file (see the README); every atomic
 * operation is a single SQL statement, so it also holds under concurrent calls.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Keyv } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { Backend } from './backend.js';

/** How the SQLite file is opened. */
export interface SqliteBackendOptions {
  namespace: string;
  /** Milliseconds a statement waits for a lock before failing (default 3000). */
  busyTimeoutMs?: number;
  /** `PRAGMA synchronous` under WAL: NORMAL (default) survives a crash of the app, FULL also a power cut. */
  synchronous?: 'NORMAL' | 'FULL';
}

interface Row {
  field: string;
  value: string;
}

const TABLE = 'records';
const CLAIMS = 'claims';

/** Opens (creating its folder and tables if needed) the SQLite file at `file` (`:memory:` allowed). */
export async function createSqliteBackend(file: string, opts: SqliteBackendOptions): Promise<Backend> {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: opts.busyTimeoutMs ?? 3000 });
  // keyv listens to the adapter's `error` events, so an open failure rejects instead of crashing.
  const kv = new Keyv({ store: adapter, namespace: opts.namespace, throwOnErrors: true });
  const query = adapter.query as (sql: string, ...params: unknown[]) => Promise<unknown[]>;
  const ns = opts.namespace;
  const kvTable = adapter.opts.table ?? 'keyv';
  try {
    await query('PRAGMA journal_mode=WAL');
    await query(`PRAGMA synchronous=${opts.synchronous ?? 'NORMAL'}`);
    await query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (ns TEXT NOT NULL, coll TEXT NOT NULL, field TEXT NOT NULL, ` +
        'value TEXT NOT NULL, expires INTEGER, PRIMARY KEY (ns, coll, field)) WITHOUT ROWID',
    );
  } catch (err) {
    // Report the open error itself; closing is best effort and its outcome adds nothing.
    await Promise.allSettled([adapter.disconnect()]);
    throw err;
  }
  const rows = async (sql: string, ...params: unknown[]): Promise<Row[]> => (await query(sql, ...params)) as Row[];

  return {
    kind: 'sqlite',
    kv,
    async hset(coll, field, json) {
      await query(
        `INSERT INTO ${TABLE} (ns, coll, field, value) VALUES (?, ?, ?, ?) ` +
          'ON CONFLICT (ns, coll, field) DO UPDATE SET value = excluded.value, expires = NULL',
        ns,
        coll,
        field,
        json,
      );
    },
    async hsetnx(coll, field, json) {
      const added = await rows(
        `INSERT INTO ${TABLE} (ns, coll, field, value) VALUES (?, ?, ?, ?) ON CONFLICT (ns, coll, field) DO NOTHING RETURNING field`,
        ns,
        coll,
        field,
        json,
      );
      return added.length > 0;
    },
    async hget(coll, field) {
      const found = await rows(
        `SELECT field, value FROM ${TABLE} WHERE ns = ? AND coll = ? AND field = ?`,
        ns,
        coll,
        field,
      );
      return found[0]?.value;
    },
    async hdel(coll, field) {
      const gone = await rows(
        `DELETE FROM ${TABLE} WHERE ns = ? AND coll = ? AND field = ? RETURNING field`,
        ns,
        coll,
        field,
      );
      return gone.length > 0;
    },
    async hgetall(coll) {
      const found = await rows(`SELECT field, value FROM ${TABLE} WHERE ns = ? AND coll = ?`, ns, coll);
      return found.map((r): [string, string] => [r.field, r.value]);
    },
    async hdrop(coll) {
      await query(`DELETE FROM ${TABLE} WHERE ns = ? AND coll = ?`, ns, coll);
    },
    async claim(key, ttlMs) {
      const now = Date.now();
      const won = await rows(
        `INSERT INTO ${TABLE} (ns, coll, field, value, expires) VALUES (?, '${CLAIMS}', ?, '1', ?) ` +
          `ON CONFLICT (ns, coll, field) DO UPDATE SET expires = excluded.expires WHERE ${TABLE}.expires <= ? RETURNING field`,
        ns,
        key,
        now + ttlMs,
        now,
      );
      return won.length > 0;
    },
    // Neither keyv nor this table expire rows by themselves: drop expired claims and values.
    async sweep(now) {
      const claims = await rows(
        `DELETE FROM ${TABLE} WHERE ns = ? AND coll = '${CLAIMS}' AND expires <= ? RETURNING field`,
        ns,
        now,
      );
      const values = await query(
        `DELETE FROM ${kvTable} WHERE key >= ? AND key < ? AND json_valid(value) AND json_extract(value, '$.expires') <= ? RETURNING key`,
        `${ns}:`,
        `${ns};`,
        now,
      );
      return claims.length + values.length;
    },
    async probe() {
      await query('SELECT 1');
    },
    knownDown: () => undefined,
    async close() {
      await adapter.disconnect();
    },
  };
}
