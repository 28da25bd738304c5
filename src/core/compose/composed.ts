/**
 * A message composed into texts, ready for a platform renderer: the same sentences for
 * Slack, Teams, the playground and the console. Built by `composeMessage` with the
 * platform's `Markup`, so user text is escaped the platform's way exactly once.
 */
import type { Lang } from '../plan/plan.js';

/** How a platform marks up text. `escape` neutralizes user text (mentions, markup). */
export interface Markup {
  escape(userText: string): string;
  bold(text: string): string;
  italic(text: string): string;
  link(url: string, label: string): string;
  /** A line break inside one paragraph. */
  newline: string;
}

/** One bar of a poll result, for a text bar and for charts. */
export interface ResultBar {
  label: string;
  count: number;
  /** 0..100, rounded. */
  percent: number;
  /** A text bar such as `▓▓▓▓▓░░░░░`, so screen readers read the figures beside it. */
  bar: string;
}

/** The part of a message in one language. */
export interface ComposedSection {
  lang: Lang;
  heading?: string;
  paragraphs: string[];
  /** Poll results (poll and recap messages). */
  bars?: { title: string; rows: ResultBar[]; note?: string }[];
}

/** A poll button: `value` is what the platform sends back on a click. */
export interface ComposedButton {
  id: string;
  value: string;
  label: string;
  /** The "Withdraw my vote" button (not an option: never shown as chosen). */
  withdraw?: boolean;
}

/** A composed message. */
export interface Composed {
  /** Plain text of the whole message: notifications, fallbacks, screen readers. */
  fallback: string;
  /** One section per language in display order (one for a notice). */
  sections: ComposedSection[];
  /** Poll option buttons, when votes are open. */
  buttons?: ComposedButton[];
  /** Small print under the message: hashtag, how to answer. */
  context: string[];
}
