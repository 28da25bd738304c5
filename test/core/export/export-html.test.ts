import { beforeAll, describe, expect, it } from 'vitest';
import type { Translator } from '../../../src/core/ports.js';
import type { Answer } from '../../../src/core/engine/records.js';
import { buildTranscript } from '../../../src/core/export/export-data.js';
import { exportHtml, MAX_ANSWERS_SHOWN } from '../../../src/core/export/export-html.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import { loadFixture, readExpected } from '../../fixtures/exports/load-fixture.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

const htmlOf = (input = loadFixture('circuit-talks')) => exportHtml(buildTranscript(input), { translator: t });

describe('HTML report', () => {
  it('matches the reviewed report of the fixture run', () => {
    expect(htmlOf()).toBe(readExpected('circuit-talks.html'));
  });

  it('is one standalone file: no script, no external asset, no link but the evaluation form', () => {
    const html = htmlOf();
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'https://forms.example/eval-circuit-talks',
    ]);
  });

  it('escapes every user text, so mentions and markup stay text', () => {
    const input = loadFixture('circuit-talks');
    input.answers[0]!.text = '<img src=x onerror=alert(1)> & <!channel>';
    input.answers[0]!.user.name = '<b>Alice</b> "A"';
    const html = htmlOf(input);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!channel&gt;');
    expect(html).toContain('&lt;b&gt;Alice&lt;/b&gt; &quot;A&quot;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!channel>');
  });

  it('gives every chart a role, a title, a label and a data table beside it', () => {
    const html = htmlOf();
    const svgs = [...html.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      expect(svg).toMatch(/role="img"/);
      expect(svg).toMatch(/aria-label="[^"]{10,}"/);
    }
    expect(html.match(/<title id="[a-z0-9-]+-title">/g)).toHaveLength(3);
    for (const figure of html.match(/<figure>[\s\S]*?<\/figure>/g)!) {
      expect(figure).toMatch(/<svg[\s\S]*<\/svg>[\s\S]*<table>\n<caption>/);
    }
  });

  it('has both languages with lang attributes, captions on every table, and headings in order', () => {
    const html = htmlOf();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(
      '<h1><span lang="en">On the Circuit Talks: biometrics and climate</span> / <span lang="fr">Les discussions du circuit\u00a0: biométrie et climat</span></h1>',
    );
    expect(html.match(/<table/g)!.length).toBe(html.match(/<caption>/g)!.length);
    const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1);
    });
  });

  it('puts the first plan language first, in the page language too', () => {
    const input = loadFixture('circuit-talks');
    input.run.plan.languages = ['fr', 'en'];
    const html = htmlOf(input);
    expect(html).toMatch(/<html lang="fr">/);
    expect(html).toContain('<h1><span lang="fr">Les discussions du circuit');
    expect(html).toContain('<td class="num"><span lang="fr">50\u00a0%</span> / <span lang="en">50%</span></td>');
  });

  it('counts answers per 5 minutes over the chat', () => {
    const html = htmlOf();
    const rows = [...html.matchAll(/<tr><th scope="row">(\d\d:\d\d)<\/th><td class="num">(\d+)<\/td><\/tr>/g)].map(
      (m) => `${m[1]}=${m[2]}`,
    );
    expect(rows).toEqual([
      '13:00=0',
      '13:05=3',
      '13:10=1',
      '13:15=0',
      '13:20=2',
      '13:25=1',
      '13:30=0',
      '13:35=0',
      '13:40=1',
    ]);
  });

  it('shows the most-reacted answers of a very busy question and says the exports have them all', () => {
    const input = loadFixture('circuit-talks');
    const start = input.run.startedAt + 6 * 60_000;
    input.answers = Array.from({ length: 150 }, (_, i): Answer => ({
      id: `m${i}`,
      number: 1,
      user: { id: `U${i}`, name: `Person ${i}` },
      text: `Answer ${i}`,
      at: start + i * 1000,
      reactions: i % 7,
      via: 'thread',
    }));
    const html = htmlOf(input);
    const q1 = html.slice(html.indexOf('<article aria-labelledby="q1">'), html.indexOf('</article>'));
    const shown = [...q1.matchAll(/<th scope="row">Person (\d+)<\/th>/g)].map((m) => Number(m[1]));
    expect(shown).toHaveLength(MAX_ANSWERS_SHOWN);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(Math.min(...shown.map((i) => i % 7))).toBeGreaterThanOrEqual(2);
    expect(q1).toContain('The 100 most-reacted of 150 answers');
  });

  it('shows anonymous polls as counts only and withholds hidden results until the poll closes', () => {
    const closed = htmlOf();
    const p2 = closed.slice(closed.indexOf('<article aria-labelledby="p2">'));
    expect(p2).not.toMatch(/Who voted|Alice|Dev Patel|Grace/);
    const input = loadFixture('circuit-talks');
    input.run.polls[1]!.state = 'open';
    const open = htmlOf(input);
    const p2open = open.slice(open.indexOf('<article aria-labelledby="p2">'));
    expect(p2open).toContain('Results are shown when the poll closes.');
    expect(p2open).not.toContain('<svg');
  });
});
