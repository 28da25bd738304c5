/**
 * The Bot Connector routes the Teams stand-in serves, matched on decoded path segments
 * (conversation ids arrive URL-encoded: `19%3A…%40thread.tacv2%3Bmessageid%3D…`).
 */
import type { ConnectorContext } from './connector-context.js';
import { ConnectorErrors, type ConnectorReply } from './connector-errors.js';
import {
  getConversations,
  getMember,
  getMembers,
  getPagedMembers,
  getTeamChannels,
  getTeamDetails,
} from './connector-reads.js';
import { createConversation, deleteActivity, postActivity, updateActivity } from './connector-writes.js';

/** The Connector operation a request was routed to (swagger operation names, Teams ones prefixed `Teams_`). */
export type ConnectorOperation =
  | 'Conversations_CreateConversation'
  | 'Conversations_GetConversations'
  | 'Conversations_SendToConversation'
  | 'Conversations_ReplyToActivity'
  | 'Conversations_UpdateActivity'
  | 'Conversations_DeleteActivity'
  | 'Conversations_GetConversationMembers'
  | 'Conversations_GetConversationMember'
  | 'Conversations_GetConversationPagedMembers'
  | 'Teams_FetchChannelList'
  | 'Teams_FetchTeamDetails'
  | 'Unknown';

/** One routed request: what it was and the reply. */
export interface RoutedCall {
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
  reply: ConnectorReply;
}

/** A request as the router needs it; `body` is the parsed JSON (undefined when there was none). */
export interface ConnectorRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  body: unknown;
}

/** The operation a method and path name, without running it (used to count and to inject failures). */
export function operationOf(method: string, segments: readonly string[]): ConnectorOperation {
  const [v3, root, id, sub, subId, extra] = segments;
  if (v3 !== 'v3' || extra !== undefined) return 'Unknown';
  if (root === 'teams' && id !== undefined && subId === undefined) {
    if (method === 'GET' && sub === undefined) return 'Teams_FetchTeamDetails';
    if (method === 'GET' && sub === 'conversations') return 'Teams_FetchChannelList';
    return 'Unknown';
  }
  if (root !== 'conversations') return 'Unknown';
  if (id === undefined)
    return method === 'POST'
      ? 'Conversations_CreateConversation'
      : method === 'GET'
        ? 'Conversations_GetConversations'
        : 'Unknown';
  if (sub === 'activities' && subId === undefined && method === 'POST') return 'Conversations_SendToConversation';
  if (sub === 'activities' && subId !== undefined) {
    if (method === 'POST') return 'Conversations_ReplyToActivity';
    if (method === 'PUT') return 'Conversations_UpdateActivity';
    if (method === 'DELETE') return 'Conversations_DeleteActivity';
  }
  if (method === 'GET' && sub === 'members')
    return subId === undefined ? 'Conversations_GetConversationMembers' : 'Conversations_GetConversationMember';
  if (method === 'GET' && sub === 'pagedmembers' && subId === undefined)
    return 'Conversations_GetConversationPagedMembers';
  return 'Unknown';
}

/** Splits a path into decoded segments: `/v3/conversations/19%3Ax/activities` → ['v3', 'conversations', '19:x', 'activities']. */
export function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
}

/** Runs one request against the stand-in's state. */
export function routeConnectorRequest(ctx: ConnectorContext, request: ConnectorRequest): RoutedCall {
  const segments = pathSegments(request.pathname);
  const operation = operationOf(request.method, segments);
  const conversationId = segments[1] === 'conversations' ? segments[2] : undefined;
  const activityId = segments[3] === 'activities' ? segments[4] : undefined;
  const call = (reply: ConnectorReply): RoutedCall => ({
    operation,
    ...(conversationId ? { conversationId } : {}),
    ...(activityId ? { activityId } : {}),
    reply,
  });
  const teamId = segments[2] ?? '';
  const conv = conversationId ?? '';
  const act = activityId ?? '';
  switch (operation) {
    case 'Conversations_CreateConversation':
      return call(createConversation(ctx, request.body));
    case 'Conversations_GetConversations':
      return call(getConversations(ctx));
    case 'Conversations_SendToConversation':
      return call(postActivity(ctx, conv, request.body));
    case 'Conversations_ReplyToActivity':
      return call(postActivity(ctx, conv, request.body, act));
    case 'Conversations_UpdateActivity':
      return call(updateActivity(ctx, conv, act, request.body));
    case 'Conversations_DeleteActivity':
      return call(deleteActivity(ctx, conv, act));
    case 'Conversations_GetConversationMembers':
      return call(getMembers(ctx, conv));
    case 'Conversations_GetConversationMember':
      return call(getMember(ctx, conv, segments[4] ?? ''));
    case 'Conversations_GetConversationPagedMembers':
      return call(getPagedMembers(ctx, conv, request.query));
    case 'Teams_FetchChannelList':
      return call(getTeamChannels(ctx, teamId));
    case 'Teams_FetchTeamDetails':
      return call(getTeamDetails(ctx, teamId));
    case 'Unknown':
      return call(ConnectorErrors.noRoute(request.method, request.pathname));
  }
}
