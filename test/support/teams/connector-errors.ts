/**
 * Replies of the Teams stand-in, with the error shape and codes the Bot Connector uses
 * (`{ error: { code, message } }`; codes from Microsoft's "status codes from bot APIs" table).
 */

/** An HTTP reply of the stand-in. */
export interface ConnectorReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A Connector error reply: `{ error: { code, message } }`. */
export function connectorError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): ConnectorReply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

/** The errors the stand-in answers with. */
export const ConnectorErrors = {
  /** 400: the body does not match the API (swagger, card schema or a Teams rule). */
  badArgument: (message: string): ConnectorReply => connectorError(400, 'BadArgument', message),
  /** 404: no such conversation, or a thread whose root post does not exist. */
  conversationNotFound: (id: string): ConnectorReply =>
    connectorError(404, 'ConversationNotFound', `Conversation not found: ${id}`),
  /** 404: no such activity in the conversation. */
  activityNotFound: (id: string): ConnectorReply =>
    connectorError(404, 'ActivityNotFound', `Activity not found: ${id}`),
  /** 404: the member is not in the conversation's roster. */
  memberNotFound: (id: string, status = 404): ConnectorReply =>
    connectorError(status, 'MemberNotFoundInConversation', `The member ${id} is not part of the conversation.`),
  /** 403: the bot is not installed where it posts. */
  notInRoster: (): ConnectorReply =>
    connectorError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.'),
  /** 403: bots may only change their own messages. */
  notYourMessage: (id: string): ConnectorReply =>
    connectorError(403, 'Forbidden', `The bot can only change its own messages (activity ${id}).`),
  /** 413: the activity is over Teams' ~100 KB. */
  tooBig: (bytes: number, max: number): ConnectorReply =>
    connectorError(413, 'MessageSizeTooBig', `Message size too large: ${bytes} bytes, the limit is about ${max}.`),
  /** 429 with Retry-After (seconds). */
  throttled: (retryAfterSeconds: number): ConnectorReply =>
    connectorError(429, 'Throttled', `Too many requests. Retry after ${retryAfterSeconds} seconds.`, {
      'Retry-After': String(retryAfterSeconds),
    }),
  /** An injected transient failure: 412, 502 or 504. */
  transient: (status: 412 | 502 | 504): ConnectorReply =>
    status === 412
      ? connectorError(412, 'PreconditionFailed', 'Precondition failed, please try again.')
      : status === 502
        ? connectorError(502, 'ServiceError', 'Bad gateway: a dependency failed, please try again.')
        : connectorError(504, 'GatewayTimeout', 'Gateway timeout, please try again.'),
  /** 404 for a path the Connector does not serve. */
  noRoute: (method: string, path: string): ConnectorReply =>
    connectorError(404, 'NotFound', `The stand-in serves no ${method} ${path}.`),
} as const;
