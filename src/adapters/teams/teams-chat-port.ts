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
import type { ChatPort, Logger, Store } from '../../core/ports.js';
import type { ChannelRef, MessageRef } from '../../core/engine/run.js';
import type { Message } from '../../core/engine/messages.js';
import { RoundtableError } from '../../core/errors.js';
import type { ConnectorCalls } from './connector-calls.js';
import type { ConversationDirectory, KnownConversation } from './conversation-directory.js';
import { TEAMS_COMMAND, type TeamsRenderer } from './teams-renderer.js';
import { messageLink } from './teams-conversation.js';

/** How long the last shared version of a poll card is kept (to answer votes with it). */
const POLL_MESSAGE_TTL_MS = 90 * 24 * 3_600_000;

const pollMessageKey = (activityId: string): string => `teams:poll-message:${activityId}`;

/**
 * How long a poll card read or written here is answered from memory: no longer than the
 * shared card's own refresh interval, so a voter never sees an older tally than the channel
 * (another process may have refreshed it).
 */
const POLL_MEMORY_MS = 2_000;

/** What the port is built from. */
export interface TeamsChatPortDeps {
  calls: ConnectorCalls;
  directory: ConversationDirectory;
  renderer: TeamsRenderer;
  store: Store;
  logger: Logger;
  /** Wall clock (tests). */
  now?: () => number;
}

/** The Teams `ChatPort`. */
export class TeamsChatPort implements ChatPort {
  /** Poll cards seen in the last moments, by post id (a burst of votes reads the same one). */
  private readonly polls = new Map<string, { message: Extract<Message, { kind: 'poll' }>; at: number }>();

  constructor(private readonly deps: TeamsChatPortDeps) {}

  async post(channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    const conversation = await this.conversationOf(channel);
    const [first, ...rest] = this.deps.renderer.activities(message);
    const { calls } = this.deps;
    const inThread = opts.thread?.id;
    const id =
      inThread || conversation.kind !== 'channel'
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
    for (const activity of this.deps.renderer.activities(message))
      await this.deps.calls.sendPersonal(conversation, user, activity);
  }

  async resolveChannel(nameOrId: string): Promise<ChannelRef | undefined> {
    return this.deps.directory.resolve(nameOrId);
  }

  /** The poll as everyone last saw it on post `activityId` (to answer a vote with the voter's own card). */
  async pollShownOn(activityId: string): Promise<Extract<Message, { kind: 'poll' }> | undefined> {
    const recent = this.recentPoll(activityId);
    if (recent) return recent;
    const message = await this.deps.store.getValue<Extract<Message, { kind: 'poll' }>>(pollMessageKey(activityId));
    // A card this process posted while the store was being read is newer than what the read returned.
    const posted = this.recentPoll(activityId);
    if (posted) return posted;
    if (message) this.keep(activityId, message);
    return message;
  }

  private recentPoll(activityId: string): Extract<Message, { kind: 'poll' }> | undefined {
    const entry = this.polls.get(activityId);
    return entry && (this.deps.now ?? Date.now)() - entry.at < POLL_MEMORY_MS ? entry.message : undefined;
  }

  private keep(activityId: string, message: Extract<Message, { kind: 'poll' }>): void {
    const now = (this.deps.now ?? Date.now)();
    for (const [id, entry] of this.polls) if (now - entry.at >= POLL_MEMORY_MS) this.polls.delete(id);
    this.polls.set(activityId, { message, at: now });
  }

  private async rememberPoll(activityId: string, message: Extract<Message, { kind: 'poll' }>): Promise<void> {
    await this.deps.store.setValue(pollMessageKey(activityId), message, POLL_MESSAGE_TTL_MS);
    this.keep(activityId, message);
  }

  private async conversationOf(channel: ChannelRef): Promise<KnownConversation> {
    const conversation = await this.deps.directory.get(channel.id);
    if (!conversation) {
      throw new RoundtableError(
        'not_found',
        `Roundtable has no Teams conversation reference for channel ${channel.id}: install the app in the team, or type "${TEAMS_COMMAND} here" in the channel.`,
      );
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
