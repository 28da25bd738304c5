/**
 * A chat on Slack for adapter tests: the real Bolt app over HTTP against the stand-in, its
 * engine on a fake clock and a memory store, with the sample plan started by an organizer.
 * Tests move the clock themselves; people act through signed deliveries.
 */
import { createSlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.js';
import { ChatService } from '../../../src/core/service/chat-service.js';
import { startHttpServer } from '../../../src/infra/http-server.js';
import { createMemoryLease } from '../../../src/infra/memory-lease.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { FakeClock } from '../../support/fake-clock.js';
import { realTranslator } from '../../support/fake-translator.js';
import { planSource, samplePlan } from '../../support/plans.js';
import { startSlackStandin } from '../../support/slack/slack-standin.js';
import { testKeys } from '../../support/server-secret.js';

/** The channel of the chat. */
export const CHANNEL = 'C0LEADERS1';
/** The participant (English locale) and the organizer. */
export const BOB = 'U0BOB00001';
const SECRET = 'clock-chat-signing-secret-01234567';

/** Starts the stand-in, the adapter and its engine, and the sample chat; `close` stops them. */
export async function slackClockChat(specsDir: string) {
  const standin = await startSlackStandin({ specsDir });
  standin.addChannel(CHANNEL, { name: 'leadersgc' });
  standin.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
  standin.addUser({ id: BOB, name: 'bob', locale: 'en-US' });
  const clock = new FakeClock();
  const store = new MemoryStore(() => clock.now());
  const logger = memoryLogger();
  const plans = planSource(samplePlan());
  const adapter = await createSlackAdapter(
    { botToken: standin.botToken, signingSecret: SECRET, apiUrl: standin.apiUrl },
    { logger, store, translator: await realTranslator(), plans, commandName: '/roundtable' },
  );
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger,
    plans,
    ports: { slack: adapter.port },
    organizers: ['U_ORG'],
    speed: 1,
    timers: clock,
    newRunId: () => 'run-1',
  });
  adapter.attach(service);
  await adapter.start();
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    handlers: adapter.http ? [adapter.http] : [],
    ready: [],
  });
  await service.command({ platform: 'slack', id: CHANNEL }, { id: 'U_ORG', name: 'organizer' }, 'start sample-chat');
  const delivery = { url: `http://127.0.0.1:${http.port}/slack/events`, signingSecret: SECRET };
  return {
    standin,
    store,
    clock,
    service,
    adapter,
    delivery,
    /** Moves the clock by `ms` and lets the engine post what is due. */
    async advance(ms: number): Promise<void> {
      await clock.advance(ms);
      await service.tick();
    },
    /** The bot's post whose journal key ends with `suffix` (`:q1`, `:p1-open`). */
    post(suffix: string) {
      return standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(suffix))!;
    },
    async close(): Promise<void> {
      await adapter.stop();
      await http.close();
      await standin.stop();
    },
  };
}
