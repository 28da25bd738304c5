/**
 * Puts a botbuilder `CloudAdapter` behind a plain `node:http` server in tests, through the
 * adapter's own bridge (`messagesEndpoint` in `src/adapters/teams/teams-http.ts`): the body
 * read with its limit and parsed into `req.body`, the response in the express-like shape
 * `CloudAdapter.process` writes to. Tests thereby run the bridge Roundtable serves, not a copy.
 *
 * @example
 * const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
 * const bot = await startBotServer((req, res) => adapter.process(req, res, (ctx) => handler.run(ctx)));
 * await standin.userPost(standin.activities.channelMessage({ ... }), { botUrl: bot.messagesUrl });
 * await bot.close();
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'botbuilder';
import { MESSAGES_PATH, messagesEndpoint } from '../../../src/adapters/teams/teams-http.js';

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
export async function startBotServer(handle: (req: Request, res: Response) => Promise<void>): Promise<BotServer> {
  const endpoint = messagesEndpoint(handle);
  const server = createServer((req, res) => {
    Promise.resolve(endpoint(req, res))
      .then((handled) => {
        if (!handled) res.statusCode = 404;
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
    messagesUrl: `${url}${MESSAGES_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
