/**
 * Why: any participant's `plans` or `status` reads the plans folder, so one huge file or a
 * crowd asking at once must not stall the process. A file over 256 KB is listed with a located
 * problem and never read whole; a file is parsed once per change. Reads are counted through an
 * injected reader (each parse follows exactly one read), never by timing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPlanSource } from '../../src/infra/plan-source.js';
import { loadPlanFile, readPlanHead, type PlanTextReader } from '../../src/infra/plan-files.js';

const plan = (id: string, question = 'One?') => `id: ${id}
title: { en: "Title", fr: "Titre" }
duration: 45m
questions:
  - text: { en: "${question}", fr: "Une ?" }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'roundtable-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real reader, keeping every call: which file, how many bytes asked and got. */
function countingReader() {
  const calls: { file: string; asked: number; got: number }[] = [];
  const read: PlanTextReader = async (file, maxBytes) => {
    const bytes = await readPlanHead(file, maxBytes);
    calls.push({ file: path.basename(file), asked: maxBytes, got: bytes.length });
    return bytes;
  };
  return { calls, read };
}

describe('plan files over 256 KB', () => {
  it('a 50 MB file is listed with a located problem, in the asker’s language, and never read', async () => {
    await writeFile(path.join(dir, 'good.yaml'), plan('good'));
    await writeFile(path.join(dir, 'huge.yaml'), plan('huge'));
    await truncate(path.join(dir, 'huge.yaml'), 50 * 1024 * 1024);
    const { calls, read } = countingReader();
    const source = createPlanSource(dir, undefined, { read });
    const listing = await source.list();
    expect(listing.map((l) => [l.id, l.plan?.id, l.error])).toEqual([
      ['good', 'good', undefined],
      [
        'huge',
        undefined,
        'huge.yaml:1:1  This file is 51200 KB, over the 256 KB a plan file may have, so it was not read: split it or remove what it does not need.',
      ],
    ]);
    expect((await source.list('fr'))[1]?.error).toBe(
      'huge.yaml:1:1  Ce fichier fait 51200\u00a0Ko, plus que les 256\u00a0Ko permis pour un plan, et n’a donc pas été lu\u00a0: scindez-le ou retirez ce qui ne sert pas.',
    );
    expect(calls.map((c) => c.file)).toEqual(['good.yaml']);
    expect(await source.get('huge')).toBeUndefined();
  });

  it('a file that grew past the limit after its size was taken is read no further than the limit', async () => {
    const file = path.join(dir, 'grown.yaml');
    await writeFile(file, plan('grown'));
    await truncate(file, 50 * 1024 * 1024);
    const { calls, read } = countingReader();
    const loaded = await loadPlanFile(file, { size: 100, read });
    expect(loaded.problems).toEqual([expect.objectContaining({ code: 'file_too_large', line: 1, column: 1 })]);
    expect(calls).toEqual([{ file: 'grown.yaml', asked: 256 * 1024, got: 256 * 1024 + 1 }]);
  });

  it('a file of exactly 256 KB is still read and parsed', async () => {
    const file = path.join(dir, 'edge.yaml');
    const text = plan('edge');
    await writeFile(file, text + '#'.repeat(256 * 1024 - Buffer.byteLength(text)));
    expect((await loadPlanFile(file)).plan?.id).toBe('edge');
  });
});

describe('parsed plans are cached by file stamp', () => {
  it('an unchanged folder is not parsed again, however often and however many ask at once', async () => {
    await writeFile(path.join(dir, 'a.yaml'), plan('a'));
    await writeFile(path.join(dir, 'b.yaml'), plan('b'));
    const { calls, read } = countingReader();
    const source = createPlanSource(dir, undefined, { read });
    await Promise.all([source.list(), source.list('fr'), source.get('a'), source.get('b'), source.list()]);
    await source.list();
    expect((await source.get('b'))?.id).toBe('b');
    expect(calls.map((c) => c.file).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a changed file is read again (once), a new one is read, a removed one is gone', async () => {
    const a = path.join(dir, 'a.yaml');
    await writeFile(a, plan('a'));
    await writeFile(path.join(dir, 'b.yaml'), plan('b'));
    const { calls, read } = countingReader();
    const source = createPlanSource(dir, undefined, { read });
    await source.list();
    // Same size, new modification time: still a change.
    await writeFile(a, plan('a', 'Two?'));
    await utimes(a, new Date(2030, 0, 1), new Date(2030, 0, 1));
    await writeFile(path.join(dir, 'c.yaml'), plan('c'));
    await rm(path.join(dir, 'b.yaml'));
    await Promise.all([source.list(), source.list()]);
    expect((await source.get('a'))?.questions[0]?.text.en).toBe('Two?');
    expect(await source.get('b')).toBeUndefined();
    expect(calls.map((c) => c.file).sort()).toEqual(['a.yaml', 'a.yaml', 'b.yaml', 'c.yaml']);
  });
});
