/**
 * The load of the Slack benchmark, in its own process (so it does not share the event loop
 * it measures): signs each Events API body as Slack does, at send time, and POSTs them with
 * `concurrency` senders, timing each acknowledgement.
 *
 * Input: a JSON file `{ url, signingSecret, concurrency, bodies }` (path as the only argument).
 * Output (stdout, one JSON line): `{ sent, statuses, elapsedMs, p50Ms, p99Ms }`.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface Job {
  url: string;
  signingSecret: string;
  concurrency: number;
  bodies: string[];
}

const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Job;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;

async function send(body: string): Promise<void> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', job.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = performance.now();
  const res = await fetch(job.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  await res.arrayBuffer();
  latencies.push(performance.now() - started);
  statuses[res.status] = (statuses[res.status] ?? 0) + 1;
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const started = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.bodies.length) await send(job.bodies[next++]!);
  }),
);
const elapsedMs = performance.now() - started;
const sorted = [...latencies].sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ sent: latencies.length, statuses, elapsedMs, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) })}\n`,
);
