/**
 * `roundtable export <run-id> --format md|csv|html [--out FILE]`: the transcript of one run,
 * written to FILE or to standard output.
 */
import { writeFile } from 'node:fs/promises';
import type { DetectLanguage } from '../core/engine/build-recap.js';
import type { ExportFormat } from '../core/engine/commands.js';
import type { AnonymousKeys, Store, Translator } from '../core/ports.js';
import type { CliOutput } from './cli-output.js';
import { readFlags } from './read-flags.js';
import { exportInputOf, renderExport } from '../infra/create-exporter.js';

/** What `export` and `report` need. */
export interface StoreCommandDeps {
  store: Store;
  translator: Translator;
  detectLanguage?: DetectLanguage;
  /** Keys under `ROUNDTABLE_SECRET`, when set: anonymous voters are then recognized among the participants. */
  keys?: AnonymousKeys;
  /** Clock for runs that have not ended (default `Date.now`). */
  now?: () => number;
  /** Writes `--out` files (default: `fs.writeFile`, UTF-8). */
  writeFile?: (path: string, content: string) => Promise<void>;
}

const FORMATS: readonly ExportFormat[] = ['md', 'csv', 'html'];

/** Usage line of `export`. */
export const EXPORT_USAGE = 'Usage: roundtable export <run-id> --format md|csv|html [--out FILE]';

/** Writes `content` to `--out` or to standard output, and says where it went. */
export async function deliver(
  content: string,
  file: string | undefined,
  deps: StoreCommandDeps,
  out: CliOutput,
): Promise<void> {
  if (file) {
    await (deps.writeFile ?? ((p, c) => writeFile(p, c, 'utf8')))(file, content);
    out.error(`Wrote ${file} (${Buffer.byteLength(content, 'utf8')} bytes).`);
  } else {
    out.log(content.endsWith('\n') ? content.slice(0, -1) : content);
  }
}

/**
 * Runs `export`; returns the exit code: 0 done, 1 unknown run, 2 bad arguments.
 *
 * @example await runExport(['run-1', '--format', 'csv', '--out', 'run-1.csv'], { store, translator }, processOutput);
 */
export async function runExport(args: string[], deps: StoreCommandDeps, out: CliOutput): Promise<number> {
  const { positional, flags } = readFlags(args, ['format', 'out']);
  const [runId, positionalFormat, ...extra] = positional;
  const format = flags.format ?? positionalFormat ?? 'md';
  if (
    !runId ||
    runId.startsWith('--') ||
    extra.length > 0 ||
    (flags.format && positionalFormat) ||
    !FORMATS.includes(format as ExportFormat) ||
    ('out' in flags && !flags.out)
  ) {
    out.error(EXPORT_USAGE);
    return 2;
  }
  const run = await deps.store.getRun(runId);
  if (!run) {
    out.error(
      `No run "${runId}" in the store. Check the id in the recap or the export command's reply, and ROUNDTABLE_STORE.`,
    );
    return 1;
  }
  const input = await exportInputOf(deps.store, run, (deps.now ?? Date.now)(), deps.detectLanguage, deps.keys);
  const file = renderExport(input, format as ExportFormat, deps.translator);
  await deliver(file.content, flags.out, deps, out);
  return 0;
}
