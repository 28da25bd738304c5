import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeTeamsText, safeLinkUrl, teamsMarkup } from '../../../src/adapters/teams/teams-markup.js';

/** What a TextBlock would show for a Markdown escape: the escaped character itself. */
const unescapeMarkdown = (text: string): string => text.replace(/\\([\\*_[\]`~\-+#>.)])/g, '$1').replace(/\u200b/g, '');

describe('Teams markup: user text renders as typed', () => {
  it('breaks every tag, so <at> can never become a mention and HTML never renders', () => {
    for (const text of ['<at>Everyone</at>', '<AT>x</AT>', '</at>', '<p onclick=x>hi</p>', '<!-- c -->', '<?xml?>']) {
      const escaped = escapeTeamsText(text);
      expect(escaped).not.toMatch(/<[A-Za-z/!?]/);
      expect(unescapeMarkdown(escaped)).toBe(text);
    }
    expect(escapeTeamsText('a < b and c > d')).toBe('a < b and c > d');
  });

  it('neutralizes emphasis, links, code and entities', () => {
    expect(escapeTeamsText('**bold** _it_ [click](https://evil.example) `code` ~strike~')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\[click\\](https://evil.example) \\`code\\` \\~strike\\~',
    );
    expect(escapeTeamsText('&lt;at&gt; &#60; & AT&T')).toBe('&\u200blt;at&\u200bgt; &\u200b#60; & AT&T');
    expect(escapeTeamsText('C:\\temp')).toBe('C:\\\\temp');
  });

  it('keeps a line from turning into a list, heading or quote, but leaves hashtags alone', () => {
    expect(escapeTeamsText('- item')).toBe('\\- item');
    expect(escapeTeamsText('+ item')).toBe('\\+ item');
    expect(escapeTeamsText('1. first')).toBe('1\\. first');
    expect(escapeTeamsText('12) twelfth')).toBe('12\\) twelfth');
    expect(escapeTeamsText('# Title')).toBe('\\# Title');
    expect(escapeTeamsText('> quoted')).toBe('\\> quoted');
    expect(escapeTeamsText('#LeadersGC rocks')).toBe('#LeadersGC rocks');
    expect(escapeTeamsText('A3: -5 degrees')).toBe('A3: -5 degrees');
  });

  it('removes control characters and keeps one line', () => {
    expect(escapeTeamsText('a\u0000b\u0007c\nd')).toBe('abc d');
  });

  it('links only http(s) URLs, with the characters that would end the link encoded', () => {
    expect(safeLinkUrl('https://forms.example/eval?a=(1)')).toBe('https://forms.example/eval?a=%281%29');
    expect(safeLinkUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkUrl('not a url')).toBeUndefined();
    expect(teamsMarkup.link('https://x.example/a b', 'View [it]')).toBe('[View \\[it\\]](https://x.example/a%20b)');
    expect(teamsMarkup.link('javascript:alert(1)', 'View')).toBe('View (javascript:alert(1))');
  });

  it('bolds each line of a multi-line text, spaces outside the markers', () => {
    expect(teamsMarkup.bold('one\n\ntwo ')).toBe('**one**\n\n**two** ');
    expect(teamsMarkup.italic(' x')).toBe(' _x_');
    expect(teamsMarkup.bold('')).toBe('');
  });

  it('never lets any text through with a tag opener, and shows it unchanged once unescaped (property)', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '<',
            '>',
            'a',
            't',
            '/',
            '*',
            '_',
            '[',
            ']',
            '(',
            ')',
            '&',
            ';',
            '#',
            '-',
            '1',
            '.',
            ' ',
            '\\',
            '`',
            '~',
            'é',
          ),
        }),
        (text) => {
          const escaped = escapeTeamsText(text);
          expect(escaped).not.toMatch(/<[A-Za-z/!?]/);
          expect(escaped.toLowerCase()).not.toContain('<at>');
          expect(escaped).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);
          expect(unescapeMarkdown(escaped)).toBe(text.replace(/[\r\n]+/g, ' '));
        },
      ),
      { numRuns: 500 },
    );
  });
});
