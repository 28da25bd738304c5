/**
 * One chat run by several Roundtable processes on one Redis, for the fault cases on a
 * platform (Slack, Teams): the platform's stand-in, processes behind a random "load
 * balancer", participants acting until the recap is posted, an optional disruption running
 * alongside (kills), and the outcome: steps, CSV and recap compared with what the
 * participants did. What differs between platforms (settings, how people act, how the
 * channel is read) is a `FaultPlatform`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../../src/infra/store/create-store.js';
import { compareOutcome, csvOf, type ChannelPost, type Outcome, type RecapFigures } from './outcome.js';
import { Participants, type ChatDriver, type Person } from './participants.js';
import { faultPlanFolder } from './plan-folder.js';
import { ProcessCluster } from './process-cluster.js';
import type { RedisServer } from './redis-server.js';
import { describeCrowd } from './fault-table.js';
import { TEST_SECRET } from '../../support/server-secret.js';
import { explainProblems } from './explain-problems.js';
import type { RecapFigures as ShownFigures } from '../../e2e/support/recap-figures.js';

/** The processes' script: the real `start(loadConfig(env))`, whatever the platform. */
const INSTANCE = path.resolve('test/faults/support/slack-instance.mts');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The channel as a chat left it. */
export interface ChannelAtEnd {
  posts: ChannelPost[];
  closedPolls: number[];
  recap: RecapFigures | undefined;
  /** When each timeline step was posted (ms since the epoch), by step key. */
  postedAt: { key: string; at: number }[];
}

/** A platform under test: its stand-in, the processes' settings, its participants' way in. */
export interface FaultPlatform {
  /** Settings of the processes for this platform (besides the store, plans and speed). */
  env: Record<string, string>;
  /** The plan's `channel`, when the platform starts chats in the plan's channel. */
  planChannel?: string;
  /**
   * False when a bot cannot look for its own posts (Teams): a step posted by a process killed
   * before it could journal the post is posted again by the next holder (RELIABILITY.md,
   * "Where it stops"); such a copy is named in the notes, not counted as posted twice.
   */
  findsPosts: boolean;
  driver: ChatDriver;
  /** Adds the participants to the platform (before the processes start). */
  addPeople(people: Person[]): void;
  /** The organizer starts the chat (again, if no process answered) until its welcome is posted. */
  start(urls: () => string[]): Promise<void>;
  read(runId: string): ChannelAtEnd;
  /** Figures worth a note (platform calls, failures, deliveries made again). */
  notes(): string[];
  /** Every delivery and click with the process that took it and what it got (for a look after a failure). */
  trace(): string[];
  /** `number|user` of the answers whose authors the platform told "this chat has ended" (late, not lost). */
  toldLate?(users: string[]): Set<string>;
  stop(): Promise<void>;
}

/** Options of one chat. */
export interface ClusterChatOptions {
  redis: RedisServer;
  instances: number;
  people: number;
  speed: number;
  /** Builds the platform; `targets` gives the base URLs of the processes up now. */
  platform: (targets: () => string[]) => Promise<FaultPlatform>;
  /** Runs alongside the chat until `ended()` says the recap is posted (e.g. kills processes). */
  disrupt?: (cluster: ProcessCluster, ended: () => boolean) => Promise<void>;
}

/** How the chat went. */
export interface ClusterChatResult {
  outcome: Outcome;
  notes: string;
  kills: number;
  logDir: string;
  /** Each problem with the process that took it and the log lines around it (empty when none). */
  explanation: string;
}

/** Runs one chat from the organizer's `start` to the recap, and compares. */
export async function runClusterChat(opts: ClusterChatOptions): Promise<ClusterChatResult> {
  // The platform's people reach the processes started below.
  const up = { urls: (): string[] => [] };
  const platform = await opts.platform(() => up.urls());
  const logDir = mkdtempSync(path.join(tmpdir(), 'rt-fault-cluster-'));
  const cluster = new ProcessCluster(
    INSTANCE,
    {
      ...platform.env,
      ROUNDTABLE_SECRET: TEST_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      ROUNDTABLE_STORE: opts.redis.url,
      ROUNDTABLE_PLANS_DIR: faultPlanFolder(platform.planChannel),
      ROUNDTABLE_SPEED: String(opts.speed),
      LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
    },
    opts.instances,
    logDir,
  );
  up.urls = () => cluster.urls();
  try {
    const crowd = new Participants(opts.people, platform.driver);
    platform.addPeople(crowd.people);
    await cluster.startAll();
    await platform.start(up.urls);
    let ended = false;
    const disruption = opts.disrupt?.(cluster, () => ended);
    for (let view = await crowd.round(); !view.ended; view = await crowd.round()) await sleep(20);
    ended = true;
    await disruption;
    // Let the copies of A<k> answers and the last poll updates go out, then stop gracefully.
    await sleep(2000);
    await cluster.stopAll();
    return await judge(opts, platform, crowd, cluster, logDir);
  } finally {
    await cluster.stopAll();
    await platform.stop();
  }
}

