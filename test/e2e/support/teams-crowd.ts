/**
 * Fifty people in a Teams channel, driven through the Bot Connector stand-in as Teams
 * would deliver what they do: thread replies and `A3`/`R3` posts, edits, deletions,
 * reactions, a redelivered message, poll clicks (`Action.Execute` invokes, changes of mind,
 * a redelivered click). They keep their own count of what they did, so the recap and the
 * CSV export can be compared with it, independently of the engine.
 */
import type { StandinMember } from '../../support/teams/connector-state.js';
import type { TeamsActivity } from '../../support/teams/teams-activities.js';
import type { TeamsProcess } from './teams-process.js';
import type { RecapFigures } from './recap-figures.js';
import { ANSWER_BODIES, ANSWER_RATE, VOTE_RATE } from './crowd-habits.js';
import { CrowdLedger, type LedgerAnswer } from './crowd-ledger.js';

/** A person of the crowd: a team member and the locale of their Teams client. */
export interface CrowdPerson {
  member: StandinMember;
  locale: 'en-CA' | 'fr-CA';
}

interface AnswerRecord extends LedgerAnswer {
  activity: TeamsActivity;
  person: CrowdPerson;
  via: 'thread' | 'prefix';
}

/** The crowd. */
export class TeamsCrowd {
  private readonly ledger = new CrowdLedger();
  /** Clicks whose response note did not say what the product rule says it should. */
  readonly surprises: string[] = [];

  constructor(
    private readonly proc: TeamsProcess,
    private readonly scope: { tenantId: string; teamId: string; channelId: string },
    readonly people: readonly CrowdPerson[],
    private readonly random: () => number,
  ) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private async deliver(activity: TeamsActivity): Promise<void> {
    const reply = await this.proc.deliver(activity);
    if (reply.status !== 200) throw new Error(`The bot answered ${reply.status} to a ${activity.type}.`);
  }

  /** Some people answer question `number` (posted as `postId`), then edit, delete and react. */
  async answerQuestion(number: number, postId: string): Promise<void> {
    const mine: AnswerRecord[] = [];
    for (const person of this.people) {
      if (this.random() > ANSWER_RATE) continue;
      const body = this.pick(ANSWER_BODIES);
      const inThread = this.random() < 0.8;
      const prefix = `${person.locale === 'fr-CA' ? 'R' : 'A'}${number}`;
      const text = inThread ? body : `${prefix}${this.pick([': ', ' - ', '. ', ') ', ' '])}${body}`;
      const activity = this.proc.standin.activities.channelMessage({
        ...this.scope,
        locale: person.locale,
        from: person.member,
        text,
        ...(inThread ? { replyToPostId: postId } : {}),
      });
      await this.deliver(activity);
      const record: AnswerRecord = {
        activity,
        person,
        number,
        authorId: person.member.aadObjectId,
        authorName: person.member.name,
        text: body,
        via: inThread ? 'thread' : 'prefix',
        reactions: new Set(),
      };
      this.ledger.addAnswer(activity.id, record);
      mine.push(record);
    }
    // Teams redelivers one of them: it must count once.
    if (mine[0]) await this.deliver(mine[0].activity);
    for (const record of mine) {
      const roll = this.random();
      const rootId = record.via === 'thread' ? postId : record.activity.id;
      if (roll < 0.04) {
        await this.deliver(
          this.proc.standin.activities.messageDelete({
            ...this.scope,
            from: record.person.member,
            messageId: record.activity.id,
            rootId,
          }),
        );
        this.ledger.deleteAnswer(record.activity.id);
      } else if (roll < 0.1) {
        const body = `${record.text} (edited)`;
        const text = record.via === 'thread' ? body : `${record.activity.text!.slice(0, 2)}: ${body}`;
        await this.deliver(
          this.proc.standin.activities.messageUpdate({
            ...this.scope,
            from: record.person.member,
            messageId: record.activity.id,
            rootId,
            text,
          }),
        );
        record.text = body;
      } else if (roll < 0.35) {
        const fan = this.pick(this.people);
        const type = this.pick(['like', 'heart'] as const);
        await this.deliver(
          this.proc.standin.activities.messageReaction({
            ...this.scope,
            from: fan.member,
            messageId: record.activity.id,
            rootId,
            added: [type],
          }),
        );
        record.reactions.add(`${fan.member.aadObjectId}|${type}`);
        if (this.random() < 0.2) {
          await this.deliver(
            this.proc.standin.activities.messageReaction({
              ...this.scope,
              from: fan.member,
              messageId: record.activity.id,
              rootId,
              removed: [type],
            }),
          );
          record.reactions.delete(`${fan.member.aadObjectId}|${type}`);
        }
      }
    }
  }

  /** Some people vote in poll `number` (posted as `postId`, buttons `values`), some change their mind. */
  async vote(number: number, postId: string, values: readonly string[], multiple: number): Promise<void> {
    this.ledger.openPoll(number, values.length, multiple);
    let first: TeamsActivity | undefined;
    for (const person of this.people) {
      if (this.random() > VOTE_RATE) continue;
      const clicks = [Math.floor(this.random() * values.length)];
      if (multiple > 1 && this.random() < 0.6) clicks.push(Math.floor(this.random() * values.length));
      if (multiple > 1 && this.random() < 0.2) clicks.push(Math.floor(this.random() * values.length));
      if (this.random() < 0.15) clicks.push(Math.floor(this.random() * values.length));
      for (const option of clicks) {
        const activity = this.proc.standin.activities.adaptiveCardInvoke({
          ...this.scope,
          locale: person.locale,
          from: person.member,
          cardActivityId: postId,
          verb: 'vote',
          data: { value: values[option]! },
        });
        first ??= activity;
        await this.click(number, person, option, activity);
      }
    }
    // A redelivered click must not count twice.
    if (first) await this.deliver(first);
  }

  /** A click after the poll closed: answered with "closed" for the voter, not counted. */
  async lateClick(postId: string, value: string): Promise<string> {
    const person = this.people[0]!;
    const activity = this.proc.standin.activities.adaptiveCardInvoke({
      ...this.scope,
      locale: person.locale,
      from: person.member,
      cardActivityId: postId,
      verb: 'vote',
      data: { value },
    });
    const reply = await this.proc.deliver(activity);
    return JSON.stringify(reply.body);
  }

  /** One click, with the product rule applied to the crowd's own count and checked against the voter's card. */
  private async click(poll: number, person: CrowdPerson, option: number, activity: TeamsActivity): Promise<void> {
    const expected = this.ledger.click(poll, person.member.aadObjectId, option);
    const reply = await this.proc.deliver(activity);
    const card = JSON.stringify(reply.body);
    if (reply.status !== 200 || !expected.test(card))
      this.surprises.push(`poll ${poll}, ${person.member.name}, option ${option + 1}: ${card.slice(0, 200)}`);
  }

  /** The crowd's own figures, as the recap must show them. */
  figures(): RecapFigures {
    return this.ledger.figures();
  }

  /** The CSV rows the export must hold, without their timestamps (user id: the Entra object id). */
  csvRows(): string[][] {
    return this.ledger.csvRows();
  }
}
