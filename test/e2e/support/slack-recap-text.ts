/**
 * The figures a person reads in the recap the bot posted in Slack: the post and the pages
 * that continue it in its thread, block by block, each language under its own header.
 * Parsed from what is shown (mrkdwn), so the check covers rendering and paging too.
 */
import type { StoredMessage } from '../../support/slack/standin-types.js';

/** The figures of one language of the recap. */
export interface SlackRecapFigures {
  participants: number;
  answers: number;
  perQuestion: Map<number, number>;
  /** Votes per option, in option order, by poll number. */
  pollCounts: Map<number, number[]>;
}

const WORDS = {
  en: { header: /^Recap: /, figures: /^Participation: (\d+) participants?, (\d+) answers? in all\.$/, answers: /^(\d+) answers?$/, poll: /^\*Poll (\d+): /, row: /^.+: [▓░]+ \d+% \((\d+) votes?\)$/ },
  fr: { header: /^Bilan\u00a0: /, figures: /^Participation\u00a0: (\d+) personnes?, (\d+) réponses? en tout\.$/, answers: /^(\d+) réponses?$/, poll: /^\*Sondage (\d+)\u00a0: /, row: /^.+\u00a0: [▓░]+ \d+\u00a0% \((\d+) votes?\)$/ },
} as const;

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
export function readSlackRecap(pages: readonly StoredMessage[], lang: 'en' | 'fr'): SlackRecapFigures {
  const w = WORDS[lang];
  const lines = recapLines(pages)[lang];
  const figures = lines.map((l) => w.figures.exec(l)).find(Boolean);
  if (!figures) throw new Error(`No ${lang} participation line in the recap:\n${lines.slice(0, 20).join('\n')}`);
  const perQuestion = new Map<number, number>();
  const pollCounts = new Map<number, number[]>();
  let question: number | undefined;
  let poll: number | undefined;
  for (const line of lines) {
    const q = /^\*Q(\d+)\* /.exec(line);
    if (q) {
      question = Number(q[1]);
      continue;
    }
    const count = w.answers.exec(line);
    if (count && question !== undefined && !perQuestion.has(question)) {
      perQuestion.set(question, Number(count[1]));
      continue;
    }
    const title = w.poll.exec(line);
    if (title) {
      poll = Number(title[1]);
      pollCounts.set(poll, []);
      continue;
    }
    const row = w.row.exec(line);
    if (row && poll !== undefined) pollCounts.get(poll)!.push(Number(row[1]));
  }
  return { participants: Number(figures[1]), answers: Number(figures[2]), perQuestion, pollCounts };
}
