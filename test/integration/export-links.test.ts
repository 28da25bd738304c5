import { afterEach, describe, expect, it } from 'vitest';
import { engineHarness } from '../support/engine-harness.js';
import { createExportLinks } from '../../src/infra/export-links.js';
import { createExporter } from '../../src/infra/create-exporter.js';
import { startHttpServer } from '../../src/infra/http-server.js';
import { ChatService } from '../../src/core/service/chat-service.js';
import { createMemoryLease } from '../../src/infra/memory-lease.js';
import { realTranslator } from '../support/fake-translator.js';
import { planSource } from '../support/plans.js';
import { testKeys } from '../support/server-secret.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('export links (platforms that cannot receive files)', () => {
  it('give the organizer a private link that serves the export for 24 hours, then nothing', async () => {
    const h = engineHarness();
    const translator = await realTranslator();
    const exporter = createExporter({ store: h.store, translator, now: () => h.clock.now() });
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, handlers: [], ready: [], logger: h.logger });
    closers.push(server.close);
    const links = createExportLinks({
      store: h.store,
      exporter,
      publicUrl: `http://127.0.0.1:${server.port}/`,
      logger: h.logger,
      translator,
    });
    server.server.removeAllListeners('request');
    server.server.on(
      'request',
      (req, res) => void Promise.resolve(links.http(req, res)).then((done) => done || res.writeHead(404).end()),
    );
    // The recording port has no upload: like a Teams channel.
    const service = new ChatService({
      keys: testKeys(),
      store: h.store,
      lease: createMemoryLease(h.clock),
      clock: h.clock,
      logger: h.logger,
      plans: planSource(h.plan),
      ports: { console: h.port },
      organizers: [],
      speed: 1,
      timers: h.clock,
      newRunId: () => 'run-x',
      exporter,
      exportLinks: links,
    });
    await service.command(h.channel, h.organizer, 'start sample-chat');
    await h.clock.advance(6 * 60_000);
    await service.tick();
    const q1 = h.port.posts.find((p) => p.message.kind === 'question')!;
    await service.message(h.channel, { id: 'U1', name: 'Ada' }, { id: 'a1', text: '=cmd|calc', threadId: q1.id });

    const refused = await service.command(h.channel, { id: 'U2', name: 'Bob' }, 'export csv');
    expect(refused).toMatchObject([{ key: 'not-organizer' }]);
    const [reply] = await service.command(h.channel, h.organizer, 'export csv');
    expect(reply).toMatchObject({ kind: 'notice', key: 'export-link', vars: { hours: 24, format: 'csv' } });
    const url = String(reply!.kind === 'notice' && reply!.vars?.url);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/exports/[A-Za-z0-9_-]{43}$`));

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="run-x\.csv"/);
    const csv = await res.text();
    expect(csv).toContain("answer,1,U1,Ada,'=cmd|calc");

    expect((await fetch(url.replace(/.{4}$/, 'AAAA'))).status).toBe(404);
    await h.clock.advance(24 * 3_600_000 + 1);
    const expired = await fetch(url);
    expect(expired.status).toBe(404);
    // Opened outside the chat, the page says it in both languages, the browser's first.
    expect(await expired.text()).toBe(
      'This export link is unknown or has expired (links work for 24 hours). Ask for a new one with the export command.\n\n' +
        'Ce lien d’exportation est inconnu ou a expiré (les liens fonctionnent pendant 24 heures). Demandez-en un nouveau avec la commande export.\n',
    );
    const french = await fetch(url, { headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
    expect(french.headers.get('content-language')).toBe('fr, en');
    expect((await french.text()).startsWith('Ce lien d’exportation est inconnu')).toBe(true);
  });
});
