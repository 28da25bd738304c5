/**
 * The engine's `ChatPort` on Slack: posts carry the step key in message metadata
 * (`roundtable_step`), so after a crash `findPosted` finds a post in the channel history
 * instead of posting it twice; a message too long for one post continues in its thread;
 * copies of `A<k>` answers wait behind the timeline's own posts (and for their author's
 * name, when it is still being asked of Slack); a closed poll's post is never reopened by a
 * late live update.
 *
 * @example
 * const port = new SlackChatPort({ api, translator, command: '/roundtable', logger });
 * const ref = await port.post(channel, message, { key: 'run-1:q1' });
 */
import type { ChatPort, Logger, Translator } from '../../core/ports.js';
import type { ChannelRef, MessageRef } from '../../core/engine/run.js';
import type { Message } from '../../core/engine/messages.js';
import { renderMessage, type SlackPage } from './render-blocks.js';
import { slackErrorCode } from './classify-slack-error.js';
import type { SlackApi, SlackConversation, SlackHistoryMessage } from './slack-api.js';

/** The metadata event type of Roundtable's posts. */
export const STEP_EVENT_TYPE = 'roundtable_step';

/** How far back `findPosted` looks, and how many history pages it reads at most. */
const FIND_WINDOW_MS = 7 * 24 * 3_600_000;
const FIND_MAX_PAGES = 3;

/** A public (`C…`) or private (`G…`, older workspaces) channel id. */
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/** What the port needs. */
export interface SlackChatPortDeps {
  api: SlackApi;
  translator: Translator;
  command: string;
  logger: Logger;
  /** The workspace (team id) once known, for the channels the port resolves. */
  teamId?: () => string | undefined;
  /** The name of the author of message `ts` while it is being looked up (see `PendingAuthors`). */
  authorOf?: (channel: string, ts: string) => Promise<string> | undefined;
  now?: () => number;
}

/** Slack's `ChatPort`. */
export class SlackChatPort implements ChatPort {
  /** Poll posts (`channel:ts`) already shown closed. */
  private readonly closedPolls = new Set<string>();

  constructor(private readonly deps: SlackChatPortDeps) {}

  async post(channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    const pages = this.render(await this.withAuthorName(channel, message));
    const priority = message.kind === 'answer-link' ? 'low' : 'high';
    const first = await this.postPage(channel, pages[0]!, opts.key, opts.thread?.id, priority);
    for (let i = 1; i < pages.length; i++)
      await this.postPage(channel, pages[i]!, `${opts.key}#${i + 1}`, opts.thread?.id ?? first, priority);
    if (message.kind === 'poll' && message.closed) this.closedPolls.add(`${channel.id}:${first}`);
    return { id: first };
  }

  async update(channel: ChannelRef, ref: MessageRef, message: Message): Promise<void> {
    const id = `${channel.id}:${ref.id}`;
    if (message.kind === 'poll') {
      if (!message.closed && this.closedPolls.has(id))
        return this.deps.logger.debug({ channel: channel.id, ts: ref.id }, 'late live update of a closed poll skipped');
      if (message.closed) this.closedPolls.add(id);
    }
    const page = this.render(message)[0]!;
    await this.deps.api.update({ channel: channel.id, ts: ref.id, text: page.text, blocks: page.blocks });
  }

  async ephemeral(
    channel: ChannelRef,
    user: string,
    message: Message,
    opts: { thread?: MessageRef } = {},
  ): Promise<void> {
    for (const page of this.render(message)) {
      await this.deps.api.postEphemeral({
        channel: channel.id,
        user,
        text: page.text,
        blocks: page.blocks,
        ...(opts.thread ? { thread_ts: opts.thread.id } : {}),
      });
    }
  }

  async findPosted(channel: ChannelRef, key: string): Promise<MessageRef | undefined> {
    const ts = await this.findInHistory(channel.id, key);
    return ts ? { id: ts } : undefined;
  }

  /**
   * A channel by id (`C…`/`G…`) or by name (`#leadersgc`, `leadersgc`, any case): public
   * channels and the private ones the bot was invited to, never an archived one by name.
   * Text shaped like an id that Slack does not know as one is looked up as a name too.
   */
  async resolveChannel(nameOrId: string): Promise<ChannelRef | undefined> {
    try {
      const found =
        (CHANNEL_ID.test(nameOrId) ? await this.channelById(nameOrId) : undefined) ??
        (await this.channelByName(nameOrId));
      if (found?.isMember === false) {
        // Posting would fail with not_in_channel; "no such channel" tells the organizer to invite the bot.
        this.deps.logger.warn(
          { channel: found.id, name: found.name },
          'Roundtable is not a member of this Slack channel: invite it (/invite @Roundtable) so it can post there',
        );
        return undefined;
      }
      return found && this.channelRef(found);
    } catch (err) {
      this.deps.logger.warn(
        { err, code: slackErrorCode(err), channel: nameOrId },
        'could not look up a Slack channel (does the app have channels:read and groups:read?)',
      );
      return undefined;
    }
  }

