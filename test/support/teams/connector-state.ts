/**
 * What the Teams stand-in remembers: teams with their channels and members, personal chats,
 * and every message (channel posts, thread replies, personal messages) with its edits,
 * deletion and reactions. Pure data: HTTP lives in `connector-routes.ts`.
 */
import type { Attachment } from 'botframework-schema';
import {
  newChannelId,
  newGuid,
  newPersonalConversationId,
  newUserId,
  splitConversationId,
  threadConversationId,
} from './teams-ids.js';

/** A member's role in a team, as the roster reports it. */
export type MemberRole = 'user' | 'owner' | 'guest' | 'anonymous';

/** A team member, shaped like the roster's TeamsChannelAccount. */
export interface StandinMember {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
  userRole: MemberRole;
  tenantId: string;
}

/** What a test gives to add a member; the rest is made up consistently. */
export interface AddMemberInput {
  id?: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userRole?: MemberRole;
  /** The member's home tenant (default: the team's): another one is an external member of a shared channel. */
  tenantId?: string;
}

/** A channel; the General channel has the team's id and a `null` name, as in Teams. */
export interface StandinChannel {
  id: string;
  name: string | null;
  teamId: string;
}

/** A team the bot may be installed in. */
export interface StandinTeam {
  id: string;
  name: string;
  aadGroupId: string;
  tenantId: string;
  botInstalled: boolean;
  channels: StandinChannel[];
  members: StandinMember[];
}

/** What a test gives to add a team. */
export interface AddTeamInput {
  id?: string;
  name: string;
  tenantId?: string;
  aadGroupId?: string;
  botInstalled?: boolean;
  channels?: Array<{ id?: string; name: string }>;
}

/** One message as Teams stores it, with its history. */
export interface StoredMessage {
  id: string;
  /** The channel id, or the personal conversation id. */
  conversationId: string;
  /** The root post's id for a thread reply; undefined for a post (or a personal message). */
  rootId: string | undefined;
  byBot: boolean;
  from: { id: string; name?: string; aadObjectId?: string };
  text: string | undefined;
  attachments: Attachment[];
  entities: unknown[];
  value: unknown;
  createdAt: string;
  updatedAt: string | undefined;
  deleted: boolean;
  /** Earlier versions, oldest first, each replaced by an update. */
  versions: Array<{ text: string | undefined; attachments: Attachment[]; at: string }>;
  reactions: Array<{ type: string; userId: string }>;
  /** The body of the last create or update, as received. */
  activity: Record<string, unknown>;
}

/** Where a conversation id points. */
export type ResolvedConversation =
  | { kind: 'channel'; team: StandinTeam; channel: StandinChannel; rootId: string | undefined }
  | { kind: 'personal'; id: string; member: StandinMember; tenantId: string };

/** The stand-in's memory. */
export class ConnectorState {
  readonly teams = new Map<string, StandinTeam>();
  readonly personal = new Map<string, { member: StandinMember; tenantId: string }>();
  readonly messages = new Map<string, StoredMessage>();

  /** Adds a team with its General channel (id = team id) and the given channels. */
  addTeam(input: AddTeamInput): StandinTeam {
    const id = input.id ?? newChannelId();
    const team: StandinTeam = {
      id,
      name: input.name,
      aadGroupId: input.aadGroupId ?? newGuid(),
      tenantId: input.tenantId ?? newGuid(),
      botInstalled: input.botInstalled ?? true,
      channels: [{ id, name: null, teamId: id }],
      members: [],
    };
    this.teams.set(id, team);
    for (const channel of input.channels ?? []) this.addChannel(id, channel);
    return team;
  }

  /** Adds a standard channel to a team. */
  addChannel(teamId: string, input: { id?: string; name: string }): StandinChannel {
    const team = this.team(teamId);
    const channel = { id: input.id ?? newChannelId(), name: input.name, teamId };
    team.channels.push(channel);
    return channel;
  }

