/**
 * The numbered parts of a plan: its questions (offsets ascending, omitted ones spread
 * evenly) and its polls (options, when they open and close, how people vote).
 */
import type { Lang, Localized, PlanPoll, PlanQuestion } from './plan.js';
import { PLAN_LIMITS } from './plan-limits.js';
import type { Mapping, PlanReader } from './plan-reader.js';
import { isPresent, shown } from './plan-reader.js';

/** The chat's duration, when it is valid: milliseconds and the text as written. */
export type ChatDuration = { ms: number; text: string } | undefined;

const QUESTION_KEYS = ['text', 'at'] as const;
const POLL_KEYS = ['question', 'options', 'at', 'closes', 'multiple', 'anonymous', 'results'] as const;

/**
 * Offsets for every question: given ones kept, omitted ones spread evenly between their
 * neighbours (a leading run starts at 0, a trailing run ends before `durationMs`), in whole
 * milliseconds rounded down, so they never reach the next offset or the end.
 *
 * @example spreadOffsets([undefined, undefined, undefined, undefined], 60 * 60_000) // 0, 15m, 30m, 45m
 */
export function spreadOffsets(given: readonly (number | undefined)[], durationMs: number): number[] {
  const result = [...given];
  let i = 0;
  while (i < result.length) {
    if (result[i] !== undefined) {
      i++;
      continue;
    }
    let end = i;
    while (end < result.length && result[end] === undefined) end++;
    const before = i > 0 ? result[i - 1] : undefined;
    const after = end < result.length ? (result[end] as number) : durationMs;
    const count = end - i;
    for (let k = 0; k < count; k++) {
      result[i + k] =
        before === undefined
          ? Math.floor((after * k) / count)
          : Math.floor(before + ((after - before) * (k + 1)) / (count + 1));
    }
    i = end;
  }
  return result as number[];
}

/** Reads `questions`: 1..50 questions, each a text in every language and an optional `at`. */
export function readQuestions(
  r: PlanReader,
  root: Mapping,
  langs: readonly Lang[],
  duration: ChatDuration,
): PlanQuestion[] | undefined {
  const list = r.list(root, 'questions', [], true);
  if (!list) return undefined;
  if (list.length < PLAN_LIMITS.minQuestions || list.length > PLAN_LIMITS.maxQuestions) {
    r.report(['questions'], 'questions_count', {
      count: list.length,
      min: PLAN_LIMITS.minQuestions,
      max: PLAN_LIMITS.maxQuestions,
    });
  }
  const texts: (Localized | undefined)[] = [];
  const offsets: (number | undefined)[] = [];
  let previous: { number: number; ms: number; text: string } | undefined;
  list.forEach((item, index) => {
    const path = ['questions', index];
    const map = r.mapping(item, path);
    if (!map) return;
    r.keys(map, path, QUESTION_KEYS);
    texts[index] = r.localized(map, 'text', path, langs, { required: true, max: PLAN_LIMITS.questionLength });
    const at = r.duration(map, 'at', path, false);
    if (!at) return;
    const number = index + 1;
    if (duration && at.ms >= duration.ms) {
      r.report([...path, 'at'], 'question_at_outside', { number, value: at.text, duration: duration.text });
      return;
    }
    if (previous && at.ms <= previous.ms) {
      r.report([...path, 'at'], 'question_at_order', {
        number,
        value: at.text,
        previous: previous.number,
        previousValue: previous.text,
      });
      return;
    }
    offsets[index] = at.ms;
    previous = { number, ms: at.ms, text: at.text };
  });
  const all = Array.from({ length: list.length }, (_, i) => texts[i]);
  if (!duration || !all.every((t): t is Localized => t !== undefined)) return undefined;
  const atMs = spreadOffsets(
    Array.from({ length: list.length }, (_, i) => offsets[i]),
    duration.ms,
  );
  return all.map((text, i) => ({ text, atMs: atMs[i] as number }));
}

