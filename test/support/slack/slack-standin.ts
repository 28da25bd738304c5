/**
 * A local Slack for the Slack adapter's tests: the Web API (`standin.apiUrl`, for Bolt's
 * `clientOptions.slackApiUrl`), file uploads, `response_url`s and Socket Mode on one
 * loopback port, over a workspace state a test sets up and reads; and the inbound side,
 * signed like Slack's, for an app's HTTP endpoint or its Socket Mode connection.
 *
 * @example
 * const standin = await startSlackStandin();
 * standin.addChannel('C0LEADERS1', { name: 'leadersgc', botMember: true });
 * standin.addUser({ id: 'U0ALICE001', name: 'alice', locale: 'fr-CA' });
 * const app = new App({ token: standin.botToken, signingSecret, clientOptions: { slackApiUrl: standin.apiUrl } });
 * const event = standin.userPost('C0LEADERS1', 'U0ALICE001', 'A1 Bonjour');
 * await standin.sendEvent(event, { url: 'http://127.0.0.1:3000/slack/events', signingSecret });
 * expect(standin.messages('C0LEADERS1')).toHaveLength(1);
 * await standin.stop();
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateBlockKit } from './block-kit-validator.js';
import { deliverSigned, formBody } from './event-sender.js';
import { receiveUpload } from './file-methods.js';
import { InboundPayloads } from './inbound-payloads.js';
import { DEFAULT_RATE_LIMIT } from './rate-limiter.js';
import { readBody } from './request-body.js';
import { ResponseUrls } from './response-urls.js';
import { slackId, WORKSPACE } from './slack-ids.js';
import { SocketModeServer } from './socket-mode-server.js';
import { UserActions } from './user-actions.js';
import { WebApi } from './web-api-routes.js';
import { WorkspaceState } from './workspace-state.js';
import type { ActionInput, CommandInput, EventEnvelope } from './inbound-payloads.js';
import type { SlackEvent } from './user-actions.js';
import type {
  AddChannelOptions,
  CallRecord,
  DeliveryOptions,
  DeliveryResult,
  ResponseRecord,
  SlackStandinOptions,
  StandinChannel,
  StandinStats,
  StandinUser,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
} from './standin-types.js';

const SCHEMA_FILE = 'slack-block-kit.schema.json';

/** The default specs folder: `ROUNDTABLE_SPECS_DIR`, else `../shared/specs` beside the project. */
export function defaultSpecsDir(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  return process.env.ROUNDTABLE_SPECS_DIR ?? path.resolve(root, '../shared/specs');
}

