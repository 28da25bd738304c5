/**
 * Coded storage errors. Every Store method rejects with a `StoreError`, so callers can
 * answer "not recorded, try again" without knowing which backend failed.
 */

/** Why a storage operation failed. */
export type StoreErrorCode =
  /** The backend cannot be reached (Redis down or reconnecting, SQLite file unusable). */
  | 'store_unavailable'
  /** The operation did not finish within the store's deadline. */
  | 'store_timeout'
  /** The backend answered with an error (disk full, wrong type, bad SQL). */
  | 'store_failed'
  /** `ROUNDTABLE_STORE` is not a URL the store understands. */
  | 'store_bad_url'
  /** The store was closed. */
  | 'store_closed'
  /** Another process holds the SQLite store (a SQLite store is for one process). */
  | 'store_locked';

/** A storage failure with a stable code; `cause` keeps the backend's own error. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const unavailablePatterns = [
  /offline/i,
  /ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/,
  /socket closed/i,
  /not connected/i,
  /client is closed/i,
  /SQLITE_CANTOPEN|SQLITE_BUSY|SQLITE_LOCKED|SQLITE_IOERR|SQLITE_READONLY/,
];

/** Wraps anything thrown by a backend as a `StoreError`, naming the operation; `redact` scrubs secrets. */
export function toStoreError(err: unknown, op: string, redact: (text: string) => string): StoreError {
  if (err instanceof StoreError) return err;
  const raw = err instanceof Error ? err.message || err.name : String(err);
  const text = redact(raw);
  const code = unavailablePatterns.some((p) => p.test(raw)) ? 'store_unavailable' : 'store_failed';
  return new StoreError(code, `${op} failed: ${text}`, { cause: err });
}
