import { beforeAll, describe, expect, it } from 'vitest';
import type { Translator } from '../../../src/core/ports.js';
import { buildTranscript } from '../../../src/core/export/export-data.js';
import { exportMarkdown } from '../../../src/core/export/export-markdown.js';
import {
  escapeMarkdownInline,
  escapeMarkdownLine,
  escapeMarkdownLines,
} from '../../../src/core/export/export-markdown-escape.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import { loadFixture, readExpected } from '../../fixtures/exports/load-fixture.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

const markdownOf = (input = loadFixture('circuit-talks')) => exportMarkdown(buildTranscript(input), t);

describe('Markdown export', () => {
  it('matches the reviewed transcript of the fixture run', () => {
    expect(markdownOf()).toBe(readExpected('circuit-talks.md'));
  });

  it('has the title, the questions in both languages and every answer in the order posted', () => {
    const input = loadFixture('circuit-talks');
    const md = markdownOf(input);
    expect(md.split('\n')[0]).toBe(
      '# On the Circuit Talks: biometrics and climate / Les discussions du circuit\u00a0: biométrie et climat',
    );
    expect(md).toContain('> How can technology help fight climate change?');
    expect(md).toContain('> Comment la technologie peut-elle aider à lutter contre les changements climatiques\u00a0?');
    const authors = [...md.matchAll(/^- \*\*(.+?)\*\* · (\d\d:\d\d)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(authors).toEqual([
      'Alice Martin 13:06',
      'Benoît Tremblay 13:07',
      'Chloé Nguyen 13:08',
      'Dev Patel 13:12',
      'Alice Martin 13:21',
      'Erin O\'Neil, "EO" 13:23',
      'Benoît Tremblay 13:27',
      'Grace Li 13:41',
    ]);
  });

  it('renders Slack and Teams mentions inert, so a shared transcript pings nobody', () => {
    const input = loadFixture('circuit-talks');
    input.answers[0]!.text = 'Hi <!channel> <!here> <@U123> <!subteam^S1|@team> <at>Jane</at>';
    const md = markdownOf(input);
    expect(md).not.toMatch(/<[!@]|<at>/);
    expect(md).toContain(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;!subteam^S1\\|@team&gt; &lt;at&gt;Jane&lt;/at&gt;',
    );
  });

  it('shows poll counts, percentages and text bars; names only for named polls', () => {
    const md = markdownOf();
    expect(md).toContain('| Ready with safeguards / Prête avec des garde-fous | 2 | 50% | ▓▓▓▓▓░░░░░ |');
    expect(md).toContain('- Ready with safeguards / Prête avec des garde-fous — Benoît Tremblay, Dev Patel');
    const anonymous = md.slice(md.indexOf('### P2'));
    expect(anonymous).toContain('| Open emissions data / Données ouvertes sur les émissions | 2 | 50% | ▓▓▓▓▓░░░░░ |');
    expect(anonymous).not.toMatch(/Who voted|Alice|Dev Patel/);
  });

  it('withholds the results of a hidden poll that is still open', () => {
    const input = loadFixture('circuit-talks');
    input.run.polls[1]!.state = 'open';
    const p2 = markdownOf(input).slice(markdownOf(input).indexOf('### P2'));
    expect(p2).toContain('Results are shown when the poll closes.');
    expect(p2).not.toMatch(/\| \d+ \|/);
  });

  it('follows the plan language order and its number typography', () => {
    const input = loadFixture('circuit-talks');
    input.run.plan.languages = ['fr', 'en'];
    const md = markdownOf(input);
    expect(md.split('\n')[0]).toBe(
      '# Les discussions du circuit\u00a0: biométrie et climat / On the Circuit Talks: biometrics and climate',
    );
    expect(md).toContain('| Prête avec des garde-fous / Ready with safeguards | 2 | 50\u00a0% | ▓▓▓▓▓░░░░░ |');
  });

  it('says which questions the chat never reached', () => {
    const input = loadFixture('circuit-talks');
    delete input.run.questions[1]!.ref;
    input.answers = input.answers.filter((a) => a.number !== 2);
    expect(markdownOf(input)).toContain(
      '### Q2\n\n> How can technology help fight climate change?\n>\n> Comment la technologie peut-elle aider à lutter contre les changements climatiques\u00a0?\n\nNot asked in this chat. / Non posée pendant cette discussion.',
    );
  });
});

describe('Markdown escaping', () => {
  it('neutralizes emphasis, links, code, tables, raw HTML and entities', () => {
    expect(escapeMarkdownLine('*bold* _it_ `code` [a](b) ~s~ |c|')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\[a\\](b) \\~s\\~ \\|c\\|',
    );
    expect(escapeMarkdownLine('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdownLine('AT&amp;T and R&D')).toBe('AT&amp;amp;T and R&D');
    expect(escapeMarkdownLine('back\\slash')).toBe('back\\\\slash');
  });

  it('neutralizes line starts that make headings, quotes, lists and rules', () => {
    expect(escapeMarkdownLine('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdownLine('> not a quote')).toBe('&gt; not a quote');
    expect(escapeMarkdownLine('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdownLine('+ not a list')).toBe('\\+ not a list');
    expect(escapeMarkdownLine('=== not a rule')).toBe('\\=== not a rule');
    expect(escapeMarkdownLine('12. not a list')).toBe('12\\. not a list');
    expect(escapeMarkdownLine('3) not a list')).toBe('3\\) not a list');
    expect(escapeMarkdownLine('plain text. 1. mid-line')).toBe('plain text. 1. mid-line');
  });

  it('keeps one-line texts on one line and answers line by line', () => {
    expect(escapeMarkdownInline('Jane\r\nDoe\n')).toBe('Jane Doe');
    expect(escapeMarkdownLines('\n  a\r\n    b\rc\n\n')).toEqual(['a', 'b', 'c']);
  });
});
