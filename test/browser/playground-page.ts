/**
 * Test support for the playground in Chromium: the launch flags, joining a room as a named
 * person, axe-core findings, and where an element sits in a scrolled box. Shared by the
 * browser tests so each stays about one story.
 */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Chromium's flags for these tests: headless, no network of its own, no sandbox (containers). */
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The axe-core violations of the page as it is now, as `rule (impact): help (targets)`. */
export async function axeViolations(page: Page): Promise<{ id: string; impact?: string; text: string }[]> {
  await page.addScriptTag({ path: AXE });
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
      }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: results.violations, passes: results.passes.length };
  });
  // axe did run its rules (color contrast, labels, ARIA, landmarks…) on this page.
  expect(passes).toBeGreaterThan(20);
  return violations.map((v) => ({
    id: v.id,
    ...(v.impact ? { impact: v.impact } : {}),
    text: `${v.id} (${v.impact ?? '?'}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  }));
}

/** Serious and critical axe-core violations of the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.text);
}

/** Opens room `room` and takes part as `name` (the organizer when `organizer`); `connected` is the page's word for it. */
export async function join(
  page: Page,
  url: string,
  name: string,
  organizer: boolean,
  connected = 'Connected',
): Promise<void> {
  await page.goto(url);
  await page.locator('#plan option').first().waitFor({ state: 'attached' });
  await page.fill('#name', name);
  await page.press('#name', 'Tab');
  if (organizer) await page.check('#organizer');
  await page.locator('#connection', { hasText: connected }).waitFor();
}

/** The root post whose heading (in English) is exactly `heading`. */
export function rootPost(page: Page, heading: string): Locator {
  return page
    .locator('.post-item')
    .filter({ has: page.locator('section[lang="en"] > .post-heading', { hasText: new RegExp(`^${heading}$`) }) });
}

/** Whether the end of `target` shows inside the visible part of `box` (a scrolled element). */
export async function endShows(box: Locator, target: Locator): Promise<boolean> {
  const outer = await box.boundingBox();
  const inner = await target.boundingBox();
  if (!outer || !inner) return false;
  const bottom = inner.y + inner.height;
  return bottom <= outer.y + outer.height + 2 && bottom > outer.y;
}
