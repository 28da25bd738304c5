/**
 * Why: the playground gives organizer rights to whoever opens it, so it must answer only
 * the person at this computer. A web page elsewhere can point its own domain at 127.0.0.1
 * (DNS rebinding) or post to `http://localhost:3000` from its own origin; the first comes
 * with a foreign `Host`, the second with a foreign `Origin`. On loopback only `localhost`,
 * `127.0.0.1` and `[::1]` are answered; a POST whose `Origin` is not the page's own is
 * refused everywhere.
 */
import type { IncomingMessage } from 'node:http';

/** The host names a loopback playground answers, with or without a port. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * Why `req` may not reach the playground, or undefined when it may: a `Host` other than
 * loopback's (unless the playground is public), or, for a POST, an `Origin` that is not
 * `http(s)://` + that `Host`. A request without `Origin` (a tool, not a browser page) passes.
 */
export function originProblem(req: IncomingMessage, opts: { public: boolean }): string | undefined {
  const host = req.headers.host ?? '';
  if (!opts.public && !LOOPBACK_HOST.test(host))
    return `The playground answers only localhost, 127.0.0.1 and [::1], not "${host.slice(0, 100)}".`;
  if (req.method !== 'POST') return undefined;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const sameOrigin =
    URL.canParse(origin) &&
    new URL(origin).host.toLowerCase() === host.toLowerCase() &&
    /^https?:$/.test(new URL(origin).protocol);
  return sameOrigin
    ? undefined
    : `The playground takes actions only from its own page, not from "${origin.slice(0, 100)}".`;
}
