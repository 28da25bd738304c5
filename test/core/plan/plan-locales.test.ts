import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PLAN_PROBLEM_CODES } from '../../../src/core/plan/plan-problem.js';

const load = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../locales/${lang}/plan.json`, import.meta.url), 'utf8'));
const en = load('en');
const fr = load('fr');
const varsOf = (texts: string[]) =>
  [...new Set(texts.flatMap((text) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])))].sort();
/** A problem with a number has plural forms (`options_count_one`, `_other`): the code is the key without them. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const codesOf = (texts: Record<string, string>) =>
  [...new Set(Object.keys(texts).map((k) => k.replace(PLURAL, '')))].sort();
const formsOf = (texts: Record<string, string>, code: string) =>
  Object.entries(texts)
    .filter(([k]) => k.replace(PLURAL, '') === code)
    .map(([, v]) => v);

describe('plan problem texts (locales/*/plan.json)', () => {
  it('have a sentence for every problem code, in both languages, and nothing else', () => {
    expect(codesOf(en)).toEqual([...PLAN_PROBLEM_CODES].sort());
    expect(codesOf(fr)).toEqual([...PLAN_PROBLEM_CODES].sort());
  });

  it.each(PLAN_PROBLEM_CODES)('%s interpolates the same values in English and French', (code) => {
    expect(varsOf(formsOf(fr, code))).toEqual(varsOf(formsOf(en, code)));
  });

  it.each(PLAN_PROBLEM_CODES)('%s says how to fix it (a sentence with an instruction after the colon)', (code) => {
    for (const text of formsOf(en, code)) expect(text).toMatch(/: .+/);
    for (const text of formsOf(fr, code)) expect(text).toMatch(/\u00a0: .+/);
    expect(formsOf(en, code).length).toBeGreaterThan(0);
  });

  it('follow French typography: a non-breaking space before ; : ! ? and inside « »', () => {
    for (const [code, text] of Object.entries(fr)) {
      expect({ code, bad: text.match(/[ \t][;:!?»]/g) }).toEqual({ code, bad: null });
      expect({ code, bad: text.match(/[^\u00a0][;!?]/g) }).toEqual({ code, bad: null });
      expect({ code, bad: text.match(/«[^\u00a0]/g) }).toEqual({ code, bad: null });
      expect({ code, bad: text.match(/[^\u00a0]»/g) }).toEqual({ code, bad: null });
    }
  });
});
