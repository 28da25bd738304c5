/**
 * One chat on Slack run by several Roundtable processes on one Redis, for the Slack fault
 * cases: the Slack stand-in as the platform of `runClusterChat` (Bolt over HTTP in each
 * process, people's events spread across the processes, the channel read back from the
 * stand-in with each step's key from its message metadata).
 */
import { startSlackStandin, type SlackStandin } from '../../support/slack/slack-standin.js';
import type { SlackStandinOptions, StoredMessage } from '../../support/slack/standin-types.js';
import { deliverSigned, formBody } from '../../support/slack/event-sender.js';
import { readSlackRecap } from '../../e2e/support/slack-recap-text.js';
import type { ChannelPost } from './outcome.js';
import type { RedisServer } from './redis-server.js';
import type { ProcessCluster } from './process-cluster.js';
import { SlackFaultDriver, buttonsOf, stepKeyOf } from './slack-driver.js';
import {
  runClusterChat,
  shownRecap,
  type ChannelAtEnd,
  type ClusterChatResult,
  type FaultPlatform,
} from './cluster-chat-run.js';

const SIGNING_SECRET = 'fault-signing-secret-0123456789abcdef';
const CHANNEL = 'C0FAULTS01';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of one chat. */
export interface SlackChatRunOptions {
  redis: RedisServer;
  instances: number;
  people: number;
  speed: number;
  random: () => number;
  standin?: SlackStandinOptions;
  everyEventTwice?: boolean;
  /** Runs alongside the chat until `ended()` says the recap is posted (e.g. kills processes). */
  disrupt?: (cluster: ProcessCluster, ended: () => boolean) => Promise<void>;
}

/** How the chat went. */
export type SlackChatRunResult = ClusterChatResult;

/** Runs one chat on Slack from the organizer's `start` to the recap, and compares. */
export function runSlackChat(opts: SlackChatRunOptions): Promise<SlackChatRunResult> {
  return runClusterChat({ ...opts, platform: (targets) => slackPlatform(opts, targets) });
}

async function slackPlatform(opts: SlackChatRunOptions, targets: () => string[]): Promise<FaultPlatform> {
  const standin = await startSlackStandin({ validateBlocks: false, ...opts.standin });
  standin.addChannel(CHANNEL, { name: 'faults' });
  standin.addUser({ id: 'U_ORG', name: 'Organizer', locale: 'en-CA' });
  const driver = new SlackFaultDriver({
    standin,
    channel: CHANNEL,
    signingSecret: SIGNING_SECRET,
    targets,
    random: opts.random,
    ...(opts.everyEventTwice ? { everyEventTwice: true } : {}),
  });
  const welcomed = () => driver.steps().some((s) => s.key.endsWith(':welcome'));
  return {
    env: {
      SLACK_BOT_TOKEN: standin.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standin.apiUrl,
      ROUNDTABLE_ORGANIZERS: 'U_ORG',
    },
    planChannel: '#faults',
    findsPosts: true,
    driver,
    addPeople(people) {
      for (const person of people) standin.addUser({ id: person.id, name: person.name, locale: 'en-CA' });
    },
    async start(urls) {
      while (!welcomed()) {
        const url = urls()[0];
        if (url) {
          const fields = standin.buildCommand({
            command: '/roundtable',
            text: 'start fault-chat',
            user_id: 'U_ORG',
            channel_id: CHANNEL,
          });
          await deliverSigned(formBody(fields), 'application/x-www-form-urlencoded', {
            url: `${url}/slack/events`,
            signingSecret: SIGNING_SECRET,
          }).catch(() => undefined);
        }
        for (let i = 0; i < 100 && !welcomed(); i++) await sleep(50);
      }
    },
    read: (runId) => readChannel(standin.messages(CHANNEL), (ts) => standin.thread(CHANNEL, ts), driver.steps(), runId),
    notes() {
      const stats = standin.stats;
      return [
        `${driver.redeliveries} failed deliveries made again`,
        ...(driver.doubled > 0 ? [`${driver.doubled} events sent twice`] : []),
        `Slack calls ${stats.calls}, 429s ${stats.ratelimited}, injected failures ${stats.failed}`,
      ];
    },
    trace: () => driver.clicks,
    toldLate: (users) => toldLate(standin, users, driver.steps()),
    stop: () => standin.stop(),
  };
}

/** The channel as people see it: step posts with their keys, closed polls, and the recap's figures. */
function readChannel(
  top: StoredMessage[],
  thread: (ts: string) => StoredMessage[],
  steps: { key: string; message: StoredMessage }[],
  runId: string,
): ChannelAtEnd {
  const posts: ChannelPost[] = [];
  for (const message of top) {
    const key = message.botId ? stepKeyOf(message) : undefined;
    if (key) posts.push({ key, thread: false });
    for (const reply of thread(message.ts)) {
      const replyKey = reply.botId ? stepKeyOf(reply) : undefined;
      if (replyKey) posts.push({ key: replyKey, thread: true });
    }
  }
  const recapPost = steps.find((s) => s.key.endsWith(':recap'))?.message;
  const recapPages = recapPost
    ? [recapPost, ...thread(recapPost.ts).filter((m) => stepKeyOf(m)?.startsWith(`${runId}:recap#`))]
    : [];
  const figures = recapPost ? readSlackRecap(recapPages, 'en') : undefined;
  return {
    posts,
    closedPolls: steps.flatMap((s) => {
      const m = /:p(\d+)-open$/.exec(s.key);
      return m && buttonsOf(s.message).length === 0 ? [Number(m[1])] : [];
    }),
    recap: figures && shownRecap(figures),
    postedAt: steps.map((s) => ({ key: s.key, at: Number(s.message.ts) * 1000 })),
  };
}

/**
 * `number|user` of the answers whose author Slack shows "This chat has ended" to: a notice in a
 * question's thread names that question; one in the channel (an `A<k>` message) is taken as
 * about the person's last question.
 */
function toldLate(
  standin: SlackStandin,
  users: string[],
  steps: { key: string; message: StoredMessage }[],
): Set<string> {
  const questions = new Map<string, number>();
  for (const s of steps) {
    const m = /:q(\d+)$/.exec(s.key);
    if (m) questions.set(s.message.ts, Number(m[1]));
  }
  const last = Math.max(0, ...questions.values());
  const told = new Set<string>();
  for (const user of users) {
    for (const e of standin.ephemerals(user)) {
      if (!/This chat has ended/.test(e.text)) continue;
      told.add(`${(e.threadTs ? questions.get(e.threadTs) : undefined) ?? last}|${user}`);
    }
  }
  return told;
}
