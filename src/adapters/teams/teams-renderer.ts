/**
 * Messages as Teams activities: composed once (`composeMessage` with the Teams markup and
 * `@Roundtable` as the command), rendered as Adaptive Cards, with the plain-text fallback as
 * the notification summary. The voter's own copy of a poll card reuses the shared card,
 * rendered once per version of the poll, with their notice on top.
 */
import { CardFactory } from 'botbuilder';
import type { Translator } from '../../core/ports.js';
import type { Message } from '../../core/engine/messages.js';
import type { Lang } from '../../core/plan/plan.js';
import type { Composed } from '../../core/compose/composed.js';
import { composeMessage } from '../../core/compose/compose-message.js';
import { shorten } from '../../core/compose/compose-text.js';
import type { OutboundActivity } from './connector-calls.js';
import { noteElement, renderCards, type AdaptiveCard, type CardElement, type CardOptions } from './render-card.js';
import { teamsMarkup } from './teams-markup.js';

/** The command people type in Teams. */
export const TEAMS_COMMAND = '@Roundtable';

/**
 * The Teams adapter's own texts (`teams:<key>` in the locales): what only Teams needs to
 * say, such as where a private reply went, or why a card click failed.
 */
export type TeamsTextKey =
  | 'sent-privately'
  | 'private-failed'
  | 'vote-failed'
  | 'unknown-action'
  | 'export-link'
  | 'export-download'
  | 'editor-link'
  | 'editor-open'
  | 'plan-file-link'
  | 'plan-file-download';

/** How to render a message: a notice's language, a note for one person, a mention, a size budget. */
export type RenderOptions = Omit<CardOptions, 'note'> & { lang?: Lang; note?: Message };

/** Poll card versions kept for voters' copies (a few polls run at once). */
const POLL_CACHE_SIZE = 32;

/** Voters' notices kept (per poll, option set and language). */
const NOTE_CACHE_SIZE = 512;

/** A message activity carrying one Adaptive Card. */
export function cardActivity(card: AdaptiveCard, summary?: string): OutboundActivity {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(card)], ...(summary ? { summary } : {}) };
}

/** Composes and renders messages as Teams cards. */
export class TeamsRenderer {
  private readonly pollCards = new Map<string, AdaptiveCard>();
  private readonly notes = new Map<string, CardElement>();

  constructor(private readonly translator: Translator) {}

  private compose(message: Message, lang?: Lang): Composed {
    return composeMessage(message, this.translator, teamsMarkup, { command: TEAMS_COMMAND, ...(lang ? { lang } : {}) });
  }

  /** The cards of `message` (a notice in `lang`). */
  cards(message: Message, opts: RenderOptions = {}): AdaptiveCard[] {
    const { note, lang, ...rest } = opts;
    return renderCards(this.compose(message, lang), this.translator, {
      ...rest,
      ...(note ? { note: this.compose(note) } : {}),
    });
  }

  /** The activities of `message`: one card each, the first line of the plain text as the notification summary. */
  activities(message: Message, opts: RenderOptions = {}): OutboundActivity[] {
    const { note, lang, ...rest } = opts;
    if (message.kind === 'notice' && message.key === 'export-link')
      return this.exportLink(message, lang ?? message.langs[0] ?? 'en', rest);
    if (message.kind === 'notice' && (message.key === 'editor-link' || message.key === 'plan-file-link'))
      return this.privateLink(message, lang ?? message.langs[0] ?? 'en', rest);
    return this.cardActivities(this.compose(message, lang), { ...rest, ...(note ? { note: this.compose(note) } : {}) });
  }

  /** One of the adapter's own texts in `lang`, as plain text (an invoke's error message). */
  text(lang: Lang, key: TeamsTextKey, vars: Record<string, string | number> = {}): string {
    return this.translator.t(lang, `teams:${key}`, { command: TEAMS_COMMAND, ...vars });
  }

  /** One of the adapter's own texts in `lang`, as a notice's card (a reply in a command's thread). */
  textActivities(lang: Lang, key: TeamsTextKey, opts: Omit<RenderOptions, 'lang' | 'note'> = {}): OutboundActivity[] {
    const text = this.text(lang, key);
    return this.cardActivities({ sections: [{ lang, paragraphs: [text] }], context: [], fallback: text }, opts);
  }

  /**
   * An export link: the sentence without the URL, and a button that opens it. In a
   * `TextBlock` the URL would go through Markdown, whose escapes (`\_` in the token) some
   * Teams clients show, breaking the link.
   */
  private exportLink(
    message: Extract<Message, { kind: 'notice' }>,
    lang: Lang,
    opts: Omit<RenderOptions, 'lang' | 'note'>,
  ): OutboundActivity[] {
    const format = String(message.vars?.format ?? '');
    const hours = message.vars?.hours ?? '';
    const text = this.text(lang, 'export-link', { format: teamsMarkup.escape(format), hours, count: Number(hours) });
    const link = { title: this.text(lang, 'export-download', { format }), url: String(message.vars?.url ?? '') };
    return this.cardActivities(
      { sections: [{ lang, paragraphs: [text] }], context: [], fallback: text },
      { ...opts, link },
    );
  }

  /** An editor or plan-file link: a sentence and an **Open the editor** (or download) button, for the personal chat. */
  private privateLink(
    message: Extract<Message, { kind: 'notice' }>,
    lang: Lang,
    opts: Omit<RenderOptions, 'lang' | 'note'>,
  ): OutboundActivity[] {
    const file = String(message.vars?.file ?? '');
    const editor = message.key === 'editor-link';
    const text = this.text(lang, editor ? 'editor-link' : 'plan-file-link', { file: teamsMarkup.escape(file) });
    const link = {
      title: this.text(lang, editor ? 'editor-open' : 'plan-file-download', { file }),
      url: String(message.vars?.url ?? ''),
    };
    return this.cardActivities(
      { sections: [{ lang, paragraphs: [text] }], context: [], fallback: text },
      { ...opts, link },
    );
  }

  private cardActivities(composed: Composed, opts: CardOptions): OutboundActivity[] {
    const summary = shorten(composed.fallback.split('\n')[0] ?? '', 200);
    return renderCards(composed, this.translator, opts).map((card) => cardActivity(card, summary));
  }

  /** The voter's copy of `poll`: the shared card (one card, whatever its size) with `notice` on top. */
  voterCard(poll: Extract<Message, { kind: 'poll' }>, notice: Message | undefined): AdaptiveCard {
    const key = JSON.stringify(poll);
    let shared = this.pollCards.get(key);
    if (!shared) {
      shared = renderCards(this.compose(poll), this.translator, { budgetBytes: Number.POSITIVE_INFINITY })[0]!;
      this.pollCards.set(key, shared);
      if (this.pollCards.size > POLL_CACHE_SIZE) this.pollCards.delete(this.pollCards.keys().next().value!);
    }
    return notice ? { ...shared, body: [this.noteOf(notice), ...shared.body] } : shared;
  }

  /** A notice as a note element; the same few notices recur for every voter, so they are kept. */
  private noteOf(notice: Message): CardElement {
    const key = JSON.stringify(notice);
    let note = this.notes.get(key);
    if (!note) {
      note = noteElement(this.compose(notice), this.translator);
      this.notes.set(key, note);
      if (this.notes.size > NOTE_CACHE_SIZE) this.notes.delete(this.notes.keys().next().value!);
    }
    return note;
  }
}
