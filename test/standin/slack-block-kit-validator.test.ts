import { describe, expect, it } from 'vitest';
import { validateBlockKit } from '../support/slack/block-kit-validator.js';
import { specsRequirement } from '../support/requirements.js';

const specs = specsRequirement();

const section = (text: string, blockId?: string) => ({
  type: 'section',
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: 'mrkdwn', text },
});
const button = (text: string, actionId: string, value = 'v') => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: actionId,
  value,
});

describe.skipIf(specs.skip)(`validateBlockKit${specs.reason}`, () => {
  const check = (message: { text?: string; blocks?: unknown[] }) => validateBlockKit(message, specs.value);

  it('accepts a question with a header, a section and vote buttons', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Q1' } },
      section('*Q1* What did you learn this month? / Qu’avez-vous appris ce mois-ci ?', 'q1'),
      {
        type: 'actions',
        block_id: 'poll',
        elements: [button('Yes / Oui', 'vote-yes', 'p1:yes'), button('No / Non', 'vote-no', 'p1:no')],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Reply in the thread' }] },
    ];
    expect(check({ text: 'Q1', blocks })).toEqual([]);
  });

  it('names the place of a schema error as Slack does (json-pointer)', () => {
    const problems = check({ blocks: [section('fine'), { type: 'section', text: { type: 'plain_text', text: '' } }] });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.endsWith('[json-pointer:/blocks/1/text/text]'))).toBe(true);
  });

  it('refuses an unknown block type and a property a block does not have', () => {
    expect(check({ blocks: [{ type: 'poll' }] })).toEqual([
      'unsupported block type: poll [json-pointer:/blocks/0/type]',
    ]);
    expect(check({ blocks: [{ type: 'divider', colour: 'red' }] }).join('\n')).toMatch(
      /additional properties \(colour\)/,
    );
  });

  it('refuses more than 50 blocks although the schema allows 100', () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    expect(check({ blocks: blocks.slice(0, 50) })).toEqual([]);
    expect(check({ blocks }).join('\n')).toMatch(/no more than 50 items/);
  });

  it('refuses duplicate action_id and block_id within a message', () => {
    const dupActions = [{ type: 'actions', elements: [button('A', 'same'), button('B', 'same')] }];
    expect(check({ blocks: dupActions }).join('\n')).toMatch(/duplicate action_id "same"/);
    const dupBlocks = [section('a', 'b1'), section('b', 'b1')];
    expect(check({ blocks: dupBlocks }).join('\n')).toMatch(/duplicate block_id "b1".*\/blocks\/1\/block_id/);
  });

  it('checks text lengths: section 3,000, header 150, button 75, message text 40,000', () => {
    expect(check({ blocks: [section('x'.repeat(3_000))] })).toEqual([]);
    expect(check({ blocks: [section('x'.repeat(3_001))] }).join('\n')).toMatch(
      /section text must be no more than 3000/,
    );
    expect(
      check({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }).join('\n'),
    ).toMatch(/150/);
    const longButton = [{ type: 'actions', elements: [button('b'.repeat(76), 'a1')] }];
    expect(check({ blocks: longButton }).join('\n')).toMatch(/button text must be no more than 75/);
    expect(check({ text: 't'.repeat(40_001) }).join('\n')).toMatch(/40000/);
    expect(check({ text: 't'.repeat(40_000) })).toEqual([]);
  });

  it('refuses an actions block of 26 elements', () => {
    const elements = Array.from({ length: 26 }, (_, i) => button(`B${i}`, `a${i}`));
    expect(check({ blocks: [{ type: 'actions', elements }] }).join('\n')).toMatch(/at most 25 elements/);
  });

  it('refuses a message with neither text nor blocks', () => {
    expect(check({})).toHaveLength(1);
    expect(check({ text: 'hello' })).toEqual([]);
  });
});
