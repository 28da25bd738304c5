import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PLAN_PROBLEM_CODES } from '../../../src/core/plan/plan-problem.js';

const load = (lang: string): Record<string, string> => JSON.parse(readFileSync(new URL(`../../../locales/${lang}/plan.json`, import.meta.url), 'utf8'));
const en = load('en');
const fr = load('fr');
const varsOf = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('plan problem texts (locales/*/plan.json)', () => {
  it('have a sentence for every problem code, in both languages, and nothing else', () => {
    expect(Object.keys(en).sort()).toEqual([...PLAN_PROBLEM_CODES].sort());
    expect(Object.keys(fr).sort()).toEqual([...PLAN_PROBLEM_CODES].sort());
  });

  it.each(PLAN_PROBLEM_CODES)('%s interpolates the same values in English and French', (code) => {
    expect(varsOf(fr[code] ?? '')).toEqual(varsOf(en[code] ?? ''));
  });

  it.each(PLAN_PROBLEM_CODES)('%s says how to fix it (a sentence with an instruction after the colon)', (code) => {
    expect(en[code]).toMatch(/: .+/);
    expect(fr[code]).toMatch(/\u00a0: .+/);
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
