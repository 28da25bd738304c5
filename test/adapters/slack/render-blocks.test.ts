import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../../src/core/plan/plan.js';
import type { Translator } from '../../../src/core/ports.js';
import { decodeVoteValue } from '../../../src/core/engine/vote-value.js';
import {
  BLOCK_LIMITS,
  renderMessage,
  type SlackBlock,
  type SlackPage,
} from '../../../src/adapters/slack/render-blocks.js';
import { escapeMrkdwn, slackMarkup, unescapeMrkdwn } from '../../../src/adapters/slack/slack-markup.js';
import { validateBlockKit } from '../../support/slack/block-kit-validator.js';
import { realTranslator, untranslated } from '../../support/fake-translator.js';
import { specsRequirement } from '../../support/requirements.js';
import { EVIL, PINGS, everyMessage, pollMessage, recapData } from './message-fixtures.js';

let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});
const specs = specsRequirement();
const render = (m: Parameters<typeof renderMessage>[0], lang?: Lang): SlackPage[] =>
  renderMessage(m, t, { command: '/roundtable', ...(lang ? { lang } : {}) });

/** Every text Slack parses as mrkdwn (message text, mrkdwn sections and context), and every plain_text. */
function textsOf(page: SlackPage): { mrkdwn: string[]; plain: string[] } {
  const mrkdwn = [page.text];
  const plain: string[] = [];
  const visit = (text: { type: string; text: string }) => (text.type === 'mrkdwn' ? mrkdwn : plain).push(text.text);
  for (const b of page.blocks) {
    if (b.type === 'header' || b.type === 'section') visit(b.text);
    if (b.type === 'context') b.elements.forEach(visit);
    if (b.type === 'actions') b.elements.forEach((e) => visit(e.text));
  }
  return { mrkdwn, plain };
}

const chars = (blocks: SlackBlock[]) => JSON.stringify(blocks).length;

describe('slackMarkup', () => {
  it('escapes &, < and > so mentions typed by people show as text', () => {
    expect(slackMarkup.escape('<!channel> <@U1> <!subteam^S1|team> & more')).toBe(
      '&lt;!channel&gt; &lt;@U1&gt; &lt;!subteam^S1|team&gt; &amp; more',
    );
    expect(unescapeMrkdwn(escapeMrkdwn('a <b> & &amp;'))).toBe('a <b> & &amp;');
  });

  it('links web addresses with an escaped label, and leaves other addresses as text', () => {
    expect(slackMarkup.link('https://x.example/a?b=1&c=2', 'View <it>')).toBe(
      '<https://x.example/a?b=1&amp;c=2|View &lt;it&gt;>',
    );
    expect(slackMarkup.link('javascript:alert(1)', 'View')).toBe('View (javascript:alert(1))');
    expect(slackMarkup.link('https://x.example/a|b', 'View')).toBe('View (https://x.example/a|b)');
    expect(slackMarkup.bold('x')).toBe('*x*');
  });
});

describe.skipIf(specs.skip)(`renderMessage: every kind validates as Block Kit${specs.reason}`, () => {
  for (const langs of [['en', 'fr'], ['fr', 'en'], ['fr']] as Lang[][]) {
    for (const { name, message } of everyMessage(langs)) {
      it(`${name} [${langs.join(',')}]`, () => {
        const pages = render(message);
        expect(pages.length).toBeGreaterThan(0);
        for (const page of pages) {
          expect(validateBlockKit(page, specs.value)).toEqual([]);
          expect(page.blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.blocks);
          expect(page.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.messageText);
          // Slack refuses about 13 k characters of blocks (msg_blocks_too_long): stay well under in JSON too.
          expect(chars(page.blocks)).toBeLessThan(13_000 + 6_000);
          const { mrkdwn } = textsOf(page);
          for (const text of mrkdwn) for (const ping of PINGS) expect(text).not.toContain(ping);
          expect(untranslated([...textsOf(page).mrkdwn, ...textsOf(page).plain])).toEqual([]);
        }
      });
    }
  }
});

