import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import {
  ANONYMOUS_VOTE_STEP_MS,
  BOM,
  CSV_COLUMNS,
  csvCell,
  exportCsv,
  guardFormula,
} from '../../../src/core/export/export-csv.js';
import type { Answer } from '../../../src/core/engine/records.js';
import { loadFixture, readExpected } from '../../fixtures/exports/load-fixture.js';

const FORMULA = /^[=+\-@\t\r]/;

function rowsOf(csv: string): string[][] {
  return parse(csv, { bom: true }) as string[][];
}

describe('CSV export', () => {
  it('matches the reviewed export of the fixture run, byte for byte', () => {
    expect(exportCsv(loadFixture('circuit-talks'))).toBe(readExpected('circuit-talks.csv'));
  });

  it('is UTF-8 with a byte-order mark, the exact header, and CRLF line endings', () => {
    const csv = exportCsv(loadFixture('circuit-talks'));
    expect(csv.startsWith(BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1).split('\r\n')[0]).toBe('kind,number,user_id,user_name,text,option,timestamp,reactions');
    expect(rowsOf(csv)[0]).toEqual([...CSV_COLUMNS]);
  });

  it('writes one row per answer: question, author, text as last edited, ISO time, reactions', () => {
    const input = loadFixture('circuit-talks');
    const rows = rowsOf(exportCsv(input)).slice(1);
    const answers = rows.filter((r) => r[0] === 'answer');
    expect(answers).toHaveLength(input.answers.length);
    const edited = input.answers.find((a) => a.editedAt !== undefined)!;
    expect(answers).toContainEqual([
      'answer',
      String(edited.number),
      edited.user.id,
      edited.user.name,
      edited.text,
      '',
      new Date(edited.at).toISOString(),
      String(edited.reactions),
    ]);
    // Answers by question, then time.
    const keys = answers.map((r) => `${r[1]}|${r[6]}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps mentions as typed but guards every formula-like cell', () => {
    const rows = rowsOf(exportCsv(loadFixture('circuit-talks')));
    const texts = rows.map((r) => r[4]);
    expect(texts).toContain('\'=SUM(A1) is how I\'d count the pilots, "seriously", and # of cameras');
    expect(texts).toContain("'@here +1 to Benoît, and <@U02> said it best");
    expect(texts.some((t) => t?.startsWith('<!channel> read the *privacy* guidance'))).toBe(true);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
  });

  it('writes named votes with the voter and 1-based options, by poll then time', () => {
    const votes = rowsOf(exportCsv(loadFixture('circuit-talks'))).filter((r) => r[0] === 'vote' && r[1] === '1');
    expect(votes.map((r) => [r[2], r[3], r[5]])).toEqual([
      ['U01', 'Alice Martin', '1'],
      ['U02', 'Benoît Tremblay', '2'],
      ['U04', 'Dev Patel', '2'],
      ['U06', 'Fatima Haddad', '3'],
    ]);
    expect(votes.every((r) => r[4] === '' && r[7] === '')).toBe(true);
  });

  it('writes one row per chosen option of an anonymous ballot, with no user and a rounded time', () => {
    const votes = rowsOf(exportCsv(loadFixture('circuit-talks'))).filter((r) => r[0] === 'vote' && r[1] === '2');
    expect(votes.map((r) => r[5])).toEqual(['1', '1', '2', '3']);
    for (const r of votes) {
      expect([r[2], r[3]]).toEqual(['', '']);
      expect(Date.parse(r[6]!) % ANONYMOUS_VOTE_STEP_MS).toBe(0);
    }
  });

  it('leaves out polls that never opened and hidden results of a poll still open', () => {
    const input = loadFixture('circuit-talks');
    input.run.polls[1]!.state = 'open';
    input.run.polls[0]!.state = 'pending';
    expect(rowsOf(exportCsv(input)).filter((r) => r[0] === 'vote')).toEqual([]);
  });

  it('quotes per RFC 4180 and prefixes formula starters with an apostrophe', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    for (const c of ['=', '+', '-', '@', '\t', '\r']) expect(guardFormula(`${c}x`)).toBe(`'${c}x`);
    expect(guardFormula("'already")).toBe("'already");
  });

  it('gives back every name and text exactly, whatever they hold (property)', () => {
    const tricky = fc.string({
      unit: fc.constantFrom('"', ',', '\n', '\r', '\t', '=', '+', '-', '@', "'", ' ', 'a', 'é', ';', '\u00a0', '🙂'),
    });
    const text = fc.oneof(tricky, fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.array(fc.record({ id: text, name: text, text }), { minLength: 1, maxLength: 12 }), (people) => {
        const input = loadFixture('circuit-talks');
        input.ballots = new Map();
        input.answers = people.map((p, i): Answer => ({
          id: `m${i}`,
          number: 1,
          user: { id: p.id, name: p.name },
          text: p.text,
          at: input.run.startedAt + i * 1000,
          reactions: i,
          via: 'thread',
        }));
        const rows = rowsOf(exportCsv(input));
        expect(rows).toHaveLength(people.length + 1);
        const expected = (s: string) => (FORMULA.test(s) ? `'${s}` : s);
        people.forEach((p, i) => {
          expect(rows[i + 1]).toEqual([
            'answer',
            '1',
            expected(p.id),
            expected(p.name),
            expected(p.text),
            '',
            new Date(input.run.startedAt + i * 1000).toISOString(),
            String(i),
          ]);
        });
        for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
      }),
      { numRuns: 300 },
    );
  });
});
