/**
 * Which question a participant's message answers: a reply in question k's thread, or a
 * channel message that starts with `A<k>` or `R<k>` (any case, then `:`, `-`, `.`, `)` or a space).
 * A blank reply, a bare `A1` and an answer over `MAX_ANSWER_LENGTH` are told apart, so their
 * author hears why nothing was recorded.
 */
import type { Run } from './run.js';
import type { Answer } from './records.js';

const PREFIX = /^\s*[AaRr](\d{1,3})\s*(?:[:.)\-–—]|\s)\s*([\s\S]*)$/;
const BARE_PREFIX = /^\s*[AaRr](\d{1,3})\s*[:.)\-–—]?\s*$/;

/** Longest answer recorded, in Unicode code points (the playground's composer allows as much). */
export const MAX_ANSWER_LENGTH = 4000;

/** The question number and the rest of the text of an `A3: …` message, if it is one. */
export function parseAnswerPrefix(text: string): { number: number; body: string } | undefined {
  const m = PREFIX.exec(text);
  if (!m) return undefined;
  const body = (m[2] ?? '').trim();
  if (!body) return undefined;
  return { number: Number(m[1]), body };
}

/** Where a message lands. */
export type AnswerTarget =
  | { kind: 'answer'; number: number; via: 'thread' | 'prefix'; text: string }
  | { kind: 'unknown-question'; number: number }
  | { kind: 'empty'; number: number }
  | { kind: 'too-long'; max: number }
  | { kind: 'ignore' };

/**
 * The end of a chat, one rule for every path (thread reply, `A<k>`, edit, delete) and every
 * process: a message counts unless its platform time is after the end moment `run.endedAt`,
 * recorded once in the run when its end steps are decided. Until that moment, everything counts.
 */
export function beforeEnd(run: Run, sentAt: number): boolean {
  return run.endedAt === undefined || sentAt <= run.endedAt;
}

/**
 * Whether message `id`, sent at `sentAt`, can no longer count as an answer: sent after the
 * end, or left out of the answers the recap counted.
 */
export function tooLate(run: Run, id: string, sentAt: number): boolean {
  return !beforeEnd(run, sentAt) || (run.counted !== undefined && !run.counted.includes(id));
}

/**
 * The deciding time of a message: its platform time, never later than when it arrived (a
 * platform clock ahead of ours cannot make an answer late).
 */
export function decidingTime(sentAt: number | undefined, arrivedAt: number): number {
  return sentAt === undefined || !Number.isFinite(sentAt) ? arrivedAt : Math.min(sentAt, arrivedAt);
}

/**
 * Classifies a participant's message in a channel where a chat runs or ran (whether it came in
 * time is `beforeEnd`'s question). `threadId` is the id of the post the message replies to, if any.
 */
export function answerTarget(run: Run, text: string, threadId?: string): AnswerTarget {
  if (threadId) {
    const q = run.questions.find((x) => x.ref?.id === threadId);
    if (!q) return { kind: 'ignore' };
    const prefixed = parseAnswerPrefix(text);
    // "A3: …" typed inside Q3's thread is still an answer to Q3, without its prefix.
    const body = prefixed && prefixed.number === q.number ? prefixed.body : text.trim();
    if (!body || BARE_PREFIX.test(body)) return { kind: 'empty', number: q.number };
    return sized({ kind: 'answer', number: q.number, via: 'thread', text: body });
  }
  const bare = BARE_PREFIX.exec(text);
  if (bare) return { kind: 'empty', number: Number(bare[1]) };
  const prefixed = parseAnswerPrefix(text);
  if (!prefixed) return { kind: 'ignore' };
  const q = run.questions.find((x) => x.number === prefixed.number && x.ref);
  if (!q) return { kind: 'unknown-question', number: prefixed.number };
  return sized({ kind: 'answer', number: q.number, via: 'prefix', text: prefixed.body });
}

/** The answer, or `too-long` when it is over `MAX_ANSWER_LENGTH` code points. */
function sized(answer: Extract<AnswerTarget, { kind: 'answer' }>): AnswerTarget {
  return isTooLong(answer.text) ? { kind: 'too-long', max: MAX_ANSWER_LENGTH } : answer;
}

/** True when `text` has more than `MAX_ANSWER_LENGTH` code points (counted without building an array). */
export function isTooLong(text: string): boolean {
  if (text.length <= MAX_ANSWER_LENGTH) return false;
  let points = 0;
  for (const _ of text) if (++points > MAX_ANSWER_LENGTH) return true;
  return false;
}

/**
 * The answers that count, each under its question: those sent before the end (`beforeEnd`);
 * a reply stored while its question was still being posted (`number` 0, `thread` set) takes
 * the number of the question posted under that id, and is left out if no question was.
 */
export function matchedAnswers(run: Run, answers: readonly Answer[]): Answer[] {
  const out: Answer[] = [];
  for (const answer of answers) {
    if (!beforeEnd(run, answer.sentAt ?? answer.at)) continue;
    if (answer.number > 0) {
      out.push(answer);
      continue;
    }
    const q = answer.thread === undefined ? undefined : run.questions.find((x) => x.ref?.id === answer.thread);
    if (!q) continue;
    const { thread: _thread, ...rest } = answer;
    // As in a thread reply matched at once: "A3: …" in Q3's thread is an answer to Q3 without its prefix.
    const prefixed = parseAnswerPrefix(answer.text);
    out.push({
      ...rest,
      number: q.number,
      text: prefixed && prefixed.number === q.number ? prefixed.body : answer.text,
    });
  }
  return out;
}

/**
 * The answers the recap and every export hold: `matchedAnswers`, and once the recap has
 * counted them (`run.counted`), only those it counted, so an answer that reached the store
 * while the recap was being made is in all of them or in none.
 */
export function countedAnswers(run: Run, answers: readonly Answer[]): Answer[] {
  const matched = matchedAnswers(run, answers);
  if (!run.counted) return matched;
  const ids = new Set(run.counted);
  return matched.filter((a) => ids.has(a.id));
}
