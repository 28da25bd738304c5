import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALES_DIR, readLocales } from '../src/infra/i18n.js';
import type { NoticeKey } from '../src/core/engine/messages.js';
import { HELP_EVERYONE, HELP_ORGANIZERS } from '../src/core/compose/compose-notice.js';

const NOTICE_KEYS = [
  'not-organizer',
  'no-run-here',
  'already-running',
  'unknown-plan',
  'invalid-plan',
  'started',
  'stopped',
  'paused',
  'resumed',
  'not-paused',
  'already-paused',
  'no-next',
  'question-added',
  'poll-added',
  'unknown-question',
  'answer-late',
  'change-late',
  'poll-closed',
  'poll-unknown',
  'vote-recorded',
  'vote-withdrawn',
  'vote-kept',
  'vote-none',
  'vote-too-many',
  'lang-set',
  'usage',
  'both-languages',
  'unknown-command',
  'scheduled',
  'unscheduled',
  'not-scheduled',
  'forgotten',
  'registered',
  'not-recorded',
  'status-idle',
  'status-running',
  'status-paused',
  'plans-list',
  'help',
  'no-recap',
  'export-ready',
  'export-link',
  'command-failed',
  'start-failed',
  'too-long',
  'empty-answer',
  'editor-link',
  'editor-needs-public-url',
  'plan-file-link',
  'plan-file-sent',
  'plan-deleted',
  'plan-deleted-unscheduled',
  'plan-from-file',
  'plan-running',
] as const satisfies readonly NoticeKey[];
/** Fails to compile when a NoticeKey is added to messages.ts and not listed here. */
const everyNoticeKeyListed: Exclude<NoticeKey, (typeof NOTICE_KEYS)[number]> extends never ? true : false = true;

/** Namespaces whose texts are composed into chat messages as trusted markup. */
const CHAT_NAMESPACES = ['messages', 'notice', 'commands'];

const PLURAL = /_(zero|one|two|few|many|other)$/;
const NBSP = /[\u00a0\u202f]/;

type Flat = Map<string, string>;

function flatten(value: unknown, prefix: string, out: Flat, problems: string[]): Flat {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out, problems);
  } else problems.push(`${prefix} is not a string`);
  return out;
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();
}

/**
 * What breaks French typography in `value`: a colon, semicolon, `!`, `?`, `%` or `»`
 * without a non-breaking space before it, or `«` without one after it. URLs, times
 * written `00:00`, `{{vars}}` (counted as a word) and backticked code are ignored.
 */
function frenchTypographyProblems(value: string): string[] {
  const text = value
    .replace(/`[^`]*`/g, 'CODE')
    .replace(/https?:\/\/\S*/g, 'URL')
    .replace(/\d:\d/g, '0h0')
    .replace(/\{\{[^}]*\}\}/g, 'VAR');
  const problems: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (':;!?%»'.includes(ch) && !NBSP.test(text[i - 1] ?? '') && !':;!?'.includes(text[i - 1] ?? ''))
      problems.push(`no non-breaking space before “${ch}” at ${i}`);
    if (ch === '«' && !NBSP.test(text[i + 1] ?? '')) problems.push(`no non-breaking space after “«” at ${i}`);
  }
  return problems;
}

/**
 * Slips in one text: a period after `?` or `!` ("ready?."), doubled spaces, a space before
 * a comma or period, and a text variable of people's words (a title, a question, an answer)
 * right before punctuation, where the words' own `?` would give "are we ready?. End it".
 */
function slips(value: string): string[] {
  const problems: string[] = [];
  if (/[?!]\s*\./.test(value)) problems.push('a period after ? or !');
  if (/ {2,}/.test(value)) problems.push('two spaces in a row');
  if (/ [,.](?!\.)/.test(value.replace(/`[^`]*`/g, 'CODE'))) problems.push('a space before a comma or period');
  if (/\{\{(title|question|text)\}\}[.,:;!?]/.test(value))
    problems.push('people’s words right before punctuation: quote them or reword');
  return problems;
}

/** Nouns that take the plural after a number: a number before one of them needs plural forms. */
const COUNTED =
  /^(answers?|réponses?|votes?|people|persons?|personnes?|participants?|questions?|polls?|sondages?|options?|choix|minutes?|hours?|heures?|replies|reply|reactions?|réactions?|plans?|fields?|champs|characters?|caractères|runs?|séances?|days?|jours?)$/;