describe('renderMessage: content', () => {
  it('never lets a mention typed by anyone reach mrkdwn; plain_text (never parsed by Slack) shows it as typed', () => {
    const message = pollMessage(['en', 'fr'], 2);
    if (message.kind === 'poll')
      message.options = [
        { en: '<!channel> yes', fr: '<!channel> oui' },
        { en: 'No & no', fr: 'Non' },
      ];
    const [page] = render(message);
    const { mrkdwn, plain } = textsOf(page!);
    expect(plain).toContain('<!channel> yes / <!channel> oui');
    expect(mrkdwn.join('\n')).toContain('&lt;!channel&gt;');
    expect(mrkdwn.join('\n')).not.toMatch(/<!channel>|<!here>|<@U|<!subteam/);
    expect(plain.some((p) => p.includes('<!channel>'))).toBe(true);
    expect(plain.some((p) => p.includes('&lt;'))).toBe(false);
  });

  it('puts one button per option of a 10-option poll, then "Withdraw my vote", each with a unique action_id and its vote value', () => {
    const [page, ...more] = render(pollMessage(['en', 'fr'], 10));
    expect(more).toEqual([]);
    const buttons = page!.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons).toHaveLength(11);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(11);
    expect(buttons.map((b) => decodeVoteValue(b.value)?.option)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 'withdraw']);
    expect(buttons.at(-1)!.text.text).toBe('Withdraw my vote / Retirer mon vote');
    for (const b of buttons) expect(b.text.text.length).toBeLessThanOrEqual(75);
    const results = page!.blocks
      .filter((b) => b.type === 'section' && b.text.text.includes('%'))
      .map((b) => (b.type === 'section' ? b.text.text : ''));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatch(/Option 10[^\n]*: ▓+░* \d+% \(27 votes\)/);
    expect(results[1]).toMatch(/Choix 10[^\n]*\u00a0?: ▓+░* \d+\u00a0?% \(27 votes\)/);
  });

  it('shows no buttons once a poll is closed, and the final tally', () => {
    const [page] = render(pollMessage(['en', 'fr'], 4, { closed: true }));
    expect(page!.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(page!.text).toMatch(/closed|Final/i);
  });

  it('continues a recap of 50 questions in more pages, the post keeping the start of both languages', () => {
    const pages = render({ kind: 'recap', langs: ['en', 'fr'], recap: recapData(['en', 'fr'], 50, 2) });
    expect(pages.length).toBeGreaterThan(1);
    const headers = pages[0]!.blocks
      .filter((b) => b.type === 'header')
      .map((b) => (b.type === 'header' ? b.text.text : ''));
    expect(headers).toEqual([`Recap: Working in the open ${EVIL}`, `Bilan\u00a0: Travailler de façon ouverte ${EVIL}`]);
    const all = pages.flatMap((p) => textsOf(p).mrkdwn.slice(1)).join('\n');
    for (let n = 1; n <= 50; n++) {
      // Each question appears once per language, in bold, across the pages.
      expect(all.match(new RegExp(`\\*Q${n}\\* Question ${n}[ \u00a0:]`, 'g'))?.length).toBe(2);
    }
    expect(all).toContain('<https://forms.example/leadersgc/evaluation?a=1&amp;b=2|');
  });

  it('links an A3 answer to the original message', () => {
    const [page] = render({
      kind: 'answer-link',
      langs: ['en', 'fr'],
      number: 3,
      author: 'Alice',
      text: 'A thought',
      source: { id: '1.2', permalink: 'https://x.slack.com/archives/C1/p12' },
    });
    const text = textsOf(page!).mrkdwn.slice(1).join('\n');
    expect(text).toContain(
      '*Alice* answered Q3 in the channel: <https://x.slack.com/archives/C1/p12|View the message>',
    );
    expect(text).toContain('A thought');
  });

  it('answers a notice in the asker’s language only', () => {
    const pages = render({
      kind: 'notice',
      langs: ['fr'],
      key: 'not-organizer',
      vars: { command: '/roundtable stop' },
    });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.text).toMatch(/organisat/);
    expect(pages[0]!.blocks.filter((b) => b.type === 'header')).toEqual([]);
  });
});
