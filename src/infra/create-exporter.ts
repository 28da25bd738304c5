/**
 * The `Exporter` the `export` command calls: reads a run's answers and ballots from the
 * store and renders the Markdown transcript, the CSV or the HTML report.
 */
import type { Exporter } from '../core/service/command-handler.js';
import type { DetectLanguage } from '../core/engine/build-recap.js';
import type { ExportFormat } from '../core/engine/commands.js';
import type { AnonymousKeys, Store, Translator } from '../core/ports.js';
import type { Run } from '../core/engine/run.js';
import type { ExportInput } from '../core/export/export-data.js';
import { buildTranscript } from '../core/export/export-data.js';
import { exportCsv } from '../core/export/export-csv.js';
import { exportMarkdown } from '../core/export/export-markdown.js';
import { joinParts, localizedParts } from '../core/export/export-format.js';
import { exportHtml } from '../core/export/export-html.js';
import { countedAnswers } from '../core/engine/answers.js';

/** What the exporter needs. */
export interface ExporterDeps {
  store: Store;
  translator: Translator;
  detectLanguage?: DetectLanguage;
  /** Recognizes anonymous voters among the participants (`ROUNDTABLE_SECRET`). */
  keys?: AnonymousKeys;
  /** Clock for runs that have not ended (default `Date.now`). */
  now?: () => number;
}

const FILES: Record<ExportFormat, { ext: string; mime: string; key: string }> = {
  md: { ext: 'md', mime: 'text/markdown; charset=utf-8', key: 'export:doc.fileMd' },
  csv: { ext: 'csv', mime: 'text/csv; charset=utf-8', key: 'export:doc.fileCsv' },
  html: { ext: 'html', mime: 'text/html; charset=utf-8', key: 'export:doc.fileHtml' },
};

/** Reads everything an export of `run` needs from the store; `keys` recognize anonymous voters among the participants. */
export async function exportInputOf(
  store: Store,
  run: Run,
  now: number,
  detectLanguage?: DetectLanguage,
  keys?: AnonymousKeys,
): Promise<ExportInput> {
  const answers = countedAnswers(run, await store.listAnswers(run.id));
  const ballots = new Map<number, Awaited<ReturnType<Store['listBallots']>>>();
  for (const poll of run.polls) ballots.set(poll.number, await store.listBallots(run.id, poll.number));
  return { run, answers, ballots, now, ...(detectLanguage ? { detectLanguage } : {}), ...(keys ? { keys } : {}) };
}

/** Renders one export of an already loaded input. */
export function renderExport(
  input: ExportInput,
  format: ExportFormat,
  translator: Translator,
): { name: string; title: string; content: string; mime: string } {
  const { run } = input;
  const file = FILES[format];
  const langs = run.plan.languages.length > 0 ? run.plan.languages : [run.lang];
  const titleText = localizedParts(run.plan.title, langs)[0]?.text ?? run.planId;
  const titles = langs.map((lang) => translator.t(lang, file.key, { title: run.plan.title[lang] ?? titleText }));
  const title = joinParts([...new Set(titles)].map((text) => ({ text })));
  const content =
    format === 'csv'
      ? exportCsv(input)
      : format === 'md'
        ? exportMarkdown(buildTranscript(input), translator)
        : exportHtml(buildTranscript(input), {
            translator,
            ...(input.detectLanguage ? { detectLanguage: input.detectLanguage } : {}),
          });
  return { name: `${run.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.${file.ext}`, title, content, mime: file.mime };
}

/**
 * Builds the exporter.
 *
 * @example
 * const exporter = createExporter({ store, translator, detectLanguage });
 * const file = await exporter(run, 'html'); // { name: 'run-1.html', title, content, mime: 'text/html; charset=utf-8' }
 */
export function createExporter(deps: ExporterDeps): Exporter {
  return async (run, format) => {
    const input = await exportInputOf(deps.store, run, (deps.now ?? Date.now)(), deps.detectLanguage, deps.keys);
    return renderExport(input, format, deps.translator);
  };
}