/** Reads `polls`: 0..20 polls with 2..10 options, offsets inside the chat. */
export function readPolls(
  r: PlanReader,
  root: Mapping,
  langs: readonly Lang[],
  duration: ChatDuration,
): PlanPoll[] | undefined {
  const list = r.list(root, 'polls', [], false) ?? (isPresent(root.polls) ? undefined : []);
  if (!list) return undefined;
  if (list.length > PLAN_LIMITS.maxPolls)
    r.report(['polls'], 'polls_count', { count: list.length, max: PLAN_LIMITS.maxPolls });
  const polls = list.map((item, index) => readPoll(r, item, index, langs, duration));
  return polls.every((p): p is PlanPoll => p !== undefined) ? polls : undefined;
}

function readPoll(
  r: PlanReader,
  item: unknown,
  index: number,
  langs: readonly Lang[],
  duration: ChatDuration,
): PlanPoll | undefined {
  const path = ['polls', index];
  const number = index + 1;
  const map = r.mapping(item, path);
  if (!map) return undefined;
  r.keys(map, path, POLL_KEYS);
  const question = r.localized(map, 'question', path, langs, { required: true, max: PLAN_LIMITS.pollQuestionLength });
  const options = readOptions(r, map, path, number, langs);
  const multiple = readMultiple(r, map, path, number, options?.length);
  const anonymous = r.boolean(map, 'anonymous', path) ?? false;
  const results = map.results ?? 'live';
  if (results !== 'live' && results !== 'hidden')
    r.report([...path, 'results'], 'results_value', { number, value: shown(results) });

  const at = r.duration(map, 'at', path, true);
  const closes = r.duration(map, 'closes', path, false);
  let timesOk = at !== undefined && (closes !== undefined || !isPresent(map.closes));
  if (duration && at && at.ms >= duration.ms) {
    r.report([...path, 'at'], 'poll_at_outside', { number, value: at.text, duration: duration.text });
    timesOk = false;
  }
  if (duration && closes && closes.ms > duration.ms) {
    r.report([...path, 'closes'], 'poll_closes_outside', { number, value: closes.text, duration: duration.text });
    timesOk = false;
  } else if (at && closes && closes.ms <= at.ms) {
    r.report([...path, 'closes'], 'poll_closes_before_at', { number, at: at.text, closes: closes.text });
    timesOk = false;
  }
  if (!question || !options || multiple === undefined || !duration || !at || !timesOk) return undefined;
  if (results !== 'live' && results !== 'hidden') return undefined;
  return { question, options, atMs: at.ms, closesMs: closes?.ms ?? duration.ms, multiple, anonymous, results };
}

function readOptions(
  r: PlanReader,
  map: Mapping,
  path: (string | number)[],
  number: number,
  langs: readonly Lang[],
): Localized[] | undefined {
  const list = r.list(map, 'options', path, true);
  if (!list) return undefined;
  const { minOptions: min, maxOptions: max } = PLAN_LIMITS;
  let ok = true;
  if (list.length < min || list.length > max) {
    r.report([...path, 'options'], 'options_count', { number, count: list.length, min, max });
    ok = false;
  }
  const options = list.map((option, i) =>
    r.localizedValue(option, [...path, 'options', i], langs, PLAN_LIMITS.optionLength),
  );
  return ok && options.every((o): o is Localized => o !== undefined) ? options : undefined;
}

/** `multiple`: false (or absent) is 1, true is every option, a number is how many one person may pick. */
function readMultiple(
  r: PlanReader,
  map: Mapping,
  path: (string | number)[],
  number: number,
  optionCount: number | undefined,
): number | undefined {
  const value = map.multiple;
  if (!isPresent(value) || value === false) return 1;
  if (value === true) return optionCount;
  const max = optionCount ?? PLAN_LIMITS.maxOptions;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return value;
  r.report([...path, 'multiple'], 'multiple_range', { number, value: shown(value), max });
  return undefined;
}
