/**
 * Plans that are not files: a plan document held as JSON (the store, the editor, an import)
 * validated with exactly the rules of `roundtable validate`, and written back as YAML for
 * `plan-file` and the editor's download.
 */
import { parse, stringify } from 'yaml';
import type { PlanProblem } from '../../core/plan/plan-problem.js';
import { parsePlanText } from '../plan-files.js';
import type { PlanValidation } from '../../core/plan/plan-validate.js';
import { validatePlan } from '../../core/plan/plan-validate.js';
import { isValidCron } from '../cron-next.js';

const START = { line: 1, column: 1 };

/** Cron answers already known: the editor validates on every keystroke, and asking node-cron costs milliseconds. */
const cronAnswers = new Map<string, boolean>();

function knownCron(expr: string): boolean {
  let valid = cronAnswers.get(expr);
  if (valid === undefined) {
    if (cronAnswers.size >= 500) cronAnswers.clear();
    cronAnswers.set(expr, (valid = isValidCron(expr)));
  }
  return valid;
}

/**
 * Validates a plan document given as data. Problems carry their field `path`; their line and
 * column are 1:1 since the data has no text (the editor places them by path).
 */
export function validatePlanData(data: unknown, file = 'plan'): PlanValidation {
  const result = validatePlan({ file, data, locate: () => START }, { isValidCron: knownCron });
  // A stored plan has no file name to take its id from: the id must be written.
  const hasId =
    typeof data === 'object' && data !== null && !Array.isArray(data) && (data as Record<string, unknown>).id != null;
  if (hasId || (!result.ok && result.problems.some((p) => p.code === 'plan_not_mapping'))) return result;
  const missing = { file, ...START, code: 'missing_key' as const, vars: { key: 'id' }, path: ['id'] };
  return { ok: false, problems: [missing, ...(result.ok ? [] : result.problems)] };
}

/** The plan document as YAML text, keys in the order written. */
export function planDataToYaml(data: unknown): string {
  return stringify(data, { lineWidth: 0 });
}

/** Largest imported plan text, as for plan files. */
export const MAX_IMPORT_BYTES = 256 * 1024;

/**
 * An imported YAML or JSON plan: its data (to fill the editor) and its problems located by
 * line and column, read by the same reader as plan files (aliases limited).
 */
export function importPlanText(text: string): { data?: unknown; problems: PlanProblem[] } {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES) {
    return {
      problems: [
        {
          file: 'import',
          line: 1,
          column: 1,
          code: 'file_unreadable',
          vars: { message: `larger than ${MAX_IMPORT_BYTES / 1024} KB` },
        },
      ],
    };
  }
  const file = parsePlanText('import.yaml', text);
  if (file.problems.some((p) => p.code === 'yaml_syntax')) return { problems: file.problems };
  return { data: parse(text, { maxAliasCount: 100 }) as unknown, problems: file.problems };
}
