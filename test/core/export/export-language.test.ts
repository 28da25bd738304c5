import { beforeAll, describe, expect, it } from 'vitest';
import type { Translator } from '../../../src/core/ports.js';
import { buildTranscript } from '../../../src/core/export/export-data.js';
import { exportMarkdown } from '../../../src/core/export/export-markdown.js';
import { detectLanguage } from '../../../src/infra/detect-language.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import { exportHtml } from '../../../src/core/export/export-html.js';
import { loadFixture } from '../../fixtures/exports/load-fixture.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

describe('detectLanguage', () => {
  it('recognizes English and French answers', () => {
    expect(detectLanguage('Not yet: accuracy still varies too much across groups of people.')).toBe('en');
    expect(detectLanguage('Weekly check-ins with my manager help me a lot')).toBe('en');
    expect(detectLanguage('Pas encore. Il faut d’abord une évaluation des facteurs relatifs à la vie privée.')).toBe(
      'fr',
    );
    expect(detectLanguage('Des rencontres chaque semaine avec ma gestionnaire')).toBe('fr');
  });

  it('says unknown for answers under four words', () => {
    expect(detectLanguage('Merci!')).toBe('unknown');
    expect(detectLanguage('+1 👍 so true')).toBe('unknown');
  });
});

describe('language of answers in exports', () => {
  it('counts answers per language in the figures when a detector is given', () => {
    const input = { ...loadFixture('circuit-talks'), detectLanguage };
    const share = buildTranscript(input).recap.languageShare!;
    expect(share.en + share.fr + share.unknown).toBe(input.answers.length);
    expect(share.fr).toBe(2);
    const md = exportMarkdown(buildTranscript(input), t);
    expect(md).toContain(`| Answers in French / Réponses en français | 2 |`);
  });

  it('marks each shown answer with its language in the HTML report', () => {
    const input = { ...loadFixture('circuit-talks'), detectLanguage };
    const html = exportHtml(buildTranscript(input), { translator: t, detectLanguage });
    expect(html).toContain(
      '<span lang="fr">Les données ouvertes aident les équipes à mesurer les émissions de leurs bâtiments.</span>',
    );
    expect(html).toContain('<span lang="en">Not yet: accuracy still varies too much across groups of people.</span>');
  });
});
