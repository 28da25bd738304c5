/**
 * Coded errors: every error Roundtable raises has a string code, and `asCodedError` wraps
 * anything else, so the one error boundary per inbound event always gets a coded error.
 */

/** The codes of Roundtable's errors. */
export type ErrorCode =
  | 'config_invalid'
  | 'port_in_use'
  | 'plan_invalid'
  | 'store_unavailable'
  | 'platform_unavailable'
  | 'platform_error'
  | 'unauthorized'
  | 'not_found'
  | 'internal';

/** An error with a code and a sentence that says what to do. */
export class RoundtableError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RoundtableError';
  }
}

/** Wraps anything thrown into a `RoundtableError` (code `internal` unless it already has one). */
export function asCodedError(err: unknown): RoundtableError {
  if (err instanceof RoundtableError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RoundtableError('internal', message, { cause: err });
}

/**
 * True when `err` means storage failed (unreachable, timed out, closed): a `Store` rejects
 * with an error whose `code` starts with `store_`. Callers then tell people "not recorded,
 * try again" instead of failing.
 */
export function isStoreFailure(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('store_');
}
