/**
 * The thin Teams activity handler: each Teams activity becomes one call on the
 * `ChatService`. An @mention that starts a message (or any message in a personal chat) is a
 * command, answered in the command's thread; other channel messages are answers (thread
 * replies, or `A3`/`R3` posts); edits, soft deletes and reactions follow their message;
 * poll clicks arrive as `adaptiveCard/action` invokes (or `Action.Submit` messages on older
 * clients). Every command saves the conversation reference, so the bot can post in that
 * channel later; channel names are indexed (for plans that name a channel) only when Teams
 * reports the installation or a channel created, renamed or deleted, and on an organizer's
 * `here`. Replies that must stay private (an export link) go to the asker's personal chat,
 * and the command's thread only says so.
 */
import {
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Activity,
} from 'botbuilder';
import type { ChatService } from '../../core/service/chat-service.js';
import type { ChangeOptions } from '../../core/service/participation.js';
import type { Logger } from '../../core/ports.js';
import type { Message, NoticeKey } from '../../core/engine/messages.js';
import type { Lang } from '../../core/plan/plan.js';
import { replyLang } from '../../core/engine/actor.js';
import { RoundtableError } from '../../core/errors.js';
import { describeError } from './teams-errors.js';
import type { ConnectorCalls } from './connector-calls.js';
import type { ConversationDirectory, KnownConversation } from './conversation-directory.js';
import type { ConversationPacer } from './conversation-pacer.js';
import type { TeamsMembers } from './teams-members.js';
import type { TeamsChatPort } from './teams-chat-port.js';
import type { TeamsRenderer } from './teams-renderer.js';
import { voteInvokeResponse } from './vote-response.js';
import { STORED_DELIVERY, type StoredDelivery } from './stored-delivery.js';
import { VOTE_VERB } from './render-card.js';
import { channelRefOf, messageLink, placeOf } from './teams-conversation.js';
import { commandText, isCommand, plainText, submittedVote } from './inbound-text.js';

/**
 * Notices that must reach the asker alone: a command's thread is read by the whole channel,
 * so these go to the asker's personal chat (an export link opens the transcript to whoever has it).
 */
export const PRIVATE_NOTICES: ReadonlySet<NoticeKey> = new Set<NoticeKey>([
  'export-link',
  'editor-link',
  'plan-file-link',
]);

type Mention = { id: string; name: string };

/** What the handler is built from. */
export interface TeamsBotDeps {
  /** The engine, once attached. */
  service(): ChatService;
  port: TeamsChatPort;
  renderer: TeamsRenderer;
  calls: ConnectorCalls;
  directory: ConversationDirectory;
  members: TeamsMembers;
  pacer: ConversationPacer;
  logger: Logger;
}

