/**
 * Slack hears "received" for a person's message only once its answer is stored (over HTTP
 * and Socket Mode), and an event whose answer was not stored is not claimed, so Slack's next
 * delivery of it is taken. The real Bolt app behind the Slack adapter, against the stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.js';
import { ChatService } from '../../../src/core/service/chat-service.js';
import type { Answer } from '../../../src/core/engine/records.js';
import { startHttpServer } from '../../../src/infra/http-server.js';
import { createMemoryLease } from '../../../src/infra/memory-lease.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import type { Store } from '../../../src/core/ports.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { FakeClock } from '../../support/fake-clock.js';
import { realTranslator } from '../../support/fake-translator.js';
import { planSource, samplePlan } from '../../support/plans.js';
import { startSlackStandin, type SlackStandin } from '../../support/slack/slack-standin.js';
import { testKeys } from '../../support/server-secret.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SECRET = 'ack-after-store-signing-secret-0123';
const CHANNEL = 'C0LEADERS1';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A store whose next answer write waits for `stall` (a process stopped there). */
class StallingStore extends MemoryStore {
  stall: Promise<void> | undefined;

  override async addAnswer(runId: string, answer: Answer): Promise<boolean> {
    const stall = this.stall;
    this.stall = undefined;
    await stall;
    return super.addAnswer(runId, answer);
  }
}

/** A Roundtable "process" on Slack: the adapter, its engine and its HTTP endpoint, on a store shared with others. */
async function slackProcess(standin: SlackStandin, store: Store, clock: FakeClock, mode: 'http' | 'socket' = 'http') {
  const logger = memoryLogger();
  const plans = planSource(samplePlan());
  const config = {
    botToken: standin.botToken,
    signingSecret: SECRET,
    apiUrl: standin.apiUrl,
    ...(mode === 'socket' ? { appToken: standin.appToken } : {}),
  };
  const adapter = await createSlackAdapter(config, {
    logger,
    store,
    translator: await realTranslator(),
    plans,
    commandName: '/roundtable',
  });
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
  closers.push(async () => {
    await adapter.stop();
    await http.close();
  });
  return { adapter, service, url: `http://127.0.0.1:${http.port}/slack/events` };
}

/** A chat under way in the stand-in's channel, Q1 posted, run by one process (more can join with `slackProcess`). */
async function slackChat(mode: 'http' | 'socket' = 'http') {
  const standin = await startSlackStandin();
  closers.push(() => standin.stop());
  standin.addChannel(CHANNEL, { name: 'leadersgc' });
  standin.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
  standin.addUser({ id: 'U0BOB00001', name: 'bob', locale: 'en-US' });
  const clock = new FakeClock();
  const store = new StallingStore(() => clock.now());
  const first = await slackProcess(standin, store, clock, mode);
  await first.service.command(
    { platform: 'slack', id: CHANNEL },
    { id: 'U_ORG', name: 'organizer' },
    'start sample-chat',
  );
  await clock.advance(5 * 60_000);
  await first.service.tick();
  const q1 = standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(':q1'))!;
  return { standin, store, clock, first, q1 };
}

describe('Slack: "received" means stored', () => {
  it('answers a thread reply only once its answer is in the store', async () => {
    const { standin, store, first, q1 } = await slackChat();
    let resume = () => {};
    store.stall = new Promise<void>((resolve) => (resume = resolve));
    const delivery = standin.sendEvent(standin.userPost(CHANNEL, 'U0BOB00001', 'Trust, first.', { threadTs: q1.ts }), {
      url: first.url,
      signingSecret: SECRET,
    });
    expect(await Promise.race([delivery.then(() => 'answered'), sleep(300).then(() => 'waiting')])).toBe('waiting');
    expect(await store.listAnswers('run-1')).toEqual([]);
    resume();
    expect((await delivery).status).toBe(200);
    expect((await store.listAnswers('run-1')).map((a) => [a.number, a.text])).toEqual([[1, 'Trust, first.']]);
  });

  it('over Socket Mode, acknowledges an event’s envelope only once its answer is in the store', async () => {
    const { standin, store, q1 } = await slackChat('socket');
    let resume = () => {};
    store.stall = new Promise<void>((resolve) => (resume = resolve));
    const acked = standin.socket.send(
      'events_api',
      standin.buildEvent(standin.userPost(CHANNEL, 'U0BOB00001', 'Par le socket.', { threadTs: q1.ts })),
    );
    expect(await Promise.race([acked.then(() => 'acknowledged'), sleep(300).then(() => 'waiting')])).toBe('waiting');
    resume();
    await acked;
    expect((await store.listAnswers('run-1')).map((a) => [a.number, a.text])).toEqual([[1, 'Par le socket.']]);
  });

  it('a delivery that stops before its answer is stored leaves the event to Slack’s next delivery, taken by another process', async () => {
    const { standin, store, clock, first, q1 } = await slackChat();
    const other = await slackProcess(standin, store, clock);
    const event = standin.userPost(CHANNEL, 'U0BOB00001', 'A1: still here');
    let resume = () => {};
    store.stall = new Promise<void>((resolve) => (resume = resolve));
    // The first process stops before the write: Slack gets no answer, gives up and delivers again, here to another process.
    const stalled = standin.sendEvent(event, { url: first.url, signingSecret: SECRET, eventId: 'Ev0STALLED01' });
    expect(await Promise.race([stalled.then(() => 'answered'), sleep(300).then(() => 'no answer')])).toBe('no answer');
    const again = await standin.sendEvent(event, {
      url: other.url,
      signingSecret: SECRET,
      eventId: 'Ev0STALLED01',
      retryNum: 1,
    });
    expect(again.status).toBe(200);
    expect((await store.listAnswers('run-1')).map((a) => [a.number, a.text])).toEqual([[1, 'still here']]);
    await other.adapter.settled();
    // Had the first process lived on, its late write changes nothing: one answer, one copy in Q1's thread.
    resume();
    expect((await stalled).status).toBe(200);
    await first.adapter.settled();
    expect((await store.listAnswers('run-1')).map((a) => [a.number, a.text])).toEqual([[1, 'still here']]);
    expect(standin.thread(CHANNEL, q1.ts).filter((m) => m.botId)).toHaveLength(1);
  });
});
