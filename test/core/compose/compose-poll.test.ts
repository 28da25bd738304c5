import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import { BUTTON_LABEL_MAX, buttonLabel } from '../../../src/core/compose/compose-poll.js';
import { oneLine } from '../../../src/core/compose/compose-text.js';
import { frenchTypography } from '../../../src/core/compose/french-typography.js';
import { decodeVoteValue } from '../../../src/core/engine/vote-value.js';
import type { Message } from '../../../src/core/engine/messages.js';
import type { Lang } from '../../../src/core/plan/plan.js';
import type { Translator } from '../../../src/core/ports.js';
import { composedTexts, realTranslator, untranslated, visibleMarkup } from '../../support/fake-translator.js';

const EVIL = '<!here>';
let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

type Poll = Extract<Message, { kind: 'poll' }>;
const poll = (over: Partial<Poll> = {}): Poll => ({
  kind: 'poll',
  langs: ['en', 'fr'],
  runId: 'run-42',
  number: 2,
  question: { en: `How often? ${EVIL}`, fr: `À quelle fréquence\u00a0? ${EVIL}` },
  options: [
    { en: 'Weekly', fr: 'Chaque semaine' },
    { en: `Rarely ${EVIL}`, fr: `Rarement ${EVIL}` },
    { en: 'Never', fr: 'Jamais' },
  ],
  multiple: 1,
  anonymous: false,
  hidden: false,
  closed: false,
  tally: { counts: [1, 1, 1], voters: 3 },
  ...over,
});

