/**
 * One Redis connection that fails fast and heals by itself: commands issued while Redis is
 * unreachable reject at once (no offline queue), and the client keeps reconnecting with a
 * capped backoff until Redis returns. State changes are logged once each, never the URL's password.
 */
import { createClient } from '@keyv/redis';
import type { Logger } from '../../core/ports.js';
import { redactUrl, secretScrubber } from './redact-url.js';

/** Creates the client: no offline queue (fail fast), endless capped reconnection. */
function newClient(url: string, maxBackoffMs: number) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => reconnectDelay(retries, maxBackoffMs) },
  });
}

/** The raw node-redis client the store, leases and the cron coordinator share. */
export type RedisClient = ReturnType<typeof newClient>;

/** A connected (or reconnecting) client and what is known about its health. */
export interface RedisConnection {
  client: RedisClient;
  /** Why Redis is unusable right now, or undefined while it is ready. */
  down(): string | undefined;
  close(): Promise<void>;
}

/** Options of `connectRedis`. */
export interface RedisConnectionOptions {
  logger: Logger;
  /** Called when the connection is lost (once per outage) or cannot be made. */
  onError?(err: Error): void;
  /** How long `connectRedis` waits for the first connection before returning anyway (default 3000). */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts (default 2000). */
  maxBackoffMs?: number;
}

/** Backoff before reconnection attempt `retries` (0-based): 100 ms doubling, capped, with jitter. */
export function reconnectDelay(retries: number, maxBackoffMs: number): number {
  const base = Math.min(100 * 2 ** Math.min(retries, 16), maxBackoffMs);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * Creates the client and waits up to `connectTimeoutMs` for it to be ready. When Redis is
 * unreachable it still returns: commands reject until the background reconnection succeeds.
 */
export async function connectRedis(url: string, opts: RedisConnectionOptions): Promise<RedisConnection> {
  const scrub = secretScrubber(url);
  const shown = redactUrl(url);
  const client = newClient(url, opts.maxBackoffMs ?? 2000);
  let lastError = 'not connected yet';
  let up = false;
  client.on('error', (err: unknown) => {
    lastError = scrub(err instanceof Error ? err.message || err.name : String(err));
    if (!up) return;
    up = false;
    opts.logger.warn({ store: shown, err: lastError }, 'Redis connection lost; reconnecting');
    opts.onError?.(new Error(`Redis at ${shown}: ${lastError}`));
  });
  client.on('ready', () => {
    if (!up) opts.logger.info({ store: shown }, 'Redis connection ready');
    up = true;
  });

  const connecting = client.connect().then(
    () => true,
    (err: unknown) => {
      lastError = scrub(err instanceof Error ? err.message : String(err));
      return false;
    },
  );
  const ready = await Promise.race([
    connecting,
    new Promise<false>((resolve) => setTimeout(() => resolve(false), opts.connectTimeoutMs ?? 3000).unref()),
  ]);
  if (!ready) {
    opts.logger.warn({ store: shown, err: lastError }, 'Redis not reachable yet; commands will fail until it is');
    opts.onError?.(new Error(`Redis at ${shown}: ${lastError}`));
  }

  return {
    client,
    down: () => (client.isReady ? undefined : `Redis at ${shown} is not connected (${lastError})`),
    async close() {
      if (!client.isOpen) return;
      if (!client.isReady) {
        client.destroy();
        return;
      }
      // A graceful close waits for pending replies; a hung server must not hang shutdown.
      const graceful = client.close().then(
        () => true,
        () => false,
      );
      const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2000).unref());
      if (!(await Promise.race([graceful, timer]))) client.destroy();
    },
  };
}
