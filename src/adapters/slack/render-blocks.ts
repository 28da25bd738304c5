/**
 * Block Kit for every bot message: the core composes the texts (both languages, user text
 * escaped with `slackMarkup`), this turns them into header, section, context and actions
 * blocks within Slack's limits (50 blocks, 3,000 characters a section, 150 a header, 75 a
 * button, 40,000 of message text, about 12,000 characters of blocks a message). A message
 * too long for one post becomes several pages: the first is the post, the rest continue
 * in its thread.
 *
 * @example
 * const [page, ...more] = renderMessage(message, translator, { command: '/roundtable' });
 * await client.chat.postMessage({ channel, text: page.text, blocks: page.blocks });
 */
import type { Lang } from '../../core/plan/plan.js';
import type { Message } from '../../core/engine/messages.js';
import type { Translator } from '../../core/ports.js';
import type { Composed, ComposedButton, ComposedSection } from '../../core/compose/composed.js';
import { composeMessage } from '../../core/compose/compose-message.js';
import { shorten } from '../../core/compose/compose-text.js';
import { escapeMrkdwn, slackMarkup, unescapeMrkdwn } from './slack-markup.js';

/** A text object. */
export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

/** A button of an actions block. */
export interface SlackButton {
  type: 'button';
  action_id: string;
  text: SlackText;
  value: string;
}

/** The blocks Roundtable posts. */
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: SlackButton[] }
  | { type: 'divider' };

/** One message as posted: the fallback `text` and its blocks. */
export interface SlackPage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits, and the budget of block text per message kept under `msg_blocks_too_long`. */
export const BLOCK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  actionsElements: 25,
  contextElements: 10,
  messageText: 40_000,
  /** Characters of text in the blocks of one message (Slack fails at about 13,000: bolt-js #2509). */
  pageChars: 11_000,
} as const;

/** Options of `renderMessage`. */
export interface RenderOptions {
  /** The slash command, shown in help and notices. */
  command: string;
  /** The language of a notice (the asker's). */
  lang?: Lang;
}

/** Composes and renders a message: one page, or more when it must continue in the thread. */
export function renderMessage(message: Message, t: Translator, opts: RenderOptions): SlackPage[] {
  const composed = composeMessage(message, t, slackMarkup, {
    command: opts.command,
    ...(opts.lang ? { lang: opts.lang } : {}),
  });
  return renderComposed(composed, t);
}

/** Renders composed texts into one or more pages of blocks. */
export function renderComposed(composed: Composed, t: Translator): SlackPage[] {
  const sections = composed.sections.map((s) => sectionBlocks(s, t));
  const tail = [...actionBlocks(composed.buttons ?? []), ...contextBlocks(composed.context)];
  const whole = [...joinSections(sections), ...tail];
  if (fits(whole, BLOCK_LIMITS.blocks, BLOCK_LIMITS.pageChars))
    return [{ text: fallbackOf(composed.fallback), blocks: whole }];

  // Too long for one post: the post keeps the beginning of every language (equal shares), the rest follows in the thread.
  const n = sections.length;
  const blockShare = Math.floor((BLOCK_LIMITS.blocks - tail.length - (n - 1)) / n);
  const charShare = Math.floor((BLOCK_LIMITS.pageChars - charsOf(tail)) / n);
  const first: SlackBlock[] = [];
  const rests: SlackBlock[][] = [];
  sections.forEach((blocks, i) => {
    const take = Math.max(1, leadingFit(blocks, blockShare, charShare));
    if (i > 0) first.push({ type: 'divider' });
    first.push(...blocks.slice(0, take));
    const rest = blocks.slice(take);
    const header = blocks[0]?.type === 'header' ? blocks[0] : undefined;
    if (rest.length > 0) rests.push(header ? [header, ...rest] : rest);
  });
  first.push(...tail);
  const pages: SlackPage[] = [{ text: fallbackOf(composed.fallback), blocks: first }];
  for (const blocks of pack(joinSections(rests))) pages.push({ text: fallbackOf(pageText(blocks)), blocks });
  return pages;
}

/** The blocks of one language section: its heading, paragraphs and result charts. */
function sectionBlocks(s: ComposedSection, t: Translator): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  if (s.heading?.trim()) blocks.push({ type: 'header', text: plain(s.heading, BLOCK_LIMITS.headerText) });
  for (const p of s.paragraphs) blocks.push(...mrkdwnSections(p));
  for (const chart of s.bars ?? []) {
    const rows = chart.rows.map((row) =>
      t.t(s.lang, 'messages:poll.row', {
        label: row.label,
        bar: row.bar,
        percent: row.percent,
        votes: t.t(s.lang, 'messages:count.votes', { count: row.count }),
      }),
    );
    const lines = [`*${chart.title}*`, ...rows, ...(chart.note ? [`_${chart.note}_`] : [])];
    blocks.push(...mrkdwnSections(lines.join('\n')));
  }
  return blocks;
}

