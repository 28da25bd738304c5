/**
 * `POST /api/messages` on the shared `node:http` server, handed to botbuilder's
 * `CloudAdapter`: the JSON body is read with a size limit and parsed, the response is
 * wrapped in the express-like shape (`status`, `header`, `send`, `end`) botbuilder writes to,
 * and each turn is authenticated (401 without a valid token when an app id is set).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudAdapter, type Activity, type InvokeResponse, type Request, type Response, type TurnContext } from 'botbuilder';
import type { HttpHandler } from '../../infra/http-server.js';
import type { Logger } from '../../core/ports.js';
import { describeError } from './teams-errors.js';

/** The messaging endpoint Teams calls. */
export const MESSAGES_PATH = '/api/messages';

/** Largest request body accepted: Teams messages stay under ~100 KB (UTF-16), with room for the envelope. */
export const MAX_BODY_BYTES = 512 * 1024;

/** A body that could not be read: too large, or not a JSON object. */
class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/** Reads a request body as UTF-8 text, refusing more than `limit` bytes (a `413` for the endpoint). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(413, `The request body is over ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new BodyError(413, `The request body is over ${limit} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request as `CloudAdapter.process` reads it: method, headers and the parsed JSON body. */
export async function toBotRequest(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Request> {
  const raw = await readBody(req, limit);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (err) {
    if (err instanceof SyntaxError) throw new BodyError(400, 'The request body is not JSON.');
    throw err;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BodyError(400, 'The request body must be a JSON object (an Activity).');
  return { method: req.method, headers: req.headers, body: body as Record<string, unknown> };
}

/** The response in the shape botbuilder writes to. */
export function toBotResponse(res: ServerResponse): Response {
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

/**
 * `POST /api/messages` on a `node:http` server: the body read and parsed (413, 400 and 405
 * answered here), then `handle` with the request and response in botbuilder’s shape (typically `adapter.process`).
 *
 * @example
 * const handler = messagesEndpoint((req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)));
 */
export function messagesEndpoint(handle: (req: Request, res: Response) => Promise<void>, limit = MAX_BODY_BYTES): HttpHandler {
  return async (req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== MESSAGES_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    let botRequest: Request;
    try {
      botRequest = await toBotRequest(req, limit);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      res.writeHead(err.status, { 'content-type': 'text/plain; charset=utf-8' }).end(err.message);
      return true;
    }
    const botResponse = toBotResponse(res);
    await handle(botRequest, botResponse);
    botResponse.end();
    return true;
  };
}

/**
 * botbuilder's `CloudAdapter` with a turn entry point of Roundtable's own: `process` prints
 * every failure, a refused token included, to `console.error` with its stack, outside the
 * structured logs; the endpoint below reports them through Roundtable's logger instead.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /** Authenticates `authHeader` (when an app id is set), then runs `logic` for `activity`. */
  turn(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Activity times arrive as strings: botbuilder's turns expect `Date`s, the raw strings kept beside them. */
function withDates(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/**
 * The HTTP handler of the Teams messaging endpoint; `logic` runs each authenticated turn. A
 * request whose token is refused gets 401 and one warning line (no stack); a turn that fails
 * gets 500 and one error line (the adapter's `onTurnError`, or here when it has none).
 */
export function teamsHttpHandler(adapter: TeamsCloudAdapter, logic: (ctx: TurnContext) => Promise<void>, logger: Logger, limit = MAX_BODY_BYTES): HttpHandler {
  return messagesEndpoint(async (req, res) => {
    const activity = withDates(req.body as Record<string, unknown>);
    if (typeof activity.type !== 'string' || activity.type === '') {
      res.status(400);
      res.send('The activity has no type.');
      return;
    }
    const header = req.headers.authorization ?? req.headers.Authorization;
    let authenticated = false;
    let failed = false;
    try {
      const invoke = await adapter.turn(typeof header === 'string' ? header : '', activity, async (ctx) => {
        authenticated = true;
        await logic(ctx).catch((err: unknown) => {
          failed = true;
          throw err;
        });
      });
      // A turn that failed, reported by the adapter's `onTurnError`: Teams hears it (and may deliver again), not 200.
      res.status(failed ? 500 : (invoke?.status ?? 200));
      if (failed) res.send('Roundtable could not handle this activity.');
      else if (invoke?.body !== undefined) res.send(invoke.body);
    } catch (err) {
      // botbuilder refuses a token by throwing before the turn starts (its AuthenticationError carries a status code).
      if (!authenticated && typeof (err as { statusCode?: unknown }).statusCode === 'number') {
        logger.warn({ reason: (err as Error).message, id: activity.id }, 'a Teams request without a valid token was refused (401)');
        res.status(401);
        res.send('Unauthorized');
        return;
      }
      logger.error({ err: describeError(err), activity: activity.type, id: activity.id }, 'a Teams request could not be handled');
      res.status(500);
      res.send('Roundtable could not handle this activity.');
    }
  }, limit);
}
