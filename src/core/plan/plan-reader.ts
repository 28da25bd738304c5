/**
 * Reads the fields of a parsed plan document one by one, recording a located problem for
 * each value that is missing, of the wrong kind, unknown or too long. Texts come out without
 * invisible control characters (`visibleText`), so a plan cannot smuggle a bidi override
 * into a post or an export.
 */
import { visibleText } from '../visible-text.js';
import { LANGS } from './plan.js';
import type { Lang, Localized } from './plan.js';
import type { PlanPath, PlanProblem, PlanProblemCode, ProblemVars, SourcePosition } from './plan-problem.js';
import { closestKey } from './plan-suggest.js';
import { parseDuration } from './duration.js';

/** A parsed plan file: its data and a way to find where a path is written. */
export interface PlanDocument {
  /** The file as shown in problems. */
  file: string;
  /** The parsed YAML or JSON. */
  data: unknown;
  /**
   * Where `path` is written: its key (`part: 'key'`) or its value (default). A path that is
   * not in the file gives the position of its closest ancestor.
   */
  locate(path: PlanPath, part?: 'key' | 'value'): SourcePosition;
}

/** A plain mapping of a document. */
export type Mapping = Record<string, unknown>;

/** `questions[3].text` for `['questions', 2, 'text']`: list positions are 1-based, as Q3 is. */
export function fieldName(path: PlanPath): string {
  let name = '';
  for (const step of path) name += typeof step === 'number' ? `[${step + 1}]` : name === '' ? step : `.${step}`;
  return name;
}

/** Characters as people count them (code points, so an emoji counts once). */
export function textLength(text: string): number {
  return [...text].length;
}

/** True when `text` has more than `max` characters; counts code points only when UTF-16 units exceed `max` (the editor validates on every keystroke). */
function longerThan(text: string, max: number): boolean {
  return text.length > max && textLength(text) > max;
}

/** A value as written, for a message: text as is, anything else as JSON. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** True when a key has a value: a key written with nothing after it (YAML null) counts as absent. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** True for a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects the problems of one document while its fields are read. */
export class PlanReader {
  /** Every problem found so far, in the order found. */
  readonly problems: PlanProblem[] = [];

  constructor(readonly doc: PlanDocument) {}

  /** Records a problem at `path` (its value, or its key). */
  report(path: PlanPath, code: PlanProblemCode, vars: ProblemVars = {}, part: 'key' | 'value' = 'value'): void {
    const { line, column } = this.doc.locate(path, part);
    this.problems.push({ file: this.doc.file, line, column, code, vars, path: [...path] });
  }

  /** `value` as a mapping, or undefined after recording `expected_mapping`. */
  mapping(value: unknown, path: PlanPath): Mapping | undefined {
    if (isMapping(value)) return value;
    this.report(path, 'expected_mapping', { field: fieldName(path) });
    return undefined;
  }

  /** Records `unknown_key` for every key of `map` not in `known`, with the closest known key. */
  keys(map: Mapping, path: PlanPath, known: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (known.includes(key)) continue;
      const suggestion = closestKey(key, known);
      if (suggestion) this.report([...path, key], 'unknown_key', { key, suggestion }, 'key');
      else this.report([...path, key], 'unknown_key_no_match', { key, known: known.join(', ') }, 'key');
    }
  }

  /** Records `missing_key` at `path` when `map[key]` is absent; true when it is present. */
  has(map: Mapping, key: string, path: PlanPath, required: boolean): boolean {
    if (isPresent(map[key])) return true;
    if (required) this.report(path, 'missing_key', { key });
    return false;
  }

  /** A non-empty text of at most `max` characters. */
  text(map: Mapping, key: string, path: PlanPath, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const at = [...path, key];
    if (!this.has(map, key, path, opts.required ?? false)) return undefined;
    const value = map[key];
    if (typeof value !== 'string') {
      this.report(at, 'expected_text', { field: fieldName(at) });
      return undefined;
    }
    if (value.trim() === '') {
      this.report(at, 'value_empty', { field: fieldName(at) });
      return undefined;
    }
    if (opts.max !== undefined && longerThan(value, opts.max)) {
      this.report(at, 'value_too_long', { field: fieldName(at), length: textLength(value), max: opts.max });
      return undefined;
    }
    return visibleText(value);
  }

  /** A boolean. */
  boolean(map: Mapping, key: string, path: PlanPath): boolean | undefined {
    const at = [...path, key];
    if (!this.has(map, key, path, false)) return undefined;
    if (typeof map[key] === 'boolean') return map[key];
    this.report(at, 'expected_boolean', { field: fieldName(at) });
    return undefined;
  }

  /** A duration such as `5m` or `1h30m`: its milliseconds and the text as written. */
  duration(map: Mapping, key: string, path: PlanPath, required: boolean): { ms: number; text: string } | undefined {
    if (!this.has(map, key, path, required)) return undefined;
    return this.durationValue(map[key], [...path, key]);
  }

  /** Like `duration`, for a value already in hand (a reminder) written at `at`. */
  durationValue(value: unknown, at: PlanPath): { ms: number; text: string } | undefined {
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (typeof value === 'string' && ms !== undefined) return { ms, text: value.trim() };
    this.report(at, 'duration_format', { field: fieldName(at), value: shown(value) });
    return undefined;
  }

  /** A list. */
  list(map: Mapping, key: string, path: PlanPath, required: boolean): unknown[] | undefined {
    const at = [...path, key];
    if (!this.has(map, key, path, required)) return undefined;
    const value = map[key];
    if (Array.isArray(value)) return value;
    this.report(at, 'expected_list', { field: fieldName(at) });
    return undefined;
  }

  /**
   * A text in each of `langs` (`{ en: "…", fr: "…" }`) at `map[key]`, each non-empty and at
   * most `max` characters. Only `langs` are kept; other supported languages are dropped.
   */
  localized(
    map: Mapping,
    key: string,
    path: PlanPath,
    langs: readonly Lang[],
    opts: { required: boolean; max: number },
  ): Localized | undefined {
    if (!this.has(map, key, path, opts.required)) return undefined;
    return this.localizedValue(map[key], [...path, key], langs, opts.max);
  }

  /** Like `localized`, for a value already in hand (a poll option) written at `at`. */
  localizedValue(value: unknown, at: PlanPath, langs: readonly Lang[], max: number): Localized | undefined {
    if (!isMapping(value)) {
      const example = `{ ${langs.map((lang) => `${lang}: "…"`).join(', ')} }`;
      this.report(at, 'expected_localized', { field: fieldName(at), example });
      return undefined;
    }
    this.keys(value, at, LANGS);
    const texts: Localized = {};
    let complete = true;
    for (const lang of langs) {
      const text = value[lang];
      const where = [...at, lang];
      if (text === undefined || text === null) {
        this.report(at, 'text_missing_language', { field: fieldName(at), lang });
        complete = false;
      } else if (typeof text !== 'string') {
        this.report(where, 'expected_text', { field: fieldName(where) });
        complete = false;
      } else if (text.trim() === '') {
        this.report(where, 'text_empty', { field: fieldName(at), lang });
        complete = false;
      } else if (longerThan(text, max)) {
        this.report(where, 'text_too_long', { field: fieldName(at), lang, length: textLength(text), max });
        complete = false;
      } else {
        texts[lang] = visibleText(text);
      }
    }
    return complete ? texts : undefined;
  }
}