/** Variables that are no number (the command's name) or only ever 2 or more (limits, lengths over a limit, runs in a trend). */
const NOT_ONE = new Set(['command', 'help', 'max', 'min', 'length', 'runs']);

/** Problems of singular and plural in one flat namespace: numbers before nouns outside plural keys, a count without _one and _other. */
function pluralProblems(m: Flat): string[] {
  const problems: string[] = [];
  const keys = new Set(m.keys());
  for (const [key, value] of m) {
    const plural = PLURAL.test(key);
    for (const hit of value.matchAll(/\{\{(\w+)\}\}[ \u00a0]([\p{L}’']+)/gu)) {
      const [, name, noun] = hit as unknown as [string, string, string];
      if (!plural && COUNTED.test(noun) && !NOT_ONE.has(name))
        problems.push(`${key}: “{{${name}}} ${noun}” needs _one/_other forms chosen by count`);
    }
    if (/\{\{count\}\}[ \u00a0]\p{L}/u.test(value) && !plural)
      problems.push(`${key}: {{count}} before a word outside a plural key`);
    if (plural) {
      const base = key.replace(PLURAL, '');
      for (const form of ['one', 'other']) if (!keys.has(`${base}_${form}`)) problems.push(`${base}: no _${form} form`);
    }
  }
  return problems;
}

/** Every source file that may translate a key: the TypeScript sources and the playground's scripts. */
function sourceTexts(): string {
  const root = path.join(DEFAULT_LOCALES_DIR, '..', 'src');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : [],
    );
  return walk(root)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

const { resources, languages } = readLocales();
const files = (lang: string): string[] =>
  readdirSync(path.join(DEFAULT_LOCALES_DIR, lang))
    .filter((f) => f.endsWith('.json'))
    .sort();
const flat = (lang: string, ns: string): Flat => {
  const problems: string[] = [];
  const out = flatten(resources[lang]?.[ns], '', new Map(), problems);
  expect(problems, `${lang}/${ns}.json`).toEqual([]);
  return out;
};

describe('French typography checker', () => {
  it('flags an ordinary space or no space before : ; ! ? % » and after «', () => {
    expect(frenchTypographyProblems('Bilan : suite')).toHaveLength(1);
    expect(frenchTypographyProblems('Bilan: suite')).toHaveLength(1);
    expect(frenchTypographyProblems('Vraiment ?')).toHaveLength(1);
    expect(frenchTypographyProblems('« titre »')).toHaveLength(2);
    expect(frenchTypographyProblems('75 %')).toHaveLength(1);
  });

  it('accepts non-breaking spaces and ignores code, URLs and variables', () => {
    expect(frenchTypographyProblems('Bilan\u00a0: suite\u202f; «\u00a0titre\u00a0» 75\u00a0%')).toEqual([]);
    expect(frenchTypographyProblems('Tapez `/roundtable lang en|fr: ok?` ou https://example.ca/a?b=c:d')).toEqual([]);
    expect(frenchTypographyProblems('{{label}}\u00a0: {{bar}}')).toEqual([]);
    expect(frenchTypographyProblems('{{label}}: {{bar}}')).toHaveLength(1);
    expect(frenchTypographyProblems('de 00:00 à 23:59, lien https:// complet')).toEqual([]);
  });
});

describe('locales', () => {
  it('has English and French with the same files', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'fr']));
    for (const lang of languages) expect(files(lang), lang).toEqual(files('en'));
  });

  for (const file of files('en')) {
    const ns = file.replace(/\.json$/, '');
    describe(file, () => {
      const en = flat('en', ns);

      for (const lang of languages.filter((l) => l !== 'en')) {
        const other = flat(lang, ns);

        it(`${lang} has the same keys as en (plural forms by each language's rules)`, () => {
          const bases = (m: Flat): string[] => [...new Set([...m.keys()].map((k) => k.replace(PLURAL, '')))].sort();
          expect(bases(other)).toEqual(bases(en));
        });

        it(`${lang} uses the same {{variables}} as en in every text`, () => {
          const varsByBase = (m: Flat): Map<string, string> => {
            const out = new Map<string, Set<string>>();
            for (const [k, v] of m) {
              const base = k.replace(PLURAL, '');
              const set = out.get(base) ?? new Set<string>();
              variables(v).forEach((x) => set.add(x));
              out.set(base, set);
            }
            return new Map([...out].map(([k, s]) => [k, [...s].sort().join(',')]));
          };
          expect(Object.fromEntries(varsByBase(other))).toEqual(Object.fromEntries(varsByBase(en)));
        });
      }

      it('has every plural form each language needs', () => {
        for (const lang of languages) {
          const keys = [...flat(lang, ns).keys()];
          const bases = new Set(keys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
          const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
          for (const base of bases)
            for (const c of categories) expect(keys, `${lang} ${ns}:${base}_${c}`).toContain(`${base}_${c}`);
        }
      });

      it('has no empty text', () => {
        for (const lang of languages)
          for (const [k, v] of flat(lang, ns)) expect(v.trim(), `${lang} ${ns}:${k}`).not.toBe('');
      });

      it('follows French typography in French', () => {
        const problems = [...flat('fr', ns)].flatMap(([k, v]) =>
          frenchTypographyProblems(v).map((p) => `${ns}:${k}: ${p}`),
        );
        expect(problems).toEqual([]);
      });

      it('has no slip: “?.”, double spaces, a space before a comma, people’s words before punctuation', () => {
        const problems = languages.flatMap((lang) =>
          [...flat(lang, ns)].flatMap(([k, v]) => slips(v).map((p) => `${lang} ${ns}:${k}: ${p}`)),
        );
        expect(problems).toEqual([]);
      });

      it('puts every number before a counted noun in a key with _one and _other forms', () => {
        const problems = languages.flatMap((lang) => pluralProblems(flat(lang, ns)).map((p) => `${lang} ${ns}:${p}`));
        expect(problems).toEqual([]);
      });

      if (CHAT_NAMESPACES.includes(ns)) {
        it('holds no character a chat platform reads as markup (< > &)', () => {
          for (const lang of languages)
            for (const [k, v] of flat(lang, ns)) expect(v, `${lang} ${ns}:${k}`).not.toMatch(/[<>&]/);
        });
      }
    });
  }

  it('translates every key with plural forms with a count, where the sources name it', () => {
    const sources = sourceTexts();
    const problems: string[] = [];
    for (const file of files('en')) {
      const ns = file.replace(/\.json$/, '');
      const bases = new Set([...flat('en', ns).keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of bases) {
        const name = `'${ns}:${base}'`;
        for (let at = sources.indexOf(name); at >= 0; at = sources.indexOf(name, at + 1)) {
          const call = sources.slice(at, at + 300).split(/\)\s*[,;)\]]/)[0]!; // a call may span lines (Prettier)
          if (!/\bcount\b/.test(call)) problems.push(`${name} without count: ${call}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('catches the slips it is meant to catch', () => {
    expect(slips('A chat is already running here: {{title}}. End it')).toHaveLength(1);
    expect(slips('are we ready?. End it')).toHaveLength(1);
    expect(slips('Two  spaces')).toHaveLength(1);
    const m: Flat = new Map([
      ['options_count', 'Poll {{number}} has {{count}} options'],
      ['people', '{{count}} personnes différentes'],
    ]);
    expect(pluralProblems(m)).toHaveLength(4);
  });

  it('has a notice text for every NoticeKey, in every language', () => {
    expect(everyNoticeKeyListed).toBe(true);
    for (const lang of languages) {
      const keys = new Set([...flat(lang, 'notice').keys()].map((k) => k.replace(PLURAL, '')));
      for (const key of NOTICE_KEYS) expect(keys, `${lang} notice:${key}`).toContain(key);
    }
  });

  it('has a usage line and a help line for every sub-command the help lists, and no other', () => {
    const subs = [...HELP_EVERYONE, ...HELP_ORGANIZERS].sort();
    for (const lang of languages) {
      const keys = [...flat(lang, 'commands').keys()];
      expect(
        keys
          .filter((k) => k.startsWith('usage.'))
          .map((k) => k.slice(6))
          .sort(),
        lang,
      ).toEqual(subs);
      for (const sub of subs) expect(keys, `${lang} commands:help.${sub}`).toContain(`help.${sub}`);
    }
  });

  it('tells how to answer with A<n> in English and R<n> in French', () => {
    expect(flat('en', 'messages').get('question.howTo')).toBe(
      'Reply in this thread, or start your message with A{{n}}',
    );
    expect(flat('fr', 'messages').get('question.howTo')).toBe(
      'Répondez dans ce fil, ou commencez votre message par R{{n}}',
    );
  });
});
