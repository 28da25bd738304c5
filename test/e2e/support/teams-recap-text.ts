/**
 * The figures a person reads in the recap the bot posted in Teams (its cards' text, both
 * languages): participants and answers, each question's answer count, each poll's votes
 * per option. Parsed from what is shown, so the check covers rendering too.
 */

/** The figures of one language section of the recap. */
export interface RecapFigures {
  participants: number;
  answers: number;
  perQuestion: Map<number, number>;
  /** Votes per option, in option order, by poll number. */
  pollCounts: Map<number, number[]>;
}

const WORDS = {
  en: { figures: /Participation: (\d+) participants?, (\d+) answers? in all\./, answers: /^(\d+) answers?$/, poll: /^Poll (\d+): /, row: /^.+: [▓░]+ \d+% \((\d+) votes?\)$/ },
  fr: { figures: /Participation\u00a0: (\d+) personnes?, (\d+) réponses? en tout\./, answers: /^(\d+) réponses?$/, poll: /^Sondage (\d+)\u00a0: /, row: /^.+\u00a0: [▓░]+ \d+\u00a0% \((\d+) votes?\)$/ },
} as const;

/** Reads the figures of the `lang` section from the recap's text (every card, in order). */
export function readRecap(text: string, lang: 'en' | 'fr'): RecapFigures {
  const w = WORDS[lang];
  const figures = w.figures.exec(text);
  if (!figures) throw new Error(`No ${lang} participation line in the recap:\n${text.slice(0, 2000)}`);
  const lines = text.split('\n');
  const perQuestion = new Map<number, number>();
  const pollCounts = new Map<number, number[]>();
  let question: number | undefined;
  let poll: number | undefined;
  let seenFigures = false;
  for (const line of lines) {
    if (w.figures.test(line)) {
      if (seenFigures) break; // the next language section begins
      seenFigures = true;
      continue;
    }
    if (!seenFigures) continue;
    const q = /^\*\*Q(\d+)\*\* /.exec(line);
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
