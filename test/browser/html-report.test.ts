/**
 * The HTML reports in a real browser: headless Chromium opens the run report and the series
 * report, with no console error, a text alternative for every chart, no serious or
 * critical axe-core violation, and a screenshot kept under test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Translator } from '../../src/core/ports.js';
import { buildTranscript } from '../../src/core/export/export-data.js';
import { buildSeriesReport } from '../../src/core/export/series-report.js';
import { exportHtml } from '../../src/core/export/export-html.js';
import { seriesHtml } from '../../src/core/export/html-series-report.js';
import { createTranslator } from '../../src/infra/i18n.js';
import { detectLanguage } from '../../src/infra/detect-language.js';
import { chromiumRequirement } from '../support/requirements.js';
import { loadFixture, loadSeriesFixture } from '../fixtures/exports/load-fixture.js';

const chromiumBin = chromiumRequirement();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

describe.skipIf(chromiumBin.skip)(`HTML reports in Chromium${chromiumBin.reason}`, () => {
  let browser: Browser;
  let t: Translator;

  beforeAll(async () => {
    t = await createTranslator();
    browser = await chromium.launch({ executablePath: chromiumBin.value, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens `html` with every network request refused (the report must need none), collecting console errors. */
  async function open(html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(
      async () => (await (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run()) as AxeResult,
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  /** Every chart: role img, a non-empty accessible name, and a data table in the same figure. */
  async function chartsWithoutAlternative(page: Page): Promise<string[]> {
    return page.$$eval('svg', (svgs) =>
      svgs
        .filter((svg) => {
          const title = svg.querySelector('title')?.textContent?.trim() ?? '';
          const label = svg.getAttribute('aria-label')?.trim() ?? '';
          const table = svg.closest('figure')?.querySelector('table caption');
          return svg.getAttribute('role') !== 'img' || !title || !label || !table;
        })
        .map((svg) => svg.id || 'svg without id'),
    );
  }

  it('opens the run report cleanly, accessible, and saves a screenshot', async () => {
    const input = { ...loadFixture('circuit-talks'), detectLanguage };
    const { page, errors, requests } = await open(
      exportHtml(buildTranscript(input), { translator: t, detectLanguage }),
    );
    expect(await page.$$eval('svg', (s) => s.length)).toBe(3);
    expect(await chartsWithoutAlternative(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.title()).toContain('Chat report / Rapport de discussion');
    // User text is shown as typed, never as markup.
    expect(await page.textContent('body')).toContain('<!channel> read the *privacy* guidance first');
    expect(await page.$$eval('main img, main script', (els) => els.length)).toBe(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}html-report.png`, fullPage: true });
    await page.close();
  });

  it('opens the series report cleanly, accessible, and saves a screenshot', async () => {
    const report = buildSeriesReport('circuit-talks', [...loadSeriesFixture(), loadFixture('circuit-talks')]);
    const { page, errors, requests } = await open(seriesHtml(report, t));
    expect(await chartsWithoutAlternative(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}series-report.png`, fullPage: true });
    await page.close();
  });
});
