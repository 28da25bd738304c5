/**
 * What is wrong with a plan file: where (file, line, column) and what (a code that is a key
 * of the `plan` locale namespace, with the values its sentence interpolates).
 */

/** A path into a plan document: keys of mappings and 0-based indices of lists. */
export type PlanPath = readonly (string | number)[];

/** A 1-based position in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Every problem code; each is a key of `locales/<lang>/plan.json`. */
export const PLAN_PROBLEM_CODES = [
  'yaml_syntax',
  'file_unreadable',
  'file_too_large',
  'plan_not_mapping',
  'unknown_key',
  'unknown_key_no_match',
  'missing_key',
  'expected_text',
  'expected_list',
  'expected_mapping',
  'expected_boolean',
  'expected_localized',
  'value_empty',
  'value_too_long',
  'id_pattern',
  'id_from_file',
  'duplicate_id',
  'language_unknown',
  'language_duplicate',
  'languages_empty',
  'text_missing_language',
  'text_empty',
  'text_too_long',
  'timezone_invalid',
  'timezone_missing',
  'start_format',
  'start_not_a_date',
  'start_skipped_time',
  'start_and_repeat',
  'cron_fields',
  'cron_invalid',
  'duration_format',
  'duration_range',
  'reminder_range',
  'reminder_duplicate',
  'reminders_without_schedule',
  'questions_count',
  'polls_count',
  'options_count',
  'multiple_range',
  'results_value',
  'question_at_outside',
  'question_at_order',
  'poll_at_outside',
  'poll_closes_outside',
  'poll_closes_before_at',
  'url_invalid',
  'hashtag_format',
] as const;

/** A problem code: the key of its sentence in the `plan` namespace. */
export type PlanProblemCode = (typeof PLAN_PROBLEM_CODES)[number];

/** Values a problem's sentence interpolates (`{{key}}` in the locale texts). */
export type ProblemVars = Record<string, string | number>;

/** One thing wrong with a plan file, and where. */
export interface PlanProblem {
  file: string;
  line: number;
  column: number;
  code: PlanProblemCode;
  vars: ProblemVars;
  /** The field it is about (the editor shows the problem next to it), when known. */
  path?: PlanPath;
}

/** Turns a problem code and its values into a sentence (a translator bound to one language). */
export type ProblemTranslator = (code: PlanProblemCode, vars: ProblemVars) => string;

/** Orders problems as they appear in their file: by file, then line, then column. */
export function compareProblems(a: PlanProblem, b: PlanProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
