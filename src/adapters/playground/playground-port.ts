/**
 * The `ChatPort` of the playground: bot posts, updates and replies only one person sees
 * become posts in a room (in memory) and are pushed to the browsers in that room.
 */
import type { ChatPort } from '../../core/ports.js';
import type { ChannelRef, MessageRef } from '../../core/engine/run.js';
import type { Message } from '../../core/engine/messages.js';
import type { Lang } from '../../core/plan/plan.js';
import { escapeHtml } from './html-markup.js';
import { renderMessage, type RenderKit } from './render-message.js';
import type { Rooms, StoredPost } from './rooms.js';
import { BOT, roomChannel, ROOM_ID } from './room-channel.js';

/** What the port needs. */
export interface PlaygroundPortDeps {
  rooms: Rooms;
  kit: RenderKit;
  now(): number;
  /** A new post id, unique across restarts. */
  newId(): string;
  /** Called after every post or update in a room (the adapter pushes the run's state). */
  changed(roomId: string): void;
}

/** The link that opens a post in the page. */
export function permalinkOf(id: string): string {
  return `#post-${id}`;
}

/** The playground's `ChatPort`. */
export class PlaygroundPort implements ChatPort {
  constructor(private readonly deps: PlaygroundPortDeps) {}

  async post(channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    const room = this.deps.rooms.get(channel.id);
    const id = this.deps.newId();
    const { html, summary } = renderMessage(message, this.deps.kit);
    room.put({
      key: opts.key,
      view: {
        id,
        at: this.deps.now(),
        bot: true,
        author: BOT,
        kind: message.kind,
        html,
        summary,
        threadable: message.kind === 'question',
        ...(opts.thread ? { thread: opts.thread.id } : {}),
      },
    });
    this.deps.changed(room.id);
    return { id, permalink: permalinkOf(id) };
  }

  async update(channel: ChannelRef, ref: MessageRef, message: Message): Promise<void> {
    const room = this.deps.rooms.get(channel.id);
    const post = room.posts.get(ref.id);
    // A post the room no longer holds (its oldest, past the room's limit) has nothing to replace, and the page shows nothing stale either.
    if (!post) return;
    const { html, summary } = renderMessage(message, this.deps.kit);
    room.put({ ...post, view: { ...post.view, kind: message.kind, html, summary } });
    this.deps.changed(room.id);
  }

  async ephemeral(channel: ChannelRef, user: string, message: Message): Promise<void> {
    this.deps.rooms.get(channel.id).broadcast('notice', this.notice(message), user);
  }

  async findPosted(channel: ChannelRef, key: string): Promise<MessageRef | undefined> {
    const post = [...this.deps.rooms.get(channel.id).posts.values()].find((p) => p.key === key);
    return post ? { id: post.view.id, permalink: permalinkOf(post.view.id) } : undefined;
  }

  /** Any channel name a plan gives (`#leadersgc`) is a room of the playground. */
  async resolveChannel(nameOrId: string): Promise<ChannelRef | undefined> {
    const id = nameOrId.trim().replace(/^#/, '').toLowerCase();
    return ROOM_ID.test(id) ? roomChannel(id) : undefined;
  }

  async upload(
    channel: ChannelRef,
    file: { name: string; title: string; content: Buffer | string; mime: string },
  ): Promise<void> {
    const room = this.deps.rooms.get(channel.id);
    const id = this.deps.newId();
    const href = `/playground/files/${encodeURIComponent(room.id)}/${encodeURIComponent(id)}`;
    const html = `<p class="file"><a href="${escapeHtml(href)}" download="${escapeHtml(file.name)}">${escapeHtml(file.name)}</a> ${escapeHtml(file.title)}</p>`;
    const post: StoredPost = {
      view: {
        id,
        at: this.deps.now(),
        bot: true,
        author: BOT,
        kind: 'file',
        html,
        summary: file.name,
        threadable: false,
      },
      file: { name: file.name, mime: file.mime, content: file.content },
    };
    room.put(post);
  }

  /** A notice (a reply only the asker sees) rendered for the page, in `lang` when given. */
  notice(message: Message, lang?: Lang): { html: string; lang: Lang } {
    const { html } = renderMessage(message, this.deps.kit, lang);
    return { html, lang: lang ?? message.langs[0] ?? 'en' };
  }
}
