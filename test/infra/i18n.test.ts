import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator, readLocales } from '../../src/infra/i18n.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A locales folder with the given files (`en/messages.json` → object). */
function localesDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'roundtable-locales-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('createTranslator over the project locales', () => {
  it('finds the locales at the package root and every namespace in them', async () => {
    const t = await createTranslator();
    expect(t.languages).toEqual(expect.arrayContaining(['en', 'fr']));
    expect(t.namespaces).toEqual(expect.arrayContaining(['messages', 'notice', 'commands', 'web']));
  });

  it('answers in the language asked, with namespace:key and variables', async () => {
    const t = await createTranslator();
    expect(t.t('en', 'messages:question.howTo', { n: 3 })).toBe('Reply in this thread, or start your message with A3');
    expect(t.t('fr', 'messages:question.howTo', { n: 3 })).toBe(
      'Répondez dans ce fil, ou commencez votre message par R3',
    );
    expect(t.t('fr', 'notice:poll-closed')).toBe('Ce sondage est fermé\u00a0: votre vote n’a pas été compté.');
  });

  it('picks the plural form of each language, French “many” included', async () => {
    const t = await createTranslator();
    expect(t.t('en', 'messages:count.votes', { count: 1 })).toBe('1 vote');
    expect(t.t('en', 'messages:count.votes', { count: 0 })).toBe('0 votes');
    expect(t.t('fr', 'messages:count.votes', { count: 0 })).toBe('0 vote');
    expect(t.t('fr', 'messages:count.votes', { count: 2 })).toBe('2 votes');
    expect(t.t('fr', 'messages:count.votes', { count: 1_000_000 })).toBe('1000000 de votes');
  });

  it('picks a wording by context', async () => {
    const t = await createTranslator();
    expect(t.t('fr', 'notice:not-recorded', { context: 'vote' })).toMatch(/^Votre vote n’a pas été enregistré,/);
    expect(t.t('fr', 'notice:not-recorded', { context: 'answer' })).toMatch(/^Votre réponse n’a pas été enregistrée,/);
  });
});

describe('createTranslator on a locales folder', () => {
  it('leaves values unescaped and never interprets text inside a value', async () => {
    const t = await createTranslator(localesDir({ 'en/messages.json': { say: 'Said: {{text}}', other: 'OTHER' } }));
    expect(t.t('en', 'messages:say', { text: '<b>&' })).toBe('Said: <b>&');
    expect(t.t('en', 'messages:say', { text: '{{text}} $t(messages:other)' })).toBe(
      'Said: {{text}} $t(messages:other)',
    );
  });

  it('falls back to English for a key another language lacks', async () => {
    const t = await createTranslator(localesDir({ 'en/web.json': { a: 'A', b: 'B' }, 'fr/web.json': { a: 'À' } }));
    expect(t.t('fr', 'web:a')).toBe('À');
    expect(t.t('fr', 'web:b')).toBe('B');
  });

  it('returns namespace:key for a missing key, so a leak is visible', async () => {
    const t = await createTranslator(localesDir({ 'en/web.json': { a: 'A' } }));
    expect(t.t('en', 'web:nope.deeper')).toBe('web:nope.deeper');
  });

  it('names the file that is not valid JSON', () => {
    const dir = localesDir({ 'en/messages.json': { a: 'A' }, 'fr/messages.json': '{ "a": ' });
    expect(() => readLocales(dir)).toThrow(/fr[/\\]messages\.json is not valid JSON/);
    expect(() => readLocales(dir)).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });

  it('refuses a folder without English, the fallback', () => {
    const dir = localesDir({ 'fr/messages.json': { a: 'A' } });
    expect(() => readLocales(dir)).toThrow(/No English locale/);
  });
});
