import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import type { Composed } from '../../../src/core/compose/composed.js';
import type { Message } from '../../../src/core/engine/messages.js';
import type { Lang } from '../../../src/core/plan/plan.js';
import type { Translator } from '../../../src/core/ports.js';
import { composedTexts, realTranslator, untranslated, visibleMarkup } from '../../support/fake-translator.js';

/** Text that would notify a whole channel if it reached Slack unescaped. */
const EVIL = '<!channel> & <@U123>';
const ESCAPED_EVIL = '&lt;!channel&gt; &amp; &lt;@U123&gt;';
const BOTH: Lang[] = ['en', 'fr'];

let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

const compose = (m: Message, opts?: { lang?: Lang; command?: string }): Composed =>
  composeMessage(m, t, visibleMarkup, opts);
const digits = (text: string): string[] => (text.match(/\d+/g) ?? []).sort();
const sectionDigits = (c: Composed, i: number): string[] =>
  digits([c.sections[i]!.heading ?? '', ...c.sections[i]!.paragraphs].join(' '));

type Welcome = Extract<Message, { kind: 'welcome' }>;
const welcome = (langs: Lang[] = BOTH): Welcome => ({
  kind: 'welcome',
  langs,
  title: { en: `Mental health ${EVIL}`, fr: `Santé mentale ${EVIL}` },
  host: { name: `Jane ${EVIL}`, title: { en: 'Deputy Minister', fr: 'Sous-ministre' } },
  hashtag: '#LeadersGC',
  questions: 5,
  polls: 2,
  durationMin: 45,
});

function expectClean(c: Composed): void {
  const texts = composedTexts(c);
  expect(untranslated(texts)).toEqual([]);
  for (const text of texts) expect(text).not.toContain('<!channel>');
}

describe('composeMessage: welcome', () => {
  it('names the title, guest host and hashtag, escaped, in both languages in the plan order', () => {
    const c = compose(welcome());
    expect(c.sections.map((s) => s.lang)).toEqual(['en', 'fr']);
    const [en, fr] = c.sections;
    expect(en!.heading).toBe(`Welcome to “[Mental health ${ESCAPED_EVIL}]”`);
    expect(fr!.heading).toBe(`Bienvenue à la discussion «\u00a0[Santé mentale ${ESCAPED_EVIL}]\u00a0»`);
    expect(en!.paragraphs[0]).toBe(`Guest host: *[Jane ${ESCAPED_EVIL}]*, [Deputy Minister]`);
    expect(fr!.paragraphs[0]).toBe(`Personne invitée\u00a0: *[Jane ${ESCAPED_EVIL}]*, [Sous-ministre]`);
    expect(c.context).toEqual(['[#LeadersGC]']);
    expectClean(c);
  });

  it('puts French first when the plan says [fr, en]', () => {
    expect(compose(welcome(['fr', 'en'])).sections.map((s) => s.lang)).toEqual(['fr', 'en']);
    expect(compose(welcome(['fr'])).sections.map((s) => s.lang)).toEqual(['fr']);
  });

  it('says how to take part, the guidelines and the agenda, with the same figures in each language', () => {
    const c = compose(welcome());
    const en = c.sections[0]!.paragraphs.join('\n');
    const fr = c.sections[1]!.paragraphs.join('\n');
    expect(en).toContain('5 questions and 2 polls in 45 minutes.');
    expect(fr).toContain('5 questions et 2 sondages en 45 minutes.');
    expect(en).toMatch(/start your message with its number: A1 for Q1/);
    expect(fr).toMatch(/commencez votre message par son numéro\u00a0: R1 pour Q1/);
    expect(en).toMatch(/Vote with the buttons/);
    expect(en).toMatch(/classified, protected/);
    expect(en).toMatch(/non-partisan/);
    expect(en).toMatch(/Your views are your own/);
    expect(fr).toMatch(/classifiée, protégée/);
    expect(fr).toMatch(/Vos opinions n’engagent que vous/);
    expect(sectionDigits(c, 0)).toEqual(sectionDigits(c, 1));
    expect(c.sections[0]!.paragraphs.length).toBe(c.sections[1]!.paragraphs.length);
  });

  it('shows the organizers’ own welcome text escaped, and leaves out polls when there are none', () => {
    const c = compose({
      ...welcome(),
      text: { en: `Hello ${EVIL}\nSecond line`, fr: `Bonjour ${EVIL}` },
      polls: 0,
      durationMin: 120,
    });
    expect(c.sections[0]!.paragraphs).toContain(`[Hello ${ESCAPED_EVIL}]\n[Second line]`);
    expect(c.sections[1]!.paragraphs).toContain(`[Bonjour ${ESCAPED_EVIL}]`);
    expect(c.sections[0]!.paragraphs).toContain('5 questions in 2 hours.');
    expect(c.sections[0]!.paragraphs.join()).not.toMatch(/Vote with the buttons/);
    expectClean(c);
  });

  it('keeps a heading within 150 characters however long the title, shortening the title only', () => {
    const title = { en: `${'Long title '.repeat(14)}<end>`, fr: `${'Titre très long '.repeat(10)}<fin>` };
    const c = compose({ ...welcome(), title });
    for (const s of c.sections) expect(s.heading!.length).toBeLessThanOrEqual(150);
    expect(c.sections[0]!.heading).toMatch(/^Welcome to “\[Long title Long title .*…\]”$/);
    expect(c.sections[1]!.heading).toMatch(/^Bienvenue à la discussion «\u00a0\[Titre très long .*…\]\u00a0»$/);
  });

  it('has a plain-text fallback: escaped, with no formatting, every language', () => {
    const c = compose(welcome());
    expect(c.fallback).toContain(`Guest host: [Jane ${ESCAPED_EVIL}], [Deputy Minister]`);
    expect(c.fallback).toContain('Personne invitée');
    expect(c.fallback).not.toContain('*');
    expect(c.fallback).toContain('[#LeadersGC]');
  });
});

