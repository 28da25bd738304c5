/**
 * The Slack adapter: a real Bolt `App`, over Socket Mode when an app-level token is set,
 * else over HTTP (`POST /slack/events` on the shared server, signatures checked by Bolt).
 * Outgoing calls go through one injected `WebClient` (`slackApiUrl` from the settings, no
 * queue-wide pause on a 429) behind per-channel and per-method lanes.
 *
 * @example
 * const adapter = await createSlackAdapter(config.slack, { logger, store, translator, plans, commandName: '/roundtable' });
 * adapter.attach(service);
 * await adapter.start();
 */
import { App, webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config/load-config.js';
import type { ChatService } from '../../core/service/chat-service.js';
import type { AdapterDeps } from '../../load-adapters.js';
import type { PlatformAdapter } from '../platform-adapter.js';
import { RoundtableError } from '../../core/errors.js';
import { boltLogger } from './bolt-logger.js';
import { classifySlackError } from './classify-slack-error.js';
import { PacedLanes, type LaneClock } from './paced-lanes.js';
import { PendingAuthors } from './pending-authors.js';
import { SlackApi, type SlackRates } from './slack-api.js';
import { SlackChatPort } from './slack-chat-port.js';
import { SlackConnection } from './slack-connection.js';
import { slackHttpRoute } from './slack-http-route.js';
import { SlackHttpReceiver } from './slack-http-receiver.js';
import { registerSlackListeners } from './slack-listeners.js';
import { SlackSocket } from './slack-socket.js';
import { UserDirectory } from './user-directory.js';

/** What the Slack adapter is built from. */
export interface SlackAdapterDeps extends AdapterDeps {
  commandName: string;
  /** Pacing rates (tests and benchmarks); Slack's limits by default. */
  rates?: SlackRates;
  /** Time of the lanes (tests). */
  clock?: LaneClock;
  /** Longest wait of `start()` for a Socket Mode connection (default 5 s). */
  socketStartWaitMs?: number;
}

/** Timeout of one Web API call; a call that times out is retried (after checking it did not land). */
const CALL_TIMEOUT_MS = 15_000;

/** How long `stop()` waits for events being handled (posts wait their turn at about one a second). */
const STOP_GRACE_MS = 10_000;

/** The Slack adapter, with what tests, benchmarks and metrics may read. */
export interface SlackAdapter extends PlatformAdapter {
  /** Resolves once every inbound event being handled has been handled. */
  settled(): Promise<void>;
  /** Outgoing calls so far: made, 429s received, retried, failed; and calls waiting in lanes. */
  stats(): {
    calls: number;
    rateLimited: number;
    retried: number;
    recovered: number;
    failed: number;
    waiting: number;
    handling: number;
  };
}

/** Builds the Slack adapter for `config`. */
export async function createSlackAdapter(config: SlackConfig, deps: SlackAdapterDeps): Promise<SlackAdapter> {
  const { logger, translator, commandName } = deps;
  if (!config.appToken && !config.signingSecret) {
    throw new RoundtableError(
      'config_invalid',
      'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP).',
    );
  }
  const slackLogger = boltLogger(logger);
  const client = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    logger: slackLogger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: CALL_TIMEOUT_MS,
  });
  const startupClient = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    logger: slackLogger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, minTimeout: 300, maxTimeout: 1000 },
    timeout: 3000,
  });
  const lanes = new PacedLanes({ classify: classifySlackError, logger, ...(deps.clock ? { clock: deps.clock } : {}) });
  const api = new SlackApi(client, lanes, deps.rates);
  const connection = new SlackConnection({ client: startupClient, apiUrl: config.apiUrl, logger });
  const authors = new PendingAuthors();
  const port = new SlackChatPort({
    api,
    translator,
    command: commandName,
    logger,
    teamId: () => connection.identity?.teamId,
    authorOf: (channel, ts) => authors.nameOf(channel, ts),
  });
  const directory = new UserDirectory({ api, logger, home: () => connection.identity });

  const socket = config.appToken
    ? new SlackSocket({ appToken: config.appToken, apiUrl: config.apiUrl, logger: slackLogger })
    : undefined;
  const http = socket
    ? undefined
    : new SlackHttpReceiver({ signingSecret: config.signingSecret ?? '', logger: slackLogger });
  const app = new App({
    receiver: socket?.receiver ?? http,
    logger: slackLogger,
    // Roundtable keeps its own state; Bolt's conversation store would only cost a lookup per event.
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: CALL_TIMEOUT_MS,
    },
    // No auth.test per event: the identity comes from the start-up check, so an unreachable Slack never delays an ack.
    authorize: async () => {
      const id = connection.identity;
      return {
        botToken: config.botToken,
        ...(id ? { botUserId: id.botUserId, teamId: id.teamId, ...(id.botId ? { botId: id.botId } : {}) } : {}),
      };
    },
  });

  let service: ChatService | undefined;
  const listeners = registerSlackListeners(app, {
    service: () => service,
    directory,
    authors,
    store: deps.store,
    port,
    api,
    translator,
    identity: () => connection.identity,
    logger,
    commandName,
  });

  return {
    platform: 'slack',
    port,
    ...(http ? { http: slackHttpRoute(http) } : {}),
    attach(s) {
      service = s;
    },
    async start() {
      await connection.start();
      if (socket) await socket.start(deps.socketStartWaitMs);
      logger.info({ mode: socket ? 'socket' : 'http', ready: connection.readiness().ok }, 'Slack adapter started');
    },
    async stop() {
      connection.stop();
      if (socket) await socket.stop();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const gave = await Promise.race([
        listeners.settled().then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_GRACE_MS))),
      ]);
      clearTimeout(timer);
      if (gave)
        logger.warn(
          { handling: listeners.inFlight(), waiting: lanes.pending() },
          'Slack adapter stopped with events still being handled',
        );
    },
    settled: () => listeners.settled(),
    stats: () => ({ ...lanes.stats, waiting: lanes.pending(), handling: listeners.inFlight() }),
    async ready() {
      const api = connection.readiness();
      const sock = socket?.readiness() ?? { ok: true };
      if (api.ok && sock.ok) return { ok: true };
      return { ok: false, detail: [api.detail, sock.detail].filter(Boolean).join(' ') };
    },
  };
}
