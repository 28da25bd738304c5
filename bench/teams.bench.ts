/**
 * Teams inbound throughput: a burst of activities to `/api/messages` of the real process
 * (`start(loadConfig(env))`, SQLite, no authentication: loopback) running in a child
 * process, while a chat runs in a channel of the Bot Connector stand-in (in this process,
 * with the senders). The mix of a busy chat minute: thread answers, A1 posts, poll clicks
 * (answered in the HTTP response), then reactions, edits and redeliveries. Reports
 * activities per second, p50/p99 response time per kind (target p99 < 200 ms) and what was
 * recorded (every answer and ballot once: nothing lost, nothing doubled). Before the burst, an
 * untimed first wave of answers (two per sender) opens the connections and warms the code, as
 * in a chat already under way.
 *
 * Run: `npm run bench:teams` (or `npx tsx bench/teams.bench.ts [activities] [in flight]`).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load-config.js';
import { start } from '../src/main.js';
import { createStore } from '../src/infra/store/create-store.js';
import type { Logger } from '../src/core/ports.js';
import type { TeamsAdapter } from '../src/adapters/teams/create-teams-adapter.js';
import type { PacerStats } from '../src/adapters/teams/conversation-pacer.js';
import { startConnectorStandin } from '../test/support/teams/connector-standin.js';
import type { StandinMember } from '../test/support/teams/connector-state.js';
import type { TeamsActivity } from '../test/support/teams/teams-activities.js';
import { TEST_SECRET } from '../test/support/server-secret.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

type Kind = 'thread answer' | 'A1 post' | 'vote (invoke)' | 'reaction' | 'edit' | 'redelivery';

/** What the bot process tells the bench. */
type FromBot = { port: number } | { idleAt: number; outbound: PacerStats } | { stopped: true };

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The child: one Roundtable process on Teams, driven by messages from the bench. */
async function bot(storeUrl: string, organizer: string): Promise<void> {
  const running = await start(
    loadConfig({
      PORT: '0',
      ROUNDTABLE_TEAMS_INSECURE_LOCAL: '1',
      ROUNDTABLE_SECRET: TEST_SECRET,
      ROUNDTABLE_SPEED: '60',
      ROUNDTABLE_STORE: storeUrl,
      ROUNDTABLE_PLANS_DIR: 'chats',
      ROUNDTABLE_ORGANIZERS: organizer,
      LOG_LEVEL: 'silent',
    }),
    { handleSignals: false, logger: quiet },
  );
  const adapter = running.adapters.find((a) => a.platform === 'teams') as TeamsAdapter;
  const tell = (message: FromBot) => process.send?.(message);
  process.on('message', (message: string) => {
    if (message === 'idle')
      void adapter.idle().then(() => tell({ idleAt: Date.now(), outbound: adapter.stats().outbound }));
    if (message === 'stop') {
      void running.stop().then(() => {
        tell({ stopped: true });
        process.disconnect?.();
      });
    }
  });
  tell({ port: running.port });
}

