/**
 * Poll clicks in Slack through the real Bolt app over HTTP, against the stand-in, on a fake
 * clock: a double click is one click, a later click on the same option keeps the vote,
 * "Withdraw my vote" withdraws it, and each private confirmation (valid Block Kit) says the
 * voter's current choice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.js';
import { ChatService } from '../../../src/core/service/chat-service.js';
import { startHttpServer } from '../../../src/infra/http-server.js';
import { createMemoryLease } from '../../../src/infra/memory-lease.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { FakeClock } from '../../support/fake-clock.js';
import { realTranslator } from '../../support/fake-translator.js';
import { planSource, samplePlan } from '../../support/plans.js';
import { specsRequirement } from '../../support/requirements.js';
import { validateBlockKit } from '../../support/slack/block-kit-validator.js';
import { startSlackStandin } from '../../support/slack/slack-standin.js';

const SECRET = 'vote-clicks-signing-secret-0123456';
const CHANNEL = 'C0LEADERS1';
const specs = specsRequirement();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A chat on Slack with poll 1 open: the Bolt app over HTTP, its engine on a fake clock. */
async function slackPoll() {
  const standin = await startSlackStandin({ specsDir: specs.value });
  closers.push(() => standin.stop());
  standin.addChannel(CHANNEL, { name: 'leadersgc' });
  standin.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
  standin.addUser({ id: 'U0BOB00001', name: 'bob', locale: 'en-US' });
  const clock = new FakeClock();
  const store = new MemoryStore(() => clock.now());
  const logger = memoryLogger();
  const plans = planSource(samplePlan());
  const adapter = await createSlackAdapter({ botToken: standin.botToken, signingSecret: SECRET, apiUrl: standin.apiUrl }, { logger, store, translator: await realTranslator(), plans, commandName: '/roundtable' });
  const service = new ChatService({ store, lease: createMemoryLease(clock), clock, logger, plans, ports: { slack: adapter.port }, organizers: ['U_ORG'], speed: 1, timers: clock, newRunId: () => 'run-1' });
  adapter.attach(service);
  await adapter.start();
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, logger, handlers: adapter.http ? [adapter.http] : [], ready: [] });
  closers.push(async () => {
    await adapter.stop();
    await http.close();
  });
  await service.command({ platform: 'slack', id: CHANNEL }, { id: 'U_ORG', name: 'organizer' }, 'start sample-chat');
  await clock.advance(10 * 60_000 + 1);
  await service.tick();
  const poll = standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(':p1-open'))!;
  const url = `http://127.0.0.1:${http.port}/slack/events`;
  /** Bob clicks `actionId`; resolves with the text of the private reply it got. */
  const click = async (actionId: string): Promise<string> => {
    const before = standin.responses().length;
    expect((await standin.sendAction({ user: 'U0BOB00001', channelId: CHANNEL, messageTs: poll.ts, actionId }, { url, signingSecret: SECRET })).status).toBe(200);
    await adapter.settled();
    const replies = standin.responses().slice(before);
    expect(replies).toHaveLength(1);
    const body = replies[0]!.body as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(validateBlockKit(body, specs.value)).toEqual([]);
    return body.text;
  };
  return { standin, store, clock, service, poll, click };
}

describe.skipIf(specs.skip)(`Slack poll clicks${specs.reason}`, () => {
  it('a double click is one click, a later click keeps the vote, and the withdraw button withdraws it', async () => {
    const { store, clock, poll, click } = await slackPoll();
    expect(validateBlockKit(poll, specs.value)).toEqual([]);
    const buttons = (poll.blocks as { type: string; elements?: { action_id: string; text: { text: string } }[] }[]).flatMap((b) => (b.type === 'actions' ? b.elements! : []));
    expect(buttons.map((b) => b.text.text)).toEqual(['Weekly / Chaque semaine', 'Rarely / Rarement', 'Never / Jamais', 'Withdraw my vote / Retirer mon vote']);
    const [weekly, , , withdraw] = buttons.map((b) => b.action_id) as [string, string, string, string];

    expect(await click(weekly)).toBe('Your vote is recorded: Weekly. You can change it until the poll closes.');
    await clock.advance(300);
    expect(await click(weekly)).toBe('Your vote is recorded: Weekly. You can change it until the poll closes.');
    expect((await store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[0]]);

    await clock.advance(5000);
    expect(await click(weekly)).toBe('Your vote stays: Weekly. To take it back, use “Withdraw my vote”.');
    expect((await store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[0]]);

    expect(await click(withdraw)).toBe('Your vote is withdrawn.');
    expect(await store.listBallots('run-1', 1)).toEqual([]);
    expect(await click(withdraw)).toBe('You have no vote in this poll, so there is nothing to withdraw.');
  });
});
