/**
 * Where a Teams activity happens, read from its ids: a channel thread's conversation id is
 * `<channel id>;messageid=<root post id>`, a new post names itself as the root, and group
 * and personal chats have no threads. Also the deep link people open to see a message.
 */
import type { ChannelRef } from '../../core/engine/run.js';

const THREAD_MARK = ';messageid=';

/** A conversation id split into the channel (or chat) and the thread's root post. */
export interface ConversationPlace {
  /** The channel id (or group / personal chat id) the core knows the conversation by. */
  channelId: string;
  /** The root post of the thread, for a channel message in a thread. */
  rootId?: string;
}

/** Splits `19:x@thread.tacv2;messageid=123` into `{ channelId: '19:x@thread.tacv2', rootId: '123' }`. */
export function splitConversationId(conversationId: string): ConversationPlace {
  const at = conversationId.indexOf(THREAD_MARK);
  if (at < 0) return { channelId: conversationId };
  const rootId = conversationId.slice(at + THREAD_MARK.length);
  return { channelId: conversationId.slice(0, at), ...(rootId ? { rootId } : {}) };
}

/** The conversation id of the thread under post `rootId` of channel `channelId`. */
export function threadConversationId(channelId: string, rootId: string): string {
  return `${channelId}${THREAD_MARK}${rootId}`;
}

/** The id of the post a `createConversation` made: what follows `;messageid=`. */
export function postIdOf(conversationId: string): string | undefined {
  return splitConversationId(conversationId).rootId;
}

/** The parts of an inbound activity that say where it happened. */
export interface ActivityPlace {
  id?: string;
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
  channelData?: { channel?: { id?: string; name?: string }; tenant?: { id?: string }; team?: { id?: string } };
}

/** The channel, thread root and kind of conversation of an activity. */
export function placeOf(
  activity: ActivityPlace,
): ConversationPlace & { kind: 'channel' | 'groupChat' | 'personal'; tenantId?: string } {
  const conversationId = activity.conversation?.id ?? '';
  const { channelId, rootId } = splitConversationId(conversationId);
  const type = activity.conversation?.conversationType;
  const kind = type === 'personal' ? 'personal' : type === 'groupChat' ? 'groupChat' : 'channel';
  const tenantId = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  // A new post names itself as its root: it is not in a thread.
  const inThread = rootId !== undefined && rootId !== activity.id;
  return {
    channelId: activity.channelData?.channel?.id ?? channelId,
    kind,
    ...(inThread ? { rootId } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** The core's `ChannelRef` for a Teams channel or chat. */
export function channelRefOf(channelId: string, tenantId?: string, name?: string): ChannelRef {
  return { platform: 'teams', id: channelId, ...(tenantId ? { workspace: tenantId } : {}), ...(name ? { name } : {}) };
}

/**
 * The link that opens a channel message in Teams (`https://teams.microsoft.com/l/message/…`);
 * `rootId` is the thread's root post for a reply. Undefined outside channels.
 */
export function messageLink(spec: {
  channelId: string;
  messageId: string;
  rootId?: string;
  tenantId?: string;
  groupId?: string;
}): string {
  const query = new URLSearchParams();
  if (spec.tenantId) query.set('tenantId', spec.tenantId);
  if (spec.groupId) query.set('groupId', spec.groupId);
  query.set('parentMessageId', spec.rootId ?? spec.messageId);
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(spec.channelId)}/${encodeURIComponent(spec.messageId)}?${query.toString()}`;
}
