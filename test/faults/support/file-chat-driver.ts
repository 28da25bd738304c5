/**
 * Participants of a process whose channel is a file (`FileChat`): they read the posts from
 * the file and act through the process's own service.
 */
import type { ChatService } from '../../../src/core/service/chat-service.js';
import type { ChannelRef } from '../../../src/core/engine/run.js';
import type { Message } from '../../../src/core/engine/messages.js';
import { encodeVoteValue } from '../../../src/core/engine/vote-value.js';
import { readFileChat, type FileChatLine } from '../../support/file-chat.js';
import { voteReplyOf } from './direct-driver.js';
import type {
  AnswerReply,
  ChannelView,
  ChatDriver,
  Person,
  SeenPoll,
  SeenQuestion,
  VoteReply,
} from './participants.js';

/** The latest version of every top-level post of a file channel, in order. */
export function topPosts(lines: FileChatLine[]): { id: string; key: string; message: Message }[] {
  const posts = lines
    .filter((l) => l.op === 'post' && !l.thread)
    .map((l) => ({ id: l.id, key: l.key ?? '', message: l.message }));
  for (const u of lines.filter((l) => l.op === 'update')) {
    const post = posts.find((p) => p.id === u.id);
    if (post) post.message = u.message;
  }
  return posts;
}

/** A driver over one service and a file channel. */
export class FileChatDriver implements ChatDriver {
  constructor(
    private readonly service: ChatService,
    private readonly channel: ChannelRef,
    private readonly file: string,
    private readonly runId: string,
  ) {}

  async view(): Promise<ChannelView> {
    const posts = topPosts(readFileChat(this.file));
    return {
      questions: posts.flatMap((p) =>
        p.message.kind === 'question' ? [{ number: p.message.number, postId: p.id }] : [],
      ),
      openPolls: posts.flatMap((p) =>
        p.message.kind === 'poll' && !p.message.closed
          ? [
              {
                number: p.message.number,
                optionCount: p.message.options.length,
                multiple: p.message.multiple,
                anonymous: p.message.anonymous,
              },
            ]
          : [],
      ),
      closing: posts.some((p) => p.message.kind === 'closing' || p.message.kind === 'recap'),
      ended: posts.some((p) => p.message.kind === 'recap'),
    };
  }

  async answer(person: Person, q: SeenQuestion, id: string, text: string, prefix: boolean): Promise<AnswerReply> {
    const reply = await this.service.message(
      this.channel,
      person,
      prefix ? { id, text: `A${q.number} ${text}` } : { id, text, threadId: q.postId },
    );
    return reply?.kind !== 'notice'
      ? 'stored'
      : reply.key === 'not-recorded'
        ? 'not-recorded'
        : reply.key === 'answer-late'
          ? 'late'
          : 'refused';
  }

  async vote(person: Person, poll: SeenPoll, option: number): Promise<VoteReply> {
    const reply = await this.service.vote(
      this.channel,
      person,
      encodeVoteValue({ runId: this.runId, poll: poll.number, option }),
    );
    return voteReplyOf(reply, this.labels(poll.number));
  }

  private labels(poll: number): string[] {
    const post = topPosts(readFileChat(this.file)).find((p) => p.message.kind === 'poll' && p.message.number === poll);
    return post?.message.kind === 'poll' ? post.message.options.map((o) => o.en ?? '') : [];
  }
}
