// The page's own words, served by Roundtable from the `web` locale namespace in the page's
// language: `{{variables}}` are filled here, and plural forms picked with Intl.PluralRules.

let strings = {};
let lang = 'en';
let plurals = new Intl.PluralRules('en');

/** Loads the words of `next` ('en' or 'fr'); returns the command name the bot answers to. */
export async function loadStrings(next) {
  const res = await fetch(`/playground/api/strings?lang=${encodeURIComponent(next)}`);
  if (!res.ok) throw new Error(`strings: HTTP ${res.status}`);
  const data = await res.json();
  strings = data.strings;
  lang = data.lang;
  plurals = new Intl.PluralRules(lang);
  return data.command;
}

/** The language of the page's words. */
export function pageLang() {
  return lang;
}

/** The text of `key` with `vars` filled; `vars.count` picks the plural form. */
export function t(key, vars = {}) {
  let text = strings[key];
  if (typeof vars.count === 'number') {
    const form = vars.count === 0 && strings[`${key}_zero`] ? 'zero' : plurals.select(vars.count);
    text = strings[`${key}_${form}`] ?? strings[`${key}_other`] ?? text;
  }
  if (text === undefined) return key;
  return text.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** Fills every element marked `data-i18n="key"` under `root`. */
export function applyStrings(root, vars) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n, vars);
}

/** `m:ss`, or `h:mm:ss` when `hours` (or the time is an hour or more), of a plan time in ms. */
export function clockText(ms, hours = false) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 || hours ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A wall-clock time in the page's language. */
export function timeText(epochMs) {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    new Date(epochMs),
  );
}
