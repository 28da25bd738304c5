/**
 * The plan editor's page: the whole form with the plan's current values in the first HTML
 * response (the script only validates, saves and moves items), the versions panel, import and
 * download, in the page's language; and the bilingual page for a refused link.
 */
import type { Lang } from '../../core/plan/plan.js';
import type { Translator } from '../../core/ports.js';
import type { EditorState } from '../../core/service/plan-editing.js';
import { esc } from './html.js';
import { languagesField, localizedField, pollItem, questionItem, textField, type Words } from './editor-fields.js';

/** What the page is built from. */
export interface EditorPageInput {
  state: EditorState;
  lang: Lang;
  /** The page's API base: `/editor/<token>` (or `/editor` in the playground). */
  base: string;
  t: Translator;
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function generalFields(words: Words, s: Record<string, unknown>, ro: boolean): string {
  const host = obj(s.host);
  return [
    textField(words('id'), 'id', s.id, { readOnly: ro }),
    localizedField(words, words('titleField'), 'title', s.title, { readOnly: ro }),
    languagesField(words, s.languages, ro),
    textField(words('channel'), 'channel', s.channel, { readOnly: ro }),
    textField(words('timezone'), 'timezone', s.timezone ?? 'America/Toronto', { readOnly: ro }),
    textField(words('start'), 'start', s.start, { readOnly: ro }),
    textField(words('repeat'), 'repeat', s.repeat, { readOnly: ro }),
    textField(words('duration'), 'duration', s.duration ?? '60m', { readOnly: ro }),
    textField(words('hashtag'), 'hashtag', s.hashtag, { readOnly: ro }),
    textField(words('hostName'), 'host.name', host.name, { readOnly: ro }),
    localizedField(words, words('hostTitle'), 'host.title', host.title, { readOnly: ro }),
    textField(words('organizers'), 'organizers', s.organizers, { readOnly: ro }),
    localizedField(words, words('welcome'), 'welcome', s.welcome, { area: true, readOnly: ro }),
    localizedField(words, words('closing'), 'closing', s.closing, { area: true, readOnly: ro }),
    textField(words('evaluation'), 'evaluation', s.evaluation, { readOnly: ro }),
    textField(words('reminders'), 'reminders', s.reminders, { readOnly: ro }),
  ].join('');
}

function versionsPanel(words: Words, state: EditorState, lang: Lang): string {
  const when = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const rows = state.versions.map((v) => {
    const text = esc(words('version', { n: v.number, name: v.author.name, at: when(v.at) }));
    if (v.number === state.version?.number) return `<li>${text} ${esc(words('current'))}</li>`;
    return `<li>${text} <button type="button" data-restore="${v.number}" aria-label="${esc(words('restoreLabel', { n: v.number }))}">${esc(words('restore'))}</button></li>`;
  });
  const list = rows.length ? `<ul id="versions">${rows.join('')}</ul>` : `<p>${esc(words('noVersions'))}</p>`;
  return `<section aria-labelledby="versions-title" lang="${lang}"><h2 id="versions-title">${esc(words('versions'))}</h2>${list}</section>`;
}

function importPanel(words: Words): string {
  return (
    `<section aria-labelledby="import-title"><h2 id="import-title">${esc(words('import'))}</h2>` +
    `<label for="import-text">${esc(words('importLabel'))}</label><textarea id="import-text" rows="4"></textarea>` +
    `<label for="import-file">${esc(words('importFile'))}</label><input id="import-file" type="file" accept=".yaml,.yml,.json">` +
    `<button type="button" id="import">${esc(words('import'))}</button><div id="import-result" role="status"></div></section>`
  );
}

/** The editor's page. */
export function editorPage(input: EditorPageInput): string {
  const { state, lang, t } = input;
  const words: Words = (key, vars) => t.t(lang, `web:editor.${key}`, vars);
  const s = obj(state.source);
  const ro = state.origin === 'file';
  const questions = Array.isArray(s.questions) ? s.questions : [{}];
  const polls = Array.isArray(s.polls) ? s.polls : [];
  const config = {
    base: input.base,
    lang,
    origin: state.origin,
    baseVersion: state.version?.number ?? null,
    planId: state.origin === 'stored' ? String(s.id ?? '') : null,
  };
  const top = ro
    ? `<p class="note">${esc(words('fromFile'))}</p><button type="button" id="duplicate">${esc(words('duplicate'))}</button>`
    : `<button type="button" id="save">${esc(words('save'))}</button>`;
  const otherLang = lang === 'en' ? 'fr' : 'en';
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(words('title'))}</title><link rel="stylesheet" href="/editor-assets/editor.css"></head><body>` +
    `<header><h1>${esc(words('title'))}</h1><nav aria-label="${esc(words('lang'))}"><a href="?lang=${otherLang}" lang="${otherLang}">${otherLang === 'fr' ? 'Français' : 'English'}</a></nav></header>` +
    `<main><p>${esc(words('intro'))}</p><div id="status" role="status" aria-live="polite"></div><p id="completeness" aria-live="polite"></p>` +
    `<form id="plan" novalidate><section aria-labelledby="general-title"><h2 id="general-title">${esc(words('general'))}</h2>${generalFields(words, s, ro)}</section>` +
    `<section aria-labelledby="questions-title"><h2 id="questions-title">${esc(words('questions'))}</h2><ol id="questions">${questions.map((q, i) => questionItem(words, q, i + 1, ro)).join('')}</ol>` +
    (ro ? '' : `<button type="button" id="add-question">${esc(words('addQuestion'))}</button>`) +
    '</section>' +
    `<section aria-labelledby="polls-title"><h2 id="polls-title">${esc(words('polls'))}</h2><ol id="polls">${polls.map((p, i) => pollItem(words, p, i + 1, ro)).join('')}</ol>` +
    (ro ? '' : `<button type="button" id="add-poll">${esc(words('addPoll'))}</button>`) +
    '</section></form>' +
    `<div class="actions">${top}<button type="button" id="download">${esc(words('download'))}</button></div><div id="problems" role="region" aria-label="${esc(words('problems_other', { count: '' }))}"></div>` +
    `${ro ? '' : importPanel(words)}${versionsPanel(words, state, lang)}</main>` +
    `<template id="question-template">${questionItem(words, {}, 0)}</template><template id="poll-template">${pollItem(words, {}, 0)}</template>` +
    `<script type="application/json" id="editor-config">${scriptJson(config)}</script>` +
    `<script type="application/json" id="editor-words">${scriptJson(clientWords(words, lang))}</script>` +
    '<script src="/editor-assets/editor.js" defer></script></body></html>'
  );
}

/** JSON inside a `<script type="application/json">`: never entity-decoded, so only `<` is made harmless. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function clientWords(words: Words, lang: Lang): Record<string, string> {
  const keys = [
    'saved',
    'conflict',
    'taken',
    'forbidden',
    'importDone',
    'importProblems',
    'restored',
    'failed',
    'question',
    'poll',
  ];
  const out: Record<string, string> = Object.fromEntries(
    keys.map((k) => [k, words(k, { n: '{n}', m: '{m}', name: '{name}', at: '{at}' })]),
  );
  for (const count of ['zero', 'one', 'other'] as const)
    out[`problems_${count}`] = words(`problems_${count}`, { count: '{count}' });
  const other = (l: Lang): string => words(l === 'en' ? 'english' : 'french').toLowerCase();
  for (const l of ['en', 'fr'] as const)
    for (const count of ['one', 'other'] as const)
      out[`missing_${l}_${count}`] = words(`missing_${count}`, {
        count: '{count}',
        lang: lang === 'fr' ? other(l) : words(l === 'en' ? 'english' : 'french'),
      });
  out.missing_zero = words('missing_zero');
  return out;
}

/** The page of a refused link: the same bilingual words whatever the reason, as DESIGN.md says. */
export function refusedPage(t: Translator, key: 'invalid' | 'tooMany'): string {
  const en = t.t('en', `web:editor.${key}`);
  const fr = t.t('fr', `web:editor.${key}`);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(en)}</title></head><body><main>` +
    `<h1>${esc(en)} <span lang="fr">${esc(fr)}</span></h1>` +
    (key === 'invalid'
      ? `<p>${esc(t.t('en', 'web:editor.invalidAgain'))}</p><p lang="fr">${esc(t.t('fr', 'web:editor.invalidAgain'))}</p>`
      : '') +
    '</main></body></html>'
  );
}
