import { describe, expect, it } from 'vitest';
import { validatePlan, idFromFileName } from '../../../src/core/plan/plan-validate.js';
import type { PlanValidation } from '../../../src/core/plan/plan-validate.js';
import type { PlanPath, PlanProblem, SourcePosition } from '../../../src/core/plan/plan-problem.js';
import type { Plan } from '../../../src/core/plan/plan.js';

/**
 * A document whose `locate` gives every distinct (part, path) its own line, so a test can
 * check that a problem points at the right place.
 */
function documentOf(data: unknown, file = 'plans/sample.yaml') {
  const lines = new Map<string, number>();
  const key = (path: PlanPath, part: 'key' | 'value') => JSON.stringify([part, path]);
  const locate = (path: PlanPath, part: 'key' | 'value' = 'value'): SourcePosition => {
    const k = key(path, part);
    if (!lines.has(k)) lines.set(k, lines.size + 1);
    return { line: lines.get(k) as number, column: 3 };
  };
  const lineOf = (path: PlanPath, part: 'key' | 'value' = 'value') => lines.get(key(path, part));
  return { doc: { file, data, locate }, lineOf };
}

const validCron = { isValidCron: (expr: string) => expr !== '0 0 31 2 *' };

function validate(data: unknown, file?: string): PlanValidation {
  return validatePlan(documentOf(data, file).doc, validCron);
}

function planOf(data: unknown, file?: string): Plan {
  const result = validate(data, file);
  if (!result.ok) throw new Error(`expected a valid plan, got ${JSON.stringify(result.problems)}`);
  return result.plan;
}

function problemsOf(data: unknown): PlanProblem[] {
  const result = validate(data);
  if (result.ok) throw new Error('expected problems, the plan is valid');
  return result.problems;
}

const codes = (data: unknown) => problemsOf(data).map((p) => p.code);

const q = (en: string, fr = `${en} (fr)`, at?: string) => ({ text: { en, fr }, ...(at && { at }) });
const minimal = () => ({
  title: { en: 'Title', fr: 'Titre' },
  duration: '60m',
  questions: [q('One'), q('Two'), q('Three'), q('Four')],
});
const option = (en: string) => ({ en, fr: `${en} (fr)` });
const poll = (extra: Record<string, unknown> = {}) => ({
  question: { en: 'Which?', fr: 'Lequel ?' },
  options: [option('A'), option('B'), option('C'), option('D')],
  at: '10m',
  ...extra,
});

describe('validatePlan: a valid plan is normalized', () => {
  it('fills the documented defaults', () => {
    const plan = planOf({ ...minimal(), polls: [poll()] }, 'chats/mental-health.yaml');
    expect(plan.id).toBe('mental-health');
    expect(plan.languages).toEqual(['en', 'fr']);
    expect(plan.timezone).toBe('UTC');
    expect(plan.durationMs).toBe(3_600_000);
    expect(plan.organizers).toEqual([]);
    expect(plan.remindersMs).toEqual([]);
    expect(plan.polls[0]).toEqual({
      question: { en: 'Which?', fr: 'Lequel ?' },
      options: [option('A'), option('B'), option('C'), option('D')],
      atMs: 600_000,
      closesMs: 3_600_000,
      multiple: 1,
      anonymous: false,
      results: 'live',
    });
  });

  it('spreads omitted question offsets evenly across the chat', () => {
    expect(planOf(minimal()).questions.map((x) => x.atMs / 60_000)).toEqual([0, 15, 30, 45]);
    const mixed = { ...minimal(), questions: [q('1', '1', '5m'), q('2'), q('3'), q('4', '4', '50m')] };
    expect(planOf(mixed).questions.map((x) => x.atMs / 60_000)).toEqual([5, 20, 35, 50]);
  });

  it('keeps the languages in the order given, and only those', () => {
    const plan = planOf({
      ...minimal(),
      languages: ['fr'],
      title: { fr: 'Titre', en: 'Title' },
      questions: [{ text: { fr: 'Une' } }],
    });
    expect(plan.languages).toEqual(['fr']);
    expect(plan.title).toEqual({ fr: 'Titre' });
    expect(planOf({ ...minimal(), languages: ['fr', 'en'] }).languages).toEqual(['fr', 'en']);
  });

  it('reads a schedule: canonical time zone, reminders largest first, multiple true as every option', () => {
    const plan = planOf({
      ...minimal(),
      id: 'leadersgc-1',
      timezone: 'america/toronto',
      repeat: ' 0 20 * 9-12,1-5 4#3 ',
      reminders: ['15m', '1d'],
      host: { name: 'Jane Doe', title: { en: 'Deputy Minister', fr: 'Sous-ministre' } },
      hashtag: '#LeadersGC',
      evaluation: 'https://forms.example/eval',
      organizers: ['U012ABC', 'jane@example.gc.ca'],
      polls: [poll({ multiple: true, anonymous: true, results: 'hidden', closes: '20m' })],
    });
    expect(plan.timezone).toBe('America/Toronto');
    expect(plan.repeat).toBe('0 20 * 9-12,1-5 4#3');
    expect(plan.remindersMs).toEqual([86_400_000, 900_000]);
    expect(plan.polls[0]).toMatchObject({ multiple: 4, anonymous: true, results: 'hidden', closesMs: 1_200_000 });
    expect(plan.host).toEqual({ name: 'Jane Doe', title: { en: 'Deputy Minister', fr: 'Sous-ministre' } });
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    const label = '🙂'.repeat(75);
    expect(
      planOf({ ...minimal(), polls: [poll({ options: [{ en: label, fr: label }, option('B')] })] }).polls[0]?.options[0]
        ?.en,
    ).toBe(label);
  });
});

