/**
 * Which question a participant's message answers: a reply in question k's thread, or a
 * channel message that starts with `A<k>` or `R<k>` (any case, then `:`, `-`, `.`, `)` or a space).
 */
import type { Run } from './run.js';

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
 * `threadId` is the id of the post the message replies to, if any.
 */
export function answerTarget(run: Run, text: string, threadId?: string): AnswerTarget {
  if (run.status === 'ended') return { kind: 'ignore' };
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
