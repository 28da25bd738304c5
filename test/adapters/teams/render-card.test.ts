import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import { decodeVoteValue } from '../../../src/core/engine/vote-value.js';
import type { Lang } from '../../../src/core/plan/plan.js';
import type { Message } from '../../../src/core/engine/messages.js';
import type { Translator } from '../../../src/core/ports.js';
import {
  CARD_BUDGET_BYTES,
  renderCards,
  teamsPayloadBytes,
  type AdaptiveCard,
  type CardElement,
} from '../../../src/adapters/teams/render-card.js';
import { teamsMarkup } from '../../../src/adapters/teams/teams-markup.js';
import { TEAMS_COMMAND, TeamsRenderer } from '../../../src/adapters/teams/teams-renderer.js';
import { voteInvokeResponse } from '../../../src/adapters/teams/vote-response.js';
import { validateAdaptiveCard } from '../../support/teams/adaptive-card-validator.js';
import { specsRequirement } from '../../support/requirements.js';
import { realTranslator } from '../../support/fake-translator.js';
import { bigPoll, bigRecap, everyMessage } from './support/every-message.js';

const specs = specsRequirement();
let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

const render = (m: Message, opts: Parameters<typeof renderCards>[2] = {}): AdaptiveCard[] =>
  renderCards(composeMessage(m, t, teamsMarkup, { command: TEAMS_COMMAND }), t, opts);

/** Every element of a card, depth first (containers and action sets opened). */
function elements(card: AdaptiveCard): CardElement[] {
  const out: CardElement[] = [];
  const walk = (items: CardElement[]) => {
    for (const item of items) {
      out.push(item);
      if (Array.isArray(item.items)) walk(item.items as CardElement[]);
      if (Array.isArray(item.actions)) walk(item.actions as CardElement[]);
    }
  };
  walk(card.body);
  return out;
}
const texts = (cards: AdaptiveCard[]): string[] =>
  cards.flatMap((c) =>
    elements(c)
      .filter((e) => e.type === 'TextBlock')
      .map((e) => String(e.text)),
  );

