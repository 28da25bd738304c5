/**
 * The stand-in workspace: channels, users, messages with their threads, edits, deletions
 * and reactions, ephemeral messages and files; and the views of them the Web API returns,
 * shaped like Slack's.
 */
import { tsClock, WORKSPACE } from './slack-ids.js';
import type {
  AddChannelOptions,
  MessageMetadata,
  StandinChannel,
  StandinUser,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
} from './standin-types.js';

/** A message about to be stored. */
export interface NewMessage {
  channel: string;
  user: string;
  text: string;
  botId?: string;
  threadTs?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  subtype?: string;
  unfurlLinks?: boolean;
  unfurlMedia?: boolean;
  fileIds?: string[];
  clientMsgId?: string;
}

/** Text, blocks and thread of a message posted by the bot through any path. */
export interface BotContent {
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
}

/** Slack's name for a kind of conversation, as events carry it in `channel_type`. */
export type ChannelType = 'channel' | 'group' | 'im' | 'mpim';

const TOMBSTONE_TEXT = 'This message was deleted.';

/** The stand-in's workspace state. */
export class WorkspaceState {
  readonly channels = new Map<string, StandinChannel>();
  readonly users = new Map<string, StandinUser>();
  readonly ephemerals: StoredEphemeral[] = [];
  readonly files = new Map<string, StoredFile>();
  /** The Enterprise Grid org of the workspace (`auth.test`'s `enterprise_id`); none by default. */
  enterpriseId: string | undefined;
  /** Makes unique, increasing message timestamps. */
  readonly nextTs = tsClock();
  /** Every message of a channel, replies included, in `ts` order. */
  private readonly messagesByChannel = new Map<string, StoredMessage[]>();

  /** Adds (or replaces) a channel. */
  addChannel(id: string, opts: AddChannelOptions = {}): StandinChannel {
    const channel: StandinChannel = {
      id,
      name: opts.name ?? id.toLowerCase(),
      botMember: opts.botMember ?? true,
      isPrivate: opts.isPrivate ?? id.startsWith('G'),
      isArchived: opts.isArchived ?? false,
      members: opts.members ? new Set(opts.members) : undefined,
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(id, channel);
    if (!this.messagesByChannel.has(id)) this.messagesByChannel.set(id, []);
    return channel;
  }

  /** Adds (or replaces) a user. */
  addUser(user: StandinUser): StandinUser {
    this.users.set(user.id, { ...user });
    return user;
  }

  /** A channel by ID, or by name (`general` or `#general`) as `chat.postMessage` accepts. */
  resolveChannel(idOrName: string, byName = false): StandinChannel | undefined {
    const byId = this.channels.get(idOrName);
    if (byId || !byName) return byId;
    const name = idOrName.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.name === name);
  }

  /** The `channel_type` events carry for this channel. */
  channelType(id: string): ChannelType {
    if (id.startsWith('D')) return 'im';
    const channel = this.channels.get(id);
    if (channel?.isPrivate) return 'group';
    return 'channel';
  }

  /** Whether `user` is a member of `channel` (everyone is, unless members were listed). */
  isMember(channel: StandinChannel, user: string): boolean {
    return channel.members === undefined || channel.members.has(user);
  }