/** A running Slack stand-in. Create it with {@link startSlackStandin}. */
export class SlackStandin {
  /** Base of the Web API, ending with `/api/` (Bolt's `clientOptions.slackApiUrl`). */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT/`. */
  readonly baseUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  /** The workspace's IDs: team, app, bot, bot user. */
  readonly team = WORKSPACE;
  /** The state behind the helpers, for what they do not cover. */
  readonly state = new WorkspaceState();
  /** The Socket Mode server: `socket.send(type, payload)` resolves with the app's ack. */
  readonly socket: SocketModeServer;
  private readonly api: WebApi;
  private readonly responseUrls: ResponseUrls;
  private readonly payloads: InboundPayloads;
  private readonly people: UserActions;

  /** Use {@link startSlackStandin}: this wires the parts to a listening server. */
  constructor(
    private readonly server: Server,
    opts: SlackStandinOptions,
  ) {
    const port = (server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${port}/`;
    this.apiUrl = `${this.baseUrl}api/`;
    this.botToken = opts.botToken ?? 'xoxb-standin-bot-token';
    this.appToken = opts.appToken ?? 'xapp-1-standin-app-token';
    const specsDir = opts.specsDir ?? defaultSpecsDir();
    const validateBlocks = opts.validateBlocks ?? existsSync(path.join(specsDir, SCHEMA_FILE));
    if (validateBlocks && !existsSync(path.join(specsDir, SCHEMA_FILE))) {
      throw new Error(
        `Slack stand-in: validateBlocks needs ${SCHEMA_FILE} in ${specsDir} (set specsDir or ROUNDTABLE_SPECS_DIR)`,
      );
    }
    const validate = validateBlocks
      ? (m: { text?: string; blocks?: unknown[] }) => validateBlockKit(m, specsDir)
      : () => [];
    this.socket = new SocketModeServer(WORKSPACE.appId, opts.socketPingMs ?? 5_000);
    this.responseUrls = new ResponseUrls(this.state, () => this.baseUrl, validate);
    this.socket.onCommandAck = (payload, ack) => {
      const url = (payload as { response_url?: unknown }).response_url;
      const body = ack.payload;
      const empty = typeof body === 'object' && body !== null && Object.keys(body).length === 0;
      if (typeof url === 'string' && !empty) this.responseUrls.applyAck(url, body);
    };
    this.api = new WebApi(this.state, {
      botToken: this.botToken,
      appToken: this.appToken,
      rateLimit: opts.rateLimit === undefined ? DEFAULT_RATE_LIMIT : opts.rateLimit,
      failure: {
        rate: opts.failRate ?? 0,
        mode: opts.failMode ?? 'mixed',
        hangMs: opts.failHangMs ?? 5_000,
        seed: opts.failSeed ?? 1,
        ...(opts.failMethods ? { methods: opts.failMethods } : {}),
      },
      validate,
      socketUrl: () => this.socket.issueUrl(this.baseUrl.replace(/^http/, 'ws')),
      uploadUrl: (fileId) => `${this.baseUrl}upload/v1/${fileId}`,
      now: opts.now ?? Date.now,
    });
    this.payloads = new InboundPayloads(this.state, this.responseUrls, slackId('', 24).toLowerCase());
    this.people = new UserActions(this.state);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`stand-in error: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    server.on('upgrade', (req: IncomingMessage, sock, head: Buffer) => {
      const url = new URL(req.url ?? '/', this.baseUrl);
      if (url.pathname === '/link/') this.socket.handleUpgrade(req, sock, head, url);
      else sock.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
  }

  /** Calls, 429s and injected failures so far. */
  get stats(): StandinStats {
    return this.api.stats;
  }

  /** The verification token sent in payloads (deprecated by Slack, still present). */
  get verificationToken(): string {
    return this.payloads.verificationToken;
  }

  /** Adds a channel (the bot is a member unless `botMember: false`). */
  addChannel(id: string, opts: AddChannelOptions = {}): StandinChannel {
    return this.state.addChannel(id, opts);
  }

  /** Puts the workspace in Enterprise Grid org `id` (`auth.test` answers its `enterprise_id`). */
  setEnterprise(id: string): void {
    this.state.enterpriseId = id;
  }

  /** Adds a user (`isAdmin`, `isOwner`, `locale`, `teamId`, `enterpriseId` show in `users.info`). */
  addUser(user: StandinUser): StandinUser {
    return this.state.addUser(user);
  }

  /** Live top-level messages of a channel, oldest first. */
  messages(channel: string): StoredMessage[] {
    return this.state.topLevel(channel);
  }

  /** Live replies in the thread of `ts` (the parent excluded), oldest first. */
  thread(channel: string, ts: string): StoredMessage[] {
    return this.state.replies(channel, ts);
  }

  /** Ephemeral messages shown to `user`, oldest first. */
  ephemerals(user: string): StoredEphemeral[] {
    return this.state.ephemerals.filter((e) => e.user === user);
  }

  /** Files announced through `files.getUploadURLExternal`. */
  files(): StoredFile[] {
    return [...this.state.files.values()];
  }

  /** Web API calls received (of one method when given), with time and channel. */
  calls(method?: string): CallRecord[] {
    return method === undefined ? [...this.api.log] : this.api.log.filter((c) => c.method === method);
  }

  /** What the app sent to `response_url`s, and non-empty slash command acks. */
  responses(): ResponseRecord[] {
    return [...this.responseUrls.records];
  }

  /** Holds every call of `method` unanswered until the returned function is called (a slow Slack, without timers). */
  hold(method: string): () => void {
    return this.api.hold(method);
  }

  /** Changes the share of Web API calls that fail (0 stops failures). */
  setFailRate(rate: number): void {
    this.api.setFailRate(rate);
  }

  /** `user` posts `text`; returns the `message` event to deliver. */
  userPost(channel: string, user: string, text: string, opts: { threadTs?: string } = {}): SlackEvent {
    return this.people.post(channel, user, text, opts);
  }

  /** The author edits a message; returns the `message_changed` event. */
  userEdit(channel: string, ts: string, newText: string): SlackEvent {
    return this.people.edit(channel, ts, newText);
  }

  /** A message is deleted; returns the `message_deleted` event. */
  userDelete(channel: string, ts: string): SlackEvent {
    return this.people.delete(channel, ts);
  }

  /** `user` reacts to a message; returns `reaction_added` (or `reaction_removed`). */
  userReact(channel: string, ts: string, user: string, name: string, removed = false): SlackEvent {
    return this.people.react(channel, ts, user, name, removed);
  }

  /** The `message` event Slack sends for a stored message, e.g. the bot's own post. */
  messageEvent(channel: string, ts: string): SlackEvent {
    return this.people.messageEvent(channel, ts);
  }

  /** The `event_callback` envelope Slack would send for `event`. */
  buildEvent(event: SlackEvent, opts: { eventId?: string } = {}): EventEnvelope {
    return this.payloads.event(event, opts.eventId);
  }

  /** A slash command's payload (with a served `response_url`), for HTTP or Socket Mode. */
  buildCommand(command: CommandInput): Record<string, string> {
    return this.payloads.command(command);
  }

  /** A `block_actions` payload for a click on a button of a stored message. */
  buildAction(action: ActionInput): Record<string, unknown> {
    return this.payloads.action(action);
  }

  /** Posts an Events API envelope to the app, signed; pass `eventId` again to redeliver. */
  async sendEvent(
    event: SlackEvent,
    opts: DeliveryOptions & { eventId?: string },
  ): Promise<DeliveryResult & { eventId: string }> {
    const envelope = this.buildEvent(event, opts);
    const result = await deliverSigned(JSON.stringify(envelope), 'application/json', opts);
    return { ...result, eventId: envelope.event_id };
  }

  /** Posts a slash command to the app, signed; a non-empty ack is shown to the user as Slack does. */
  async sendCommand(command: CommandInput, opts: DeliveryOptions): Promise<DeliveryResult> {
    const fields = this.buildCommand(command);
    const result = await deliverSigned(formBody(fields), 'application/x-www-form-urlencoded', opts);
    if (result.status === 200 && fields.response_url) this.responseUrls.applyAck(fields.response_url, result.body);
    return result;
  }

  /** Posts a `block_actions` click to the app, signed, as `payload=<json>`. */
  async sendAction(action: ActionInput, opts: DeliveryOptions): Promise<DeliveryResult> {
    const body = formBody({ payload: JSON.stringify(this.buildAction(action)) });
    return deliverSigned(body, 'application/x-www-form-urlencoded', opts);
  }

  /** Stops serving: closes Socket Mode connections, hanging calls and the port. */
  async stop(): Promise<void> {
    await this.socket.close();
    this.api.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const [, first, ...rest] = url.pathname.split('/');
    if (first === 'api' && rest.length === 1 && rest[0]) {
      await this.api.handle(req, res, rest[0], raw, url);
      return;
    }
    let answer: { status: number; text: string } = { status: 404, text: 'not_found' };
    if (req.method === 'POST' && first === 'upload' && rest[0] === 'v1' && rest[1]) {
      answer = await receiveUpload(this.state, rest[1], raw, req.headers['content-type'] ?? '');
    } else if (req.method === 'POST' && (first === 'commands' || first === 'actions')) {
      answer = this.responseUrls.receive(url.pathname.slice(1), raw);
    }
    res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(answer.text);
  }
}

/** Starts a Slack stand-in on a free loopback port. Call `stop()` when done. */
export async function startSlackStandin(opts: SlackStandinOptions = {}): Promise<SlackStandin> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  try {
    return new SlackStandin(server, opts);
  } catch (error) {
    server.close();
    throw error;
  }
}