async function judge(
  opts: ClusterChatOptions,
  platform: FaultPlatform,
  crowd: Participants,
  cluster: ProcessCluster,
  logDir: string,
): Promise<ClusterChatResult> {
  const store = await createStore(opts.redis.url, { logger: quiet });
  const [runId] = await store.allRunIds();
  if (!runId) throw new Error(`no run in the store (logs in ${logDir})`);
  const run = await store.getRun(runId);
  const csv = await csvOf(store, runId);
  await store.close();
  const channel = platform.read(runId);
  const excused = platform.findsPosts ? [] : postedAgainAcrossKill(channel.postedAt, cluster.history);
  const expected = crowd.expected();
  const toldLate = platform.toldLate?.(crowd.people.map((p) => p.id));
  const outcome = compareOutcome({
    runId,
    posts: withoutCopies(channel.posts, excused),
    closedPolls: channel.closedPolls,
    pollCount: 2,
    csv,
    recap: channel.recap,
    expected,
    ...(run?.endedAt !== undefined ? { endedAt: run.endedAt } : {}),
    ...(toldLate ? { toldLate } : {}),
  });
  const late = run ? longestDelaySec(run.startedAt, run.speed, channel.postedAt) : 0;
  const notes = [
    describeCrowd(expected),
    ...(outcome.late > 0 ? [`${outcome.late} answers sent after the end refused (authors told)`] : []),
    ...platform.notes(),
    `latest step ${late.toFixed(1)} s late`,
    ...(excused.length > 0
      ? [
          `posted again after a kill mid-post (no lookup on this platform): ${excused.map((k) => k.split(':')[1]).join(' ')}`,
        ]
      : []),
  ].join(', ');
  const trace = [...platform.trace(), ...cluster.history].sort();
  writeFileSync(path.join(logDir, 'trace.log'), `${trace.join('\n')}\n`);
  const explanation = explainProblems(outcome.problems, trace, logDir);
  if (explanation) writeFileSync(path.join(logDir, 'problems.txt'), `${explanation}\n`);
  return { outcome, notes, kills: cluster.kills, logDir, explanation };
}

/** How long after a post a kill may land and still be the kill that kept it from the journal. */
const MID_POST_MS = 1000;

/**
 * Step keys posted again because the process that posted them was killed before journaling
 * the post: a later copy of the same step, with a kill within `MID_POST_MS` after the earlier
 * copy and before the later one. One key per extra copy.
 */
export function postedAgainAcrossKill(postedAt: { key: string; at: number }[], history: string[]): string[] {
  const kills = history.filter((l) => l.endsWith(' killed')).map((l) => Date.parse(l.slice(0, 24)));
  const out: string[] = [];
  for (const key of new Set(postedAt.map((p) => p.key))) {
    const times = postedAt
      .filter((p) => p.key === key)
      .map((p) => p.at)
      .sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      if (kills.some((k) => k >= times[i - 1]! && k <= times[i - 1]! + MID_POST_MS && k <= times[i]!)) out.push(key);
    }
  }
  return out;
}

/** `posts` without one top-level post for each of `keys`. */
function withoutCopies(posts: ChannelPost[], keys: string[]): ChannelPost[] {
  const left = [...keys];
  return posts.filter((p) => {
    const i = p.thread ? -1 : left.indexOf(p.key);
    if (i >= 0) left.splice(i, 1);
    return i < 0;
  });
}

/** The figures a person read in a recap post, as the outcome compares them. */
export function shownRecap(figures: ShownFigures): RecapFigures {
  return {
    participants: figures.participants,
    answers: figures.answers,
    questions: [...figures.perQuestion].map(([number, answers]) => ({ number, answers })),
    polls: [...figures.pollCounts].map(([number, counts]) => ({ number, counts })),
  };
}

/** How late the latest timeline step was posted, in seconds, against the fault plan's offsets. */
function longestDelaySec(startedAt: number, speed: number, steps: { key: string; at: number }[]): number {
  const MIN = 60_000;
  const due: Record<string, number> = {
    welcome: 0,
    q1: 5,
    'p1-open': 10,
    q2: 15,
    'p2-open': 20,
    q3: 25,
    q4: 40,
    closing: 60,
    recap: 60,
  };
  let worst = 0;
  for (const s of steps) {
    const at = due[s.key.split(':')[1] ?? ''];
    if (at === undefined) continue;
    worst = Math.max(worst, (s.at - (startedAt + (at * MIN) / speed)) / 1000);
  }
  return worst;
}
