import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_CARD_MAX_BYTES,
  adaptiveCardSizeErrors,
  validateAdaptiveCard,
  validateAdaptiveCardSchema,
} from '../support/teams/adaptive-card-validator.js';
import { specsRequirement } from '../support/requirements.js';

const specs = specsRequirement();

/** A poll-like card with both kinds of submit buttons, as the Teams adapter will render. */
function goodCard(): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: 'Q1 — What does a psychologically safe team look like?',
        wrap: true,
        weight: 'Bolder',
      },
      { type: 'TextBlock', text: 'Q1 — À quoi ressemble une équipe psychologiquement sûre?', wrap: true },
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', title: 'Weekly / Chaque semaine', verb: 'vote', data: { poll: 'p1', option: 1 } },
        ],
      },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Rarely / Rarement', verb: 'vote', data: { poll: 'p1', option: 2 } },
      { type: 'Action.Submit', title: 'Submit', data: { kind: 'legacy', type: 'not-an-element' } },
    ],
  };
}

describe.skipIf(specs.skip)(`Adaptive Card validation against the 1.5 schema${specs.reason}`, () => {
  it('accepts a card with Action.Execute and Action.Submit (data payloads may hold any "type")', () => {
    expect(validateAdaptiveCard(goodCard(), specs.value)).toEqual([]);
  });

  it('accepts the Teams msteams extension (full width, mentions) that the schema itself lacks', () => {
    const card = {
      ...goodCard(),
      msteams: {
        width: 'Full',
        entities: [{ type: 'mention', text: '<at>Alice</at>', mentioned: { id: '29:abc', name: 'Alice' } }],
      },
    };
    expect(validateAdaptiveCard(card, specs.value)).toEqual([]);
    expect(validateAdaptiveCard({ ...goodCard(), msteams: { width: 'Wide' } }, specs.value)).toEqual([
      '/msteams/width must be "Full"',
    ]);
  });

  it('rejects an unknown element type and names it', () => {
    const card = { ...goodCard(), body: [{ type: 'Poll', text: 'no such element' }] };
    expect(validateAdaptiveCard(card, specs.value)).toEqual(['/body/0 unknown element or action type "Poll"']);
  });

  it('rejects an Action.Execute with a misspelled or mistyped field (the schema allows no extra properties)', () => {
    const misspelled = { ...goodCard(), actions: [{ type: 'Action.Execute', title: 'Vote', verbs: 'vote' }] };
    expect(validateAdaptiveCard(misspelled, specs.value)).toEqual([
      '/actions/0 must NOT have additional properties (verbs)',
    ]);
    const mistyped = { ...goodCard(), actions: [{ type: 'Action.Execute', title: 'Vote', verb: 42 }] };
    expect(validateAdaptiveCard(mistyped, specs.value)).toEqual(['/actions/0/verb must be string']);
  });

  it('rejects a TextBlock without its required text', () => {
    const card = { ...goodCard(), body: [{ type: 'TextBlock', wrap: true }] };
    expect(validateAdaptiveCard(card, specs.value)).toEqual(["/body/0 must have required property 'text'"]);
  });

  it('says when a valid element stands where the schema does not allow it', () => {
    const card = { ...goodCard(), body: [{ type: 'Action.Execute', title: 'Vote', verb: 'vote' }] };
    expect(validateAdaptiveCard(card, specs.value)).toEqual(['/body/0 a "Action.Execute" is not allowed here']);
  });

  it('requires a top-level version no higher than 1.5, the highest Teams renders', () => {
    const { version: _version, ...noVersion } = goodCard();
    expect(validateAdaptiveCardSchema(noVersion, specs.value)).toEqual([
      '/ a top-level card needs "version" (Teams renders up to 1.5)',
    ]);
    expect(validateAdaptiveCardSchema({ ...goodCard(), version: '1.6' }, specs.value)).toEqual([
      '/version 1.6 is above 1.5, the highest Teams renders',
    ]);
    expect(validateAdaptiveCardSchema({ ...goodCard(), version: '1.4' }, specs.value)).toEqual([]);
  });

  it('rejects what is not a card at all', () => {
    expect(validateAdaptiveCard('card', specs.value)).toEqual(['/ an Adaptive Card must be a JSON object']);
    expect(validateAdaptiveCard({ type: 'HeroCard', version: '1.5' }, specs.value).join('\n')).toContain(
      'unknown element or action type "HeroCard"',
    );
  });
});

describe('Adaptive Card size margin', () => {
  it('accepts a card up to 80 KB serialized and refuses one above', () => {
    const withText = (n: number): unknown => ({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'x'.repeat(n) }],
    });
    const overhead = JSON.stringify(withText(0)).length;
    expect(adaptiveCardSizeErrors(withText(ADAPTIVE_CARD_MAX_BYTES - overhead))).toEqual([]);
    const errors = adaptiveCardSizeErrors(withText(ADAPTIVE_CARD_MAX_BYTES - overhead + 1));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${ADAPTIVE_CARD_MAX_BYTES + 1} bytes`);
  });

  it('counts bytes, not characters (French accents are two bytes in UTF-8)', () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'é'.repeat(45_000) }] };
    expect(JSON.stringify(card).length).toBeLessThan(ADAPTIVE_CARD_MAX_BYTES);
    expect(adaptiveCardSizeErrors(card)).toHaveLength(1);
  });
});
