/**
 * The stand-in's Web API front door (`/api/<method>`): parses the call, checks the token
 * (`not_authed`, `invalid_auth`, `not_allowed_token_type`), holds or fails calls when asked,
 * applies rate limits (HTTP 429 with `Retry-After`), checks required arguments, runs the
 * method and logs the call. Errors are HTTP 200 with `{ ok: false, error }`, as Slack's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHAT_METHODS } from './chat-methods.js';
import { CONVERSATION_METHODS } from './conversation-methods.js';
import { FILE_METHODS } from './file-methods.js';
import { apiError, METHOD_RULES, missingArguments } from './method-rules.js';
import { isApiError, stringArg } from './method-context.js';
import { parseCall } from './request-body.js';
import { SlackRateLimiter } from './rate-limiter.js';
import { seededRandom } from '../../../src/cli/seeded-random.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import type { CallRecord, FailMode, RateLimitOptions, StandinStats } from './standin-types.js';
import type { WorkspaceState } from './workspace-state.js';

const HANDLERS: Record<string, MethodHandler> = { ...CHAT_METHODS, ...CONVERSATION_METHODS, ...FILE_METHODS };

/** Failure injection settings. */
export interface FailureSettings {
  rate: number;
  mode: FailMode;
  hangMs: number;
  methods?: string[];
  seed: number;
}

/** What the Web API needs to run. */
export interface WebApiSettings {
  botToken: string;
  appToken: string;
  rateLimit: RateLimitOptions | false;
  failure: FailureSettings;
  validate: MethodContext['validate'];
  socketUrl: MethodContext['socketUrl'];
  uploadUrl: MethodContext['uploadUrl'];
  /** Time of the rate limits (ms). */
  now: () => number;
}

/** Serves `/api/<method>` over the workspace state. */
export class WebApi {
  /** Every call received, in order. */
  readonly log: CallRecord[] = [];
  readonly stats: StandinStats = { calls: 0, ratelimited: 0, failed: 0 };
  private readonly limiter: SlackRateLimiter;
  private readonly draw: () => number;
  private readonly hanging = new Set<{ timer: NodeJS.Timeout; res: ServerResponse }>();
  /** Calls held unanswered, by method, until released. */
  private readonly holds = new Map<string, (() => void)[]>();

  /** A Web API over `state` with these settings. */
  constructor(
    private readonly state: WorkspaceState,
    private readonly settings: WebApiSettings,
  ) {
    this.limiter = new SlackRateLimiter(settings.rateLimit);
    this.draw = seededRandom(settings.failure.seed);
  }

  /** Changes the share of calls that fail (0 turns failures off). */
  setFailRate(rate: number): void {
    this.settings.failure.rate = rate;
  }

  /**
   * Holds every call of `method` unanswered (logged on arrival) until the returned function is
   * called: a slow Slack, without timers. Stopping the stand-in releases them too.
   */
  hold(method: string): () => void {
    const waiting: (() => void)[] = [];
    this.holds.set(method, waiting);
    return () => {
      if (this.holds.get(method) === waiting) this.holds.delete(method);
      for (const go of waiting.splice(0)) go();
    };
  }

  /** Answers one Web API call. */
  async handle(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer, url: URL): Promise<void> {
    this.stats.calls += 1;
    const at = Date.now();
    const parsed = await parseCall(req, raw, url);
    const args = 'error' in parsed ? {} : parsed.args;
    const named = stringArg(args, 'channel') ?? stringArg(args, 'channel_id');
    // chat.postMessage accepts a channel name; the log and the rate limit use its ID.
    const channel =
      named && method === 'chat.postMessage' ? (this.state.resolveChannel(named, true)?.id ?? named) : named;
    const record: CallRecord = {
      method,
      at,
      status: 200,
      ok: false,
      args,
      ...(channel !== undefined ? { channel } : {}),
    };
    this.log.push(record);
    const held = this.holds.get(method);
    if (held) await new Promise<void>((resolve) => held.push(resolve));
    const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void => {
      record.status = status;
      record.ok = body.ok === true;
      if (typeof body.error === 'string') record.error = body.error;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if ('error' in parsed) return reply(200, apiError(parsed.error));
    const rule = METHOD_RULES[method];
    const handler = HANDLERS[method];
    if (!rule || !handler) return reply(200, apiError('unknown_method'));
    const auth = this.checkToken(parsed.token, rule.token);
    if (auth) return reply(200, auth);
    if (this.shouldFail(method)) return this.fail(record, res);
    if (parsed.json && !rule.json) for (const key of parsed.jsonKeys) delete args[key];
    const retryAfter = this.limiter.take(method, channel, this.settings.now());
    if (retryAfter !== undefined) {
      this.stats.ratelimited += 1;
      return reply(429, apiError('ratelimited'), { 'retry-after': String(retryAfter) });
    }
    const missing = missingArguments(rule, args);
    if (missing) return reply(200, missing);
    const ctx: MethodContext = {
      state: this.state,
      args,
      validate: this.settings.validate,
      socketUrl: this.settings.socketUrl,
      uploadUrl: this.settings.uploadUrl,
    };
    const body = handler(ctx);
    if (parsed.warnings.length > 0 && !isApiError(body)) {
      body.warning = parsed.warnings.join(',');
      body.response_metadata = { ...(body.response_metadata as object | undefined), warnings: parsed.warnings };
    }
    reply(200, body);
  }

  /** Releases held calls and drops hanging ones (at stop). */
  close(): void {
    for (const waiting of this.holds.values()) for (const go of waiting.splice(0)) go();
    this.holds.clear();
    for (const hang of this.hanging) {
      clearTimeout(hang.timer);
      hang.res.destroy();
    }
    this.hanging.clear();
  }

  private checkToken(token: string | undefined, kind: 'bot' | 'app'): Record<string, unknown> | undefined {
    if (token === undefined || token === '') return apiError('not_authed');
    const type = token === this.settings.botToken ? 'bot' : token === this.settings.appToken ? 'app' : undefined;
    if (type === undefined) return apiError('invalid_auth');
    if (type !== kind) return apiError('not_allowed_token_type');
    return undefined;
  }

  private shouldFail(method: string): boolean {
    const { rate, methods } = this.settings.failure;
    if (rate <= 0 || (methods && !methods.includes(method))) return false;
    return this.draw() < rate;
  }

  /** An injected failure: HTTP 500, or a call that hangs and then loses its connection. */
  private fail(record: CallRecord, res: ServerResponse): void {
    this.stats.failed += 1;
    const { mode, hangMs } = this.settings.failure;
    const hang = mode === 'hang' || (mode === 'mixed' && this.draw() < 0.5);
    if (!hang) {
      record.status = 500;
      record.error = 'injected_http_500';
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
      return;
    }
    record.status = 0;
    record.error = 'injected_hang';
    const entry = {
      res,
      timer: setTimeout(() => {
        this.hanging.delete(entry);
        res.destroy();
      }, hangMs),
    };
    this.hanging.add(entry);
  }
}
