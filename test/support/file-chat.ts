/**
 * A channel kept in a JSON-lines file, for crash tests: a post is written to the file before
 * `post` returns (like a platform that accepted it), so a process killed right after still
 * leaves it there, and `findPosted` finds it by its step key as Slack metadata would.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ChatPort } from '../../src/core/ports.js';
import type { ChannelRef, MessageRef } from '../../src/core/engine/run.js';
import type { Message } from '../../src/core/engine/messages.js';

/** One line of the file. */
export interface FileChatLine {
  op: 'post' | 'update';
  id: string;
  key?: string;
  thread?: string;
  message: Message;
}

/** Reads every line of a file channel. */
export function readFileChat(file: string): FileChatLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as FileChatLine];
      } catch {
        return []; // a line cut short by a kill mid-write is not a post
      }
    });
}

/** A `ChatPort` over a file. */
export class FileChat implements ChatPort {
  constructor(private readonly file: string) {}

  async post(_channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    const id = `${opts.key}#${readFileChat(this.file).length}`;
    appendFileSync(
      this.file,
      `${JSON.stringify({ op: 'post', id, key: opts.key, thread: opts.thread?.id, message })}\n`,
    );
    return { id };
  }

  async update(_channel: ChannelRef, ref: MessageRef, message: Message): Promise<void> {
    appendFileSync(this.file, `${JSON.stringify({ op: 'update', id: ref.id, message })}\n`);
  }

  async ephemeral(): Promise<void> {}

  async findPosted(_channel: ChannelRef, key: string): Promise<MessageRef | undefined> {
    const line = readFileChat(this.file).find((l) => l.op === 'post' && l.key === key);
    return line ? { id: line.id } : undefined;
  }
}
