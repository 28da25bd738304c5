/**
 * Composed messages as Adaptive Cards 1.5 for Teams: one block of text blocks per language
 * (heading, paragraphs, result rows with text bars, small print), poll buttons as
 * `Action.Execute` (verb `vote`) with an `Action.Submit` fallback for older clients, an
 * optional mention of the person a reply is for, and an optional button opening a link. A message too big for one Teams message
 * becomes several cards (the first is the post, the others go in its thread).
 */
import type { Translator } from '../../core/ports.js';
import type { Composed, ComposedButton, ComposedSection } from '../../core/compose/composed.js';
import { TEAMS_NEWLINE, plainTeamsText } from './teams-markup.js';

/** An Adaptive Card element or action, as JSON. */
export type CardElement = Record<string, unknown>;

/** A top-level Adaptive Card, as JSON. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  msteams: { width: 'Full'; entities?: MentionEntity[] };
}

/** A Teams mention inside a card. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** The verb of poll buttons. */
export const VOTE_VERB = 'vote';

/**
 * Largest card we send, measured as Teams measures a message (UTF-16, 2 bytes per JSON
 * character): under the 40 KB that older tenants still enforce, with room for the activity.
 */
export const CARD_BUDGET_BYTES = 36 * 1024;

const SCHEMA_URL = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** What a card can carry besides the composed message. */
export interface CardOptions {
  /** A person to mention at the top (replies in a thread "for" someone). */
  mention?: { id: string; name: string };
  /** A note shown above the message (the voter's own notice on their refreshed poll card). */
  note?: Composed;
  /** Budget per card (defaults to `CARD_BUDGET_BYTES`). */
  budgetBytes?: number;
  /**
   * A button that opens `url` (`Action.OpenUrl`) under the message: the exact URL in JSON,
   * which Markdown in a `TextBlock` cannot promise (escapes show on some clients).
   */
  link?: { title: string; url: string };
}

/** The size Teams counts for a value sent as JSON: UTF-16, 2 bytes per character. */
export function teamsPayloadBytes(value: unknown): number {
  return 2 * (JSON.stringify(value) ?? '').length;
}

function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** The text blocks of one language section. */
function sectionElements(section: ComposedSection, t: Translator): CardElement[] {
  const out: CardElement[] = [];
  if (section.heading) out.push(textBlock(section.heading, { style: 'heading', size: 'Medium', weight: 'Bolder' }));
  for (const p of section.paragraphs) out.push(textBlock(p));
  for (const chart of section.bars ?? []) {
    out.push(textBlock(chart.title, { weight: 'Bolder', spacing: 'Medium' }));
    for (const row of chart.rows) {
      const votes = t.t(section.lang, 'messages:count.votes', { count: row.count });
      out.push(
        textBlock(
          t.t(section.lang, 'messages:poll.row', { label: row.label, bar: row.bar, percent: row.percent, votes }),
          { spacing: 'Small', fontType: 'Monospace' },
        ),
      );
    }
    if (chart.note) out.push(textBlock(chart.note, { spacing: 'Small', isSubtle: true }));
  }
  return out;
}

/** Every section, each language after the first set apart by a separator. */
function bodyElements(composed: Composed, t: Translator): CardElement[] {
  const out: CardElement[] = [];
  composed.sections.forEach((section, i) => {
    const elements = sectionElements(section, t);
    if (i > 0 && elements[0]) elements[0] = { ...elements[0], separator: true, spacing: 'Large' };
    out.push(...elements);
  });
  if (composed.context.length > 0) {
    out.push(textBlock(composed.context.join(TEAMS_NEWLINE), { size: 'Small', isSubtle: true, separator: true }));
  }
  return out;
}

/** A note for one person above a message (their vote, on their own copy of a poll card). */
export function noteElement(note: Composed, t: Translator): CardElement {
  return { type: 'Container', style: 'emphasis', items: bodyElements(note, t) };
}

/** One poll button: `Action.Execute` (Universal Actions), falling back to `Action.Submit` on clients without them. */
export function voteAction(button: ComposedButton): CardElement {
  const title = plainTeamsText(button.label);
  return {
    type: 'Action.Execute',
    id: button.id,
    title,
    verb: VOTE_VERB,
    data: { value: button.value },
    fallback: { type: 'Action.Submit', id: `${button.id}-submit`, title, data: { value: button.value } },
  };
}

/** The buttons, one per row so long bilingual labels stay readable. */
function buttonElements(buttons: readonly ComposedButton[]): CardElement[] {
  return buttons.map((b, i) => ({
    type: 'ActionSet',
    spacing: i === 0 ? 'Medium' : 'Small',
    actions: [voteAction(b)],
  }));
}

/** `<at>Name</at>` with a name that cannot close the tag. */
export function mentionText(name: string): string {
  return `<at>${name.replace(/[<>]/g, '')}</at>`;
}

function card(body: CardElement[], entities?: MentionEntity[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA_URL,
    version: '1.5',
    body,
    msteams: { width: 'Full', ...(entities ? { entities } : {}) },
  };
}

/**
 * Renders `composed` as one card, or several when it does not fit one Teams message.
 *
 * @example
 * const [first, ...rest] = renderCards(composeMessage(message, t, teamsMarkup, { command: '@Roundtable' }), t);
 */
export function renderCards(composed: Composed, t: Translator, opts: CardOptions = {}): AdaptiveCard[] {
  const budget = opts.budgetBytes ?? CARD_BUDGET_BYTES;
  const head: CardElement[] = [];
  let entities: MentionEntity[] | undefined;
  if (opts.mention) {
    const text = mentionText(opts.mention.name);
    entities = [{ type: 'mention', text, mentioned: { id: opts.mention.id, name: opts.mention.name } }];
    head.push(textBlock(text));
  }
  if (opts.note) head.push(noteElement(opts.note, t));
  const link = opts.link
    ? [
        {
          type: 'ActionSet',
          spacing: 'Medium',
          actions: [{ type: 'Action.OpenUrl', title: plainTeamsText(opts.link.title), url: opts.link.url }],
        },
      ]
    : [];
  const elements = [...head, ...bodyElements(composed, t), ...buttonElements(composed.buttons ?? []), ...link];
  if (budget === Number.POSITIVE_INFINITY) return [card(elements, entities)];

  const cards: AdaptiveCard[] = [];
  let current: CardElement[] = [];
  const empty = teamsPayloadBytes(card([], entities));
  let size = empty;
  for (const element of elements) {
    const bytes = teamsPayloadBytes(element) + 2;
    if (current.length > 0 && size + bytes > budget) {
      cards.push(card(current, cards.length === 0 ? entities : undefined));
      current = [];
      size = empty;
    }
    current.push(element);
    size += bytes;
  }
  if (current.length > 0 || cards.length === 0) cards.push(card(current, cards.length === 0 ? entities : undefined));
  return cards;
}
