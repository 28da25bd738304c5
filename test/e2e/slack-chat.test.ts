/**
 * THE Slack end-to-end test: the real process (`start(loadConfig(env))`, SQLite store,
 * speed 600) through the real Bolt App, once over HTTP (`POST /slack/events`) and once over
 * Socket Mode, the Slack stand-in as Slack (with Slack's rate limits), the example plan
 * `leadersgc-monthly` (8 questions, 2 anonymous polls), 50 people. Forged and stale requests
 * are refused, a participant's `stop` is refused to them alone (in French), people answer
 * in threads and with A3/R3 messages, edit, delete, react, vote and change their votes,
 * Slack delivers an event twice. The recap the bot posts and the CSV export (asked with
 * `/roundtable export csv`, uploaded to the channel) must match what the crowd did, exactly.
 */
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/cli/seeded-random.js';
import type { SlackAdapter } from '../../src/adapters/slack/create-slack-adapter.js';
import type { ChannelRef } from '../../src/core/engine/run.js';
import { specsRequirement } from '../support/requirements.js';
import type { StoredMessage } from '../support/slack/standin-types.js';
import {
  SIGNING_SECRET,
  startSlackProcess,
  waitFor,
  type SlackMode,
  type SlackProcess,
} from './support/slack-process.js';
import { SlackCrowd, type SlackPerson } from './support/slack-crowd.js';
import { readSlackRecap } from './support/slack-recap-text.js';

const specs = specsRequirement();
const CHANNEL = 'C0LEADERS1';
const channel: ChannelRef = { platform: 'slack', id: CHANNEL };

const keyOf = (m: StoredMessage): string => String(m.metadata?.event_payload.key ?? '');
const buttonsOf = (m: StoredMessage): string[] =>
  ((m.blocks ?? []) as { type: string; elements?: { action_id: string }[] }[]).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id) : [],
  );

