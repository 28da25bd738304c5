/**
 * The Teams adapter through the real botbuilder CloudAdapter, over HTTP, against the Bot
 * Connector stand-in (which validates every activity and card and enforces Teams' limits).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import type { StandinMember } from '../../support/teams/connector-state.js';
import { personAadId, teamsHarness, type TeamsHarness } from './support/teams-harness.js';
import { cardButtons, cardOf, cardText, messageText } from './support/card-text.js';

const specs = specsRequirement();
const MIN = 60_000;

describe.skipIf(specs.skip)(`Teams adapter against the Connector stand-in${specs.reason}`, () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  const start = async (opts: Partial<Parameters<typeof teamsHarness>[0]> = {}) => {
    h = await teamsHarness({ specsDir: specs.value, ...opts });
    await h.send(
      h.standin.activities.botInstalled({
        ...h.scope,
        from: h.owner,
        teamName: 'LeadersGC',
        aadGroupId: h.team.aadGroupId,
      }),
    );
    return h;
  };
  const startChat = async () => {
    await start();
    await h.command(h.owner, 'start sample-chat');
    await h.advance(5 * MIN + 1);
    const run = await h.run();
    return { run: run!, q1: run!.questions[0]!.ref!.id };
  };
  const reply = (from: StandinMember, text: string, rootId: string) =>
    h.standin.activities.channelMessage({ ...h.scope, from, text, replyToPostId: rootId });
  const post = (from: StandinMember, text: string) => h.standin.activities.channelMessage({ ...h.scope, from, text });

  it('remembers every channel of the team when installed, so plans can name them', async () => {
    await start();
    const general = h.team.id;
    expect(await h.adapter.port.resolveChannel('#chats')).toEqual({
      platform: 'teams',
      id: h.channelId,
      workspace: h.team.tenantId,
      name: 'Chats',
    });
    expect(await h.adapter.port.resolveChannel('LeadersGC / Chats')).toMatchObject({ id: h.channelId });
    expect(await h.adapter.port.resolveChannel('General')).toMatchObject({ id: general });
    expect(await h.adapter.port.resolveChannel(h.channelId)).toMatchObject({ id: h.channelId });
    expect(await h.adapter.port.resolveChannel('#nowhere')).toBeUndefined();
  });

  it('answers a command in its thread, mentioning the asker, and starts the chat with a new channel post', async () => {
    await start();
    const cmd = await h.command(h.owner, 'start sample-chat');
    const [answer, ...more] = h.standin.replies(h.channelId, cmd);
    expect(more).toEqual([]);
    expect(messageText(answer)).toBe('<at>Olivia Owner</at>\n“Mental health at work” has started.');
    expect(cardOf(answer)?.msteams).toMatchObject({
      entities: [
        { type: 'mention', text: '<at>Olivia Owner</at>', mentioned: { id: h.owner.id, name: 'Olivia Owner' } },
      ],
    });
    const posts = h.standin.posts(h.channelId).filter((p) => p.byBot);
    expect(posts).toHaveLength(1);
    expect(messageText(posts[0])).toContain('Welcome to “Mental health at work”');
    expect(messageText(posts[0])).toContain('Bienvenue à la discussion «\u00a0La santé mentale au travail\u00a0»');
    expect(h.standin.stats).toMatchObject({ badRequests: 0, throttled: 0 });
  });

  it('refuses an organizer command from a member who is neither listed nor a team owner, in the command’s thread', async () => {
    await start();
    const cmd = await h.command(h.people[0]!, 'start sample-chat');
    expect(messageText(h.standin.replies(h.channelId, cmd)[0])).toContain(
      'Only organizers can use `@Roundtable start`',
    );
    expect(await h.run()).toBeUndefined();
    // Listed by Entra object id in the organizers: allowed.
    await h.close();
    h = await teamsHarness({ specsDir: specs.value, organizers: [personAadId(0)] });
    await h.command(h.people[0]!, 'start sample-chat');
    expect((await h.run())?.status).toBe('running');
  });

  it('registers a channel with "here" (even one the install did not list) and answers anyone’s "status"', async () => {
    await start();
    const cmd = await h.command(h.owner, 'here');
    expect(messageText(h.standin.replies(h.channelId, cmd)[0])).toContain('This channel is registered as Chats');
    expect(await h.service.resolveChannel('chats')).toMatchObject({ platform: 'teams', id: h.channelId });
    const status = await h.command(h.people[1]!, 'status');
    expect(messageText(h.standin.replies(h.channelId, status)[0])).toContain('No chat is running here');
  });

  it('takes a mention in the middle of a message as an answer, not a command', async () => {
    const { q1 } = await startChat();
    const activity = h.standin.activities.channelMessage({
      ...h.scope,
      from: h.people[0]!,
      text: 'thanks',
      mentionBot: true,
      replyToPostId: q1,
    });
    activity.text = `Great question <at>Roundtable</at>, here is mine`;
    await h.send(activity);
    expect((await h.store.listAnswers('run-1')).map((a) => a.text)).toEqual(['Great question , here is mine']);
  });

  it('posts each question as a new channel post and collects thread replies and A1/R1 posts as answers', async () => {
    const { run, q1 } = await startChat();
    const questionPost = h.standin.message(q1)!;
    expect(questionPost.rootId).toBeUndefined();
    expect(messageText(questionPost)).toContain('Reply in this thread, or start your message with A1');
    expect(run.questions[0]!.ref!.permalink).toBe(
      `https://teams.microsoft.com/l/message/${encodeURIComponent(h.channelId)}/${q1}?tenantId=${h.team.tenantId}&groupId=${h.team.aadGroupId}&parentMessageId=${q1}`,
    );

    await h.send(reply(h.people[0]!, 'Regular check-ins <at>Bruno Côté</at> **really**', q1));
    const prefixed = post(h.people[1]!, 'R1 : Des pauses réelles');
    await h.send(prefixed);
    const answers = await h.store.listAnswers('run-1');
    expect(answers.map((a) => [a.number, a.user.name, a.text, a.via])).toEqual([
      [1, 'Alice Tremblay', 'Regular check-ins @Bruno Côté **really**', 'thread'],
      [1, 'Bruno Côté', 'Des pauses réelles', 'prefix'],
    ]);
    expect(answers[0]!.user.id).toBe(h.people[0]!.aadObjectId);
    // The A1/R1 post is linked into Q1's thread, its text escaped, with a link to the original.
    const link = h.standin.replies(h.channelId, q1).filter((m) => m.byBot);
    expect(link).toHaveLength(1);
    expect(messageText(link[0])).toContain(
      '**Bruno Côté** answered Q1 in the channel: [View the message](https://teams.microsoft.com/l/message/',
    );
    expect(messageText(link[0])).toContain(`/${prefixed.id}?`);
  });

  it('tells the author of an answer to an unknown question, in their personal chat only', async () => {
    await startChat();
    await h.send(post(h.people[2]!, 'A9: nothing'));
    expect(await h.store.listAnswers('run-1')).toEqual([]);
    const personal = h.standin.personalMessages(h.people[2]!.id);
    expect(personal.map(messageText)).toEqual([
      'There is no Q9 in this chat, so your message was not taken as an answer.',
    ]);
    expect(h.standin.posts(h.channelId).filter((p) => p.byBot && messageText(p).includes('Q9'))).toEqual([]);
  });

  it('follows edits, deletions and reactions, and drops a redelivered activity', async () => {
    const { q1 } = await startChat();
    const [a, b] = h.people;
    const first = reply(a!, 'First draft', q1);
    await h.send(first);
    await h.send(first); // Teams redelivers
    await h.send(
      h.standin.activities.messageUpdate({ ...h.scope, from: a!, messageId: first.id, rootId: q1, text: 'Final text' }),
    );
    const prefixed = post(b!, 'A1 to be deleted');
    await h.send(prefixed);
    await h.send(h.standin.activities.messageDelete({ ...h.scope, from: b!, messageId: prefixed.id }));
    const like = h.standin.activities.messageReaction({
      ...h.scope,
      from: b!,
      messageId: first.id,
      rootId: q1,
      added: ['like', 'heart'],
    });
    await h.send(like);
    await h.send(like);
    await h.send(
      h.standin.activities.messageReaction({
        ...h.scope,
        from: b!,
        messageId: first.id,
        rootId: q1,
        removed: ['heart'],
      }),
    );
    const answers = await h.store.listAnswers('run-1');
    expect(answers.map((x) => [x.id, x.text, x.reactions])).toEqual([[first.id, 'Final text', 1]]);
    const edited = h.standin.activities.messageUpdate({
      ...h.scope,
      from: a!,
      messageId: first.id,
      rootId: q1,
      text: 'Second edit',
    });
    await h.send(edited);
    expect((await h.store.getAnswer('run-1', first.id))?.text).toBe('Second edit');
  });

  it('records a vote from an Action.Execute click and answers with the voter’s own card; a change of mind replaces it', async () => {
    await startChat();
    await h.advance(5 * MIN);
    const run = await h.run();
    const pollPost = run!.polls[0]!.ref!.id;
    const buttons = cardButtons(cardOf(h.standin.message(pollPost)));
    expect(buttons.map((b) => b.title)).toEqual([
      'Weekly / Chaque semaine',
      'Rarely / Rarement',
      'Never / Jamais',
      'Withdraw my vote / Retirer mon vote',
    ]);
    const click = (from: StandinMember, option: number) =>
      h.send(
        h.standin.activities.adaptiveCardInvoke({
          ...h.scope,
          from,
          cardActivityId: pollPost,
          verb: 'vote',
          data: { value: buttons[option]!.value },
        }),
      );

    const voted = await click(h.people[0]!, 0);
    expect(voted.status).toBe(200);
    const body = voted.body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(body.value)).toMatch(
      /^Your vote is recorded: Weekly\. You can change it until the poll closes\.\nPoll 1/,
    );
    expect(cardButtons(body.value)).toHaveLength(4);

    await click(h.people[0]!, 1);
    await click(h.people[1]!, 1);
    const ballots = await h.store.listBallots('run-1', 1);
    expect(ballots.map((b) => [b.user?.name, b.options])).toEqual([
      ['Alice Tremblay', [1]],
      ['Bruno Côté', [1]],
    ]);

    // The shared card's tally follows within 2 s (one update however many votes).
    await h.advance(2_000);
    const shared = h.standin.message(pollPost)!;
    expect(messageText(shared)).toContain('Rarely: ▓▓▓▓▓▓▓▓▓▓ 100% (2 votes)');
    expect(shared.versions.length).toBe(1);
  });

  it('does not count a redelivered click twice', async () => {
    await startChat();
    await h.advance(5 * MIN);
    const pollPost = (await h.run())!.polls[0]!.ref!.id;
    const value = cardButtons(cardOf(h.standin.message(pollPost)))[2]!.value;
    const click = h.standin.activities.adaptiveCardInvoke({
      ...h.scope,
      from: h.people[3]!,
      cardActivityId: pollPost,
      verb: 'vote',
      data: { value },
    });
    await h.send(click);
    const again = await h.send(click);
    expect(again.status).toBe(200);
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[2]]);
  });

  it('tells only the voter that a closed poll is closed, and accepts Action.Submit clicks from older clients', async () => {
    await startChat();
    await h.advance(5 * MIN);
    const pollPost = (await h.run())!.polls[0]!.ref!.id;
    const value = cardButtons(cardOf(h.standin.message(pollPost)))[0]!.value;
    await h.send(
      h.standin.activities.cardSubmit({ ...h.scope, from: h.people[4]!, cardActivityId: pollPost, data: { value } }),
    );
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.user?.name)).toEqual(['Émilie Gagnon']);
    expect(h.standin.personalMessages(h.people[4]!.id).map(messageText)).toEqual([
      'Your vote is recorded: Weekly. You can change it until the poll closes.',
    ]);

    await h.advance(20 * MIN); // poll 1 closes at 30 min
    expect(messageText(h.standin.message(pollPost))).toContain('Final result');
    const late = await h.send(
      h.standin.activities.adaptiveCardInvoke({
        ...h.scope,
        from: h.people[0]!,
        cardActivityId: pollPost,
        verb: 'vote',
        data: { value },
      }),
    );
    expect(cardText((late.body as { value: Record<string, unknown> }).value)).toMatch(
      /^This poll is closed: your vote was not counted\./,
    );
    expect(await h.store.listBallots('run-1', 1)).toHaveLength(1);
    expect(h.standin.replies(h.channelId, pollPost)).toEqual([]);
  });

  it('keeps a hidden poll’s tally off the shared card until it closes', async () => {
    await startChat();
    await h.advance(15 * MIN); // poll 2 (hidden, anonymous, pick up to 2) opens at 20 min
    const poll2 = (await h.run())!.polls[1]!.ref!.id;
    const buttons = cardButtons(cardOf(h.standin.message(poll2)));
    for (const [i, person] of h.people.entries()) {
      await h.send(
        h.standin.activities.adaptiveCardInvoke({
          ...h.scope,
          from: person,
          cardActivityId: poll2,
          verb: 'vote',
          data: { value: buttons[i % 3]!.value },
        }),
      );
    }
    await h.advance(2_000);
    expect(messageText(h.standin.message(poll2))).toContain('Results are hidden until the poll closes.');
    expect(messageText(h.standin.message(poll2))).not.toMatch(/▓/);
    const stop = await h.command(h.owner, 'stop');
    expect(messageText(h.standin.replies(h.channelId, stop)[0])).toContain('The chat is over');
    expect(messageText(h.standin.message(poll2))).toContain('A: ▓▓▓▓░░░░░░ 40% (2 votes)');
    const recap = h.standin
      .posts(h.channelId)
      .filter((p) => p.byBot)
      .at(-1);
    expect(messageText(recap)).toContain('Recap');
  });

  it('continues a recap too big for one Teams message in its own thread', async () => {
    const long = (i: number) =>
      `${'A long question about working in the open, with many words in it. '.repeat(6)}(${i})`;
    const { samplePlan } = await import('../../support/plans.js');
    const plan = samplePlan({
      organizers: [],
      polls: [],
      questions: Array.from({ length: 50 }, (_, i) => ({
        text: { en: long(i + 1), fr: long(i + 1) },
        atMs: (i + 1) * MIN,
      })),
    });
    await h?.close();
    h = await teamsHarness({ specsDir: specs.value, plan, rateLimit: false });
    await h.send(h.standin.activities.botInstalled({ ...h.scope, from: h.owner }));
    await h.command(h.owner, 'start sample-chat');
    await h.command(h.owner, 'stop');
    const recap = h.standin
      .posts(h.channelId)
      .filter((p) => messageText(p).includes('Recap'))
      .at(-1)!;
    const rest = h.standin.replies(h.channelId, recap.id).filter((m) => m.byBot);
    expect(rest.length).toBeGreaterThan(0);
    const all = [recap, ...rest].map(messageText).join('\n');
    for (let i = 1; i <= 50; i++) expect(all).toContain(`**Q${i}**`);
    expect(h.standin.stats).toMatchObject({ badRequests: 0, tooLarge: 0 });
  });

  it('paces a burst of A1 posts under Teams’ limits and retries refused calls: every link posted exactly once', async () => {
    const { q1 } = await startChat();
    h.standin.failNext(412, 1);
    h.standin.failNext(502, 1);
    const posts = Array.from({ length: 20 }, (_, i) => post(h.people[i % 5]!, `A1 answer number ${i}`));
    await Promise.all(posts.map((p) => h.standin.userPost(p, { botUrl: h.botUrl })));
    await h.adapter.idle();
    const links = h.standin
      .replies(h.channelId, q1)
      .filter((m) => m.byBot)
      .map(messageText);
    expect(links).toHaveLength(20);
    for (let i = 0; i < 20; i++)
      expect(links.filter((l) => new RegExp(`answer number ${i}$`, 'm').test(l)).length, `answer ${i}`).toBe(1);
    expect(h.standin.stats.throttled).toBe(0);
    expect(h.standin.stats.injectedFailures).toBe(2);
    expect(await h.store.listAnswers('run-1')).toHaveLength(20);
  });
});
