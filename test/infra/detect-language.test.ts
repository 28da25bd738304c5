/**
 * The language detector against the labelled answers of test/fixtures/language: the accuracy
 * floor the issue sets (97 % right on answers of four words or more, undetermined only below),
 * and the figures it gives a recap.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage, languageByFunctionWords, MIN_WORDS } from '../../src/infra/detect-language.js';
import { buildRecap } from '../../src/core/engine/build-recap.js';
import { labelledAnswers, MIN_WORDS_TO_CLASS, wordCount } from '../support/labelled-answers.js';
import { loadFixture } from '../fixtures/exports/load-fixture.js';

const answers = labelledAnswers();
const long = answers.filter((a) => wordCount(a.text) >= MIN_WORDS_TO_CLASS);

describe('the labelled set', () => {
  it('holds at least 300 answers, in both languages, most of them of four words or more', () => {
    expect(answers.length).toBeGreaterThanOrEqual(300);
    expect(answers.filter((a) => a.lang === 'en').length).toBeGreaterThanOrEqual(150);
    expect(answers.filter((a) => a.lang === 'fr').length).toBeGreaterThanOrEqual(150);
    expect(long.length).toBeGreaterThanOrEqual(300);
    expect(MIN_WORDS).toBe(MIN_WORDS_TO_CLASS);
  });
});

describe('detectLanguage on the labelled set', () => {
  it('gets at least 97 % of the answers of four words or more right', () => {
    const wrong = long.filter((a) => detectLanguage(a.text) !== a.lang);
    expect(wrong.length / long.length, wrong.map((a) => `${a.lang}: ${a.text}`).join('\n')).toBeLessThanOrEqual(0.03);
  });

  it('says undetermined only for answers under four words', () => {
    const undetermined = answers.filter((a) => detectLanguage(a.text) === 'unknown');
    expect(undetermined.filter((a) => wordCount(a.text) >= MIN_WORDS_TO_CLASS).map((a) => a.text)).toEqual([]);
  });

  it('never lets the function words decide against the label', () => {
    const wrong = answers.filter((a) => {
      const guess = languageByFunctionWords(a.text.match(/\p{L}[\p{L}\p{M}’'-]*/gu) ?? []);
      return guess !== undefined && guess !== a.lang;
    });
    expect(wrong.map((a) => a.text)).toEqual([]);
  });

  it('classes the answers the issue reported', () => {
    expect(detectLanguage('Also: we blog our sprint notes.')).toBe('en');
    expect(detectLanguage('On publie nos notes de sprint sur GCcollab.')).toBe('fr');
  });
});

describe('the share of answers in a recap', () => {
  it('is half and half for three English and three French answers', () => {
    const base = loadFixture('circuit-talks');
    const texts = [
      'Also: we blog our sprint notes.',
      'Regular check-ins where people can say how they really are.',
      'Honest feedback in both directions, without fear of reprisal.',
      'Des rencontres chaque semaine avec ma gestionnaire.',
      'La confiance, et le droit de dire je ne sais pas.',
      'On affiche les priorités de l’équipe sur le wiki.',
    ];
    const six = texts.map((text, i) => ({ ...base.answers[0]!, id: `six${i}`, text }));
    const recap = buildRecap({ ...base, answers: six, detectLanguage });
    expect(recap.languageShare).toEqual({ en: 3, fr: 3, unknown: 0 });
  });
});
