/**
 * Messages that cannot be answers, in Teams through the real CloudAdapter over HTTP: a blank
 * thread reply, a bare `R1` from a French client and a 50,000-character paste each get a
 * reply in the author's personal chat (as other private notices), and nothing is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import { teamsHarness, type TeamsHarness } from './support/teams-harness.js';
import { messageText } from './support/card-text.js';

const specs = specsRequirement();

describe.skipIf(specs.skip)(`Teams: no silence for what cannot be an answer${specs.reason}`, () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('tells the author privately about a blank reply, a bare R1 and a 50,000-character paste', async () => {
    h = await teamsHarness({ specsDir: specs.value });
    await h.send(
      h.standin.activities.botInstalled({
        ...h.scope,
        from: h.owner,
        teamName: 'LeadersGC',
        aadGroupId: h.team.aadGroupId,
      }),
    );
    await h.command(h.owner, 'start sample-chat');
    await h.advance(5 * 60_000 + 1);
    const q1 = (await h.run())!.questions[0]!.ref!.id;
    const [alice, bruno] = h.people as [
      NonNullable<TeamsHarness['people'][number]>,
      NonNullable<TeamsHarness['people'][number]>,
    ];

    await h.send(h.standin.activities.channelMessage({ ...h.scope, from: alice, text: ' ', replyToPostId: q1 }));
    await h.send(h.standin.activities.channelMessage({ ...h.scope, locale: 'fr-CA', from: bruno, text: 'R1' }));
    await h.send(
      h.standin.activities.channelMessage({ ...h.scope, from: alice, text: `A1 ${'long '.repeat(10_000)}` }),
    );

    expect(h.standin.personalMessages(alice.id).map(messageText)).toEqual([
      'Your message has no answer in it, so nothing was recorded. Write your answer after the number, for example “A1 My answer”, or reply in Q1’s thread.',
      'Your text is too long: keep it to at most 4000 characters.',
    ]);
    expect(h.standin.personalMessages(bruno.id).map(messageText)).toEqual([
      'Votre message ne contient pas de réponse\u00a0: rien n’a été enregistré. Écrivez votre réponse après le numéro, par exemple «\u00a0R1 Ma réponse\u00a0», ou répondez dans le fil de la Q1.',
    ]);
    expect(await h.store.listAnswers('run-1')).toEqual([]);
  });
});
