/**
 * Participants on Slack for fault cases: they read the channel from the stand-in and act as
 * Slack delivers what people do, each delivery to one of the running processes picked at
 * random (a load balancer). An event whose delivery failed (a killed process, no 200) is
 * delivered again with the same `event_id` to another process, as Slack retries; with
 * `everyEventTwice`, each event also arrives a second time, at once. A click's outcome is
 * the reply the voter sees (`response_url`, shown as an ephemeral message).
 */
import type { SlackStandin } from '../../support/slack/slack-standin.js';
import type { StoredMessage } from '../../support/slack/standin-types.js';
import type { SlackEvent } from '../../support/slack/user-actions.js';
import { deliverSigned, formBody } from '../../support/slack/event-sender.js';
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
export interface SlackDriverOptions {
  standin: SlackStandin;
  channel: string;
  signingSecret: string;
  /** Base URLs of the processes that are up now. */
  targets: () => string[];
  random: () => number;
  everyEventTwice?: boolean;
  /** Longest wait for the reply to a click (a killed process never replies). */
  replyWaitMs?: number;
}

/** The step key a bot post carries in its metadata, if any. */
export function stepKeyOf(m: StoredMessage): string | undefined {
  const key = m.metadata?.event_type === 'roundtable_step' ? m.metadata.event_payload.key : undefined;
  return typeof key === 'string' ? key : undefined;
}

/** The `action_id`s of a message's buttons, in order. */
export function buttonsOf(m: StoredMessage): string[] {
  return ((m.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[]).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).flatMap((e) => (e.action_id ? [e.action_id] : [])) : [],
  );
}

interface Sent {
  event: SlackEvent;
  /** Who answered what, for the trace: `U0003 Q2 q2-u3-a1`. */
  label: string;
  eventId?: string;
  deliveries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A driver over the stand-in and the processes behind it. */
export class SlackFaultDriver implements ChatDriver {
  private readonly sent = new Map<string, Sent>();
  /** Deliveries made again after one failed (connection refused or reset, no 200), as Slack retries. */
  redeliveries = 0;
  /** Events delivered a second time on purpose (`everyEventTwice`). */
  doubled = 0;
  /** Every click and event delivery with what it got (for a look after a failure). */
  readonly clicks: string[] = [];

  constructor(private readonly opts: SlackDriverOptions) {}

  /** The bot's step posts in the channel, by key. */
  steps(): { key: string; message: StoredMessage }[] {
    return this.opts.standin.messages(this.opts.channel).flatMap((m) => {
      const key = m.botId ? stepKeyOf(m) : undefined;
      return key ? [{ key, message: m }] : [];
    });
  }

  async view(): Promise<ChannelView> {
    const steps = this.steps();
    const questions: SeenQuestion[] = steps.flatMap((s) => {
      const m = /:q(\d+)$/.exec(s.key);
      return m ? [{ number: Number(m[1]), postId: s.message.ts }] : [];
    });
    const openPolls: SeenPoll[] = steps.flatMap((s) => {
      const m = /:p(\d+)-open$/.exec(s.key);
      const buttons = buttonsOf(s.message);
      if (!m || buttons.length === 0) return [];
      // Poll 2 of the fault plan allows two options and is anonymous; poll 1 is single-choice and named.
      const number = Number(m[1]);
      return [{ number, optionCount: buttons.length, multiple: number === 2 ? 2 : 1, anonymous: number === 2 }];
    });
    const ended = steps.some((s) => s.key.endsWith(':recap'));
    return { questions, openPolls, closing: ended || steps.some((s) => s.key.endsWith(':closing')), ended };
  }

  /** The Slack `ts` of message `id` in epoch ms (the time the end of the chat is judged by). */
  sentAt(id: string): number | undefined {
    const ts = this.sent.get(id)?.event.ts;
    return typeof ts === 'string' ? Math.floor(Number(ts) * 1000) : undefined;
  }

  async answer(person: Person, q: SeenQuestion, id: string, text: string, prefix: boolean): Promise<AnswerReply> {
    const { standin, channel } = this.opts;
    let sent = this.sent.get(id);
    if (!sent) {
      sent = {
        event: prefix
          ? standin.userPost(channel, person.id, `A${q.number} ${text}`)
          : standin.userPost(channel, person.id, text, { threadTs: q.postId }),
        label: `${person.id} Q${q.number} ${id}`,
        deliveries: 0,
      };
      this.sent.set(id, sent);
    }
    const ok = await this.deliver(sent, false);
    if (ok && this.opts.everyEventTwice) await this.deliver(sent, true);
    return ok ? 'stored' : 'none';
  }