  /** A message by `ts`, deleted ones included. */
  find(channel: string, ts: string): StoredMessage | undefined {
    return this.messagesByChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Stores a new message with a fresh `ts`. */
  post(input: NewMessage): StoredMessage {
    const message: StoredMessage = { ...input, ts: this.nextTs(), edits: [], deleted: false, reactions: [] };
    for (const key of Object.keys(message) as (keyof StoredMessage)[]) {
      if (message[key] === undefined) delete message[key];
    }
    const list = this.messagesByChannel.get(input.channel) ?? [];
    list.push(message);
    this.messagesByChannel.set(input.channel, list);
    return message;
  }

  /** Posts a bot message (used by `response_url`s and acks that answer `in_channel`). */
  postAsBot(channel: string, content: BotContent): StoredMessage {
    return this.post({
      channel,
      user: WORKSPACE.botUserId,
      botId: WORKSPACE.botId,
      text: content.text ?? '',
      blocks: content.blocks,
      threadTs: content.threadTs,
    });
  }

  /** Stores an ephemeral message for one user. */
  postEphemeral(entry: Omit<StoredEphemeral, 'ts'>): StoredEphemeral {
    const stored = { ...entry, ts: this.nextTs() };
    this.ephemerals.push(stored);
    return stored;
  }

  /** Replaces a message's text and blocks, keeping the old version in `edits`. */
  edit(message: StoredMessage, next: { text?: string; blocks?: unknown[] }, by: string): void {
    const editedTs = this.nextTs();
    message.edits.push({ text: message.text, blocks: message.blocks, editedTs });
    if (next.text !== undefined) message.text = next.text;
    if (next.blocks !== undefined) message.blocks = next.blocks;
    message.edited = { user: by, ts: editedTs };
  }

  /** Top-level messages of a channel (thread broadcasts included), oldest first, not deleted. */
  topLevel(channel: string): StoredMessage[] {
    return (this.messagesByChannel.get(channel) ?? []).filter(
      (m) => !m.deleted && (m.threadTs === undefined || m.subtype === 'thread_broadcast'),
    );
  }

  /** Replies to the thread of `parentTs`, oldest first, not deleted. */
  replies(channel: string, parentTs: string): StoredMessage[] {
    return (this.messagesByChannel.get(channel) ?? []).filter((m) => !m.deleted && m.threadTs === parentTs);
  }

  /** What `conversations.history` lists: live top-level messages, and deleted parents with live replies. */
  historyOf(channel: string): StoredMessage[] {
    return (this.messagesByChannel.get(channel) ?? []).filter(
      (m) =>
        (m.threadTs === undefined || m.subtype === 'thread_broadcast') &&
        (!m.deleted || this.replies(channel, m.ts).length > 0),
    );
  }

  /** The permalink Slack gives a message. */
  permalink(message: StoredMessage): string {
    const base = `https://${WORKSPACE.teamDomain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
    return message.threadTs ? `${base}?thread_ts=${message.threadTs}&cid=${message.channel}` : base;
  }

  /** A file as the Web API shows it. */
  fileView(file: StoredFile): Record<string, unknown> {
    const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
    const created = Math.floor(Date.now() / 1000);
    const privateUrl = `https://files.slack.com/files-pri/${WORKSPACE.teamId}-${file.id}/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      created,
      timestamp: created,
      name: file.name,
      title: file.title,
      mimetype: MIME_TYPES[ext] ?? 'application/octet-stream',
      filetype: ext || 'binary',
      pretty_type: ext ? ext.toUpperCase() : 'Binary',
      user: WORKSPACE.botUserId,
      user_team: WORKSPACE.teamId,
      editable: false,
      size: file.bytes?.length ?? file.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: file.channel !== undefined && !this.channels.get(file.channel)?.isPrivate,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: privateUrl,
      url_private_download: `${privateUrl}?download=1`,
      permalink: `https://${WORKSPACE.teamDomain}.slack.com/files/${WORKSPACE.botUserId}/${file.id}/${encodeURIComponent(file.name)}`,
      ...(file.altText ? { alt_txt: file.altText } : {}),
    };
  }

  /** A message as the Web API returns it; `metadata` only when asked for, as Slack does. */
  apiMessage(message: StoredMessage, opts: { includeMetadata: boolean }): Record<string, unknown> {
    if (message.deleted) {
      return {
        type: 'message',
        subtype: 'tombstone',
        text: TOMBSTONE_TEXT,
        user: 'USLACKBOT',
        hidden: true,
        ts: message.ts,
        ...this.threadFields(message),
      };
    }
    const view: Record<string, unknown> = { type: 'message' };
    if (message.subtype) view.subtype = message.subtype;
    view.text = message.text;
    view.user = message.user;
    if (message.botId) {
      view.bot_id = message.botId;
      view.app_id = WORKSPACE.appId;
    }
    view.ts = message.ts;
    view.team = WORKSPACE.teamId;
    if (message.clientMsgId) view.client_msg_id = message.clientMsgId;
    if (message.botId) {
      view.bot_profile = {
        id: message.botId,
        app_id: WORKSPACE.appId,
        name: WORKSPACE.botName,
        deleted: false,
        team_id: WORKSPACE.teamId,
        updated: 1_700_000_000,
      };
    }
    if (message.blocks) view.blocks = message.blocks;
    if (message.attachments) view.attachments = message.attachments;
    if (message.metadata && opts.includeMetadata) view.metadata = message.metadata;
    if (message.fileIds) {
      view.files = message.fileIds.flatMap((id) => {
        const file = this.files.get(id);
        return file ? [this.fileView(file)] : [];
      });
      view.upload = true;
      view.display_as_bot = false;
    }
    if (message.edited) view.edited = message.edited;
    if (message.reactions.length > 0) {
      view.reactions = message.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }));
    }
    return { ...view, ...this.threadFields(message) };
  }

  /** `thread_ts` and `parent_user_id` of a reply; reply counts of a parent. */
  private threadFields(message: StoredMessage): Record<string, unknown> {
    if (message.threadTs !== undefined) {
      const parent = this.find(message.channel, message.threadTs);
      return { thread_ts: message.threadTs, ...(parent ? { parent_user_id: parent.user } : {}) };
    }
    const replies = this.replies(message.channel, message.ts);
    if (replies.length === 0) return {};
    const users = [...new Set(replies.map((r) => r.user))];
    return {
      thread_ts: message.ts,
      reply_count: replies.length,
      reply_users_count: users.length,
      latest_reply: replies[replies.length - 1]?.ts,
      reply_users: users.slice(0, 5),
      is_locked: false,
      subscribed: false,
    };
  }
}

const MIME_TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
};
