/**
 * The Teams conversations the bot may post in, kept in the store: a conversation reference
 * per channel or chat (refreshed by every activity from it), so posts can be made
 * proactively later, by any process, after a restart; and an index of channel names, so a
 * plan can name `#chats` or `LeadersGC/Chats`.
 *
 * Channel names are not unique in an organization (every team has a "General", and anyone
 * may create a team): a name keeps every channel that bears it, and a name borne by more
 * than one channel leads to none (the plan must then say `Team/channel`, or give the id).
 * Names are indexed only from what Teams reports (installation, a channel created, renamed
 * or deleted) and from an organizer's `here`, never from ordinary commands or messages.
 */
import type { ConversationReference } from 'botbuilder';
import type { Logger, Store } from '../../core/ports.js';
import type { ChannelRef } from '../../core/engine/run.js';
import { KeyedMutex } from '../../core/service/keyed-mutex.js';
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
  /** Display name of the channel (`General` for the team's first channel), as indexed. */
  name?: string;
  teamName?: string;
}

const entryKey = (channelId: string): string => `teams:conversation:${channelId}`;
const nameKey = (name: string): string => `teams:channel-name:${name}`;

/** Tries at a name's list of channels when another process writes it at the same time. */
const NAME_WRITE_TRIES = 3;

/** `#Chats` → `chats`, `LeadersGC / Chats` → `leadersgc/chats`. */
export function normalizeChannelName(name: string): string {
  return name
    .trim()
    .replace(/^#/, '')
    .replace(/\s*\/\s*/g, '/')
    .toLowerCase();
}

/** The names a plan can give a channel, as shown: `Chats`, then `LeadersGC/Chats`. */
export function planNamesOf(entry: Pick<KnownConversation, 'name' | 'teamName'>): string[] {
  if (!entry.name) return [];
  return [entry.name, ...(entry.teamName ? [`${entry.teamName}/${entry.name}`] : [])];
}

/** How a channel is named in logs: `LeadersGC/Chats (19:…)`. */
function described(entry: KnownConversation): string {
  const names = planNamesOf(entry);
  return names.length > 0 ? `${names.at(-1)} (${entry.channelId})` : entry.channelId;
}

/** Stored conversation references and channel names, with an in-process cache in front of the store. */
export class ConversationDirectory {
  private readonly cache = new Map<string, KnownConversation>();
  private readonly nameLocks = new KeyedMutex();

  constructor(private readonly deps: { store: Store; logger: Logger }) {}

  /** Saves (or refreshes) a conversation's reference; its indexed names stay as they were. */
  async save(entry: KnownConversation): Promise<KnownConversation> {
    const { name: _name, teamName: _teamName, ...rest } = entry;
    const previous = await this.get(entry.channelId);
    const merged: KnownConversation = { ...previous, ...rest, reference: ownReference(entry) };
    await this.put(merged);
    return merged;
  }

  /**
   * Saves a conversation with its names and indexes them: the channel is added to each
   * name's list, and taken off the lists of names it no longer bears (a renamed channel).
   */
  async index(entry: KnownConversation): Promise<KnownConversation> {
    const previous = await this.get(entry.channelId);
    const merged: KnownConversation = { ...previous, ...entry, reference: ownReference(entry) };
    await this.put(merged);
    const now = planNamesOf(merged).map(normalizeChannelName);
    for (const old of planNamesOf(previous ?? merged).map(normalizeChannelName)) {
      if (!now.includes(old)) await this.setNamed(old, merged.channelId, false);
    }
    for (const name of now) await this.setNamed(name, merged.channelId, true);
    return merged;
  }

  /** A deleted channel: its names no longer lead to it (its reference stays, for the chats it hosted). */
  async unindex(channelId: string): Promise<void> {
    const previous = await this.get(channelId);
    if (!previous) return;
    for (const name of planNamesOf(previous).map(normalizeChannelName)) await this.setNamed(name, channelId, false);
    const { name: _name, teamName: _teamName, ...rest } = previous;
    await this.put(rest);
  }

  /** The conversation with this channel (or chat) id, if the bot was ever told of it. */
  async get(channelId: string): Promise<KnownConversation | undefined> {
    const cached = this.cache.get(channelId);
    if (cached) return cached;
    const stored = await this.deps.store.getValue<KnownConversation>(entryKey(channelId));
    if (stored) this.cache.set(channelId, stored);
    return stored;
  }

  /**
   * The channel a plan names: its id, `#name`, `name` or `team/name`. A name that several
   * channels bear leads to none, with a warning that names them all.
   */
  async resolve(nameOrId: string): Promise<ChannelRef | undefined> {
    const byId = await this.get(nameOrId.trim());
    if (byId) return refOf(byId);
    const ids = await this.channelsNamed(normalizeChannelName(nameOrId));
    const entries = (await Promise.all(ids.map((id) => this.get(id)))).filter(
      (e): e is KnownConversation => e !== undefined,
    );
    if (entries.length === 1) return refOf(entries[0]!);
    if (entries.length > 1) {
      const candidates = entries.map(described);
      this.deps.logger.warn(
        { name: nameOrId, candidates },
        `The Teams channel name "${nameOrId}" is ambiguous: ${candidates.join(', ')} bear it. Nothing is posted there; name the channel in the plan as Team/channel or by its id.`,
      );
    }
    return undefined;
  }

  /** The shortest name that leads to this channel alone (`Chats`, else `LeadersGC/Chats`), else its id. */
  async planName(entry: KnownConversation): Promise<string> {
    for (const name of planNamesOf(entry)) {
      const ids = await this.channelsNamed(normalizeChannelName(name));
      if (ids.length === 1 && ids[0] === entry.channelId) return name;
    }
    return entry.channelId;
  }

  private async put(entry: KnownConversation): Promise<void> {
    this.cache.set(entry.channelId, entry);
    await this.deps.store.setValue(entryKey(entry.channelId), entry);
  }

  /** The ids of the channels that bear `name` (normalized). */
  private async channelsNamed(name: string): Promise<string[]> {
    const stored = await this.deps.store.getValue<string[] | string>(nameKey(name));
    // A single id was stored before a name kept every channel that bears it.
    return typeof stored === 'string' ? [stored] : (stored ?? []);
  }

  /**
   * Adds `channelId` to (or takes it off) the list of `name`. The store has no
   * compare-and-set: the write is read back and made again if another process's write of
   * the same list replaced it, so a name never looks unique while two channels bear it.
   */
  private setNamed(name: string, channelId: string, present: boolean): Promise<void> {
    return this.nameLocks.run(name, async () => {
      for (let attempt = 0; attempt < NAME_WRITE_TRIES; attempt++) {
        const ids = await this.channelsNamed(name);
        if (ids.includes(channelId) === present) return;
        const next = present ? [...ids, channelId] : ids.filter((id) => id !== channelId);
        if (next.length > 0) await this.deps.store.setValue(nameKey(name), next);
        else await this.deps.store.deleteValue(nameKey(name));
      }
      if ((await this.channelsNamed(name)).includes(channelId) !== present) {
        this.deps.logger.warn(
          { name, channel: channelId },
          'could not update the Teams channel name index (written by another process at the same time); type "@Roundtable here" in the channel again',
        );
      }
    });
  }
}

/** The entry's reference, pointed at the channel itself (not a thread, not the team's General). */
function ownReference(entry: KnownConversation): Partial<ConversationReference> {
  return { ...entry.reference, conversation: { ...entry.reference.conversation!, id: entry.channelId } };
}

function refOf(entry: KnownConversation): ChannelRef {
  return channelRefOf(entry.channelId, entry.tenantId, entry.name);
}
