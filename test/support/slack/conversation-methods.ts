/**
 * The reading and identity methods of the stand-in: `auth.test`, `conversations.history`,
 * `conversations.replies` (both with `include_all_metadata` and cursor pagination),
 * `conversations.info`, `conversations.list`, `conversations.join`, `users.info` and
 * `apps.connections.open`.
 */
import { WORKSPACE } from './slack-ids.js';
import { apiError } from './method-rules.js';
import { boolArg, isApiError, knownChannel, stringArg } from './method-context.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import type { StandinChannel, StoredMessage } from './standin-types.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

/** Slack's cursors are base64 of `next_ts:<ts>`. */
function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace('.', '')}`).toString('base64');
}

/** The `ts` a cursor points to, in `ts` form, or undefined when it is not one of ours. */
function decodeCursor(cursor: string): string | undefined {
  const match = /^next_ts:(\d{10})(\d{6})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** Filters by `oldest`/`latest`/`inclusive`, then takes a page of `limit` from `cursor`. */
function page(
  ctx: MethodContext,
  messages: StoredMessage[],
  newestFirst: boolean,
): { items: StoredMessage[]; next?: string } | { error: string } {
  const oldest = Number(stringArg(ctx.args, 'oldest') ?? '0');
  const latestArg = stringArg(ctx.args, 'latest');
  const latest = latestArg === undefined ? Infinity : Number(latestArg);
  if (Number.isNaN(oldest)) return { error: 'invalid_ts_oldest' };
  if (Number.isNaN(latest)) return { error: 'invalid_ts_latest' };
  const inclusive = boolArg(ctx.args, 'inclusive') ?? false;
  let items = messages.filter((m) => {
    const ts = Number(m.ts);
    return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  });
  if (newestFirst) items = [...items].reverse();
  const cursor = stringArg(ctx.args, 'cursor');
  if (cursor) {
    const from = decodeCursor(cursor);
    if (from === undefined) return { error: 'invalid_cursor' };
    const start = items.findIndex((m) => m.ts === from);
    items = start < 0 ? [] : items.slice(start);
  }
  const limit = Math.min(MAX_PAGE, Math.max(1, Number(stringArg(ctx.args, 'limit') ?? DEFAULT_PAGE) || DEFAULT_PAGE));
  const next = items[limit];
  return next ? { items: items.slice(0, limit), next: encodeCursor(next.ts) } : { items };
}

/** A conversation as `conversations.info` returns it (`num_members` always with `numMembers`, as `conversations.list` gives it). */
function channelView(
  ctx: MethodContext,
  channel: StandinChannel,
  opts: { numMembers?: boolean } = {},
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: channel.isArchived,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: WORKSPACE.teamId,
    updated: channel.created * 1000,
    creator: 'U0STANDADM',
    is_ext_shared: false,
    shared_team_ids: [WORKSPACE.teamId],
    pending_connected_team_ids: [],
    is_member: channel.botMember,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
  };
  if (boolArg(ctx.args, 'include_locale')) view.locale = 'en-US';
  if (opts.numMembers ?? boolArg(ctx.args, 'include_num_members')) {
    view.num_members = channel.members ? channel.members.size : ctx.state.users.size;
  }
  return view;
}

const authTest: MethodHandler = (ctx) => ({
  ok: true,
  ...(ctx.state.enterpriseId ? { enterprise_id: ctx.state.enterpriseId } : {}),
  url: `https://${WORKSPACE.teamDomain}.slack.com/`,
  team: WORKSPACE.teamName,
  user: WORKSPACE.botName,
  team_id: WORKSPACE.teamId,
  user_id: WORKSPACE.botUserId,
  bot_id: WORKSPACE.botId,
  is_enterprise_install: false,
});

/** The channel named by `channel` when the bot may read it, as Slack answers otherwise: a private channel it is not in does not exist for it, a public one needs joining. */
function readableChannel(ctx: MethodContext) {
  const channel = knownChannel(ctx);
  if (isApiError(channel)) return channel;
  if (!channel.botMember && channel.isPrivate) return apiError('channel_not_found');
  if (!channel.botMember) return apiError('not_in_channel');
  return channel;
}

/** A page of messages as `conversations.history` and `.replies` return it (metadata only when `include_all_metadata` asks). */
function messagesPage(
  ctx: MethodContext,
  result: { items: StoredMessage[]; next?: string },
  extra: Record<string, unknown> = {},
) {
  const includeMetadata = boolArg(ctx.args, 'include_all_metadata') ?? false;
  return {
    ok: true,
    messages: result.items.map((m) => ctx.state.apiMessage(m, { includeMetadata })),
    has_more: result.next !== undefined,
    ...extra,
    ...(result.next ? { response_metadata: { next_cursor: result.next } } : {}),
  };
}

const history: MethodHandler = (ctx) => {
  const channel = readableChannel(ctx);
  if (isApiError(channel)) return channel;
  const result = page(ctx, ctx.state.historyOf(channel.id), true);
  if ('error' in result) return apiError(result.error);
  return messagesPage(ctx, result, { pin_count: 0, channel_actions_ts: null, channel_actions_count: 0 });
};

const replies: MethodHandler = (ctx) => {
  const channel = readableChannel(ctx);
  if (isApiError(channel)) return channel;
  const target = ctx.state.find(channel.id, stringArg(ctx.args, 'ts') ?? '');
  const parent = target ? ctx.state.find(channel.id, target.threadTs ?? target.ts) : undefined;
  const thread = parent ? ctx.state.replies(channel.id, parent.ts) : [];
  if (!parent || (parent.deleted && thread.length === 0)) return apiError('thread_not_found');
  const result = page(ctx, [parent, ...thread], false);
  if ('error' in result) return apiError(result.error);
  return messagesPage(ctx, result);
};

