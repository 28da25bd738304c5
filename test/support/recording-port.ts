/**
 * A `ChatPort` that records what the bot posts, like a channel would: posts get ids, replies
 * need an existing parent, updates need an existing post, and `findPosted` reads the step key
 * carried with each post (as Slack message metadata does). `failAfterPost` simulates a crash
 * after the platform accepted a post but before the bot heard back.
 */
import type { ChatPort } from '../../src/core/ports.js';
import type { ChannelRef, MessageRef } from '../../src/core/engine/run.js';
import type { Message } from '../../src/core/engine/messages.js';

/** One post as the channel keeps it. */
export interface RecordedPost {
  id: string;
  channel: string;
  key: string;
  thread?: string;
  message: Message;
  updates: Message[];
}

/** A recording channel. */
export class RecordingPort implements ChatPort {
  readonly posts: RecordedPost[] = [];
  readonly ephemerals: { channel: string; user: string; message: Message }[] = [];
  /** Keys whose post is accepted and then the call fails (a crash before the reply). */
  readonly failAfterPost = new Set<string>();
  private seq = 0;

  constructor(private readonly withLookup = true) {}

  async post(channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    if (opts.thread && !this.posts.some((p) => p.id === opts.thread!.id))
      throw new Error(`thread_not_found: ${opts.thread.id}`);
    const id = `m${++this.seq}`;
    this.posts.push({
      id,
      channel: channel.id,
      key: opts.key,
      message,
      updates: [],
      ...(opts.thread ? { thread: opts.thread.id } : {}),
    });
    if (this.failAfterPost.delete(opts.key)) throw new Error('connection reset after post');
    return { id, permalink: `https://chat.example/${channel.id}/${id}` };
  }

  async update(_channel: ChannelRef, ref: MessageRef, message: Message): Promise<void> {
    const post = this.posts.find((p) => p.id === ref.id);
    if (!post) throw new Error(`message_not_found: ${ref.id}`);
    post.updates.push(message);
  }

  async ephemeral(channel: ChannelRef, user: string, message: Message): Promise<void> {
    this.ephemerals.push({ channel: channel.id, user, message });
  }

  get findPosted(): ChatPort['findPosted'] {
    if (!this.withLookup) return undefined;
    return async (_channel, key) => {
      const post = this.posts.find((p) => p.key === key);
      return post ? { id: post.id } : undefined;
    };
  }

  /** Top-level posts (not thread replies), by message kind. */
  kinds(): string[] {
    return this.posts
      .filter((p) => !p.thread)
      .map((p) =>
        p.message.kind === 'question'
          ? `Q${p.message.number}`
          : p.message.kind === 'poll'
            ? `P${p.message.number}`
            : p.message.kind,
      );
  }

  /** The latest version of a post's message. */
  latest(id: string): Message | undefined {
    const post = this.posts.find((p) => p.id === id);
    return post ? (post.updates.at(-1) ?? post.message) : undefined;
  }
}
