import { describe, expect, it } from 'vitest';
import { runRehearse, compare } from '../../src/cli/rehearse.js';
import type { RecapData } from '../../src/core/engine/recap-data.js';

describe('roundtable rehearse', () => {
  it('plays the monthly chat: welcome, Q1..Q8 in order, both polls, and a recap equal to the simulation', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await runRehearse(['chats/leadersgc-monthly.yaml', '--speed', '3000', '--participants', '200'], {
      log: (l) => lines.push(l),
      error: (l) => errors.push(l),
    });
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    const kinds = lines.filter((l) => l.startsWith('── ')).map((l) => l.split(' ─ ')[1]);
    const questions = lines.filter((l) => /^\[EN\] Q\d+$/.test(l)).map((l) => l.slice(5));
    expect(kinds[0]).toBe('welcome');
    expect(questions).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8']);
    expect(kinds.filter((k) => k === 'poll')).toHaveLength(4); // each poll opens and closes
    expect(kinds.slice(-2)).toEqual(['closing', 'recap']);
    expect(lines.some((l) => l.startsWith('[FR] Bilan'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^✓ The recap matches the simulation: \d+ participants, \d+ answers, 2 polls\.$/);
  }, 60_000);

  it('refuses a missing plan and bad numbers with a usage line', async () => {
    const errors: string[] = [];
    const out = { log: () => {}, error: (l: string) => errors.push(l) };
    expect(await runRehearse([], out)).toBe(2);
    expect(await runRehearse(['chats/leadersgc-monthly.yaml', '--speed', '-1'], out)).toBe(2);
    expect(await runRehearse(['no-such-plan'], out, { plansDir: 'chats' })).toBe(1);
    expect(errors.join('\n')).toMatch(/Usage: roundtable rehearse/);
    expect(errors.join('\n')).toMatch(/No valid plan "no-such-plan"/);
  });

  it('reports every figure where the recap and the simulation disagree', () => {
    const recap = {
      participants: 3,
      answers: 4,
      questions: [{ number: 1, answers: 4 }],
      polls: [{ number: 1, tally: { counts: [1, 2], voters: 3 }, options: [{}, {}] }],
    } as unknown as RecapData;
    const sim = {
      participants: 3,
      answers: 5,
      answersPerQuestion: new Map([[1, 5]]),
      pollCounts: new Map([[1, [2, 1]]]),
    };
    expect(compare(recap, sim)).toEqual([
      'answers: recap 4, simulation 5',
      'Q1 answers: recap 4, simulation 5',
      'poll 1: recap 1/2, simulation 2/1',
    ]);
  });
});
