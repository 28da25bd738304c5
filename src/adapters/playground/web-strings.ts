/**
 * The page's own words: every key of the `web` namespace, read through the translator in
 * the page's language and sent as JSON. `{{variables}}` and plural forms (`_one`, `_other`,
 * `_many`) are left for the page to fill, so the page never hard-codes a sentence.
 */
import type { Lang } from '../../core/plan/plan.js';
import type { Translator } from '../../core/ports.js';
import { readLocales } from '../../infra/i18n.js';

/** Every key of the `web` namespace in any language, plural forms as written (`replies_one`, `replies_many`). */
export function webKeys(localesDir?: string): string[] {
  const { resources } = readLocales(localesDir);
  const keys = new Set<string>();
  for (const lang of Object.keys(resources)) collect(resources[lang]?.web, '', keys);
  return [...keys].sort();
}

function collect(value: unknown, prefix: string, out: Set<string>): void {
  if (typeof value === 'string') out.add(prefix);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collect(v, prefix ? `${prefix}.${k}` : k, out);
}

/**
 * The strings of the page in `lang`: key → text, from the translator (English where a text
 * is missing); a plural form the language does not have (English `_many`) is left out.
 */
export function webStrings(t: Translator, lang: Lang, keys: readonly string[]): Record<string, string> {
  const forms = new Set<string>(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
  const ownForm = (key: string) => {
    const form = /_(zero|one|two|few|many|other)$/.exec(key)?.[1];
    return form === undefined || forms.has(form);
  };
  return Object.fromEntries(
    keys
      .filter(ownForm)
      .map((key) => [key, t.t(lang, `web:${key}`)])
      .filter(([key, text]) => text !== `web:${key}`),
  );
}
