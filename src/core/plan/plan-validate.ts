/**
 * Plan validation: a parsed plan document in, a normalized `Plan` out, or every problem
 * found, each with its file, line, column and a code naming the sentence that says how to
 * fix it. Pure: the cron check is passed in, time zones are checked with `Intl`.
 */
import { LANGS } from './plan.js';
import type { Host, Lang, Plan } from './plan.js';
import { PLAN_LIMITS } from './plan-limits.js';
import { compareProblems } from './plan-problem.js';
import type { PlanProblem } from './plan-problem.js';
import { PlanReader, fieldName, isMapping, isPresent, shown } from './plan-reader.js';
import type { Mapping, PlanDocument } from './plan-reader.js';
import { readPolls, readQuestions } from './plan-items.js';
import { readDuration, readSchedule } from './plan-schedule.js';

/** What validation needs from outside the core. */
export interface PlanValidationOptions {
  /** True when a 5-field cron expression is one the scheduler accepts (node-cron's `validate`). */
  isValidCron(expr: string): boolean;
}

/** A valid plan, or every problem of the document. */
export type PlanValidation = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

/** Keys a plan may have, in the order DESIGN.md documents them. */
export const PLAN_KEYS = [
  'id',
  'title',
  'languages',
  'channel',
  'timezone',
  'start',
  'repeat',
  'duration',
  'hashtag',
  'host',
  'organizers',
  'welcome',
  'closing',
  'evaluation',
  'reminders',
  'questions',
  'polls',
] as const;

const HOST_KEYS = ['name', 'title'] as const;

/** The plan id a file gets when it has no `id`: its name without folders and extension. */
export function idFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Validates and normalizes one plan document.
 *
 * @example
 * const result = validatePlan(doc, { isValidCron: cron.validate });
 * if (!result.ok) for (const p of result.problems) console.log(p.line, p.code);
 */
export function validatePlan(doc: PlanDocument, options: PlanValidationOptions): PlanValidation {
  const r = new PlanReader(doc);
  const root = doc.data;
  if (!isMapping(root)) {
    r.report([], 'plan_not_mapping');
    return { ok: false, problems: r.problems };
  }
  r.keys(root, [], PLAN_KEYS);
  const id = readId(r, root, doc.file);
  const languages = readLanguages(r, root);
  const langs = languages ?? [...LANGS];
  const title = r.localized(root, 'title', [], langs, { required: true, max: PLAN_LIMITS.titleLength });
  const channel = r.text(root, 'channel', [], { max: 200 });
  const duration = readDuration(r, root);
  const schedule = readSchedule(r, root, options.isValidCron);
  const hashtag = readHashtag(r, root);
  const host = readHost(r, root, langs);
  const organizers = readOrganizers(r, root);
  const welcome = r.localized(root, 'welcome', [], langs, { required: false, max: PLAN_LIMITS.messageLength });
  const closing = r.localized(root, 'closing', [], langs, { required: false, max: PLAN_LIMITS.messageLength });
  const evaluation = readLink(r, root, 'evaluation');
  const questions = readQuestions(r, root, langs, duration);
  const polls = readPolls(r, root, langs, duration);

  if (
    r.problems.length > 0 ||
    !id ||
    !languages ||
    !title ||
    !duration ||
    !schedule ||
    !organizers ||
    !questions ||
    !polls
  ) {
    return { ok: false, problems: [...r.problems].sort(compareProblems) };
  }
  const plan: Plan = {
    id,
    title,
    languages,
    timezone: schedule.timezone,
    durationMs: duration.ms,
    organizers,
    remindersMs: schedule.remindersMs,
    questions,
    polls,
    ...(channel !== undefined && { channel }),
    ...(schedule.start !== undefined && { start: schedule.start }),
    ...(schedule.repeat !== undefined && { repeat: schedule.repeat }),
    ...(hashtag !== undefined && { hashtag }),
    ...(host !== undefined && { host }),
    ...(welcome !== undefined && { welcome }),
    ...(closing !== undefined && { closing }),
    ...(evaluation !== undefined && { evaluation }),
  };
  return { ok: true, plan };
}

function readId(r: PlanReader, root: Mapping, file: string): string | undefined {
  if (!isPresent(root.id)) {
    const name = idFromFileName(file);
    if (PLAN_LIMITS.idPattern.test(name)) return name;
    r.report([], 'id_from_file', { name });
    return undefined;
  }
  const id = r.text(root, 'id', []);
  if (id === undefined) return undefined;
  if (PLAN_LIMITS.idPattern.test(id)) return id;
  r.report(['id'], 'id_pattern', { id });
  return undefined;
}

function readLanguages(r: PlanReader, root: Mapping): Lang[] | undefined {
  const list = r.list(root, 'languages', [], false);
  if (list === undefined) return isPresent(root.languages) ? undefined : [...LANGS];
  if (list.length === 0) {
    r.report(['languages'], 'languages_empty');
    return undefined;
  }
  const langs: Lang[] = [];
  let ok = true;
  list.forEach((value, index) => {
    if (!LANGS.includes(value as Lang)) {
      r.report(['languages', index], 'language_unknown', { lang: shown(value) });
      ok = false;
    } else if (langs.includes(value as Lang)) {
      r.report(['languages', index], 'language_duplicate', { lang: value as Lang });
      ok = false;
    } else {
      langs.push(value as Lang);
    }
  });
  return ok ? langs : undefined;
}

function readHashtag(r: PlanReader, root: Mapping): string | undefined {
  const hashtag = r.text(root, 'hashtag', []);
  if (hashtag === undefined || PLAN_LIMITS.hashtagPattern.test(hashtag)) return hashtag;
  r.report(['hashtag'], 'hashtag_format', { value: hashtag });
  return undefined;
}

function readHost(r: PlanReader, root: Mapping, langs: readonly Lang[]): Host | undefined {
  if (!r.has(root, 'host', [], false)) return undefined;
  const map = r.mapping(root.host, ['host']);
  if (!map) return undefined;
  r.keys(map, ['host'], HOST_KEYS);
  const name = r.text(map, 'name', ['host'], { required: true, max: PLAN_LIMITS.hostNameLength });
  const title = r.localized(map, 'title', ['host'], langs, { required: false, max: PLAN_LIMITS.hostTitleLength });
  if (name === undefined) return undefined;
  return title === undefined ? { name } : { name, title };
}

function readOrganizers(r: PlanReader, root: Mapping): string[] | undefined {
  const list = r.list(root, 'organizers', [], false);
  if (list === undefined) return isPresent(root.organizers) ? undefined : [];
  const organizers: string[] = [];
  list.forEach((value, index) => {
    const at = ['organizers', index];
    if (typeof value !== 'string') r.report(at, 'expected_text', { field: fieldName(at) });
    else if (value.trim() === '') r.report(at, 'value_empty', { field: fieldName(at) });
    else organizers.push(value.trim());
  });
  return organizers.length === list.length ? organizers : undefined;
}

function readLink(r: PlanReader, root: Mapping, key: string): string | undefined {
  const link = r.text(root, key, [], { max: 2000 });
  if (link === undefined) return undefined;
  const url = URL.canParse(link.trim()) ? new URL(link.trim()) : undefined;
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return link.trim();
  r.report([key], 'url_invalid', { field: key, value: link });
  return undefined;
}
