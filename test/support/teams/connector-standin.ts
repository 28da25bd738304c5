/**
 * A local stand-in for the Bot Connector service as Microsoft Teams runs it, for tests of the
 * Teams adapter: it serves the Connector routes a bot calls (validating every activity and
 * Adaptive Card, enforcing Teams' size and rate limits), remembers channel posts, threads,
 * edits and deletes, and delivers Teams-shaped activities to the bot's `/api/messages`.
 *
 * @example
 * const standin = await startConnectorStandin();
 * const team = standin.addTeam({ name: 'LeadersGC', channels: [{ name: 'chat' }] });
 * const alice = standin.addMember(team.id, { name: 'Alice Tremblay', userRole: 'owner' });
 * const channelId = team.channels[1]!.id;
 * const post = standin.activities.channelMessage({ tenantId: team.tenantId, teamId: team.id, channelId, from: alice, text: 'help', mentionBot: true });
 * await standin.userPost(post, { botUrl });
 * expect(standin.replies(channelId, post.id)[0]?.text).toContain('...');
 * await standin.close();
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorContext } from './connector-context.js';
import { ConnectorErrors, type ConnectorReply } from './connector-errors.js';
import { operationOf, pathSegments, routeConnectorRequest, type ConnectorOperation } from './connector-routes.js';
import {
  ConnectorState,
  type AddMemberInput,
  type AddTeamInput,
  type StandinChannel,
  type StandinMember,
  type StandinTeam,
  type StoredMessage,
} from './connector-state.js';
import {
  bindTeamsActivities,
  ROUNDTABLE_BOT,
  type BotAccount,
  type BoundBuilders,
  type TeamsActivity,
} from './teams-activities.js';
import { createTeamsRateLimiter } from './teams-rate-limiter.js';
import { recordUserActivity } from './user-activity-store.js';
import { specsRequirement } from '../requirements.js';
import getRawBody from 'raw-body';

/** How to start the stand-in. */
export interface ConnectorStandinOptions {
  /** Enforce Teams' per-bot per-conversation limits (default true). */
  rateLimit?: boolean;
  /** Fraction (0..1) of Connector calls that fail with 412, 502 or 504 (default 0). */
  failRate?: number;
  /** Validate bodies and cards against the specs (default: true when the specs folder is found). */
  validate?: boolean;
  /** Folder with the official schemas (default: `../shared/specs`, or ROUNDTABLE_SPECS_DIR). */
  specsDir?: string;
  /** The bot's Teams id, `28:<app id>` (default ROUNDTABLE_BOT.id). */
  botId?: string;
  botName?: string;
  /** Clock for the rate limits, in milliseconds (default Date.now). */
  now?: () => number;
  /** Random source for `failRate` (default Math.random). */
  random?: () => number;
}

/** One Connector call the bot made, as the stand-in answered it. */
export interface ConnectorCall {
  method: string;
  path: string;
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
}

/** Counters over all Connector calls. */
export interface ConnectorStats {
  calls: number;
  /** 429 replies. */
  throttled: number;
  /** 412/502/504 replies injected by `failRate` or `failNext`. */
  injectedFailures: number;
  /** 400 replies. */
  badRequests: number;
  /** 413 replies. */
  tooLarge: number;
  /** 404 replies. */
  notFound: number;
}

/** What a delivery to the bot returned: its HTTP status and body (JSON when it was JSON). */
export interface BotReply {
  status: number;
  body: unknown;
}

/** A running stand-in. */
export interface ConnectorStandin {
  /** Base URL the bot calls, ending with `/` (put it in activities' `serviceUrl`). */
  readonly serviceUrl: string;
  readonly bot: BotAccount;
  /** Whether bodies and cards are validated against the specs. */
  readonly validating: boolean;
  /** Activity builders bound to this stand-in's `serviceUrl` and bot. */
  readonly activities: BoundBuilders;
  /** A snapshot of the counters. */
  readonly stats: ConnectorStats;
  /** Every Connector call so far, oldest first. */
  readonly calls: readonly ConnectorCall[];
  /** Adds a team with its General channel (id = team id); returns the live record. */
  addTeam(input: AddTeamInput): StandinTeam;
  addChannel(teamId: string, input: { id?: string; name: string }): StandinChannel;
  addMember(teamId: string, input: AddMemberInput): StandinMember;
  /** Visible posts of a channel, oldest first. */
  posts(channelId: string): StoredMessage[];
  /** Visible replies in a post's thread, oldest first. */
  replies(channelId: string, postId: string): StoredMessage[];
  /** Any stored message by id, deleted ones included (see `deleted`, `versions`, `reactions`). */
  message(id: string): StoredMessage | undefined;
  /** Messages of the bot's personal chat with a member (by Teams id, AAD object id or email). */
  personalMessages(member: string): StoredMessage[];
  /** POSTs an activity to the bot as Teams would, without recording anything. */
  send(
    activity: TeamsActivity | Record<string, unknown>,
    target: { botUrl: string; authorization?: string },
  ): Promise<BotReply>;
  /** Records what the user did (post, reply, edit, delete, reaction, install) as Teams would, without sending it. */
  record(activity: TeamsActivity): void;
  /** Records what the user did as Teams would (see `record`), then sends it to the bot. */
  userPost(activity: TeamsActivity, target: { botUrl: string; authorization?: string }): Promise<BotReply>;
  /** Makes the next `times` Connector calls fail with `status`. */
  failNext(status: 412 | 502 | 504, times?: number): void;
  /** Forgets the rate-limit history. */
  resetRateLimits(): void;
  close(): Promise<void>;
}

