/**
 * Structured logs with pino. Tokens, secrets, passwords and authorization headers are
 * redacted wherever they appear in a logged object; never put one in a message string.
 */
import { pino } from 'pino';
import type { Logger } from '../core/ports.js';

const REDACT = [
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.appPassword', '*.password', '*.secret', '*.authorization',
  'token', 'botToken', 'appToken', 'signingSecret', 'appPassword', 'password', 'secret', 'authorization',
  'req.headers.authorization', 'headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]',
];

/** A pino logger at `level`, writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger & { child(bindings: object): Logger } {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'roundtable' } };
  return destination ? pino(options, destination as never) : pino(options);
}
