/**
 * Redis backend: keyv on `@keyv/redis` (sharing our client) for plain records, a Redis hash
 * per collection (HSET/HSETNX/HGETALL/HDEL) and `SET NX PX` for claims. Every key is
 * `<namespace>::<name>`: keyv gets `useKeyPrefix: false` so the adapter's prefix is the only one.
 */
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { Backend } from './backend.js';
import type { RedisConnection } from './redis-connection.js';

/** The Redis key of `name` in `namespace` (the same prefix the keyv adapter writes). */
export const redisKey = (namespace: string, name: string): string => `${namespace}::${name}`;

/** A backend on an open connection; closing the backend closes the connection. */
export function createRedisBackend(conn: RedisConnection, namespace: string): Backend {
  const { client } = conn;
  const adapter = new KeyvRedis(client, { namespace, throwOnErrors: true, throwOnConnectError: true });
  const kv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
  const key = (name: string): string => redisKey(namespace, name);

  return {
    kind: 'redis',
    kv,
    async hset(coll, field, json) {
      await client.hSet(key(coll), field, json);
    },
    async hsetnx(coll, field, json) {
      return (await client.hSetNX(key(coll), field, json)) === 1;
    },
    async hget(coll, field) {
      return (await client.hGet(key(coll), field)) ?? undefined;
    },
    async hdel(coll, field) {
      return (await client.hDel(key(coll), field)) > 0;
    },
    async hgetall(coll) {
      return Object.entries(await client.hGetAll(key(coll)));
    },
    async hdrop(coll) {
      await client.unlink(key(coll));
    },
    async claim(name, ttlMs) {
      return (
        (await client.set(key(name), '1', {
          condition: 'NX',
          expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
        })) === 'OK'
      );
    },
    // Redis expires claims by itself.
    sweep: async () => 0,
    async probe() {
      await client.ping();
    },
    knownDown: () => conn.down(),
    close: () => conn.close(),
  };
}
