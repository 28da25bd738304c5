import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPlanSource } from '../../src/infra/plan-source.js';
import { problemTranslator } from '../../src/infra/plan-files.js';
import { RoundtableError } from '../../src/core/errors.js';

const plan = (id: string, question = 'One?') => `id: ${id}
title: { en: "Title", fr: "Titre" }
duration: 45m
questions:
  - text: { en: "${question}", fr: "Une ?" }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'roundtable-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createPlanSource', () => {
  it('lists every plan file: valid ones with their plan, invalid ones with their first error', async () => {
    await writeFile(path.join(dir, 'good.yaml'), plan('good'));
    await writeFile(
      path.join(dir, 'bad.yaml'),
      plan('bad').replace('duration: 45m', 'duration: 45m\ncolour: red\nhashtag: none'),
    );
    const listing = await createPlanSource(dir).list();
    expect(listing.map((l) => [l.id, l.plan?.id, l.error])).toEqual([
      // Listings reach chat channels: the file's name only, never the server's folders.
      [
        'bad',
        undefined,
        `bad.yaml:4:1  Unknown key “colour”: remove it. Keys allowed here: id, title, languages, channel, timezone, start, repeat, duration, hashtag, host, organizers, welcome, closing, evaluation, reminders, questions, polls.`,
      ],
      ['good', 'good', undefined],
    ]);
  });

  it('gives the first error in the language of the translator it is given', async () => {
    await writeFile(path.join(dir, 'bad.yaml'), plan('bad').replace('45m', '45 minutes'));
    const [entry] = await createPlanSource(dir, problemTranslator('fr')).list();
    expect(entry?.error).toContain('n’est pas une durée');
    // The asker's language wins over the source's default.
    const [asked] = await createPlanSource(dir).list('fr');
    expect(asked?.error).toContain('n’est pas une durée');
  });

  it('gets a valid plan by id, and nothing for an unknown or invalid one', async () => {
    await writeFile(path.join(dir, 'a.yaml'), plan('alpha'));
    await writeFile(path.join(dir, 'b.yaml'), plan('beta').replace('45m', '99h'));
    const source = createPlanSource(dir);
    expect((await source.get('alpha'))?.title).toEqual({ en: 'Title', fr: 'Titre' });
    expect(await source.get('beta')).toBeUndefined();
    expect(await source.get('gamma')).toBeUndefined();
  });

  it('reads the folder again on every call, so edits, new files and deletions show', async () => {
    const source = createPlanSource(dir);
    const file = path.join(dir, 'live.yaml');
    await writeFile(file, plan('live', 'Before?'));
    expect((await source.get('live'))?.questions[0]?.text.en).toBe('Before?');
    await writeFile(file, plan('live', 'After?'));
    expect((await source.get('live'))?.questions[0]?.text.en).toBe('After?');
    await writeFile(path.join(dir, 'new.yaml'), plan('new'));
    expect((await source.list()).map((l) => l.id)).toEqual(['live', 'new']);
    await rm(file);
    expect(await source.get('live')).toBeUndefined();
  });

  it('fails with a coded error naming the setting when the folder is missing', async () => {
    const source = createPlanSource(path.join(dir, 'nope'));
    await expect(source.list()).rejects.toBeInstanceOf(RoundtableError);
    await expect(source.get('x')).rejects.toThrow(/ROUNDTABLE_PLANS_DIR/);
  });
});
