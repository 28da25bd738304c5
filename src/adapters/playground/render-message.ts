/**
 * A bot message as the playground shows it: the same `composeMessage` texts as Slack and
 * Teams, rendered as HTML (one `<section lang>` per language with its heading, paragraphs
 * and result bars in text, then the poll buttons (each option `aria-pressed`, which the page
 * sets for the voter's own choice) and the small print), plus a short plain
 * summary for the page's live announcements.
 */
import type { Lang } from '../../core/plan/plan.js';
import type { Message } from '../../core/engine/messages.js';
import type { Translator } from '../../core/ports.js';
import type { Composed, ComposedSection } from '../../core/compose/composed.js';
import { composeMessage } from '../../core/compose/compose-message.js';
import { backticksToCode, escapeHtml, htmlMarkup, textMarkup } from './html-markup.js';

/** A rendered message. */
export interface RenderedMessage {
  /** Trusted HTML: every user and plan text in it is escaped. */
  html: string;
  /** Plain text (not escaped: set it as text) naming the post, such as `Q3` or `Poll 1`. */
  summary: string;
}

/** What rendering needs. */
export interface RenderKit {
  translator: Translator;
  /** The command people type (`/roundtable`), shown in help and notices. */
  command: string;
}

const SUMMARY_MAX = 160;

/** Renders `message`; `lang` is the asker's language for a notice. */
export function renderMessage(message: Message, kit: RenderKit, lang?: Lang): RenderedMessage {
  const opts = { command: kit.command, ...(lang ? { lang } : {}) };
  const composed = composeMessage(message, kit.translator, htmlMarkup, opts);
  const plain = composeMessage(message, kit.translator, textMarkup, opts);
  return { html: composedHtml(composed, message, kit.translator), summary: summaryOf(plain) };
}

/** The HTML of a composed message. */
export function composedHtml(composed: Composed, message: Message, t: Translator): string {
  const parts = composed.sections.map((s) => sectionHtml(s, t));
  if (composed.buttons?.length) {
    const label = message.langs.map((lang) => t.t(lang, 'web:post.vote')).join(' / ');
    const buttons = composed.buttons
      .map(
        (b) =>
          `<button type="button" class="vote${b.withdraw ? ' withdraw' : ''}" data-value="${escapeHtml(b.value)}"${b.withdraw ? '' : ' aria-pressed="false"'}>${escapeHtml(b.label)}</button>`,
      )
      .join('');
    parts.push(`<div class="votes" role="group" aria-label="${escapeHtml(label)}">${buttons}</div>`);
  }
  if (composed.context.length > 0) {
    // A question's small print is its how-to line in each language, then the hashtag.
    const langOf = (i: number): Lang | undefined => (message.kind === 'question' ? message.langs[i] : undefined);
    const lines = composed.context.map((line, i) => {
      const lang = langOf(i);
      return `<span class="context-line"${lang ? ` lang="${lang}"` : ''}>${backticksToCode(line)}</span>`;
    });
    parts.push(`<p class="context">${lines.join(' ')}</p>`);
  }
  return parts.join('');
}

function sectionHtml(s: ComposedSection, t: Translator): string {
  const out = [`<section class="lang-section" lang="${s.lang}">`];
  if (s.heading) out.push(`<h3 class="post-heading">${backticksToCode(s.heading)}</h3>`);
  for (const p of s.paragraphs) out.push(`<p>${backticksToCode(p)}</p>`);
  for (const chart of s.bars ?? []) {
    out.push(`<div class="results"><p class="results-title">${chart.title}</p><ul class="results-rows">`);
    for (const row of chart.rows) {
      const votes = t.t(s.lang, 'messages:count.votes', { count: row.count });
      const figures = t.t(s.lang, 'web:post.result', { percent: row.percent, votes });
      out.push(
        `<li><span class="result-label">${row.label}</span> <span class="result-bar" aria-hidden="true">${escapeHtml(row.bar)}</span> <span class="result-figures">${escapeHtml(figures)}</span></li>`,
      );
    }
    out.push('</ul>');
    if (chart.note) out.push(`<p class="results-note">${chart.note}</p>`);
    out.push('</div>');
  }
  out.push('</section>');
  return out.join('');
}

function summaryOf(plain: Composed): string {
  const first = plain.sections[0];
  const text = first?.heading ?? first?.paragraphs[0] ?? plain.fallback;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
}
