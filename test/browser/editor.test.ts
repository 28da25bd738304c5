/**
 * The plan editor in Chromium, in the playground (`/editor`): a plan typed with the keyboard,
 * a validation problem that appears next to its field and goes away, an import of
 * chats/mini-discussion.yaml, saves, a restored older version, the saved plan started in the
 * playground, and axe-core with no serious or critical finding in English and French.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumRequirement } from '../support/requirements.js';
import { startPlayground, type Playground } from '../adapters/playground/playground-server.js';

const chromium = chromiumRequirement();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; impact?: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe.skipIf(chromium.skip)(`the plan editor in a browser${chromium.reason}`, () => {
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

  it('creates a plan with the keyboard, imports, saves, restores, and the playground starts it', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(`${pg.base}/editor`);
    await page.focus('[data-key="id"]');
    await page.keyboard.type('keyboard-chat');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Made with the keyboard');
    const titleProblem = page.locator('[data-problem="title"]');
    await titleProblem.filter({ hasText: 'fr' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fait au clavier');
    await titleProblem.waitFor({ state: 'hidden' });
    await page.focus('#questions [data-key="text"][data-lang="en"]');
    await page.keyboard.type('What helps?');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Qu’est-ce qui aide ?');
    await page.focus('#save');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'Saved as version 1' }).waitFor();

    await page.fill('#import-text', readFileSync('chats/mini-discussion.yaml', 'utf8'));
    await page.focus('#import');
    await page.keyboard.press('Enter');
    await page.locator('#import-result', { hasText: 'Imported' }).waitFor();
    expect(await page.locator('#questions > li').count()).toBe(3);
    await page.fill('[data-key="id"]', 'keyboard-chat');
    await page.locator('#status', { hasText: 'No problems' }).waitFor();
    await page.click('#save');
    await page.locator('#status', { hasText: 'Saved as version 2' }).waitFor();

    await page.goto(`${pg.base}/editor?plan=keyboard-chat`);
    await page.click('[data-restore="1"]');
    await page.waitForURL(/plan=keyboard-chat/);
    await page.locator('#versions', { hasText: 'Version 3' }).waitFor();
    expect(await page.inputValue('[data-key="title"][data-lang="fr"]')).toBe('Fait au clavier');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${pg.base}/editor?plan=keyboard-chat&lang=fr`);
    await page.locator('#status', { hasText: 'Aucun problème' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const replies = await pg.running.service.command(
      { platform: 'playground', id: 'editor-room' },
      { id: 'playground-organizer', name: 'Organizer', isAdmin: async () => true },
      'start keyboard-chat',
    );
    expect(replies).toEqual([expect.objectContaining({ key: 'started' })]);
    expect(
      (await pg.running.service.desk.latestRun({ platform: 'playground', id: 'editor-room' }))?.plan.title.fr,
    ).toBe('Fait au clavier');
  });
});