describe.skipIf(specs.skip)(`Slack: a whole chat in a channel${specs.reason}`, () => {
  let p: SlackProcess | undefined;
  afterEach(async () => {
    await p?.stop();
    p = undefined;
  });

  for (const [mode, seed] of [
    ['http', 20261217],
    ['socket', 20270121],
  ] as [SlackMode, number][]) {
    it(`runs leadersgc-monthly with 50 people over ${mode}; the recap and the CSV match what they did`, async () => {
      const people: SlackPerson[] = Array.from({ length: 50 }, (_, i) => ({
        id: `U0P${String(i + 1).padStart(7, '0')}`,
        name: i % 3 === 2 ? `Participante ${i + 1}` : `Participant ${i + 1}`,
        locale: i % 3 === 2 ? 'fr-CA' : 'en-CA',
      }));
      p = await startSlackProcess({
        mode,
        speed: 600,
        organizers: 'U_ORG',
        setup(s) {
          s.addChannel(CHANNEL, { name: 'leadersgc' });
          s.addUser({ id: 'U_ORG', name: 'Nadia Organizer', locale: 'en-CA' });
          s.addUser({ id: 'U0OUTSIDE1', name: 'Olivier Outsider', locale: 'fr-CA' });
          for (const person of people) s.addUser({ id: person.id, name: person.name, locale: person.locale });
        },
      });
      const proc = p;
      const { standin } = proc;
      const slack = proc.running.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
      /** A command, done once its reply (only the asker sees it) has arrived. */
      const command = async (user: string, text: string) => {
        const seen = standin.ephemerals(user).length;
        expect(
          (await proc.driver.command({ command: '/roundtable', text, user_id: user, channel_id: CHANNEL })).status,
        ).toBe(200);
        await waitFor(`the reply to /roundtable ${text}`, () => standin.ephemerals(user).length > seen);
      };

      // Only Slack may talk to the app: forged and six-minute-old requests are refused (Socket Mode has no HTTP route at all).
      const forgedEvent = standin.userPost(CHANNEL, 'U0OUTSIDE1', 'A1 forged');
      const forged = await standin.sendEvent(forgedEvent, {
        url: proc.driver.url,
        signingSecret: SIGNING_SECRET,
        forgeSignature: true,
      });
      const stale = await standin.sendCommand(
        { command: '/roundtable', text: 'start leadersgc-monthly', user_id: 'U_ORG', channel_id: CHANNEL },
        { url: proc.driver.url, signingSecret: SIGNING_SECRET, timestampOffsetSec: -360 },
      );
      expect([forged.status, stale.status]).toEqual(mode === 'http' ? [401, 401] : [404, 404]);
      expect(await proc.running.service.desk.latestRun(channel)).toBeUndefined();

      // Someone who is not an organizer is refused, in French, and only they see it.
      await command('U0OUTSIDE1', 'start leadersgc-monthly');
      expect(standin.ephemerals('U0OUTSIDE1').map((e) => e.text)).toEqual([
        expect.stringContaining('Seule l’équipe organisatrice peut utiliser `/roundtable start`'),
      ]);
      expect(await proc.running.service.desk.latestRun(channel)).toBeUndefined();

      await command('U_ORG', 'start leadersgc-monthly');
      expect(standin.ephemerals('U_ORG').map((e) => e.text)).toEqual(['“Working in the open” has started.']);
      // The organizer steps through the chat (pause, then `next`), so the crowd never races the accelerated clock;
      // after the last question the chat runs on its own to the end (closing polls, closing post, recap).
      await command('U_ORG', 'pause');

      const crowd = new SlackCrowd(proc, CHANNEL, people, seededRandom(seed), () => slack.settled());
      const handled = new Set<string>();
      const runNow = async () => (await proc.running.service.desk.latestRun(channel))!;
      let staleClick: Record<string, unknown> | undefined;
      let lateReply: string | undefined;
      let refusedMidway = false;
      for (;;) {
        // Every step decided so far is posted (Slack's pace: about one message a second).
        await waitFor('the decided steps to be posted', async () => (await runNow()).outbox.length === 0);
        for (const post of standin.messages(CHANNEL).filter((m) => m.botId && !handled.has(m.ts))) {
          handled.add(post.ts);
          const question = /:q(\d+)$/.exec(keyOf(post));
          const poll = /:p(\d+)-open$/.exec(keyOf(post));
          if (question) await crowd.answerQuestion(Number(question[1]), post.ts);
          if (poll) {
            // The options only: "Withdraw my vote" is not one the crowd picks.
            const actionIds = buttonsOf(post).filter((id) => !id.endsWith('-withdraw'));
            staleClick ??= standin.buildAction({
              user: people[0]!.id,
              channelId: CHANNEL,
              messageTs: post.ts,
              actionId: actionIds[0]!,
            });
            await crowd.vote(Number(poll[1]), post.ts, actionIds, Number(poll[1]) === 2 ? 2 : 1);
          }
          if (question && Number(question[1]) === 4) {
            // A participant tries to stop the chat: refused, in their language, to them alone.
            await command(people[2]!.id, 'stop');
            expect(standin.ephemerals(people[2]!.id).at(-1)?.text).toContain('Seule l’équipe organisatrice');
            expect((await runNow()).status).toBe('paused');
            refusedMidway = true;
          }
        }
        const run = await runNow();
        if (staleClick && lateReply === undefined && run.polls[0]?.state === 'closed')
          lateReply = await crowd.lateClick(staleClick, people[0]!.id);
        if (!run.questions.some((q) => !q.ref)) break;
        await command('U_ORG', 'next');
      }
      await command('U_ORG', 'resume');
      await waitFor(
        'the end of the chat',
        async () => {
          const run = await runNow();
          return run.status === 'ended' && run.outbox.length === 0;
        },
        120_000,
      );
      expect(refusedMidway).toBe(true);
      expect(lateReply).toMatch(/This poll is closed: your vote was not counted\.|Ce sondage est fermé/);
      expect(crowd.surprises).toEqual([]);
      expect(crowd.edits).toBeGreaterThan(0);
      expect(crowd.deletions).toBeGreaterThan(0);

      // Every A3/R3 message was copied once into its question's thread (one of them was delivered twice).
      const copies = () =>
        standin
          .messages(CHANNEL)
          .filter((m) => /:q\d+$/.test(keyOf(m)))
          .flatMap((q) => standin.thread(CHANNEL, q.ts).filter((m) => m.botId));
      await waitFor('the copies of A3/R3 messages', () => copies().length >= crowd.prefixed, 120_000);
      await slack.settled();
      expect(copies()).toHaveLength(crowd.prefixed);

      // The recap, as people read it in both languages (the post and its continuation in the thread), matches the crowd's count.
      const expected = crowd.figures();
      expect(expected.answers).toBeGreaterThan(100);
      const recap = standin.messages(CHANNEL).find((m) => /:recap$/.test(keyOf(m)));
      expect(recap).toBeDefined();
      const pages = [
        recap!,
        ...standin.thread(CHANNEL, recap!.ts).filter((m) => m.botId && keyOf(m).startsWith(`${keyOf(recap!)}#`)),
      ];
      for (const lang of ['en', 'fr'] as const) {
        const shown = readSlackRecap(pages, lang);
        expect({ lang, participants: shown.participants, answers: shown.answers }).toEqual({
          lang,
          participants: expected.participants,
          answers: expected.answers,
        });
        expect(shown.perQuestion).toEqual(
          new Map(Array.from({ length: 8 }, (_, i) => [i + 1, expected.perQuestion.get(i + 1) ?? 0])),
        );
        expect(shown.pollCounts).toEqual(expected.pollCounts);
      }

      // The closed polls show their final tally without buttons.
      for (const post of standin.messages(CHANNEL).filter((m) => /:p\d+-open$/.test(keyOf(m))))
        expect(buttonsOf(post)).toEqual([]);

      // The CSV the organizer exports through Slack holds exactly what the crowd left.
      await command('U_ORG', 'export csv');
      const file = await waitFor('the CSV upload', () =>
        standin.files().find((f) => f.completed && f.name.endsWith('.csv')),
      );
      expect(file.channel).toBe(CHANNEL);
      const csv = file.bytes!.toString('utf8');
      expect(csv.startsWith('\uFEFFkind,number,user_id,user_name,text,option,timestamp,reactions\r\n')).toBe(true);
      const rows = (parse(csv.slice(1), { relaxColumnCount: false }) as string[][]).slice(1);
      for (const row of rows) expect(row[6]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const withoutTime = rows
        .map((r) => [...r.slice(0, 6), r[7]!])
        .sort((x, y) => x.join('\u0001').localeCompare(y.join('\u0001')));
      expect(withoutTime).toEqual(crowd.csvRows());

      // Slack was never pushed past its rate limits, nothing failed, and no secret reached the log.
      expect(standin.stats.ratelimited).toBe(0);
      expect(slack.stats()).toMatchObject({ rateLimited: 0, failed: 0 });
      expect(proc.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
      const logs = proc.logs.join('\n');
      for (const secret of [standin.botToken, standin.appToken, SIGNING_SECRET]) expect(logs).not.toContain(secret);
    }, 300_000);
  }
});
