/**
 * Per-method argument rules of the Web API methods the stand-in serves: which token type a
 * method takes, which arguments are required, and whether it reads JSON bodies. They follow
 * `slack-web-openapi-v2.json` (a test checks they include its required arguments) and
 * today's Slack where the 2020 spec is silent (`users.info` requires `user`).
 */

/** What a method needs. */
export interface MethodRule {
  /** `bot` takes `xoxb-` tokens, `app` the app-level `xapp-` token. */
  token: 'bot' | 'app';
  /** Arguments whose absence gives `invalid_arguments`. */
  required: string[];
  /** Whether JSON bodies are read (Slack reads JSON for write methods only). */
  json: boolean;
}

/** The methods the stand-in serves and their rules. */
export const METHOD_RULES: Record<string, MethodRule> = {
  'auth.test': { token: 'bot', required: [], json: true },
  'chat.postMessage': { token: 'bot', required: ['channel'], json: true },
  'chat.update': { token: 'bot', required: ['channel', 'ts'], json: true },
  'chat.delete': { token: 'bot', required: ['channel', 'ts'], json: true },
  'chat.postEphemeral': { token: 'bot', required: ['channel', 'user'], json: true },
  'chat.getPermalink': { token: 'bot', required: ['channel', 'message_ts'], json: false },
  'conversations.history': { token: 'bot', required: ['channel'], json: false },
  'conversations.replies': { token: 'bot', required: ['channel', 'ts'], json: false },
  'conversations.info': { token: 'bot', required: ['channel'], json: false },
  'conversations.list': { token: 'bot', required: [], json: false },
  'conversations.join': { token: 'bot', required: ['channel'], json: true },
  'conversations.open': { token: 'bot', required: ['users'], json: true },
  'users.info': { token: 'bot', required: ['user'], json: false },
  'files.getUploadURLExternal': { token: 'bot', required: ['filename', 'length'], json: false },
  'files.completeUploadExternal': { token: 'bot', required: ['files'], json: true },
  'apps.connections.open': { token: 'app', required: [], json: true },
};

/** A Slack error answer: HTTP 200 with `ok: false`. */
export type ApiError = {
  ok: false;
  error: string;
  response_metadata?: { messages: string[] };
};

/** Builds a Slack error answer, with `[ERROR] …` messages when given. */
export function apiError(error: string, messages?: string[]): ApiError {
  return messages && messages.length > 0 ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

/** `invalid_arguments` when a required argument is absent (present but empty is the method's business). */
export function missingArguments(rule: MethodRule, args: Record<string, unknown>): ApiError | undefined {
  const missing = rule.required.filter((name) => args[name] === undefined);
  if (missing.length === 0) return undefined;
  return apiError(
    'invalid_arguments',
    missing.map((name) => `[ERROR] missing required field: ${name}`),
  );
}
