import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileChat } from '../support/file-chat.js';
import { createStore } from '../../src/infra/store/create-store.js';
import { countedAnswers } from '../../src/core/engine/answers.js';
import { tallyOf } from '../../src/core/engine/votes.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const child = path.resolve('test/support/crash-child.mts');

/** Runs the child until it finishes or `killAfterMs` passes (then SIGKILL). True when it finished. */
function runChild(store: string, chat: string, killAfterMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    // node itself (with tsx as a loader), so SIGKILL kills the process that runs the chat, not a wrapper.
    const p = spawn(process.execPath, ['--import', 'tsx', child, store, chat, '400'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('error', reject);
    p.on('exit', () => {
      clearTimeout(timer);
      resolve(out.includes('finished'));
    });
  });
}

describe('a chat killed mid-way and started again (SQLite file store)', () => {
  it('posts every step exactly once and the recap is exact', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rt-crash-'));
    const store = path.join(dir, 'rt.sqlite');
    const chat = path.join(dir, 'chat.jsonl');
    // A 60-minute chat at 400× lasts 9 s; kill it at uneven moments until it finishes.
    const kills = [1800, 1300, 2100, 1700, 2600];
    let finished = false;
    let runs = 0;
    for (let i = 0; !finished && runs < 40; i++, runs++) finished = await runChild(store, chat, kills[i] ?? 60_000);
    expect(finished).toBe(true);
    expect(runs).toBeGreaterThan(1);

    const lines = readFileChat(chat);
    const posts = lines.filter((l) => l.op === 'post' && !l.thread);
    const keys = posts.map((p) => p.key);
    expect(keys).toEqual([
      'crash-run:welcome',
      'crash-run:q1',
      'crash-run:p1-open',
      'crash-run:q2',
      'crash-run:p2-open',
      'crash-run:q3',
      'crash-run:q4',
      'crash-run:closing',
      'crash-run:recap',
    ]);
    const links = lines.filter((l) => l.op === 'post' && l.thread).map((l) => l.key);
    expect(new Set(links).size).toBe(links.length);

    const recap = posts.at(-1)!.message;
    if (recap.kind !== 'recap') throw new Error('last post is not the recap');
    // Exact against what the store holds under the product's rules. What people did while no
    // process was up (a poll that opened and closed during a restart) is not a crash guarantee.
    const db = await createStore(`sqlite://${store}`, { logger: quiet });
    try {
      const run = (await db.getRun('crash-run'))!;
      const counted = countedAnswers(run, await db.listAnswers(run.id));
      expect(recap.recap.answers).toBe(counted.length);
      expect(recap.recap.questions.map((q) => q.answers)).toEqual(
        run.questions.map((q) => counted.filter((a) => a.number === q.number).length),
      );
      const tallies = await Promise.all(
        run.polls.map(async (p) => tallyOf(p, await db.listBallots(run.id, p.number)).counts),
      );
      expect(recap.recap.polls.map((p) => p.tally.counts)).toEqual(tallies);
      // Each person answers each question once at most, and votes once per poll at most.
      expect(new Set(counted.map((a) => `${a.number}|${a.user.id}`)).size).toBe(counted.length);
      for (const counts of tallies) expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30);
      expect(counted.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 180_000);
});
