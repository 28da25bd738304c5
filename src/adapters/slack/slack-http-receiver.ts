/**
 * Slack over HTTP, with an acknowledgement that means the answer is kept: a Bolt `Receiver`
 * for `POST /slack/events` on the shared server. Each request is verified as Bolt's own
 * `HTTPReceiver` does (signature `v0:{timestamp}:{body}` with the signing secret), and more
 * strictly: a timestamp more than five minutes away, in the past or the future, is refused
 * before the body is read, and the body is read through `readBody` (1 MiB at most, a
 * larger one refused unread with 413 and the connection closed). Then Slack gets its 200 as
 * `stored-ack.ts` says: a command or a click when its listener acknowledges it, an event
 * once what it carries is stored (`context.stored()`) or it is handled.
 *
 * @example
 * const receiver = new SlackHttpReceiver({ signingSecret, logger });
 * const app = new App({ receiver, ... });
 * server.on('request', (req, res) => void receiver.requestListener(req, res));
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AuthorizationError,
  HTTPModuleFunctions,
  type App,
  type BufferedIncomingMessage,
  type Logger as BoltLogger,
  type Receiver,
} from '@slack/bolt';
import { BodyTooLargeError, readBody, refuseUnread } from '../../infra/read-body.js';
import { storedAckEvent } from './stored-ack.js';

/** How far a request's timestamp may be from now, either way: Slack's five minutes. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;

/** Why a request's `X-Slack-Request-Timestamp` is refused, or undefined when it is within five minutes of `nowMs`. */
export function timestampProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  const sec = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : NaN;
  if (Number.isNaN(sec)) return 'no valid X-Slack-Request-Timestamp';
  const skew = sec - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SEC)
    return `timestamp ${skew > 0 ? 'in the future' : 'in the past'} by more than five minutes`;
  return undefined;
}

/** What the receiver needs. */
export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: BoltLogger;
  /** Largest body accepted (default and most: 1 MiB). */
  bodyLimit?: number;
  /** The time requests are checked against (tests); `Date.now` by default. */
  now?: () => number;
  /** Longest wait for an event's `stored()` before answering anyway (default 2.5 s, inside Slack's 3 s). */
  storedWaitMs?: number;
}

/** The HTTP answer Slack gets, once. */
class Answer {
  private sent = false;
  constructor(private readonly res: ServerResponse) {}

  send(body: unknown): void {
    if (this.sent || this.res.headersSent) return;
    this.sent = true;
    HTTPModuleFunctions.buildContentResponse(this.res, body ?? '');
  }

  /** Answers with `write` (a refusal that closes the connection). */
  refuse(write: () => void): void {
    if (this.sent || this.res.headersSent) return;
    this.sent = true;
    write();
  }

  status(code: number): void {
    if (this.sent || this.res.headersSent) return;
    this.sent = true;
    HTTPModuleFunctions.buildNoBodyResponse(this.res, code);
  }
}

/** Roundtable's HTTP receiver for Bolt. */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: SlackHttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The shared HTTP server does the listening. */
  async start(): Promise<void> {}

  /** The shared HTTP server does the listening. */
  async stop(): Promise<void> {}

  /** Handles one request to `/slack/events`. */
  readonly requestListener = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { logger } = this.opts;
    const answer = new Answer(res);
    const late = timestampProblem(req.headers['x-slack-request-timestamp'], (this.opts.now ?? Date.now)());
    if (late) {
      logger.warn(`Refused a Slack request: ${late}`);
      return answer.refuse(() => refuseUnread(res, 401, ''));
    }
    let body: Record<string, unknown>;
    try {
      (req as BufferedIncomingMessage).rawBody = await readBody(req, this.opts.bodyLimit);
      const buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        { enabled: true, signingSecret: this.opts.signingSecret },
        req,
      );
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        logger.warn(`Refused a Slack request: ${err.message}`);
        return answer.refuse(() => refuseUnread(res, 413, ''));
      }
      logger.warn(`Refused a Slack request: ${(err as Error).message}`);
      return answer.status(401);
    }
    if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    const { event, settle } = storedAckEvent(
      {
        body,
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      },
      (response) => answer.send(response),
      this.opts.storedWaitMs,
    );
    try {
      if (!this.app) throw new Error('The Slack receiver received a request before the app was attached.');
      await this.app.processEvent(event);
      settle();
    } catch (err) {
      logger.error(`A Slack request could not be handled: ${(err as Error).message}`);
      answer.status(err instanceof AuthorizationError ? 401 : 500);
      settle();
    }
  };
}
