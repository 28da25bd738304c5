/**
 * Slack over HTTP on the shared server: `POST /slack/events` goes to the receiver's request
 * listener (`SlackHttpReceiver`), which verifies the signature (`v0:{timestamp}:{body}`,
 * HMAC-SHA256 with the signing secret), answers 401 to forged requests and to requests older
 * than five minutes, and hands the payload to the Bolt app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from '../../infra/http-server.js';

/** The path Slack's Request URLs point to. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The shared server's handler for Slack requests. */
export function slackHttpRoute(
  receiver: { requestListener(req: IncomingMessage, res: ServerResponse): unknown },
  path: string = SLACK_EVENTS_PATH,
): HttpHandler {
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== path) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Slack sends POST requests here.');
      return true;
    }
    void receiver.requestListener(req, res);
    return true;
  };
}
