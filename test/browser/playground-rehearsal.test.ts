/**
 * The playground during a rehearsal, in Chromium, with one page in English (the organizer)
 * and one in French (a participant, in another browser): the channel keeps following new
 * posts after a poll closes, stays put for a reader who scrolled up and counts what came
 * since; the newest private notice shows in its box and is read in its language with its
 * lines apart; axe finds no `landmark-unique` and nothing serious; and after the chat's
 * natural end the panel says it ended, controls off. Paced with Next, then let run at
 * ROUNDTABLE_SPEED; every wait is on the page's state.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumRequirement } from '../support/requirements.js';
import { startPlayground, type Playground } from '../adapters/playground/playground-server.js';
import { ARGS, axeViolations, endShows, join, rootPost } from './playground-page.js';

const chromium = chromiumRequirement();
const ROOM = 'following';
const SPEED = '120';

/** The words each page uses. */
const WORDS = {
  en: {
    connected: 'Connected',
    help: '/roundtable help',
    spoken: /Commands: For everyone /,
    newPosts: (n: number) => `${n} new post${n === 1 ? ': show it' : 's: show them'}`,
  },
  fr: {
    connected: 'Connexion établie',
    help: '/roundtable aide',
    spoken: /Commandes\u00a0: Pour tout le monde /,
    newPosts: (n: number) =>
      n === 1 ? '1 nouveau message\u00a0: l’afficher' : `${n} nouveaux messages\u00a0: les afficher`,
  },
} as const;
type Lang = keyof typeof WORDS;

