/**
 * Poll clicks in Teams through the real CloudAdapter, over HTTP, against the Connector
 * stand-in, on a fake clock: a double click is one click, a later click on the same option
 * keeps the vote, "Withdraw my vote" withdraws it, and the voter's own card (the invoke's
 * answer, valid Adaptive Card 1.5) always says their current choice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import { validateAdaptiveCard } from '../../support/teams/adaptive-card-validator.js';
import type { StandinMember } from '../../support/teams/connector-state.js';
import { teamsHarness, type TeamsHarness } from './support/teams-harness.js';
import { cardButtons, cardOf, cardText, messageText } from './support/card-text.js';

const specs = specsRequirement();
const MIN = 60_000;

describe.skipIf(specs.skip)(`Teams poll clicks${specs.reason}`, () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('a double click is one click, a later click keeps the vote, and the withdraw button withdraws it', async () => {
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
    await h.advance(10 * MIN + 1);
    const pollPost = (await h.run())!.polls[0]!.ref!.id;
    const buttons = cardButtons(cardOf(h.standin.message(pollPost)));
    expect(buttons.at(-1)!.title).toBe('Withdraw my vote / Retirer mon vote');
    const click = async (from: StandinMember, value: string): Promise<string> => {
      const answer = await h.send(
        h.standin.activities.adaptiveCardInvoke({
          ...h.scope,
          from,
          cardActivityId: pollPost,
          verb: 'vote',
          data: { value },
        }),
      );
      const card = (answer.body as { value: unknown }).value;
      expect(validateAdaptiveCard(card, specs.value)).toEqual([]);
      return cardText(card as Parameters<typeof cardText>[0]).split('\n')[0]!;
    };
    const alice = h.people[0]!;

    expect(await click(alice, buttons[0]!.value)).toBe(
      'Your vote is recorded: Weekly. You can change it until the poll closes.',
    );
    await h.clock.advance(400);
    expect(await click(alice, buttons[0]!.value)).toBe(
      'Your vote is recorded: Weekly. You can change it until the poll closes.',
    );
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[0]]);

    await h.clock.advance(3000);
    expect(await click(alice, buttons[0]!.value)).toBe(
      'Your vote stays: Weekly. To take it back, use “Withdraw my vote”.',
    );
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[0]]);
    await h.advance(2000);
    expect(messageText(h.standin.message(pollPost))).toContain('Weekly: ▓▓▓▓▓▓▓▓▓▓ 100% (1 vote)');

    expect(await click(alice, buttons.at(-1)!.value)).toBe('Your vote is withdrawn.');
    expect(await h.store.listBallots('run-1', 1)).toEqual([]);
    await h.advance(2000);
    expect(messageText(h.standin.message(pollPost))).toContain('No votes yet.');
  });
});
