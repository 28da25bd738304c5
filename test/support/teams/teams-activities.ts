/**
 * Activities as Microsoft Teams sends them to a bot in a team channel (shapes from Microsoft's
 * Teams bot documentation and botframework-schema's types): messages with and without an
 * @mention, edits, soft deletes, reactions, the bot's installation, channel events, Adaptive Card
 * `Action.Execute` invokes and `Action.Submit` messages.
 *
 * @example
 * const scope = { serviceUrl: standin.serviceUrl, tenantId, teamId, channelId };
 * const post = channelMessage({ ...scope, from: alice, text: 'start leadersgc', mentionBot: true });
 * await standin.userPost(post, { botUrl });
 */
import type {
  ChannelAccount,
  ConversationAccount,
  Entity,
  MessageReaction,
  TeamsChannelData,
} from 'botframework-schema';
import { newEventId, nextMessageId, threadConversationId } from './teams-ids.js';

/** The bot's account as Teams addresses it (`28:<app id>`). */
export interface BotAccount {
  id: string;
  name: string;
}

/** The default bot account of the stand-in and the builders. */
export const ROUNDTABLE_BOT: BotAccount = { id: '28:7c1d2b0e-5e3a-4c1e-9d7f-0a1b2c3d4e5f', name: 'Roundtable' };

/** A Teams user as activities carry them. */
export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

/** Where the activity happens: a channel of a team. */
export interface ChannelScope {
  serviceUrl: string;
  tenantId: string;
  teamId: string;
  channelId: string;
  teamName?: string;
  channelName?: string;
  bot?: BotAccount;
  /** Client locale, `en-US` by default (`fr-CA` for a French client). */
  locale?: string;
  timezone?: string;
}

/** Teams' reaction types. */
export type ReactionType = 'like' | 'heart' | 'laugh' | 'surprised' | 'sad' | 'angry';

