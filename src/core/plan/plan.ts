/**
 * The chat plan: what an organizer writes (one YAML or JSON file per chat) once it has
 * been validated and normalized. Offsets and durations are milliseconds of plan time.
 */

/** A language Roundtable speaks. */
export type Lang = 'en' | 'fr';

/** Every language Roundtable supports, in its default display order. */
export const LANGS: readonly Lang[] = ['en', 'fr'];

/** A text in each of the plan's languages (validation guarantees every plan language is present). */
export type Localized = Partial<Record<Lang, string>>;

/** The guest host shown on the chat. */
export interface Host {
  name: string;
  title?: Localized;
}

/** A numbered question, asked at `atMs` after the start. */
export interface PlanQuestion {
  text: Localized;
  atMs: number;
}

/** A poll: opens at `atMs`, closes at `closesMs` (default: the end of the chat). */
export interface PlanPoll {
  question: Localized;
  options: Localized[];
  atMs: number;
  closesMs: number;
  /** How many options one person may pick: 1 for a single-choice poll. */
  multiple: number;
  anonymous: boolean;
  results: 'live' | 'hidden';
}

/** A validated, normalized chat plan. */
export interface Plan {
  id: string;
  title: Localized;
  /** Display order; at least one. */
  languages: Lang[];
  channel?: string;
  timezone: string;
  /** One-off start, local time in `timezone`, `YYYY-MM-DD HH:mm`. */
  start?: string;
  /** Recurring start: 5-field cron in `timezone`. */
  repeat?: string;
  durationMs: number;
  hashtag?: string;
  host?: Host;
  organizers: string[];
  welcome?: Localized;
  closing?: Localized;
  evaluation?: string;
  /** Announcements before a scheduled start, as offsets before it. */
  remindersMs: number[];
  questions: PlanQuestion[];
  polls: PlanPoll[];
}
