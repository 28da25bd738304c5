/**
 * The one HTTP server of a Roundtable process: platform routes, `/healthz` (alive) and
 * `/readyz` (store and platforms reachable), tried in order.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../core/ports.js';

/** An HTTP handler on the shared server; returns true when it handled the request. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** A readiness check: a name and whether it is ok. */
export type ReadyCheck = () => Promise<{ name: string; ok: boolean; detail?: string }>;

/** Options of the server. */
export interface HttpServerOptions {
  host: string;
  port: number;
  handlers: HttpHandler[];
  ready: ReadyCheck[];
  logger: Logger;
}

/** Starts the server; resolves once it listens (with the port it got, useful with port 0). */
export async function startHttpServer(opts: HttpServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => void handle(req, res, opts));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  opts.logger.info({ host: opts.host, port }, 'listening');
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => {
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
      const checks = await Promise.all(opts.ready.map((check) => check().catch((err: unknown) => ({ name: 'check', ok: false, detail: String(err) }))));
      const ok = checks.every((c) => c.ok);
      return json(res, ok ? 200 : 503, { ok, checks });
    }
    for (const handler of opts.handlers) if (await handler(req, res)) return;
    json(res, 404, { ok: false, error: 'not_found' });
  } catch (err) {
    opts.logger.error({ err, path: req.url?.split('?')[0] }, 'request failed');
    if (!res.headersSent) json(res, 500, { ok: false, error: 'internal_error' });
    else res.end();
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