function resolveSpecs(options: ConnectorStandinOptions): { specsDir: string | undefined; validate: boolean } {
  if (options.validate === false) return { specsDir: options.specsDir, validate: false };
  if (options.specsDir) return { specsDir: options.specsDir, validate: true };
  const specs = specsRequirement();
  if (specs.skip && options.validate === true) throw new Error(`The stand-in cannot validate:${specs.reason}`);
  return specs.skip ? { specsDir: undefined, validate: false } : { specsDir: specs.value, validate: true };
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false };
    throw error;
  }
}

const TRANSIENT = [412, 502, 504] as const;

/** Largest request body the stand-in reads: well above Teams' ~100 KB, so it can answer 413 MessageSizeTooBig itself. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Starts the stand-in on a free loopback port. */
export async function startConnectorStandin(options: ConnectorStandinOptions = {}): Promise<ConnectorStandin> {
  const { specsDir, validate } = resolveSpecs(options);
  const bot: BotAccount = { id: options.botId ?? ROUNDTABLE_BOT.id, name: options.botName ?? ROUNDTABLE_BOT.name };
  const state = new ConnectorState();
  const limiter =
    options.rateLimit === false ? undefined : createTeamsRateLimiter(options.now ? { now: options.now } : {});
  const ctx: ConnectorContext = { state, limiter, validate, specsDir, bot };
  const random = options.random ?? Math.random;
  const failRate = options.failRate ?? 0;
  const failQueue: Array<412 | 502 | 504> = [];
  const calls: ConnectorCall[] = [];
  const stats: ConnectorStats = {
    calls: 0,
    throttled: 0,
    injectedFailures: 0,
    badRequests: 0,
    tooLarge: 0,
    notFound: 0,
  };

  const injectedFailure = (operation: ConnectorOperation): ConnectorReply | undefined => {
    if (operation === 'Unknown') return undefined;
    const queued = failQueue.shift();
    if (queued) return ConnectorErrors.transient(queued);
    if (failRate > 0 && random() < failRate)
      return ConnectorErrors.transient(TRANSIENT[Math.floor(random() * TRANSIENT.length)] ?? 502);
    return undefined;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    getRawBody(req, { limit: MAX_REQUEST_BYTES, encoding: 'utf8' })
      .then((raw) => {
        const parsed = parseJson(raw);
        const operation = operationOf(method, pathSegments(url.pathname));
        const injected = injectedFailure(operation);
        const routed = injected
          ? { operation, reply: injected }
          : !parsed.ok
            ? { operation, reply: ConnectorErrors.badArgument('The request body is not JSON.') }
            : routeConnectorRequest(ctx, {
                method,
                pathname: url.pathname,
                query: url.searchParams,
                body: parsed.value,
              });
        const { reply } = routed;
        stats.calls += 1;
        if (injected) stats.injectedFailures += 1;
        else if (reply.status === 429) stats.throttled += 1;
        else if (reply.status === 400) stats.badRequests += 1;
        else if (reply.status === 413) stats.tooLarge += 1;
        else if (reply.status === 404) stats.notFound += 1;
        calls.push({
          method,
          path: url.pathname,
          ...routed,
          status: reply.status,
          requestBody: parsed.ok ? parsed.value : raw,
          responseBody: reply.body,
        });
        res.statusCode = reply.status;
        for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
        if (reply.body === undefined) {
          res.end();
        } else {
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(JSON.stringify(reply.body));
        }
      })
      .catch((error: unknown) => {
        res.statusCode = 500;
        res.end(
          JSON.stringify({
            error: { code: 'ServiceError', message: error instanceof Error ? error.message : String(error) },
          }),
        );
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  // Teams keeps its connections to a bot open; so does the stand-in (and a burst costs the bench little CPU).
  const agent = new Agent({ keepAlive: true });
  const send = (
    activity: TeamsActivity | Record<string, unknown>,
    target: { botUrl: string; authorization?: string },
  ): Promise<BotReply> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(activity);
      const req = request(
        target.botUrl,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            ...(target.authorization ? { Authorization: target.authorization } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = parseJson(text);
            resolve({ status: res.statusCode ?? 0, body: parsed.ok ? parsed.value : text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    serviceUrl,
    bot,
    validating: validate,
    activities: bindTeamsActivities(serviceUrl, bot),
    get stats() {
      return { ...stats };
    },
    calls,
    addTeam: (input) => state.addTeam(input),
    addChannel: (teamId, input) => state.addChannel(teamId, input),
    addMember: (teamId, input) => state.addMember(teamId, input),
    posts: (channelId) => state.posts(channelId),
    replies: (channelId, postId) => state.replies(channelId, postId),
    message: (id) => state.messages.get(id),
    personalMessages(member) {
      const found = state.findMember(member);
      const conversation = found && [...state.personal.entries()].find(([, chat]) => chat.member.id === found.id)?.[0];
      return conversation ? [...state.messages.values()].filter((m) => m.conversationId === conversation) : [];
    },
    send,
    record: (activity) => recordUserActivity(state, activity),
    async userPost(activity, target) {
      recordUserActivity(state, activity);
      return send(activity, target);
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i += 1) failQueue.push(status);
    },
    resetRateLimits: () => limiter?.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
