/**
 * The CSV export (DESIGN.md, "Recap"): UTF-8 with a byte-order mark, RFC 4180 quoting,
 * one row per answer and per chosen option of a ballot, with exactly the columns
 * `kind,number,user_id,user_name,text,option,timestamp,reactions`. Cells that a
 * spreadsheet would run as a formula get a leading `'`.
 *
 * Anonymous polls: no user columns, timestamps rounded down to a 5-minute slot, rows sorted
 * by option then time, so neither order nor timing ties a person to a choice.
 */
import type { Answer, Ballot } from '../engine/records.js';
import type { RunPoll } from '../engine/run.js';
import type { ExportInput } from './export-data.js';
import { ballotOrder, byTime, SLOT_MS } from './export-data.js';
import { isWithheld } from '../engine/votes.js';

/** The header row, in order. */
export const CSV_COLUMNS = [
  'kind',
  'number',
  'user_id',
  'user_name',
  'text',
  'option',
  'timestamp',
  'reactions',
] as const;

/** The UTF-8 byte-order mark, so spreadsheets read accents right. */
export const BOM = '\uFEFF';

/** Line ending of RFC 4180. */
const CRLF = '\r\n';

/** Cells starting with one of these run as formulas in spreadsheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Needs quoting under RFC 4180. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Time precision of anonymous votes. */
export const ANONYMOUS_VOTE_STEP_MS = SLOT_MS;

/**
 * Prefixes `'` to a cell a spreadsheet would run (`=`, `+`, `-`, `@`, tab, carriage return).
 *
 * @example guardFormula('=SUM(A1)') // "'=SUM(A1)"
 */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One CSV cell: formula-guarded, then quoted when it holds `"`, `,`, CR or LF.
 *
 * @example csvCell('He said "hi", twice') // '"He said ""hi"", twice"'
 */
export function csvCell(value: string): string {
  const safe = guardFormula(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (without its line ending). */
function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** ISO 8601 in UTC: `2026-12-18T01:05:00.000Z`. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function answerRow(a: Answer): string[] {
  return ['answer', String(a.number), a.user.id, a.user.name, a.text, '', iso(a.at), String(a.reactions)];
}

/** The vote rows of one poll, in the order the export writes them. */
function voteRows(poll: RunPoll, ballots: Ballot[]): string[][] {
  if (poll.state === 'pending' || isWithheld(poll)) return [];
  const valid = (o: number) => Number.isInteger(o) && o >= 0 && o < poll.options.length;
  if (poll.anonymous) {
    const rows: { option: number; at: number }[] = [];
    for (const b of ballots) {
      const at = Math.floor(b.at / ANONYMOUS_VOTE_STEP_MS) * ANONYMOUS_VOTE_STEP_MS;
      for (const o of b.options) if (valid(o)) rows.push({ option: o, at });
    }
    rows.sort((a, b) => a.option - b.option || a.at - b.at);
    return rows.map((r) => ['vote', String(poll.number), '', '', '', String(r.option + 1), iso(r.at), '']);
  }
  const rows: string[][] = [];
  const sorted = [...ballots].sort(ballotOrder);
  for (const b of sorted) {
    const options = [...b.options].filter(valid).sort((x, y) => x - y);
    for (const o of options)
      rows.push([
        'vote',
        String(poll.number),
        b.user?.id ?? b.voter,
        b.user?.name ?? '',
        '',
        String(o + 1),
        iso(b.at),
        '',
      ]);
  }
  return rows;
}

/**
 * Every row of the export, header excluded, one at a time: answers by question then time,
 * then votes by poll then time (anonymous polls: by option then rounded time).
 */
function* csvRecords(input: ExportInput): Generator<string[]> {
  const answers = [...input.answers].sort((a, b) => a.number - b.number || byTime(a, b));
  for (const a of answers) yield answerRow(a);
  const polls = [...input.run.polls].sort((a, b) => a.number - b.number);
  for (const poll of polls) yield* voteRows(poll, input.ballots.get(poll.number) ?? []);
}

/**
 * The CSV file: BOM, header, rows, CRLF line endings.
 *
 * @example
 * await writeFile('run.csv', exportCsv({ run, answers, ballots, now }));
 */
export function exportCsv(input: ExportInput): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of csvRecords(input)) lines.push(csvLine(record));
  return BOM + lines.join(CRLF) + CRLF;
}
