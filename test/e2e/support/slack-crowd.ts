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
import type { RecapFigures } from './recap-figures.js';
import { ANSWER_BODIES, ANSWER_RATE, VOTE_RATE } from './crowd-habits.js';
import { CrowdLedger, type LedgerAnswer } from './crowd-ledger.js';

/** A person of the crowd: a Slack user and the locale of their Slack client. */
export interface SlackPerson {
  id: string;
  name: string;
  locale: 'en-CA' | 'fr-CA';
}

interface AnswerRecord extends LedgerAnswer {
  ts: string;
  person: SlackPerson;
  via: 'thread' | 'prefix';
}

const PREFIX_RATE = 0.15;

/** The crowd. */
export class SlackCrowd {
  private readonly ledger = new CrowdLedger();
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

  private async deliver(
    event: SlackEvent,
    opts: { eventId?: string; retryNum?: number } = {},
  ): Promise<string | undefined> {
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
      const body = this.pick(ANSWER_BODIES);
      const inThread = this.random() >= PREFIX_RATE;
      const prefix = `${person.locale === 'fr-CA' ? 'R' : 'A'}${number}`;
      const text = inThread ? body : `${prefix}${this.pick([': ', ' - ', '. ', ') ', ' '])}${body}`;
      const event = s.userPost(this.channel, person.id, text, inThread ? { threadTs: questionTs } : {});
      const eventId = await this.deliver(event);
      if (!inThread) this.prefixed++;
      redeliver ??= eventId && !inThread ? { event, eventId } : undefined;
      const record: AnswerRecord = {
        ts: String(event.ts),
        person,
        number,
        authorId: person.id,
        authorName: person.name,
        text: body,
        via: inThread ? 'thread' : 'prefix',
        reactions: new Set(),
      };
      this.ledger.addAnswer(record.ts, record);
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
        this.ledger.deleteAnswer(record.ts);
        if (record.via === 'prefix') this.prefixed--;
        this.deletions++;
      } else if ((number === 1 && i === 0) || roll < 0.1) {
        const body = `${record.text} (edited)`;
        const text =
          record.via === 'thread' ? body : `${record.person.locale === 'fr-CA' ? 'R' : 'A'}${number}: ${body}`;
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
    this.ledger.openPoll(number, actionIds.length, multiple);
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
    // A new click on an old screen: Slack stamps it with its own action_ts, so it is no replay.
    const actions = (staleClick.actions as Record<string, unknown>[]).map((a) => ({
      ...a,
      action_ts: (Date.now() / 1000).toFixed(6),
    }));
    await this.p.driver.clickPayload({ ...staleClick, actions });
    return (await waitFor('the reply to a late click', () => this.p.standin.ephemerals(user)[before])).text;
  }

  /** One click, with the product rule applied to the crowd's own count and checked against the reply the voter sees. */
  private async click(
    poll: number,
    person: SlackPerson,
    pollTs: string,
    actionId: string,
    option: number,
  ): Promise<void> {
    const expected = this.ledger.click(poll, person.id, option);
    const seen = this.p.standin.ephemerals(person.id).length;
    const reply = await this.p.driver.click({ user: person.id, channelId: this.channel, messageTs: pollTs, actionId });
    if (reply.status !== 200) throw new Error(`The app answered ${reply.status} to a click.`);
    const shown = await waitFor(
      `the reply to ${person.name}'s click`,
      () => this.p.standin.ephemerals(person.id)[seen],
    );
    const french = person.locale === 'fr-CA';
    if (!expected.test(shown.text) || /Your vote|You can pick/.test(shown.text) === french) {
      this.surprises.push(`poll ${poll}, ${person.name}, option ${option + 1}: ${shown.text.slice(0, 200)}`);
    }
  }

  /** The crowd's own figures, as the recap must show them. */
  figures(): RecapFigures {
    return this.ledger.figures();
  }

  /** The CSV rows the export must hold, without their timestamps (user id: the Slack user id). */
  csvRows(): string[][] {
    return this.ledger.csvRows();
  }
}
