/**
 * Delivers requests to the app under test as Slack does: signed with
 * `v0:{timestamp}:{raw body}` HMAC-SHA256 (`X-Slack-Signature`,
 * `X-Slack-Request-Timestamp`), with `X-Slack-Retry-Num`/`X-Slack-Retry-Reason` on
 * redelivery, and Slack's `User-Agent`.
 *
 * @example
 * const { status } = await deliverSigned(JSON.stringify(envelope), 'application/json', { url, signingSecret });
 */
import { createHmac } from 'node:crypto';
import type { DeliveryOptions, DeliveryResult } from './standin-types.js';

/** The `X-Slack-Signature` of a body at a timestamp (seconds). */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

/** POSTs `rawBody` to the app, signed like Slack, and returns its answer. */
export async function deliverSigned(
  rawBody: string,
  contentType: string,
  opts: DeliveryOptions,
): Promise<DeliveryResult> {
  const timestamp = Math.floor(Date.now() / 1000) + (opts.timestampOffsetSec ?? 0);
  const secret = opts.forgeSignature ? `${opts.signingSecret}-forged` : opts.signingSecret;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, rawBody),
  };
  if (opts.retryNum !== undefined && opts.retryNum > 0) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(opts.url, { method: 'POST', headers, body: rawBody });
  const text = await response.text();
  const ms = performance.now() - started;
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) {
    body = JSON.parse(text) as unknown;
  }
  return { status: response.status, body, ms };
}

/** A form-encoded body, as Slack sends slash commands and (`payload=`) interactions. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
