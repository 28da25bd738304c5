import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validatePlan } from '../../../src/core/plan/plan-validate.js';
import { PLAN_PROBLEM_CODES } from '../../../src/core/plan/plan-problem.js';

/**
 * Values a plan author might write for a key: mostly fine ones (including a key left empty,
 * YAML null, for an optional key), sometimes a mistake, so that documents with exactly one
 * mistake are common.
 */
const pick = (fine: unknown[], wrong: unknown[]) =>
  fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...fine) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });

const text = pick(
  [{ en: 'Text', fr: 'Texte' }],
  [{ en: 'Only English' }, 'plain', null, 42, { en: '', fr: 'x' }, { de: 'x', en: 'y', fr: 'z' }],
);
const offset = pick([undefined, null], ['5m', '59m', '2h', 'soon', 7]);
const option = pick([{ en: 'A', fr: 'A' }], [{ en: 'B' }, 'C', null]);
const poll = fc.record(
  {
    question: text,
    options: fc.oneof(
      { weight: 8, arbitrary: fc.array(option, { minLength: 2, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(option, { maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constantFrom(null, 'A, B') },
    ),
    at: pick(['1m', '10m'], [undefined, null, '60m', 'soon', 7]),
    closes: pick([undefined, null, '30m'], ['5m', '2h', 'soon']),
    multiple: pick([undefined, null, false, true, 2], [0, 11, 'two']),
    anonymous: pick([undefined, null, true, false], ['yes']),
    results: pick([undefined, null, 'live', 'hidden'], ['later']),
    colour: pick([undefined], ['red']),
  },
  { requiredKeys: [] },
);
const question = fc.oneof(
  { weight: 12, arbitrary: fc.record({ text, at: offset }, { requiredKeys: ['text'] }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'What?') },
);
const document = fc.record(
  {
    id: pick([undefined, null, 'good-id'], ['Bad Id', 7]),
    title: text,
    languages: pick([undefined, null, ['en', 'fr']], [[], ['en', 'en'], ['de'], 'en']),
    timezone: pick([undefined, null, 'America/Toronto'], ['Nowhere/Land', 5]),
    start: pick([undefined, null, '2026-12-17 20:00'], ['2026-03-08 02:30', 'tomorrow', '2026-02-30 10:00']),
    repeat: pick([undefined, null, '0 20 * * 4'], ['0 20 * *', 'never fires']),
    duration: pick(['60m'], [undefined, null, '1m', '9h', 'long', 60]),
    reminders: pick([undefined, null, [], ['1d', '15m']], [['0s'], ['1d', '1d'], 'soon']),
    hashtag: pick([undefined, null, '#LeadersGC'], ['LeadersGC']),
    host: pick([undefined, null, { name: 'Jane' }], [{ title: { en: 'DM', fr: 'SM' } }, 'Jane']),
    organizers: pick([undefined, null, ['U1']], [[7], 'U1']),
    evaluation: pick([undefined, null, 'https://forms.example/e'], ['ftp://x']),
    welcome: pick([undefined, null], [{ en: 'Hi' }]),
    questions: fc.oneof(
      { weight: 12, arbitrary: fc.array(question, { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'none', []) },
    ),
    polls: fc.oneof(
      { weight: 12, arbitrary: fc.array(poll, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'none') },
    ),
    extra: pick([undefined], ['x']),
  },
  { requiredKeys: ['title', 'duration', 'questions'] },
);

describe('validatePlan on any document', () => {
  it('either returns a plan or at least one known problem, never neither, never throws', () => {
    let valid = 0;
    fc.assert(
      fc.property(document, (data) => {
        const doc = { file: 'chats/any.yaml', data, locate: () => ({ line: 2, column: 3 }) };
        const result = validatePlan(doc, { isValidCron: (e) => e === '0 20 * * 4' });
        if (result.ok) {
          valid++;
          expect(result.plan.questions.length).toBeGreaterThan(0);
          result.plan.questions.forEach((q, i, all) => {
            expect(q.atMs).toBeLessThan(result.plan.durationMs);
            if (i > 0) expect(q.atMs).toBeGreaterThanOrEqual((all[i - 1] as { atMs: number }).atMs);
          });
          for (const p of result.plan.polls) expect(p.closesMs).toBeGreaterThan(p.atMs);
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) expect(PLAN_PROBLEM_CODES).toContain(p.code);
        }
      }),
      { numRuns: 3000 },
    );
    expect(valid).toBeGreaterThan(20);
  });
});
