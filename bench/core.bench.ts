/**
 * Core benchmarks (`npm run bench:core`): engine events/s in memory; answers+votes/s through
 * the engine persisted in SQLite and in Redis (REDIS_URL, default redis://127.0.0.1:6379);
 * recap time and peak memory for 30,000 participants, 100,000 answers and 50,000 votes.
 * Targets: ≥ 20,000 events/s in memory, ≥ 2,000/s SQLite, ≥ 5,000/s Redis, recap < 1 s, peak RSS < 300 MB.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ChatService } from '../src/core/service/chat-service.js';
import type { ChatPort, Logger, Store } from '../src/core/ports.js';
import type { Plan } from '../src/core/plan/plan.js';
import { MemoryStore } from '../src/infra/memory-store.js';
import { createMemoryLease } from '../src/infra/memory-lease.js';
import { createStore } from '../src/infra/store/create-store.js';
import { buildRecap } from '../src/core/engine/build-recap.js';
import { createRun } from '../src/core/engine/create-run.js';
import { encodeVoteValue } from '../src/core/engine/vote-value.js';
import { voterKey } from '../src/core/engine/votes.js';
import type { Answer, Ballot } from '../src/core/engine/records.js';
import { testKeys } from '../test/support/server-secret.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const MIN = 60_000;

const plan: Plan = {
  id: 'bench',
  title: { en: 'Bench', fr: 'Banc' },
  languages: ['en', 'fr'],
  timezone: 'America/Toronto',
  durationMs: 60 * MIN,
  organizers: ['ORG'],
  remindersMs: [],
  questions: Array.from({ length: 8 }, (_, i) => ({ text: { en: `Q${i + 1}`, fr: `Q${i + 1}` }, atMs: 0 })),
  polls: [0, 1].map((i) => ({
    question: { en: `P${i}`, fr: `P${i}` },
    options: [
      { en: 'a', fr: 'a' },
      { en: 'b', fr: 'b' },
      { en: 'c', fr: 'c' },
    ],
    atMs: 0,
    closesMs: 60 * MIN,
    multiple: i + 1,
    anonymous: i === 1,
    results: 'live' as const,
  })),
};

/** A port that accepts posts at once (the platform is not what is measured here). */
function nullPort(): ChatPort {
  let n = 0;
  return { post: async () => ({ id: `m${++n}` }), update: async () => {}, ephemeral: async () => {} };
}

/** Events/s through the engine (answers and votes alternately, 50 in flight). */
async function engineThroughput(store: Store, events: number): Promise<number> {
  const clock = { now: () => Date.now() };
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger: quiet,
    plans: { list: async () => [], get: async () => plan },
    ports: { console: nullPort() },
    organizers: ['ORG'],
    speed: 1,
    newRunId: () => `bench-${randomUUID().slice(0, 8)}`,
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  const channel = { platform: 'console' as const, id: `C-${randomUUID().slice(0, 6)}` };
  await service.command(channel, { id: 'ORG', name: 'Org' }, 'start bench');
  const run = (await service.desk.latestRun(channel))!;
  const roots = run.questions.map((q) => q.ref!.id);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < events) {
        const i = next++;
        const person = { id: `U${i % 5000}`, name: `P${i % 5000}` };
        if (i % 2 === 0)
          await service.message(channel, person, {
            id: `a${i}`,
            text: `answer ${i}`,
            threadId: roots[i % roots.length],
          });
        else await service.vote(channel, person, encodeVoteValue({ runId: run.id, poll: 1 + (i % 2), option: i % 3 }));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  service.stop();
  return events / seconds;
}

/** Recap of a large run held in memory. */
function recapAtScale(): { ms: number; participants: number } {
  const run = createRun(plan, { platform: 'console', id: 'C' }, { id: 'big', startedBy: 'ORG', now: 0 });
  run.polls.forEach((p) => (p.state = 'closed'));
  const answers: Answer[] = Array.from({ length: 100_000 }, (_, i) => ({
    id: `a${i}`,
    number: 1 + (i % 8),
    user: { id: `U${i % 30_000}`, name: `Participant ${i % 30_000}` },
    text: `An answer of ordinary length, number ${i}, about what a psychologically safe team looks like.`,
    at: i,
    reactions: i % 7,
    via: 'thread',
  }));
  const ballots = new Map<number, Ballot[]>([
    [1, []],
    [2, []],
  ]);
  for (let i = 0; i < 50_000; i++) {
    const poll = 1 + (i % 2);
    ballots.get(poll)!.push({
      poll,
      voter: poll === 1 ? `U${(i * 7) % 30_000}` : voterKey(testKeys(), run, run.polls[1]!, `U${(i * 7) % 30_000}`),
      ...(poll === 1 ? { user: { id: `U${(i * 7) % 30_000}`, name: 'x' } } : {}),
      options: [i % 3],
      at: i,
    });
  }
  const t0 = performance.now();
  const recap = buildRecap({ run, answers, ballots, now: 1 });
  return { ms: performance.now() - t0, participants: recap.participants };
}

const rows: string[][] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

rows.push(['engine, in memory', `${fmt(await engineThroughput(new MemoryStore(), 40_000))} events/s`, '≥ 20,000']);
const dir = mkdtempSync(path.join(tmpdir(), 'rt-bench-'));
const sqlite = await createStore(`sqlite://${path.join(dir, 'bench.sqlite')}`, { logger: quiet });
rows.push(['engine + SQLite (WAL)', `${fmt(await engineThroughput(sqlite, 20_000))} answers+votes/s`, '≥ 2,000']);
await sqlite.close();
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
try {
  const redis = await createStore(redisUrl, { logger: quiet, namespace: `bench-${randomUUID().slice(0, 8)}` });
  rows.push(['engine + Redis', `${fmt(await engineThroughput(redis, 20_000))} answers+votes/s`, '≥ 5,000']);
  await redis.close();
} catch (err) {
  rows.push(['engine + Redis', `not measured: ${(err as Error).message}`, '≥ 5,000']);
}
const big = recapAtScale();
rows.push([
  'recap, 30,000 people / 100,000 answers / 50,000 votes',
  `${fmt(big.ms)} ms (${fmt(big.participants)} participants)`,
  '< 1,000 ms',
]);
rows.push(['peak RSS of this benchmark', `${fmt(process.resourceUsage().maxRSS / 1024)} MB`, '< 300 MB']);

console.log(
  `Roundtable core benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB\n`,
);
console.log('| measure | result | target |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
process.exit(0);
