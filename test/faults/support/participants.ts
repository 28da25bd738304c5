/**
 * Simulated participants for fault cases. They act on what the channel shows (posted
 * questions, open polls) through a `ChatDriver` (direct service calls, Slack deliveries)
 * and remember what they were told, as people do:
 * - an answer is re-sent with the same message id when its delivery failed (the platform
 *   redelivers), and posted again as a new message when they were told "not recorded";
 * - a vote is acknowledged by the reply listing their options; with no reply (a process
 *   died) they do not know whether the click counted, so they click again and read the
 *   reply (a click on an option already chosen keeps it, as the real buttons do).
 * Their memory can be kept in a journal file, so a participant living in a process that is
 * killed picks up where it left off. `expected()` is what the recap and CSV must show.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** A person of the simulation. */
export interface Person {
  id: string;
  name: string;
}

/** A question as the channel shows it. */
export interface SeenQuestion {
  number: number;
  /** The platform id of the question's post (its thread). */
  postId: string;
}

/** An open poll as the channel shows it. */
export interface SeenPoll {
  number: number;
  optionCount: number;
  multiple: number;
  anonymous: boolean;
}

/** What the channel shows now. */
export interface ChannelView {
  questions: SeenQuestion[];
  openPolls: SeenPoll[];
  /** The closing message (or the recap) is posted: people stop answering. */
  closing: boolean;
  /** The recap is posted. */
  ended: boolean;
}

/**
 * What a person was told after answering: nothing (stored), "not recorded", "no such question",
 * "this chat has ended" (`late`: refused, not recorded), or the delivery failed.
 */
export type AnswerReply = 'stored' | 'not-recorded' | 'refused' | 'late' | 'none';

/** What a person was told after a click. */
export type VoteReply =
  | { kind: 'recorded'; options: number[] }
  | { kind: 'withdrawn' }
  | { kind: 'not-recorded' }
  | { kind: 'closed' }
  | { kind: 'other' }
  | { kind: 'none' };

/** How participants reach the chat. */
export interface ChatDriver {
  view(): Promise<ChannelView>;
  answer(person: Person, question: SeenQuestion, id: string, text: string, prefix: boolean): Promise<AnswerReply>;
  /** The platform time (epoch ms) of message `id` as sent, when the driver knows it: what the end of the chat is judged by. */
  sentAt?(id: string): number | undefined;
  vote(person: Person, poll: SeenPoll, option: number): Promise<VoteReply>;
}

/** An answer as a participant remembers it. */
export interface AnswerState {
  number: number;
  user: string;
  text: string;
  /** Message id of the current attempt. */
  id: string;
  attempt: number;
  /** `late`: its author was told the chat had ended and it was not recorded. */
  status: 'pending' | 'stored' | 'late';
  /** The platform time of the message as sent (epoch ms), when known: the end of the chat is judged by it. */
  sentAt?: number;
}

/** A ballot as a participant remembers it: every state it may be in (one when they know). */
export interface BallotState {
  poll: number;
  user: string;
  anonymous: boolean;
  possible: number[][];
  closed: boolean;
}

/** What the recap and export must show, with what is uncertain (clicks nobody answered). */
export interface Expected {
  answers: AnswerState[];
  ballots: BallotState[];
  people: number;
  /** Clicks whose outcome nobody heard before the poll closed (either outcome is right). */
  ambiguous: number;
  /** Answers never confirmed before the chat ended (a delivery still failing). */
  unsent: number;
  /** Answers refused because the chat had ended, their author told so. */
  late: number;
  notRecorded: number;
  /** Answers refused as "no such question" (they are posted again later). */
  refused: number;
  noReply: number;
}

type JournalEntry =
  | { t: 'answer'; key: string; state: AnswerState }
  | { t: 'vote-try'; key: string; option: number; multiple: number; anonymous: boolean }
  | { t: 'vote'; key: string; state: BallotState };

const sameSet = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** What a click on `option` does to `options` (the rules of `castVote`: a chosen option stays chosen). */
export function toggle(options: number[], option: number, multiple: number): number[] {
  if (options.includes(option)) return options;
  if (multiple <= 1) return [option];
  if (options.length >= multiple) return options;
  return [...options, option].sort((a, b) => a - b);
}

/** The options a person wants: one in a single-choice poll, `multiple` in a multiple-choice one. */
function target(person: number, poll: SeenPoll): number[] {
  const count = Math.max(1, Math.min(poll.multiple, poll.optionCount));
  return Array.from({ length: count }, (_, k) => (person + k) % poll.optionCount).sort((a, b) => a - b);
}

/** A crowd of participants. */
export class Participants {
  readonly people: Person[];
  private readonly answers = new Map<string, AnswerState>();
  private readonly ballots = new Map<string, BallotState>();
  private notRecorded = 0;
  private refused = 0;
  private noReply = 0;

  constructor(
    count: number,
    private readonly driver: ChatDriver,
    private readonly journal?: string,
  ) {
    this.people = Array.from({ length: count }, (_, i) => ({
      id: `U${String(i).padStart(4, '0')}`,
      name: `Person ${i}`,
    }));
    if (journal && existsSync(journal)) this.replay(journal);
  }

  /** One pass over what the channel shows: answer every posted question, vote in every open poll. */
  async round(): Promise<ChannelView> {
    const view = await this.driver.view();
    for (const q of view.closing ? [] : view.questions) {
      for (let i = 0; i < this.people.length; i++) await this.answerOnce(i, q);
    }
    for (const poll of view.openPolls) {
      for (let i = 0; i < this.people.length; i++) await this.voteOnce(i, poll);
    }
    return view;
  }

