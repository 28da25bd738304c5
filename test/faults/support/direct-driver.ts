/**
 * Participants reaching the engine directly (as an adapter would), spread over several
 * services that share one store, and reading the channel from a recording port.
 */
import type { ChatService } from '../../../src/core/service/chat-service.js';
import type { ChannelRef } from '../../../src/core/engine/run.js';
import type { Message } from '../../../src/core/engine/messages.js';
import { encodeVoteValue } from '../../../src/core/engine/vote-value.js';
import type { RecordingPort } from '../../support/recording-port.js';
import type {
  AnswerReply,
  ChannelView,
  ChatDriver,
  Person,
  SeenPoll,
  SeenQuestion,
  VoteReply,
} from './participants.js';

/** Reads a `vote-recorded` reply's option labels back into option positions. */
export function optionsOf(labels: string[], text: string): number[] {
  return text
    .split(', ')
    .map((label) => labels.indexOf(label))
    .filter((o) => o >= 0)
    .sort((a, b) => a - b);
}

/** What a vote's reply says, read from the engine's notice (`labels`: the poll's options in English). */
export function voteReplyOf(reply: Message, labels: string[]): VoteReply {
  if (reply.kind !== 'notice') return { kind: 'other' };
  if (reply.key === 'vote-recorded' || reply.key === 'vote-kept')
    return { kind: 'recorded', options: optionsOf(labels, String(reply.vars?.options ?? '')) };
  if (reply.key === 'vote-withdrawn') return { kind: 'withdrawn' };
  if (reply.key === 'poll-closed') return { kind: 'closed' };
  if (reply.key === 'not-recorded') return { kind: 'not-recorded' };
  return { kind: 'other' };
}

/** A driver over services picked in turn. */
export class DirectDriver implements ChatDriver {
  private turn = 0;

  constructor(
    private readonly services: ChatService[],
    private readonly channel: ChannelRef,
    private readonly port: RecordingPort,
    private readonly runId: () => string,
  ) {}

  async view(): Promise<ChannelView> {
    const top = this.port.posts.filter((p) => !p.thread);
    const questions: SeenQuestion[] = top.flatMap((p) =>
      p.message.kind === 'question' ? [{ number: p.message.number, postId: p.id }] : [],
    );
    const openPolls: SeenPoll[] = top.flatMap((p) => {
      const latest = this.port.latest(p.id);
      if (latest?.kind !== 'poll' || latest.closed) return [];
      return [
        {
          number: latest.number,
          optionCount: latest.options.length,
          multiple: latest.multiple,
          anonymous: latest.anonymous,
        },
      ];
    });
    return {
      questions,
      openPolls,
      closing: top.some((p) => p.message.kind === 'closing' || p.message.kind === 'recap'),
      ended: top.some((p) => p.message.kind === 'recap'),
    };
  }

  async answer(person: Person, q: SeenQuestion, id: string, text: string, prefix: boolean): Promise<AnswerReply> {
    try {
      const reply = await this.next().message(
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
    } catch {
      return 'none';
    }
  }

  async vote(person: Person, poll: SeenPoll, option: number): Promise<VoteReply> {
    let reply: Message;
    try {
      reply = await this.next().vote(
        this.channel,
        person,
        encodeVoteValue({ runId: this.runId(), poll: poll.number, option }),
      );
    } catch {
      return { kind: 'none' };
    }
    return voteReplyOf(reply, this.labels(poll.number));
  }

  private labels(poll: number): string[] {
    const post = this.port.posts.find((p) => p.message.kind === 'poll' && p.message.number === poll);
    return post?.message.kind === 'poll' ? post.message.options.map((o) => o.en ?? '') : [];
  }

  private next(): ChatService {
    const service = this.services[this.turn % this.services.length]!;
    this.turn += 1;
    return service;
  }
}
