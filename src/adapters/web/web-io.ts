/**
 * HTTP plumbing of the pages opened from private links: the security headers every answer
 * carries, JSON bodies of at most 256 KB (read no further), the same-origin check, and the
 * per-address brake on refused tokens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest body the editor accepts (a plan file's limit). */
export const MAX_EDITOR_BODY = 256 * 1024;

/** The headers of every editor answer. */
export const EDITOR_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Sends `body` with `status`, `type` and the editor's headers. */
export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...EDITOR_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

/** Sends JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** The body as a JSON object, or a status to refuse with (413 too large, 415 not JSON, 400 malformed). */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | 400 | 413 | 415> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return 415;
  if (Number(req.headers['content-length'] ?? 0) > MAX_EDITOR_BODY) return 413;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_EDITOR_BODY) return 413;
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : 400;
  } catch {
    return 400;
  }
}

/** True when the request's `Origin` is exactly `origin` (a page of this server). */
export function sameOrigin(req: IncomingMessage, origin: string): boolean {
  return req.headers.origin === origin;
}

/** Counts refused tokens per address: 20 in a minute block that address for a minute. */
export class RefusalBrake {
  private readonly seen = new Map<string, { since: number; count: number; blockedUntil: number }>();

  constructor(
    private readonly now: () => number,
    private readonly limit = 20,
    private readonly windowMs = 60_000,
  ) {}

  /** True while `address` is blocked. */
  blocked(address: string): boolean {
    return (this.seen.get(address)?.blockedUntil ?? 0) > this.now();
  }

  /** Records one refused token from `address`. */
  refused(address: string): void {
    const now = this.now();
    const entry = this.seen.get(address);
    const current = entry && now - entry.since < this.windowMs ? entry : { since: now, count: 0, blockedUntil: 0 };
    current.count += 1;
    if (current.count >= this.limit) current.blockedUntil = now + this.windowMs;
    this.seen.set(address, current);
    if (this.seen.size > 10_000) this.forgetOld(now);
  }

  private forgetOld(now: number): void {
    for (const [address, e] of this.seen)
      if (now - e.since > this.windowMs && e.blockedUntil <= now) this.seen.delete(address);
  }
}
