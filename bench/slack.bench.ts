/**
 * Slack benchmark (`npm run bench:slack`), two parts, printed as the Markdown recorded in docs/PERFORMANCE.md:
 *
 * 1. Inbound events over HTTP: 2,000 signed answer events (thread replies to a question of a
 *    running chat, from 50 people) sent from a separate process by 10 and by 50 concurrent
 *    senders to the whole Roundtable process (Bolt behind `POST /slack/events`, SQLite store),
 *    beside a bare Bolt app with an empty listener under the same load in the same run:
 *    events/s, p50/p99 acknowledgement time, answers recorded (must be 2,000).
 *    Targets: events/s >= 0.7 x bare, p99 <= 1.5 x bare.
 * 2. Outbound pace: 20 channels run `leadersgc-monthly` at once (speed 3600) against the
 *    stand-in's Slack limit of 1 message a second per channel (bursts of 3): 429s received
 *    and the time until every recap is posted, against the least time the limit allows.
 *    Targets: no 429, total within 1.1 x that minimum.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, type } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { SlackAdapter } from '../src/adapters/slack/create-slack-adapter.js';
import { createStore } from '../src/infra/store/create-store.js';
import type { ChannelRef } from '../src/core/engine/run.js';
import { startSlackStandin } from '../test/support/slack/slack-standin.js';
import { SIGNING_SECRET, startSlackProcess, waitFor, type SlackProcess } from '../test/e2e/support/slack-process.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
/** Events sent to each target before measuring (JIT, connections, caches), not counted. */
const WARMUP = 300;
const PEOPLE = 50;
const CHANNELS = 20;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

interface Load {
  sent: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
}

interface InboundRow {
  target: 'bare Bolt (empty listener)' | 'Roundtable';
  senders: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  recorded: number | '-';
  non200: number;
}

/** Runs the sender process on `bodies` against `url`. */
async function load(url: string, bodies: string[], concurrency: number): Promise<Load> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-slack-bench-'));
  const file = path.join(dir, 'job.json');
  writeFileSync(file, JSON.stringify({ url, signingSecret: SIGNING_SECRET, concurrency, bodies }));
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'support', 'slack-sender.ts'), file],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`The sender process exited with ${code}`);
    return JSON.parse(out.trim().split('\n').at(-1)!) as Load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare Bolt app over HTTP with an empty message listener: the ceiling of the machine. */
async function bare(concurrency: number, bodies: string[]): Promise<InboundRow> {
  const standin = await startSlackStandin({ rateLimit: false });
  const app = new App({
    token: standin.botToken,
    botId: 'B0BARE0001',
    botUserId: 'U0BARE0001',
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: standin.apiUrl },
  });
  app.event('message', async () => undefined);
  const server = (await app.start(0)) as Server;
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    await load(url, bodies.slice(0, WARMUP), concurrency);
    const r = await load(url, bodies, concurrency);
    return row('bare Bolt (empty listener)', concurrency, r, '-');
  } finally {
    await app.stop();
    await standin.stop();
  }
}

