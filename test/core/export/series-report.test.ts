import { beforeAll, describe, expect, it } from 'vitest';
import type { Translator } from '../../../src/core/ports.js';
import { buildSeriesReport, seriesMarkdown, trendSentences } from '../../../src/core/export/series-report.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import { seriesHtml } from '../../../src/core/export/html-series-report.js';
import { loadFixture, loadSeriesFixture, readExpected } from '../../fixtures/exports/load-fixture.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

const series = () => [...loadSeriesFixture(), loadFixture('circuit-talks')];

describe('series report', () => {
  it('keeps the runs of the plan only, oldest first', () => {
    const report = buildSeriesReport('circuit-talks', series());
    expect(report.rows.map((r) => [r.runId, r.date])).toEqual([
      ['circuit-talks-2025-12', '2025-12-18'],
      ['circuit-talks-2026-01', '2026-01-29'],
      ['circuit-talks-2026-02', '2026-02-26'],
    ]);
  });

  it('tells first-time from returning people by their first run in the series', () => {
    const rows = buildSeriesReport('circuit-talks', series()).rows;
    // Dec: Alice, Benoît, Hugo answered, Inès only voted (named): all new; one anonymous-only voter.
    expect(rows[0]).toMatchObject({
      participants: 5,
      firstTime: 4,
      returning: 0,
      anonymousOnly: 1,
      answers: 3,
      polls: 2,
    });
    // Jan: Alice returns; Chloé and Jay are new; the anonymous poll never opened.
    expect(rows[1]).toMatchObject({
      participants: 3,
      firstTime: 2,
      returning: 1,
      anonymousOnly: 0,
      answers: 3,
      polls: 1,
    });
    // Feb: Alice, Benoît, Chloé return; Dev, Erin, Grace, Fatima are new.
    expect(rows[2]).toMatchObject({
      participants: 8,
      firstTime: 4,
      returning: 3,
      anonymousOnly: 1,
      answers: 8,
      polls: 2,
    });
  });

  it('measures poll turnout as voters over participants, averaged over the polls', () => {
    const rows = buildSeriesReport('circuit-talks', series()).rows;
    expect(rows[0]!.turnout).toBeCloseTo((3 / 5 + 2 / 5) / 2);
    expect(rows[1]!.turnout).toBeCloseTo(1 / 3);
    expect(rows[2]!.turnout).toBeCloseTo((4 / 8 + 3 / 8) / 2);
  });

  it('gives the trend: the last change and the slope of participants per run', () => {
    const report = buildSeriesReport('circuit-talks', series());
    expect(report.trend.previous).toBe(3);
    expect(report.trend.latest).toBe(8);
    expect(report.trend.slope).toBeCloseTo(1.5);
    expect(report.distinctPeople).toBe(10);
    expect(trendSentences(report, t, 'fr')[0]).toBe(
      'Participation\u00a0: 3 à la séance précédente, 8 à la dernière (+5, +167\u00a0%).',
    );
  });

  it('says when there is only one run, and when there is none', () => {
    const one = buildSeriesReport('circuit-talks', [loadFixture('circuit-talks')]);
    expect(one.trend).toEqual({});
    expect(trendSentences(one, t, 'en')[0]).toBe('Only one run so far: the trend shows from the second run on.');
    expect(seriesMarkdown(buildSeriesReport('nothing-here', series()), t)).toContain(
      'No run of this plan is stored. / Aucune séance de ce plan n’est enregistrée.',
    );
  });

  it('matches the reviewed Markdown and HTML reports', () => {
    const report = buildSeriesReport('circuit-talks', series());
    expect(seriesMarkdown(report, t)).toBe(readExpected('circuit-talks-series.md'));
    expect(seriesHtml(report, t)).toBe(readExpected('circuit-talks-series.html'));
  });

  it('draws the trend chart as an accessible image next to its data table', () => {
    const html = seriesHtml(buildSeriesReport('circuit-talks', series()), t);
    expect(html).toMatch(
      /<figure>\n<svg [^>]*role="img"[^>]*aria-label="Line chart of participants[^"]*"[^>]*><title id="series-chart-title">/,
    );
    expect(html).toMatch(/<\/svg>\n<table>\n<caption>/);
  });
});
