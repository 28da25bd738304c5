/**
 * Guesses whether an answer is English or French. Chosen by measurement on 343 labelled chat
 * answers (bench/language.bench.ts, table in docs/PERFORMANCE.md): eld (n-grams, restricted to
 * English and French) gets every answer of four words or more right, where franc-min got 85 %;
 * its extra-small database does as well as the larger ones here, in less memory. Answers under
 * four words come back `unknown`; an answer in another language counts as the nearer of the
 * two. Most answers carry a few unmistakable function words ("the", "we" / "les", "nous");
 * those settle them alone, which keeps the language of 100,000 answers under a second, and
 * eld decides the rest.
 */
import { eld } from 'eld/extrasmall';
import type { DetectLanguage } from '../core/engine/build-recap.js';

/** Fewer words than this and the guess is `unknown`. */
export const MIN_WORDS = 4;

/** A word as people count them: letters, with inner apostrophes and hyphens (`l’équipe`, `don't`). */
const WORD = /\p{L}[\p{L}\p{M}’'-]*/gu;

/**
 * Function words of one language that are never words of the other (so not "on", "a",
 * "plus", "pour" or "me"). An elided French word counts by its elision (`l’`, `d’`, `qu’`).
 */
const ENGLISH = new Set([
  'the',
  'and',
  'of',
  'to',
  'is',
  'are',
  'was',
  'we',
  'our',
  'you',
  'your',
  'with',
  'that',
  'this',
  'it',
  'for',
  'be',
  'have',
  'has',
  'not',
  'what',
  'how',
  'who',
  'my',
  'i',
  'they',
  'their',
  'can',
  'will',
  'would',
  'should',
  'from',
  'about',
  'just',
  'more',
  'when',
]);
const FRENCH = new Set([
  'le',
  'la',
  'les',
  'des',
  'du',
  'de',
  'et',
  'est',
  'un',
  'une',
  'pas',
  'que',
  'qui',
  'nous',
  'vous',
  'avec',
  'dans',
  'ce',
  'cette',
  'sont',
  'mais',
  'très',
  'ça',
  'je',
  'au',
  'aux',
  'à',
  'il',
  'elle',
  'mon',
  'ma',
  'mes',
  'notre',
  'nos',
  'leur',
  'être',
]);

/** A French elided article or pronoun: `l’`, `d’`, `j’`, `qu’`, `c’`, `n’` before a word. */
const ELIDED = /^(?:l|d|j|qu|c|n)['’]\p{L}/u;

/** How sure the function words must be: this many for one language and none for the other. */
const CLEAR = 2;

const detector = eld.newInstance();
detector.setLanguageSubset(['en', 'fr']);

/** eld's better guess of English and French (answers in other languages count as one of them). */
function byNgrams(text: string): 'en' | 'fr' | 'unknown' {
  const guess = detector.detect(text).language;
  return guess === 'en' || guess === 'fr' ? guess : 'unknown';
}

/**
 * `en` or `fr` when the function words among `words` settle it, else `undefined`.
 *
 * @example languageByFunctionWords(['Also', 'we', 'blog', 'our', 'sprint', 'notes']); // 'en'
 */
export function languageByFunctionWords(words: readonly string[]): 'en' | 'fr' | undefined {
  let en = 0;
  let fr = 0;
  for (const word of words) {
    const w = word.toLowerCase();
    if (ELIDED.test(w)) fr++;
    else if (ENGLISH.has(w)) en++;
    else if (FRENCH.has(w)) fr++;
  }
  if (en >= CLEAR && fr === 0) return 'en';
  if (fr >= CLEAR && en === 0) return 'fr';
  return undefined;
}

/**
 * `en`, `fr` or `unknown` (fewer than four words) for one answer.
 *
 * @example
 * detectLanguage('Also: we blog our sprint notes.'); // 'en'
 * detectLanguage('Merci!'); // 'unknown' (too short)
 */
export const detectLanguage: DetectLanguage = (text) => {
  const words = text.match(WORD) ?? [];
  if (words.length < MIN_WORDS) return 'unknown';
  const settled = languageByFunctionWords(words);
  if (settled) return settled;
  return byNgrams(text);
};
