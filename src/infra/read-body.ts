/**
 * Why: every inbound HTTP body (Slack, Teams, the playground) is read through one bounded
 * reader, so no unauthenticated request can make the process hold more than 1 MiB of it.
 * A declared `Content-Length` over the limit is refused before a byte is read; a body that
 * streams past it (chunked, or lying about its length) is refused as soon as it does, and
 * reading stops there (`raw-body` pauses the stream). The refusal closes the connection, so
 * the rest of the body is never read either.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';

/** Largest request body any route accepts: 1 MiB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** A body refused for its size: answer with `refuseUnread`. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is over ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Whether `err` is raw-body's own error of a body over its limit. */
function isOverLimit(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.too.large';
}

/**
 * The body of `req`, at most `limit` bytes (never more than `BODY_LIMIT_BYTES`); throws
 * `BodyTooLargeError` as soon as it is known to be larger, having read no further.
 *
 * @example
 * const raw = await readBody(req, 64 * 1024);
 */
export async function readBody(req: IncomingMessage, limit: number = BODY_LIMIT_BYTES): Promise<Buffer> {
  const max = Math.min(limit, BODY_LIMIT_BYTES);
  try {
    return await getRawBody(req, { limit: max });
  } catch (err) {
    if (isOverLimit(err)) throw new BodyTooLargeError(max);
    throw err;
  }
}

/**
 * Answers `status` (413 for a body too large) and closes the connection once the answer is
 * out, so the unread rest of the body is dropped by the kernel instead of being read.
 */
export function refuseUnread(res: ServerResponse, status = 413, body = 'The request body is too large.'): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.shouldKeepAlive = false;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(body, () => res.socket?.destroy());
}
