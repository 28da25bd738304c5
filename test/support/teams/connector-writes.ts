/**
 * The Connector operations that write, as Teams performs them in a channel: create a
 * conversation (a new channel post, or a personal chat), send to a conversation (a post, or a
 * reply when the id names a thread), reply to an activity, update and delete the bot's messages.
 */
import type { Attachment } from 'botframework-schema';
import { conversationParametersProblems, refuseActivity } from './activity-checks.js';
import {
  conversationFor,
  objectBody,
  rateKeyOf,
  senderOf,
  throttle,
  type ConnectorContext,
} from './connector-context.js';
import { ConnectorErrors, type ConnectorReply } from './connector-errors.js';
import type { ResolvedConversation, StoredMessage } from './connector-state.js';
import { nextMessageId, threadConversationId } from './teams-ids.js';

function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function store(
  ctx: ConnectorContext,
  conversationId: string,
  rootId: string | undefined,
  activity: Record<string, unknown>,
  content?: { text: string | undefined; attachments: Attachment[] },
): StoredMessage {
  const id = nextMessageId();
  const text = typeof activity.text === 'string' ? activity.text : undefined;
  return ctx.state.addMessage({
    id,
    conversationId,
    rootId,
    byBot: true,
    from: senderOf(ctx, activity),
    text: content ? content.text : text,
    attachments: content ? content.attachments : arrayOf<Attachment>(activity.attachments),
    entities: arrayOf(activity.entities),
    value: activity.value,
    createdAt: new Date().toISOString(),
    activity: { ...activity, id },
  });
}

/** Where a new message lands: the thread named by the conversation id, the thread of `replyToId`, or a new post. */
function placement(
  ctx: ConnectorContext,
  conversation: ResolvedConversation,
  replyToId: string | undefined,
): { conversationId: string; rootId: string | undefined } {
  if (conversation.kind === 'personal') return { conversationId: conversation.id, rootId: undefined };
  const channelId = conversation.channel.id;
  if (conversation.rootId !== undefined) return { conversationId: channelId, rootId: conversation.rootId };
  const target = replyToId === undefined ? undefined : ctx.state.messages.get(replyToId);
  if (target && target.conversationId === channelId)
    return { conversationId: channelId, rootId: target.rootId ?? target.id };
  return { conversationId: channelId, rootId: undefined };
}

/**
 * Sends a message (POST .../activities, or .../activities/{replyToId}). Teams splits a message
 * with both text and attachments into two and then returns no id, as its documentation says.
 */
export function postActivity(
  ctx: ConnectorContext,
  conversationId: string,
  body: unknown,
  replyToId?: string,
): ConnectorReply {
  const conversation = conversationFor(ctx, conversationId);
  if (!conversation.ok) return conversation.reply;
  const activity = objectBody(body, 'an Activity');
  if (!activity.ok) return activity.reply;
  const refusal = throttle(ctx, rateKeyOf(conversation.value), 'send') ?? refuseActivity(activity.value, ctx);
  if (refusal) return refusal;
  if (activity.value.type !== 'message') return { status: 201, body: {} };
  const where = placement(
    ctx,
    conversation.value,
    replyToId ?? (typeof activity.value.replyToId === 'string' ? activity.value.replyToId : undefined),
  );
  const text =
    typeof activity.value.text === 'string' && activity.value.text.trim() !== '' ? activity.value.text : undefined;
  const attachments = arrayOf<Attachment>(activity.value.attachments);
  if (text !== undefined && attachments.length > 0) {
    store(ctx, where.conversationId, where.rootId, activity.value, { text, attachments: [] });
    store(ctx, where.conversationId, where.rootId, activity.value, { text: undefined, attachments });
    return { status: 201, body: {} };
  }
  return { status: 201, body: { id: store(ctx, where.conversationId, where.rootId, activity.value).id } };
}