describe.skipIf(specs.skip)(`Teams cards for every message${specs.reason}`, () => {
  const orders: Lang[][] = [['en', 'fr'], ['fr', 'en'], ['en'], ['fr']];
  for (const langs of orders) {
    it(`renders every kind of message as valid Adaptive Cards 1.5, within the size budget (${langs.join(', ')})`, () => {
      for (const { name, message } of everyMessage(langs)) {
        const cards = render(
          message,
          name.startsWith('notice') ? { mention: { id: '29:1abc', name: 'Alice <Tremblay>' } } : {},
        );
        for (const card of cards) {
          expect({ name, errors: validateAdaptiveCard(card, specs.value) }).toEqual({ name, errors: [] });
          expect(teamsPayloadBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
        }
        const all = JSON.stringify(cards);
        // Hostile user text never survives as a tag, a mention or a link.
        expect(all.toLowerCase()).not.toContain('<at>everyone');
        expect(all).not.toContain('[click](');
        expect(all).not.toContain('<p>');
      }
    });
  }

  it('shows both languages in the plan’s order, with the same kind of blocks in each', () => {
    const [card] = render(everyMessage(['fr', 'en']).find((m) => m.name === 'question')!.message);
    const headings = card!.body.filter((e) => e.style === 'heading');
    expect(headings.map((h) => h.text)).toEqual(['Q3', 'Q3']);
    expect(headings[1]).toMatchObject({ separator: true });
    const body = texts([card!]);
    expect(body.findIndex((x) => x.startsWith('Qu’est-ce'))).toBeLessThan(
      body.findIndex((x) => x.startsWith('What holds')),
    );
    expect(body.at(-1)).toContain('Répondez dans ce fil, ou commencez votre message par R3');
    expect(body.at(-1)).toContain('Reply in this thread, or start your message with A3');
  });

  it('gives a poll of 10 options ten Action.Execute buttons and "Withdraw my vote" (verb vote, data { value }) with an Action.Submit fallback', () => {
    const poll = bigPoll(['en', 'fr'], 10);
    const [card, ...more] = render(poll);
    expect(more).toEqual([]);
    const actions = elements(card!).filter((e) => e.type === 'Action.Execute');
    expect(actions).toHaveLength(11);
    expect(actions.at(-1)!.title).toBe('Withdraw my vote / Retirer mon vote');
    actions.forEach((action, i) => {
      const value = (action.data as { value: string }).value;
      expect(action.verb).toBe('vote');
      expect(decodeVoteValue(value)).toEqual({ runId: poll.runId, poll: 3, option: i < 10 ? i : 'withdraw' });
      expect(action.fallback).toMatchObject({ type: 'Action.Submit', data: { value } });
      expect(String(action.title).length).toBeLessThanOrEqual(75);
    });
    expect(
      new Set(
        elements(card!)
          .flatMap((e) => [e.id, (e.fallback as CardElement | undefined)?.id])
          .filter(Boolean),
      ).size,
    ).toBe(22);
    // Live results: a text bar per option, figures beside it.
    expect(texts([card!]).filter((x) => /[▓░]/.test(x))).toHaveLength(20);
  });

  it('hides the tally of a hidden poll until it closes, and drops the buttons once closed', () => {
    const hidden = texts(render(bigPoll(['en'], 4, { hidden: true })));
    expect(hidden.some((x) => /[▓░]/.test(x))).toBe(false);
    expect(hidden).toContain('Results are hidden until the poll closes.');
    const closed = render(bigPoll(['en'], 4, { closed: true }));
    expect(elements(closed[0]!).some((e) => e.type === 'Action.Execute')).toBe(false);
    expect(texts(closed)).toContain('This poll is closed.');
  });

  it('splits a recap of 50 questions into several valid cards, every question once and in order', () => {
    const recap = bigRecap(['en', 'fr'], 50, 20);
    const cards = render({ kind: 'recap', langs: ['en', 'fr'], recap });
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) {
      expect(validateAdaptiveCard(card, specs.value)).toEqual([]);
      expect(teamsPayloadBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    }
    const all = texts(cards).join('\n');
    for (const lang of ['What does working', 'Que signifie']) {
      const positions = Array.from({ length: 50 }, (_, i) => all.indexOf(`**Q${i + 1}** ${lang}`));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(all).toContain('[evaluation form](https://forms.example/leadersgc/evaluation?a=%281%29)');
  });

  it('mentions the person a reply is for, with a Teams mention entity', () => {
    const [card] = render(
      { kind: 'notice', langs: ['en'], key: 'poll-closed', vars: { n: 2 } },
      { mention: { id: '29:1abc', name: 'Alice </at>Tremblay' } },
    );
    expect(card!.body[0]).toMatchObject({ type: 'TextBlock', text: '<at>Alice /atTremblay</at>' });
    expect(card!.msteams.entities).toEqual([
      {
        type: 'mention',
        text: '<at>Alice /atTremblay</at>',
        mentioned: { id: '29:1abc', name: 'Alice </at>Tremblay' },
      },
    ]);
  });

  it('gives an export link a button with the exact URL, and keeps the URL out of the Markdown text', () => {
    const url = `https://roundtable.example.gc.ca/exports/a_b-c*${'x'.repeat(36)}`;
    const [activity, ...more] = new TeamsRenderer(t).activities(
      { kind: 'notice', langs: ['fr'], key: 'export-link', vars: { url, hours: 24, format: 'csv' } },
      { mention: { id: '29:1abc', name: 'Alice' } },
    );
    expect(more).toEqual([]);
    const card = activity!.attachments![0]!.content as AdaptiveCard;
    expect(validateAdaptiveCard(card, specs.value)).toEqual([]);
    expect(texts([card])).toEqual([
      '<at>Alice</at>',
      'Votre exportation csv est prête. Le bouton ci-dessous la télécharge\u00a0; le lien n’est que pour vous et reste valide 24\u00a0heures.',
    ]);
    expect(elements(card).filter((e) => e.type === 'Action.OpenUrl')).toEqual([
      { type: 'Action.OpenUrl', title: 'Télécharger l’exportation csv', url },
    ]);
    expect(activity!.summary).not.toContain('/exports/');
  });

  it('answers a vote with the voter’s own card: their notice above the poll, buttons kept', () => {
    const renderer = new TeamsRenderer(t);
    const poll = bigPoll(['en', 'fr'], 10);
    const response = voteInvokeResponse(renderer, poll, {
      kind: 'notice',
      langs: ['fr'],
      key: 'vote-recorded',
      vars: { options: 'Chaque semaine' },
    });
    expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = response.value as unknown as AdaptiveCard;
    expect(validateAdaptiveCard(card, specs.value)).toEqual([]);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'emphasis' });
    expect(texts([card])[0]).toMatch(/^Votre vote est enregistré\u00a0: Chaque semaine/);
    expect(elements(card).filter((e) => e.type === 'Action.Execute')).toHaveLength(11);
  });
});
