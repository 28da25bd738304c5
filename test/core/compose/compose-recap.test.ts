import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import { HIGHLIGHT_MAX } from '../../../src/core/compose/compose-recap.js';
import { PARAGRAPH_MAX } from '../../../src/core/compose/compose-text.js';
import type { Composed } from '../../../src/core/compose/composed.js';
import type { RecapData } from '../../../src/core/engine/recap-data.js';
import type { Translator } from '../../../src/core/ports.js';
import { composedTexts, realTranslator, untranslated, visibleMarkup } from '../../support/fake-translator.js';

const EVIL = '<!channel>';
const ESCAPED = '&lt;!channel&gt;';
let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

const recap = (over: Partial<RecapData> = {}): RecapData => ({
  runId: 'run-1',
  langs: ['en', 'fr'],
  title: { en: `Mental health ${EVIL}`, fr: `Santé mentale ${EVIL}` },
  timezone: 'America/Toronto',
  startedAt: Date.parse('2026-12-18T01:00:00Z'),
  endedAt: Date.parse('2026-12-18T02:00:00Z'),
  host: { name: 'Jane Doe', title: { en: 'Deputy Minister', fr: 'Sous-ministre' } },
  hashtag: '#LeadersGC',
  evaluation: 'https://forms.example/eval',
  participants: 12,
  answers: 31,
  questions: [
    {
      number: 1,
      text: { en: 'What helps?', fr: 'Qu’est-ce qui aide\u00a0?' },
      answers: 20,
      highlight: {
        author: `Bob ${EVIL}`,
        text: `Talking ${EVIL} openly`,
        reactions: 7,
        permalink: 'https://example.slack.com/p1',
      },
    },
    {
      number: 2,
      text: { en: 'What next?', fr: 'Et ensuite\u00a0?' },
      answers: 11,
      highlight: { author: 'Ann', text: 'Listen', reactions: 1 },
    },
    { number: 3, text: { en: 'Extra', fr: 'Supplémentaire' }, answers: 0 },
  ],
  polls: [
    {
      number: 1,
      question: { en: 'How often?', fr: 'À quelle fréquence\u00a0?' },
      options: [
        { en: 'Weekly', fr: 'Chaque semaine' },
        { en: 'Rarely', fr: 'Rarement' },
      ],
      tally: { counts: [2, 1], voters: 3 },
      anonymous: true,
    },
  ],
  languageShare: { en: 20, fr: 10, unknown: 1 },
  ...over,
});

const compose = (data: RecapData): Composed =>
  composeMessage({ kind: 'recap', langs: data.langs, recap: data }, t, visibleMarkup);
/** Every number of a section except those of its first paragraph (the date and time, written differently per language). */
const figures = (c: Composed, i: number): string[] => {
  const s = c.sections[i]!;
  const text = [
    ...s.paragraphs.slice(1),
    ...(s.bars ?? []).flatMap((b) => [b.title, b.note ?? '', ...b.rows.map((r) => `${r.count} ${r.percent}`)]),
  ].join(' ');
  return (text.match(/\d+/g) ?? []).sort();
};

