/**
 * What people do in Slack, applied to the stand-in's state, each returning the event Slack
 * would deliver for it: a message (`message`), an edit (`message_changed`), a deletion
 * (`message_deleted`) and a reaction (`reaction_added` / `reaction_removed`).
 */
import { randomBytes } from 'node:crypto';
import { clientMsgId, WORKSPACE } from './slack-ids.js';
import type { StoredMessage } from './standin-types.js';
import type { WorkspaceState } from './workspace-state.js';

/** A Slack event, as it goes in an envelope's `event`. */
export type SlackEvent = Record<string, unknown>;

/** The `rich_text` block Slack clients attach to what a person types. */
function richText(text: string): unknown[] {
  return [
    {
      type: 'rich_text',
      block_id: randomBytes(4).toString('base64url').slice(0, 5),
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    },
  ];
}

/** People's actions over a workspace state. */
export class UserActions {
  /** Actions applied to `state`. */
  constructor(private readonly state: WorkspaceState) {}

  /** `user` posts `text` in `channel` (in the thread of `threadTs` when given). */
  post(channel: string, user: string, text: string, opts: { threadTs?: string } = {}): SlackEvent {
    if (!this.state.channels.has(channel)) throw new Error(`userPost: unknown channel ${channel} (addChannel first)`);
    if (!this.state.users.has(user)) throw new Error(`userPost: unknown user ${user} (addUser first)`);
    let threadTs: string | undefined;
    if (opts.threadTs !== undefined) {
      const target = this.state.find(channel, opts.threadTs);
      if (!target) throw new Error(`userPost: no message ${opts.threadTs} in ${channel} to reply to`);
      threadTs = target.threadTs ?? target.ts;
    }
    const message = this.state.post({
      channel,
      user,
      text,
      threadTs,
      blocks: richText(text),
      clientMsgId: clientMsgId(),
    });
    return this.messageEvent(channel, message.ts);
  }

  /** The author edits message `ts` to `newText`. */
  edit(channel: string, ts: string, newText: string): SlackEvent {
    const message = this.live(channel, ts, 'userEdit');
    if (message.botId) throw new Error('userEdit: people cannot edit bot messages (use chat.update)');
    const previous = this.eventView(message);
    this.state.edit(message, { text: newText, blocks: richText(newText) }, message.user);
    const eventTs = message.edited?.ts ?? this.state.nextTs();
    return {
      type: 'message',
      subtype: 'message_changed',
      message: { ...this.eventView(message), source_team: WORKSPACE.teamId, user_team: WORKSPACE.teamId },
      previous_message: previous,
      channel,
      hidden: true,
      ts: eventTs,
      event_ts: eventTs,
      channel_type: this.state.channelType(channel),
    };
  }

  /** Message `ts` is deleted (by its author or an admin). */
  delete(channel: string, ts: string): SlackEvent {
    const message = this.live(channel, ts, 'userDelete');
    const previous = this.eventView(message);
    message.deleted = true;
    const eventTs = this.state.nextTs();
    return {
      type: 'message',
      subtype: 'message_deleted',
      previous_message: previous,
      channel,
      hidden: true,
      deleted_ts: ts,
      event_ts: eventTs,
      ts: eventTs,
      channel_type: this.state.channelType(channel),
    };
  }

  /** `user` adds (or, with `removed`, takes back) the reaction `name` on message `ts`. */
  react(channel: string, ts: string, user: string, name: string, removed = false): SlackEvent {
    const message = this.live(channel, ts, 'userReact');
    let reaction = message.reactions.find((r) => r.name === name);
    if (!removed) {
      if (!reaction) {
        reaction = { name, users: [] };
        message.reactions.push(reaction);
      }
      if (!reaction.users.includes(user)) reaction.users.push(user);
    } else if (reaction) {
      reaction.users = reaction.users.filter((u) => u !== user);
      if (reaction.users.length === 0) message.reactions.splice(message.reactions.indexOf(reaction), 1);
    }
    return {
      type: removed ? 'reaction_removed' : 'reaction_added',
      user,
      reaction: name,
      item: { type: 'message', channel, ts },
      item_user: message.user,
      event_ts: this.state.nextTs(),
    };
  }

  /** The `message` event Slack sends for any stored message, e.g. the bot's own post (which apps must ignore). */
  messageEvent(channel: string, ts: string): SlackEvent {
    const message = this.live(channel, ts, 'messageEvent');
    return { ...this.eventView(message), channel, event_ts: message.ts, channel_type: this.state.channelType(channel) };
  }

  private live(channel: string, ts: string, what: string): StoredMessage {
    const message = this.state.find(channel, ts);
    if (!message || message.deleted) throw new Error(`${what}: no message ${ts} in ${channel}`);
    return message;
  }

  /** A message as events carry it (no `channel`; `metadata` as Slack includes it). */
  private eventView(message: StoredMessage): SlackEvent {
    return this.state.apiMessage(message, { includeMetadata: true });
  }
}
