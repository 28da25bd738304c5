/**
 * Language detectors compared on the labelled answers (`npx tsx bench/language.bench.ts`):
 * each candidate from npm, restricted to English and French where it allows it, classes
 * every answer of test/fixtures/language; the table gives how many answers of four words
 * or more each gets right, wrong or undetermined, how it does on shorter ones, and its
 * time per answer. The winner is what src/infra/detect-language.ts uses (docs/PERFORMANCE.md).
 */
import { cpus } from 'node:os';
import { francAll } from 'franc-min';
import { eld as eldExtraSmall } from 'eld/extrasmall';
import { eld as eldSmall } from 'eld/small';
import { eld as eldLarge } from 'eld/large';
import { detectAll as tinyldAll } from 'tinyld';
import { loadModule as loadCld3 } from 'cld3-asm';
import { detectLanguage, languageByFunctionWords } from '../src/infra/detect-language.js';
import { labelledAnswers, MIN_WORDS_TO_CLASS, wordCount } from '../test/support/labelled-answers.js';

type Guess = 'en' | 'fr' | 'unknown';
type Detector = (text: string) => Guess;

const asGuess = (code: string | undefined): Guess =>
  code === 'en' || code === 'eng' ? 'en' : code === 'fr' || code === 'fra' ? 'fr' : 'unknown';

/** The franc-min rule Roundtable used before (7 candidates, 20 letters at least, a margin). */
function francBefore(text: string): Guess {
  if ((text.match(/\p{L}/gu)?.length ?? 0) < 20) return 'unknown';
  const scores = new Map(francAll(text, { only: ['eng', 'fra', 'spa', 'por', 'ita', 'deu', 'nld'], minLength: 1 }));
  const en = scores.get('eng') ?? 0;
  const fr = scores.get('fra') ?? 0;
  if (Math.max(en, fr) < 0.9 || Math.abs(en - fr) < 0.1) return 'unknown';
  return en > fr ? 'en' : 'fr';
}

for (const e of [eldExtraSmall, eldSmall, eldLarge]) e.setLanguageSubset(['en', 'fr']);
const cld3 = (await loadCld3()).create(0, 1000);

const candidates: [string, Detector][] = [
  ['franc-min 6.2, 7 languages, 20 letters, margin 0.1 (before)', francBefore],
  ['franc-min 6.2, only eng/fra', (t) => asGuess(francAll(t, { only: ['eng', 'fra'], minLength: 1 })[0]?.[0])],
  ['tinyld 1.3 (normal), only en/fr', (t) => asGuess(tinyldAll(t, { only: ['en', 'fr'] })[0]?.lang)],
  ['cld3-asm 4.0 (no subset: other languages count as undetermined)', (t) => asGuess(cld3.findLanguage(t).language)],
  ['eld 2.1 extrasmall, subset en/fr', (t) => asGuess(eldExtraSmall.detect(t).language)],
  ['eld 2.1 small, subset en/fr', (t) => asGuess(eldSmall.detect(t).language)],
  ['eld 2.1 large, subset en/fr', (t) => asGuess(eldLarge.detect(t).language)],
  [
    'function words alone (else undetermined)',
    (t) => languageByFunctionWords(t.match(/\p{L}[\p{L}\p{M}’'-]*/gu) ?? []) ?? 'unknown',
  ],
  [
    'Roundtable now (src/infra/detect-language.ts): under 4 words undetermined, function words, else eld extrasmall',
    detectLanguage,
  ],
];

const answers = labelledAnswers();
const long = answers.filter((a) => wordCount(a.text) >= MIN_WORDS_TO_CLASS);
const short = answers.filter((a) => wordCount(a.text) < MIN_WORDS_TO_CLASS);
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

/** Median µs per answer over three passes of 20,000 answers (the labelled set, repeated). */
function microsPerAnswer(detect: Detector): number {
  answers.forEach((a) => detect(a.text));
  const passes = [0, 1, 2].map(() => {
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) detect(answers[i % answers.length]!.text);
    return ((performance.now() - t0) * 1000) / 20_000;
  });
  return passes.sort((a, b) => a - b)[1]!;
}

console.log(
  `Language detectors on ${answers.length} labelled answers (${long.length} of ${MIN_WORDS_TO_CLASS} words or more, ${short.length} shorter), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`,
);
console.log(
  `| detector | right, ${MIN_WORDS_TO_CLASS}+ words | wrong | undetermined | right, shorter | µs per answer |\n|---|---:|---:|---:|---:|---:|`,
);
for (const [name, detect] of candidates) {
  const guesses = long.map((a) =>
    detect(a.text) === a.lang ? 'right' : detect(a.text) === 'unknown' ? 'unknown' : 'wrong',
  );
  const count = (g: string) => guesses.filter((x) => x === g).length;
  const shortRight = short.filter((a) => detect(a.text) === a.lang).length;
  console.log(
    `| ${name} | ${count('right')} (${pct(count('right'), long.length)}) | ${count('wrong')} | ${count('unknown')} | ${shortRight} of ${short.length} | ${microsPerAnswer(detect).toFixed(1)} |`,
  );
}
cld3.dispose();
