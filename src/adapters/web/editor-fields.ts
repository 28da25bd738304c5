/**
 * The editor's form fields, rendered on the server with their current values: every field of
 * the plan format, both languages side by side for each text, and a problem slot next to each
 * field (`data-problem`), which the script fills from the server's validation.
 */
import type { Lang } from '../../core/plan/plan.js';
import { esc } from './html.js';

/** Labels in the page's language (`web:editor.*`). */
export type Words = (key: string, vars?: Record<string, string | number>) => string;

type Source = Record<string, unknown>;
let seq = 0;
const nextId = (): string => `f${++seq}`;

const str = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));
const obj = (v: unknown): Source => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Source) : {});

function problemSlot(key: string): string {
  return `<p class="problem" data-problem="${esc(key)}" hidden></p>`;
}

/** One text input (or text area) for `key`, with its label and problem slot. */
export function textField(
  label: string,
  key: string,
  value: unknown,
  opts: { area?: boolean; readOnly?: boolean } = {},
): string {
  const id = nextId();
  const ro = opts.readOnly ? ' readonly' : '';
  const input = opts.area
    ? `<textarea id="${id}" data-key="${esc(key)}" rows="3"${ro}>${esc(str(value))}</textarea>`
    : `<input id="${id}" type="text" data-key="${esc(key)}" value="${esc(str(value))}"${ro}>`;
  return `<div class="field"><label for="${id}">${esc(label)}</label>${input}${problemSlot(key)}</div>`;
}

/** Both languages of one text side by side. */
export function localizedField(
  words: Words,
  label: string,
  key: string,
  value: unknown,
  opts: { area?: boolean; readOnly?: boolean } = {},
): string {
  const texts = obj(value);
  const side = (lang: Lang): string => {
    const id = nextId();
    const name = `${label} (${words(lang === 'en' ? 'english' : 'french')})`;
    const ro = opts.readOnly ? ' readonly' : '';
    const v = esc(str(texts[lang]));
    const input = opts.area
      ? `<textarea id="${id}" data-key="${esc(key)}" data-lang="${lang}" lang="${lang}" rows="3"${ro}>${v}</textarea>`
      : `<input id="${id}" type="text" data-key="${esc(key)}" data-lang="${lang}" lang="${lang}" value="${v}"${ro}>`;
    return `<div class="side"><label for="${id}">${esc(name)}</label>${input}</div>`;
  };
  return `<div class="field localized">${side('en')}${side('fr')}${problemSlot(key)}</div>`;
}

/** The languages and their order. */
export function languagesField(words: Words, value: unknown, readOnly: boolean): string {
  const current = Array.isArray(value) ? value.join(',') : 'en,fr';
  const choices = ['en,fr', 'fr,en', 'en', 'fr'];
  const id = nextId();
  const options = choices
    .map((c) => `<option value="${c}"${c === current ? ' selected' : ''}>${esc(c.replace(',', ', '))}</option>`)
    .join('');
  return `<div class="field"><label for="${id}">${esc(words('languages'))}</label><select id="${id}" data-key="languages"${readOnly ? ' disabled' : ''}>${options}</select>${problemSlot('languages')}</div>`;
}

function itemButtons(words: Words, readOnly: boolean): string {
  if (readOnly) return '';
  return `<div class="item-tools"><button type="button" data-act="up">${esc(words('up'))}</button><button type="button" data-act="down">${esc(words('down'))}</button><button type="button" data-act="remove">${esc(words('remove'))}</button></div>`;
}

/** One question of the list. */
export function questionItem(words: Words, q: unknown, n: number, readOnly = false): string {
  const item = obj(q);
  return (
    `<li class="item" data-item="questions"><h3 class="item-title" data-title="question">${esc(words('question', { n }))}</h3>` +
    localizedField(words, words('pollQuestion'), 'text', item.text, { area: true, readOnly }) +
    textField(words('at'), 'at', item.at, { readOnly }) +
    itemButtons(words, readOnly) +
    '</li>'
  );
}

/** One poll of the list: options are one per line, in each language. */
export function pollItem(words: Words, p: unknown, n: number, readOnly = false): string {
  const item = obj(p);
  const options = Array.isArray(item.options) ? item.options.map(obj) : [];
  const lines = { en: options.map((o) => str(o.en)).join('\n'), fr: options.map((o) => str(o.fr)).join('\n') };
  const anonymousId = nextId();
  const resultsId = nextId();
  const results = str(item.results) || 'live';
  return (
    `<li class="item" data-item="polls"><h3 class="item-title" data-title="poll">${esc(words('poll', { n }))}</h3>` +
    localizedField(words, words('pollQuestion'), 'question', item.question, { readOnly }) +
    localizedField(words, words('options'), 'options', lines, { area: true, readOnly }) +
    textField(words('at'), 'at', item.at, { readOnly }) +
    textField(words('closes'), 'closes', item.closes, { readOnly }) +
    textField(words('multiple'), 'multiple', typeof item.multiple === 'number' ? item.multiple : '', { readOnly }) +
    `<div class="field"><input id="${anonymousId}" type="checkbox" data-key="anonymous"${item.anonymous === true ? ' checked' : ''}${readOnly ? ' disabled' : ''}><label for="${anonymousId}">${esc(words('anonymous'))}</label>${problemSlot('anonymous')}</div>` +
    `<div class="field"><label for="${resultsId}">${esc(words('results'))}</label><select id="${resultsId}" data-key="results"${readOnly ? ' disabled' : ''}>` +
    ['live', 'hidden']
      .map((r) => `<option value="${r}"${r === results ? ' selected' : ''}>${esc(words(r))}</option>`)
      .join('') +
    `</select>${problemSlot('results')}</div>` +
    itemButtons(words, readOnly) +
    '</li>'
  );
}
