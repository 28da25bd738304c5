import { beforeAll, describe, expect, it } from 'vitest';
import type { Translator } from '../../src/core/ports.js';
import type { CliOutput } from '../../src/cli/cli-output.js';
import { createExporter } from '../../src/infra/create-exporter.js';
import { MemoryStore } from '../../src/infra/memory-store.js';
import { createTranslator } from '../../src/infra/i18n.js';
import { runExport, type StoreCommandDeps } from '../../src/cli/export.js';
import { runReport } from '../../src/cli/report.js';
import type { ExportInput } from '../../src/core/export/export-data.js';
import { loadFixture, loadSeriesFixture, readExpected } from '../fixtures/exports/load-fixture.js';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

async function storeWith(inputs: ExportInput[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const { run, answers, ballots } of inputs) {
    await store.saveRun(run);
    for (const a of answers) await store.putAnswer(run.id, a);
    for (const [, list] of ballots) for (const b of list) await store.putBallot(run.id, b);
  }
  return store;
}

/** CLI output captured, and `--out` files kept in memory. */
function harness(store: MemoryStore, now: number) {
  const logs: string[] = [];
  const errors: string[] = [];
  const files = new Map<string, string>();
  const out: CliOutput = { log: (l) => logs.push(l), error: (l) => errors.push(l) };
  const deps: StoreCommandDeps = {
    store,
    translator: t,
    now: () => now,
    writeFile: async (p, c) => void files.set(p, c),
  };
  return { logs, errors, files, out, deps };
}

describe('createExporter', () => {
  it('reads the run from the store and names each file after the run, with its MIME type', async () => {
    const input = loadFixture('circuit-talks');
    const exporter = createExporter({ store: await storeWith([input]), translator: t, now: () => input.now });
    const csv = await exporter(input.run, 'csv');
    expect(csv).toMatchObject({
      name: 'circuit-talks-2026-02.csv',
      mime: 'text/csv; charset=utf-8',
      title:
        'Answers and votes (CSV): On the Circuit Talks: biometrics and climate / Réponses et votes (CSV)\u00a0: Les discussions du circuit\u00a0: biométrie et climat',
    });
    expect(csv.content).toBe(readExpected('circuit-talks.csv'));
    expect(await exporter(input.run, 'md')).toMatchObject({
      name: 'circuit-talks-2026-02.md',
      mime: 'text/markdown; charset=utf-8',
      content: readExpected('circuit-talks.md'),
    });
    expect(await exporter(input.run, 'html')).toMatchObject({
      name: 'circuit-talks-2026-02.html',
      mime: 'text/html; charset=utf-8',
      content: readExpected('circuit-talks.html'),
    });
  });

  it('titles the file in every plan language, in the plan’s order', async () => {
    const input = loadFixture('circuit-talks');
    input.run.plan.languages = ['fr', 'en'];
    const exporter = createExporter({ store: await storeWith([input]), translator: t, now: () => input.now });
    expect((await exporter(input.run, 'md')).title).toBe(
      'Transcription (Markdown)\u00a0: Les discussions du circuit\u00a0: biométrie et climat / Transcript (Markdown): On the Circuit Talks: biometrics and climate',
    );
  });
});

describe('roundtable export', () => {
  it('writes the export to --out and says where', async () => {
    const input = loadFixture('circuit-talks');
    const h = harness(await storeWith([input]), input.now);
    expect(await runExport(['circuit-talks-2026-02', '--format', 'csv', '--out', 'feb.csv'], h.deps, h.out)).toBe(0);
    expect(h.files.get('feb.csv')).toBe(readExpected('circuit-talks.csv'));
    expect(h.errors).toEqual([`Wrote feb.csv (${Buffer.byteLength(readExpected('circuit-talks.csv'))} bytes).`]);
    expect(h.logs).toEqual([]);
  });

  it('prints to standard output without --out (Markdown by default)', async () => {
    const input = loadFixture('circuit-talks');
    const h = harness(await storeWith([input]), input.now);
    expect(await runExport(['circuit-talks-2026-02'], h.deps, h.out)).toBe(0);
    expect(`${h.logs.join('\n')}\n`).toBe(readExpected('circuit-talks.md'));
  });

  it('refuses bad arguments with the usage line, and an unknown run with a hint', async () => {
    const input = loadFixture('circuit-talks');
    const h = harness(await storeWith([input]), input.now);
    for (const args of [
      [],
      ['--format', 'md'],
      ['circuit-talks-2026-02', '--format', 'pdf'],
      ['circuit-talks-2026-02', '--out'],
      ['a', 'md', 'extra'],
    ]) {
      expect(await runExport(args, h.deps, h.out)).toBe(2);
    }
    expect(h.errors.every((e) => e.startsWith('Usage: roundtable export <run-id>'))).toBe(true);
    expect(await runExport(['nope', '--format', 'md'], h.deps, h.out)).toBe(1);
    expect(h.errors.at(-1)).toMatch(/^No run "nope" in the store/);
  });
});

describe('roundtable report', () => {
  it('prints the series report of a plan, in Markdown or HTML', async () => {
    const inputs = [...loadSeriesFixture(), loadFixture('circuit-talks')];
    const h = harness(await storeWith(inputs), inputs[0]!.now);
    expect(await runReport(['circuit-talks'], h.deps, h.out)).toBe(0);
    expect(`${h.logs.join('\n')}\n`).toBe(readExpected('circuit-talks-series.md'));
    expect(await runReport(['circuit-talks', '--format', 'html', '--out', 'series.html'], h.deps, h.out)).toBe(0);
    expect(h.files.get('series.html')).toBe(readExpected('circuit-talks-series.html'));
  });

  it('exits 1 for a plan without runs and 2 for bad arguments', async () => {
    const h = harness(await storeWith([loadFixture('circuit-talks')]), 0);
    expect(await runReport(['unknown-plan'], h.deps, h.out)).toBe(1);
    expect(h.errors.at(-1)).toMatch(/^No run of plan "unknown-plan"/);
    expect(await runReport([], h.deps, h.out)).toBe(2);
    expect(await runReport(['circuit-talks', '--format', 'csv'], h.deps, h.out)).toBe(2);
    expect(h.errors.at(-1)).toBe('Usage: roundtable report <plan-id> [--format md|html] [--out FILE]');
  });
});