/** Section blocks for a mrkdwn text: one, or several split at line breaks when over 3,000 characters. */
function mrkdwnSections(text: string): SlackBlock[] {
  if (!text.trim()) return [];
  const out: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = shorten(raw, BLOCK_LIMITS.sectionText);
    if (current && current.length + 1 + line.length > BLOCK_LIMITS.sectionText) {
      out.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current.trim()) out.push(current);
  return out.map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
}

/** One button per option, in actions blocks of at most 25. */
function actionBlocks(buttons: readonly ComposedButton[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < buttons.length; i += BLOCK_LIMITS.actionsElements) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + BLOCK_LIMITS.actionsElements).map((b) => ({
        type: 'button',
        action_id: b.id,
        value: b.value,
        text: { type: 'plain_text', text: shorten(b.label, BLOCK_LIMITS.buttonText) || '…', emoji: true },
      })),
    });
  }
  return blocks;
}

/** The small print: one context block of at most 10 elements. */
function contextBlocks(context: readonly string[]): SlackBlock[] {
  const items = context.filter((c) => c.trim());
  if (items.length === 0) return [];
  const kept = items.slice(0, BLOCK_LIMITS.contextElements - 1);
  if (items.length > kept.length) kept.push(items.slice(kept.length).join('  ·  '));
  return [
    {
      type: 'context',
      elements: kept.map((text) => ({ type: 'mrkdwn', text: shorten(text, BLOCK_LIMITS.sectionText) })),
    },
  ];
}

/** A `plain_text` object: Slack shows it as given, so the mrkdwn escapes are undone (it never pings). */
function plain(text: string, max: number): SlackText {
  return {
    type: 'plain_text',
    text:
      shorten(
        unescapeMrkdwn(text)
          .replace(/[ \t\r\n]+/g, ' ')
          .trim(),
        max,
      ) || '…',
    emoji: true,
  };
}

/** Language sections one after the other, a divider between them. */
function joinSections(sections: readonly SlackBlock[][]): SlackBlock[] {
  return sections
    .filter((s) => s.length > 0)
    .flatMap((s, i) => (i === 0 ? s : [{ type: 'divider' } as SlackBlock, ...s]));
}

/** Characters of text a block carries. */
function charsOfBlock(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length + e.value.length + e.action_id.length, 0);
    case 'divider':
      return 0;
  }
}

function charsOf(blocks: readonly SlackBlock[]): number {
  return blocks.reduce((n, b) => n + charsOfBlock(b), 0);
}

function fits(blocks: readonly SlackBlock[], maxBlocks: number, maxChars: number): boolean {
  return blocks.length <= maxBlocks && charsOf(blocks) <= maxChars;
}

/** How many leading blocks fit within the budget. */
function leadingFit(blocks: readonly SlackBlock[], maxBlocks: number, maxChars: number): number {
  let chars = 0;
  let count = 0;
  for (const block of blocks) {
    chars += charsOfBlock(block);
    if (count + 1 > maxBlocks || chars > maxChars) break;
    count++;
  }
  return count;
}

/** Blocks packed greedily into pages within the limits; a page never starts with a divider. */
function pack(blocks: readonly SlackBlock[]): SlackBlock[][] {
  const pages: SlackBlock[][] = [];
  let page: SlackBlock[] = [];
  for (const block of blocks) {
    if (page.length > 0 && !fits([...page, block], BLOCK_LIMITS.blocks, BLOCK_LIMITS.pageChars)) {
      pages.push(page);
      page = [];
    }
    if (page.length === 0 && block.type === 'divider') continue;
    page.push(block);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** The text of a continuation page, from its blocks (already escaped). */
function pageText(blocks: readonly SlackBlock[]): string {
  return blocks
    .map((b) => (b.type === 'header' ? escapeMrkdwn(b.text.text) : b.type === 'section' ? b.text.text : ''))
    .filter(Boolean)
    .join('\n\n');
}

/** A message `text` within Slack's limit. */
function fallbackOf(text: string): string {
  return shorten(text, BLOCK_LIMITS.messageText) || '…';
}
