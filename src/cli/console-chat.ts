/**
 * A console channel for rehearsals: a `ChatPort` that prints every bot post in both
 * languages with its plan time and a progress bar, and tells listeners what was posted so
 * simulated participants can react to it.
 */
import type { ChatPort, Translator } from '../core/ports.js';
import type { ChannelRef, MessageRef } from '../core/engine/run.js';
import type { Message } from '../core/engine/messages.js';
import type { Composed, Markup } from '../core/compose/composed.js';
import { composeMessage } from '../core/compose/compose-message.js';
import { textBar } from '../core/compose/text-bar.js';

/** Plain-text markup: the console cannot ping anyone, but control characters are removed. */
export const consoleMarkup: Markup = {
  // eslint-disable-next-line no-control-regex
  escape: (s) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''),
  bold: (s) => s,
  italic: (s) => s,
  link: (url, label) => `${label} <${url}>`,
  newline: '\n',
};

/** A post as the console channel keeps it. */
export interface ConsolePost {
  ref: MessageRef;
  message: Message;
  thread?: string;
}

/** What a console chat needs. */
export interface ConsoleChatOptions {
  translator: Translator;
  print(line: string): void;
  /** Plan ms elapsed now, and the chat's length, for the time stamp and progress bar. */
  progress(): { elapsedMs: number; totalMs: number };
  /** Print thread replies too (answer links); off by default, a rehearsal has hundreds. */
  showThreads?: boolean;
}

/** The console channel. */
export class ConsoleChat implements ChatPort {
  readonly posts: ConsolePost[] = [];
  private readonly listeners: ((post: ConsolePost) => void)[] = [];
  private seq = 0;

  constructor(private readonly opts: ConsoleChatOptions) {}

  /** Calls `fn` after every post. */
  onPost(fn: (post: ConsolePost) => void): void {
    this.listeners.push(fn);
  }

  async post(_channel: ChannelRef, message: Message, opts: { key: string; thread?: MessageRef }): Promise<MessageRef> {
    const ref = { id: `p${++this.seq}` };
    const post: ConsolePost = { ref, message, ...(opts.thread ? { thread: opts.thread.id } : {}) };
    this.posts.push(post);
    if (!opts.thread || this.opts.showThreads) this.print(message);
    queueMicrotask(() => this.listeners.forEach((fn) => fn(post)));
    return ref;
  }

  async update(_channel: ChannelRef, ref: MessageRef, message: Message): Promise<void> {
    const post = this.posts.find((p) => p.ref.id === ref.id);
    if (!post) throw new Error(`No console post ${ref.id} to update.`);
    post.message = message;
    if (message.kind === 'poll' && message.closed) this.print(message);
  }

  async ephemeral(): Promise<void> {
    // Replies only one person would see are not part of the rehearsal transcript.
  }

  async findPosted(): Promise<MessageRef | undefined> {
    return undefined;
  }

  private print(message: Message): void {
    const { elapsedMs, totalMs } = this.opts.progress();
    const minutes = Math.floor(elapsedMs / 60_000);
    const seconds = Math.floor((elapsedMs % 60_000) / 1000);
    const stamp = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
    const bar = textBar(totalMs > 0 ? Math.min(1, elapsedMs / totalMs) : 0, 20);
    this.opts.print('');
    this.opts.print(`── ${stamp} ${bar} ${Math.round((100 * elapsedMs) / Math.max(1, totalMs))}% ─ ${message.kind}`);
    for (const line of renderComposed(
      composeMessage(message, this.opts.translator, consoleMarkup),
      this.opts.translator,
    ))
      this.opts.print(line);
  }
}

/** A composed message as console lines (result rows worded by `t` in each section's language). */
export function renderComposed(c: Composed, t: Translator): string[] {
  const lines: string[] = [];
  for (const s of c.sections) {
    lines.push(`[${s.lang.toUpperCase()}]${s.heading ? ` ${s.heading}` : ''}`);
    for (const p of s.paragraphs) lines.push(...p.split('\n').map((l) => `  ${l}`));
    for (const group of s.bars ?? []) {
      lines.push(`  ${group.title}`);
      for (const row of group.rows) {
        const votes = t.t(s.lang, 'messages:count.votes', { count: row.count });
        lines.push(
          `    ${t.t(s.lang, 'messages:poll.row', { label: row.label, bar: row.bar, percent: row.percent, votes })}`,
        );
      }
      if (group.note) lines.push(`    ${group.note}`);
    }
  }
  if (c.buttons?.length) lines.push(`  ${c.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('   ')}`);
  for (const ctx of c.context) lines.push(`  · ${ctx}`);
  return lines;
}
