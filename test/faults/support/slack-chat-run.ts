/**
 * One chat on Slack run by several Roundtable processes on one Redis, for the Slack fault
 * cases: the stand-in as Slack, processes behind a random "load balancer", participants
 * acting until the recap is posted, an optional disruption running alongside (kills), and
 * the outcome: steps, CSV and recap compared with what the participants did.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../../src/infra/store/create-store.js';
import { startSlackStandin, type SlackStandin } from '../../support/slack/slack-standin.js';
import type { SlackStandinOptions, StoredMessage } from '../../support/slack/standin-types.js';
import { deliverSigned, formBody } from '../../support/slack/event-sender.js';
import { readSlackRecap } from '../../e2e/support/slack-recap-text.js';
import { compareOutcome, csvOf, type ChannelPost, type Outcome } from './outcome.js';
import { Participants } from './participants.js';
import { faultPlanFolder } from './plan-folder.js';
import { ProcessCluster } from './process-cluster.js';
import type { RedisServer } from './redis-server.js';
import { SlackFaultDriver, buttonsOf, stepKeyOf } from './slack-driver.js';
import { describeCrowd } from './fault-table.js';

const INSTANCE = path.resolve('test/faults/support/slack-instance.mts');
const SIGNING_SECRET = 'fault-signing-secret-0123456789abcdef';
const CHANNEL = 'C0FAULTS01';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
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
export interface SlackChatRunResult {
  outcome: Outcome;
  notes: string;
  kills: number;
  logDir: string;
}

/** Runs one chat from the organizer's `start` to the recap, and compares. */
export async function runSlackChat(opts: SlackChatRunOptions): Promise<SlackChatRunResult> {
  const standin = await startSlackStandin({ validateBlocks: false, ...opts.standin });
  const logDir = mkdtempSync(path.join(tmpdir(), 'rt-fault-slack-'));
  const cluster = new ProcessCluster(INSTANCE, {
    PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: standin.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standin.apiUrl,
    ROUNDTABLE_STORE: opts.redis.url, ROUNDTABLE_PLANS_DIR: faultPlanFolder('#faults'), ROUNDTABLE_ORGANIZERS: 'U_ORG', ROUNDTABLE_SPEED: String(opts.speed), LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
  }, opts.instances, logDir);
  try {
    standin.addChannel(CHANNEL, { name: 'faults' });
    standin.addUser({ id: 'U_ORG', name: 'Organizer', locale: 'en-CA' });
    const driver = new SlackFaultDriver({ standin, channel: CHANNEL, signingSecret: SIGNING_SECRET, targets: () => cluster.urls(), random: opts.random, ...(opts.everyEventTwice ? { everyEventTwice: true } : {}) });
    const crowd = new Participants(opts.people, driver);
    for (const person of crowd.people) standin.addUser({ id: person.id, name: person.name, locale: 'en-CA' });
    await cluster.startAll();

    // The organizer starts the chat (again, if no process answered).
    while (!driver.steps().some((s) => s.key.endsWith(':welcome'))) {
      const url = cluster.urls()[0];
      if (url) {
        const fields = standin.buildCommand({ command: '/roundtable', text: 'start fault-chat', user_id: 'U_ORG', channel_id: CHANNEL });
        await deliverSigned(formBody(fields), 'application/x-www-form-urlencoded', { url: `${url}/slack/events`, signingSecret: SIGNING_SECRET }).catch(() => undefined);
      }
      for (let i = 0; i < 100 && !driver.steps().some((s) => s.key.endsWith(':welcome')); i++) await sleep(50);
    }
    let ended = false;
    const disruption = opts.disrupt?.(cluster, () => ended);
    for (let view = await crowd.round(); !view.ended; view = await crowd.round()) await sleep(20);
    ended = true;
    await disruption;
    // Let the copies of A<k> answers and the last poll updates go out, then stop gracefully.
    await sleep(2000);
    await cluster.stopAll();

    const steps = driver.steps();
    const runId = steps[0]!.key.split(':')[0]!;
    const store = await createStore(opts.redis.url, { logger: quiet });
    const run = await store.getRun(runId);
    const csv = await csvOf(store, runId);
    await store.close();
    const posts: ChannelPost[] = [];
    for (const top of standin.messages(CHANNEL)) {
      const key = top.botId ? stepKeyOf(top) : undefined;
      if (key) posts.push({ key, thread: false });
      for (const reply of standin.thread(CHANNEL, top.ts)) {
        const replyKey = reply.botId ? stepKeyOf(reply) : undefined;
        if (replyKey) posts.push({ key: replyKey, thread: true });
      }
    }
    const recapPost = steps.find((s) => s.key.endsWith(':recap'))?.message;
    const recapPages: StoredMessage[] = recapPost ? [recapPost, ...standin.thread(CHANNEL, recapPost.ts).filter((m) => stepKeyOf(m)?.startsWith(`${runId}:recap#`))] : [];
    const figures = recapPost ? readSlackRecap(recapPages, 'en') : undefined;
    const expected = crowd.expected();
    const outcome = compareOutcome({
      runId,
      posts,
      closedPolls: steps.flatMap((s) => {
        const m = /:p(\d+)-open$/.exec(s.key);
        return m && buttonsOf(s.message).length === 0 ? [Number(m[1])] : [];
      }),
      pollCount: 2,
      csv,
      recap: figures && {
        participants: figures.participants,
        answers: figures.answers,
        questions: [...figures.perQuestion].map(([number, answers]) => ({ number, answers })),
        polls: [...figures.pollCounts].map(([number, counts]) => ({ number, counts })),
      },
      expected,
      ...(run?.endedAt !== undefined ? { endedAt: run.endedAt } : {}),
      toldLate: toldLate(standin, crowd.people.map((p) => p.id), steps),
    });
    const stats = standin.stats;
    const late = run ? longestDelaySec(run.startedAt, run.speed, steps) : 0;
    const notes = [
      describeCrowd(expected),
      ...(outcome.late > 0 ? [`${outcome.late} answers sent after the end refused (authors told)`] : []),
      `${driver.redeliveries} failed deliveries made again`,
      ...(driver.doubled > 0 ? [`${driver.doubled} events sent twice`] : []),
      `Slack calls ${stats.calls}, 429s ${stats.ratelimited}, injected failures ${stats.failed}`,
      `latest step ${late.toFixed(1)} s late`,
    ].join(', ');
    writeFileSync(path.join(logDir, 'trace.log'), `${[...driver.clicks, ...cluster.history].sort().join('\n')}\n`);
    return { outcome, notes, kills: cluster.kills, logDir };
  } finally {
    await cluster.stopAll();
    await standin.stop();
  }
}

/** How late the latest timeline step was posted, in seconds, against the fault plan's offsets. */
function longestDelaySec(startedAt: number, speed: number, steps: { key: string; message: StoredMessage }[]): number {
  const MIN = 60_000;
  const due: Record<string, number> = { welcome: 0, q1: 5, 'p1-open': 10, q2: 15, 'p2-open': 20, q3: 25, q4: 40, closing: 60, recap: 60 };
  let worst = 0;
  for (const s of steps) {
    const at = due[s.key.split(':')[1] ?? ''];
    if (at === undefined) continue;
    worst = Math.max(worst, Number(s.message.ts) - (startedAt + (at * MIN) / speed) / 1000);
  }
  return worst;
}

/**
 * `number|user` of the answers whose author Slack shows "This chat has ended" to: a notice in a
 * question's thread names that question; one in the channel (an `A<k>` message) is taken as
 * about the person's last question.
 */
function toldLate(standin: SlackStandin, users: string[], steps: { key: string; message: StoredMessage }[]): Set<string> {
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
