/**
 * The Teams conversations the bot may post in, kept in the store: a conversation
 * reference per channel (saved when the bot is installed in a team, and on every command,
 * `here` included), so posts can be made proactively later, by any process, after a
 * restart; and an index of channel names, so a plan can name `#chats` or `LeadersGC/Chats`.
 */
import type { ConversationReference } from 'botbuilder';
import type { Store } from '../../core/ports.js';
import type { ChannelRef } from '../../core/run.js';
import { channelRefOf } from './teams-conversation.js';

/** What the bot knows of a channel or chat. */
export interface KnownConversation {
  /** A reference whose `conversation.id` is the channel (or chat) itself, not a thread. */
  reference: Partial<ConversationReference>;
  kind: 'channel' | 'groupChat' | 'personal';
  channelId: string;
  tenantId?: string;
  teamId?: string;
  /** The team's Microsoft 365 group id, for message links. */
  groupId?: string;
  /** Display name of the channel (`General` for the team's first channel). */
  name?: string;
  teamName?: string;
}

const entryKey = (channelId: string): string => `teams:conversation:${channelId}`;
const nameKey = (name: string): string => `teams:channel-name:${name.toLowerCase()}`;

/** `#Chats` → `chats`, `LeadersGC / Chats` → `leadersgc/chats`. */
export function normalizeChannelName(name: string): string {
  return name.trim().replace(/^#/, '').replace(/\s*\/\s*/g, '/').toLowerCase();
}

/** Stored conversation references, with an in-process cache in front of the store. */
export class ConversationDirectory {
  private readonly cache = new Map<string, KnownConversation>();

  constructor(private readonly store: Store) {}

  /** Saves (or refreshes) a conversation and its names. */
  async save(entry: KnownConversation): Promise<void> {
    const previous = await this.get(entry.channelId);
    const merged: KnownConversation = { ...previous, ...entry, reference: { ...entry.reference, conversation: { ...entry.reference.conversation!, id: entry.channelId } } };
    this.cache.set(entry.channelId, merged);
    await this.store.setValue(entryKey(entry.channelId), merged);
    if (merged.name) {
      await this.store.setValue(nameKey(normalizeChannelName(merged.name)), entry.channelId);
      if (merged.teamName) await this.store.setValue(nameKey(normalizeChannelName(`${merged.teamName}/${merged.name}`)), entry.channelId);
    }
  }

  /** The conversation with this channel (or chat) id, if the bot was ever told of it. */
  async get(channelId: string): Promise<KnownConversation | undefined> {
    const cached = this.cache.get(channelId);
    if (cached) return cached;
    const stored = await this.store.getValue<KnownConversation>(entryKey(channelId));
    if (stored) this.cache.set(channelId, stored);
    return stored;
  }

  /** The channel a plan names: its id, `#name`, `name` or `team/name`. */
  async resolve(nameOrId: string): Promise<ChannelRef | undefined> {
    const byId = await this.get(nameOrId.trim());
    const id = byId ? byId.channelId : await this.store.getValue<string>(nameKey(normalizeChannelName(nameOrId)));
    const entry = byId ?? (id ? await this.get(id) : undefined);
    return entry ? channelRefOf(entry.channelId, entry.tenantId, entry.name) : undefined;
  }
}
