/**
 * Structured logs with pino. Tokens, secrets, passwords and authorization headers are
 * redacted wherever they appear in a logged object; never put one in a message string.
 */
import { pino } from 'pino';
import type { Logger } from '../core/ports.js';
import { stripUrlCredentials } from './url-credentials.js';

const REDACT = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.appPassword',
  '*.password',
  '*.secret',
  '*.authorization',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'appPassword',
  'password',
  'secret',
  'authorization',
  'req.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
];

/** Token shapes that must never reach a log line, wherever they hide (an error's request config, a URL). */
const TOKEN_SHAPES = [/xox[abepr]-[A-Za-z0-9-]+/g, /xapp-[A-Za-z0-9-]+/g, /Bearer\s+[A-Za-z0-9._~+/=-]+/gi];

/** Removes every known secret value, token shape and URL credential from a finished log line. */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = stripUrlCredentials(line);
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, '[redacted]');
  return out;
}

/**
 * A pino logger at `level`, writing JSON lines to `destination` (stdout by default). Besides the
 * redacted paths, every line is scrubbed of the `secrets` given (tokens and passwords from the
 * settings) and of anything shaped like a Slack token or a bearer header.
 */
export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  secrets: readonly string[] = [],
): Logger & { child(bindings: object): Logger } {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { app: 'roundtable' },
    hooks: { streamWrite: (line: string) => scrubSecrets(line, secrets) },
  };
  return destination ? pino(options, destination as never) : pino(options);
}