const info: MethodHandler = (ctx) => {
  const channel = knownChannel(ctx);
  if (isApiError(channel)) return channel;
  if (!channel.botMember && channel.isPrivate) return apiError('channel_not_found');
  return { ok: true, channel: channelView(ctx, channel) };
};

const LIST_TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);
const LIST_DEFAULT_PAGE = 100;
const LIST_MAX_PAGE = 1000;

/** `conversations.list` cursors are base64 of `team:<id of the next page's first channel>`, as Slack's look. */
function encodeListCursor(id: string): string {
  return Buffer.from(`team:${id}`).toString('base64');
}

/** The channel id a `conversations.list` cursor points to, or undefined when it is not one of ours. */
function decodeListCursor(cursor: string): string | undefined {
  return /^team:([A-Z0-9]+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];
}

/**
 * `conversations.list`: the channels of `types` (default `public_channel`) the bot can see,
 * every public one and the private ones it is a member of, by id. As Slack's, a page is cut
 * first and `exclude_archived` then drops its archived channels, so a page may come back
 * short, even empty, with pages still to come; `next_cursor` is '' on the last page. The
 * stand-in has no DMs: `im` and `mpim` are accepted and list nothing.
 */
const list: MethodHandler = (ctx) => {
  const types = (stringArg(ctx.args, 'types') || 'public_channel').split(',').map((t) => t.trim());
  if (types.some((t) => !LIST_TYPES.has(t))) return apiError('invalid_types');
  const limitArg = stringArg(ctx.args, 'limit');
  const limit = limitArg === undefined ? LIST_DEFAULT_PAGE : Number(limitArg);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_PAGE) return apiError('invalid_limit');
  let visible = [...ctx.state.channels.values()]
    .filter(
      (c) =>
        !c.id.startsWith('D') &&
        (c.isPrivate ? c.botMember && types.includes('private_channel') : types.includes('public_channel')),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cursor = stringArg(ctx.args, 'cursor');
  if (cursor) {
    const from = decodeListCursor(cursor);
    if (from === undefined) return apiError('invalid_cursor');
    visible = visible.filter((c) => c.id >= from);
  }
  const excludeArchived = boolArg(ctx.args, 'exclude_archived') ?? false;
  const next = visible[limit];
  return {
    ok: true,
    channels: visible
      .slice(0, limit)
      .filter((c) => !(excludeArchived && c.isArchived))
      .map((c) => channelView(ctx, c, { numMembers: true })),
    response_metadata: { next_cursor: next ? encodeListCursor(next.id) : '' },
  };
};

/** `conversations.open` with one user: the bot's direct messages with them (`D` + user id), made on first use. */
const open: MethodHandler = (ctx) => {
  const users = (stringArg(ctx.args, 'users') ?? '').split(',').filter(Boolean);
  if (users.length !== 1)
    return apiError(users.length === 0 ? 'users_list_not_supplied' : 'method_not_supported_for_channel_type');
  const user = users[0]!;
  if (!ctx.state.users.has(user)) return apiError('user_not_found');
  const id = `D${user}`;
  const channel =
    ctx.state.channels.get(id) ??
    ctx.state.addChannel(id, { name: id, isPrivate: true, members: [user, WORKSPACE.botUserId] });
  return { ok: true, channel: { id: channel.id } };
};

const join: MethodHandler = (ctx) => {
  const channel = knownChannel(ctx);
  if (isApiError(channel)) return channel;
  if (channel.isPrivate) return apiError('method_not_supported_for_channel_type');
  if (channel.isArchived) return apiError('is_archived');
  const already = channel.botMember;
  channel.botMember = true;
  channel.members?.add(WORKSPACE.botUserId);
  const answer: Record<string, unknown> = { ok: true, channel: channelView(ctx, channel) };
  if (already) {
    answer.warning = 'already_in_channel';
    answer.response_metadata = { warnings: ['already_in_channel'] };
  }
  return answer;
};

const usersInfo: MethodHandler = (ctx) => {
  const user = ctx.state.users.get(stringArg(ctx.args, 'user') ?? '');
  if (!user) return apiError('user_not_found');
  const realName = user.realName ?? user.name;
  const view: Record<string, unknown> = {
    id: user.id,
    team_id: user.teamId ?? WORKSPACE.teamId,
    name: user.name,
    deleted: false,
    color: '9f69e7',
    real_name: realName,
    tz: user.tz ?? 'America/Toronto',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: user.name,
      display_name_normalized: user.name,
      team: user.teamId ?? WORKSPACE.teamId,
    },
    ...(user.enterpriseId
      ? {
          enterprise_user: {
            id: user.id,
            enterprise_id: user.enterpriseId,
            enterprise_name: 'Org',
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            teams: [user.teamId ?? WORKSPACE.teamId],
          },
        }
      : {}),
    is_admin: user.isAdmin ?? false,
    is_owner: user.isOwner ?? false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    updated: 1_700_000_000,
  };
  if (boolArg(ctx.args, 'include_locale')) view.locale = user.locale ?? 'en-US';
  return { ok: true, user: view };
};

const connectionsOpen: MethodHandler = (ctx) => {
  const url = ctx.socketUrl();
  return url === undefined ? apiError('too_many_websockets') : { ok: true, url };
};

/** The reading and identity handlers by method name. */
export const CONVERSATION_METHODS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
  'conversations.list': list,
  'conversations.join': join,
  'conversations.open': open,
  'users.info': usersInfo,
  'apps.connections.open': connectionsOpen,
};
