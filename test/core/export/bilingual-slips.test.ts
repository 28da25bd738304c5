/**
 * The slips issue 13 found in texts that carry both languages: the HTML chart's labels and
 * percentages, the export file's description, the series' people, plan problems with one
 * item, and notices around a title that ends with its own punctuation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Translator } from '../../../src/core/ports.js';
import { barChart } from '../../../src/core/export/html-bar-chart.js';
import { buildTranscript } from '../../../src/core/export/export-data.js';
import { exportHtml } from '../../../src/core/export/export-html.js';
import { buildSeriesReport, trendSentences } from '../../../src/core/export/series-report.js';
import { renderExport } from '../../../src/infra/create-exporter.js';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import { visibleMarkup } from '../../support/fake-translator.js';
import { loadFixture } from '../../fixtures/exports/load-fixture.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

const N = '\u00a0';

describe('the HTML report in both languages', () => {
  it('shows each language of a long option label in full, on its own line', () => {
    const en = 'Regular check-ins with my manager and the right to make mistakes openly';
    const fr = 'Des rencontres régulières avec ma gestionnaire et le droit à l’erreur';
    const svg = barChart('p1', 'Votes', [
      {
        labels: [
          { lang: 'en', text: en },
          { lang: 'fr', text: fr },
        ],
        value: 2,
        shown: '2 (100%)',
      },
    ]);
    expect(svg).toContain(`lang="en" fill="#1b1b1b" font-size="14">${en}</text>`);
    expect(svg).toContain(`lang="fr" fill="#1b1b1b" font-size="14">${fr.replace('’', '’')}</text>`);
  });

  it('writes each percentage as each language does: 25% and 25 %', () => {
    const html = exportHtml(buildTranscript(loadFixture('circuit-talks')), { translator: t });
    expect(html).toContain(`<td class="num"><span lang="en">25%</span> / <span lang="fr">25${N}%</span></td>`);
    expect(html).toContain(`1 (25% / 25${N}%)</text>`);
  });

  it('describes the export file in every language of the plan', () => {
    const file = renderExport(loadFixture('circuit-talks'), 'csv', t);
    expect(file.title).toContain('Answers and votes (CSV)');
    expect(file.title).toContain(`Réponses et votes (CSV)${N}:`);
  });
});

describe('singular and plural', () => {
  it('says 0 personne and 1 personne in French, 1 person in English', () => {
    const report = buildSeriesReport('circuit-talks', [loadFixture('circuit-talks')]);
    expect(trendSentences({ ...report, distinctPeople: 0 }, t, 'fr').at(-1)).toMatch(/^0 personne a pris part/);
    expect(trendSentences({ ...report, distinctPeople: 1 }, t, 'en').at(-1)).toMatch(/^1 person took part/);
    expect(trendSentences({ ...report, distinctPeople: 30000 }, t, 'fr').at(-1)).toMatch(
      /^30\s000 personnes différentes/,
    );
  });

  it('says “has 1 option”, not “has 1 options”', () => {
    expect(t.t('en', 'plan:options_count', { number: 1, count: 1, min: 2, max: 10 })).toMatch(/^Poll 1 has 1 option:/);
    expect(t.t('fr', 'plan:questions_count', { count: 1, min: 1, max: 50 })).toMatch(/^Ce plan a 1 question\u00a0:/);
  });
});

describe('notices around a title', () => {
  const shown = (
    key: 'already-running' | 'status-paused' | 'started',
    lang: 'en' | 'fr',
    vars: Record<string, string | number>,
  ) =>
    composeMessage({ kind: 'notice', langs: [lang], key, vars }, t, visibleMarkup, { lang })
      .sections.flatMap((s) => s.paragraphs)
      .join('\n');

  it('quotes a title that ends with its own question mark, so no “?.” follows it', () => {
    expect(shown('already-running', 'en', { title: 'Are we ready?' })).toMatch(
      /^“\[?Are we ready\?\]?” is already running here\. End it/,
    );
    expect(shown('already-running', 'fr', { title: 'Sommes-nous prêts ?' })).not.toMatch(/\?\./);
  });

  it('does not tell participants to type an organizer command when a chat is paused', () => {
    expect(shown('status-paused', 'en', { title: 'Open work' })).not.toMatch(/^.*Type `/);
    expect(shown('status-paused', 'en', { title: 'Open work' })).toMatch(/until an organizer resumes it/);
  });

  it('agrees in French with “la discussion”, whatever the title', () => {
    expect(t.t('fr', 'web:statusEnded', { title: 'Travailler de façon ouverte' })).toBe(
      `La discussion «${N}Travailler de façon ouverte${N}» est terminée.`,
    );
  });
});