describe('composeMessage: poll', () => {
  it('open: one button per option, then "Withdraw my vote", each with a vote value, a unique id and a bilingual label', () => {
    const c = composeMessage(poll(), t, visibleMarkup);
    expect(c.buttons?.map((b) => b.label)).toEqual([
      'Weekly / Chaque semaine',
      `Rarely ${EVIL} / Rarement ${EVIL}`,
      'Never / Jamais',
      'Withdraw my vote / Retirer mon vote',
    ]);
    expect(new Set(c.buttons?.map((b) => b.id)).size).toBe(4);
    expect(c.buttons?.map((b) => b.withdraw ?? false)).toEqual([false, false, false, true]);
    expect(c.buttons?.map((b) => decodeVoteValue(b.value))).toEqual(
      [0, 1, 2, 'withdraw'].map((option) => ({ runId: 'run-42', poll: 2, option })),
    );
    expect(c.sections.map((s) => s.heading)).toEqual(['Poll 2', 'Sondage 2']);
    expect(c.sections[0]!.paragraphs[0]).toBe('*[How often? &lt;!here&gt;]*');
    expect(c.sections[0]!.paragraphs[1]).toBe('Pick one.');
    expect(c.sections[1]!.paragraphs[1]).toBe('Choisissez une réponse.');
    expect(untranslated(composedTexts(c))).toEqual([]);
  });

  it('live results: counts, percentages summing to 100 and a text bar per option, the same in each language', () => {
    const c = composeMessage(poll(), t, visibleMarkup);
    const [en, fr] = c.sections.map((s) => s.bars![0]!);
    expect(en!.title).toBe('Results');
    expect(en!.rows).toEqual([
      { label: '[Weekly]', count: 1, percent: 34, bar: '▓▓▓░░░░░░░' },
      { label: '[Rarely &lt;!here&gt;]', count: 1, percent: 33, bar: '▓▓▓░░░░░░░' },
      { label: '[Never]', count: 1, percent: 33, bar: '▓▓▓░░░░░░░' },
    ]);
    expect(fr!.rows.map((r) => [r.count, r.percent, r.bar])).toEqual(en!.rows.map((r) => [r.count, r.percent, r.bar]));
    expect(en!.note).toBe('3 votes');
    expect(fr!.note).toBe('3 votes');
    expect(c.fallback).toContain('[Weekly]: ▓▓▓░░░░░░░ 34% (1 vote)');
    expect(c.fallback).toContain('[Chaque semaine]\u00a0: ▓▓▓░░░░░░░ 34\u00a0% (1 vote)');
  });

  it('hidden results: no tally shown until the poll closes, buttons still there', () => {
    const c = composeMessage(poll({ hidden: true, tally: { counts: [5, 0, 2], voters: 7 } }), t, visibleMarkup);
    expect(c.sections.every((s) => s.bars === undefined)).toBe(true);
    expect(c.sections[0]!.paragraphs).toContain('Results are hidden until the poll closes.');
    expect(c.sections[1]!.paragraphs).toContain('Les résultats restent masqués jusqu’à la fermeture du sondage.');
    expect(c.fallback).not.toMatch(/\b5\b|\b7\b/);
    expect(c.buttons).toHaveLength(4);
  });

  it('closed: no buttons, the final result even for a hidden poll', () => {
    const c = composeMessage(
      poll({ hidden: true, closed: true, tally: { counts: [3, 1, 0], voters: 4 } }),
      t,
      visibleMarkup,
    );
    expect(c.buttons).toBeUndefined();
    expect(c.sections[0]!.paragraphs).toContain('This poll is closed.');
    expect(c.sections[0]!.bars![0]!.title).toBe('Final result');
    expect(c.sections[1]!.bars![0]!.title).toBe('Résultat final');
    expect(c.sections[0]!.bars![0]!.rows.map((r) => r.percent)).toEqual([75, 25, 0]);
    expect(c.sections[0]!.bars![0]!.note).toBe('4 votes');
  });

  it('several picks: says how many, notes anonymity, counts votes and people apart', () => {
    const c = composeMessage(
      poll({ multiple: 2, anonymous: true, tally: { counts: [2, 1, 1], voters: 3 } }),
      t,
      visibleMarkup,
    );
    expect(c.sections[0]!.paragraphs[1]).toBe(
      'Pick up to 2. Anonymous: nobody, organizers included, can see who voted for what.',
    );
    expect(c.sections[1]!.paragraphs[1]).toMatch(
      /^Choisissez jusqu’à 2 réponses\. Sondage anonyme\u00a0: personne, pas même l’équipe organisatrice/,
    );
    expect(c.sections[0]!.bars![0]!.note).toBe('4 votes from 3 people');
    expect(c.sections[1]!.bars![0]!.note).toBe('4 votes de 3 personnes');
  });

  it('no votes yet: zero percent and empty bars, not a division by zero', () => {
    const c = composeMessage(poll({ tally: { counts: [0, 0, 0], voters: 0 } }), t, visibleMarkup);
    expect(c.sections[0]!.bars![0]!.rows.map((r) => [r.percent, r.bar])).toEqual(
      [0, 0, 0].map(() => [0, '░░░░░░░░░░']),
    );
    expect(c.sections[0]!.bars![0]!.note).toBe('No votes yet.');
  });
});

describe('buttonLabel', () => {
  it('shows a text that is the same in both languages once', () => {
    expect(buttonLabel({ en: 'Microsoft Teams', fr: 'Microsoft Teams' }, ['en', 'fr'])).toBe('Microsoft Teams');
  });

  it('shortens the longer part first and keeps a short part whole', () => {
    const label = buttonLabel({ en: 'Yes', fr: 'Oui, '.repeat(40) }, ['en', 'fr']);
    expect(label.startsWith('Yes / Oui, Oui,')).toBe(true);
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBe(BUTTON_LABEL_MAX);
  });

  it('stays within 75 characters for any texts, in the plan’s language order', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(text, text, fc.constantFrom<Lang[]>(['en', 'fr'], ['fr', 'en'], ['en'], ['fr']), (en, fr, langs) => {
        const label = buttonLabel({ en, fr }, langs);
        expect(label.length).toBeLessThanOrEqual(BUTTON_LABEL_MAX);
        expect(label.trim().length).toBeGreaterThan(0);
        // French text is shown with French typography (a non-breaking space before ! ? ; :).
        const frShown = oneLine(frenchTypography(fr));
        if (langs.length === 2 && en.length + fr.length < 60 && oneLine(en) !== frShown) {
          expect(label).toBe(
            `${langs[0] === 'en' ? oneLine(en) : frShown} / ${langs[0] === 'en' ? frShown : oneLine(en)}`,
          );
        }
      }),
    );
  });
});