describe('composeMessage: recap', () => {
  it('has a title, the local date and time span and the guest host in each language', () => {
    const c = compose(recap());
    const [en, fr] = c.sections;
    expect(en!.heading).toBe(`Recap: [Mental health ${ESCAPED}]`);
    expect(fr!.heading).toBe(`Bilan\u00a0: [Santé mentale ${ESCAPED}]`);
    expect(en!.paragraphs[0]).toMatch(
      /^Thursday, December 17, 2026, 8:00\s?–\s?9:00\sp\.m\.\nGuest host: \*\[Jane Doe\]\*, \[Deputy Minister\]$/,
    );
    expect(fr!.paragraphs[0]).toMatch(
      /^jeudi 17 décembre 2026, 20\sh\s00\s–\s21\sh\s00\nPersonne invitée\u00a0: \*\[Jane Doe\]\*, \[Sous-ministre\]$/,
    );
  });

  it('counts participants and answers, and gives each question its answers and most-reacted answer, linked', () => {
    const c = compose(recap());
    const en = c.sections[0]!.paragraphs.join('\n');
    const fr = c.sections[1]!.paragraphs.join('\n');
    expect(en).toContain('Participation: 12 participants, 31 answers in all.');
    expect(fr).toContain('Participation\u00a0: 12 personnes, 31 réponses en tout.');
    expect(en).toContain(
      '*Q1* [What helps?]\n20 answers\nMost appreciated answer, by [Bob &lt;!channel&gt;] (7 reactions): “[Talking &lt;!channel&gt; openly]” <https://example.slack.com/p1|View the answer>',
    );
    expect(fr).toContain(
      '«\u00a0[Talking &lt;!channel&gt; openly]\u00a0» <https://example.slack.com/p1|Voir la réponse>',
    );
    expect(en).toContain('*Q2* [What next?]\n11 answers\nMost appreciated answer, by [Ann] (1 reaction): “[Listen]”');
    expect(en).toContain('*Q3* [Extra]\n0 answers');
  });

  it('shows every poll’s result, the language share, thanks, the evaluation link and the hashtag', () => {
    const c = compose(recap());
    const en = c.sections[0]!;
    expect(en.bars).toEqual([
      {
        title: 'Poll 1: [How often?]',
        rows: [
          { label: '[Weekly]', count: 2, percent: 67, bar: '▓▓▓▓▓▓▓░░░' },
          { label: '[Rarely]', count: 1, percent: 33, bar: '▓▓▓░░░░░░░' },
        ],
        note: '3 votes',
      },
    ]);
    expect(c.sections[1]!.bars![0]!.title).toBe('Sondage 1\u00a0: [À quelle fréquence\u00a0?]');
    expect(en.paragraphs).toContain('Answers by language: English 65%, French 32%, undetermined 3%.');
    expect(c.sections[1]!.paragraphs).toContain(
      'Réponses par langue\u00a0: anglais 65\u00a0%, français 32\u00a0%, langue indéterminée 3\u00a0%.',
    );
    expect(en.paragraphs).toContain('Thank you to [Jane Doe] and to everyone who took part.');
    expect(en.paragraphs).toContain('Tell us what you thought: <https://forms.example/eval|evaluation form>');
    expect(c.context).toEqual(['[#LeadersGC]']);
    expect(untranslated(composedTexts(c))).toEqual([]);
    for (const text of composedTexts(c)) expect(text).not.toContain(EVIL);
  });

  it('has the same figures in English and French', () => {
    const c = compose(recap());
    expect(figures(c, 0)).toEqual(figures(c, 1));
    expect(figures(c, 0).length).toBeGreaterThan(10);
  });

  it('leaves out what the chat did not have', () => {
    const c = compose(
      recap({ host: undefined, evaluation: undefined, hashtag: undefined, languageShare: undefined, polls: [] }),
    );
    expect(c.sections[0]!.bars).toBeUndefined();
    expect(c.sections[0]!.paragraphs).toContain('Thank you to everyone who took part.');
    expect(c.sections[0]!.paragraphs.join()).not.toMatch(/Guest host|evaluation|by language/);
    expect(c.context).toEqual([]);
  });

  it('shortens a long most-reacted answer to about 280 characters', () => {
    const long = `${'a'.repeat(500)} ${EVIL}`;
    const c = compose(
      recap({
        questions: [
          { number: 1, text: { en: 'Q', fr: 'Q' }, answers: 1, highlight: { author: 'Ann', text: long, reactions: 2 } },
        ],
      }),
    );
    const quoted = /“\[(.*)\]”/.exec(c.sections[0]!.paragraphs.join('\n'))![1]!;
    expect(quoted.length).toBeLessThanOrEqual(HIGHLIGHT_MAX);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('splits a long recap into more paragraphs, each within the platform limit', () => {
    const questions = Array.from({ length: 50 }, (_, i) => ({
      number: i + 1,
      text: { en: `Question ${i + 1} ${'x'.repeat(280)}`, fr: `Question ${i + 1} ${'y'.repeat(280)}` },
      answers: 40,
      highlight: {
        author: `Person ${i}`,
        text: `${'&'.repeat(400)}`,
        reactions: 9,
        permalink: `https://example.slack.com/p${i}`,
      },
    }));
    const c = compose(recap({ questions }));
    for (const s of c.sections) {
      for (const p of s.paragraphs) expect(p.length).toBeLessThanOrEqual(PARAGRAPH_MAX);
      const text = s.paragraphs.join('\n');
      for (let n = 1; n <= 50; n++) expect(text).toContain(`*Q${n}* `);
    }
    expect(c.sections[0]!.paragraphs.length).toBeGreaterThan(5);
    expect(c.fallback.length).toBeLessThanOrEqual(40_000);
  });
});
