/**
 * Small HTTP helpers of the playground: JSON bodies (JSON only, size-limited, so a page on
 * another site cannot post a plain form here), JSON replies, and refusals that say why:
 * in English for the log and for developers, and, for those a person can meet through the
 * page, as a key of the `web` namespace that the reply carries in the page's language.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../../core/plan/plan.js';
import type { Translator } from '../../core/ports.js';
import { BodyTooLargeError, readBody } from '../../infra/read-body.js';

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The words of a refusal a person can meet: a key of the `web` namespace and its variables. */
export interface Refusal {
  key: string;
  vars?: Record<string, string | number>;
}

/**
 * A request the playground refuses, with its HTTP status, an English sentence (logs,
 * developers) and, when a person can meet it through the page, the words to show them.
 */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly refusal?: Refusal,
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

/**
 * The body of a refusal: `error` in `lang` when the refusal has words for people (numbers
 * written the language's way), else the English sentence; `key` names the words.
 */
export function refusalBody(
  err: BadRequest,
  t: Translator,
  lang: Lang,
): { ok: false; error: string; key?: string; lang: Lang } {
  if (!err.refusal) return { ok: false, error: err.message, lang: 'en' };
  const { key, vars = {} } = err.refusal;
  const numbers = new Intl.NumberFormat(lang);
  const filled = Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [name, typeof value === 'number' ? numbers.format(value) : value]),
  );
  return { ok: false, error: t.t(lang, `web:${key}`, filled), key, lang };
}

/** Which words `stringField` refuses with, per fault (`tooLong` gets `{{max}}`); English only when absent. */
export interface FieldRefusals {
  missing?: string;
  tooLong?: string;
  invalid?: string;
}

/** Reads a JSON object body (at most `MAX_BODY_BYTES`, a larger one refused unread); throws `BadRequest` (415, 413 or 400) when it is not one. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BadRequest(415, 'Send the request as application/json.');
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      throw new BadRequest(413, `The request is larger than ${MAX_BODY_BYTES} bytes.`);
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new BadRequest(400, `The request is not valid JSON: ${(err as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequest(400, 'The request must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Sends `body` as JSON with `status`; a 413 closes the connection, so the rest of the body is never read. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (status === 413) res.shouldKeepAlive = false;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(status === 413 ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

/**
 * The string `body[name]`, trimmed, at most `max` characters; throws `BadRequest` otherwise,
 * with the words of `refusals` for the faults a person can meet.
 */
export function stringField(
  body: Record<string, unknown>,
  name: string,
  max: number,
  pattern?: RegExp,
  refusals: FieldRefusals = {},
): string {
  const value = body[name];
  const refuse = (message: string, key?: string, vars?: Refusal['vars']) =>
    new BadRequest(400, message, key ? { key, ...(vars ? { vars } : {}) } : undefined);
  if (typeof value !== 'string' || value.trim() === '') throw refuse(`"${name}" is missing.`, refusals.missing);
  const text = value.trim();
  if (text.length > max) throw refuse(`"${name}" is longer than ${max} characters.`, refusals.tooLong, { max });
  if (pattern && !pattern.test(text)) throw refuse(`"${name}" is not valid.`, refusals.invalid);
  return text;
}

/** The optional string `body[name]`: undefined when absent, else as `stringField`. */
export function optionalString(
  body: Record<string, unknown>,
  name: string,
  max: number,
  pattern?: RegExp,
): string | undefined {
  return body[name] === undefined || body[name] === null ? undefined : stringField(body, name, max, pattern);
}
