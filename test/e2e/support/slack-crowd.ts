/**
 * Fifty people in a Slack channel, driven through the stand-in as Slack delivers what they
 * do (signed Events API requests or Socket Mode envelopes): thread replies and `A3`/`R3`
 * messages, edits, deletions, reactions (some taken back), a redelivered event, poll clicks
 * with changes of mind. They keep their own count of what they did, so the recap and the
 * CSV export can be compared with it, independently of the engine.
 */
import type { SlackProcess } from './slack-process.js';
import { waitFor } from './slack-process.js';
import type { SlackEvent } from '../../support/slack/user-actions.js';

/** A person of the crowd: a Slack user and the locale of their Slack client. */
export interface SlackPerson {
  id: string;
  name: string;
  locale: 'en-CA' | 'fr-CA';
}

/** What the crowd did, counted as the recap defines its figures. */
export interface SlackCrowdFigures {
  participants: number;
  answers: number;
  perQuestion: Map<number, number>;
  /** Votes per option of each poll, as each person left them. */
  pollCounts: Map<number, number[]>;
}

interface AnswerRecord {
  ts: string;
  person: SlackPerson;
  number: number;
  /** The text as the bot should keep it (without the A3/R3 prefix). */
  text: string;
  via: 'thread' | 'prefix';
  reactions: Set<string>;
}

const BODIES = [
  'Regular check-ins where people can say how they really are.',
  'Des pauses réelles, sans courriels après 18 h.',
  'Leaders who share their own experience first.',
  'Une équipe où l’on peut dire « je ne sais pas » sans crainte.',
  '=SUM(A1:A3) is how I count my small wins, "quoted" too',
  'Publishing drafts on GCwiki, with a note: work in progress.',
];

const ANSWER_RATE = 0.45;
const PREFIX_RATE = 0.15;
const VOTE_RATE = 0.7;

/** The crowd. */
export class SlackCrowd {
  private readonly answers = new Map<string, AnswerRecord>();
  private readonly ballots = new Map<number, { size: number; multiple: number; picks: Map<string, number[]> }>();
  /** Messages that start with `A<k>`/`R<k>` and were not deleted: each has one copy in its question's thread (a deleted one's copy goes too). */
  prefixed = 0;
  edits = 0;
  deletions = 0;
  /** Replies to clicks that did not say what the product rule says they should. */
  readonly surprises: string[] = [];

  constructor(
    private readonly p: SlackProcess,
    private readonly channel: string,
    readonly people: readonly SlackPerson[],
    private readonly random: () => number,
    private readonly settled: () => Promise<void>,
  ) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private async deliver(event: SlackEvent, opts: { eventId?: string; retryNum?: number } = {}): Promise<string | undefined> {
    const reply = await this.p.driver.event(event, opts);
    if (reply.status !== 200) throw new Error(`The app answered ${reply.status} to a ${String(event.type)} event.`);
    return reply.eventId;
  }

  /** Some people answer question `number` (posted as `questionTs`), then edit, delete and react. */
  async answerQuestion(number: number, questionTs: string): Promise<void> {
    const s = this.p.standin;
    const mine: AnswerRecord[] = [];
    let redeliver: { event: SlackEvent; eventId: string } | undefined;
    for (const person of this.people) {
      if (this.random() > ANSWER_RATE) continue;
      const body = this.pick(BODIES);
      const inThread = this.random() >= PREFIX_RATE;
      const prefix = `${person.locale === 'fr-CA' ? 'R' : 'A'}${number}`;
      const text = inThread ? body : `${prefix}${this.pick([': ', ' - ', '. ', ') ', ' '])}${body}`;
      const event = s.userPost(this.channel, person.id, text, inThread ? { threadTs: questionTs } : {});
      const eventId = await this.deliver(event);
      if (!inThread) this.prefixed++;
      redeliver ??= eventId && !inThread ? { event, eventId } : undefined;
      const record: AnswerRecord = { ts: String(event.ts), person, number, text: body, via: inThread ? 'thread' : 'prefix', reactions: new Set() };
      this.answers.set(record.ts, record);
      mine.push(record);
    }
    // Slack delivers one event again (same event_id, X-Slack-Retry-Num 1): it must count once, and be copied once.
    if (redeliver) await this.deliver(redeliver.event, { eventId: redeliver.eventId, retryNum: 1 });
    // Edits and reactions need their answer stored first, as they would come seconds later in Slack.
    await this.settled();
    for (const [i, record] of mine.entries()) {
      const roll = this.random();
      if ((number === 1 && i === 1) || roll < 0.04) {
        await this.deliver(s.userDelete(this.channel, record.ts));
        this.answers.delete(record.ts);
        if (record.via === 'prefix') this.prefixed--;
        this.deletions++;
      } else if ((number === 1 && i === 0) || roll < 0.1) {
        const body = `${record.text} (edited)`;
        const text = record.via === 'thread' ? body : `${record.person.locale === 'fr-CA' ? 'R' : 'A'}${number}: ${body}`;
        await this.deliver(s.userEdit(this.channel, record.ts, text));
        record.text = body;
        this.edits++;
      } else if (roll < 0.35) {
        const fan = this.pick(this.people);
        const emoji = this.pick(['clap', 'heart', '+1']);
        await this.deliver(s.userReact(this.channel, record.ts, fan.id, emoji));
        record.reactions.add(`${fan.id}|${emoji}`);
        if (this.random() < 0.2) {
          await this.deliver(s.userReact(this.channel, record.ts, fan.id, emoji, true));
          record.reactions.delete(`${fan.id}|${emoji}`);
        }
      }
    }
    await this.settled();
  }

