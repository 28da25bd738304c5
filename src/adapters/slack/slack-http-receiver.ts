/**
 * Slack over HTTP, with an acknowledgement that means the answer is kept: a Bolt `Receiver`
 * for `POST /slack/events` on the shared server. Each request is verified as Bolt's own
 * `HTTPReceiver` does (signature `v0:{timestamp}:{body}` with the signing secret, requests
 * older than five minutes refused, body limit), then Slack gets its 200 as `stored-ack.ts`
 * says: a command or a click when its listener acknowledges it, an event once what it
 * carries is stored (`context.stored()`) or it is handled.
 *
 * @example
 * const receiver = new SlackHttpReceiver({ signingSecret, logger });
 * const app = new App({ receiver, ... });
 * server.on('request', (req, res) => void receiver.requestListener(req, res));
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthorizationError, HTTPModuleFunctions, type App, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import { storedAckEvent } from './stored-ack.js';

/** What the receiver needs. */
export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: BoltLogger;
  /** Largest body accepted (default Bolt's 4 MB). */
  bodyLimit?: number;
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
    let body: Record<string, unknown>;
    try {
      const buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: this.opts.signingSecret, ...(this.opts.bodyLimit ? { bodyLimit: this.opts.bodyLimit } : {}) }, req);
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch (err) {
      if (HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413) return answer.status(413);
      logger.warn(`Refused a Slack request: ${(err as Error).message}`);
      return answer.status(401);
    }
    if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    const { event, settle } = storedAckEvent(
      { body, retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req), retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req) },
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
