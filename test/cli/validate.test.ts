import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runValidate } from '../../src/cli/validate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/fixtures/plans');

async function run(paths: string[], now = new Date('2026-06-01T12:00:00Z')) {
  const log: string[] = [];
  const error: string[] = [];
  const code = await runValidate(paths, { log: (s) => log.push(s), error: (s) => error.push(s) }, now);
  return { code, log, error };
}

const problemLine = /^(.+):(\d+):(\d+) {2}(.+)$/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'roundtable-validate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('roundtable validate', () => {
  it('gives the acceptance plan exactly four errors, each with line and column, and exit code 1', async () => {
    const file = path.join(fixtures, 'invalid/four-problems.yaml');
    const { code, log, error } = await run([file]);
    expect(code).toBe(1);
    expect(log).toEqual([]);
    const problems = error.filter((line) => problemLine.test(line));
    expect(problems).toHaveLength(4);
    expect(problems.map((line) => line.replace(problemLine, '$2:$3'))).toEqual(['5:9', '7:1', '9:11', '14:9']);
    expect(problems.every((line) => line.startsWith(`${file}:`))).toBe(true);
    expect(problems[0]).toContain('repeat “0 20 * 13 4#3” is not a cron expression that ever runs');
    expect(problems[1]).toContain('Unknown key “hashtg”: did you mean “hashtag”?');
    expect(problems[2]).toContain('“questions[1].text” has no “fr” text');
    expect(problems[3]).toContain('Q2 is at 75m, which is not before the end of the 60m chat');
    expect(error.at(-1)).toBe('0 valid, 1 invalid');
  });

  it('prints each valid plan and the next three starts of a repeat in local time', async () => {
    const { code, log, error } = await run([path.join(root, 'chats')]);
    expect(error).toEqual([]);
    expect(code).toBe(0);
    expect(log).toEqual([
      `✓ ${path.join(root, 'chats', 'leadersgc-monthly.yaml')}: leadersgc-monthly valid`,
      '  next starts (0 20 * 9-12,1-5 4#3):',
      '    Thu 2026-09-17 20:00 America/Toronto',
      '    Thu 2026-10-15 20:00 America/Toronto',
      '    Thu 2026-11-19 20:00 America/Toronto',
      `✓ ${path.join(root, 'chats', 'mini-discussion.yaml')}: mini-discussion valid`,
      '  next starts (0 12 * * 4L):',
      '    Thu 2026-06-25 12:00 America/Toronto',
      '    Thu 2026-07-30 12:00 America/Toronto',
      '    Thu 2026-08-27 12:00 America/Toronto',
      '2 valid, 0 invalid',
    ]);
  });

  it('shows a one-off start in local time, or that it has passed', async () => {
    const file = path.join(fixtures, 'valid/one-off.json');
    expect((await run([file])).log).toContain('  starts Thu 2026-12-17 20:00 America/Toronto');
    expect((await run([file], new Date('2027-01-01T00:00:00Z'))).log).toContain(
      '  started (past) Thu 2026-12-17 20:00 America/Toronto',
    );
  });

  it('validates folders and files together, refusing ids used twice across them', async () => {
    const copy = path.join(dir, 'copy.yaml');
    await writeFile(
      copy,
      'id: mini-discussion\ntitle: { en: T, fr: T }\nduration: 5m\nquestions:\n  - text: { en: Q, fr: Q }\n',
    );
    const { code, log, error } = await run([path.join(root, 'chats'), copy]);
    expect(code).toBe(1);
    expect(log.filter((l) => l.startsWith('✓'))).toHaveLength(1);
    expect(error.filter((l) => l.includes('duplicate') || l.includes('is also the id of'))).toHaveLength(2);
  });

  it('counts a file given twice (alone and in its folder) once', async () => {
    const { code, log } = await run([path.join(root, 'chats'), path.join(root, 'chats', 'mini-discussion.yaml')]);
    expect(code).toBe(0);
    expect(log.at(-1)).toBe('2 valid, 0 invalid');
  });

  it('fails with a clear line for a missing path, an empty folder, or no path at all', async () => {
    const missing = await run([path.join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.error[0]).toBe(
      `${path.join(dir, 'nope.yaml')}: no such file or folder. Give a plan file (.yaml, .yml, .json) or a folder of them.`,
    );
    const empty = await run([dir]);
    expect(empty.code).toBe(1);
    expect(empty.error[0]).toBe(`${dir}: no plan files here (*.yaml, *.yml, *.json).`);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.error[0]).toMatch(/^Usage: roundtable validate/);
  });
});
