import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Translator } from '../../../src/core/ports.js';
import type { ExportFormat } from '../../../src/core/engine/commands.js';
import type { ExportInput } from '../../../src/core/export/export-data.js';
import type { Ballot } from '../../../src/core/engine/records.js';
import { castVote, voterKey } from '../../../src/core/engine/votes.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import { createExporter, renderExport } from '../../../src/infra/create-exporter.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { loadFixture } from '../../fixtures/exports/load-fixture.js';
import { testKeys } from '../../support/server-secret.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

const FORMATS: ExportFormat[] = ['csv', 'md', 'html'];
const MIN = 60_000;

/** One anonymous vote: who, which options, and when (ms after the start). */
interface Vote {
  user: string;
  options: number[];
  at: number;
}

/** The fixture run where anonymous poll 2 received exactly `votes`, cast through the real poll rules. */
function worldWith(votes: Vote[]): ExportInput {
  const input = { ...loadFixture('circuit-talks'), keys: testKeys() };
  // A run as started now: no secret of its own in the store, ballots keyed under the server secret.
  delete input.run.secret;
  const run = input.run;
  const poll = { ...run.polls[1]!, state: 'open' as const };
  const openRun = { ...run, status: 'running' as const };
  const ballots: Ballot[] = votes.map((v) => {
    let ballot: Ballot | undefined;
    for (const o of v.options) {
      const outcome = castVote(
        openRun,
        poll,
        ballot,
        o,
        { id: v.user, name: `Name of ${v.user}` },
        voterKey(input.keys, run, poll, v.user),
        run.startedAt + v.at,
      );
      if (outcome.kind !== 'recorded') throw new Error(`vote not recorded: ${outcome.kind}`);
      ballot = outcome.ballot;
    }
    return ballot!;
  });
  input.ballots.set(2, ballots);
  return input;
}

const exportsOf = (input: ExportInput) => FORMATS.map((f) => renderExport(input, f, t).content);

describe('anonymous polls in exports', () => {
  it('cannot tell who picked what: swapping choices between voters changes no export (property)', () => {
    const people = ['U01', 'U04', 'U07', 'U20', 'U21'];
    const choice = fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 });
    const votes = fc.uniqueArray(
      fc.record({
        user: fc.constantFrom(...people),
        options: choice,
        at: fc.integer({ min: 25 * MIN, max: 30 * MIN - 1 }),
      }),
      { minLength: 2, maxLength: 5, selector: (v) => v.user },
    );
    fc.assert(
      fc.property(votes, (list) => {
        // Same people at the same moments, but each one's choice handed to the next person; store order reversed.
        const swapped = list.map((v, i) => ({ ...v, options: list[(i + 1) % list.length]!.options })).reverse();
        expect(exportsOf(worldWith(swapped))).toEqual(exportsOf(worldWith(list)));
      }),
      { numRuns: 40 },
    );
  });

  it('carries no voter key, name or user id of an anonymous ballot', () => {
    const input = worldWith([
      { user: 'U07', options: [0, 2], at: 26 * MIN },
      { user: 'U30', options: [1], at: 27 * MIN },
    ]);
    const keys = input.ballots.get(2)!.map((b) => b.voter);
    for (const content of exportsOf(input)) {
      for (const key of keys) expect(content).not.toContain(key);
      expect(content).not.toMatch(/U07|U30|Name of/);
    }
  });
});

describe('people who asked to be forgotten', () => {
  it('are absent from every export once the store has forgotten them', async () => {
    const input = loadFixture('circuit-talks');
    const store = new MemoryStore();
    await store.saveRun(input.run);
    for (const a of input.answers) await store.putAnswer(input.run.id, a);
    for (const [, list] of input.ballots) for (const b of list) await store.putBallot(input.run.id, b);
    // What `forget-me` does: named records through the store, anonymous ballots through the person's key.
    await store.forgetUser('U04');
    await store.deleteBallot(input.run.id, 2, voterKey(testKeys(), input.run, input.run.polls[1]!, 'U04'));
    const exporter = createExporter({ store, translator: t, now: () => input.now });
    for (const format of FORMATS) {
      const { content } = await exporter(input.run, format);
      expect(content).not.toMatch(/Dev Patel|U04|SUM\(A1\)/);
    }
    const md = (await exporter(input.run, 'md')).content;
    expect(md).toContain('3 people voted. / 3 personnes ont voté.');
    expect(md).toContain('2 people voted. / 2 personnes ont voté.');
  });
});
