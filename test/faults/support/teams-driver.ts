/**
 * Participants on Teams for fault cases: they read the channel from the Bot Connector
 * stand-in and act as Teams delivers what people do, each activity to one of the running
 * processes picked at random (a load balancer). A message whose delivery got no 200 (a
 * killed process) is delivered again, same activity id, to another process, as Teams may
 * (the person sees their message posted either way). A click's outcome is the voter's card
 * in the invoke's response.
 */
import type { ConnectorStandin } from '../../support/teams/connector-standin.js';
import type { StandinMember, StoredMessage } from '../../support/teams/connector-state.js';
import type { TeamsActivity } from '../../support/teams/teams-activities.js';
import { cardButtons, cardOf, cardText, messageText } from '../../adapters/teams/support/card-text.js';
import { decodeVoteValue } from '../../../src/core/engine/vote-value.js';
import { readVoteReply } from './slack-driver.js';
import type {
  AnswerReply,
  ChannelView,
  ChatDriver,
  Person,
  SeenPoll,
  SeenQuestion,
  VoteReply,
} from './participants.js';

/** How the driver reaches the processes. */
export interface TeamsDriverOptions {
  standin: ConnectorStandin;
  scope: { tenantId: string; teamId: string; channelId: string };
  /** The stand-in's member for each participant, by `Person.id`. */
  members: Map<string, StandinMember>;
  /** Base URLs of the processes that are up now. */
  targets: () => string[];
  random: () => number;
}

/** The timeline step a bot post shows (`q3`, `p1-open`, `welcome`, `closing`, `recap`), read from its card's heading. */
export function stepOf(post: StoredMessage): string | undefined {
  const text = messageText(post);
  const numbered = /^(Q|Poll )(\d+)\n/.exec(text);
  if (numbered) return numbered[1] === 'Q' ? `q${numbered[2]}` : `p${numbered[2]}-open`;
  if (text.startsWith('Welcome to ')) return 'welcome';
  if (text.startsWith('Thank you for joining ')) return 'closing';
  return text.startsWith('Recap: ') ? 'recap' : undefined;
}

interface Sent {
  activity: TeamsActivity;
  label: string;
  deliveries: number;
}

/** A driver over the stand-in and the processes behind it. */
export class TeamsFaultDriver implements ChatDriver {
  private readonly sent = new Map<string, Sent>();
  /** Deliveries made again after one got no 200 (as Teams may). */
  redeliveries = 0;
  /** Every delivery and click with the process that took it and what it got. */
  readonly clicks: string[] = [];

  constructor(private readonly opts: TeamsDriverOptions) {}

  /** The bot's step posts in the channel, with their step. */
  steps(): { step: string; post: StoredMessage }[] {
    return this.opts.standin.posts(this.opts.scope.channelId).flatMap((post) => {
      const step = post.byBot ? stepOf(post) : undefined;
      return step ? [{ step, post }] : [];
    });
  }

  async view(): Promise<ChannelView> {
    const steps = this.steps();
    const questions: SeenQuestion[] = steps.flatMap((s) =>
      /^q\d+$/.test(s.step) ? [{ number: Number(s.step.slice(1)), postId: s.post.id }] : [],
    );
    const openPolls: SeenPoll[] = steps.flatMap((s) => {
      const m = /^p(\d+)-open$/.exec(s.step);
      const buttons = optionButtons(cardOf(s.post));
      if (!m || buttons.length === 0) return [];
      // Poll 2 of the fault plan allows two options and is anonymous; poll 1 is single-choice and named.
      const number = Number(m[1]);
      return [{ number, optionCount: buttons.length, multiple: number === 2 ? 2 : 1, anonymous: number === 2 }];
    });
    const ended = steps.some((s) => s.step === 'recap');
    return { questions, openPolls, closing: ended || steps.some((s) => s.step === 'closing'), ended };
  }

  async answer(person: Person, q: SeenQuestion, id: string, text: string, prefix: boolean): Promise<AnswerReply> {
    const { standin, scope } = this.opts;
    let sent = this.sent.get(id);
    if (!sent) {
      const from = this.member(person);
      const activity = prefix
        ? standin.activities.channelMessage({ ...scope, from, text: `A${q.number} ${text}` })
        : standin.activities.channelMessage({ ...scope, from, text, replyToPostId: q.postId });
      standin.record(activity);
      sent = { activity, label: `${person.id} Q${q.number} ${id}`, deliveries: 0 };
      this.sent.set(id, sent);
    }
    const url = this.pick();
    if (!url) return 'none';
    if (sent.deliveries > 0) this.redeliveries += 1;
    sent.deliveries += 1;
    const status = await this.send(sent.activity, url).then(
      (r) => r.status,
      (err: Error) => err.message,
    );
    this.clicks.push(`${new Date().toISOString()} activity ${sent.activity.id} ${sent.label} to ${url} -> ${status}`);
    return status === 200 ? 'stored' : 'none';
  }

  async vote(person: Person, poll: SeenPoll, option: number): Promise<VoteReply> {
    const post = this.steps().find((s) => s.step === `p${poll.number}-open`)?.post;
    const buttons = optionButtons(cardOf(post));
    const url = this.pick();
    if (!post || !buttons[option]) return { kind: 'closed' };
    if (!url) return { kind: 'none' };
    const { standin, scope } = this.opts;
    const activity = standin.activities.adaptiveCardInvoke({
      ...scope,
      from: this.member(person),
      cardActivityId: post.id,
      verb: 'vote',
      data: { value: buttons[option].value },
    });
    const started = Date.now();
    const reply = await this.send(activity, url).catch((err: Error) => ({ status: err.message, body: undefined }));
    const text =
      reply.status === 200
        ? cardText((reply.body as { value?: Record<string, unknown> } | undefined)?.value)
        : undefined;
    this.clicks.push(
      `${new Date(started).toISOString()} ${person.id} P${poll.number} option ${option} to ${url} -> ${text === undefined ? `no reply (${reply.status})` : text.split('\n')[0]!.slice(0, 80)} (${Date.now() - started} ms)`,
    );
    return text === undefined
      ? { kind: 'none' }
      : readVoteReply(
          text,
          buttons.map((b) => b.title),
        );
  }

  private send(activity: TeamsActivity, url: string) {
    return this.opts.standin.send(activity, { botUrl: `${url}/api/messages` });
  }

  private member(person: Person): StandinMember {
    const member = this.opts.members.get(person.id);
    if (!member) throw new Error(`${person.id} is not a member of the team`);
    return member;
  }

  private pick(): string | undefined {
    const urls = this.opts.targets();
    return urls[Math.floor(this.opts.random() * urls.length)];
  }
}

/** A poll card's option buttons, in order, without "Withdraw my vote" (the crowd never withdraws). */
function optionButtons(card: Parameters<typeof cardButtons>[0]): ReturnType<typeof cardButtons> {
  return cardButtons(card).filter((b) => decodeVoteValue(b.value)?.option !== 'withdraw');
}
