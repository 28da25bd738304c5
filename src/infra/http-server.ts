/**
 * The one HTTP server of a Roundtable process: platform routes, `/healthz` (alive),
 * `/readyz` (store and platforms reachable: 503 with the failing checks otherwise, a URL shown
 * without its credentials) and
 * `/metrics` (Prometheus text format), tried in order. Every request has a time limit
 * (headers within 15 s, the whole request within 30 s: a trickled request gets 408 and the
 * connection closes), idle keep-alive connections close after 5 s, and the number of open
 * connections is capped (sockets beyond it are closed at once), so slow or numerous
 * clients cannot hold the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../core/ports.js';
import { stripUrlCredentials } from './url-credentials.js';
import { RoundtableError } from '../core/errors.js';

/** An HTTP handler on the shared server; returns true when it handled the request. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** A readiness check: a name and whether it is ok. */
export type ReadyCheck = () => Promise<{ name: string; ok: boolean; detail?: string }>;

/** The server's limits; tests set small ones. */
export interface HttpLimits {
  /** Longest time to receive a whole request (Node's `requestTimeout`). */
  requestTimeoutMs: number;
  /** Longest time to receive a request's headers (Node's `headersTimeout`). */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Most connections open at once; more are closed as they arrive. */
  maxConnections: number;
  /** How often the two request timeouts are checked (their precision). */
  checkIntervalMs: number;
}

/** The limits of a production server. */
export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
});

/** Options of the server. */
export interface HttpServerOptions {
  host: string;
  port: number;
  handlers: HttpHandler[];
  ready: ReadyCheck[];
  logger: Logger;
  /** The Prometheus text of `/metrics`; the route is absent without it. */
  metrics?: () => Promise<string>;
  /** Limits other than `DEFAULT_HTTP_LIMITS` (tests). */
  limits?: Partial<HttpLimits>;
}

/** The content type of Prometheus' text exposition format. */
const METRICS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Starts the server; resolves once it listens (with the port it got, useful with port 0). */
export async function startHttpServer(
  opts: HttpServerOptions,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => void handle(req, res, opts),
  );
  server.maxConnections = limits.maxConnections;
  let dropped = 0;
  server.on('drop', () => {
    if (dropped++ % 100 === 0)
      opts.logger.warn(
        { maxConnections: limits.maxConnections, dropped },
        'too many open connections: new ones are closed',
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? portInUse(opts.port, opts.host, err) : err),
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  opts.logger.info({ host: opts.host, port }, 'listening');
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: HttpServerOptions): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz') return json(res, 200, { ok: true });
    if (req.method === 'GET' && url.pathname === '/readyz') {
      const checks = await Promise.all(opts.ready.map((check, i) => runCheck(check, i, opts.logger)));
      const ok = checks.every((c) => c.ok);
      return json(res, ok ? 200 : 503, {
        ok,
        checks: checks.map((c) => (c.detail ? { ...c, detail: stripUrlCredentials(c.detail) } : c)),
      });
    }
    if (req.method === 'GET' && url.pathname === '/metrics' && opts.metrics) {
      const text = await opts.metrics();
      res.writeHead(200, { 'content-type': METRICS_TYPE });
      res.end(text);
      return;
    }
    for (const handler of opts.handlers) if (await handler(req, res)) return;
    json(res, 404, { ok: false, error: 'not_found' });
  } catch (err) {
    opts.logger.error({ err, path: req.url?.split('?')[0] }, 'request failed');
    if (!res.headersSent) json(res, 500, { ok: false, error: 'internal_error' });
    else res.end();
  }
}

/** Longest a readiness check may take before it counts as failed (probes time out quickly). */
const CHECK_TIMEOUT_MS = 2500;

/** One readiness check, bounded in time; a thrown error becomes its code only (messages may carry URLs). */
async function runCheck(
  check: ReadyCheck,
  index: number,
  logger: Logger,
): Promise<{ name: string; ok: boolean; detail?: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ name: string; ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(
      () => resolve({ name: `check-${index}`, ok: false, detail: `timeout: no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([check(), late]);
  } catch (err) {
    logger.warn({ err }, 'readiness check failed');
    const code =
      typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
        ? (err as { code: string }).code
        : 'check_failed';
    return { name: `check-${index}`, ok: false, detail: code };
  } finally {
    clearTimeout(timer);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The sentence for a port another program holds: which port, and how to choose another. */
function portInUse(port: number, host: string, cause: Error): RoundtableError {
  return new RoundtableError(
    'port_in_use',
    `Port ${port} is already in use on ${host}: another program (perhaps another Roundtable) listens there. ` +
      `Stop it, or choose another port with PORT, for example PORT=${port === 3000 ? 3001 : port + 1} npm start.`,
    { cause },
  );
}
