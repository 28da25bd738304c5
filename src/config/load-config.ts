/**
 * Settings are read here and nowhere else: `loadConfig(env)` returns a frozen, validated
 * `Config`, or throws one error that lists every problem, each naming the variable and
 * how to fix it. Secrets are kept out of messages.
 */
import { parseDuration } from '../core/plan/duration.js';
import { RoundtableError } from '../core/errors.js';

/** Slack settings (Socket Mode with an app token, else HTTP with a signing secret). */
export interface SlackConfig {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl: string;
}

/** Microsoft Teams settings. */
export interface TeamsConfig {
  appId: string;
  appPassword: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** Authentication off, loopback only: `ROUNDTABLE_TEAMS_INSECURE_LOCAL=1` without an app id. */
  insecureLocal: boolean;
}

/** Roundtable's runtime settings. */
export interface Config {
  port: number;
  /** Address the HTTP server listens on (loopback when Teams runs without authentication). */
  host: string;
  store: string;
  plansDir: string;
  organizers: readonly string[];
  command: string;
  retentionMs: number;
  speed: number;
  logLevel: string;
  slack?: SlackConfig;
  teams?: TeamsConfig;
  /** The local playground runs when no platform is configured. */
  playground: boolean;
  /** `ROUNDTABLE_PLAYGROUND_PUBLIC=1`: the playground may listen beyond loopback (organizer rights for anyone who reaches it). */
  playgroundPublic: boolean;
  /** Base of links Roundtable hands out (export downloads in Teams). */
  publicUrl: string;
  /**
   * `ROUNDTABLE_SECRET`, decoded: keys anonymous records outside the store. Required with Slack
   * or Teams; absent in the playground, which draws one at start and keeps it in memory only.
   */
  secret?: Buffer;
  /** True when ROUNDTABLE_PUBLIC_URL is set (private editor links outside the playground need it). */
  publicUrlSet: boolean;
  /** ROUNDTABLE_EDITOR_IDLE: how long an editor link lives without use. */
  editorIdleMs: number;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;

/**
 * Reads and validates the settings.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const port = Number(get('PORT') ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number (0-65535), not "${get('PORT')}".`);

  const store = get('ROUNDTABLE_STORE') ?? 'sqlite://./data/roundtable.sqlite';
  if (!/^(sqlite:\/\/.+|redis:\/\/.+|rediss:\/\/.+)$/.test(store)) {
    problems.push('ROUNDTABLE_STORE must be sqlite://PATH (one instance) or redis://HOST:PORT (several instances).');
  }

  const retention = get('ROUNDTABLE_RETENTION') ?? '90d';
  const retentionMs = parseDuration(retention);
  if (!retentionMs) problems.push(`ROUNDTABLE_RETENTION must be a duration such as 90d or 12h, not "${retention}".`);

  const speedText = get('ROUNDTABLE_SPEED') ?? '1';
  const speed = Number(speedText);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600)
    problems.push(
      `ROUNDTABLE_SPEED must be a number between 0 and 3600 (60 plays an hour in a minute), not "${speedText}".`,
    );

  const command = get('ROUNDTABLE_COMMAND') ?? '/roundtable';
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command))
    problems.push(`ROUNDTABLE_COMMAND must be a slash command such as /roundtable, not "${command}".`);

  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

  const publicUrl = get('ROUNDTABLE_PUBLIC_URL') ?? `http://localhost:${Number.isInteger(port) ? port : 3000}`;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl))
    problems.push(
      'ROUNDTABLE_PUBLIC_URL must be the http(s) address people use to reach this server, such as https://roundtable.example.gc.ca.',
    );

  const idle = get('ROUNDTABLE_EDITOR_IDLE') ?? '60m';
  const editorIdleMs = parseDuration(idle);
  if (!editorIdleMs) problems.push(`ROUNDTABLE_EDITOR_IDLE must be a duration such as 60m, not "${idle}".`);

  const slack = readSlack(get, problems);
  const teams = readTeams(get, problems);
  const playgroundPublic = get('ROUNDTABLE_PLAYGROUND_PUBLIC') === '1';
  const host = get('HOST');
  if (!slack && !teams && host && !isLoopback(host) && !playgroundPublic) {
    problems.push(
      `HOST=${host} would open the playground to the network, and the playground gives organizer rights to anyone who opens it: keep HOST on loopback (127.0.0.1), or set ROUNDTABLE_PLAYGROUND_PUBLIC=1 to open it knowingly.`,
    );
  }
  const secret = readSecret(get('ROUNDTABLE_SECRET'), Boolean(slack || teams), problems);
  if (problems.length > 0) {
    throw new RoundtableError(
      'config_invalid',
      `Roundtable cannot start; fix these settings:\n- ${problems.join('\n- ')}`,
    );
  }
  const config: Config = {
    port,
    // Teams without authentication and the playground (organizer rights for anyone who opens it) stay on this computer.
    host: teams?.insecureLocal ? '127.0.0.1' : (host ?? (!slack && !teams ? '127.0.0.1' : '0.0.0.0')),
    store,
    plansDir: get('ROUNDTABLE_PLANS_DIR') ?? './chats',
    organizers: (get('ROUNDTABLE_ORGANIZERS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    command,
    retentionMs: retentionMs ?? 0,
    speed,
    logLevel,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    playground: !slack && !teams,
    playgroundPublic: !slack && !teams && playgroundPublic,
    publicUrl,
    ...(secret ? { secret } : {}),
    publicUrlSet: get('ROUNDTABLE_PUBLIC_URL') !== undefined,
    editorIdleMs: editorIdleMs ?? 0,
  };
  return Object.freeze(config);
}

/**
 * Whether `host` (a `HOST` setting) is this computer only: `localhost`, `127.x.x.x` or `::1`.
 *
 * @example
 * isLoopback('127.0.0.1') // true
 * isLoopback('0.0.0.0')   // false
 */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Bytes `ROUNDTABLE_SECRET` must decode to at least. */
const SECRET_MIN_BYTES = 32;

/** `ROUNDTABLE_SECRET`: 32 or more bytes in base64 (or base64url); required when a platform is configured. */
function readSecret(text: string | undefined, required: boolean, problems: string[]): Buffer | undefined {
  const how = 'generate one with `openssl rand -base64 32` and keep it the same on every instance';
  if (!text) {
    if (required)
      problems.push(
        `ROUNDTABLE_SECRET is missing: Slack and Teams need a server secret to keep anonymous votes anonymous; ${how}.`,
      );
    return undefined;
  }
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
    ? Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64')
    : undefined;
  if (!bytes || bytes.length < SECRET_MIN_BYTES) {
    problems.push(`ROUNDTABLE_SECRET must be at least ${SECRET_MIN_BYTES} random bytes in base64; ${how}.`);
    return undefined;
  }
  return bytes;
}

function readSlack(get: (n: string) => string | undefined, problems: string[]): SlackConfig | undefined {
  const botToken = get('SLACK_BOT_TOKEN');
  const appToken = get('SLACK_APP_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const apiUrl = get('SLACK_API_URL') ?? 'https://slack.com/api/';
  if (!botToken && !appToken && !signingSecret) return undefined;
  if (!botToken)
    problems.push(
      'SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page.',
    );
  else if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-.');
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push(
      'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write).',
    );
  if (!appToken && !signingSecret)
    problems.push('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP): set one.');
  if (!/^https?:\/\/.+\/$/.test(apiUrl))
    problems.push('SLACK_API_URL must be an http(s) URL ending with a slash, such as https://slack.com/api/.');
  if (!botToken) return undefined;
  return { botToken, apiUrl, ...(appToken ? { appToken } : {}), ...(signingSecret ? { signingSecret } : {}) };
}

function readTeams(get: (n: string) => string | undefined, problems: string[]): TeamsConfig | undefined {
  const appId = get('MicrosoftAppId') ?? '';
  const appPassword = get('MicrosoftAppPassword') ?? '';
  const appTypeText = get('MicrosoftAppType') ?? 'SingleTenant';
  const tenantId = get('MicrosoftAppTenantId');
  const insecureLocal = get('ROUNDTABLE_TEAMS_INSECURE_LOCAL') === '1';
  if (!appId && !insecureLocal) {
    if (appPassword || tenantId || get('MicrosoftAppType')) {
      problems.push(
        'MicrosoftAppId is empty: Teams requests would not be authenticated. Set MicrosoftAppId, or ROUNDTABLE_TEAMS_INSECURE_LOCAL=1 for a local trial (loopback only).',
      );
    }
    return undefined;
  }
  const appType = APP_TYPES.find((t) => t === appTypeText);
  if (!appType) problems.push(`MicrosoftAppType must be one of ${APP_TYPES.join(', ')}, not "${appTypeText}".`);
  if (appId && appType === 'SingleTenant' && !tenantId)
    problems.push(
      'MicrosoftAppTenantId is required for a SingleTenant bot: copy the Directory (tenant) ID from the Azure app registration.',
    );
  if (appId && appType !== 'UserAssignedMSI' && !appPassword)
    problems.push('MicrosoftAppPassword is missing: create a client secret in the Azure app registration.');
  return {
    appId,
    appPassword,
    appType: appType ?? 'SingleTenant',
    insecureLocal: insecureLocal && !appId,
    ...(tenantId ? { tenantId } : {}),
  };
}