/** Roundtable's Teams activity handler. */
export class RoundtableTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
    this.onTeamsMessageEditEvent(async (ctx, next) => {
      const place = placeOf(ctx.activity);
      const late = await this.deps
        .service()
        .edit(
          channelRefOf(place.channelId, place.tenantId),
          ctx.activity.id ?? '',
          plainText(ctx.activity),
          await this.changeOf(ctx),
        );
      if (late) await this.sendPrivately(ctx, late);
      await next();
    });
    this.onTeamsMessageSoftDeleteEvent(async (ctx, next) => {
      const place = placeOf(ctx.activity);
      const late = await this.deps
        .service()
        .remove(channelRefOf(place.channelId, place.tenantId), ctx.activity.id ?? '', await this.changeOf(ctx));
      if (late) await this.sendPrivately(ctx, late);
      await next();
    });
    this.onReactionsAdded(async (ctx, next) => {
      await this.reactions(ctx, true);
      await next();
    });
    this.onReactionsRemoved(async (ctx, next) => {
      await this.reactions(ctx, false);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      if (ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient.id)) await this.installed(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx);
      await next();
    });
    this.onTeamsChannelCreatedEvent(async (_channel, _team, ctx, next) => {
      await this.remember(ctx, { index: true });
      await next();
    });
    this.onTeamsChannelRenamedEvent(async (_channel, _team, ctx, next) => {
      await this.remember(ctx, { index: true });
      await next();
    });
    this.onTeamsChannelDeletedEvent(async (channel, _team, ctx, next) => {
      if (channel.id) await this.deps.directory.unindex(channel.id);
      await next();
    });
  }

  /** A poll click (`Action.Execute`): the vote, answered with the voter's own refreshed card. */
  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = value.action;
    const buttonValue = (action.data as { value?: unknown } | undefined)?.value;
    if (action.verb !== VOTE_VERB || typeof buttonValue !== 'string') {
      this.deps.logger.warn({ verb: action.verb }, 'a Teams card action Roundtable does not know');
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: {
          code: 'BadRequest',
          message: this.deps.renderer.text(await this.langOf(ctx), 'unknown-action'),
        } as never,
      };
    }
    try {
      const service = this.deps.service();
      const place = placeOf(ctx.activity);
      // A redelivered click must not count twice (a redelivered change of mind would undo a later one).
      const notice = await service.voteOnce(
        channelRefOf(place.channelId, place.tenantId),
        await this.deps.members.actorOf(ctx),
        buttonValue,
        `teams:${ctx.activity.id ?? ''}`,
      );
      const poll = ctx.activity.replyToId ? await this.deps.port.pollShownOn(ctx.activity.replyToId) : undefined;
      return voteInvokeResponse(this.deps.renderer, poll, notice);
    } catch (err) {
      this.deps.logger.error({ err: describeError(err) }, 'a Teams vote could not be recorded');
      return {
        statusCode: 500,
        type: 'application/vnd.microsoft.error',
        value: {
          code: 'InternalError',
          message: this.deps.renderer.text(await this.langOf(ctx), 'vote-failed'),
        } as never,
      };
    }
  }

  /**
   * A channel message: a click from an older client, a command, or an answer. Teams is
   * answered once the answer is stored, and the delivery claimed then; a click or a command
   * is claimed first and answered once the core has stored what it does.
   */
  private async message(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const delivery = deliveryOf(ctx);
    const service = this.deps.service();
    const place = placeOf(activity);
    const vote = submittedVote(activity);
    if (vote !== undefined || isCommand(activity)) {
      if (!(await delivery.claim())) return;
      if (vote === undefined) return this.command(ctx, delivery);
      // Action.Submit from a client without Universal Actions: the notice goes to the voter's personal chat.
      const notice = await service.vote(
        channelRefOf(place.channelId, place.tenantId),
        await this.deps.members.actorOf(ctx),
        vote,
      );
      delivery.received();
      return this.sendPrivately(ctx, notice);
    }
    const known = await this.deps.directory.get(place.channelId);
    const permalink =
      place.kind === 'channel' && activity.id
        ? messageLink({
            channelId: place.channelId,
            messageId: activity.id,
            ...(place.rootId ? { rootId: place.rootId } : {}),
            ...(place.tenantId ? { tenantId: place.tenantId } : {}),
            ...(known?.groupId ? { groupId: known.groupId } : {}),
          })
        : undefined;
    const hint = await service.message(
      channelRefOf(place.channelId, place.tenantId),
      await this.deps.members.actorOf(ctx),
      {
        id: activity.id ?? '',
        text: plainText(activity),
        ...(place.rootId ? { threadId: place.rootId } : {}),
        ...(permalink ? { permalink } : {}),
        ...sentAtOf(activity),
      },
      { stored: () => delivery.stored() },
    );
    // A hint is sent by one delivery only.
    if (hint && (await delivery.claim())) await this.sendPrivately(ctx, hint);
  }

  /** Who changed a message and when (the activity's `timestamp`), for the end of the chat. */
  private async changeOf(ctx: TurnContext): Promise<ChangeOptions> {
    return {
      ...(ctx.activity.from?.id ? { author: await this.deps.members.actorOf(ctx) } : {}),
      ...sentAtOf(ctx.activity),
    };
  }

  /**
   * `@Roundtable <sub> …`: saves where it was typed, runs it, answers in the command's thread
   * (private replies in the asker's personal chat). The core gets the channel without a
   * name, so what it registers on `here` is keyed by id, never by a name another team can bear.
   */
  private async command(ctx: TurnContext, delivery: StoredDelivery): Promise<void> {
    const place = placeOf(ctx.activity);
    await this.remember(ctx, { index: false });
    const actor = await this.deps.members.actorOf(ctx, { withEmail: true });
    const replies = await this.deps
      .service()
      .command(channelRefOf(place.channelId, place.tenantId), actor, commandText(ctx.activity));
    delivery.received();
    const from = ctx.activity.from;
    const mention = place.kind === 'personal' ? undefined : { id: from.id, name: from.name || actor.name };
    for (const reply of replies) {
      // In a personal chat (no mention) every reply is already private.
      if (mention && reply.kind === 'notice' && PRIVATE_NOTICES.has(reply.key))
        await this.privateReply(ctx, reply, mention);
      else
        await this.inThread(
          ctx,
          this.deps.renderer.activities(await this.registered(ctx, reply), mention ? { mention } : {}),
        );
    }
  }

  /** Sends `activities` where the command was typed (its thread, in a channel). */
  private async inThread(ctx: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    const { channelId } = placeOf(ctx.activity);
    for (const activity of activities) await this.deps.pacer.run(channelId, 'send', () => ctx.sendActivity(activity));
  }

  /** A private reply to a command typed in a channel or group chat: to the personal chat; the thread only says where it went. */
  private async privateReply(ctx: TurnContext, reply: Message, mention: Mention): Promise<void> {
    const lang = reply.langs[0] ?? 'en';
    let sent = true;
    try {
      await this.sendPrivately(ctx, reply);
    } catch (err) {
      // Never fall back to the thread: the channel would see what was meant for one person.
      sent = false;
      this.deps.logger.warn(
        { err: describeError(err), user: ctx.activity.from.id },
        'a private reply could not reach the person’s personal chat; it was not posted in the channel either',
      );
    }
    await this.inThread(
      ctx,
      this.deps.renderer.textActivities(lang, sent ? 'sent-privately' : 'private-failed', { mention }),
    );
  }

  /**
   * `reply` as shown. For the core's `registered` (an organizer's `here`, accepted): the
   * channel's names are indexed first, and the reply gives the one plans should use.
   */
  private async registered(ctx: TurnContext, reply: Message): Promise<Message> {
    if (reply.kind !== 'notice' || reply.key !== 'registered') return reply;
    const entry = await this.remember(ctx, { index: true });
    return { ...reply, vars: { ...reply.vars, channel: await this.deps.directory.planName(entry) } };
  }

  private async reactions(ctx: TurnContext, added: boolean): Promise<void> {
    const activity = ctx.activity;
    const target = activity.replyToId;
    if (!target) return;
    const place = placeOf(activity);
    const channel = channelRefOf(place.channelId, place.tenantId);
    const actor = await this.deps.members.actorOf(ctx);
    for (const reaction of (added ? activity.reactionsAdded : activity.reactionsRemoved) ?? []) {
      if (reaction.type) await this.deps.service().react(channel, actor, target, reaction.type, added);
    }
  }

  /** The app was added to a team or chat: remember the conversation and, in a team, every channel. */
  private async installed(ctx: TurnContext): Promise<void> {
    const known = await this.remember(ctx, { index: true });
    const place = placeOf(ctx.activity);
    const selected = (ctx.activity.channelData as { settings?: { selectedChannel?: { id?: string } } } | undefined)
      ?.settings?.selectedChannel?.id;
    if (place.kind !== 'channel' || !known.teamId) return;
    try {
      const channels = await this.deps.pacer.run(known.teamId, 'read', () =>
        TeamsInfo.getTeamChannels(ctx, known.teamId),
      );
      for (const channel of channels) {
        if (!channel.id || channel.id === known.channelId) continue;
        await this.deps.directory.index({ ...known, channelId: channel.id, name: channel.name || 'General' });
      }
    } catch (err) {
      this.deps.logger.warn(
        { err: describeError(err), team: known.teamId },
        'could not list the team’s channels; each channel is registered when someone types "@Roundtable here" in it',
      );
      if (selected && selected !== known.channelId) await this.deps.directory.save({ ...known, channelId: selected });
    }
    this.deps.logger.info({ team: known.teamId, channel: known.channelId }, 'Roundtable was installed in a Teams team');
  }

  /**
   * Saves the conversation reference of the activity's channel; with `index`, also its
   * names (the channel's name looked up once if Teams did not send it).
   */
  private async remember(ctx: TurnContext, opts: { index: boolean }): Promise<KnownConversation> {
    const activity = ctx.activity;
    const place = placeOf(activity);
    const channelData = (activity.channelData ?? {}) as {
      team?: { id?: string; name?: string; aadGroupId?: string };
      channel?: { name?: string };
    };
    const previous = await this.deps.directory.get(place.channelId);
    const teamId = channelData.team?.id ?? previous?.teamId;
    // What Teams leaves out of a channel's activities is known from the team's General channel (id = team id).
    const team = teamId && teamId !== place.channelId ? await this.deps.directory.get(teamId) : undefined;
    const groupId = channelData.team?.aadGroupId ?? previous?.groupId ?? team?.groupId;
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
    const entry: KnownConversation = {
      reference,
      kind: place.kind,
      channelId: place.channelId,
      ...(place.tenantId ? { tenantId: place.tenantId } : {}),
      ...(teamId ? { teamId } : {}),
      ...(groupId ? { groupId } : {}),
    };
    if (!opts.index) return this.deps.directory.save(entry);
    let name = channelData.channel?.name ?? previous?.name;
    if (!name && place.kind === 'channel' && teamId) name = await this.channelName(ctx, teamId, place.channelId);
    const teamName = channelData.team?.name ?? previous?.teamName ?? team?.teamName;
    return this.deps.directory.index({ ...entry, ...(name ? { name } : {}), ...(teamName ? { teamName } : {}) });
  }

  private async channelName(ctx: TurnContext, teamId: string, channelId: string): Promise<string | undefined> {
    try {
      const channels = await this.deps.pacer.run(teamId, 'read', () => TeamsInfo.getTeamChannels(ctx, teamId));
      const channel = channels.find((c) => c.id === channelId);
      return channel ? channel.name || 'General' : undefined;
    } catch (err) {
      this.deps.logger.warn(
        { err: describeError(err), channel: channelId },
        'could not read the channel’s name; plans can still name it by id',
      );
      return undefined;
    }
  }

  /** A message for the activity's sender alone: their personal chat with the bot. */
  private async sendPrivately(ctx: TurnContext, message: Message): Promise<void> {
    const place = placeOf(ctx.activity);
    const conversation = (await this.deps.directory.get(place.channelId)) ?? this.unsaved(ctx.activity);
    for (const activity of this.deps.renderer.activities(message))
      await this.deps.calls.sendPersonal(conversation, ctx.activity.from.id, activity);
  }

  /** The language of the activity's sender: their `lang` choice, else their Teams locale (alone, when the store cannot say). */
  private async langOf(ctx: TurnContext): Promise<Lang> {
    const actor = await this.deps.members.actorOf(ctx);
    try {
      return await this.deps.service().langOf(actor);
    } catch (err) {
      this.deps.logger.warn(
        { err: describeError(err), user: actor.id },
        'could not read the person’s language choice; answering in their Teams language',
      );
      return replyLang(undefined, actor, 'en');
    }
  }

  private unsaved(activity: Activity): KnownConversation {
    const place = placeOf(activity);
    if (!activity.serviceUrl)
      throw new RoundtableError('platform_error', 'A Teams activity came without a service URL.');
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
    return {
      reference,
      kind: place.kind,
      channelId: place.channelId,
      ...(place.tenantId ? { tenantId: place.tenantId } : {}),
    };
  }
}

/** The delivery the adapter put in the turn's state (every message turn runs with one). */
function deliveryOf(ctx: TurnContext): StoredDelivery {
  const delivery = ctx.turnState.get(STORED_DELIVERY) as StoredDelivery | undefined;
  if (!delivery) throw new RoundtableError('internal', 'A Teams message turn ran without its delivery.');
  return delivery;
}

/** The activity's platform time (`timestamp`) in epoch ms, when it has one. */
function sentAtOf(activity: Activity): { sentAt?: number } {
  const at = activity.timestamp === undefined ? Number.NaN : new Date(activity.timestamp).getTime();
  return Number.isFinite(at) ? { sentAt: at } : {};
}
