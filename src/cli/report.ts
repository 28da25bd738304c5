/**
 * `roundtable report <plan-id> [--format md|html] [--out FILE]`: how the runs of one plan
 * compare (participants, first-time and returning people, answers, poll turnout, trend).
 */
import type { SeriesRunInput } from '../core/export/series-report.js';
import { buildSeriesReport, seriesMarkdown } from '../core/export/series-report.js';
import type { CliOutput } from './cli-output.js';
import { readFlags } from './read-flags.js';
import { deliver, type StoreCommandDeps } from './export.js';
import { exportInputOf } from '../infra/create-exporter.js';
import { seriesHtml } from '../core/export/html-series-report.js';

/** Usage line of `report`. */
export const REPORT_USAGE = 'Usage: roundtable report <plan-id> [--format md|html] [--out FILE]';

/**
 * Runs `report`; returns the exit code: 0 done, 1 no run of that plan, 2 bad arguments.
 *
 * @example await runReport(['leadersgc', '--format', 'html', '--out', 'series.html'], { store, translator }, processOutput);
 */
export async function runReport(args: string[], deps: StoreCommandDeps, out: CliOutput): Promise<number> {
  const { positional, flags } = readFlags(args, ['format', 'out']);
  const [planId, ...extra] = positional;
  const format = flags.format ?? 'md';
  if (
    !planId ||
    planId.startsWith('--') ||
    extra.length > 0 ||
    (format !== 'md' && format !== 'html') ||
    ('out' in flags && !flags.out)
  ) {
    out.error(REPORT_USAGE);
    return 2;
  }
  const now = (deps.now ?? Date.now)();
  const inputs: SeriesRunInput[] = [];
  for (const id of await deps.store.allRunIds()) {
    const run = await deps.store.getRun(id);
    if (run?.planId === planId) inputs.push(await exportInputOf(deps.store, run, now, undefined, deps.keys));
  }
  if (inputs.length === 0) {
    out.error(
      `No run of plan "${planId}" in the store. Check the plan id (roundtable validate lists them) and ROUNDTABLE_STORE.`,
    );
    return 1;
  }
  const report = buildSeriesReport(planId, inputs);
  await deliver(
    format === 'html' ? seriesHtml(report, deps.translator) : seriesMarkdown(report, deps.translator),
    flags.out,
    deps,
    out,
  );
  return 0;
}
