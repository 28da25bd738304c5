/**
 * The figures a person reads in the recap the bot posted in Slack: the post and the pages
 * that continue it in its thread, block by block, each language under its own header.
 * Parsed from what is shown (mrkdwn), so the check covers rendering and paging too.
 */
import type { StoredMessage } from '../../support/slack/standin-types.js';
import { readRecapFigures, type RecapFigures } from './recap-figures.js';

const WORDS = {
  en: {
    header: /^Recap: /,
    figures: /^Participation: (\d+) participants?, (\d+) answers? in all\.$/,
    poll: /^\*Poll (\d+): /,
  },
  fr: {
    header: /^Bilan\u00a0: /,
    figures: /^Participation\u00a0: (\d+) personnes?, (\d+) réponses? en tout\.$/,
    poll: /^\*Sondage (\d+)\u00a0: /,
  },
} as const;

/** A question's title in mrkdwn: `*Q3* …`. */
const QUESTION_TITLE = /^\*Q(\d+)\* /;

interface Block {
  type: string;
  text?: { text: string };
}

/** The lines of each language, in the order a reader meets them across the pages. */
export function recapLines(pages: readonly StoredMessage[]): Record<'en' | 'fr', string[]> {
  const lines: Record<'en' | 'fr', string[]> = { en: [], fr: [] };
  let lang: 'en' | 'fr' | undefined;
  for (const page of pages) {
    for (const block of (page.blocks ?? []) as Block[]) {
      const text = block.text?.text ?? '';
      if (block.type === 'header') {
        lang = WORDS.en.header.test(text) ? 'en' : WORDS.fr.header.test(text) ? 'fr' : lang;
        continue;
      }
      if (block.type === 'section' && lang) lines[lang].push(...text.split('\n'));
    }
  }
  return lines;
}

/** Reads the figures of `lang` from the recap's pages. */
export function readSlackRecap(pages: readonly StoredMessage[], lang: 'en' | 'fr'): RecapFigures {
  const w = WORDS[lang];
  const lines = recapLines(pages)[lang];
  const figures = lines.map((l) => w.figures.exec(l)).find(Boolean);
  if (!figures) throw new Error(`No ${lang} participation line in the recap:\n${lines.slice(0, 20).join('\n')}`);
  return readRecapFigures(lang, figures, lines, { question: QUESTION_TITLE, poll: w.poll });
}
