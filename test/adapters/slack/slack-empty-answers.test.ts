/**
 * Messages that cannot be answers, in Slack through the real Bolt app over HTTP: a blank
 * thread reply, a bare `A1` and a 50,000-character paste each get an ephemeral that says
 * why (in the author's language), and nothing is stored.
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

describe.skipIf(specs.skip)(`Slack: no silence for what cannot be an answer${specs.reason}`, () => {
  it('tells the author privately about a blank reply, a bare A1 and a 50,000-character paste', async () => {
    const chat = await slackClockChat(specs.value);
    closers.push(() => chat.close());
    await chat.advance(5 * 60_000 + 1);
    const q1 = chat.post(':q1');
    const say = async (text: string, threadTs?: string): Promise<string> => {
      const before = chat.standin.ephemerals(BOB).length;
      await chat.standin.sendEvent(
        chat.standin.userPost(CHANNEL, BOB, text, threadTs ? { threadTs } : {}),
        chat.delivery,
      );
      await chat.adapter.settled();
      const said = chat.standin.ephemerals(BOB).slice(before);
      expect(said).toHaveLength(1);
      expect(validateBlockKit(said[0]!, specs.value)).toEqual([]);
      return said[0]!.text;
    };
    const noAnswer =
      'Your message has no answer in it, so nothing was recorded. Write your answer after the number, for example “A1 My answer”, or reply in Q1’s thread.';
    expect(await say(' ', q1.ts)).toBe(noAnswer);
    expect(await say('A1')).toBe(noAnswer);
    expect(await say(`A1 ${'long '.repeat(10_000)}`)).toBe(
      'Your text is too long: keep it to at most 4000 characters.',
    );
    expect(await chat.store.listAnswers('run-1')).toEqual([]);
  });
});
