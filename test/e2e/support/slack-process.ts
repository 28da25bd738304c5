/**
 * A whole Roundtable process on Slack for tests: the real `start(loadConfig(env))` against
 * the Slack stand-in, over HTTP or Socket Mode, a temporary SQLite store, every log line
 * kept (to check no secret ever reaches it), and a driver that delivers what people do the
 * way Slack does in that mode (signed HTTP requests, or Socket Mode envelopes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { start, type Running, type StartOptions } from '../../../src/main.js';
import { createLogger } from '../../../src/infra/logger.js';
import { startSlackStandin, type SlackStandin } from '../../support/slack/slack-standin.js';
import type { SlackEvent } from '../../support/slack/user-actions.js';
import { deliverSigned, formBody } from '../../support/slack/event-sender.js';
import type { ActionInput, CommandInput } from '../../support/slack/inbound-payloads.js';
import type { SlackStandinOptions } from '../../support/slack/standin-types.js';
import { logSink } from '../../support/log-sink.js';
import { TEST_SECRET } from '../../support/server-secret.js';

/** The signing secret the process and the stand-in share. */
export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

/** How the process talks to Slack. */
export type SlackMode = 'http' | 'socket';

/** A running process and its stand-in Slack. */
export interface SlackProcess {
  mode: SlackMode;
  standin: SlackStandin;
  running: Running;
  /** `http://127.0.0.1:PORT` of the process. */
  baseUrl: string;
  /** Where the SQLite store lives (read it after `stop`). */
  storeUrl: string;
  /** Every JSON log line written so far. */
  logs: string[];
  driver: SlackDriver;
  stop(): Promise<void>;
}

/** Options of `startSlackProcess`. */
export interface SlackProcessOptions {
  mode: SlackMode;
  speed?: number;
  organizers?: string;
  standin?: SlackStandinOptions;
  /** Called before the process starts (add channels and users). */
  setup?: (standin: SlackStandin) => void;
  env?: Record<string, string>;
  /** Level of the kept log (default `debug`, so tests see everything; benchmarks use `warn`). */
  logLevel?: string;
  /** More options of `start` (HTTP limits). */
  start?: Pick<StartOptions, 'httpLimits'>;
}

/** Starts the stand-in and a Roundtable process connected to it. */
export async function startSlackProcess(opts: SlackProcessOptions): Promise<SlackProcess> {
  const standin = await startSlackStandin(opts.standin);
  opts.setup?.(standin);
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-slack-'));
  const storeUrl = `sqlite://${path.join(dir, 'rt.sqlite')}`;
  const { lines: logs, sink } = logSink();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: standin.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ROUNDTABLE_SECRET: TEST_SECRET,
    ...(opts.mode === 'socket' ? { SLACK_APP_TOKEN: standin.appToken } : {}),
    SLACK_API_URL: standin.apiUrl,
    ROUNDTABLE_SPEED: String(opts.speed ?? 600),
    ROUNDTABLE_STORE: storeUrl,
    ROUNDTABLE_PLANS_DIR: 'chats',
    ROUNDTABLE_ORGANIZERS: opts.organizers ?? 'U_ORG',
    LOG_LEVEL: opts.logLevel ?? 'debug',
    ...opts.env,
  });
  const running = await start(config, {
    ...opts.start,
    handleSignals: false,
    logger: createLogger(opts.logLevel ?? 'debug', sink),
  });
  const baseUrl = `http://127.0.0.1:${running.port}`;
  const driver = new SlackDriver(opts.mode, standin, `${baseUrl}/slack/events`);
  return {
    mode: opts.mode,
    standin,
    running,
    baseUrl,
    storeUrl,
    logs,
    driver,
    stop: async () => {
      await running.stop();
      await standin.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the app answered to one delivery: an HTTP status, or a Socket Mode ack (status 200). */
export interface Delivered {
  status: number;
  eventId?: string;
}

/** Delivers people's actions to the process as Slack would in its mode. */
export class SlackDriver {
  constructor(
    readonly mode: SlackMode,
    private readonly standin: SlackStandin,
    readonly url: string,
  ) {}

  /** An Events API delivery; `eventId` again redelivers it (`retryNum` counts the redelivery). */
  async event(event: SlackEvent, opts: { eventId?: string; retryNum?: number } = {}): Promise<Delivered> {
    if (this.mode === 'http') {
      const r = await this.standin.sendEvent(event, { url: this.url, signingSecret: SIGNING_SECRET, ...opts });
      return { status: r.status, eventId: r.eventId };
    }
    const envelope = this.standin.buildEvent(event, opts.eventId ? { eventId: opts.eventId } : {});
    await this.standin.socket.send('events_api', envelope, opts.retryNum ? { retryAttempt: opts.retryNum } : {});
    return { status: 200, eventId: envelope.event_id };
  }

  /** A slash command typed by a person. */
  async command(input: CommandInput): Promise<Delivered> {
    if (this.mode === 'http')
      return {
        status: (await this.standin.sendCommand(input, { url: this.url, signingSecret: SIGNING_SECRET })).status,
      };
    await this.standin.socket.send('slash_commands', this.standin.buildCommand(input));
    return { status: 200 };
  }

  /** A click on a button of a posted message. */
  async click(action: ActionInput): Promise<Delivered> {
    return this.clickPayload(this.standin.buildAction(action));
  }

  /** A `block_actions` payload built earlier (a click on a message as it was then, e.g. before a poll closed). */
  async clickPayload(payload: Record<string, unknown>): Promise<Delivered> {
    if (this.mode === 'http')
      return {
        status: (
          await deliverSigned(formBody({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', {
            url: this.url,
            signingSecret: SIGNING_SECRET,
          })
        ).status,
      };
    await this.standin.socket.send('interactive', payload);
    return { status: 200 };
  }
}

/** Waits until `check` returns a value (not undefined/false), polling; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
