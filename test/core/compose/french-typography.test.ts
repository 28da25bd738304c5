/** French typography applied to French text people wrote, before the bot posts it. */
import { describe, expect, it } from 'vitest';
import { frenchTypography } from '../../../src/core/compose/french-typography.js';
import { loc } from '../../../src/core/compose/compose-text.js';

const N = '\u00a0';

describe('frenchTypography', () => {
  it('puts a non-breaking space before ? ! ; : and %, and inside « »', () => {
    expect(frenchTypography('Prêts? On commence: « go »!')).toBe(`Prêts${N}? On commence${N}: «${N}go${N}»${N}!`);
    expect(frenchTypography('Êtes-vous prêts ?')).toBe(`Êtes-vous prêts${N}?`);
    expect(frenchTypography('Vraiment ?! Oui ; non')).toBe(`Vraiment${N}?! Oui${N}; non`);
    expect(frenchTypography('45% des gens, 12 % ici')).toBe(`45${N}% des gens, 12${N}% ici`);
    expect(frenchTypography('Le «mot»')).toBe(`Le «${N}mot${N}»`);
  });

  it('leaves links, times, code and platform markup alone', () => {
    expect(frenchTypography('Voir https://ex.ca/a?b=c:d à 20:00')).toBe('Voir https://ex.ca/a?b=c:d à 20:00');
    expect(frenchTypography('Tapez `/rt lang fr: ok?` puis <@U123>')).toBe('Tapez `/rt lang fr: ok?` puis <@U123>');
    expect(frenchTypography('A1:B2 et mailto:x')).toBe('A1:B2 et mailto:x');
  });

  it('is idempotent', () => {
    for (const s of ['Prêts ? « oui » ; 5 %', 'Déjà\u00a0: ok', 'Q1 : déjà'])
      expect(frenchTypography(frenchTypography(s))).toBe(frenchTypography(s));
  });
});

describe('loc', () => {
  it('gives French text with French typography, and English text as written', () => {
    const text = { en: 'Ready? Go: now!', fr: 'Prêts? On y va: maintenant!' };
    expect(loc(text, 'en')).toBe('Ready? Go: now!');
    expect(loc(text, 'fr')).toBe(`Prêts${N}? On y va${N}: maintenant${N}!`);
  });
});
