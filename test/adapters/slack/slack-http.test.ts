import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/infra/store/create-store.js';
import { startSlackProcess, waitFor, type SlackProcess } from '../../e2e/support/slack-process.js';

const CHANNEL = 'C0LEADERS1';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('Slack over HTTP: a real Bolt app behind POST /slack/events', () => {
  let p: SlackProcess;
  beforeAll(async () => {
    p = await startSlackProcess({
      mode: 'http',
      speed: 1,
      setup: (s) => {
        s.addChannel(CHANNEL, { name: 'leadersgc' });
        s.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
        s.addUser({ id: 'U0ALICE001', name: 'alice', realName: 'Alice Martin', locale: 'fr-CA' });
        s.addUser({ id: 'U0BOB00001', name: 'bob', locale: 'en-US' });
        s.addUser({ id: 'U0CAROL001', name: 'carol', locale: 'fr-CA' });
      },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  const command = (user: string, text: string) =>
    p.driver.command({ command: '/roundtable', text, user_id: user, channel_id: CHANNEL });
  const runOf = async () => p.running.service.desk.latestRun({ platform: 'slack', id: CHANNEL });
  const q1Of = () => p.standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(':q1'));
  /** The answers of the chat, read from the process's store. */
  const answersNow = async () => {
    const store = await createStore(p.storeUrl, { logger: quiet });
    try {
      return await store.listAnswers((await runOf())!.id);
    } finally {
      await store.close();
    }
  };

  it('is ready once auth.test succeeded', async () => {
    const res = await fetch(`${p.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, checks: expect.arrayContaining([{ name: 'slack', ok: true }]) });
  });

  it('starts a chat for an organizer: the welcome in the channel, a confirmation only they see', async () => {
    expect((await command('U_ORG', 'start leadersgc-monthly')).status).toBe(200);
    await waitFor('the welcome post', () => p.standin.messages(CHANNEL).length >= 1);
    const welcome = p.standin.messages(CHANNEL)[0]!;
    expect(welcome.text).toContain('Working in the open');
    expect(welcome.text).toContain('Travailler de façon ouverte');
    expect(welcome.metadata).toEqual({
      event_type: 'roundtable_step',
      event_payload: { key: expect.stringMatching(/^leadersgc-monthly-.+:welcome$/) },
    });
    const confirm = await waitFor('the confirmation', () => p.standin.ephemerals('U_ORG')[0]);
    expect(confirm.text).toMatch(/started|Working in the open/i);
    expect(p.standin.ephemerals('U0ALICE001')).toEqual([]);
  });

  it('refuses stop from a participant, in French for a French user, only to them', async () => {
    await command('U0ALICE001', 'stop');
    const refusal = await waitFor('the refusal', () => p.standin.ephemerals('U0ALICE001')[0]);
    expect(refusal.text).toMatch(/organisat/i);
    expect(refusal.text).toContain('/roundtable stop');
    expect(refusal.source).toBe('response_url');
    expect(p.standin.ephemerals('U0BOB00001')).toEqual([]);
    expect((await runOf())?.status).toBe('running');
  });

  it('refuses forged and six-minute-old requests with 401 and does not act on them', async () => {
    const event = p.standin.userPost(CHANNEL, 'U0BOB00001', 'A42 forged');
    const forged = await p.standin.sendEvent(event, {
      url: p.driver.url,
      signingSecret: 'e2e-signing-secret-0123456789abcdef',
      forgeSignature: true,
    });
    const old = await p.standin.sendEvent(event, {
      url: p.driver.url,
      signingSecret: 'e2e-signing-secret-0123456789abcdef',
      timestampOffsetSec: -360,
    });
    expect([forged.status, old.status]).toEqual([401, 401]);
    const stale = await p.standin.sendCommand(
      { command: '/roundtable', text: 'stop', user_id: 'U_ORG', channel_id: CHANNEL },
      { url: p.driver.url, signingSecret: 'e2e-signing-secret-0123456789abcdef', timestampOffsetSec: -360 },
    );
    expect(stale.status).toBe(401);
    expect((await runOf())?.status).toBe('running');
    expect(p.standin.ephemerals('U0BOB00001')).toEqual([]);
  });

  it('handles an event delivered twice once: one hint for an unknown question', async () => {
    const event = p.standin.userPost(CHANNEL, 'U0BOB00001', 'A42 is there a question 42?');
    const first = await p.driver.event(event);
    const again = await p.driver.event(event, { eventId: first.eventId!, retryNum: 1 });
    expect([first.status, again.status]).toEqual([200, 200]);
    await waitFor('the hint', () => p.standin.ephemerals('U0BOB00001').length >= 1);
    await waitFor('the redelivery to be dropped', () => p.logs.some((l) => l.includes('delivered again')));
    expect(p.standin.ephemerals('U0BOB00001')).toHaveLength(1);
    expect(p.standin.ephemerals('U0BOB00001')[0]!.text).toMatch(/Q42|42/);
  });

  it('stores a thread reply and an A1 message as answers, and links the A1 message into Q1’s thread', async () => {
    await command('U_ORG', 'next');
    const q1 = await waitFor('Q1', () =>
      p.standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(':q1')),
    );
    const reply = p.standin.userPost(CHANNEL, 'U0BOB00001', 'In the thread <!channel>', { threadTs: q1.ts });
    const prefixed = p.standin.userPost(CHANNEL, 'U0ALICE001', 'R1: Dans le canal');
    await p.driver.event(reply);
    await p.driver.event(prefixed);
    const link = await waitFor('the link in Q1’s thread', () => p.standin.thread(CHANNEL, q1.ts).find((m) => m.botId));
    expect(link.text).toContain('alice');
    expect(link.text).toContain('Dans le canal');
    expect(JSON.stringify(link.blocks)).toContain(`archives/${CHANNEL}/p${String(prefixed.ts).replace('.', '')}`);
    const run = (await runOf())!;
    const store = await createStore(p.storeUrl, { logger: quiet });
    try {
      const answers = await waitFor('two answers', async () => {
        const list = await store.listAnswers(run.id);
        return list.length === 2 ? list : undefined;
      });
      expect(answers.map((a) => [a.user.name, a.text, a.via]).sort()).toEqual([
        ['alice', 'Dans le canal', 'prefix'],
        ['bob', 'In the thread <!channel>', 'thread'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('stores an A1 message before asking Slack who wrote it; the copy in Q1’s thread and the answer take the name once Slack answers', async () => {
    const q1 = q1Of()!;
    const release = p.standin.hold('users.info');
    const event = p.standin.userPost(CHANNEL, 'U0CAROL001', 'A1 Sans attendre');
    try {
      expect((await p.driver.event(event)).status).toBe(200);
      const stored = await waitFor('the answer, with users.info unanswered', async () =>
        (await answersNow()).find((a) => a.id === event.ts),
      );
      expect(stored).toMatchObject({
        user: { id: 'U0CAROL001', name: 'U0CAROL001' },
        text: 'Sans attendre',
        permalink: `https://${p.standin.team.teamDomain}.slack.com/archives/${CHANNEL}/p${String(event.ts).replace('.', '')}`,
      });
      expect(p.standin.calls('users.info').filter((c) => c.args.user === 'U0CAROL001')).toHaveLength(1);
      expect(p.standin.calls('chat.getPermalink')).toEqual([]);
      expect(p.standin.thread(CHANNEL, q1.ts).find((m) => m.text.includes('Sans attendre'))).toBeUndefined();
    } finally {
      release();
    }
    const copy = await waitFor('the copy in Q1’s thread', () =>
      p.standin.thread(CHANNEL, q1.ts).find((m) => m.botId && m.text.includes('Sans attendre')),
    );
    expect(copy.text).toContain('carol');
    expect(copy.text).not.toContain('U0CAROL001');
    await waitFor('the name in the stored answer', async () =>
      (await answersNow()).find((a) => a.id === event.ts && a.user.name === 'carol'),
    );
    expect((await answersNow()).filter((a) => a.id === event.ts)).toHaveLength(1);
  });

  it('deletes the copy of a deleted A1 message from Q1’s thread, with the answer', async () => {
    const q1 = q1Of()!;
    const event = p.standin.userPost(CHANNEL, 'U0BOB00001', 'A1 Soon gone');
    await p.driver.event(event);
    const copy = await waitFor('the copy in Q1’s thread', () =>
      p.standin.thread(CHANNEL, q1.ts).find((m) => m.botId && m.text.includes('Soon gone')),
    );
    await waitFor('the answer', async () => (await answersNow()).some((a) => a.id === event.ts));
    expect((await p.driver.event(p.standin.userDelete(CHANNEL, String(event.ts)))).status).toBe(200);
    await waitFor('the copy to be deleted', () => !p.standin.thread(CHANNEL, q1.ts).some((m) => m.ts === copy.ts));
    await waitFor('the answer to be removed', async () => !(await answersNow()).some((a) => a.id === event.ts));
    expect(p.standin.calls('chat.delete').map((c) => [c.args.channel, c.args.ts, c.ok])).toEqual([
      [CHANNEL, copy.ts, true],
    ]);
    expect(p.standin.thread(CHANNEL, q1.ts).some((m) => m.text.includes('Dans le canal'))).toBe(true);
  });

  it('never writes the bot token or the signing secret to the log', () => {
    const all = p.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(p.standin.botToken);
    expect(all).not.toContain('e2e-signing-secret-0123456789abcdef');
  });
});
