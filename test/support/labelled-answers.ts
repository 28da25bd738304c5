/**
 * The labelled set of chat answers (test/fixtures/language/answers-<lang>.txt): short
 * answers as public servants type them, one a line, each with the language it is written
 * in. The language detector is chosen and tested on it (bench/language.bench.ts,
 * test/infra/detect-language.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One answer and the language it is written in. */
export interface LabelledAnswer {
  lang: 'en' | 'fr';
  text: string;
}

/** Answers with fewer words than this may come back undetermined; longer ones must be classed. */
export const MIN_WORDS_TO_CLASS = 4;

const WORD = /\p{L}[\p{L}\p{M}’'-]*/gu;

/** Words of `text`: runs of letters (with inner apostrophes and hyphens). */
export function wordCount(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** Every labelled answer, English then French; lines starting with `# ` are comments. */
export function labelledAnswers(): LabelledAnswer[] {
  return (['en', 'fr'] as const).flatMap((lang) => {
    const file = fileURLToPath(new URL(`../fixtures/language/answers-${lang}.txt`, import.meta.url));
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('# '))
      .map((text) => ({ lang, text }));
  });
}
