/**
 * Poll clicks in Slack through the real Bolt app over HTTP, against the stand-in, on a fake
 * clock: a double click is one click, a later click on the same option keeps the vote,
 * "Withdraw my vote" withdraws it, and each private confirmation (valid Block Kit) says the
 * voter's current choice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import { validateBlockKit } from '../../support/slack/block-kit-validator.js';
import { BOB, CHANNEL, slackClockChat } from './slack-clock-chat.js';

const specs = specsRequirement();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A chat on Slack with poll 1 open, and Bob's clicks on it. */
async function slackPoll() {
  const chat = await slackClockChat(specs.value);
  closers.push(() => chat.close());
  await chat.advance(10 * 60_000 + 1);
  const poll = chat.post(':p1-open');
  /** Bob clicks `actionId`; resolves with the text of the private reply it got. */
  const click = async (actionId: string): Promise<string> => {
    const before = chat.standin.responses().length;
    expect(
      (await chat.standin.sendAction({ user: BOB, channelId: CHANNEL, messageTs: poll.ts, actionId }, chat.delivery))
        .status,
    ).toBe(200);
    await chat.adapter.settled();
    const replies = chat.standin.responses().slice(before);
    expect(replies).toHaveLength(1);
    const body = replies[0]!.body as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(validateBlockKit(body, specs.value)).toEqual([]);
    return body.text;
  };
  return { store: chat.store, clock: chat.clock, poll, click };
}

describe.skipIf(specs.skip)(`Slack poll clicks${specs.reason}`, () => {
  it('a double click is one click, a later click keeps the vote, and the withdraw button withdraws it', async () => {
    const { store, clock, poll, click } = await slackPoll();
    expect(validateBlockKit(poll, specs.value)).toEqual([]);
    const buttons = (
      poll.blocks as { type: string; elements?: { action_id: string; text: { text: string } }[] }[]
    ).flatMap((b) => (b.type === 'actions' ? b.elements! : []));
    expect(buttons.map((b) => b.text.text)).toEqual([
      'Weekly / Chaque semaine',
      'Rarely / Rarement',
      'Never / Jamais',
      'Withdraw my vote / Retirer mon vote',
    ]);
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
