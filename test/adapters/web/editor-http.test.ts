/**
 * The plan editor over real HTTP: the page with its headers and current values, live
 * validation in the page's language, saves under the Origin check and optimistic concurrency,
 * and every refused token (altered 404, expired 410, no longer an organizer 403, 429 after 20)
 * changing nothing.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { PlanCatalogue } from '../../../src/core/service/plan-catalogue.js';
import { EditorTokens } from '../../../src/core/service/editor-tokens.js';
import { PlanEditing } from '../../../src/core/service/plan-editing.js';
import { createPlanSource } from '../../../src/infra/plan-source.js';
import { createPlanStore } from '../../../src/infra/plans/record-plan-store.js';
import { memoryPlanRecords } from '../../../src/infra/plans/plan-records.js';
import { createPlanTexts } from '../../../src/infra/plans/plan-texts.js';
import { importPlanText, planDataToYaml, validatePlanData } from '../../../src/infra/plans/plan-data.js';
import { editorRoutes } from '../../../src/adapters/web/editor-routes.js';
import { FakeClock } from '../../support/fake-clock.js';
import { realTranslator } from '../../support/fake-translator.js';
import { planDocument } from '../../support/plan-documents.js';

const ORIGIN = 'https://rt.example';
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function setup(organizers = ['U-ADMIN']) {
  const clock = new FakeClock();
  const store = new MemoryStore(() => clock.now());
  const planStore = createPlanStore(memoryPlanRecords(), clock);
  const catalogue = new PlanCatalogue(createPlanSource('chats'), planStore, createPlanTexts('chats'));
  const tokens = new EditorTokens(store, clock, 60 * 60_000);
  const list = [...organizers];
  const editing = new PlanEditing({ tokens, catalogue, organizers: list, validate: validatePlanData });
  const handler = editorRoutes({
    editing,
    t: await realTranslator(),
    origin: () => ORIGIN,
    now: () => clock.now(),
    importText: importPlanText,
    toYaml: planDataToYaml,
    planFile: (ws, id) => catalogue.fileOf(ws, id),
  });
  server = createServer(
    (req, res) => void handler(req, res).then((done) => (done ? undefined : res.writeHead(404).end())),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const issue = (planId?: string) =>
    tokens.issue({
      user: { id: 'U-ADMIN', name: 'Ada Admin' },
      platform: 'slack',
      workspace: 'T1',
      lang: 'en',
      viaRole: false,
      ...(planId ? { planId } : {}),
    });
  const post = (token: string, action: string, body: unknown, origin: string | null = ORIGIN) =>
    fetch(`${base}/editor/${token}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify(body),
    });
  return { clock, planStore, base, issue, post, organizers: list };
}

describe('the plan editor over HTTP', () => {
  it('serves the page with every field’s current value and the security headers', async () => {
    const h = await setup();
    await h.planStore.save('T1', planDocument('monthly-chat', { hashtag: '#LeadersGC' }), {
      author: { id: 'U-ADMIN', name: 'Ada' },
    });
    const res = await fetch(`${h.base}/editor/${await h.issue('monthly-chat')}?lang=fr`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('value="#LeadersGC"');
    expect(html).toContain('À quoi ressemble une équipe sûre ?');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Ajouter une question');
  });

  it('validates with the plan rules, each problem with its field, in the page’s language', async () => {
    const h = await setup();
    const token = await h.issue();
    const bad = await (
      await h.post(token, 'validate', { plan: planDocument('x', { title: { en: 'Only English' } }), lang: 'fr' })
    ).json();
    expect(bad.problems).toEqual([
      expect.objectContaining({ path: ['title'], message: expect.stringContaining('fr') }),
    ]);
    const good = await (await h.post(token, 'validate', { plan: planDocument('x'), lang: 'en' })).json();
    expect(good.problems).toEqual([]);
  });

  it('saves, refuses a stale base with who saved and when, and refuses another site', async () => {
    const h = await setup();
    const token = await h.issue();
    expect((await h.post(token, 'save', { plan: planDocument('monthly-chat') }, 'https://evil.example')).status).toBe(
      403,
    );
    expect((await h.post(token, 'save', { plan: planDocument('monthly-chat') }, null)).status).toBe(403);
    expect(await h.planStore.get('T1', 'monthly-chat')).toBeUndefined();
    expect(await (await h.post(token, 'save', { plan: planDocument('monthly-chat') })).json()).toEqual({
      ok: true,
      id: 'monthly-chat',
      number: 1,
    });
    await h.post(token, 'save', { plan: planDocument('monthly-chat'), baseVersion: 1 });
    const stale = await h.post(token, 'save', { plan: planDocument('monthly-chat'), baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ by: 'Ada Admin', at: new Date(h.clock.now()).toISOString() });
    expect((await h.post(token, 'save', { plan: planDocument('mini-discussion') })).status).toBe(409);
  });

  it('refuses altered (404), expired (410) and no-longer-organizer (403) links with the bilingual heading, changing nothing', async () => {
    const h = await setup();
    const token = await h.issue();
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const res = await fetch(`${h.base}/editor/${altered}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain(
      'This editor link is not valid or has expired. <span lang="fr">Ce lien vers l’éditeur n’est pas valide ou a expiré.</span>',
    );
    expect((await h.post(altered, 'save', { plan: planDocument('monthly-chat') })).status).toBe(404);
    h.organizers.length = 0;
    expect((await h.post(token, 'save', { plan: planDocument('monthly-chat') })).status).toBe(403);
    await h.clock.advance(61 * 60_000);
    expect((await fetch(`${h.base}/editor/${token}`)).status).toBe(410);
    expect(await h.planStore.get('T1', 'monthly-chat')).toBeUndefined();
  });

  it('answers 429 for a minute after 20 refused links from one address', async () => {
    const h = await setup();
    for (let i = 0; i < 20; i++) await fetch(`${h.base}/editor/${'x'.repeat(43)}`);
    const good = await h.issue();
    expect((await fetch(`${h.base}/editor/${good}`)).status).toBe(429);
    await h.clock.advance(61_000);
    expect((await fetch(`${h.base}/editor/${good}`)).status).toBe(200);
  });

  it('serves plan-file links as YAML attachments, and imports with located problems', async () => {
    const h = await setup();
    const token = await h.issue();
    const res = await fetch(`${h.base}/plans/${token}/mini-discussion.yaml`);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="mini-discussion.yaml"');
    const imported = await (await h.post(token, 'import', { text: await res.text(), lang: 'en' })).json();
    expect(imported).toMatchObject({ ok: true, data: { id: 'mini-discussion' } });
    const broken = await (await h.post(token, 'import', { text: 'id: x\nduration: [', lang: 'en' })).json();
    expect(broken.problems[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });
});