  /** Adds (or replaces, same id) a member of a team. */
  addMember(teamId: string, input: AddMemberInput): StandinMember {
    const team = this.team(teamId);
    const [givenName = input.name, ...rest] = input.name.split(' ');
    const email =
      input.email ??
      `${input.name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '.')}@example.gc.ca`;
    const member: StandinMember = {
      id: input.id ?? newUserId(),
      name: input.name,
      aadObjectId: input.aadObjectId ?? newGuid(),
      email,
      userPrincipalName: email,
      givenName,
      surname: rest.join(' '),
      userRole: input.userRole ?? 'user',
      tenantId: input.tenantId ?? team.tenantId,
    };
    team.members = [...team.members.filter((m) => m.id !== member.id), member];
    return member;
  }

  /** The team with this id; throws a test-setup error when unknown. */
  team(teamId: string): StandinTeam {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`The stand-in has no team ${teamId}: call standin.addTeam first.`);
    return team;
  }

  /** The channel with this id and its team. */
  findChannel(channelId: string): { team: StandinTeam; channel: StandinChannel } | undefined {
    for (const team of this.teams.values()) {
      const channel = team.channels.find((c) => c.id === channelId);
      if (channel) return { team, channel };
    }
    return undefined;
  }

  /** A member of any team by Teams id, AAD object id, UPN or email. */
  findMember(idOrUpn: string, among?: readonly StandinMember[]): StandinMember | undefined {
    const pool = among ?? [...this.teams.values()].flatMap((t) => t.members);
    const key = idOrUpn.toLowerCase();
    return pool.find(
      (m) =>
        m.id === idOrUpn ||
        m.aadObjectId.toLowerCase() === key ||
        m.userPrincipalName.toLowerCase() === key ||
        m.email.toLowerCase() === key,
    );
  }

  /** The personal conversation of the bot with this member, created on first use. */
  personalConversation(member: StandinMember, tenantId: string): string {
    for (const [id, chat] of this.personal) if (chat.member.id === member.id) return id;
    const id = newPersonalConversationId();
    this.personal.set(id, { member, tenantId });
    return id;
  }

  /**
   * Resolves a conversation id. A thread id (`<channel>;messageid=<root>`) resolves only
   * when the root is a post of that channel.
   */
  resolve(conversationId: string): ResolvedConversation | undefined {
    const chat = this.personal.get(conversationId);
    if (chat) return { kind: 'personal', id: conversationId, member: chat.member, tenantId: chat.tenantId };
    const { channelId, rootId } = splitConversationId(conversationId);
    const found = this.findChannel(channelId);
    if (!found) return undefined;
    if (rootId !== undefined) {
      const root = this.messages.get(rootId);
      if (!root || root.conversationId !== channelId || root.rootId !== undefined) return undefined;
    }
    return { kind: 'channel', ...found, rootId };
  }

  /** The members a conversation's roster lists (a channel lists its team's members). */
  members(conversation: ResolvedConversation): StandinMember[] {
    return conversation.kind === 'channel' ? [...conversation.team.members] : [conversation.member];
  }

  /** Stores a new message. */
  addMessage(message: Omit<StoredMessage, 'updatedAt' | 'deleted' | 'versions' | 'reactions'>): StoredMessage {
    const stored: StoredMessage = { ...message, updatedAt: undefined, deleted: false, versions: [], reactions: [] };
    this.messages.set(stored.id, stored);
    return stored;
  }

  /** Replaces a message's content, keeping the old version. */
  updateMessage(
    id: string,
    update: {
      text: string | undefined;
      attachments: Attachment[];
      entities: unknown[];
      activity: Record<string, unknown>;
    },
  ): StoredMessage | undefined {
    const message = this.messages.get(id);
    if (!message) return undefined;
    const at = new Date().toISOString();
    message.versions.push({ text: message.text, attachments: message.attachments, at });
    Object.assign(message, update, { updatedAt: at });
    return message;
  }

  /** The visible posts of a channel, oldest first. */
  posts(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter(
      (m) => m.conversationId === channelId && m.rootId === undefined && !m.deleted,
    );
  }

  /** The visible replies in a post's thread, oldest first. */
  replies(channelId: string, rootId: string): StoredMessage[] {
    return [...this.messages.values()].filter(
      (m) => m.conversationId === channelId && m.rootId === rootId && !m.deleted,
    );
  }

  /** The thread conversation id a message lives in (`<channel>;messageid=<root>`), or its conversation. */
  conversationIdOf(message: StoredMessage): string {
    if (this.personal.has(message.conversationId)) return message.conversationId;
    return threadConversationId(message.conversationId, message.rootId ?? message.id);
  }
}