  async vote(person: Person, poll: SeenPoll, option: number): Promise<VoteReply> {
    const { standin, channel } = this.opts;
    const post = this.steps().find((s) => s.key.endsWith(`:p${poll.number}-open`))?.message;
    const actionId = post ? buttonsOf(post)[option] : undefined;
    const url = this.pick();
    if (!post || !actionId) return { kind: 'closed' };
    if (!url) return { kind: 'none' };
    const before = standin.ephemerals(person.id).length;
    const payload = standin.buildAction({ user: person.id, channelId: channel, messageTs: post.ts, actionId });
    try {
      const res = await deliverSigned(
        formBody({ payload: JSON.stringify(payload) }),
        'application/x-www-form-urlencoded',
        { url: `${url}/slack/events`, signingSecret: this.opts.signingSecret },
      );
      if (res.status !== 200) return { kind: 'none' };
    } catch {
      return { kind: 'none' };
    }
    const started = Date.now();
    const until = started + (this.opts.replyWaitMs ?? 8000);
    while (standin.ephemerals(person.id).length === before && Date.now() < until) await sleep(20);
    const reply = standin.ephemerals(person.id)[before]?.text;
    this.clicks.push(
      `${new Date(started).toISOString()} ${person.id} P${poll.number} option ${option} to ${url} -> ${reply === undefined ? 'no reply' : reply.slice(0, 80)} (${Date.now() - started} ms)`,
    );
    if (reply === undefined) return { kind: 'none' };
    return readVoteReply(reply, optionLabels(post));
  }

  /** Delivers (or delivers again) an event to a process; true when one answered 200. */
  private async deliver(sent: Sent, again: boolean): Promise<boolean> {
    const url = this.pick();
    if (!url) return false;
    if (again) this.doubled += 1;
    else if (sent.deliveries > 0) this.redeliveries += 1;
    try {
      const res = await this.opts.standin.sendEvent(sent.event, {
        url: `${url}/slack/events`,
        signingSecret: this.opts.signingSecret,
        ...(sent.eventId ? { eventId: sent.eventId } : {}),
        ...(sent.deliveries > 0 ? { retryNum: Math.min(3, sent.deliveries), retryReason: 'http_error' } : {}),
      });
      sent.eventId = res.eventId;
      sent.deliveries += 1;
      this.clicks.push(
        `${new Date().toISOString()} event ${res.eventId} ${sent.label} to ${url}${again ? ' (again)' : ''} -> ${res.status}`,
      );
      return res.status === 200;
    } catch (err) {
      sent.deliveries += 1;
      this.clicks.push(
        `${new Date().toISOString()} event ${sent.eventId ?? '(new)'} ${sent.label} to ${url}${again ? ' (again)' : ''} -> ${(err as Error).message}`,
      );
      return false;
    }
  }

  private pick(): string | undefined {
    const urls = this.opts.targets();
    return urls[Math.floor(this.opts.random() * urls.length)];
  }
}

/** What a vote reply says, in English (the participants' locale); `labels`: the poll's buttons, in order. */
export function readVoteReply(text: string, labels: string[]): VoteReply {
  const recorded =
    /Your vote is recorded: (.*)\. You can change it/.exec(text) ??
    /Your vote stays: (.*)\. To take it back/.exec(text);
  if (recorded) {
    // Buttons show both languages ("Weekly / Chaque semaine"): a reply's label is found inside them.
    return {
      kind: 'recorded',
      options: recorded[1]!
        .split(', ')
        .map((l) => labels.findIndex((b) => b.includes(l)))
        .filter((o) => o >= 0)
        .sort((a, b) => a - b),
    };
  }
  if (/Your vote is withdrawn/.test(text)) return { kind: 'withdrawn' };
  if (/This poll is closed/.test(text)) return { kind: 'closed' };
  if (/not recorded/.test(text)) return { kind: 'not-recorded' };
  return { kind: 'other' };
}

/** The labels of a poll's buttons, in order. */
function optionLabels(poll: StoredMessage): string[] {
  return ((poll.blocks ?? []) as { type: string; elements?: { text?: { text?: string } }[] }[]).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).map((e) => e.text?.text ?? '') : [],
  );
}
