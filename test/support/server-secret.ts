/**
 * Why: Slack and Teams refuse to start without ROUNDTABLE_SECRET, and every process sharing a
 * store must key anonymous ballots alike. Tests take this one secret, as the environment
 * variable or as the `AnonymousKeys` port, so no test draws its own by accident.
 */
import type { AnonymousKeys } from '../../src/core/ports.js';
import { createAnonymousKeys } from '../../src/infra/anonymous-keys.js';

/** The value tests give ROUNDTABLE_SECRET: 32 bytes in base64 (test only, never a real one). */
export const TEST_SECRET = Buffer.from('roundtable test server secret, 32+ bytes').toString('base64');

/** The anonymous-record keys under `TEST_SECRET`, as `main.ts` builds them. */
export function testKeys(): AnonymousKeys {
  return createAnonymousKeys(Buffer.from(TEST_SECRET, 'base64'));
}
