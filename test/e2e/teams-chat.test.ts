/**
 * THE Teams end-to-end test: the real process (`start(loadConfig(env))`, SQLite store,
 * speed 600) behind `/api/messages`, the Bot Connector stand-in as Teams, the example plan
 * `leadersgc-monthly` (8 questions, 2 anonymous polls), 50 people. The bot is installed in
 * a channel, a non-organizer is refused, the organizer starts the chat; people answer in
 * threads and with A3/R3 posts, edit, delete, react, vote and change their votes, Teams
 * redelivers a message and a click. The recap the bot posts and the CSV export must match
 * what the crowd did, exactly; the export comes as a private link in the organizer's
 * personal chat, never in the channel.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/cli/seeded-random.js';
import { createExporter } from '../../src/infra/create-exporter.js';
import { createStore } from '../../src/infra/store/create-store.js';
import { createTranslator } from '../../src/infra/i18n.js';
import type { ChannelRef } from '../../src/core/engine/run.js';
import { specsRequirement } from '../support/requirements.js';
import type { StandinMember, StandinTeam } from '../support/teams/connector-state.js';
import { cardButtons, cardLinks, cardOf, messageText } from '../adapters/teams/support/card-text.js';
import { removeStore, startTeamsProcess, type TeamsProcess } from './support/teams-process.js';
import { TeamsCrowd, type CrowdPerson } from './support/teams-crowd.js';
import { readRecap } from './support/teams-recap-text.js';

const specs = specsRequirement();
const ORGANIZER_AAD = '0a0a0a0a-0000-4000-8000-000000000001';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe.skipIf(specs.skip)(`Teams: a whole chat in a channel${specs.reason}`, () => {
  let proc: TeamsProcess | undefined;
  afterAll(async () => {
    await proc?.stop();
    if (proc) removeStore(proc.storeUrl);
  });

  it('runs leadersgc-monthly with 50 people; the recap and the CSV match what they did', async () => {
    let team!: StandinTeam;
    let organizer!: StandinMember;
    let outsider!: StandinMember;
    const people: CrowdPerson[] = [];
    proc = await startTeamsProcess({
      speed: 600,
      organizers: ORGANIZER_AAD,
      specsDir: specs.value,
      setup(standin) {
        team = standin.addTeam({ name: 'LeadersGC', channels: [{ name: 'leadersgc' }] });
        organizer = standin.addMember(team.id, { name: 'Nadia Organizer', aadObjectId: ORGANIZER_AAD });
        outsider = standin.addMember(team.id, { name: 'Oscar Outsider' });
        for (let i = 1; i <= 50; i++) {
          const member = standin.addMember(team.id, {
            name: i % 3 === 0 ? `Participante ${i}` : `Participant ${i}`,
            aadObjectId: `0b0b0b0b-0000-4000-8000-${String(i).padStart(12, '0')}`,
          });
          people.push({ member, locale: i % 3 === 0 ? 'fr-CA' : 'en-CA' });
        }
      },
    });
    const { standin } = proc;
    const channelId = team.channels[1]!.id;
    const scope = { tenantId: team.tenantId, teamId: team.id, channelId };
    const channel: ChannelRef = { platform: 'teams', id: channelId };
    const say = async (from: StandinMember, text: string): Promise<string> => {
      const post = standin.activities.channelMessage({ ...scope, from, text, mentionBot: true });
      expect((await proc!.deliver(post)).status).toBe(200);
      await proc!.settled();
      return post.id;
    };

    // Installed in the team: the channel is known by name.
    await proc.deliver(
      standin.activities.botInstalled({
        ...scope,
        from: organizer,
        teamName: 'LeadersGC',
        aadGroupId: team.aadGroupId,
      }),
    );
    await proc.settled();
    expect(await proc.running.service.resolveChannel('#leadersgc')).toMatchObject({ platform: 'teams', id: channelId });

    // Someone who is not an organizer is refused, in the command's thread.
    const refused = await say(outsider, 'start leadersgc-monthly');
    expect(messageText(standin.replies(channelId, refused)[0])).toContain('Only organizers can use');
    expect(await proc.running.service.desk.latestRun(channel)).toBeUndefined();

    // The organizer (listed in ROUNDTABLE_ORGANIZERS by Entra id) starts it.
    const started = await say(organizer, 'start leadersgc-monthly');
    expect(messageText(standin.replies(channelId, started)[0])).toContain('“Working in the open” has started.');

    const crowd = new TeamsCrowd(proc, scope, people, seededRandom(20261217));
    const handled = new Set<string>();
    let lateReply: string | undefined;
    const deadline = Date.now() + 150_000;
    for (;;) {
      const run = await proc.running.service.desk.latestRun(channel);
      if (run?.status === 'ended' && run.outbox.length === 0) break;
      if (Date.now() > deadline) throw new Error('The chat did not end in time.');
      for (const post of standin.posts(channelId).filter((p) => p.byBot && !handled.has(p.id))) {
        handled.add(post.id);
        const text = messageText(post);
        const question = /^Q(\d+)\n/.exec(text);
        const poll = /^Poll (\d+)\n/.exec(text);
        if (!question && !poll) continue;
        // The organizer holds the timeline while the crowd is busy, so nothing they do arrives after the end.
        await say(organizer, 'pause');
        if (question) await crowd.answerQuestion(Number(question[1]), post.id);
        if (poll)
          await crowd.vote(
            Number(poll[1]),
            post.id,
            cardButtons(cardOf(post))
              .map((b) => b.value)
              .filter((v) => !v.endsWith('|withdraw')),
            Number(poll[1]) === 2 ? 2 : 1,
          );
        await proc.settled();
        await say(organizer, 'resume');
      }
      const poll1 = run?.polls[0]?.ref?.id;
      if (poll1 && lateReply === undefined && run?.polls[0]?.state === 'closed') {
        lateReply = await crowd.lateClick(poll1, `vote|${run.id}|1|0`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await proc.settled();
    expect(crowd.surprises).toEqual([]);
    expect(lateReply).toMatch(/This poll is closed: your vote was not counted\.|Ce sondage est fermé/);

    // The recap, as people read it in both languages, matches the crowd's own count.
    const expected = crowd.figures();
    expect(expected.answers).toBeGreaterThan(100);
    const recapPost = standin
      .posts(channelId)
      .find((p) => p.byBot && messageText(p).startsWith('Recap: Working in the open'));
    expect(recapPost).toBeDefined();
    const recapText = [recapPost!, ...standin.replies(channelId, recapPost!.id).filter((m) => m.byBot)]
      .map(messageText)
      .join('\n');
    for (const lang of ['en', 'fr'] as const) {
      const shown = readRecap(recapText, lang);
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

    // Teams accepted every card and was never pushed past its rate limits.
    expect(standin.stats).toMatchObject({ badRequests: 0, tooLarge: 0, throttled: 0 });
    expect(proc.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);

    // The CSV export holds exactly what the crowd left: answers as last edited, reactions, votes.
    const rowsOf = (csv: string): string[][] => {
      expect(csv.startsWith('\uFEFFkind,number,user_id,user_name,text,option,timestamp,reactions\r\n')).toBe(true);
      const rows = (parse(csv.slice(1), { relaxColumnCount: false }) as string[][]).slice(1);
      for (const row of rows) expect(row[6]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      return rows
        .map((r) => [...r.slice(0, 6), r[7]!])
        .sort((x, y) => x.join('\u0001').localeCompare(y.join('\u0001')));
    };

    // The organizer asks for it in the channel: the link reaches their personal chat only.
    const exported = await say(organizer, 'export csv');
    expect(standin.replies(channelId, exported).map(messageText)).toEqual([
      '<at>Nadia Organizer</at>\nSent to your personal chat with Roundtable: nobody else sees it.',
    ]);
    const channelJson = JSON.stringify(
      standin.posts(channelId).flatMap((p) => [p, ...standin.replies(channelId, p.id)]),
    );
    expect(channelJson).not.toContain('/exports/');
    const [link] = cardLinks(cardOf(standin.personalMessages(organizer.id).at(-1)));
    expect(link?.url).toMatch(/^https:\/\/roundtable\.example\.gc\.ca\/exports\/[A-Za-z0-9_-]{43}$/);
    // The token opens the transcript: no log line (debug included) carries it.
    expect(proc.logs.join('\n')).not.toContain(link!.url.split('/exports/')[1]);
    const download = await fetch(proc.localUrl(link!.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    // The bytes as served (`text()` would drop the byte-order mark).
    expect(rowsOf(Buffer.from(await download.arrayBuffer()).toString('utf8'))).toEqual(crowd.csvRows());

    // And what the store keeps after the process stops is the same.
    const runId = (await proc.running.service.desk.latestRun(channel))!.id;
    await proc.stop();
    const store = await createStore(proc.storeUrl, { logger: quiet });
    try {
      const run = (await store.getRun(runId))!;
      const file = await createExporter({ store, translator: await createTranslator() })(run, 'csv');
      expect(rowsOf(String(file.content))).toEqual(crowd.csvRows());
    } finally {
      await store.close();
    }
  }, 200_000);
});
