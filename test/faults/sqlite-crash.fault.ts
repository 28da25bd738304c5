/**
 * Fault case: one process on a SQLite file, killed with SIGKILL at random moments twenty
 * times during a chat and started again each time (the crash-restart test, through the real
 * composition root, with participants who remember what they were told). Every step must
 * be posted once, and the recap and the CSV must hold every answer and vote once.
 */
import { describe, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../src/infra/store/create-store.js';
import { readFileChat } from '../support/file-chat.js';
import { faultPlanFolder } from './support/plan-folder.js';
import { compareOutcome, csvOf, figuresOf } from './support/outcome.js';
import { Participants, type ChatDriver } from './support/participants.js';
import { topPosts } from './support/file-chat-driver.js';
import { describeCrowd, recordRow, rowOf } from './support/fault-table.js';
import { seededRandom } from '../../src/cli/seeded-random.js';
import { announceSeed, itWithSeeds, replayHint } from './support/fault-seeds.js';

const CHILD = path.resolve('test/faults/support/sqlite-instance.mts');
const KILLS = 20;
const PEOPLE = 20;
/** A 60-minute chat in 72 s: long enough for twenty kills and restarts on a busy machine. */
const SPEED = 50;

const CASE = 'SQLite, 1 process, SIGKILL + restart';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs the child until it finishes or `killAfterMs` passes (then SIGKILL); true when it finished. Its errors go to `log`. */
function runChild(args: string[], killAfterMs: number | undefined, log: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.pipe(createWriteStream(log));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out.includes('finished'));
    });
  });
}

describe('SQLite: one process killed and restarted twenty times during a chat', () => {
  itWithSeeds('posts every step once; recap and CSV hold every answer and vote once', async (seed) => {
    announceSeed(CASE, seed);
    const random = seededRandom(seed);
    const dir = mkdtempSync(path.join(tmpdir(), 'rt-fault-sqlite-'));
    const [store, chat, journal] = ['rt.sqlite', 'chat.jsonl', 'journal.jsonl'].map((f) => path.join(dir, f)) as [
      string,
      string,
      string,
    ];
    const args = [store, chat, journal, faultPlanFolder(), String(SPEED), String(PEOPLE)];

    let finished = false;
    let kills = 0;
    // Random moments from the spawn: some during start-up (catching up), most while the chat runs.
    const log = (start: number) => path.join(dir, `instance-0-${start}.log`);
    for (; kills < KILLS && !finished; kills++)
      finished = await runChild(args, 300 + Math.floor(random() * 3200), log(kills + 1));
    for (let restarts = 0; !finished && restarts < 5; restarts++)
      finished = await runChild(args, undefined, log(kills + restarts + 1));
    expect(finished, `the chat never finished; store, chat, journal and logs in ${dir}; ${replayHint(seed)}`).toBe(
      true,
    );

    const lines = readFileChat(chat);
    const posts = topPosts(lines);
    const recap = posts.find((p) => p.message.kind === 'recap')?.message;
    const db = await createStore(`sqlite://${store}`, { logger: quiet });
    const [runId] = await db.allRunIds();
    const csv = await csvOf(db, runId!);
    await db.close();
    const noDriver = {} as ChatDriver;
    const expected = new Participants(PEOPLE, noDriver, journal).expected();
    const outcome = compareOutcome({
      runId: runId!,
      posts: lines.filter((l) => l.op === 'post').map((l) => ({ key: l.key ?? '', thread: Boolean(l.thread) })),
      closedPolls: posts.flatMap((p) => (p.message.kind === 'poll' && p.message.closed ? [p.message.number] : [])),
      pollCount: 2,
      csv,
      recap: recap?.kind === 'recap' ? figuresOf(recap.recap) : undefined,
      expected,
    });
    recordRow(rowOf(CASE, [outcome], `${kills} kills, seed ${seed}; ${describeCrowd(expected)}`));
    expect(
      outcome.problems,
      `one process (killed ${kills} times); store, chat, participants' journal and each start's log (instance-0-<start>.log) in ${dir}; ${replayHint(seed)}`,
    ).toEqual([]);
  });
});
