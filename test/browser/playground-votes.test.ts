/**
 * The playground in Chromium, for what a person sees of their own vote and messages: a
 * double click on an option is one vote, shown as the pressed button (`aria-pressed`);
 * "Withdraw my vote" releases it; an empty message, a bare `A1` and a 50,000-character
 * paste (not cut by the page) each get a notice. The run is paced with Next, so nothing
 * depends on timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumRequirement } from '../support/requirements.js';
import { startPlayground, type Playground } from '../adapters/playground/playground-server.js';

const chromium = chromiumRequirement();
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
const ROOM = 'browser-votes';

/** The root post whose heading (in English) is exactly `heading`. */
function rootPost(page: Page, heading: string): Locator {
  return page
    .locator('.post-item')
    .filter({ has: page.locator('section[lang="en"] > .post-heading', { hasText: new RegExp(`^${heading}$`) }) });
}

/** The organizer's page, with the example plan paused once poll 1 is out. */
async function pollOut(page: Page, base: string): Promise<Locator> {
  await page.goto(`${base}/?room=${ROOM}`);
  await page.locator('#plan option').first().waitFor({ state: 'attached' });
  await page.fill('#name', 'Alice');
  await page.press('#name', 'Tab');
  await page.check('#organizer');
  await page.locator('#connection', { hasText: 'Connected' }).waitFor();
  await page.selectOption('#plan', 'leadersgc-monthly');
  await page.selectOption('#speed', '60');
  await page.click('#start-form button[type="submit"]');
  await page.locator('.post-heading', { hasText: 'Welcome to “Working in the open”' }).waitFor();
  await page.click('#pause');
  await page.locator('#run-status', { hasText: 'is paused' }).waitFor();
  for (let i = 0; i < 6 && (await rootPost(page, 'Poll 1').count()) === 0; i++) {
    const posts = await page.locator('.post.bot').count();
    await page.click('[data-action="next"]');
    await page.waitForFunction((n) => document.querySelectorAll('.post.bot').length > n, posts);
  }
  return rootPost(page, 'Poll 1');
}

describe.skipIf(chromium.skip)(`the playground: own votes and refused messages${chromium.reason}`, () => {
  let pg: Playground;
  let browser: Browser;

  beforeAll(async () => {
    pg = await startPlayground();
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: chromium.value, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  it('shows the voter’s choice on the pressed button, keeps it on a double click, withdraws it on request; never drops a message silently', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-CA' });
    const page = await context.newPage();
    const poll = await pollOut(page, pg.base);
    const weekly = poll.locator('button.vote', { hasText: 'Every week / Chaque semaine' });
    const notices = page.locator('#notices .notice');

    await weekly.dblclick();
    await expect.poll(() => notices.filter({ hasText: 'Your vote is recorded: Every week' }).count()).toBe(2);
    await poll.locator('section[lang="en"] .results-note', { hasText: /^1 vote$/ }).waitFor();
    await expect(weekly.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(poll.locator('button.vote[aria-pressed="true"]').count()).resolves.toBe(1);

    await poll.locator('button.vote.withdraw', { hasText: 'Withdraw my vote / Retirer mon vote' }).click();
    await notices.filter({ hasText: 'Your vote is withdrawn.' }).waitFor();
    await poll.locator('section[lang="en"] .results-note', { hasText: /^No votes yet\.$/ }).waitFor();
    await expect(weekly.getAttribute('aria-pressed')).resolves.toBe('false');

    // An empty message, a bare A1 and a paste of 50,000 characters each get a word.
    await page.fill('#composer-text', '   ');
    await page.press('#composer-text', 'Enter');
    await notices.filter({ hasText: 'Your message is empty: type something first.' }).waitFor();
    await page.fill('#composer-text', 'A1');
    await page.press('#composer-text', 'Enter');
    await notices.filter({ hasText: 'Your message has no answer in it' }).waitFor();
    await page.fill('#composer-text', `A1 ${'x'.repeat(50_000)}`);
    await expect(
      page.locator('#composer-text').evaluate((area: HTMLTextAreaElement) => area.value.length),
    ).resolves.toBe(50_003);
    await page.press('#composer-text', 'Enter');
    await notices.filter({ hasText: 'Your text is too long: keep it to at most 4000 characters.' }).waitFor();
    await context.close();
  }, 90_000);
});