/** The whole Roundtable process with a chat running: every event is an answer in Q1's thread. */
async function roundtable(concurrency: number): Promise<{ row: InboundRow; bodies: string[] }> {
  const channel: ChannelRef = { platform: 'slack', id: 'C0BENCH001' };
  const p = await startSlackProcess({
    mode: 'http',
    speed: 1,
    logLevel: 'warn',
    standin: { rateLimit: false },
    setup(s) {
      s.addChannel(channel.id, { name: 'bench' });
      s.addUser({ id: 'U_ORG', name: 'Organizer' });
      for (let i = 0; i < PEOPLE; i++)
        s.addUser({ id: `U0B${String(i).padStart(7, '0')}`, name: `Person ${i}`, locale: i % 3 ? 'en-CA' : 'fr-CA' });
    },
  });
  try {
    const command = async (text: string) => {
      const seen = p.standin.ephemerals('U_ORG').length;
      await p.driver.command({ command: '/roundtable', text, user_id: 'U_ORG', channel_id: channel.id });
      await waitFor(`/roundtable ${text}`, () => p.standin.ephemerals('U_ORG').length > seen);
    };
    await command('start leadersgc-monthly');
    await command('next');
    const q1 = await waitFor('Q1', () =>
      p.standin.messages(channel.id).find((m) => String(m.metadata?.event_payload.key).endsWith(':q1')),
    );
    const body = (i: number) => {
      const event = p.standin.userPost(
        channel.id,
        `U0B${String(i % PEOPLE).padStart(7, '0')}`,
        `Answer ${i}: small, visible steps every week.`,
        { threadTs: q1.ts },
      );
      return JSON.stringify(p.standin.buildEvent(event));
    };
    const warmup = Array.from({ length: WARMUP }, (_, i) => body(EVENTS + i));
    const bodies = Array.from({ length: EVENTS }, (_, i) => body(i));
    await load(p.driver.url, warmup, concurrency);
    const r = await load(p.driver.url, bodies, concurrency);
    const slack = p.running.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
    await slack.settled();
    const runId = (await p.running.service.desk.latestRun(channel))!.id;
    const recorded = (await countAnswers(p, runId)) - WARMUP;
    return { row: row('Roundtable', concurrency, r, recorded), bodies };
  } finally {
    await p.stop();
  }
}

async function countAnswers(p: SlackProcess, runId: string): Promise<number> {
  const store = await createStore(p.storeUrl, { logger: quiet });
  try {
    return (await store.listAnswers(runId)).length;
  } finally {
    await store.close();
  }
}

function row(target: InboundRow['target'], senders: number, r: Load, recorded: number | '-'): InboundRow {
  const non200 = Object.entries(r.statuses)
    .filter(([s]) => s !== '200')
    .reduce((n, [, c]) => n + c, 0);
  return {
    target,
    senders,
    perSecond: Math.round(r.sent / (r.elapsedMs / 1000)),
    p50Ms: round(r.p50Ms),
    p99Ms: round(r.p99Ms),
    recorded,
    non200,
  };
}

interface PaceResult {
  channels: number;
  posts: number;
  ratelimited: number;
  totalS: number;
  minimumS: number;
  speed: number;
}

