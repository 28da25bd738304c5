/**
 * The `Translator` port over i18next: every `locales/<lang>/<namespace>.json` is loaded
 * into a private i18next instance, keys are read as `namespace:key.path`, English is the
 * fallback, and interpolated values are not escaped (the platform's `Markup` does that).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInstance, type Resource, type ResourceLanguage } from 'i18next';
import type { Translator } from '../core/ports.js';
import type { Lang } from '../core/plan/plan.js';
import { LANGS } from '../core/plan/plan.js';
import { RoundtableError } from '../core/errors.js';

/** A translator that also says what it loaded. */
export interface LoadedTranslator extends Translator {
  /** Namespaces found (file names without `.json`), sorted. */
  readonly namespaces: readonly string[];
  /** Languages found (folder names), sorted. */
  readonly languages: readonly string[];
}

/** `locales/` at the package root: two levels above this file in `src/infra` and in `dist/infra`. */
export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

/** What a locales folder holds: the resources by language and namespace. */
export interface LocaleFiles {
  resources: Resource;
  namespaces: string[];
  languages: string[];
}

/** Reads every `<lang>/<namespace>.json` under `localesDir`; throws a `config_invalid` error naming the file that is not valid JSON. */
export function readLocales(localesDir: string = DEFAULT_LOCALES_DIR): LocaleFiles {
  const languages = readdirSync(localesDir)
    .filter((name) => statSync(path.join(localesDir, name)).isDirectory())
    .sort();
  if (!languages.includes('en')) {
    throw new RoundtableError(
      'config_invalid',
      `No English locale in ${localesDir}: add ${path.join(localesDir, 'en')} with the bot's namespaces (English is the fallback).`,
    );
  }
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const lang of languages) {
    const bundle: ResourceLanguage = {};
    for (const file of readdirSync(path.join(localesDir, lang))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const ns = file.slice(0, -'.json'.length);
      const full = path.join(localesDir, lang, file);
      try {
        bundle[ns] = JSON.parse(readFileSync(full, 'utf8')) as ResourceLanguage[string];
      } catch (err) {
        throw new RoundtableError(
          'config_invalid',
          `The locale file ${full} is not valid JSON: ${(err as Error).message}. Fix it so every key maps to a string.`,
          { cause: err },
        );
      }
      namespaces.add(ns);
    }
    resources[lang] = bundle;
  }
  return { resources, namespaces: [...namespaces].sort(), languages };
}

/**
 * Loads the locales and returns a `Translator`. A missing key comes back as
 * `namespace:key` (never silently empty), so tests can catch it.
 *
 * @example
 * const t = await createTranslator();
 * t.t('fr', 'messages:question.howTo', { n: 3 }); // 'Répondez dans ce fil, ou commencez votre message par R3'
 */
export async function createTranslator(localesDir: string = DEFAULT_LOCALES_DIR): Promise<LoadedTranslator> {
  const { resources, namespaces, languages } = readLocales(localesDir);
  const i18n = createInstance();
  await i18n.init({
    resources,
    ns: namespaces,
    defaultNS: namespaces.includes('messages') ? 'messages' : namespaces[0],
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: languages,
    nsSeparator: ':',
    keySeparator: '.',
    appendNamespaceToMissingKey: true,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
  });
  return {
    namespaces,
    languages,
    t(lang: Lang, key: string, vars?: Record<string, unknown>): string {
      const lng = LANGS.includes(lang) ? lang : 'en';
      const count = typeof vars?.count === 'number' ? vars.count : undefined;
      const context = typeof vars?.context === 'string' ? vars.context : undefined;
      return i18n.t(key, {
        lng,
        replace: vars ?? {},
        ...(count !== undefined ? { count } : {}),
        ...(context !== undefined ? { context } : {}),
      });
    },
  };
}
