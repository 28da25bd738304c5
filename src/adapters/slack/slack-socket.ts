/**
 * Socket Mode: Bolt's `SocketModeReceiver` over the app-level token, with the Web API base
 * injected (GovSlack, tests), and envelopes acknowledged as `stored-ack.ts` says (an event
 * once what it carries is stored). Starting never blocks for long: the connection is opened
 * in the background (its `apps.connections.open` retried up to every 30 s, forever, until
 * stop), and readiness says whether the socket is up and, if not, why.
 */
import { SocketModeReceiver, type App, type Logger as BoltLogger, type SocketModeReceiverOptions } from '@slack/bolt';
import { storedAckEvent, type StoredAckRequest } from './stored-ack.js';

/** One envelope as Bolt's Socket Mode client hands it over. */
interface SocketEnvelope {
  body: StoredAckRequest['body'];
  ack: (response?: unknown) => Promise<void>;
  retry_num?: number;
  retry_reason?: string;
}

/** Bolt's Socket Mode receiver, acknowledging an event's envelope once what it carries is stored instead of on arrival. */
class StoredAckSocketReceiver extends SocketModeReceiver {
  private bolt: App | undefined;

  constructor(
    options: SocketModeReceiverOptions,
    private readonly log: BoltLogger,
  ) {
    super(options);
    this.client.removeAllListeners('slack_event');
    this.client.on('slack_event', (envelope: SocketEnvelope) => void this.dispatch(envelope));
  }

  override init(app: App): void {
    super.init(app);
    this.bolt = app;
  }

  private async dispatch(envelope: SocketEnvelope): Promise<void> {
    const acknowledge = (response?: unknown): void => {
      envelope
        .ack(response)
        .catch((err: unknown) =>
          this.log.warn(`Socket Mode could not acknowledge an envelope: ${(err as Error).message}`),
        );
    };
    const { event, settle } = storedAckEvent(
      { body: envelope.body, retryNum: envelope.retry_num, retryReason: envelope.retry_reason },
      acknowledge,
    );
    try {
      if (!this.bolt) throw new Error('The Socket Mode receiver received an envelope before the app was attached.');
      await this.bolt.processEvent(event);
    } catch (err) {
      this.log.error(`A Slack envelope could not be handled: ${(err as Error).message}`);
    } finally {
      settle();
    }
  }
}

/** Options of the Socket Mode connection. */
export interface SlackSocketOptions {
  appToken: string;
  apiUrl: string;
  logger: BoltLogger;
  /** Longest wait between attempts to open the connection (default 30 s). */
  maxRetryMs?: number;
}

/** A Socket Mode receiver and its state. */
export class SlackSocket {
  readonly receiver: SocketModeReceiver;
  private connected = false;
  private problem = 'Socket Mode is not connected yet.';
  private stopping = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly opts: SlackSocketOptions) {
    // p-retry (under the Web API client) calls `onFailedAttempt`; throwing there ends the retries at stop.
    const retryConfig = {
      retries: 10,
      forever: true,
      factor: 1.6,
      minTimeout: 1000,
      maxTimeout: opts.maxRetryMs ?? 30_000,
      randomize: true,
      onFailedAttempt: (error: Error) => {
        this.problem = `Socket Mode cannot open a connection (${error.message}); retrying.`;
        if (this.stopping) throw error;
      },
    };
    this.receiver = new StoredAckSocketReceiver(
      {
        appToken: opts.appToken,
        logger: opts.logger,
        installerOptions: { clientOptions: { slackApiUrl: opts.apiUrl, retryConfig } },
      },
      opts.logger,
    );
    const client = this.receiver.client;
    client.on('connected', () => {
      this.connected = true;
      for (const w of this.waiters.splice(0)) w();
    });
    for (const state of ['reconnecting', 'disconnected'] as const) {
      client.on(state, () => {
        this.connected = false;
        this.problem = this.stopping ? 'Socket Mode is stopped.' : 'Socket Mode lost its connection; reconnecting.';
      });
    }
  }

  /** Opens the connection in the background; resolves once connected, or after `waitMs` (default 5 s) anyway. */
  async start(waitMs = 5000): Promise<void> {
    this.stopping = false;
    const attempt = (delayMs: number): void => {
      this.receiver.start().catch((err: unknown) => {
        const code = (err as { data?: { error?: unknown } }).data?.error;
        this.problem = code
          ? `Slack refused to open Socket Mode (${String(code)}): check SLACK_APP_TOKEN (xapp-…, scope connections:write) and that Socket Mode is on in the app settings.`
          : `Socket Mode could not start (${err instanceof Error ? err.message : String(err)}); retrying.`;
        if (this.stopping) return;
        this.retry = setTimeout(() => attempt(Math.min(delayMs * 2, this.opts.maxRetryMs ?? 30_000)), delayMs);
        this.retry.unref?.();
      });
    };
    attempt(2000);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.waiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    await this.receiver.stop();
  }

  /** Whether the socket is up, and why not. */
  readiness(): { ok: boolean; detail?: string } {
    return this.connected ? { ok: true } : { ok: false, detail: this.problem };
  }
}
