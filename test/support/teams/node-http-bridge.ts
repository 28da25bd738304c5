/**
 * Puts a botbuilder `CloudAdapter` behind a plain `node:http` server in tests.
 * `CloudAdapter.process(req, res, logic)` wants what express or restify give: `req.body` already
 * parsed, and a `res` with `status`, `header`, `send` and `end`. These helpers supply both.
 *
 * @example
 * const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
 * const bot = await startBotServer((req, res) => adapter.process(req, res, (ctx) => handler.run(ctx)));
 * await standin.userPost(standin.activities.channelMessage({ ... }), { botUrl: bot.messagesUrl });
 * await bot.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'botbuilder';

/** A request as `CloudAdapter.process` reads it. */
export type BotRequest = Request;
/** A response as `CloudAdapter.process` writes it. */
export type BotResponse = Response;

/** Reads a request body as text (UTF-8). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The request with its JSON body parsed into `body`. A body that is not JSON is left
 * undefined, so `CloudAdapter.process` answers 400 as it does behind express.
 */
export async function toBotRequest(req: IncomingMessage): Promise<BotRequest> {
  const raw = await readBody(req);
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = raw === '' ? undefined : JSON.parse(raw);
    body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    body = undefined;
  }
  return { method: req.method, headers: req.headers, ...(body ? { body } : {}) };
}

/** Wraps a `ServerResponse` in the express-like shape botbuilder writes to. */
export function toBotResponse(res: ServerResponse): BotResponse {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      if (body === undefined || res.writableEnded) return this;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.write(body);
      } else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      }
      return this;
    },
    end() {
      if (!res.writableEnded) res.end();
      return this;
    },
  };
}

/** A running bot server. */
export interface BotServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** The messaging endpoint, `<url>/api/messages`. */
  messagesUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a loopback server that hands every `POST /api/messages` to `handle` (typically
 * `adapter.process(req, res, logic)`); other paths get 404. A handler that throws gets 500.
 */
export async function startBotServer(handle: (req: BotRequest, res: BotResponse) => Promise<void>): Promise<BotServer> {
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/api/messages') {
      res.statusCode = 404;
      res.end();
      return;
    }
    toBotRequest(req)
      .then((botReq) => handle(botReq, toBotResponse(res)))
      .then(() => {
        if (!res.writableEnded) res.end();
      })
      .catch((error: unknown) => {
        res.statusCode = 500;
        res.end(error instanceof Error ? error.message : String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    messagesUrl: `${url}/api/messages`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
