/**
 * The fault suite's own tools: seeds are taken from FAULT_SEED or drawn fresh, as many as
 * FAULT_SEEDS_PER_RUN asks; a failure's explanation names the item, the process that took
 * each delivery about it (from the trace and the cluster's history) and that process's log
 * lines around it; on a platform without lookup, only a step posted again right after a kill
 * is set apart from "posted twice".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultSeeds } from './support/fault-seeds.js';
import { explainProblems } from './support/explain-problems.js';
import { postedAgainAcrossKill } from './support/cluster-chat-run.js';

describe('fault seeds', () => {
  it('replays the seeds given, and otherwise draws as many fresh ones as asked', () => {
    expect(faultSeeds({ FAULT_SEED: '11223' })).toEqual([11223]);
    expect(faultSeeds({ FAULT_SEED: '11223, 42', FAULT_SEEDS_PER_RUN: '5' })).toEqual([11223, 42]);
    expect(faultSeeds({})).toHaveLength(1);
    const two = faultSeeds({ FAULT_SEEDS_PER_RUN: '2' });
    expect(two).toHaveLength(2);
    for (const seed of two) expect(Number.isInteger(seed) && seed >= 0 && seed < 100_000).toBe(true);
    expect(() => faultSeeds({ FAULT_SEED: 'abc' })).toThrow(/FAULT_SEED/);
    expect(() => faultSeeds({ FAULT_SEEDS_PER_RUN: '0' })).toThrow(/FAULT_SEEDS_PER_RUN/);
  });
});

describe('a failure explained', () => {
  it('names the item, the process that took its delivery, and that process’s log lines around it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rt-fault-explain-'));
    const at = Date.parse('2026-12-02T17:00:05.000Z');
    const log = (ms: number, msg: string) => JSON.stringify({ level: 40, time: at + ms, msg });
    writeFileSync(
      path.join(dir, 'instance-1-1.log'),
      `${[log(-9000, 'long before'), log(-500, 'just before')].join('\n')}\n`,
    );
    writeFileSync(
      path.join(dir, 'instance-1-2.log'),
      `${[log(100, 'the restarted process, after'), log(5000, 'long after')].join('\n')}\n`,
    );
    const trace = [
      '2026-12-02T17:00:00.000Z instance 1 ready on 4001',
      '2026-12-02T17:00:04.000Z instance 2 ready on 4002',
      '2026-12-02T17:00:04.900Z instance 1 ready on 4001',
      '2026-12-02T17:00:05.000Z activity 17 U0011 Q4 q4-u11-a1 to http://127.0.0.1:4001 -> 200',
      '2026-12-02T17:00:05.100Z activity 18 U0012 Q4 q4-u12-a1 to http://127.0.0.1:4002 -> 200',
    ];
    const text = explainProblems(
      ['answer lost: 4|U0011|Answer of Person 11 to Q4', 'step q2 never posted'],
      trace,
      dir,
    );
    expect(text.split('\n')).toEqual([
      '- answer lost: 4|U0011|Answer of Person 11 to Q4',
      `    ${trace[3]} [process 1, instance-1-2.log]`,
      `        ${log(100, 'the restarted process, after')}`,
      '- step q2 never posted',
      '    (no delivery in the trace names it; kills and restarts are in trace.log)',
    ]);
  });
});

describe('a step posted again after a kill, on a platform without lookup', () => {
  const at = (s: number) => Date.parse('2026-12-02T17:00:00.000Z') + s * 1000;
  const killedAt = (s: number) => `${new Date(at(s)).toISOString()} instance 1 on 4001 killed`;

  it('is set apart only when a kill came within a second after the first copy and before the second', () => {
    const posts = [
      { key: 'r:q1', at: at(1) },
      { key: 'r:q1', at: at(17) },
      { key: 'r:q2', at: at(30) },
      { key: 'r:q2', at: at(30.2) },
      { key: 'r:q3', at: at(40) },
      { key: 'r:q3', at: at(50) },
    ];
    const history = ['2026-12-02T17:00:00.000Z instance 1 ready on 4001', killedAt(1.4), killedAt(31), killedAt(42)];
    // q1: killed 0.4 s after its post, posted again once the lease ran out; q2: both copies before any kill (a real double);
    // q3: the kill came 2 s after the first copy (it was journaled by then).
    expect(postedAgainAcrossKill(posts, history)).toEqual(['r:q1']);
  });
});