describe('validatePlan: problems', () => {
  it('suggests the closest known key for a misspelt one, at the key', () => {
    const { doc, lineOf } = documentOf({ ...minimal(), qestions: [] });
    const result = validatePlan(doc, validCron);
    expect(result.ok).toBe(false);
    const [problem] = result.ok ? [] : result.problems;
    expect(problem).toMatchObject({
      code: 'unknown_key',
      vars: { key: 'qestions', suggestion: 'questions' },
      file: 'plans/sample.yaml',
    });
    expect(problem?.line).toBe(lineOf(['qestions'], 'key'));
  });

  it('lists the keys allowed when nothing is close', () => {
    const [problem] = problemsOf({ ...minimal(), polls: [poll({ colour: 'blue' })] });
    expect(problem).toMatchObject({ code: 'unknown_key_no_match', vars: { key: 'colour' } });
    expect(String(problem?.vars.known)).toContain('anonymous');
  });

  it('reports a text missing one of the languages, at that text', () => {
    const { doc, lineOf } = documentOf({ ...minimal(), questions: [q('One'), { text: { en: 'Two' } }] });
    const result = validatePlan(doc, validCron);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'text_missing_language',
      vars: { field: 'questions[2].text', lang: 'fr' },
    });
    expect(problems[0]?.line).toBe(lineOf(['questions', 1, 'text']));
  });

  it('reports every problem of a document, sorted by position', () => {
    const { doc } = documentOf({
      ...minimal(),
      duration: '2h',
      hashtag: 'LeadersGC',
      evaluation: 'forms.example',
      polls: [poll({ results: 'later' })],
    });
    const result = validatePlan(doc, validCron);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.code).sort()).toEqual(['hashtag_format', 'results_value', 'url_invalid']);
    const positions = problems.map((p) => p.line);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('refuses offsets outside the chat or out of order, without cascading', () => {
    expect(problemsOf({ ...minimal(), questions: [q('1', '1', '5m'), q('2', '2', '60m')] })).toMatchObject([
      { code: 'question_at_outside', vars: { number: 2, value: '60m', duration: '60m' } },
    ]);
    expect(codes({ ...minimal(), questions: [q('1', '1', '20m'), q('2', '2', '10m'), q('3', '3', '30m')] })).toEqual([
      'question_at_order',
    ]);
    expect(codes({ ...minimal(), questions: [q('1', '1', '20m'), q('2', '2', '20m')] })).toEqual(['question_at_order']);
    expect(codes({ ...minimal(), polls: [poll({ at: '60m' })] })).toEqual(['poll_at_outside']);
    expect(codes({ ...minimal(), polls: [poll({ closes: '61m' })] })).toEqual(['poll_closes_outside']);
    expect(codes({ ...minimal(), polls: [poll({ at: '30m', closes: '30m' })] })).toEqual(['poll_closes_before_at']);
    expect(planOf({ ...minimal(), polls: [poll({ closes: '60m' })] }).polls[0]?.closesMs).toBe(3_600_000);
    expect(codes({ ...minimal(), polls: [poll({ at: undefined })] })).toEqual(['missing_key']);
  });

  it('enforces the duration range 5m..8h', () => {
    expect(codes({ ...minimal(), duration: '4m59s' })).toEqual(['duration_range']);
    expect(codes({ ...minimal(), duration: '8h1m' })).toEqual(['duration_range']);
    expect(codes({ ...minimal(), duration: 60 })).toEqual(['duration_format']);
    expect(planOf({ ...minimal(), duration: '5m' }).durationMs).toBe(300_000);
    expect(planOf({ ...minimal(), duration: '8h' }).durationMs).toBe(28_800_000);
    expect(codes({ ...minimal(), duration: undefined })).toEqual(['missing_key']);
  });

  it('enforces the counts: 1..50 questions, 0..20 polls, 2..10 options, multiple within the options', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => q(`Q${i}`));
    expect(codes({ ...minimal(), questions: [] })).toEqual(['questions_count']);
    expect(codes({ ...minimal(), questions: many(51) })).toEqual(['questions_count']);
    expect(planOf({ ...minimal(), questions: many(50) }).questions).toHaveLength(50);
    expect(codes({ ...minimal(), polls: Array.from({ length: 21 }, () => poll()) })).toEqual(['polls_count']);
    expect(planOf({ ...minimal(), polls: Array.from({ length: 20 }, () => poll()) }).polls).toHaveLength(20);
    expect(codes({ ...minimal(), polls: [poll({ options: [option('A')] })] })).toEqual(['options_count']);
    expect(
      codes({ ...minimal(), polls: [poll({ options: Array.from({ length: 11 }, (_, i) => option(`O${i}`)) })] }),
    ).toEqual(['options_count']);
    expect(problemsOf({ ...minimal(), polls: [poll({ multiple: 5 })] })).toMatchObject([
      { code: 'multiple_range', vars: { number: 1, value: '5', max: 4 } },
    ]);
    expect(codes({ ...minimal(), polls: [poll({ multiple: 0 })] })).toEqual(['multiple_range']);
    expect(codes({ ...minimal(), polls: [poll({ multiple: 1.5 })] })).toEqual(['multiple_range']);
    expect(planOf({ ...minimal(), polls: [poll({ multiple: 4 })] }).polls[0]?.multiple).toBe(4);
  });

  it('refuses texts longer than the platforms show, naming the language', () => {
    const long = (n: number) => 'x'.repeat(n);
    expect(planOf({ ...minimal(), questions: [q(long(2900), long(2900))] }).questions).toHaveLength(1);
    expect(problemsOf({ ...minimal(), questions: [q('ok', long(2901))] })).toMatchObject([
      { code: 'text_too_long', vars: { lang: 'fr', length: 2901, max: 2900 } },
    ]);
    expect(codes({ ...minimal(), title: { en: long(151), fr: 'Titre' } })).toEqual(['text_too_long']);
    expect(codes({ ...minimal(), polls: [poll({ options: [{ en: long(76), fr: 'A' }, option('B')] })] })).toEqual([
      'text_too_long',
    ]);
    expect(codes({ ...minimal(), polls: [poll({ question: { en: long(2901), fr: 'Q' } })] })).toEqual([
      'text_too_long',
    ]);
    expect(codes({ ...minimal(), questions: [q('One', '  ')] })).toEqual(['text_empty']);
  });

  it('checks ids: pattern, and a file name that cannot serve as one', () => {
    expect(problemsOf({ ...minimal(), id: 'Mental_Health' })).toMatchObject([
      { code: 'id_pattern', vars: { id: 'Mental_Health' } },
    ]);
    expect(codes({ ...minimal(), id: 'x'.repeat(65) })).toEqual(['id_pattern']);
    const result = validate(minimal(), 'chats/My Plan.yaml');
    expect(result.ok ? [] : result.problems).toMatchObject([{ code: 'id_from_file', vars: { name: 'My Plan' } }]);
    expect(idFromFileName('C:\\plans\\q3-chat.json')).toBe('q3-chat');
  });

  it('checks time zones, start and repeat', () => {
    expect(problemsOf({ ...minimal(), timezone: 'America/Torontoo', repeat: '0 20 * * 4' })).toMatchObject([
      { code: 'timezone_invalid', vars: { value: 'America/Torontoo' } },
    ]);
    expect(codes({ ...minimal(), repeat: '0 20 * * 4' })).toEqual(['timezone_missing']);
    expect(codes({ ...minimal(), timezone: 'America/Toronto', start: '2026-12-17T20:00' })).toEqual(['start_format']);
    expect(codes({ ...minimal(), timezone: 'America/Toronto', start: '2026-02-30 20:00' })).toEqual([
      'start_not_a_date',
    ]);
    expect(codes({ ...minimal(), timezone: 'America/Toronto', start: '2026-12-17 24:00' })).toEqual([
      'start_not_a_date',
    ]);
    expect(codes({ ...minimal(), timezone: 'America/Toronto', start: '2026-03-08 02:30' })).toEqual([
      'start_skipped_time',
    ]);
    expect(planOf({ ...minimal(), timezone: 'America/Toronto', start: '2026-11-01 01:30' }).start).toBe(
      '2026-11-01 01:30',
    );
    expect(codes({ ...minimal(), timezone: 'UTC', start: '2026-12-17 20:00', repeat: '0 20 * * 4' })).toEqual([
      'start_and_repeat',
    ]);
    expect(problemsOf({ ...minimal(), timezone: 'UTC', repeat: '0 0 20 * * 4' })).toMatchObject([
      { code: 'cron_fields', vars: { count: 6 } },
    ]);
    expect(codes({ ...minimal(), timezone: 'UTC', repeat: '0 0 31 2 *' })).toEqual(['cron_invalid']);
  });

  it('checks reminders', () => {
    const scheduled = { ...minimal(), timezone: 'UTC', repeat: '0 20 * * 4' };
    expect(codes({ ...minimal(), reminders: ['1d'] })).toEqual(['reminders_without_schedule']);
    expect(planOf({ ...minimal(), reminders: [] }).remindersMs).toEqual([]);
    expect(codes({ ...scheduled, reminders: ['15m', '15m'] })).toEqual(['reminder_duplicate']);
    expect(codes({ ...scheduled, reminders: ['0s'] })).toEqual(['reminder_range']);
    expect(codes({ ...scheduled, reminders: ['31d'] })).toEqual(['reminder_range']);
    expect(problemsOf({ ...scheduled, reminders: ['soon'] })).toMatchObject([
      { code: 'duration_format', vars: { field: 'reminders[1]', value: 'soon' } },
    ]);
  });

  it('names the expected shape when a value has the wrong one', () => {
    expect(codes({ ...minimal(), questions: 'What?' })).toEqual(['expected_list']);
    expect(problemsOf({ ...minimal(), title: 'Title' })).toMatchObject([
      { code: 'expected_localized', vars: { field: 'title', example: '{ en: "…", fr: "…" }' } },
    ]);
    expect(codes({ ...minimal(), polls: [poll({ anonymous: 'yes' })] })).toEqual(['expected_boolean']);
    expect(codes({ ...minimal(), host: 'Jane' })).toEqual(['expected_mapping']);
    expect(codes({ ...minimal(), host: { title: { en: 'DM', fr: 'SM' } } })).toEqual(['missing_key']);
    expect(codes({ ...minimal(), organizers: ['U1', 42] })).toEqual(['expected_text']);
    expect(codes({ ...minimal(), languages: ['en', 'de'] })).toEqual(['language_unknown']);
    expect(codes({ ...minimal(), languages: ['en', 'en'] })).toEqual(['language_duplicate']);
    expect(codes({ ...minimal(), languages: [] })).toEqual(['languages_empty']);
    expect(codes(['not', 'a', 'plan'])).toEqual(['plan_not_mapping']);
    expect(codes(null)).toEqual(['plan_not_mapping']);
  });
});
