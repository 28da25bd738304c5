/**
 * Which question a participant's message answers: a reply in question k's thread, or a
 * channel message that starts with `A<k>` or `R<k>` (any case, then `:`, `-`, `.`, `)` or a space).
 */
import type { Run } from './run.js';
import type { Answer } from './records.js';
import { elapsedMs } from './timeline.js';

const PREFIX = /^\s*[AaRr](\d{1,3})\s*(?:[:.)\-–—]|\s)\s*([\s\S]*)$/;

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
  | { kind: 'ignore' };

/**
 * Classifies a participant's message in a channel with a running chat.
 * `threadId` is the id of the post the message replies to, if any; `now` the wall time it arrived.
 */
export function answerTarget(run: Run, text: string, threadId?: string, now?: number): AnswerTarget {
  // Once the chat's time is up (or its recap is decided) answers no longer count, so the recap and
  // the exports always hold the same answers.
  if (run.status === 'ended' || run.endedAt !== undefined || (now !== undefined && elapsedMs(run, now) >= run.endMs)) return { kind: 'ignore' };
  if (threadId) {
    const q = run.questions.find((x) => x.ref?.id === threadId);
    if (!q) return { kind: 'ignore' };
    const prefixed = parseAnswerPrefix(text);
    // "A3: …" typed inside Q3's thread is still an answer to Q3, without its prefix.
    const body = prefixed && prefixed.number === q.number ? prefixed.body : text.trim();
    return body ? { kind: 'answer', number: q.number, via: 'thread', text: body } : { kind: 'ignore' };
  }
  const prefixed = parseAnswerPrefix(text);
  if (!prefixed) return { kind: 'ignore' };
  const q = run.questions.find((x) => x.number === prefixed.number && x.ref);
  if (!q) return { kind: 'unknown-question', number: prefixed.number };
  return { kind: 'answer', number: q.number, via: 'prefix', text: prefixed.body };
}

/**
 * The answers that count, each under its question: a reply stored while its question was
 * still being posted (`number` 0, `thread` set) takes the number of the question posted
 * under that id, and is left out if no question was.
 */
export function matchedAnswers(run: Run, answers: readonly Answer[]): Answer[] {
  const out: Answer[] = [];
  for (const answer of answers) {
    if (answer.number > 0) {
      out.push(answer);
      continue;
    }
    const q = answer.thread === undefined ? undefined : run.questions.find((x) => x.ref?.id === answer.thread);
    if (!q) continue;
    const { thread: _thread, ...rest } = answer;
    // As in a thread reply matched at once: "A3: …" in Q3's thread is an answer to Q3 without its prefix.
    const prefixed = parseAnswerPrefix(answer.text);
    out.push({ ...rest, number: q.number, text: prefixed && prefixed.number === q.number ? prefixed.body : answer.text });
  }
  return out;
}