/** 20 chats at once against Slack's per-channel pace. */
async function pace(): Promise<PaceResult> {
  const speed = 3600;
  const ids = Array.from({ length: CHANNELS }, (_, i) => `C0PACE${String(i).padStart(4, '0')}`);
  const p = await startSlackProcess({
    mode: 'http',
    speed,
    logLevel: 'warn',
    setup(s) {
      for (const id of ids) s.addChannel(id, { name: id.toLowerCase() });
      s.addUser({ id: 'U_ORG', name: 'Organizer' });
    },
  });
  try {
    const started = Date.now();
    await Promise.all(
      ids.map((id) =>
        p.driver.command({ command: '/roundtable', text: 'start leadersgc-monthly', user_id: 'U_ORG', channel_id: id }),
      ),
    );
    await waitFor(
      'every recap',
      async () => {
        for (const id of ids)
          if ((await p.running.service.desk.latestRun({ platform: 'slack', id }))?.status !== 'ended') return false;
        return true;
      },
      600_000,
    );
    const posts = p.standin.calls('chat.postMessage').filter((c) => c.ok);
    const lastPost = Math.max(...posts.map((c) => c.at));
    const firstPost = Math.min(...posts.map((c) => c.at));
    const totalS = (lastPost - started) / 1000;
    const spans = ids.map((id) => {
      const at = posts.filter((c) => c.channel === id).map((c) => c.at);
      return (Math.max(...at) - Math.min(...at)) / 1000;
    });
    process.stdout.write(
      `${JSON.stringify({ firstPostAfterS: (firstPost - started) / 1000, spans, lastFirst: (lastPost - firstPost) / 1000 })}\n`,
    );
    // The least time Slack's limit allows: a channel's posts after its burst of 3 go one a second, and no chat ends before its plan does.
    const { perChannelPerSec, burst } = { perChannelPerSec: 1, burst: 3 };
    const perChannel = ids.map((id) => posts.filter((c) => c.channel === id).length);
    const minimumS = Math.max(3600 / speed, ...perChannel.map((n) => Math.max(0, n - burst) / perChannelPerSec));
    return {
      channels: ids.length,
      posts: posts.length,
      ratelimited: p.standin.stats.ratelimited,
      totalS: round(totalS),
      minimumS: round(minimumS),
      speed,
    };
  } finally {
    await p.stop();
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;

function report(rows: InboundRow[], paced: PaceResult): string {
  const date = new Date().toISOString().slice(0, 10);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Slack performance',
    '',
    `Measured ${date} on ${type()} with ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; \`npm run bench:slack\` (bench/slack.bench.ts).`,
    '',
    '## Inbound events over HTTP',
    '',
    `${EVENTS} signed Events API deliveries (answers in a question's thread, from ${PEOPLE} people; after ${WARMUP} not counted, for each target) sent by a separate process to \`POST /slack/events\`: the whole Roundtable process (its Bolt receiver on the shared server, signature check, users.info cache, SQLite store; Slack is answered once the answer is stored, then the event is claimed for dedupe), beside a bare Bolt app with an empty listener (Bolt's HTTPReceiver, answering at once) under the same load in the same run. Ack time is what the sender sees (request to response).`,
    '',
    '| target | senders | events/s | p50 ack (ms) | p99 ack (ms) | answers recorded | non-200 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) => `| ${r.target} | ${r.senders} | ${r.perSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.recorded} | ${r.non200} |`,
    ),
    '',
  ];
  for (const senders of [...new Set(rows.map((r) => r.senders))]) {
    const b = rows.find((r) => r.senders === senders && r.target !== 'Roundtable');
    const o = rows.find((r) => r.senders === senders && r.target === 'Roundtable');
    if (!b || !o) continue;
    const rate = o.perSecond / b.perSecond;
    const p99 = o.p99Ms / Math.max(0.1, b.p99Ms);
    lines.push(
      `- ${senders} senders: events/s ${rate.toFixed(2)} × bare (target ≥ 0.7: ${rate >= 0.7 ? 'met' : 'missed'}), p99 ${p99.toFixed(2)} × bare (target ≤ 1.5: ${p99 <= 1.5 ? 'met' : 'missed'}), recorded ${o.recorded}/${EVENTS} (${o.recorded === EVENTS ? 'all' : 'MISSING SOME'}).`,
    );
  }
  const ratio = paced.totalS / paced.minimumS;
  lines.push(
    '',
    '## Outbound pace: 20 channels at once',
    '',
    `${paced.channels} channels each run \`leadersgc-monthly\` (speed ${paced.speed}: the hour in one second) at the same time, against the stand-in's Slack limit of 1 message a second per channel with bursts of 3; the lanes pace each channel on its own and wait a 429's \`Retry-After\` in that channel only.`,
    '',
    '| channels | posts | 429s received | time to the last recap (s) | least time the limit allows (s) | ratio |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${paced.channels} | ${paced.posts} | ${paced.ratelimited} | ${paced.totalS} | ${paced.minimumS} | ${ratio.toFixed(2)} |`,
    '',
    `- 429s: ${paced.ratelimited} (target 0: ${paced.ratelimited === 0 ? 'met' : 'missed'}); total ${ratio.toFixed(2)} × the minimum (target ≤ 1.1: ${ratio <= 1.1 ? 'met' : 'missed'}).`,
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  // BENCH_PART=events or BENCH_PART=pace runs one part only (and leaves the report alone).
  const part = process.env.BENCH_PART;
  if (part === 'pace') return void process.stdout.write(`${JSON.stringify(await pace())}\n`);
  const rows: InboundRow[] = [];
  for (const senders of [10, 50]) {
    const ours = await roundtable(senders);
    rows.push(await bare(senders, ours.bodies), ours.row);
    process.stdout.write(`${JSON.stringify(rows.slice(-2))}\n`);
  }
  if (part === 'events') return;
  const paced = await pace();
  process.stdout.write(`${JSON.stringify(paced)}\n`);
  const text = report(rows, paced);
  process.stdout.write(`\n${text}\n`);
}

await main();