/** An activity as it travels to the bot (JSON: timestamps are strings). */
export interface TeamsActivity {
  type:
    | 'message'
    | 'messageUpdate'
    | 'messageDelete'
    | 'messageReaction'
    | 'conversationUpdate'
    | 'installationUpdate'
    | 'invoke';
  id: string;
  timestamp: string;
  localTimestamp: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: ChannelAccount;
  recipient: ChannelAccount;
  conversation: Partial<ConversationAccount> & { id: string };
  channelData: TeamsChannelData & {
    teamsTeamId?: string;
    teamsChannelId?: string;
    source?: { name: string };
    legacy?: { replyToId: string };
  };
  locale: string;
  localTimezone: string;
  entities?: Entity[];
  text?: string;
  textFormat?: 'plain';
  attachments?: Array<{ contentType: string; content: unknown }>;
  replyToId?: string;
  value?: unknown;
  name?: string;
  membersAdded?: Array<Partial<ChannelAccount> & { id: string }>;
  reactionsAdded?: MessageReaction[];
  reactionsRemoved?: MessageReaction[];
  action?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function envelope(
  scope: ChannelScope,
  from: TeamsUser,
  conversationId: string,
  id: string,
  extra: Partial<TeamsActivity['channelData']> = {},
): TeamsActivity {
  const now = new Date().toISOString();
  const locale = scope.locale ?? 'en-US';
  return {
    type: 'message',
    id,
    timestamp: now,
    localTimestamp: now,
    channelId: 'msteams',
    serviceUrl: scope.serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { ...(scope.bot ?? ROUNDTABLE_BOT) },
    conversation: { isGroup: true, conversationType: 'channel', tenantId: scope.tenantId, id: conversationId },
    channelData: {
      teamsChannelId: scope.channelId,
      teamsTeamId: scope.teamId,
      channel: { id: scope.channelId, ...(scope.channelName ? { name: scope.channelName } : {}) },
      team: { id: scope.teamId, ...(scope.teamName ? { name: scope.teamName } : {}) },
      tenant: { id: scope.tenantId },
      ...extra,
    },
    locale,
    localTimezone: scope.timezone ?? 'America/Toronto',
  };
}

function clientInfo(scope: ChannelScope): Entity {
  const locale = scope.locale ?? 'en-US';
  return {
    type: 'clientInfo',
    locale,
    country: locale.split('-')[1] ?? 'CA',
    platform: 'Web',
    timezone: scope.timezone ?? 'America/Toronto',
  };
}

/**
 * A user's channel message: a new post (its conversation id names itself as the thread root)
 * or, with `replyToPostId`, a reply in that post's thread. With `mentionBot` the text starts
 * with `<at>Roundtable</at>` and a `mention` entity names the bot, as Teams sends it.
 */
export function channelMessage(
  spec: ChannelScope & { from: TeamsUser; text: string; mentionBot?: boolean; replyToPostId?: string; id?: string },
): TeamsActivity {
  const id = spec.id ?? nextMessageId();
  const bot = spec.bot ?? ROUNDTABLE_BOT;
  const at = `<at>${bot.name}</at>`;
  const text = spec.mentionBot ? `${at} ${spec.text}` : spec.text;
  const html = spec.mentionBot
    ? `<p><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">${escapeHtml(bot.name)}</span> ${escapeHtml(spec.text)}</p>`
    : `<p>${escapeHtml(spec.text)}</p>`;
  return {
    ...envelope(spec, spec.from, threadConversationId(spec.channelId, spec.replyToPostId ?? id), id),
    text,
    textFormat: 'plain',
    attachments: [{ contentType: 'text/html', content: html }],
    entities: [
      ...(spec.mentionBot ? [{ type: 'mention', mentioned: { id: bot.id, name: bot.name }, text: at }] : []),
      clientInfo(spec),
    ],
  };
}

/** A user's edit of a message (`messageUpdate`, `channelData.eventType: 'editMessage'`). */
export function messageUpdate(
  spec: ChannelScope & { from: TeamsUser; messageId: string; text: string; rootId?: string },
): TeamsActivity {
  return {
    ...envelope(spec, spec.from, threadConversationId(spec.channelId, spec.rootId ?? spec.messageId), spec.messageId, {
      eventType: 'editMessage',
    }),
    type: 'messageUpdate',
    text: spec.text,
    textFormat: 'plain',
    entities: [clientInfo(spec)],
  };
}

/** A user's deletion of a message (`messageDelete`, `channelData.eventType: 'softDeleteMessage'`). */
export function messageDelete(
  spec: ChannelScope & { from: TeamsUser; messageId: string; rootId?: string },
): TeamsActivity {
  return {
    ...envelope(spec, spec.from, threadConversationId(spec.channelId, spec.rootId ?? spec.messageId), spec.messageId, {
      eventType: 'softDeleteMessage',
    }),
    type: 'messageDelete',
  };
}

/** Reactions added to or removed from a message (`messageReaction`; `replyToId` names the message). */
export function messageReaction(
  spec: ChannelScope & {
    from: TeamsUser;
    messageId: string;
    rootId?: string;
    added?: ReactionType[];
    removed?: ReactionType[];
  },
): TeamsActivity {
  return {
    ...envelope(spec, spec.from, threadConversationId(spec.channelId, spec.rootId ?? spec.messageId), newEventId()),
    type: 'messageReaction',
    replyToId: spec.messageId,
    ...(spec.added?.length ? { reactionsAdded: spec.added.map((type) => ({ type })) } : {}),
    ...(spec.removed?.length ? { reactionsRemoved: spec.removed.map((type) => ({ type })) } : {}),
  };
}

/** The `conversationUpdate` Teams sends when the bot is added to a team (`eventType: 'teamMemberAdded'`). */
export function botInstalled(spec: ChannelScope & { from: TeamsUser; aadGroupId?: string }): TeamsActivity {
  const bot = spec.bot ?? ROUNDTABLE_BOT;
  const base = envelope(spec, spec.from, spec.channelId, newEventId());
  return {
    ...base,
    type: 'conversationUpdate',
    conversation: { ...base.conversation, ...(spec.channelName ? { name: spec.channelName } : {}) },
    membersAdded: [{ id: bot.id }],
    channelData: {
      settings: { selectedChannel: { id: spec.channelId } },
      team: {
        id: spec.teamId,
        ...(spec.teamName ? { name: spec.teamName } : {}),
        ...(spec.aadGroupId ? { aadGroupId: spec.aadGroupId } : {}),
      },
      eventType: 'teamMemberAdded',
      tenant: { id: spec.tenantId },
    },
  };
}

/** The `installationUpdate` Teams sends alongside an install (`add`) or uninstall (`remove`). */
export function installationUpdate(spec: ChannelScope & { from: TeamsUser; action: 'add' | 'remove' }): TeamsActivity {
  const base = envelope(spec, spec.from, spec.channelId, newEventId());
  return {
    ...base,
    type: 'installationUpdate',
    action: spec.action,
    entities: [clientInfo(spec)],
    channelData: {
      ...base.channelData,
      settings: { selectedChannel: { id: spec.channelId } },
      source: { name: 'message' },
    },
  };
}

/** The channel events Teams sends to a bot installed in the team. */
export type ChannelEventType = 'channelCreated' | 'channelRenamed' | 'channelDeleted';

/**
 * The `conversationUpdate` Teams sends when a channel of the team is created, renamed or
 * deleted: the conversation is the team's General channel (id = team id), and
 * `channelData.channel` names the channel concerned, with its new name.
 */
export function channelEvent(
  spec: ChannelScope & { from: TeamsUser; eventType: ChannelEventType; channelName: string },
): TeamsActivity {
  const base = envelope(spec, spec.from, spec.teamId, newEventId());
  return {
    ...base,
    type: 'conversationUpdate',
    channelData: {
      channel: { id: spec.channelId, name: spec.channelName },
      eventType: spec.eventType,
      team: { id: spec.teamId, ...(spec.teamName ? { name: spec.teamName } : {}) },
      tenant: { id: spec.tenantId },
    },
  };
}

/**
 * A click on an `Action.Execute` button: an `invoke` named `adaptiveCard/action` whose
 * `replyToId` is the card's message; the bot answers in the HTTP response body.
 */
export function adaptiveCardInvoke(
  spec: ChannelScope & {
    from: TeamsUser;
    cardActivityId: string;
    rootId?: string;
    verb: string;
    data?: Record<string, unknown>;
    actionId?: string;
  },
): TeamsActivity {
  return {
    ...envelope(
      spec,
      spec.from,
      threadConversationId(spec.channelId, spec.rootId ?? spec.cardActivityId),
      newEventId(),
      { source: { name: 'message' } },
    ),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: spec.cardActivityId,
    value: {
      action: {
        type: 'Action.Execute',
        ...(spec.actionId ? { id: spec.actionId } : {}),
        verb: spec.verb,
        data: spec.data ?? {},
      },
      trigger: 'manual',
    },
    entities: [clientInfo(spec)],
  };
}

/** A click on an `Action.Submit` button: a `message` with no text whose `value` is the action's data. */
export function cardSubmit(
  spec: ChannelScope & { from: TeamsUser; cardActivityId: string; rootId?: string; data: Record<string, unknown> },
): TeamsActivity {
  return {
    ...envelope(
      spec,
      spec.from,
      threadConversationId(spec.channelId, spec.rootId ?? spec.cardActivityId),
      nextMessageId(),
      {
        source: { name: 'message' },
        legacy: { replyToId: spec.cardActivityId },
      },
    ),
    replyToId: spec.cardActivityId,
    value: spec.data,
    entities: [clientInfo(spec)],
  };
}

type Builders = {
  channelMessage: typeof channelMessage;
  messageUpdate: typeof messageUpdate;
  messageDelete: typeof messageDelete;
  messageReaction: typeof messageReaction;
  botInstalled: typeof botInstalled;
  installationUpdate: typeof installationUpdate;
  channelEvent: typeof channelEvent;
  adaptiveCardInvoke: typeof adaptiveCardInvoke;
  cardSubmit: typeof cardSubmit;
};

/** The builders with `serviceUrl` and `bot` filled in (what `standin.activities` offers). */
export type BoundBuilders = {
  [K in keyof Builders]: (spec: Omit<Parameters<Builders[K]>[0], 'serviceUrl' | 'bot'>) => TeamsActivity;
};

/** Binds every builder to a stand-in's `serviceUrl` and bot account. */
export function bindTeamsActivities(serviceUrl: string, bot: BotAccount): BoundBuilders {
  const fill = <S>(spec: S): S & { serviceUrl: string; bot: BotAccount } => ({ ...spec, serviceUrl, bot });
  return {
    channelMessage: (spec) => channelMessage(fill(spec)),
    messageUpdate: (spec) => messageUpdate(fill(spec)),
    messageDelete: (spec) => messageDelete(fill(spec)),
    messageReaction: (spec) => messageReaction(fill(spec)),
    botInstalled: (spec) => botInstalled(fill(spec)),
    installationUpdate: (spec) => installationUpdate(fill(spec)),
    channelEvent: (spec) => channelEvent(fill(spec)),
    adaptiveCardInvoke: (spec) => adaptiveCardInvoke(fill(spec)),
    cardSubmit: (spec) => cardSubmit(fill(spec)),
  };
}
