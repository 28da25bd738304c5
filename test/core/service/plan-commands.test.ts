/**
 * `plans`, `start`, `new`, `edit`, `plan-file`, `delete` over the catalogue of file plans and
 * stored plans, through the real ChatService, a memory store and the real plans folder reader.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatService } from '../../../src/core/service/chat-service.js';
import { PlanCatalogue } from '../../../src/core/service/plan-catalogue.js';
import { EditorTokens } from '../../../src/core/service/editor-tokens.js';
import { SCHEDULES_KEY } from '../../../src/core/service/schedule-book.js';
import { createPlanSource } from '../../../src/infra/plan-source.js';
import { createPlanStore } from '../../../src/infra/plans/record-plan-store.js';
import { memoryPlanRecords } from '../../../src/infra/plans/plan-records.js';
import { createPlanTexts } from '../../../src/infra/plans/plan-texts.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { createMemoryLease } from '../../../src/infra/memory-lease.js';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import type { Message } from '../../../src/core/engine/messages.js';
import type { ChannelRef } from '../../../src/core/engine/run.js';
import type { Lang } from '../../../src/core/plan/plan.js';
import { FakeClock } from '../../support/fake-clock.js';
import { RecordingPort } from '../../support/recording-port.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { planDocument } from '../../support/plan-documents.js';
import { realTranslator, visibleMarkup } from '../../support/fake-translator.js';
import { testKeys } from '../../support/server-secret.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rt-catalogue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileText = readFileSync('chats/mini-discussion.yaml', 'utf8');
writeFileSync(path.join(dir, 'mini-discussion.yaml'), fileText);
writeFileSync(path.join(dir, 'shared-id.yaml'), fileText.replace(/^id: .*$/m, 'id: shared-id'));

async function setup(links = true) {
  const clock = new FakeClock();
  const store = new MemoryStore(() => clock.now());
  const planStore = createPlanStore(memoryPlanRecords(), clock);
  const catalogue = new PlanCatalogue(createPlanSource(dir), planStore, createPlanTexts(dir));
  const port = new RecordingPort(true);
  const tokens = new EditorTokens(store, clock, 60 * 60_000);
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger: memoryLogger(),
    plans: catalogue,
    ports: { console: port },
    organizers: ['U-ADMIN'],
    speed: 1,
    timers: clock,
    newRunId: () => 'run-1',
    ...(links ? { editorLinks: { tokens, base: 'https://rt.example' } } : {}),
    scheduler: { arm() {}, disarm() {}, armed: () => [] },
  });
  const channel: ChannelRef = { platform: 'console', id: 'C1', workspace: 'T1', name: '#leadersgc' };
  const t = await realTranslator();
  const say = async (who: string, text: string, lang: Lang = 'en', where = channel): Promise<string> => {
    const replies: Message[] = await service.command(where, { id: who, name: who, locale: lang }, text);
    return replies
      .map((m) =>
        composeMessage(m, t, visibleMarkup, { lang })
          .sections.flatMap((s) => s.paragraphs)
          .join('\n'),
      )
      .join('\n')
      .replace(/[[\]]/g, '');
  };
  return { clock, store, planStore, service, channel, say, tokens };
}

const admin = { id: 'U-ADMIN', name: 'Ada Admin' };

describe('plan commands over the catalogue', () => {
  it('lists file and stored plans with where they come from, in the asker’s language; a stored plan hides a file of its id', async () => {
    const h = await setup();
    await h.planStore.save('T1', planDocument('monthly-chat'), { author: admin });
    await h.planStore.save('T1', planDocument('shared-id'), { author: admin });
    const en = await h.say('U1', 'plans');
    expect(en).toContain('mini-discussion — from a file');
    expect(en).toContain('monthly-chat — version 1, Ada Admin, 2026-12-17');
    expect(en).toContain('shared-id (shared-id.yaml): id already used by a stored plan');
    expect(en).toContain('✓ shared-id — version 1');
    expect(await h.say('U1', 'plans', 'fr')).toContain('mini-discussion — d’un fichier');
    expect(await h.say('U1', 'plans', 'en', { ...h.channel, workspace: 'T2' })).not.toContain('monthly-chat');
  });

  it('starts a stored plan, and the running chat keeps the version it started with', async () => {
    const h = await setup();
    await h.planStore.save('T1', planDocument('monthly-chat'), { author: admin });
    expect(await h.say('U-ADMIN', 'start monthly-chat')).toContain('Mental health at work');
    await h.planStore.save('T1', planDocument('monthly-chat', { title: { en: 'Changed', fr: 'Changé' } }), {
      author: admin,
      baseVersion: 1,
    });
    expect((await h.store.getRun('run-1'))?.plan.title.en).toBe('Mental health at work');
  });

  it('gives organizers a private editor link holding a 43-character token; others are refused in their language', async () => {
    const h = await setup();
    const reply = await h.say('U-ADMIN', 'new');
    const token = /\/editor\/([A-Za-z0-9_-]+)/.exec(reply)?.[1] ?? '';
    expect(token).toHaveLength(43);
    expect(await h.tokens.use(token)).toMatchObject({
      ok: true,
      grant: { user: { id: 'U-ADMIN' }, workspace: 'T1', platform: 'console' },
    });
    expect(await h.say('U1', 'nouveau', 'fr')).toContain('Seule l’équipe organisatrice');
    expect(await h.say('U-ADMIN', 'modifier nothing-here', 'fr')).toContain('Aucun plan ne s’appelle nothing-here');
    expect(await h.say('U-ADMIN', 'edit')).toContain('edit PLAN-ID');
  });

  it('accepts a plan’s own organizers for edit, never for new', async () => {
    const h = await setup();
    await h.planStore.save('T1', planDocument('monthly-chat', { organizers: ['U-JANE'] }), { author: admin });
    expect(await h.say('U-JANE', 'edit monthly-chat')).toMatch(/rt\.example\/editor\//);
    expect(await h.say('U-JANE', 'new')).toContain('Only organizers');
  });

  it('asks for ROUNDTABLE_PUBLIC_URL when links cannot be made', async () => {
    const h = await setup(false);
    expect(await h.say('U-ADMIN', 'new')).toContain('ROUNDTABLE_PUBLIC_URL');
    expect(await h.say('U-ADMIN', 'nouveau', 'fr')).toContain(
      'demandez à un administrateur de définir ROUNDTABLE_PUBLIC_URL',
    );
  });

  it('deletes a stored plan (unscheduling it first and saying so), refuses a file plan and a running one', async () => {
    const h = await setup();
    await h.planStore.save('T1', planDocument('monthly-chat'), { author: admin });
    await h.store.setValue(SCHEDULES_KEY, ['monthly-chat']);
    expect(await h.say('U-ADMIN', 'delete mini-discussion')).toContain(
      'mini-discussion comes from a file; ask an administrator to remove it',
    );
    await h.say('U-ADMIN', 'start monthly-chat');
    expect(await h.say('U-ADMIN', 'supprimer monthly-chat', 'fr')).toContain('est en cours');
    await h.say('U-ADMIN', 'stop');
    expect(await h.say('U-ADMIN', 'delete monthly-chat')).toContain('is unscheduled now, then deleted');
    expect(await h.store.getValue(SCHEDULES_KEY)).toEqual([]);
    expect(await h.planStore.get('T1', 'monthly-chat')).toBeUndefined();
  });

  it('gives plan-file as a private link here (no private file upload on this platform)', async () => {
    const h = await setup();
    expect(await h.say('U-ADMIN', 'fichier-plan mini-discussion', 'fr')).toMatch(
      /rt\.example\/plans\/[A-Za-z0-9_-]{43}\/mini-discussion\.yaml/,
    );
  });
});
