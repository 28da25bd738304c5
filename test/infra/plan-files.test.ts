import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatProblem,
  loadPlanFile,
  loadPlanFolder,
  parsePlanText,
  problemMessage,
  problemTranslator,
} from '../../src/infra/plan-files.js';
import type { PlanFile } from '../../src/infra/plan-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const plan = (id: string, extra = '') => `id: ${id}
title: { en: "Title", fr: "Titre" }
duration: 45m
questions:
  - text: { en: "One?", fr: "Une ?" }
${extra}`;

function codesAt(f: PlanFile) {
  return f.problems.map((p) => `${p.line}:${p.column} ${p.code}`);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'roundtable-plans-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parsePlanText: problems point at the line and column where the fix goes', () => {
  it('locates unknown keys at the key, missing texts at the text, bad values at the value', () => {
    const text = `title: { en: "Title", fr: "Titre" }
duration: 60m
polls:
  - question: { en: "Which?" }
    options:
      - { en: "A", fr: "A" }
      - { en: "B", fr: "B" }
    at: 10m
    closes: 5m
    anonymus: true
questions:
  - text: { en: "One", fr: "Une" }
`;
    const f = parsePlanText('chats/p.yaml', text);
    expect(f.plan).toBeUndefined();
    expect(codesAt(f)).toEqual(['4:15 text_missing_language', '9:13 poll_closes_before_at', '10:5 unknown_key']);
    expect(f.problems[2]?.vars).toEqual({ key: 'anonymus', suggestion: 'anonymous' });
  });

  it('reports YAML syntax errors with their position and the parser message', () => {
    const f = parsePlanText('chats/broken.yaml', 'title: { en: "T", fr: "T" }\nquestions: [\n  - text\n');
    expect(f.problems.length).toBeGreaterThan(0);
    expect(f.problems[0]).toMatchObject({ code: 'yaml_syntax', file: 'chats/broken.yaml' });
    expect(f.problems[0]?.line).toBeGreaterThanOrEqual(2);
    expect(String(f.problems[0]?.vars.message)).not.toBe('');
  });

  it('refuses a key written twice, at the second one', () => {
    const f = parsePlanText('chats/twice.yaml', plan('twice', 'duration: 60m\n'));
    expect(codesAt(f)).toEqual(['6:1 yaml_syntax']);
  });

  it('reads JSON with positions too', () => {
    const json =
      '{\n  "id": "json-plan",\n  "title": { "en": "T", "fr": "T" },\n  "duration": "2h",\n  "questions": [ { "text": { "en": "Q", "fr": "Q" }, "at": "3h" } ]\n}\n';
    const f = parsePlanText('chats/plan.json', json);
    expect(codesAt(f)).toEqual(['5:60 question_at_outside']);
    expect(parsePlanText('chats/ok.json', json.replace('"3h"', '"1h"')).plan?.questions[0]?.atMs).toBe(3_600_000);
  });

  it('treats an empty file as a plan with nothing in it', () => {
    expect(codesAt(parsePlanText('chats/empty.yaml', ''))).toEqual(['1:1 plan_not_mapping']);
  });

  it('gives each file its id, from the id key or the file name', () => {
    expect(parsePlanText('chats/from-name.yaml', plan('x').replace('id: x\n', '')).plan?.id).toBe('from-name');
    expect(parsePlanText('chats/ignored.yaml', plan('given')).plan?.id).toBe('given');
    expect(parsePlanText('chats/bad.yaml', plan('given', 'colour: red\n')).id).toBe('given');
  });
});

describe('problem sentences', () => {
  const broken = [
    plan('Bad_Id', 'languages: [en, de]\nhashtag: nope\nevaluation: ftp://x\nreminders: [1d]\n'),
    plan('p', 'timezone: Nowhere/Land\nrepeat: "0 20 * *"\nstart: "2026-02-30 20:00"\n'),
    plan(
      'p',
      'polls:\n  - question: { en: Q, fr: Q }\n    options: [{ en: A, fr: A }]\n    multiple: 3\n    results: soon\n    at: 50m\n',
    ),
    'title: T\nduration: 9h\nquestions: x\n',
  ];

  it('are complete in English and French for every problem of broken plans (no {{value}} left)', () => {
    const problems = broken.flatMap((text, i) => parsePlanText(`chats/b${i}.yaml`, text).problems);
    expect(new Set(problems.map((p) => p.code)).size).toBeGreaterThanOrEqual(12);
    for (const t of [problemTranslator('en'), problemTranslator('fr')]) {
      for (const p of problems) expect(problemMessage(p, t)).not.toMatch(/\{\{|\}\}|undefined/);
    }
  });

  it('print as file:line:column, two spaces, the English sentence', () => {
    const [problem] = parsePlanText('chats/p.yaml', plan('p', 'colour: red\n')).problems;
    expect(problem && formatProblem(problem)).toBe(
      'chats/p.yaml:6:1  Unknown key “colour”: remove it. Keys allowed here: id, title, languages, channel, timezone, start, repeat, duration, hashtag, host, organizers, welcome, closing, evaluation, reminders, questions, polls.',
    );
    expect(problem && problemMessage(problem, problemTranslator('fr'))).toMatch(
      /^Clé inconnue «\u00a0colour\u00a0»\u00a0: supprimez-la/,
    );
  });
});

describe('loadPlanFolder', () => {
  it('reads .yaml, .yml and .json files of the folder only, sorted by name', async () => {
    await writeFile(path.join(dir, 'b.yml'), plan('b'));
    await writeFile(path.join(dir, 'a.yaml'), plan('a'));
    await writeFile(
      path.join(dir, 'c.json'),
      JSON.stringify({ title: { en: 'T', fr: 'T' }, duration: '5m', questions: [{ text: { en: 'Q', fr: 'Q' } }] }),
    );
    await writeFile(path.join(dir, 'notes.txt'), 'not a plan');
    await writeFile(path.join(dir, '.hidden.yaml'), 'colour: red');
    await mkdir(path.join(dir, 'archive'));
    await writeFile(path.join(dir, 'archive', 'old.yaml'), plan('old'));
    const files = await loadPlanFolder(dir);
    expect(files.map((f) => [path.basename(f.file), f.id, f.plan !== undefined])).toEqual([
      ['a.yaml', 'a', true],
      ['b.yml', 'b', true],
      ['c.json', 'c', true],
    ]);
  });

  it('refuses every plan of an id used twice, naming the other file, at the id', async () => {
    await writeFile(path.join(dir, 'one.yaml'), plan('same'));
    await writeFile(path.join(dir, 'two.yaml'), plan('same'));
    await writeFile(path.join(dir, 'three.yaml'), plan('other'));
    const files = await loadPlanFolder(dir);
    const byName = Object.fromEntries(files.map((f) => [path.basename(f.file), f]));
    expect(byName['three.yaml']?.plan?.id).toBe('other');
    expect(byName['one.yaml']?.plan).toBeUndefined();
    expect(byName['one.yaml']?.problems).toMatchObject([
      { code: 'duplicate_id', line: 1, column: 5, vars: { id: 'same', other: path.join(dir, 'two.yaml') } },
    ]);
    expect(byName['two.yaml']?.problems).toMatchObject([
      { code: 'duplicate_id', vars: { other: path.join(dir, 'one.yaml') } },
    ]);
  });

  it('reports an unreadable file as a problem of that file', async () => {
    const f = await loadPlanFile(path.join(dir, 'missing.yaml'));
    expect(f.problems).toMatchObject([{ code: 'file_unreadable', line: 1, column: 1 }]);
  });
});

describe('the example plans in chats/', () => {
  it('are valid and shaped as documented', async () => {
    const files = await loadPlanFolder(path.join(root, 'chats'));
    const byId = Object.fromEntries(files.map((f) => [f.id, f]));
    expect(files.flatMap((f) => f.problems.map((p) => formatProblem(p)))).toEqual([]);

    const monthly = byId['leadersgc-monthly']?.plan;
    expect(monthly).toMatchObject({
      repeat: '0 20 * 9-12,1-5 4#3',
      timezone: 'America/Toronto',
      durationMs: 3_600_000,
      hashtag: '#LeadersGC',
      remindersMs: [86_400_000, 900_000],
    });
    expect(monthly?.questions).toHaveLength(8);
    expect(monthly?.polls).toHaveLength(2);
    expect(monthly?.host?.name).toBeTruthy();
    expect(monthly?.evaluation).toMatch(/^https:\/\//);

    const mini = byId['mini-discussion']?.plan;
    expect(mini).toMatchObject({ repeat: '0 12 * * 4L', durationMs: 2_700_000 });
    expect(mini?.questions).toHaveLength(3);
    expect(mini?.polls.map((p) => p.results)).toContain('hidden');
  });

  it('write French with its typography: non-breaking spaces before ; : ! ? and inside « »', async () => {
    for (const f of await loadPlanFolder(path.join(root, 'chats'))) {
      const p = f.plan;
      const french = [
        p?.title,
        p?.welcome,
        p?.closing,
        ...(p?.questions.map((x) => x.text) ?? []),
        ...(p?.polls.flatMap((x) => [x.question, ...x.options]) ?? []),
      ]
        .map((t) => t?.fr)
        .filter((t): t is string => t !== undefined);
      expect(french.length).toBeGreaterThan(5);
      for (const text of french) {
        expect({ text, bad: text.match(/[ \t][;:!?»]|«[^\u00a0]|[^\u00a0»][;!?]/g) }).toEqual({ text, bad: null });
        expect(text).not.toMatch(/'/);
      }
    }
  });
});
