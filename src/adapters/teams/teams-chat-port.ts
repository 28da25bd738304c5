/**
 * The core's `ChatPort` on Teams: each step is a new channel post (its own thread), thread
 * replies go under their post, live poll tallies update the post in place, and replies
 * only one person should see go to their personal chat with the bot (a channel has no
 * ephemeral messages). Every message is an Adaptive Card; a recap too big for one Teams
 * message continues in its own thread.
 *
 * Limits: Teams gives a bot no way to read a channel's history, so `findPosted` is not
 * offered (a post interrupted by a crash between Teams' answer and the journal is posted
 * again); exports cannot be uploaded to a channel without Microsoft Graph, so `upload` is
 * not offered either.
 */
import { CardFactory } from 'botbuilder';
import type { ChatPort, Logger, Store, Translator } from '../../core/ports.js';
import type { ChannelRef, MessageRef } from '../../core/run.js';
import type { Message } from '../../core/messages.js';
import type { Lang } from '../../core/plan.js';
import { composeMessage } from '../../core/compose-message.js';
import { RoundtableError } from '../../core/errors.js';
import { shorten } from '../../core/compose-text.js';
import type { ConnectorCalls, OutboundActivity } from './connector-calls.js';
import type { ConversationDirectory, KnownConversation } from './conversation-directory.js';
import { renderCards, type AdaptiveCard, type CardOptions } from './render-card.js';
import { teamsMarkup } from './teams-markup.js';
import { messageLink } from './teams-conversation.js';

/** The command people type in Teams. */
export const TEAMS_COMMAND = '@Roundtable';

/** How long the last shared version of a poll card is kept (to answer votes with it). */
const POLL_MESSAGE_TTL_MS = 90 * 24 * 3_600_000;

const pollMessageKey = (activityId: string): string => `teams:poll-message:${activityId}`;

/** How to render a message: a notice's language, a note for one person, a mention, a size budget. */
export type RenderOptions = Omit<CardOptions, 'note'> & { lang?: Lang; note?: Message };

/** Composes and renders a message as Teams cards. */
export class TeamsRenderer {
  constructor(private readonly translator: Translator) {}

  /** The cards of `message` (a notice in `lang`). */
  cards(message: Message, opts: RenderOptions = {}): AdaptiveCard[] {
    const { note, lang, ...rest } = opts;
    const composed = composeMessage(message, this.translator, teamsMarkup, { command: TEAMS_COMMAND, ...(lang ? { lang } : {}) });
    const noteComposed = note ? composeMessage(note, this.translator, teamsMarkup, { command: TEAMS_COMMAND }) : undefined;
    return renderCards(composed, this.translator, { ...rest, ...(noteComposed ? { note: noteComposed } : {}) });
  }

  /** The activities of `message`: one card each, the plain-text fallback as the notification summary. */
  activities(message: Message, opts: RenderOptions = {}): OutboundActivity[] {
    const summary = shorten(composeMessage(message, this.translator, teamsMarkup, { command: TEAMS_COMMAND, ...(opts.lang ? { lang: opts.lang } : {}) }).fallback.split('\n')[0] ?? '', 200);
    return this.cards(message, opts).map((card) => cardActivity(card, summary));
  }
}

/** A message activity carrying one Adaptive Card. */
export function cardActivity(card: AdaptiveCard, summary?: string): OutboundActivity {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(card)], ...(summary ? { summary } : {}) };
}

/** What the port is built from. */
export interface TeamsChatPortDeps {
  calls: ConnectorCalls;
  directory: ConversationDirectory;
  renderer: TeamsRenderer;
  store: Store;
  logger: Logger;
}

/** The Teams `ChatPort`. */
export class TeamsChatPort implements ChatPort {
  constructor(private readonly deps: TeamsChatPortDeps) {}

  async post(channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    const conversation = await this.conversationOf(channel);
    const [first, ...rest] = this.deps.renderer.activities(message);
    const { calls } = this.deps;
    const inThread = opts.thread?.id;
    const id = inThread || conversation.kind !== 'channel'
      ? await calls.send(conversation, first!, inThread)
      : await calls.createPost(conversation, first!);
    const root = inThread ?? id;
    for (const more of rest) await calls.send(conversation, more, conversation.kind === 'channel' ? root : undefined);
    if (message.kind === 'poll') await this.rememberPoll(id, message);
    this.deps.logger.debug({ channel: channel.id, step: opts.key, id }, 'posted to Teams');
    return { id, ...(conversation.kind === 'channel' ? { permalink: this.link(conversation, id, inThread) } : {}) };
  }

  async update(channel: ChannelRef, ref: MessageRef, message: Message): Promise<void> {
    const conversation = await this.conversationOf(channel);
    const [first] = this.deps.renderer.activities(message);
    await this.deps.calls.update(conversation, ref.id, first!);
    if (message.kind === 'poll') await this.rememberPoll(ref.id, message);
  }

  /** A personal chat with `user` (a Teams user id): the closest Teams has to a message only they see. */
  async ephemeral(channel: ChannelRef, user: string, message: Message): Promise<void> {
    const conversation = await this.conversationOf(channel);
    for (const activity of this.deps.renderer.activities(message)) await this.deps.calls.sendPersonal(conversation, user, activity);
  }

  async resolveChannel(nameOrId: string): Promise<ChannelRef | undefined> {
    return this.deps.directory.resolve(nameOrId);
  }

  /** The poll as everyone last saw it on post `activityId` (to answer a vote with the voter's own card). */
  async pollShownOn(activityId: string): Promise<Extract<Message, { kind: 'poll' }> | undefined> {
    return this.deps.store.getValue(pollMessageKey(activityId));
  }

  private async rememberPoll(activityId: string, message: Message): Promise<void> {
    await this.deps.store.setValue(pollMessageKey(activityId), message, POLL_MESSAGE_TTL_MS);
  }

  private async conversationOf(channel: ChannelRef): Promise<KnownConversation> {
    const conversation = await this.deps.directory.get(channel.id);
    if (!conversation) {
      throw new RoundtableError('not_found', `Roundtable has no Teams conversation reference for channel ${channel.id}: install the app in the team, or type "${TEAMS_COMMAND} here" in the channel.`);
    }
    return conversation;
  }

  private link(conversation: KnownConversation, id: string, rootId: string | undefined): string {
    return messageLink({
      channelId: conversation.channelId,
      messageId: id,
      ...(rootId ? { rootId } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
      ...(conversation.groupId ? { groupId: conversation.groupId } : {}),
    });
  }
}
