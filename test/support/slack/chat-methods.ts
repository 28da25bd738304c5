/**
 * The `chat.*` methods of the stand-in: `postMessage`, `update`, `delete`, `postEphemeral`
 * and `getPermalink`, with Slack's refusals (`channel_not_found`, `not_in_channel`,
 * `thread_not_found`, `no_text`, `msg_too_long`, `invalid_blocks`, `message_not_found`,
 * `cant_update_message`, …).
 */
import { WORKSPACE } from './slack-ids.js';
import { apiError } from './method-rules.js';
import {
  boolArg,
  isApiError,
  knownChannel,
  messageContent,
  metadataArg,
  postableChannel,
  stringArg,
} from './method-context.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import type { ApiError } from './method-rules.js';
import type { StoredMessage } from './standin-types.js';

/** The parent `ts` a `thread_ts` names (a reply's `ts` leads to its parent), or `thread_not_found`. */
export function threadParent(
  ctx: MethodContext,
  channel: string,
  threadTs: string | undefined,
): string | undefined | ApiError {
  if (threadTs === undefined || threadTs === '') return undefined;
  const target = ctx.state.find(channel, threadTs);
  if (!target) return apiError('thread_not_found');
  const parentTs = target.threadTs ?? target.ts;
  const parent = ctx.state.find(channel, parentTs);
  if (!parent || (parent.deleted && ctx.state.replies(channel, parentTs).length === 0))
    return apiError('thread_not_found');
  return parentTs;
}

/** A live message of the channel named by `ts`, or `message_not_found`. */
function liveMessage(ctx: MethodContext, channel: string, tsArg: string): StoredMessage | ApiError {
  const ts = stringArg(ctx.args, tsArg) ?? '';
  const message = ctx.state.find(channel, ts);
  return message && !message.deleted ? message : apiError('message_not_found');
}

const postMessage: MethodHandler = (ctx) => {
  const channel = postableChannel(ctx, 'channel', { byName: true });
  if (isApiError(channel)) return channel;
  const content = messageContent(ctx, { requireContent: true });
  if (isApiError(content)) return content;
  const threadTs = threadParent(ctx, channel.id, stringArg(ctx.args, 'thread_ts'));
  if (isApiError(threadTs)) return threadTs;
  const metadata = metadataArg(ctx);
  if (isApiError(metadata)) return metadata;
  const message = ctx.state.post({
    channel: channel.id,
    user: WORKSPACE.botUserId,
    botId: WORKSPACE.botId,
    text: content.text ?? '',
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs,
    metadata,
    subtype: threadTs !== undefined && boolArg(ctx.args, 'reply_broadcast') ? 'thread_broadcast' : undefined,
    unfurlLinks: boolArg(ctx.args, 'unfurl_links'),
    unfurlMedia: boolArg(ctx.args, 'unfurl_media'),
  });
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    message: ctx.state.apiMessage(message, { includeMetadata: true }),
  };
};

const update: MethodHandler = (ctx) => {
  const channel = knownChannel(ctx);
  if (isApiError(channel)) return channel;
  const message = liveMessage(ctx, channel.id, 'ts');
  if (isApiError(message)) return message;
  if (message.botId !== WORKSPACE.botId) return apiError('cant_update_message');
  const content = messageContent(ctx, { requireContent: false });
  if (isApiError(content)) return content;
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined)
    return apiError('no_text');
  const metadata = metadataArg(ctx);
  if (isApiError(metadata)) return metadata;
  ctx.state.edit(message, { text: content.text, blocks: content.blocks }, WORKSPACE.botUserId);
  if (content.blocks?.length === 0) delete message.blocks;
  if (content.attachments) message.attachments = content.attachments;
  if (metadata) message.metadata = metadata;
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: ctx.state.apiMessage(message, { includeMetadata: true }),
  };
};

const remove: MethodHandler = (ctx) => {
  const channel = knownChannel(ctx);
  if (isApiError(channel)) return channel;
  const message = liveMessage(ctx, channel.id, 'ts');
  if (isApiError(message)) return message;
  if (message.botId !== WORKSPACE.botId) return apiError('cant_delete_message');
  message.deleted = true;
  return { ok: true, channel: channel.id, ts: message.ts };
};

const postEphemeral: MethodHandler = (ctx) => {
  const ref = stringArg(ctx.args, 'channel') ?? '';
  const channel = ref ? ctx.state.resolveChannel(ref, true) : undefined;
  if (!channel) return apiError('channel_not_found');
  if (channel.isArchived) return apiError('is_archived');
  const user = stringArg(ctx.args, 'user') ?? '';
  if (!ctx.state.users.has(user)) return apiError('user_not_found');
  if (!ctx.state.isMember(channel, user)) return apiError('user_not_in_channel');
  const content = messageContent(ctx, { requireContent: true });
  if (isApiError(content)) return content;
  const threadTs = stringArg(ctx.args, 'thread_ts');
  const stored = ctx.state.postEphemeral({
    channel: channel.id,
    user,
    text: content.text ?? '',
    blocks: content.blocks,
    source: 'api',
    ...(threadTs ? { threadTs } : {}),
  });
  return { ok: true, message_ts: stored.ts };
};

const getPermalink: MethodHandler = (ctx) => {
  const channel = knownChannel(ctx);
  if (isApiError(channel)) return channel;
  const message = liveMessage(ctx, channel.id, 'message_ts');
  if (isApiError(message)) return message;
  return { ok: true, channel: channel.id, permalink: ctx.state.permalink(message) };
};

/** The `chat.*` handlers by method name. */
export const CHAT_METHODS: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};
