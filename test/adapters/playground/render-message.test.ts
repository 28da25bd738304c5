import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/engine/messages.js';
import type { Translator } from '../../../src/core/ports.js';
import { backticksToCode, escapeHtml, htmlMarkup, safeHref } from '../../../src/adapters/playground/html-markup.js';
import { renderMessage, type RenderKit } from '../../../src/adapters/playground/render-message.js';
import { realTranslator } from '../../support/fake-translator.js';

let kit: RenderKit;
beforeAll(async () => {
  const translator: Translator = await realTranslator();
  kit = { translator, command: '/roundtable' };
});

const evil = '<img src=x onerror="alert(1)"> & "quotes"';

describe('HTML markup', () => {
  it('escapes the five characters HTML reads', () => {
    expect(escapeHtml(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('keeps only web, in-page and same-server addresses in links', () => {
    expect(safeHref('https://forms.example/eval?x=1')).toBe('https://forms.example/eval?x=1');
    expect(safeHref('#post-abc-1')).toBe('#post-abc-1');
    expect(safeHref('/playground/files/r/1')).toBe('/playground/files/r/1');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example/x',
      'https://a b',
      'vbscript:x',
    ])
      expect(safeHref(bad), bad).toBeUndefined();
    expect(htmlMarkup.link('javascript:alert(1)', 'label')).toBe('label');
    expect(htmlMarkup.link('https://x.example/?a="b"', 'go')).toBe(
      '<a href="https://x.example/?a=&quot;b&quot;">go</a>',
    );
  });

  it('turns backticked locale code into <code>, never across a tag', () => {
    expect(backticksToCode('type `/roundtable help` now')).toBe('type <code>/roundtable help</code> now');
    expect(backticksToCode('`a <strong>b</strong>`')).toBe('`a <strong>b</strong>`');
  });
});

describe('bot messages as HTML', () => {
  it('renders a question in each plan language, with lang attributes and plan text escaped', () => {
    const message: Message = {
      kind: 'question',
      langs: ['fr', 'en'],
      number: 3,
      text: { en: `Why ${evil}?`, fr: `Pourquoi ${evil}\u00a0?` },
      hashtag: '#LeadersGC',
      extra: false,
    };
    const { html, summary } = renderMessage(message, kit);
    expect(html.indexOf('lang="fr"')).toBeLessThan(html.indexOf('lang="en"'));
    expect(html).toContain('<h3 class="post-heading">Q3</h3>');
    expect(html).toContain('Why &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;?');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '<span class="context-line" lang="fr">Répondez dans ce fil, ou commencez votre message par R3</span>',
    );
    expect(html).toContain(
      '<span class="context-line" lang="en">Reply in this thread, or start your message with A3</span>',
    );
    expect(html).toContain('<span class="context-line">#LeadersGC</span>');
    expect(summary).toBe('Q3');
  });

  it('renders an open poll with one button per option, the value the engine reads, and live results in text', () => {
    const message: Message = {
      kind: 'poll',
      langs: ['en', 'fr'],
      runId: 'run-1',
      number: 2,
      question: { en: 'Which?', fr: 'Lequel\u00a0?' },
      options: [
        { en: `A ${evil}`, fr: 'A' },
        { en: 'B', fr: 'B' },
      ],
      multiple: 1,
      anonymous: false,
      hidden: false,
      closed: false,
      tally: { counts: [3, 1], voters: 4 },
    };
    const { html } = renderMessage(message, kit);
    const buttons = [
      ...html.matchAll(
        /<button type="button" class="vote" data-value="([^"]+)" aria-pressed="false">([^<]*)<\/button>/g,
      ),
    ];
    expect(buttons.map((b) => b[1])).toEqual(['vote|run-1|2|0', 'vote|run-1|2|1']);
    expect(html).toContain(
      '<button type="button" class="vote withdraw" data-value="vote|run-1|2|withdraw">Withdraw my vote / Retirer mon vote</button>',
    );
    expect(buttons[0]![2]).toBe('A &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot; / A');
    expect(html).toContain('role="group" aria-label="Vote / Voter"');
    expect(html).toContain('<span class="result-figures">75% (3 votes)</span>');
    expect(html).toContain('<span class="result-figures">75\u00a0% (3 votes)</span>');
    expect(html).toMatch(/<span class="result-bar" aria-hidden="true">▓+░*<\/span>/);
  });

  it('hides the tally of a hidden-results poll until it closes, and drops the buttons once closed', () => {
    const base = {
      kind: 'poll' as const,
      langs: ['en' as const],
      runId: 'run-1',
      number: 1,
      question: { en: 'Which?' },
      options: [{ en: 'A' }, { en: 'B' }],
      multiple: 1,
      anonymous: true,
      hidden: true,
      tally: { counts: [2, 0], voters: 2 },
    };
    const open = renderMessage({ ...base, closed: false }, kit).html;
    expect(open).not.toContain('result-figures');
    expect(open).toContain('class="vote"');
    const closed = renderMessage({ ...base, closed: true }, kit).html;
    expect(closed).toContain('<span class="result-figures">100% (2 votes)</span>');
    expect(closed).not.toContain('class="vote"');
  });

  it('renders a notice in the asker’s language, with locale code as <code> and user words escaped', () => {
    const message: Message = { kind: 'notice', langs: ['fr'], key: 'unknown-command', vars: { word: '<b>x</b>' } };
    const { html } = renderMessage(message, kit);
    expect(html).toMatch(/^<section class="lang-section" lang="fr">/);
    expect(html).toContain('<code>&lt;b&gt;x&lt;/b&gt;</code>');
    expect(html).not.toContain('<b>');
  });

  it('links an A<k> answer to its message in the page, the answer text escaped', () => {
    const message: Message = {
      kind: 'answer-link',
      langs: ['en'],
      number: 2,
      author: 'Bob <script>',
      text: evil,
      source: { id: 'm1', permalink: '#post-m1' },
    };
    const { html } = renderMessage(message, kit);
    expect(html).toContain('<strong>Bob &lt;script&gt;</strong> answered Q2 in the channel: <a href="#post-m1">');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });
});
