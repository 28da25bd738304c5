/**
 * Why: `/slack/events` is open to the whole Internet before any signature is checked. These
 * tests play the attacker against a real process (Bolt app behind the shared server):
 * large unsigned bodies must not grow memory, timestamps far in the future are refused,
 * and a captured signed command or click sent again does nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/infra/store/create-store.js';
import { startSlackProcess, waitFor, SIGNING_SECRET, type SlackProcess } from '../../e2e/support/slack-process.js';
import { formBody, slackSignature } from '../../support/slack/event-sender.js';
import { peakRss, sendLargeBody } from '../../support/http/large-body.js';

const CHANNEL = 'C0LIMITS01';
const MB = 1024 * 1024;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** One signed request, kept as it was sent so it can be sent again byte for byte (a replay). */
function signed(url: string, rawBody: string, timestampSec = Math.floor(Date.now() / 1000)) {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': slackSignature(SIGNING_SECRET, timestampSec, rawBody),
  };
  return async () => (await fetch(url, { method: 'POST', headers, body: rawBody })).status;
}

describe('Slack over HTTP: request limits against an attacker', () => {
  let p: SlackProcess;
  beforeAll(async () => {
    p = await startSlackProcess({
      mode: 'http',
      speed: 1,
      setup: (s) => {
        s.addChannel(CHANNEL, { name: 'limits' });
        s.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
        s.addUser({ id: 'U0VOTER001', name: 'voter', locale: 'en-CA' });
      },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('refuses three concurrent 50 MB unsigned bodies unread: RSS grows by less than 20 MB', async () => {
    const url = `${p.baseUrl}/slack/events`;
    const fresh = { 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=00' };
    const { result, before, peak } = await peakRss(() =>
      Promise.all([
        sendLargeBody(url, 50 * MB, { declareLength: true }),
        sendLargeBody(url, 50 * MB, { declareLength: true, headers: fresh }),
        sendLargeBody(url, 50 * MB, { declareLength: false, headers: fresh }),
      ]),
    );
    const growthMb = (peak - before) / MB;
    const figure = `RSS before ${Math.round(before / MB)} MB, peak ${Math.round(peak / MB)} MB, growth ${growthMb.toFixed(1)} MB; written ${result.map((r) => (r.written / MB).toFixed(1)).join(', ')} MB`;
    expect(growthMb, figure).toBeLessThan(20);
    // No timestamp: refused at once; a declared 50 MB: refused on Content-Length; chunked: refused past 1 MiB.
    expect(result[0]!.status).toBe(401);
    expect(result[1]!.status).toBe(413);
    expect(String(result[2]!.status ?? result[2]!.error)).toMatch(/^(413|ECONNRESET|EPIPE)$/);
    for (const r of result) expect(r.written).toBeLessThan(50 * MB);
  });

  it('refuses a signed body one byte over 1 MiB with 413, and still serves the next request', async () => {
    const big = formBody({ command: '/roundtable', text: 'x'.repeat(MB), user_id: 'U_ORG', channel_id: CHANNEL });
    expect(Buffer.byteLength(big)).toBeGreaterThan(MB);
    expect(await signed(`${p.baseUrl}/slack/events`, big)()).toBe(413);
    expect((await fetch(`${p.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses signed requests from the future (+6 min, +1 h, +1 year) with 401 and acts on none', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const ahead of [6 * 60, 3600, 365 * 86400]) {
      const fields = p.standin.buildCommand({
        command: '/roundtable',
        text: 'start leadersgc-monthly',
        user_id: 'U_ORG',
        channel_id: CHANNEL,
      });
      expect(await signed(`${p.baseUrl}/slack/events`, formBody(fields), now + ahead)()).toBe(401);
    }
    expect(await p.running.service.desk.latestRun({ platform: 'slack', id: CHANNEL })).toBeUndefined();
    expect(p.standin.messages(CHANNEL)).toEqual([]);
  });

  it('accepts a signed command four minutes ahead, and its replay does nothing twice (one next, not two)', async () => {
    const url = `${p.baseUrl}/slack/events`;
    expect(
      await signed(
        url,
        formBody(
          p.standin.buildCommand({
            command: '/roundtable',
            text: 'start leadersgc-monthly',
            user_id: 'U_ORG',
            channel_id: CHANNEL,
          }),
        ),
        Math.floor(Date.now() / 1000) + 240,
      )(),
    ).toBe(200);
    await waitFor('the welcome', () => p.standin.messages(CHANNEL).length >= 1);
    const next = signed(
      url,
      formBody(p.standin.buildCommand({ command: '/roundtable', text: 'next', user_id: 'U_ORG', channel_id: CHANNEL })),
    );
    expect(await next()).toBe(200);
    const keyOf = (m: { metadata?: { event_payload: { key?: unknown } } }) =>
      String(m.metadata?.event_payload.key ?? '');
    await waitFor('Q1', () => p.standin.messages(CHANNEL).some((m) => keyOf(m).endsWith(':q1')));
    expect(await next()).toBe(200);
    await waitFor('the replay to be dropped', () =>
      p.logs.some((l) => l.includes('replayed') && l.includes('slack:command:')),
    );
    await p.running.service.tick();
    expect(
      p.standin
        .messages(CHANNEL)
        .filter((m) => /:q\d+$/.test(keyOf(m)))
        .map(keyOf),
    ).toEqual([expect.stringMatching(/:q1$/)]);
  });

  it('counts a replayed vote click once: the vote stands (a second click would have withdrawn it)', async () => {
    const url = `${p.baseUrl}/slack/events`;
    await signed(
      url,
      formBody(
        p.standin.buildCommand({
          command: '/roundtable',
          text: 'poll "Lunch? | Dîner ?" "Yes | Oui" "No | Non"',
          user_id: 'U_ORG',
          channel_id: CHANNEL,
        }),
      ),
    )();
    const poll = await waitFor('the poll', () =>
      p.standin.messages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes('vote-')),
    );
    const actionId = /"action_id":"(vote-[^"]+)"/.exec(JSON.stringify(poll.blocks))![1]!;
    const click = signed(
      url,
      formBody({
        payload: JSON.stringify(
          p.standin.buildAction({ user: 'U0VOTER001', channelId: CHANNEL, messageTs: poll.ts, actionId }),
        ),
      }),
    );
    expect(await click()).toBe(200);
    await waitFor('the vote’s reply', () => p.standin.ephemerals('U0VOTER001').length >= 1);
    expect(await click()).toBe(200);
    await waitFor('the replay to be dropped', () =>
      p.logs.some((l) => l.includes('replayed') && l.includes('slack:click:U0VOTER001')),
    );
    const run = (await p.running.service.desk.latestRun({ platform: 'slack', id: CHANNEL }))!;
    const store = await createStore(p.storeUrl, { logger: quiet });
    try {
      const polls = run.polls.length;
      expect(await store.listBallots(run.id, polls)).toHaveLength(1);
    } finally {
      await store.close();
    }
    expect(p.standin.ephemerals('U0VOTER001')).toHaveLength(1);
  });
});
