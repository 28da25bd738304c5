/**
 * The figures a person reads in the recap the bot posted in Teams (its cards' text, both
 * languages): participants and answers, each question's answer count, each poll's votes
 * per option. Parsed from what is shown, so the check covers rendering too.
 */
import { readRecapFigures, type RecapFigures } from './recap-figures.js';

const WORDS = {
  en: { figures: /Participation: (\d+) participants?, (\d+) answers? in all\./, poll: /^Poll (\d+): / },
  fr: { figures: /Participation\u00a0: (\d+) personnes?, (\d+) réponses? en tout\./, poll: /^Sondage (\d+)\u00a0: / },
} as const;

/** A question's title in the cards' markdown: `**Q3** …`. */
const QUESTION_TITLE = /^\*\*Q(\d+)\*\* /;

/** Reads the figures of the `lang` section from the recap's text (every card, in order). */
export function readRecap(text: string, lang: 'en' | 'fr'): RecapFigures {
  const w = WORDS[lang];
  const figures = w.figures.exec(text);
  if (!figures) throw new Error(`No ${lang} participation line in the recap:\n${text.slice(0, 2000)}`);
  return readRecapFigures(lang, figures, sectionLines(text.split('\n'), w.figures), {
    question: QUESTION_TITLE,
    poll: w.poll,
  });
}

/** The lines of a language section: after its participation line, up to the next one (where the next section begins). */
function sectionLines(lines: readonly string[], participation: RegExp): string[] {
  const start = lines.findIndex((line) => participation.test(line));
  const next = lines.findIndex((line, i) => i > start && participation.test(line));
  return lines.slice(start + 1, next === -1 ? undefined : next);
}