/** POST v3/conversations: a new channel post (isGroup + channelData.channel.id) or a personal chat (one member). */
export function createConversation(ctx: ConnectorContext, body: unknown): ConnectorReply {
  const parsed = objectBody(body, 'ConversationParameters');
  if (!parsed.ok) return parsed.reply;
  const params = parsed.value;
  const problems = ctx.validate ? conversationParametersProblems(params, ctx.specsDir) : [];
  if (problems.length > 0) return ConnectorErrors.badArgument(problems.join('; '));
  const channelData = (params.channelData ?? {}) as { channel?: { id?: unknown }; tenant?: { id?: unknown } };
  const activity = params.activity as Record<string, unknown> | undefined;
  const withSender = (a: Record<string, unknown>): Record<string, unknown> =>
    a.from ? a : { ...a, from: params.bot ?? ctx.bot };

  if (params.isGroup === true && typeof channelData.channel?.id === 'string') {
    const channelId = channelData.channel.id;
    const conversation = conversationFor(ctx, channelId);
    if (!conversation.ok) return conversation.reply;
    if (!activity)
      return ConnectorErrors.badArgument('A new channel conversation needs an "activity": the post that starts it.');
    const refusal = throttle(ctx, channelId, 'create') ?? refuseActivity(activity, ctx);
    if (refusal) return refusal;
    const post = store(ctx, channelId, undefined, withSender(activity));
    return { status: 201, body: { id: threadConversationId(channelId, post.id), activityId: post.id } };
  }

  const members = arrayOf<{ id?: unknown }>(params.members);
  if (params.isGroup !== true && members.length === 1 && typeof members[0]?.id === 'string') {
    const tenantId = typeof params.tenantId === 'string' ? params.tenantId : channelData.tenant?.id;
    if (typeof tenantId !== 'string')
      return ConnectorErrors.badArgument(
        'A personal conversation needs the tenant id ("tenantId" or channelData.tenant.id).',
      );
    const member = ctx.state.findMember(members[0].id);
    if (!member) return ConnectorErrors.memberNotFound(members[0].id, 400);
    const id = ctx.state.personalConversation(member, tenantId);
    if (!activity) return { status: 201, body: { id } };
    const refusal = throttle(ctx, id, 'create') ?? refuseActivity(activity, ctx);
    if (refusal) return refusal;
    return { status: 201, body: { id, activityId: store(ctx, id, undefined, withSender(activity)).id } };
  }
  return ConnectorErrors.badArgument(
    'Incorrect conversation creation parameters: give isGroup with channelData.channel.id, or exactly one member.',
  );
}

/** The bot's own, not deleted message `activityId` in the conversation, or the refusal. */
function ownMessage(
  ctx: ConnectorContext,
  conversation: ResolvedConversation,
  activityId: string,
): StoredMessage | ConnectorReply {
  const message = ctx.state.messages.get(activityId);
  if (!message || message.deleted || message.conversationId !== rateKeyOf(conversation))
    return ConnectorErrors.activityNotFound(activityId);
  return message.byBot ? message : ConnectorErrors.notYourMessage(activityId);
}

/** PUT .../activities/{activityId}: replaces the text and attachments of a bot message. */
export function updateActivity(
  ctx: ConnectorContext,
  conversationId: string,
  activityId: string,
  body: unknown,
): ConnectorReply {
  const conversation = conversationFor(ctx, conversationId);
  if (!conversation.ok) return conversation.reply;
  const activity = objectBody(body, 'an Activity');
  if (!activity.ok) return activity.reply;
  const refusal = throttle(ctx, rateKeyOf(conversation.value), 'send');
  if (refusal) return refusal;
  const message = ownMessage(ctx, conversation.value, activityId);
  if (!('id' in message)) return message;
  const invalid = refuseActivity(activity.value, ctx);
  if (invalid) return invalid;
  ctx.state.updateMessage(activityId, {
    text: typeof activity.value.text === 'string' ? activity.value.text : undefined,
    attachments: arrayOf<Attachment>(activity.value.attachments),
    entities: arrayOf(activity.value.entities),
    activity: { ...activity.value, id: activityId },
  });
  return { status: 200, body: { id: activityId } };
}

/** DELETE .../activities/{activityId}: removes a bot message (replies of a deleted post stay stored). */
export function deleteActivity(ctx: ConnectorContext, conversationId: string, activityId: string): ConnectorReply {
  const conversation = conversationFor(ctx, conversationId);
  if (!conversation.ok) return conversation.reply;
  const refusal = throttle(ctx, rateKeyOf(conversation.value), 'send');
  if (refusal) return refusal;
  const message = ownMessage(ctx, conversation.value, activityId);
  if (!('id' in message)) return message;
  message.deleted = true;
  message.updatedAt = new Date().toISOString();
  return { status: 200 };
}
