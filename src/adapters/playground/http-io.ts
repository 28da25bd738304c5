/**
 * Small HTTP helpers of the playground: JSON bodies (JSON only, size-limited, so a page on
 * another site cannot post a plain form here), JSON replies, and refusals that say why.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A request the playground refuses, with its HTTP status and a sentence for the page. */
export class BadRequest extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** Reads a JSON object body; throws `BadRequest` (415, 413 or 400) when it is not one. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BadRequest(415, 'Send the request as application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(413, `The request is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new BadRequest(400, `The request is not valid JSON: ${(err as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest(400, 'The request must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The string `body[name]`, trimmed, at most `max` characters; throws `BadRequest` otherwise. */
export function stringField(body: Record<string, unknown>, name: string, max: number, pattern?: RegExp): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw new BadRequest(400, `"${name}" is missing.`);
  const text = value.trim();
  if (text.length > max) throw new BadRequest(400, `"${name}" is longer than ${max} characters.`);
  if (pattern && !pattern.test(text)) throw new BadRequest(400, `"${name}" is not valid.`);
  return text;
}

/** The optional string `body[name]`: undefined when absent, else as `stringField`. */
export function optionalString(body: Record<string, unknown>, name: string, max: number, pattern?: RegExp): string | undefined {
  return body[name] === undefined || body[name] === null ? undefined : stringField(body, name, max, pattern);
}