  /** Some people vote in poll `number` (posted as `pollTs`, buttons `actionIds`), some change their mind. */
  async vote(number: number, pollTs: string, actionIds: readonly string[], multiple: number): Promise<void> {
    const ballots = { size: actionIds.length, multiple, picks: new Map<string, number[]>() };
    this.ballots.set(number, ballots);
    for (const person of this.people) {
      if (this.random() > VOTE_RATE) continue;
      const clicks = [Math.floor(this.random() * actionIds.length)];
      if (multiple > 1 && this.random() < 0.6) clicks.push(Math.floor(this.random() * actionIds.length));
      if (multiple > 1 && this.random() < 0.2) clicks.push(Math.floor(this.random() * actionIds.length));
      if (this.random() < 0.15) clicks.push(Math.floor(this.random() * actionIds.length)); // a change of mind
      for (const option of clicks) await this.click(number, person, pollTs, actionIds[option]!, option);
    }
  }

  /** A click on a poll as it was shown before it closed (a stale screen): the voter is told it is closed; nothing is counted. */
  async lateClick(staleClick: Record<string, unknown>, user: string): Promise<string> {
    const before = this.p.standin.ephemerals(user).length;
    await this.p.driver.clickPayload(staleClick);
    return (await waitFor('the reply to a late click', () => this.p.standin.ephemerals(user)[before])).text;
  }

  /** One click, with the product rule applied to the crowd's own count and checked against the reply the voter sees. */
  private async click(poll: number, person: SlackPerson, pollTs: string, actionId: string, option: number): Promise<void> {
    const ballots = this.ballots.get(poll)!;
    const before = ballots.picks.get(person.id) ?? [];
    let after: number[];
    let expected: RegExp;
    if (before.includes(option)) {
      after = before.filter((o) => o !== option);
      expected = after.length === 0 ? /Your vote is withdrawn|Votre vote est retiré/ : /Your vote is recorded|Votre vote est enregistré/;
    } else if (ballots.multiple <= 1) {
      after = [option];
      expected = /Your vote is recorded|Votre vote est enregistré/;
    } else if (before.length >= ballots.multiple) {
      after = before;
      expected = /You can pick up to|Vous pouvez choisir jusqu’à/;
    } else {
      after = [...before, option].sort((a, b) => a - b);
      expected = /Your vote is recorded|Votre vote est enregistré/;
    }
    const seen = this.p.standin.ephemerals(person.id).length;
    const reply = await this.p.driver.click({ user: person.id, channelId: this.channel, messageTs: pollTs, actionId });
    if (reply.status !== 200) throw new Error(`The app answered ${reply.status} to a click.`);
    const shown = await waitFor(`the reply to ${person.name}'s click`, () => this.p.standin.ephemerals(person.id)[seen]);
    const french = person.locale === 'fr-CA';
    if (!expected.test(shown.text) || /Your vote|You can pick/.test(shown.text) === french) {
      this.surprises.push(`poll ${poll}, ${person.name}, option ${option + 1}: ${shown.text.slice(0, 200)}`);
    }
    ballots.picks.set(person.id, after);
  }

  /** The crowd's own figures (anonymous polls: voters not seen answering, largest poll group). */
  figures(): SlackCrowdFigures {
    const perQuestion = new Map<number, number>();
    const answerers = new Set<string>();
    for (const a of this.answers.values()) {
      perQuestion.set(a.number, (perQuestion.get(a.number) ?? 0) + 1);
      answerers.add(a.person.id);
    }
    const pollCounts = new Map<number, number[]>();
    let anonymousOnly = 0;
    for (const [poll, b] of this.ballots) {
      const counts = Array.from({ length: b.size }, () => 0);
      for (const picks of b.picks.values()) for (const o of picks) counts[o]!++;
      pollCounts.set(poll, counts);
      anonymousOnly = Math.max(anonymousOnly, [...b.picks].filter(([user, picks]) => picks.length > 0 && !answerers.has(user)).length);
    }
    return { participants: answerers.size + anonymousOnly, answers: this.answers.size, perQuestion, pollCounts };
  }

  /**
   * The CSV rows the export must hold, without their timestamps: answers (question, Slack
   * user id, name, text as last edited, reactions) and votes of anonymous polls (poll, option).
   */
  csvRows(): string[][] {
    const guard = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
    const rows: string[][] = [];
    for (const a of this.answers.values()) rows.push(['answer', String(a.number), a.person.id, a.person.name, guard(a.text), '', String(a.reactions.size)]);
    for (const [poll, b] of this.ballots) for (const picks of b.picks.values()) for (const o of picks) rows.push(['vote', String(poll), '', '', '', String(o + 1), '']);
    return rows.sort((x, y) => x.join('\u0001').localeCompare(y.join('\u0001')));
  }
}
