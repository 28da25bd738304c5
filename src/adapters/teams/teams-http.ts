/**
 * `POST /api/messages` on the shared `node:http` server, handed to botbuilder's
 * `CloudAdapter`: the JSON body is read with a size limit (`infra/read-body.ts`: a larger
 * one is refused unread, the connection closed) and parsed, the response is
 * wrapped in the express-like shape (`status`, `header`, `send`, `end`) botbuilder writes to,
 * and each turn is authenticated (401 without a valid token when an app id is set).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloudAdapter,
  type Activity,
  type InvokeResponse,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import type { HttpHandler } from '../../infra/http-server.js';
import type { Logger } from '../../core/ports.js';
import { BodyTooLargeError, readBody, refuseUnread } from '../../infra/read-body.js';
import { describeError } from './teams-errors.js';

/** The messaging endpoint Teams calls. */
export const MESSAGES_PATH = '/api/messages';

/** Largest request body accepted: Teams messages stay under ~100 KB (UTF-16), with room for the envelope. */
export const MAX_BODY_BYTES = 512 * 1024;

/** A body that is not a JSON object. */
class BodyError extends Error {
  constructor(
    readonly status: 400,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a request body as UTF-8 text, refusing more than `limit` bytes unread (a `413` for the endpoint). */
export async function readBodyText(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBody(req, limit)).toString('utf8');
}

/** The request as `CloudAdapter.process` reads it: method, headers and the parsed JSON body. */
export async function toBotRequest(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Request> {
  const raw = await readBodyText(req, limit);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (err) {
    if (err instanceof SyntaxError) throw new BodyError(400, 'The request body is not JSON.');
    throw err;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BodyError(400, 'The request body must be a JSON object (an Activity).');
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
export function messagesEndpoint(
  handle: (req: Request, res: Response) => Promise<void>,
  limit = MAX_BODY_BYTES,
): HttpHandler {
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
      if (err instanceof BodyTooLargeError) {
        refuseUnread(res, 413, err.message);
        return true;
      }
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

/** A token refused before or by botbuilder's validation: always a 401, never a 500. */
class TokenRefused extends Error {
  readonly statusCode = 401;
}

/** The errors `jsonwebtoken` throws for a bad token (botbuilder passes them on as they are). */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/** Signing algorithms of Bot Framework tokens (botbuilder's allowed list). */
const SIGNING_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/**
 * Why a bearer token cannot be a Bot Framework token, read from its header alone (HS256,
 * `alg: none`, not a JWT); undefined when botbuilder must check it.
 */
export function tokenShapeProblem(authHeader: string): string | undefined {
  const [scheme, token] = authHeader.split(' ');
  if (scheme !== 'Bearer' || !token) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      alg?: unknown;
    };
    return SIGNING_ALGORITHMS.has(String(header.alg))
      ? undefined
      : `token signing algorithm "${String(header.alg).slice(0, 20)}" is not allowed`;
  } catch (err) {
    if (err instanceof SyntaxError) return 'the bearer token is not a JWT';
    throw err;
  }
}

/** Whether `err`, thrown before the turn started, means the request's token was refused. */
function isTokenRefusal(err: unknown): boolean {
  return (
    typeof (err as { statusCode?: unknown }).statusCode === 'number' ||
    JWT_ERRORS.has((err as { name?: unknown }).name as string)
  );
}

/**
 * botbuilder's `CloudAdapter` with a turn entry point of Roundtable's own: `process` prints
 * every failure, a refused token included, to `console.error` with its stack, outside the
 * structured logs; the endpoint below reports them through Roundtable's logger instead.
 * A token signed with anything but RSA is refused before botbuilder sees it.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /** Authenticates `authHeader` (when an app id is set), then runs `logic` for `activity`. */
  async turn(
    authHeader: string,
    activity: Activity,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    const problem = tokenShapeProblem(authHeader);
    if (problem) throw new TokenRefused(problem);
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Activity times arrive as strings: botbuilder's turns expect `Date`s, the raw strings kept beside them. */
function withDates(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
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
export function teamsHttpHandler(
  adapter: TeamsCloudAdapter,
  logic: (ctx: TurnContext) => Promise<void>,
  logger: Logger,
  limit = MAX_BODY_BYTES,
): HttpHandler {
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
      // A token is refused by a throw before the turn starts: botbuilder's AuthenticationError (with a status code),
      // jsonwebtoken's own errors (a signature that does not verify), or ours.
      if (!authenticated && isTokenRefusal(err)) {
        logger.warn(
          { reason: (err as Error).message, id: activity.id },
          'a Teams request without a valid token was refused (401)',
        );
        res.status(401);
        res.send('Unauthorized');
        return;
      }
      logger.error(
        { err: describeError(err), activity: activity.type, id: activity.id },
        'a Teams request could not be handled',
      );
      res.status(500);
      res.send('Roundtable could not handle this activity.');
    }
  }, limit);
}
