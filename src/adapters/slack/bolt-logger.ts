/**
 * Bolt's and the Web API's logger interface over Roundtable's `Logger`: their messages go to
 * pino as text (errors by message and code only, so a request or token never reaches the log).
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

/** A Bolt logger writing to `logger`; Bolt's info becomes debug (it is chatty). */
export function boltLogger(logger: Logger, name = 'slack'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let source = name;
  // Bolt and the Web API log several debug lines per request: skip their formatting when pino would drop them.
  const enabled = (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.bind(logger);
  const debugOn = (): boolean => enabled?.('debug') ?? true;
  const text = (msg: unknown[]): string =>
    msg
      .map((m) => {
        if (m instanceof Error)
          return `${m.message}${(m as { code?: unknown }).code ? ` (${String((m as { code?: unknown }).code)})` : ''}`;
        return typeof m === 'string' ? m : (JSON.stringify(m) ?? String(m));
      })
      .join(' ');
  return {
    debug: (...msg: unknown[]) => {
      if (debugOn()) logger.debug({ source }, text(msg));
    },
    info: (...msg: unknown[]) => {
      if (debugOn()) logger.debug({ source }, text(msg));
    },
    warn: (...msg: unknown[]) => logger.warn({ source }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ source }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      source = n;
    },
  };
}
