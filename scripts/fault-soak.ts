/**
 * The fault suite N times in a row (`npm run test:faults:soak -- 10`), to show it never
 * flakes: each run is the whole suite as `npm run test:faults` runs it (FAULT_SEED and
 * FAULT_SEEDS_PER_RUN pass through), its table read back from the results file. Prints one
 * line per case and run (seeds and figures), then whether every figure was 0 in every run;
 * the Markdown table is also left in the temporary folder for the docs. Exits non-zero when a
 * run failed or any figure was not 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FaultRow } from '../test/faults/support/fault-table.js';

// The suite's results go to a folder of this soak's own (other runs on the machine use the default one).
process.env.FAULT_RESULTS_DIR ??= mkdtempSync(path.join(tmpdir(), 'rt-fault-soak-'));
const { recordedRows } = await import('../test/faults/support/fault-table.js');

/** Where the soak's table is left. */
const SOAK_TABLE = path.join(process.env.FAULT_RESULTS_DIR, 'roundtable-fault-soak.md');

interface SoakRun {
  run: number;
  exitCode: number;
  seconds: number;
  rows: FaultRow[];
}

/** Runs the fault suite once, its output going to this terminal; resolves with its exit code. */
function suiteOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.faults.config.ts'], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** The seeds a row's notes name (`seed 11223`). */
function seedsOf(row: FaultRow): string {
  return [...row.notes.matchAll(/seed (\d+)/g)].map((m) => m[1]).join(', ') || '—';
}

/** Recap figures that differ from the export (`recap≠CSV 2` in a row's notes). */
const recapMismatches = (row: FaultRow): number => Number(/recap≠CSV (\d+)/.exec(row.notes)?.[1] ?? 0);

/** Kills a row's notes count (`20 kills`), or a dash. */
const killsOf = (row: FaultRow): string => /(\d+) kills/.exec(row.notes)?.[1] ?? '—';

/** A line of the soak table for one case of one run. */
function line(r: SoakRun, row: FaultRow): string {
  return `| ${r.run} | ${row.case} | ${seedsOf(row)} | ${row.runs} | ${killsOf(row)} | ${row.postedTwice} | ${row.missing} | ${row.lost} | ${row.duplicates} | ${recapMismatches(row)} | ${r.exitCode === 0 ? 'passed' : `failed (${r.exitCode})`} | ${r.seconds} s |`;
}

/** The soak's table as Markdown. */
function table(runs: SoakRun[]): string {
  const head =
    '| run | case | seeds | chats | kills | steps posted twice | steps missing | answers or votes lost | duplicates | recap ≠ export | suite | time |\n|---|---|---|---|---|---|---|---|---|---|---|---|';
  const body = runs.flatMap((r) =>
    r.rows.length > 0
      ? r.rows.map((row) => line(r, row))
      : [`| ${r.run} | (no case recorded) | — | — | — | — | — | — | — | — | failed (${r.exitCode}) | ${r.seconds} s |`],
  );
  return [head, ...body].join('\n');
}

const clean = (r: SoakRun): boolean =>
  r.exitCode === 0 &&
  r.rows.length > 0 &&
  r.rows.every((row) => row.postedTwice + row.missing + row.lost + row.duplicates + recapMismatches(row) === 0);

async function main(times: number): Promise<void> {
  if (!Number.isInteger(times) || times < 1)
    throw new Error(
      `Usage: npm run test:faults:soak -- <runs> (a whole number of at least 1), not "${process.argv[2]}"`,
    );
  const runs: SoakRun[] = [];
  for (let run = 1; run <= times; run++) {
    process.stdout.write(
      `\n== fault suite, run ${run} of ${times}${process.env.FAULT_SEED ? ` (FAULT_SEED=${process.env.FAULT_SEED})` : ''}\n`,
    );
    const started = Date.now();
    const exitCode = await suiteOnce();
    runs.push({ run, exitCode, seconds: Math.round((Date.now() - started) / 1000), rows: recordedRows() });
  }
  const text = table(runs);
  writeFileSync(SOAK_TABLE, `${text}\n`);
  const good = runs.filter(clean).length;
  process.stdout.write(
    `\nFault suite soak, ${new Date().toISOString()} (also in ${SOAK_TABLE}):\n\n${text}\n\n${good} of ${times} runs with every figure 0 and the suite passing.\n`,
  );
  if (good !== times) process.exitCode = 1;
}

await main(Number(process.argv[2] ?? '10'));
