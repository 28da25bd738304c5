/** Recap figures: built by `build-recap.ts` from a run, its answers and ballots. */
import type { Lang, Localized } from '../plan/plan.js';
import type { Tally } from './messages.js';

/** The most-reacted answer to a question. */
export interface Highlight {
  author: string;
  text: string;
  reactions: number;
  permalink?: string;
}

/** Figures for one question. */
export interface QuestionFigures {
  number: number;
  text: Localized;
  answers: number;
  highlight?: Highlight;
}

/** Figures for one poll. */
export interface PollFigures {
  number: number;
  question: Localized;
  options: Localized[];
  tally: Tally;
  anonymous: boolean;
  /** Results hidden until the poll closes and it is still open: the tally is empty. */
  withheld?: boolean;
}

/** Everything the recap shows. */
export interface RecapData {
  runId: string;
  langs: Lang[];
  title: Localized;
  timezone: string;
  startedAt: number;
  endedAt: number;
  host?: { name: string; title?: Localized };
  hashtag?: string;
  evaluation?: string;
  participants: number;
  answers: number;
  questions: QuestionFigures[];
  polls: PollFigures[];
  /** Answers per detected language (`en`, `fr`, `unknown`). */
  languageShare?: Record<'en' | 'fr' | 'unknown', number>;
}