  /** True when everyone has answered every question shown and settled every open poll. */
  settled(view: ChannelView): boolean {
    const answered =
      view.closing ||
      view.questions.every((q) =>
        this.people.every((_, i) => this.answers.get(`${q.number}:${i}`)?.status === 'stored'),
      );
    const voted = view.openPolls.every((p) =>
      this.people.every((_, i) => {
        const b = this.ballots.get(`${p.number}:${i}`);
        return b !== undefined && (b.closed || (b.possible.length === 1 && sameSet(b.possible[0]!, target(i, p))));
      }),
    );
    return answered && voted;
  }

  /** What the recap and the export must show. */
  expected(): Expected {
    const answers = [...this.answers.values()];
    const ballots = [...this.ballots.values()];
    const people = new Set<string>(answers.filter((a) => a.status === 'stored').map((a) => a.user));
    for (const b of ballots)
      if (!b.anonymous && b.possible.length === 1 && b.possible[0]!.length > 0) people.add(b.user);
    return {
      answers,
      ballots,
      people: people.size,
      ambiguous: ballots.filter((b) => b.possible.length > 1).length,
      unsent: answers.filter((a) => a.status === 'pending').length,
      late: answers.filter((a) => a.status === 'late').length,
      notRecorded: this.notRecorded,
      refused: this.refused,
      noReply: this.noReply,
    };
  }

  private async answerOnce(i: number, q: SeenQuestion): Promise<void> {
    const key = `${q.number}:${i}`;
    const person = this.people[i]!;
    let state = this.answers.get(key);
    if (state?.status === 'stored') return;
    if (!state) {
      state = {
        number: q.number,
        user: person.id,
        text: `Answer of ${person.name} to Q${q.number}`,
        id: `q${q.number}-u${i}-a1`,
        attempt: 1,
        status: 'pending',
      };
      this.remember({ t: 'answer', key, state });
    }
    const reply = await this.driver.answer(person, q, state.id, state.text, i % 2 === 0);
    // Whether an answer that crossed the end counts is the product's rule (its platform time against the
    // end moment the run records), judged by `compareOutcome`, never by what the channel happened to show.
    const sentAt = this.driver.sentAt?.(state.id);
    if (reply === 'stored' || reply === 'late')
      state = { ...state, status: reply, ...(sentAt !== undefined ? { sentAt } : {}) };
    else if (reply === 'not-recorded' || reply === 'refused') {
      if (reply === 'refused') this.refused += 1;
      else this.notRecorded += 1;
      state = { ...state, attempt: state.attempt + 1, id: `q${q.number}-u${i}-a${state.attempt + 1}` };
    } else this.noReply += 1;
    this.remember({ t: 'answer', key, state });
  }

  private async voteOnce(i: number, poll: SeenPoll): Promise<void> {
    const key = `${poll.number}:${i}`;
    const want = target(i, poll);
    let state = this.ballots.get(key) ?? {
      poll: poll.number,
      user: this.people[i]!.id,
      anonymous: poll.anonymous,
      possible: [[]],
      closed: false,
    };
    for (let clicks = 0; clicks < 6 && !state.closed; clicks++) {
      const known = state.possible.length === 1 ? state.possible[0]! : undefined;
      if (known && sameSet(known, want)) break;
      const extra = known?.find((o) => !want.includes(o));
      const option = extra ?? want.find((o) => !known?.includes(o)) ?? want[0]!;
      this.remember({ t: 'vote-try', key, option, multiple: poll.multiple, anonymous: poll.anonymous });
      const reply = await this.driver.vote(this.people[i]!, poll, option);
      state = this.after(state, reply, option, poll.multiple);
      this.remember({ t: 'vote', key, state });
      if (reply.kind === 'none' || reply.kind === 'not-recorded') break;
    }
  }

  private after(state: BallotState, reply: VoteReply, option: number, multiple: number): BallotState {
    switch (reply.kind) {
      case 'recorded':
        return { ...state, possible: [reply.options] };
      case 'withdrawn':
        return { ...state, possible: [[]] };
      case 'closed':
        return { ...state, closed: true };
      case 'not-recorded':
        this.notRecorded += 1;
        return state;
      case 'other':
        return state;
      case 'none':
        this.noReply += 1;
        return { ...state, possible: widen(state.possible, option, multiple) };
    }
  }

  private remember(entry: JournalEntry): void {
    if (entry.t === 'answer') this.answers.set(entry.key, entry.state);
    if (entry.t === 'vote') this.ballots.set(entry.key, entry.state);
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify(entry)}\n`);
  }

  /** Rebuilds memory from the journal; a click with no outcome written may or may not have counted. */
  private replay(file: string): void {
    const tries = new Map<string, { option: number; multiple: number; anonymous: boolean }>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // empty, or a line cut short by a kill: it was never acted on
      }
      if (entry.t === 'answer') this.answers.set(entry.key, entry.state);
      else if (entry.t === 'vote-try')
        tries.set(entry.key, { option: entry.option, multiple: entry.multiple, anonymous: entry.anonymous });
      else {
        this.ballots.set(entry.key, entry.state);
        tries.delete(entry.key);
      }
    }
    for (const [key, click] of tries) {
      const [poll, i] = key.split(':').map(Number) as [number, number];
      const state = this.ballots.get(key) ?? {
        poll,
        user: this.people[i]!.id,
        anonymous: click.anonymous,
        possible: [[]],
        closed: false,
      };
      this.ballots.set(key, { ...state, possible: widen(state.possible, click.option, click.multiple) });
    }
  }
}

/** Every state a ballot may be in after a click nobody answered. */
function widen(possible: number[][], option: number, multiple: number): number[][] {
  const out: number[][] = [];
  for (const p of [...possible, ...possible.map((s) => toggle(s, option, multiple))])
    if (!out.some((o) => sameSet(o, p))) out.push(p);
  return out;
}
