/**
 * The playground in Chromium: two people in two pages rehearse the example plan at 60×
 * (paused, then paced with Next so nothing depends on timing): answers in Q1's thread, an
 * A2 message, votes from both pages, a refusal only the participant sees, the recap's
 * figures, keyboard-only answering and voting, axe-core with no serious or critical
 * violation (English and French), and screenshots (test/artifacts/; docs/playground.png with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumRequirement } from '../support/requirements.js';
import { startPlayground, type Playground } from '../adapters/playground/playground-server.js';
import { ARGS, join as joinRoom, rootPost, seriousViolations } from './playground-page.js';

const chromium = chromiumRequirement();
const ROOM = 'browser-rehearsal';

/** Takes part as `name` (the organizer when `organizer`). */
function join(page: Page, base: string, name: string, organizer: boolean): Promise<void> {
  return joinRoom(page, `${base}/?room=${ROOM}`, name, organizer);
}

describe.skipIf(chromium.skip)(`the playground in a browser${chromium.reason}`, () => {
  let pg: Playground;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync('test/artifacts', { recursive: true });
    pg = await startPlayground();
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: chromium.value, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  it('rehearses a chat with two participants, from start to recap', async () => {
    // bypassCSP lets the test inject axe-core; the page itself never runs inline script.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      locale: 'en-CA',
      bypassCSP: true,
    });
    const alice = await context.newPage();
    const bob = await context.newPage();
    const errors: string[] = [];
    for (const page of [alice, bob]) page.on('pageerror', (err) => errors.push(err.message));
    await join(alice, pg.base, 'Alice', true);
    await join(bob, pg.base, 'Bob', false);

    // The names this browser used are offered again; who a name is comes from the server.
    const names = await bob.evaluate(
      () => JSON.parse(window.localStorage.getItem('roundtable.playground.names') ?? '[]') as string[],
    );
    expect(names.sort()).toEqual(['Alice', 'Bob']);

    // The organizer starts the example plan at 60×, pauses it, and paces it with Next until Q2 is out.
    await alice.selectOption('#plan', 'leadersgc-monthly');
    await alice.selectOption('#speed', '60');
    await alice.click('#start-form button[type="submit"]');
    for (const page of [alice, bob])
      await page.locator('.post-heading', { hasText: 'Welcome to “Working in the open”' }).waitFor();
    await alice.click('#pause');
    await alice.locator('#run-status', { hasText: '“Working in the open” is paused.' }).waitFor();
    for (let i = 0; i < 3 && (await rootPost(alice, 'Q2').count()) === 0; i++) {
      const posts = await alice.locator('.post.bot').count();
      await alice.click('[data-action="next"]');
      await alice.waitForFunction((n) => document.querySelectorAll('.post.bot').length > n, posts);
    }
    await rootPost(bob, 'Q2').waitFor();
    await expect(alice.locator('#timeline li').first().textContent()).resolves.toContain('Q3');

    // Alice answers Q1 in its thread with the mouse.
    const q1Alice = rootPost(alice, 'Q1');
    await q1Alice.locator('.thread-toggle').click();
    await q1Alice.locator('.reply-form textarea').fill('I share a weekly work-in-progress note with my branch.');
    await q1Alice.locator('.reply-form button[type="submit"]').click();
    await q1Alice.locator('.replies .post-text', { hasText: 'weekly work-in-progress note' }).waitFor();
    // Bob's page says it politely to screen readers.
    await expect(bob.locator('#announcer').getAttribute('aria-live')).resolves.toBe('polite');
    await bob
      .locator('#announcer', { hasText: 'New reply in the thread of Q1: Alice: I share a weekly' })
      .waitFor({ state: 'attached' });

    // Bob answers Q1 with the keyboard only: the thread button, Enter, type, Enter.
    const q1Bob = rootPost(bob, 'Q1');
    await q1Bob.locator('.thread-toggle').focus();
    await bob.keyboard.press('Enter');
    await expect(q1Bob.locator('.thread-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(bob.evaluate(() => document.activeElement?.tagName)).resolves.toBe('TEXTAREA');
    await bob.keyboard.type('Our team publishes its <b>roadmap</b> on GCcollab.');
    await bob.keyboard.press('Enter');
    await q1Alice
      .locator('.replies .post-text', { hasText: 'Our team publishes its <b>roadmap</b> on GCcollab.' })
      .waitFor();
    expect(await q1Alice.locator('.replies b').count()).toBe(0);
    await expect(q1Alice.locator('.thread-toggle').textContent()).resolves.toBe('Close the thread: 2 replies');

    // Bob answers Q2 from the channel with A2: the bot copies it into Q2's thread.
    await bob.fill('#composer-text', 'A2 A public repository of our forms; three departments reused it.');
    await bob.press('#composer-text', 'Enter');
    await rootPost(alice, 'Q2')
      .locator('.replies .post.bot', { hasText: 'Bob answered Q2 in the channel' })
      .waitFor({ state: 'attached' });

    // A participant's command is refused, and only their tab shows the refusal.
    await bob.fill('#composer-text', '/roundtable stop');
    await bob.press('#composer-text', 'Enter');
    await bob.locator('#notices .notice', { hasText: 'Only organizers can use /roundtable stop' }).waitFor();
    expect(await alice.locator('#notices .notice', { hasText: 'Only organizers' }).count()).toBe(0);

    // Both vote in poll 1: Alice with the mouse, Bob with the keyboard; the live tally reaches both pages.
    const pollAlice = rootPost(alice, 'Poll 1');
    await pollAlice.locator('button.vote', { hasText: 'Every week / Chaque semaine' }).click();
    await alice.locator('#notices .notice', { hasText: 'Your vote is recorded' }).waitFor();
    await rootPost(bob, 'Poll 1').locator('button.vote', { hasText: 'Every month / Chaque mois' }).focus();
    await bob.keyboard.press('Space');
    await bob.locator('#notices .notice', { hasText: 'Your vote is recorded' }).waitFor();
    for (const page of [alice, bob])
      await rootPost(page, 'Poll 1')
        .locator('section[lang="en"] .results-note', { hasText: /^2 votes$/ })
        .waitFor();
    await expect(
      rootPost(alice, 'Poll 1').locator('section[lang="fr"] .results-rows li').first().textContent(),
    ).resolves.toMatch(/Chaque semaine ▓+░* 50\u00a0% \(1 vote\)/);

    await alice.screenshot({ path: 'test/artifacts/playground-alice-live.png', fullPage: true });
    expect(await seriousViolations(alice)).toEqual([]);
    // The README's picture: Q1 with its thread open, then the poll and its live tally.
    await alice.setViewportSize({ width: 1280, height: 1400 });
    await q1Alice.evaluate((node) => node.scrollIntoView({ block: 'start' }));
    await alice.evaluate(() => window.scrollTo(0, 0));
    // Written to docs/ only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the checkout clean.
    await alice.screenshot({
      path: process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/playground.png' : 'test/artifacts/playground-readme.png',
    });
    await alice.setViewportSize({ width: 1280, height: 1000 });

    // The organizer stops the chat; the recap's figures show in both pages.
    await alice.click('[data-action="stop"]');
    for (const page of [alice, bob]) {
      const recap = page
        .locator('.post-item')
        .filter({ has: page.locator('.post-heading', { hasText: 'Recap: Working in the open' }) });
      await recap.waitFor();
      const en = recap.locator('section[lang="en"]');
      await expect(en.textContent()).resolves.toContain('Participation: 2 participants, 3 answers in all.');
      await expect(en.locator('.results-note').first().textContent()).resolves.toBe('2 votes');
      await expect(recap.locator('section[lang="fr"]').textContent()).resolves.toContain(
        'Participation\u00a0: 2 personnes, 3 réponses en tout.',
      );
    }
    await alice.locator('#run-status', { hasText: '“Working in the open” has ended.' }).waitFor();
    await expect(alice.locator('[data-action="next"]').isDisabled()).resolves.toBe(true);
    await alice.screenshot({ path: 'test/artifacts/playground-recap.png', fullPage: true });
    expect(await seriousViolations(alice)).toEqual([]);

    // Bob switches the page to French: the page's words change, the chat stays bilingual.
    await bob.selectOption('#page-lang', 'fr');
    await bob.locator('h1', { hasText: 'Bac à sable Roundtable' }).waitFor();
    await expect(bob.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(bob.locator('#run-status').textContent()).resolves.toBe(
      'La discussion «\u00a0Travailler de façon ouverte\u00a0» est terminée.',
    );
    await bob.screenshot({ path: 'test/artifacts/playground-bob-fr.png', fullPage: true });
    expect(await seriousViolations(bob)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
