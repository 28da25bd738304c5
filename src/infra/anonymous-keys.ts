/**
 * Why: an anonymous record (a ballot now; an anonymous question or evaluation later) must be
 * found again for the same person, yet never lead back to them from the store. Its key is an
 * HMAC of the item and the person under a key derived from the server secret
 * (`ROUNDTABLE_SECRET`), which lives only in the process's memory.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { AnonymousKeys } from '../core/ports.js';

/** Bytes a server secret must have at least (`ROUNDTABLE_SECRET`). */
const SERVER_SECRET_MIN_BYTES = 32;

/**
 * The `AnonymousKeys` port under `serverSecret`. Its key is derived for this use alone (HKDF),
 * so the same server secret can key other things (link tokens) without relating them.
 *
 * @example
 * const keys = createAnonymousKeys(config.secret);
 * keys.keyOf({ kind: 'poll', runId: 'r1', id: 2 }, 'U123'); // 22 base64url characters
 */
export function createAnonymousKeys(serverSecret: Buffer): AnonymousKeys {
  if (serverSecret.length < SERVER_SECRET_MIN_BYTES)
    throw new Error(`the server secret must have at least ${SERVER_SECRET_MIN_BYTES} bytes`);
  const key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), 'roundtable anonymous record keys v1', 32));
  return {
    keyOf: (item, user) =>
      createHmac('sha256', key)
        .update(JSON.stringify([item.kind, item.runId, String(item.id), user]))
        .digest('base64url')
        .slice(0, 22),
  };
}