  /** `conversations.info`, or undefined when Slack knows no such channel. */
  private async channelById(id: string): Promise<SlackConversation | undefined> {
    try {
      return await this.deps.api.conversationInfo(id);
    } catch (err) {
      if (slackErrorCode(err) === 'channel_not_found') return undefined;
      throw err;
    }
  }

  /** The channel of this name, page by page through `conversations.list` (pages may come back short, even empty). */
  private async channelByName(nameOrId: string): Promise<SlackConversation | undefined> {
    const name = nameOrId.replace(/^#/, '').toLowerCase();
    let cursor: string | undefined;
    do {
      const page = await this.deps.api.conversationList(cursor);
      const found = page.channels.find((c) => c.name?.toLowerCase() === name);
      if (found) return found;
      cursor = page.next;
    } while (cursor);
    return undefined;
  }

  private channelRef(c: SlackConversation): ChannelRef {
    const workspace = this.deps.teamId?.();
    return {
      platform: 'slack',
      id: c.id,
      ...(c.name ? { name: `#${c.name}` } : {}),
      ...(workspace ? { workspace } : {}),
    };
  }

  async upload(
    channel: ChannelRef,
    file: { name: string; title: string; content: Buffer | string; mime: string },
  ): Promise<void> {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    await this.deps.api.upload(channel.id, { name: file.name, title: file.title, content });
  }

  /** A file for `user` alone: uploaded into the bot's direct messages with them (`plan-file`). */
  async sendFilePrivately(
    _channel: ChannelRef,
    user: string,
    file: { name: string; title: string; content: string; mime: string },
  ): Promise<void> {
    const dm = await this.deps.api.openDm(user);
    await this.deps.api.upload(dm, { name: file.name, title: file.title, content: Buffer.from(file.content, 'utf8') });
  }

  /** A copy of an `A<k>` answer stored before its author's name was known takes the name Slack gives. */
  private async withAuthorName(channel: ChannelRef, message: Message): Promise<Message> {
    if (message.kind !== 'answer-link' || !message.source) return message;
    const name = await this.deps.authorOf?.(channel.id, message.source.id);
    return name ? { ...message, author: name } : message;
  }

  private render(message: Message): SlackPage[] {
    return renderMessage(message, this.deps.translator, { command: this.deps.command });
  }

  /** Posts one page with its key in metadata; after an ambiguous failure, looks for it before posting again. */
  private async postPage(
    channel: ChannelRef,
    page: SlackPage,
    key: string,
    threadTs: string | undefined,
    priority: 'high' | 'low',
  ): Promise<string> {
    const { ts } = await this.deps.api.postMessage(
      {
        channel: channel.id,
        text: page.text,
        blocks: page.blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: STEP_EVENT_TYPE, event_payload: { key } },
        ...(threadTs ? { thread_ts: threadTs } : {}),
      },
      {
        priority,
        recover: () => (threadTs ? this.findInThread(channel.id, threadTs, key) : this.findInHistory(channel.id, key)),
      },
    );
    return ts;
  }

  private async findInHistory(channel: string, key: string): Promise<string | undefined> {
    const oldest = ((this.deps.now?.() ?? Date.now()) - FIND_WINDOW_MS) / 1000;
    let cursor: string | undefined;
    for (let page = 0; page < FIND_MAX_PAGES; page++) {
      const res = await this.deps.api.history(channel, { oldest: oldest.toFixed(6), ...(cursor ? { cursor } : {}) });
      const found = res.messages.find((m) => carriesKey(m, key));
      if (found?.ts) return found.ts;
      if (!res.next) return undefined;
      cursor = res.next;
    }
    return undefined;
  }

  private async findInThread(channel: string, threadTs: string, key: string): Promise<string | undefined> {
    return (await this.deps.api.replies(channel, threadTs)).find((m) => carriesKey(m, key))?.ts;
  }
}

/** Whether a history message is our post of step `key`. */
function carriesKey(m: SlackHistoryMessage, key: string): boolean {
  return Boolean(m.bot_id) && m.metadata?.event_type === STEP_EVENT_TYPE && m.metadata.event_payload?.key === key;
}
