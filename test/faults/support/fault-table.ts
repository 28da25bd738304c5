/**
 * The fault suite's table: each case records its figures in a results file; the suite's
 * global teardown prints the table (and leaves it as Markdown beside the results).
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Outcome } from './outcome.js';
import type { Expected } from './participants.js';

/** Where the rows of the current suite run are kept (`FAULT_RESULTS_DIR` keeps a soak's apart from other runs on the machine). */
export const RESULTS_FILE = path.join(process.env.FAULT_RESULTS_DIR ?? tmpdir(), 'roundtable-fault-results.jsonl');
/** The last table, as Markdown. */
export const TABLE_FILE = path.join(process.env.FAULT_RESULTS_DIR ?? tmpdir(), 'roundtable-fault-table.md');

/** One row of the table: a case, how many times it ran, and the sums over its runs. */
export interface FaultRow {
  case: string;
  runs: number;
  postedTwice: number;
  missing: number;
  lost: number;
  duplicates: number;
  /** What the runs went through and anything worth a look (ambiguous clicks, late answers, stalls). */
  notes: string;
}

/** Sums the outcomes of a case's runs into a row. */
export function rowOf(name: string, outcomes: Outcome[], notes: string): FaultRow {
  const sum = (pick: (o: Outcome) => number): number => outcomes.reduce((n, o) => n + pick(o), 0);
  const extra = [
    sum((o) => o.recapMismatches) > 0 ? `recap≠CSV ${sum((o) => o.recapMismatches)}` : '',
    sum((o) => o.linkCopiesTwice) > 0 ? `A<k> copies twice ${sum((o) => o.linkCopiesTwice)}` : '',
    sum((o) => o.ambiguous) > 0 ? `unanswered clicks ${sum((o) => o.ambiguous)}` : '',
  ].filter(Boolean);
  return {
    case: name,
    runs: outcomes.length,
    postedTwice: sum((o) => o.postedTwice),
    missing: sum((o) => o.missing),
    lost: sum((o) => o.lost),
    duplicates: sum((o) => o.duplicates),
    notes: [notes, ...extra].filter(Boolean).join('; '),
  };
}

/** What the participants did, in words: answers and votes counted, replies they got. */
export function describeCrowd(expected: Expected): string {
  const answers = expected.answers.filter((a) => a.status === 'stored').length;
  const votes = expected.ballots.filter((b) => b.possible.some((p) => p.length > 0)).length;
  const told = [
    expected.notRecorded > 0 ? `${expected.notRecorded} "not recorded"` : '',
    expected.refused > 0 ? `${expected.refused} "no such question"` : '',
    expected.noReply > 0 ? `${expected.noReply} without reply` : '',
  ].filter(Boolean);
  return `${answers} answers, ${votes} ballots${told.length > 0 ? `, ${told.join(', ')}` : ''}`;
}

/** Adds a row to this run's results. */
export function recordRow(row: FaultRow): void {
  appendFileSync(RESULTS_FILE, `${JSON.stringify(row)}\n`);
}

/** The rows recorded so far. */
export function recordedRows(): FaultRow[] {
  if (!existsSync(RESULTS_FILE)) return [];
  return readFileSync(RESULTS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FaultRow);
}

/** Forgets earlier results. */
export function clearRows(): void {
  rmSync(RESULTS_FILE, { force: true });
}

/** The table as Markdown. */
export function formatTable(rows: FaultRow[]): string {
  const head =
    '| case | runs | steps posted twice | steps missing | answers or votes lost | duplicates | notes |\n|---|---|---|---|---|---|---|';
  const body = rows.map(
    (r) => `| ${r.case} | ${r.runs} | ${r.postedTwice} | ${r.missing} | ${r.lost} | ${r.duplicates} | ${r.notes} |`,
  );
  return [head, ...body].join('\n');
}

/** Writes the table file and returns its text. */
export function writeTable(): string {
  const table = formatTable(recordedRows());
  writeFileSync(TABLE_FILE, `${table}\n`);
  return table;
}
