/**
 * Identifiers shaped like Slack's: message timestamps (`1700000000.000100`, unique and
 * increasing), IDs (`F0ABC12345`), trigger IDs, and a seeded random draw.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** The stand-in workspace's own identity, in Slack's ID formats. */
export const WORKSPACE = {
  teamId: 'T0STANDIN1',
  teamName: 'Roundtable Stand-in',
  teamDomain: 'roundtable-standin',
  appId: 'A0STANDIN1',
  botId: 'B0STANDIN1',
  botUserId: 'U0STANDBOT',
  botName: 'roundtable',
} as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A Slack-style ID: `prefix` and `length` uppercase letters and digits. */
export function slackId(prefix: string, length = 10): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** A `trigger_id` like `1234567890123.1234567890.0123456789abcdef0123456789abcdef`. */
export function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

/** A `client_msg_id` (a UUID, as Slack clients send). */
export function clientMsgId(): string {
  return randomUUID();
}

/** Makes message timestamps: `seconds.micros` from the wall clock, strictly increasing. */
export function tsClock(): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(Date.now() * 1000, last + 1);
    last = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
}
