/**
 * Teams gets its HTTP 200 for a person's message only once the answer is stored, and a
 * delivery whose answer was not stored is not claimed, so the next delivery of the activity
 * is taken (by another process here). The real botbuilder CloudAdapter behind the Teams
 * adapter, over HTTP, against the Bot Connector stand-in, two "processes" on one store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../../src/adapters/teams/create-teams-adapter.js';
import { ChatService } from '../../../src/core/service/chat-service.js';
import type { Answer } from '../../../src/core/engine/records.js';
import { startHttpServer } from '../../../src/infra/http-server.js';
import { createMemoryLease } from '../../../src/infra/memory-lease.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { FakeClock } from '../../support/fake-clock.js';
import { realTranslator } from '../../support/fake-translator.js';
import { planSource, samplePlan } from '../../support/plans.js';
import { specsRequirement } from '../../support/requirements.js';
import { startConnectorStandin, type ConnectorStandin } from '../../support/teams/connector-standin.js';
import { testKeys } from '../../support/server-secret.js';

const specs = specsRequirement();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A store whose next answer write waits for `stall()` first (a process stopped there, or failing). */
class StallingStore extends MemoryStore {
  stall: (() => Promise<void>) | undefined;

  override async addAnswer(runId: string, answer: Answer): Promise<boolean> {
    const stall = this.stall;
    this.stall = undefined;
    await stall?.();
    return super.addAnswer(runId, answer);
  }
}

/** A Roundtable "process" on Teams: the adapter, its engine and its endpoint, on a store shared with others. */
async function teamsProcess(standin: ConnectorStandin, store: StallingStore, clock: FakeClock) {
  const logger = memoryLogger();
  const plans = planSource(samplePlan({ organizers: [] }));
  const adapter = await createTeamsAdapter(
    { appId: '', appPassword: '', appType: 'SingleTenant', insecureLocal: true },
    { logger, store, translator: await realTranslator(), plans, pacing: { baseBackoffMs: 20, maxBackoffMs: 200 } },
  );
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger,
    plans,
    ports: { teams: adapter.port },
    organizers: [],
    speed: 1,
    timers: clock,
    newRunId: () => 'run-1',
  });
  adapter.attach(service);
  await adapter.start();
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, logger, handlers: [adapter.http!], ready: [] });
  closers.push(async () => {
    await adapter.stop();
    await http.close();
  });
  return { adapter, service, botUrl: `http://127.0.0.1:${http.port}/api/messages` };
}

/** A chat under way in a channel of the stand-in, Q1 posted, run by one process (more can join). */
async function teamsChat() {
  const standin = await startConnectorStandin({ specsDir: specs.value });
  closers.push(() => standin.close());
  const team = standin.addTeam({ name: 'LeadersGC', channels: [{ name: 'Chats' }] });
  const scope = { tenantId: team.tenantId, teamId: team.id, channelId: team.channels[1]!.id };
  const owner = standin.addMember(team.id, { name: 'Olivia Owner', userRole: 'owner' });
  const bob = standin.addMember(team.id, { name: 'Bob Tremblay' });
  const clock = new FakeClock(Date.now());
  const store = new StallingStore(() => clock.now());
  const first = await teamsProcess(standin, store, clock);
  await standin.userPost(
    standin.activities.channelMessage({ ...scope, from: owner, text: 'start sample-chat', mentionBot: true }),
    { botUrl: first.botUrl },
  );
  await clock.advance(5 * 60_000 + 1);
  await first.service.tick();
  await first.adapter.idle();
  const q1 = (await first.service.desk.latestRun({ platform: 'teams', id: scope.channelId }))!.questions[0]!.ref!.id;
  return { standin, store, clock, scope, bob, first, q1 };
}

const texts = async (store: MemoryStore) => (await store.listAnswers('run-1')).map((a) => [a.number, a.text]);

describe.skipIf(specs.skip)(`Teams: a 200 means stored${specs.reason}`, () => {
  it('answers a thread reply only once its answer is in the store', async () => {
    const { standin, store, scope, bob, first, q1 } = await teamsChat();
    let resume = () => {};
    const stopped = new Promise<void>((resolve) => (resume = resolve));
    store.stall = () => stopped;
    const delivery = standin.userPost(
      standin.activities.channelMessage({ ...scope, from: bob, text: 'Trust, first.', replyToPostId: q1 }),
      { botUrl: first.botUrl },
    );
    expect(await Promise.race([delivery.then(() => 'answered'), sleep(300).then(() => 'waiting')])).toBe('waiting');
    expect(await store.listAnswers('run-1')).toEqual([]);
    resume();
    expect((await delivery).status).toBe(200);
    expect(await texts(store)).toEqual([[1, 'Trust, first.']]);
  });

  it('a delivery that stops before its answer is stored leaves the activity to the next delivery, taken by another process', async () => {
    const { standin, store, clock, scope, bob, first, q1 } = await teamsChat();
    const other = await teamsProcess(standin, store, clock);
    const activity = standin.activities.channelMessage({ ...scope, from: bob, text: 'A1: still here' });
    standin.record(activity);
    let resume = () => {};
    const stopped = new Promise<void>((resolve) => (resume = resolve));
    store.stall = () => stopped;
    // The first process stops before the write: Teams gets no answer and the activity comes again, here to another process.
    const stalled = standin.send(activity, { botUrl: first.botUrl });
    expect(await Promise.race([stalled.then(() => 'answered'), sleep(300).then(() => 'no answer')])).toBe('no answer');
    expect((await standin.send(activity, { botUrl: other.botUrl })).status).toBe(200);
    expect(await texts(store)).toEqual([[1, 'still here']]);
    await other.adapter.idle();
    // Had the first process lived on, its late write changes nothing: one answer, one copy in Q1's thread.
    resume();
    expect((await stalled).status).toBe(200);
    await first.adapter.idle();
    expect(await texts(store)).toEqual([[1, 'still here']]);
    expect(standin.replies(scope.channelId, q1).filter((m) => m.byBot)).toHaveLength(1);
  });

  it('answers 500 when the activity could not be handled before anything was stored, so Teams may send it again', async () => {
    const { standin, store, scope, bob, first, q1 } = await teamsChat();
    store.stall = () => Promise.reject(new Error('the disk is gone'));
    const reply = await standin.userPost(
      standin.activities.channelMessage({ ...scope, from: bob, text: 'Lost?', replyToPostId: q1 }),
      { botUrl: first.botUrl },
    );
    expect(reply.status).toBe(500);
  });
});