/** Starts the bot process; resolves with its port and a way to ask it things. */
async function startBot(
  storeUrl: string,
  organizer: string,
): Promise<{ port: number; ask(message: 'idle' | 'stop'): Promise<FromBot> }> {
  const child = fork(fileURLToPath(import.meta.url), ['--bot', storeUrl, organizer], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<FromBot>((resolve, reject) => {
      child.once('message', (m) => resolve(m as FromBot));
      child.once('exit', (code) => reject(new Error(`The bot process exited (${code}).`)));
    });
  const first = await next();
  if (!('port' in first)) throw new Error('The bot process did not start.');
  return {
    port: first.port,
    ask(message) {
      const reply = next();
      child.send(message);
      return reply;
    },
  };
}

async function main(total: number, inFlight: number): Promise<void> {
  const standin = await startConnectorStandin({ validate: false });
  const team = standin.addTeam({ name: 'LeadersGC', channels: [{ name: 'leadersgc' }] });
  const channelId = team.channels[1]!.id;
  const organizer = standin.addMember(team.id, {
    name: 'Organizer',
    aadObjectId: '0a0a0a0a-0000-4000-8000-000000000001',
  });
  const people: StandinMember[] = Array.from({ length: 400 }, (_, i) =>
    standin.addMember(team.id, { name: `Participant ${i + 1}` }),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rt-teams-bench-'));
  const storeUrl = `sqlite://${path.join(dir, 'rt.sqlite')}`;
  const botProcess = await startBot(storeUrl, organizer.aadObjectId);
  const botUrl = `http://127.0.0.1:${botProcess.port}/api/messages`;
  const scope = { tenantId: team.tenantId, teamId: team.id, channelId };
  const a = standin.activities;

  await standin.userPost(a.botInstalled({ ...scope, from: organizer, teamName: 'LeadersGC' }), { botUrl });
  await standin.userPost(
    a.channelMessage({ ...scope, from: organizer, text: 'start leadersgc-monthly', mentionBot: true }),
    { botUrl },
  );
  // At 60× the first question comes after 5 s and the first poll after 8 s.
  const botPost = (heading: string) =>
    standin.posts(channelId).find((p) => p.byBot && JSON.stringify(p.attachments).includes(`"text":"${heading}"`));
  while (!botPost('Q1') || !botPost('Poll 1')) await new Promise((r) => setTimeout(r, 100));
  const q1 = botPost('Q1')!.id;
  const p1 = botPost('Poll 1')!.id;
  const runId = /vote\|([A-Za-z0-9_-]+)\|1\|0/.exec(JSON.stringify(botPost('Poll 1')!.attachments))![1]!;

  // A chat already under way: a first wave of answers opens Teams' connections and warms the code; it is not timed.
  const warmUp = Array.from({ length: inFlight * 2 }, (_, i) =>
    a.channelMessage({
      ...scope,
      from: people[(people.length - 1 - i) % people.length]!,
      text: `Warm-up answer ${i}`,
      replyToPostId: q1,
    }),
  );
  let warmed = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (warmed < warmUp.length) {
        const activity = warmUp[warmed++]!;
        standin.record(activity);
        if ((await standin.send(activity, { botUrl })).status !== 200) throw new Error('The warm-up was refused.');
      }
    }),
  );
  await botProcess.ask('idle');

  // The burst: answers and votes interleaved, then what follows answers (reactions, edits, redeliveries).
  const answers: TeamsActivity[] = [];
  const first: Array<{ kind: Kind; activity: TeamsActivity }> = [];
  const later: Array<{ kind: Kind; activity: TeamsActivity }> = [];
  const count = (share: number) => Math.round(total * share);
  for (let i = 0; i < count(0.5) + count(0.02); i++) {
    const prefixed = i >= count(0.5);
    const activity = a.channelMessage({
      ...scope,
      from: people[i % people.length]!,
      text: prefixed ? `A1: answer ${i}` : `Thread answer ${i}: what working in the open means to me.`,
      ...(prefixed ? {} : { replyToPostId: q1 }),
    });
    standin.record(activity);
    answers.push(activity);
    first.push({ kind: prefixed ? 'A1 post' : 'thread answer', activity });
  }
  const voters = count(0.3);
  for (let i = 0; i < voters; i++) {
    first.push({
      kind: 'vote (invoke)',
      activity: a.adaptiveCardInvoke({
        ...scope,
        from: people[i % people.length]!,
        cardActivityId: p1,
        verb: 'vote',
        data: { value: `vote|${runId}|1|${i % 4}` },
      }),
    });
  }
  for (let i = 0; i < count(0.1); i++) {
    later.push({
      kind: 'reaction',
      activity: a.messageReaction({
        ...scope,
        from: people[(i * 7 + 3) % people.length]!,
        messageId: answers[i]!.id,
        rootId: q1,
        added: ['like'],
      }),
    });
  }
  const edits = count(0.05);
  for (let i = 0; i < edits; i++) {
    later.push({
      kind: 'edit',
      activity: a.messageUpdate({
        ...scope,
        from: people[(100 + i) % people.length]!,
        messageId: answers[100 + i]!.id,
        rootId: q1,
        text: `Edited answer ${i}`,
      }),
    });
  }
  while (first.length + later.length < total)
    later.push({ kind: 'redelivery', activity: answers[later.length % answers.length]! });
  const shuffle = <T>(list: T[]) =>
    list
      .map((x, i) => ({ x, k: (i * 7919) % list.length }))
      .sort((p, q) => p.k - q.k)
      .map((p) => p.x);
  const burst = [...shuffle(first), ...shuffle(later)];

  const latencies = new Map<Kind | 'all', number[]>();
  const note = (kind: Kind, ms: number) => {
    for (const key of [kind, 'all'] as const) (latencies.get(key) ?? latencies.set(key, []).get(key)!).push(ms);
  };
  let failures = 0;
  let next = 0;
  const startedWall = Date.now();
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < burst.length) {
        const { kind, activity } = burst[next++]!;
        const t0 = performance.now();
        const reply = await standin.send(activity, { botUrl });
        note(kind, performance.now() - t0);
        if (reply.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const idle = await botProcess.ask('idle');
  const handledSeconds = 'idleAt' in idle ? (idle.idleAt - startedWall) / 1000 : Number.NaN;
  const outbound = 'outbound' in idle ? idle.outbound : { calls: 0, retries: 0, waitedMs: 0 };
  await botProcess.ask('stop');
  await standin.close();

  const store = await createStore(storeUrl, { logger: quiet });
  const stored = await store.listAnswers(runId);
  const ballots = await store.listBallots(runId, 1);
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const rows = [...latencies].map(([kind, list]) => {
    const sorted = [...list].sort((x, y) => x - y);
    return `| ${kind} | ${list.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${sorted.at(-1)!.toFixed(1)} |`;
  });
  const all = [...latencies.get('all')!].sort((x, y) => x - y);
  const cpu = os.cpus();
  const reactions = stored.reduce((n, x) => n + x.reactions, 0);
  const edited = stored.filter((x) => x.text.startsWith('Edited')).length;
  process.stdout.write(
    [
      `Teams inbound burst, ${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
      `${burst.length} activities, ${inFlight} in flight: ${(burst.length / seconds).toFixed(0)} activities/s answered; everything handled ${handledSeconds.toFixed(2)} s after the first; p99 ${percentile(all, 99).toFixed(1)} ms (target < 200 ms); non-200: ${failures}`,
      '',
      '| kind | count | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      `Recorded: ${stored.length - warmUp.length} answers of ${answers.length} (redeliveries dropped; besides ${warmUp.length} warm-up answers), ${edited} of ${edits} edits, ${reactions} of ${count(0.1)} reactions, ${ballots.length} ballots of ${voters} voters.`,
      `Bot → Connector calls: ${outbound.calls} (retries ${outbound.retries}; ${(outbound.waitedMs / 1000).toFixed(1)} s spent waiting for Teams' rate limits).`,
      '',
    ].join('\n'),
  );
  if (
    stored.length !== answers.length + warmUp.length ||
    ballots.length !== voters ||
    edited !== edits ||
    reactions !== count(0.1) ||
    failures > 0
  )
    process.exitCode = 1;
}

if (process.argv[2] === '--bot') await bot(process.argv[3]!, process.argv[4]!);
else await main(Number(process.argv[2] ?? 1_000), Number(process.argv[3] ?? 50));
