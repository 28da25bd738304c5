/**
 * Identifiers shaped like the ones Microsoft Teams uses, so code under test meets the real
 * formats: channel ids `19:…@thread.tacv2`, user ids `29:…`, bot ids `28:<app id>`, personal
 * conversation ids `a:…`, message ids that are millisecond timestamps, event ids `f:…`.
 */
import { randomBytes, randomUUID } from 'node:crypto';

let lastMessageId = 0;

/** A new message id: a millisecond timestamp as Teams uses, strictly increasing in this process. */
export function nextMessageId(): string {
  lastMessageId = Math.max(Date.now(), lastMessageId + 1);
  return String(lastMessageId);
}

/** A new channel (or team) id, e.g. `19:4f1c…@thread.tacv2`. */
export function newChannelId(): string {
  return `19:${randomBytes(16).toString('hex')}@thread.tacv2`;
}

/** A new Teams user id, e.g. `29:1Xk…`. */
export function newUserId(): string {
  return `29:1${randomBytes(30).toString('base64url')}`;
}

/** A new personal (1:1) conversation id, e.g. `a:1Qx…`. */
export function newPersonalConversationId(): string {
  return `a:1${randomBytes(40).toString('base64url')}`;
}

/** A new Azure AD object id or tenant id (a GUID). */
export function newGuid(): string {
  return randomUUID();
}

/** A new id for a non-message event (conversationUpdate, invoke, reaction), e.g. `f:…`. */
export function newEventId(): string {
  return `f:${randomUUID()}`;
}

/** Splits `19:x@thread.tacv2;messageid=123` into the channel id and the thread's root post id. */
export function splitConversationId(conversationId: string): { channelId: string; rootId: string | undefined } {
  const at = conversationId.indexOf(';messageid=');
  if (at < 0) return { channelId: conversationId, rootId: undefined };
  return { channelId: conversationId.slice(0, at), rootId: conversationId.slice(at + ';messageid='.length) };
}

/** Joins a channel id and a root post id into a thread's conversation id. */
export function threadConversationId(channelId: string, rootId: string): string {
  return `${channelId};messageid=${rootId}`;
}
