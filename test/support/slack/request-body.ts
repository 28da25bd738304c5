/**
 * Reads a Web API request the way Slack does: arguments from the query string and from a
 * form-encoded, multipart or JSON body; the token from `Authorization: Bearer` or, for
 * form bodies only, a `token` argument.
 */
import type { IncomingMessage } from 'node:http';

/** A Web API request's arguments and credentials. */
export interface ParsedCall {
  args: Record<string, unknown>;
  /** The token, from the header or (form bodies) the `token` argument. */
  token?: string;
  /** Whether the body was JSON. */
  json: boolean;
  /** Arguments that came from a JSON body (read methods ignore them, as Slack does). */
  jsonKeys: string[];
  /** Slack's warnings, e.g. `missing_charset` for JSON without `charset=utf-8`. */
  warnings: string[];
}

/** Collects a request's body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Fields of a multipart body; file parts become Buffers. */
export async function parseMultipart(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Request('http://standin.local/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData();
  const parts: [string, FormDataEntryValue][] = [];
  form.forEach((value, key) => parts.push([key, value]));
  const fields: Record<string, unknown> = {};
  for (const [key, value] of parts) {
    fields[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
  }
  return fields;
}

/** Parses one Web API call, or names the Slack error its body deserves. */
export async function parseCall(req: IncomingMessage, raw: Buffer, url: URL): Promise<ParsedCall | { error: string }> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
  const warnings: string[] = [];
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  let json = false;
  let jsonKeys: string[] = [];
  if (raw.length > 0) {
    if (contentType.startsWith('application/json')) {
      json = true;
      if (!contentType.includes('charset')) warnings.push('missing_charset');
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return { error: 'invalid_json' };
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'json_not_object' };
      // Slack never reads a token from a JSON body: only the Authorization header counts.
      const { token: _ignored, ...rest } = parsed as Record<string, unknown>;
      jsonKeys = Object.keys(rest);
      Object.assign(args, rest);
    } else if (contentType.startsWith('multipart/form-data')) {
      Object.assign(args, await parseMultipart(raw, contentType));
    } else if (contentType.startsWith('application/x-www-form-urlencoded') || contentType === '') {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8')).entries()));
    } else {
      return { error: 'invalid_post_type' };
    }
  }
  const bodyToken = !json && typeof args.token === 'string' ? args.token : undefined;
  delete args.token;
  const token = bearer ?? bodyToken;
  return token === undefined ? { args, json, jsonKeys, warnings } : { args, token, json, jsonKeys, warnings };
}
