/**
 * Simulated participants for rehearsals: they answer questions (in threads and with
 * `A<k>` messages), edit and delete some answers, react, vote and change votes, all through
 * the same engine as real people, and keep their own count of what they did so the recap
 * can be checked against it.
 */
import type { ChatService } from '../core/service/chat-service.js';
import type { ChannelRef } from '../core/engine/run.js';
import type { Actor } from '../core/engine/actor.js';
import type { ConsoleChat, ConsolePost } from './console-chat.js';
import { encodeVoteValue } from '../core/engine/vote-value.js';

/** What the participants did, counted independently of the engine. */
export interface SimulationFigures {
  participants: number;
  answers: number;
  answersPerQuestion: Map<number, number>;
  /** Votes per option of each poll, as each person left them. */
  pollCounts: Map<number, number[]>;
}

const SAMPLE_ANSWERS = [
  'Regular check-ins where people can say how they really are.',
  'Des pauses réelles, sans courriels après 18 h.',
  'Leaders who share their own experience first.',
  'Une équipe où l’on peut dire « je ne sais pas » sans crainte.',
  'Clear priorities so not everything is urgent.',
  'Reconnaître le travail invisible.',
];

/** A crowd of simulated participants in one console channel. */
export class SimulatedParticipants {
  private readonly people: Actor[];
  private readonly answers = new Map<string, { user: string; number: number }>();
  private readonly ballots = new Map<number, { anonymous: boolean; size: number; picks: Map<string, number[]> }>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly failures: unknown[] = [];
  private seq = 0;

  constructor(
    private readonly service: ChatService,
    private readonly channel: ChannelRef,
    count: number,
    private readonly random: () => number,
  ) {
    this.people = Array.from({ length: count }, (_, i) => ({
      id: `SIM${String(i + 1).padStart(4, '0')}`,
      name: `Participant ${i + 1}`,
      locale: i % 3 === 0 ? 'fr-CA' : 'en-CA',
    }));
  }

  /** Starts reacting to what the bot posts in `chat`. */
  attach(chat: ConsoleChat): void {
    chat.onPost((post) => this.track(this.react(post)));
  }

  /** Resolves when every action started so far has finished; rejects with the first that failed. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failures.length > 0) throw this.failures[0];
  }

  /** What the simulation did, counted the way the recap defines its figures. */
  figures(): SimulationFigures {
    const answersPerQuestion = new Map<number, number>();
    const known = new Set<string>();
    for (const a of this.answers.values()) {
      answersPerQuestion.set(a.number, (answersPerQuestion.get(a.number) ?? 0) + 1);
      known.add(a.user);
    }
    const pollCounts = new Map<number, number[]>();
    for (const [poll, b] of this.ballots) {
      const counts = Array.from({ length: b.size }, () => 0);
      for (const picks of b.picks.values()) for (const o of picks) counts[o]!++;
      pollCounts.set(poll, counts);
      if (!b.anonymous) for (const [user, picks] of b.picks) if (picks.length > 0) known.add(user);
    }
    // Voters seen only in anonymous polls cannot be matched across polls: the largest group counts.
    let anonymousOnly = 0;
    for (const b of this.ballots.values()) {
      if (!b.anonymous) continue;
      anonymousOnly = Math.max(
        anonymousOnly,
        [...b.picks].filter(([user, picks]) => picks.length > 0 && !known.has(user)).length,
      );
    }
    return { participants: known.size + anonymousOnly, answers: this.answers.size, answersPerQuestion, pollCounts };
  }

  private track(p: Promise<unknown>): void {
    const settled = p.then(
      () => undefined,
      (err: unknown) => void this.failures.push(err),
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  private async react(post: ConsolePost): Promise<void> {
    const m = post.message;
    if (m.kind === 'question') await this.answer(m.number, post.ref.id);
    if (m.kind === 'poll' && !m.closed && !this.ballots.has(m.number))
      await this.vote(m.number, m.options.length, m.multiple, m.anonymous, m.runId);
  }

  private async answer(number: number, threadId: string): Promise<void> {
    const mine: string[] = [];
    for (const person of this.people) {
      if (this.random() > 0.55) continue;
      const id = `sim-${++this.seq}`;
      const body = SAMPLE_ANSWERS[Math.floor(this.random() * SAMPLE_ANSWERS.length)]!;
      const inThread = this.random() < 0.7;
      const prefix = person.locale === 'fr-CA' ? 'R' : 'A';
      await this.service.message(
        this.channel,
        person,
        inThread ? { id, text: body, threadId } : { id, text: `${prefix}${number}: ${body}` },
      );
      this.answers.set(id, { user: person.id, number });
      mine.push(id);
    }
    for (const id of mine) {
      const roll = this.random();
      if (roll < 0.03) {
        await this.service.remove(this.channel, id);
        this.answers.delete(id);
      } else if (roll < 0.08) {
        await this.service.edit(this.channel, id, `${SAMPLE_ANSWERS[0]} (edited)`);
      } else if (roll < 0.3) {
        const fan = this.people[Math.floor(this.random() * this.people.length)]!;
        await this.service.react(this.channel, fan, id, 'clap', true);
      }
    }
  }

  private async vote(poll: number, size: number, multiple: number, anonymous: boolean, runId: string): Promise<void> {
    const picks = new Map<string, number[]>();
    this.ballots.set(poll, { anonymous, size, picks });
    const click = async (person: Actor, option: number) => {
      const reply = await this.service.vote(this.channel, person, encodeVoteValue({ runId, poll, option }));
      const before = picks.get(person.id) ?? [];
      if (reply.kind !== 'notice') return;
      if (reply.key === 'vote-recorded' || reply.key === 'vote-withdrawn') {
        const after = before.includes(option) ? before : multiple <= 1 ? [option] : [...before, option];
        picks.set(person.id, after);
      }
    };
    for (const person of this.people) {
      if (this.random() > 0.7) continue;
      await click(person, Math.floor(this.random() * size));
      if (multiple > 1 && this.random() < 0.5) await click(person, Math.floor(this.random() * size));
      if (this.random() < 0.15) await click(person, Math.floor(this.random() * size)); // a change of mind
    }
  }
}
