/**
 * Platform-free messages: what the bot says, as data. Adapters render them (Block Kit,
 * Adaptive Cards, HTML, console text) from the texts `compose-message.ts` builds, so a
 * sentence is written once for every platform.
 */
import type { Lang, Localized } from '../plan/plan.js';
import type { MessageRef } from './run.js';
import type { RecapData } from './recap-data.js';

/** Tally of one poll: votes per option (by position) and distinct voters. */
export interface Tally {
  counts: number[];
  voters: number;
}

/** A message of the bot. `langs` is the display order of a bilingual post. */
export type Message =
  | {
      kind: 'welcome';
      langs: Lang[];
      title: Localized;
      host?: { name: string; title?: Localized };
      hashtag?: string;
      text?: Localized;
      questions: number;
      polls: number;
      durationMin: number;
    }
  | { kind: 'reminder'; langs: Lang[]; title: Localized; startsAt: string; timezone: string; hashtag?: string }
  | { kind: 'question'; langs: Lang[]; number: number; text: Localized; hashtag?: string; extra: boolean }
  | {
      kind: 'poll';
      langs: Lang[];
      runId: string;
      number: number;
      question: Localized;
      options: Localized[];
      multiple: number;
      anonymous: boolean;
      hidden: boolean;
      closed: boolean;
      tally: Tally;
      hashtag?: string;
    }
  | { kind: 'closing'; langs: Lang[]; title: Localized; text?: Localized; hashtag?: string }
  | { kind: 'recap'; langs: Lang[]; recap: RecapData }
  | { kind: 'answer-link'; langs: Lang[]; number: number; author: string; text: string; source?: MessageRef }
  | { kind: 'notice'; langs: Lang[]; key: NoticeKey; vars?: Record<string, string | number>; vote?: VoterChoice };

/** The voter's current choice after a click, for a page that shows it on the poll's buttons. */
export interface VoterChoice {
  runId: string;
  poll: number;
  /** Chosen options (0-based); empty once the vote is withdrawn. */
  options: number[];
}

/** Keys of short notices (ephemeral replies). Each is `notice:<key>` in the locales. */
export type NoticeKey =
  | 'not-organizer'
  | 'no-run-here'
  | 'already-running'
  | 'unknown-plan'
  | 'invalid-plan'
  | 'started'
  | 'stopped'
  | 'paused'
  | 'resumed'
  | 'not-paused'
  | 'already-paused'
  | 'no-next'
  | 'question-added'
  | 'poll-added'
  | 'unknown-question'
  | 'answer-late'
  | 'change-late'
  | 'poll-closed'
  | 'poll-unknown'
  | 'vote-recorded'
  | 'vote-withdrawn'
  | 'vote-kept'
  | 'vote-none'
  | 'vote-too-many'
  | 'lang-set'
  | 'usage'
  | 'both-languages'
  | 'unknown-command'
  | 'scheduled'
  | 'unscheduled'
  | 'not-scheduled'
  | 'forgotten'
  | 'registered'
  | 'not-recorded'
  | 'status-idle'
  | 'status-running'
  | 'status-paused'
  | 'plans-list'
  | 'help'
  | 'no-recap'
  | 'export-ready'
  | 'export-link'
  | 'command-failed'
  | 'start-failed'
  | 'too-long'
  | 'empty-answer'
  | 'editor-link'
  | 'editor-needs-public-url'
  | 'plan-file-link'
  | 'plan-file-sent'
  | 'plan-deleted'
  | 'plan-deleted-unscheduled'
  | 'plan-from-file'
  | 'plan-running';
