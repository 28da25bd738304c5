/**
 * Errors of Teams calls, made safe to log and to pass to the core: botbuilder's errors
 * carry the whole HTTP request, Authorization header included, so they never leave the
 * adapter as they are. Each becomes a coded `RoundtableError` with the HTTP status and
 * Teams' error code, and nothing else.
 */
import { RoundtableError, asCodedError, type ErrorCode } from '../../core/errors.js';
import { statusOf } from './conversation-pacer.js';

/** A failed Teams call: a coded error with the HTTP status (`statusCode`, as the pacer reads it). */
export class TeamsCallError extends RoundtableError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly statusCode?: number,
  ) {
    super(code, message);
    this.name = 'TeamsCallError';
  }
}

/** Teams' own error code and message from a Connector error body (`{ error: { code, message } }`), if any. */
function connectorDetail(err: unknown): string | undefined {
  const body = (err as { response?: { bodyAsText?: unknown } } | null)?.response?.bodyAsText;
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message.slice(0, 300) : undefined;
    return [code, message].filter(Boolean).join(': ') || undefined;
  } catch (parseErr) {
    if (parseErr instanceof SyntaxError) return body.slice(0, 300);
    throw parseErr;
  }
}

/** `err` from a call that `what` describes (`posting in channel …`), as a safe coded error. */
export function teamsCallError(err: unknown, what: string): RoundtableError {
  if (err instanceof RoundtableError) return err;
  const status = statusOf(err);
  const detail =
    connectorDetail(err) ??
    (err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : String(err).slice(0, 300));
  const code: ErrorCode =
    status === 401 || status === 403
      ? 'unauthorized'
      : status === 404
        ? 'not_found'
        : status === undefined || status >= 500 || status === 429
          ? 'platform_unavailable'
          : 'platform_error';
  return new TeamsCallError(code, `Teams refused ${what}${status ? ` (HTTP ${status})` : ''}: ${detail}`, status);
}

/** What may be logged of any error: its code, message and HTTP status, never the request it came with. */
export function describeError(err: unknown): { code: string; message: string; status?: number } {
  const coded = err instanceof RoundtableError ? err : asCodedError(err);
  const status = statusOf(err);
  return { code: coded.code, message: coded.message.split('\n')[0]!.slice(0, 500), ...(status ? { status } : {}) };
}
