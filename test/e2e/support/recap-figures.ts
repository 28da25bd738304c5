/**
 * The figures of a recap, as a reader finds them in the text of one language, whatever the
 * platform that shows it: the totals, each question's answer count and each poll's votes per
 * option. The platforms differ in how they mark a title and in what frames a language's
 * lines; the counts under the titles read the same.
 */

/** The figures of one language of the recap, or the crowd's own count of them. */
export interface RecapFigures {
  participants: number;
  answers: number;
  perQuestion: Map<number, number>;
  /** Votes per option, in option order, by poll number. */
  pollCounts: Map<number, number[]>;
}

/** How a platform's recap text marks the title of a question and of a poll (group 1: its number). */
export interface RecapTitles {
  question: RegExp;
  poll: RegExp;
}

const COUNTS = {
  en: { answers: /^(\d+) answers?$/, row: /^.+: [▓░]+ \d+% \((\d+) votes?\)$/ },
  fr: { answers: /^(\d+) réponses?$/, row: /^.+\u00a0: [▓░]+ \d+\u00a0% \((\d+) votes?\)$/ },
} as const;

/**
 * Reads the figures of `lang` from the recap: the totals from its matched participation line
 * (group 1: participants, group 2: answers), the rest from its `lines`, in reading order. A
 * question's answer count is the first count under its title; a poll's votes are the rows
 * under its title.
 */
export function readRecapFigures(
  lang: 'en' | 'fr',
  totals: RegExpExecArray,
  lines: readonly string[],
  titles: RecapTitles,
): RecapFigures {
  const w = COUNTS[lang];
  const perQuestion = new Map<number, number>();
  const pollCounts = new Map<number, number[]>();
  let question: number | undefined;
  let poll: number | undefined;
  for (const line of lines) {
    const q = titles.question.exec(line);
    if (q) {
      question = Number(q[1]);
      continue;
    }
    const count = w.answers.exec(line);
    if (count && question !== undefined && !perQuestion.has(question)) {
      perQuestion.set(question, Number(count[1]));
      continue;
    }
    const title = titles.poll.exec(line);
    if (title) {
      poll = Number(title[1]);
      pollCounts.set(poll, []);
      continue;
    }
    const row = w.row.exec(line);
    if (row && poll !== undefined) pollCounts.get(poll)!.push(Number(row[1]));
  }
  return { participants: Number(totals[1]), answers: Number(totals[2]), perQuestion, pollCounts };
}
