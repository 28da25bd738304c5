/**
 * What every Connector operation of the Teams stand-in works with, and the checks they share:
 * the conversation exists, the bot is installed there, the rate limits allow one more call.
 */
import { ConnectorErrors, type ConnectorReply } from './connector-errors.js';
import type { ConnectorState, ResolvedConversation } from './connector-state.js';
import type { RateBucket, TeamsRateLimiter } from './teams-rate-limiter.js';

/** The stand-in's state and settings, as the operations see them. */
export interface ConnectorContext {
  state: ConnectorState;
  /** Undefined when rate limiting is off. */
  limiter: TeamsRateLimiter | undefined;
  /** Validate bodies against the swagger and cards against the 1.5 schema. */
  validate: boolean;
  specsDir: string | undefined;
  /** The bot's account (`28:<app id>`). */
  bot: { id: string; name: string };
}

/** Either a value or the reply that refuses the request. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reply: ConnectorReply };

/** The conversation a path names, refusing unknown ones (404) and teams without the bot (403). */
export function conversationFor(ctx: ConnectorContext, conversationId: string): Checked<ResolvedConversation> {
  const conversation = ctx.state.resolve(conversationId);
  if (!conversation) return { ok: false, reply: ConnectorErrors.conversationNotFound(conversationId) };
  if (conversation.kind === 'channel' && !conversation.team.botInstalled)
    return { ok: false, reply: ConnectorErrors.notInRoster() };
  return { ok: true, value: conversation };
}

/** The key rate limits count under: the channel for a channel or any of its threads. */
export function rateKeyOf(conversation: ResolvedConversation): string {
  return conversation.kind === 'channel' ? conversation.channel.id : conversation.id;
}

/**
 * A 429 reply when the bot is over a limit in this conversation, else undefined (and the call
 * counts). A stand-in serves one bot, so limits count per `ctx.bot` and conversation.
 */
export function throttle(
  ctx: ConnectorContext,
  conversationKey: string,
  bucket: RateBucket,
): ConnectorReply | undefined {
  if (!ctx.limiter) return undefined;
  const verdict = ctx.limiter.take(`${ctx.bot.id}|${conversationKey}`, bucket);
  return verdict.ok ? undefined : ConnectorErrors.throttled(verdict.retryAfterSeconds);
}

/** The body as a JSON object, or a 400. */
export function objectBody(body: unknown, what: string): Checked<Record<string, unknown>> {
  if (body !== null && typeof body === 'object' && !Array.isArray(body))
    return { ok: true, value: body as Record<string, unknown> };
  return { ok: false, reply: ConnectorErrors.badArgument(`The request body must be a JSON object (${what}).`) };
}

/** The sender of an activity the bot sends: its `from.id`, else the stand-in's bot. */
export function senderOf(ctx: ConnectorContext, activity: Record<string, unknown>): { id: string; name?: string } {
  const from = activity.from as { id?: unknown; name?: unknown } | undefined;
  return typeof from?.id === 'string' && from.id !== ''
    ? { id: from.id, ...(typeof from.name === 'string' ? { name: from.name } : {}) }
    : { ...ctx.bot };
}
