/**
 * Store throughput: answers and votes persisted per second, 50 in flight, on SQLite (WAL,
 * synchronous NORMAL and FULL) and on Redis (REDIS_URL, default redis://127.0.0.1:6379).
 * Targets: >= 2,000/s SQLite, >= 5,000/s Redis. Run: `npx tsx bench/store.bench.ts [ops]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createStore, type OpenStore, type StoreOptions } from '../src/infra/store/create-store.js';
import type { Logger } from '../src/core/ports.js';

const OPS = Number(process.argv[2] ?? 20_000);
const IN_FLIGHT = 50;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

interface Row {
  backend: string;
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
  target: number;
}

/** One participant event: even ops answer, odd ops vote (3 polls, voters change their vote). */
async function event(store: OpenStore, runId: string, i: number): Promise<void> {
  if (i % 2 === 0) {
    await store.putAnswer(runId, {
      id: `17000000${i}.000100`,
      number: 1 + (i % 12),
      user: { id: `U${i % 400}`, name: `Participant ${i % 400}` },
      text: `Answer ${i}: a psychologically safe team lets people say "I don't know" without fear.`,
      at: 1_700_000_000_000 + i,
      reactions: 0,
      via: 'thread',
    });
  } else {
    const voter = `U${i % 700}`;
    await store.putBallot(runId, {
      poll: 1 + (i % 3),
      voter,
      user: { id: voter, name: `Participant ${voter}` },
      options: [i % 4],
      at: 1_700_000_000_000 + i,
    });
  }
}

async function measure(backend: string, store: OpenStore, target: number): Promise<Row> {
  const runId = `bench-${randomUUID().slice(0, 8)}`;
  for (let i = 0; i < 200; i += 1) await event(store, `${runId}-warmup`, i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < OPS) {
      const i = next++;
      const t0 = performance.now();
      await event(store, runId, i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  const listed = (await store.listAnswers(runId)).length;
  if (listed !== OPS / 2) throw new Error(`${backend}: expected ${OPS / 2} answers, listed ${listed}`);
  await store.deleteRun(runId);
  await store.deleteRun(`${runId}-warmup`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { backend, ops: OPS, perSecond: OPS / seconds, p50: pct(0.5), p99: pct(0.99), target };
}

async function sqliteRow(label: string, synchronous: NonNullable<StoreOptions['sqliteSynchronous']>): Promise<Row> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-bench-'));
  const store = await createStore(`sqlite://${path.join(dir, 'bench.sqlite')}`, {
    logger: quiet,
    sqliteSynchronous: synchronous,
  });
  try {
    return await measure(label, store, 2_000);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function redisRow(url: string): Promise<Row | string> {
  const store = await createStore(url, { logger: quiet, namespace: `rt-bench-${randomUUID().slice(0, 8)}` });
  try {
    const health = await store.health();
    if (!health.ok) return `Redis skipped: ${health.error ?? 'unhealthy'}`;
    return await measure('Redis', store, 5_000);
  } finally {
    await store.close();
  }
}

const rows: Array<Row | string> = [
  await sqliteRow('SQLite (WAL, synchronous=NORMAL, default)', 'NORMAL'),
  await sqliteRow('SQLite (WAL, synchronous=FULL)', 'FULL'),
  await redisRow(process.env.REDIS_URL || 'redis://127.0.0.1:6379'),
];

const pad = (s: string, n: number): string => s.padEnd(n);
console.log(`Store throughput: answers + votes persisted, ${IN_FLIGHT} in flight, ${OPS} events per backend\n`);
console.log(`${pad('backend', 44)}${pad('events/s', 11)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}target`);
for (const row of rows) {
  if (typeof row === 'string') {
    console.log(row);
    continue;
  }
  const verdict = row.perSecond >= row.target ? 'met' : 'MISSED';
  console.log(
    `${pad(row.backend, 44)}${pad(Math.round(row.perSecond).toLocaleString('en-US'), 11)}${pad(row.p50.toFixed(1), 9)}${pad(row.p99.toFixed(1), 9)}>= ${row.target.toLocaleString('en-US')}/s ${verdict}`,
  );
}