describe('composeMessage: reminder', () => {
  it('gives the local start date, time and zone in each language', () => {
    const c = compose({
      kind: 'reminder',
      langs: BOTH,
      title: { en: `Chat ${EVIL}`, fr: `Discussion ${EVIL}` },
      startsAt: '2026-12-18T01:00:00.000Z',
      timezone: 'America/Toronto',
      hashtag: '#X',
    });
    expect(c.sections[0]!.heading).toBe(`Reminder: [Chat ${ESCAPED_EVIL}]`);
    expect(c.sections[0]!.paragraphs).toEqual(['The chat starts on Thursday, December 17, 2026 at 8:00 p.m. (EST).']);
    expect(c.sections[1]!.paragraphs[0]).toMatch(
      /^La discussion commence le jeudi 17 décembre 2026 à 20\sh\s00 \(HNE\)\.$/,
    );
    expectClean(c);
  });

  it('says “soon” rather than guess when the start is not an instant', () => {
    const c = compose({
      kind: 'reminder',
      langs: BOTH,
      title: { en: 'A', fr: 'B' },
      startsAt: '2026-12-17 20:00',
      timezone: 'America/Toronto',
    });
    expect(c.sections[0]!.paragraphs).toEqual(['The chat starts soon.']);
    expect(c.sections[1]!.paragraphs).toEqual(['La discussion commence bientôt.']);
  });
});

describe('composeMessage: question', () => {
  it('is headed Q3, shows the escaped text and says how to answer in each language', () => {
    const c = compose({
      kind: 'question',
      langs: BOTH,
      number: 3,
      text: { en: `What works? ${EVIL}`, fr: `Qu’est-ce qui fonctionne\u00a0? ${EVIL}` },
      hashtag: '#LeadersGC',
      extra: false,
    });
    expect(c.sections.map((s) => s.heading)).toEqual(['Q3', 'Q3']);
    expect(c.sections[0]!.paragraphs).toEqual([`[What works? ${ESCAPED_EVIL}]`]);
    expect(c.sections[1]!.paragraphs).toEqual([`[Qu’est-ce qui fonctionne\u00a0? ${ESCAPED_EVIL}]`]);
    expect(c.context).toEqual([
      'Reply in this thread, or start your message with A3',
      'Répondez dans ce fil, ou commencez votre message par R3',
      '[#LeadersGC]',
    ]);
    expect(c.buttons).toBeUndefined();
    expectClean(c);
  });
});

describe('composeMessage: closing', () => {
  it('thanks people by the chat title and uses the organizers’ text when there is one', () => {
    const plain = compose({ kind: 'closing', langs: BOTH, title: { en: 'Chat', fr: 'Discussion' } });
    expect(plain.sections[0]!.heading).toBe('Thank you for joining “[Chat]”');
    expect(plain.sections[1]!.paragraphs[0]).toMatch(/le bilan suit/);
    const own = compose({
      kind: 'closing',
      langs: BOTH,
      title: { en: 'Chat', fr: 'Discussion' },
      text: { en: `Bye ${EVIL}`, fr: `Salut ${EVIL}` },
      hashtag: '#X',
    });
    expect(own.sections.map((s) => s.paragraphs)).toEqual([[`[Bye ${ESCAPED_EVIL}]`], [`[Salut ${ESCAPED_EVIL}]`]]);
    expect(own.context).toEqual(['[#X]']);
    expectClean(own);
  });
});

describe('composeMessage: answer-link', () => {
  it('says who answered which question, links the message and copies the answer escaped', () => {
    const c = compose({
      kind: 'answer-link',
      langs: BOTH,
      number: 3,
      author: `Bob ${EVIL}`,
      text: `My answer ${EVIL}`,
      source: { id: '1', permalink: 'https://example.slack.com/p1' },
    });
    expect(c.sections[0]!.paragraphs).toEqual([
      `*[Bob ${ESCAPED_EVIL}]* answered Q3 in the channel: <https://example.slack.com/p1|View the message>`,
      `[My answer ${ESCAPED_EVIL}]`,
    ]);
    expect(c.sections[1]!.paragraphs[0]).toBe(
      `*[Bob ${ESCAPED_EVIL}]* a répondu à Q3 dans le canal\u00a0: <https://example.slack.com/p1|Voir le message>`,
    );
    expect(c.fallback).toContain('View the message ([https://example.slack.com/p1])');
    expectClean(c);
  });

  it('shortens a very long answer and keeps every paragraph within the platform limit', () => {
    const c = compose({ kind: 'answer-link', langs: BOTH, number: 1, author: 'Ann', text: 'word '.repeat(2000) });
    for (const s of c.sections) for (const p of s.paragraphs) expect(p.length).toBeLessThanOrEqual(2900);
    expect(c.sections[0]!.paragraphs[1]).toMatch(/…\]$/);
    expect(c.sections[0]!.paragraphs[0]).not.toContain('<');
  });
});