/** Scrolls the channel to its top with the mouse wheel, as a reader would, and lets the page see it. */
async function scrollUp(page: Page): Promise<void> {
  await page.locator('#scroller').hover();
  await page.mouse.wheel(0, -20_000);
  await page.waitForFunction(() => document.getElementById('scroller')!.scrollTop === 0);
  // The scroll event is handled before the next frame's callbacks.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

/** The organizer clicks Next and both pages wait for the root post `heading`. */
async function next(organizer: Page, pages: Page[], heading: string): Promise<void> {
  if ((await rootPost(organizer, heading).count()) === 0) await organizer.click('[data-action="next"]');
  for (const page of pages) await rootPost(page, heading).waitFor();
}

/** Sends a command from the composer and waits for its notice to be the newest in the box. */
async function command(page: Page, text: string): Promise<void> {
  await page.evaluate(() => document.querySelector('#notices .notice:last-child')?.setAttribute('data-seen', ''));
  await page.fill('#composer-text', text);
  await page.press('#composer-text', 'Enter');
  await page.waitForFunction(() => {
    const last = document.querySelector('#notices .notice:last-child');
    return last !== null && !last.hasAttribute('data-seen');
  });
}

describe.skipIf(chromium.skip)(`the playground during a rehearsal${chromium.reason}`, () => {
  let pg: Playground;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync('test/artifacts', { recursive: true });
    pg = await startPlayground({ ROUNDTABLE_SPEED: SPEED });
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: chromium.value, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  it('follows new posts, counts them for a reader who scrolled up, shows and reads notices, and follows the end (English and French)', async () => {
    const contexts = await Promise.all(
      (['en-CA', 'fr-CA'] as const).map((locale) =>
        browser.newContext({ viewport: { width: 1280, height: 640 }, locale, bypassCSP: true }),
      ),
    );
    const [alice, bob] = await Promise.all(contexts.map((c) => c.newPage()));
    const pages = { en: alice!, fr: bob! } satisfies Record<Lang, Page>;
    const both = [alice!, bob!];
    const errors: string[] = [];
    for (const page of both) page.on('pageerror', (err) => errors.push(err.message));
    await join(alice!, `${pg.base}/?room=${ROOM}`, 'Alice', true, WORDS.en.connected);
    await join(bob!, `${pg.base}/?room=${ROOM}`, 'Bob', false, WORDS.fr.connected);
    await expect(bob!.locator('html').getAttribute('lang')).resolves.toBe('fr');

    // The organizer starts the 45-minute mini discussion fast, pauses it and paces it with Next.
    await alice!.selectOption('#plan', 'mini-discussion');
    await alice!.selectOption('#speed', SPEED);
    await alice!.click('#start-form button[type="submit"]');
    await alice!.click('#pause');
    await alice!.locator('#run-status', { hasText: 'is paused.' }).waitFor();

    // Poll 1 closes (its results show: the post grows) and Q1 comes at the same time: both pages follow.
    await next(alice!, both, 'Q1');
    for (const page of both) {
      await rootPost(page, 'Poll 1').locator('.results-rows').first().waitFor();
      await expect.poll(() => page.locator('#scroller').evaluate((s) => s.scrollHeight > s.clientHeight)).toBe(true);
      await expect.poll(() => endShows(page.locator('#scroller'), rootPost(page, 'Q1'))).toBe(true);
    }

    // Bob scrolls up: Q2 does not move him, and a button counts it; Alice still follows.
    await scrollUp(bob!);
    await next(alice!, both, 'Q2');
    await expect.poll(() => endShows(alice!.locator('#scroller'), rootPost(alice!, 'Q2'))).toBe(true);
    await expect(alice!.locator('#new-posts').isHidden()).resolves.toBe(true);
    await bob!.locator('#new-posts', { hasText: WORDS.fr.newPosts(1) }).waitFor();
    expect(await bob!.locator('#scroller').evaluate((s) => s.scrollTop)).toBe(0);

    // Alice scrolls up too; Q3 comes: one new post for her, two for Bob; the button brings them.
    await scrollUp(alice!);
    await next(alice!, both, 'Q3');
    for (const [lang, page] of Object.entries(pages) as [Lang, Page][]) {
      const count = lang === 'en' ? 1 : 2;
      const button = page.locator('#new-posts', { hasText: WORDS[lang].newPosts(count) });
      await button.waitFor();
      await expect(endShows(page.locator('#scroller'), rootPost(page, 'Q3'))).resolves.toBe(false);
      await button.click();
      await expect.poll(() => endShows(page.locator('#scroller'), rootPost(page, 'Q3'))).toBe(true);
      await expect(page.locator('#new-posts').isHidden()).resolves.toBe(true);
      // The focus lands on the first post the reader had not seen.
      const first = rootPost(page, lang === 'en' ? 'Q3' : 'Q2').locator('article.post');
      await expect(first.evaluate((node) => node === document.activeElement)).resolves.toBe(true);
    }

    // Seven notices: the box keeps six, the newest in view; the status reads it in its language, lines apart.
    for (const [lang, page] of Object.entries(pages) as [Lang, Page][]) {
      for (let i = 0; i < 7; i++) await command(page, WORDS[lang].help);
      await expect(page.locator('#notices .notice').count()).resolves.toBe(6);
      await expect
        .poll(() => page.locator('#notices').evaluate((list) => list.scrollHeight > list.clientHeight))
        .toBe(true);
      await expect.poll(() => endShows(page.locator('#notices'), page.locator('#notices .notice').last())).toBe(true);
      const status = page.locator('#notice-status');
      await expect.poll(() => status.textContent()).toMatch(WORDS[lang].spoken);
      await expect(status.getAttribute('lang')).resolves.toBe(lang);
      await page.screenshot({ path: `test/artifacts/playground-following-${lang}.png`, fullPage: true });
      const violations = await axeViolations(page);
      expect(
        violations
          .filter((v) => v.id === 'landmark-unique' || v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.text),
      ).toEqual([]);
    }

    // The chat runs to its natural end: poll 2 opens and closes, then the closing post and the recap follow into view.
    await alice!.click('#pause');
    for (const page of both) {
      const recap = page
        .locator('.post-item')
        .filter({ has: page.locator('section[lang="en"] > .post-heading', { hasText: /^Recap: / }) });
      await recap.waitFor({ timeout: 60_000 });
      await expect.poll(() => endShows(page.locator('#scroller'), recap)).toBe(true);
      // The panel follows the run at once: ended, and nothing left to pace.
      await page.locator('[data-action="stop"]:disabled').waitFor();
      for (const action of ['pause', 'next', 'stop'])
        await expect(page.locator(`[data-action="${action}"]`).isDisabled()).resolves.toBe(true);
      await expect
        .poll(() => page.locator('#progress').evaluate((p: HTMLProgressElement) => p.value === p.max))
        .toBe(true);
    }
    await alice!.locator('#run-status', { hasText: 'has ended.' }).waitFor();
    await bob!.locator('#run-status', { hasText: 'est terminée.' }).waitFor();
    expect(errors).toEqual([]);
    for (const c of contexts) await c.close();
  }, 180_000);
});
