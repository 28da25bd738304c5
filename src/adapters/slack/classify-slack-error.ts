/**
 * What a failed `@slack/web-api` call means for pacing: a 429 (wait `Retry-After`, this lane
 * only), a transient failure (5xx, Slack's own `internal_error`, a timeout or a dropped
 * connection: retry with backoff), or a refusal to report (`channel_not_found`,
 * `not_in_channel`, `invalid_auth`…).
 */
import type { CallFailure } from './paced-lanes.js';

/** Slack answers (`ok: false`) that mean "try again later". */
const TRANSIENT_ANSWERS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface WebApiErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
}

/** Classifies an error thrown by a WebClient call. */
export function classifySlackError(err: unknown): CallFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate-limited', retryAfterMs: Math.max(1, Number(e.retryAfter) || 1) * 1000 };
    case 'slack_webapi_http_error':
      return typeof e.statusCode === 'number' && e.statusCode >= 500
        ? { kind: 'transient', ambiguous: false }
        : { kind: 'fatal' };
    case 'slack_webapi_request_error':
      return { kind: 'transient', ambiguous: true };
    case 'slack_webapi_platform_error':
      if (e.data?.error === 'ratelimited') return { kind: 'rate-limited', retryAfterMs: 1000 };
      return TRANSIENT_ANSWERS.has(String(e.data?.error)) ? { kind: 'transient', ambiguous: false } : { kind: 'fatal' };
    default:
      return { kind: 'fatal' };
  }
}

/** The Slack error code of a refused call (`channel_not_found`…), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const e = (typeof err === 'object' && err !== null ? err : {}) as WebApiErrorShape & { cause?: unknown };
  if (typeof e.data?.error === 'string') return e.data.error;
  return e.cause === undefined ? undefined : slackErrorCode(e.cause);
}
