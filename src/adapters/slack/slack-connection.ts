/**
 * The bot's identity (`auth.test`: team, bot user, workspace URL) and whether Slack can be
 * reached. Start-up never hangs on an unreachable Slack: one short attempt, then readiness
 * is false with a sentence saying why (naming the API by its origin only, never the
 * credentials a URL may hold), and the check is retried in the background (2 s,
 * doubling up to a minute) until it succeeds.
 *
 * @example
 * const connection = new SlackConnection({ client: startupClient, apiUrl, logger });
 * await connection.start();          // resolves within seconds, reachable or not
 * connection.readiness();            // { ok: false, detail: 'Slack Web API at … is unreachable …' }
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';
import { originOf, stripUrlCredentials } from '../../infra/url-credentials.js';
import { slackErrorCode } from './classify-slack-error.js';

/** Who the bot is in the workspace. */
export interface SlackIdentity {
  teamId: string;
  /** The Enterprise Grid org of the installation, if any. */
  enterpriseId?: string;
  botUserId: string;
  botId?: string;
  /** The workspace URL (`https://team.slack.com/`), for permalinks. */
  url?: string;
}

/** Options of the connection check. */
export interface SlackConnectionOptions {
  /** A WebClient with a short timeout and few retries, used for `auth.test` only. */
  client: Pick<webApi.WebClient, 'auth'>;
  apiUrl: string;
  logger: Logger;
  /** First and longest wait between background checks (default 2 s and 60 s). */
  retryMs?: { first: number; max: number };
}

/** The bot's identity and Slack's reachability. */
export class SlackConnection {
  identity: SlackIdentity | undefined;
  private problem: string | undefined = 'not checked yet';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private failures = 0;
  private waitMs: number;
  private readonly listeners: ((identity: SlackIdentity) => void)[] = [];

  constructor(private readonly opts: SlackConnectionOptions) {
    this.waitMs = opts.retryMs?.first ?? 2000;
  }

  /** One check now; on failure keeps checking in the background. Never throws. */
  async start(): Promise<void> {
    this.stopped = false;
    if (!(await this.check())) this.schedule();
  }

  /** Stops background checks. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Calls `fn` once the identity is known (at once when it already is). */
  onIdentity(fn: (identity: SlackIdentity) => void): void {
    if (this.identity) fn(this.identity);
    else this.listeners.push(fn);
  }

  /** Whether `auth.test` succeeded, and why not. */
  readiness(): { ok: boolean; detail?: string } {
    return this.problem ? { ok: false, detail: this.problem } : { ok: true };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().then((ok) => {
        if (!ok) this.schedule();
      });
    }, this.waitMs);
    this.timer.unref?.();
    this.waitMs = Math.min(this.opts.retryMs?.max ?? 60_000, this.waitMs * 2);
  }

  private async check(): Promise<boolean> {
    try {
      const res = await this.opts.client.auth.test();
      this.identity = {
        teamId: String(res.team_id ?? ''),
        botUserId: String(res.user_id ?? ''),
        ...(res.enterprise_id ? { enterpriseId: String(res.enterprise_id) } : {}),
        ...(res.bot_id ? { botId: res.bot_id } : {}),
        ...(res.url ? { url: res.url } : {}),
      };
      this.problem = undefined;
      this.opts.logger.info(
        { team: this.identity.teamId, botUser: this.identity.botUserId, afterFailures: this.failures },
        'connected to the Slack Web API',
      );
      for (const fn of this.listeners.splice(0)) fn(this.identity);
      return true;
    } catch (err) {
      this.failures++;
      const code = slackErrorCode(err);
      this.problem =
        code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked'
          ? `Slack refused the bot token (${code}): copy the Bot User OAuth Token (xoxb-…) again into SLACK_BOT_TOKEN. Checking again in ${Math.round(this.waitMs / 1000)} s.`
          : `The Slack Web API at ${originOf(this.opts.apiUrl)} is unreachable (${code ?? stripUrlCredentials(err instanceof Error ? err.message : String(err))}): check the network and SLACK_API_URL. Checking again in ${Math.round(this.waitMs / 1000)} s.`;
      this.opts.logger.warn({ code }, this.problem);
      return false;
    }
  }
}
