/**
 * The Connector operations that read: conversation members (all, paged, one) and, from the
 * Teams extension of the API, a team's channels and details. Member bodies carry what Teams
 * returns (`objectId`, `userRole`, `email`, `userPrincipalName`, `tenantId`) plus `aadObjectId`.
 */
import { conversationFor, throttle, type ConnectorContext } from './connector-context.js';
import { ConnectorErrors, type ConnectorReply } from './connector-errors.js';
import type { StandinMember, StandinTeam } from './connector-state.js';

/** A member as the roster endpoints return it. */
export function memberBody(member: StandinMember): Record<string, unknown> {
  return { ...member, objectId: member.aadObjectId };
}

function rosterOf(
  ctx: ConnectorContext,
  conversationId: string,
): { members: StandinMember[] } | { reply: ConnectorReply } {
  const conversation = conversationFor(ctx, conversationId);
  if (!conversation.ok) return { reply: conversation.reply };
  const key = conversation.value.kind === 'channel' ? conversation.value.team.id : conversation.value.id;
  const refusal = throttle(ctx, key, 'read');
  if (refusal) return { reply: refusal };
  return { members: ctx.state.members(conversation.value) };
}

/** GET v3/conversations/{id}/members. */
export function getMembers(ctx: ConnectorContext, conversationId: string): ConnectorReply {
  const roster = rosterOf(ctx, conversationId);
  return 'reply' in roster ? roster.reply : { status: 200, body: roster.members.map(memberBody) };
}

/** GET v3/conversations/{id}/members/{memberId}: by Teams id, AAD object id, UPN or email. */
export function getMember(ctx: ConnectorContext, conversationId: string, memberId: string): ConnectorReply {
  const roster = rosterOf(ctx, conversationId);
  if ('reply' in roster) return roster.reply;
  const member = ctx.state.findMember(memberId, roster.members);
  return member ? { status: 200, body: memberBody(member) } : ConnectorErrors.memberNotFound(memberId);
}

/** GET v3/conversations/{id}/pagedmembers?pageSize&continuationToken (page size clamped to 50..500, as in Teams). */
export function getPagedMembers(ctx: ConnectorContext, conversationId: string, query: URLSearchParams): ConnectorReply {
  const roster = rosterOf(ctx, conversationId);
  if ('reply' in roster) return roster.reply;
  const requested = Number(query.get('pageSize') ?? '200');
  const pageSize = Math.min(500, Math.max(50, Number.isFinite(requested) ? requested : 200));
  const token = query.get('continuationToken');
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0)
    return ConnectorErrors.badArgument(`Invalid continuationToken ${token ?? ''}`);
  const page = roster.members.slice(start, start + pageSize).map(memberBody);
  const next =
    start + pageSize < roster.members.length ? Buffer.from(String(start + pageSize)).toString('base64url') : undefined;
  return { status: 200, body: { members: page, ...(next ? { continuationToken: next } : {}) } };
}

function teamFor(ctx: ConnectorContext, teamId: string): { team: StandinTeam } | { reply: ConnectorReply } {
  const team = ctx.state.teams.get(teamId);
  if (!team) return { reply: ConnectorErrors.conversationNotFound(teamId) };
  if (!team.botInstalled) return { reply: ConnectorErrors.notInRoster() };
  const refusal = throttle(ctx, team.id, 'read');
  return refusal ? { reply: refusal } : { team };
}

/** GET v3/teams/{teamId}/conversations: `{ conversations: [{ id, name }] }`, General named null. */
export function getTeamChannels(ctx: ConnectorContext, teamId: string): ConnectorReply {
  const found = teamFor(ctx, teamId);
  if ('reply' in found) return found.reply;
  return { status: 200, body: { conversations: found.team.channels.map((c) => ({ id: c.id, name: c.name })) } };
}

/** GET v3/teams/{teamId}: `{ id, name, aadGroupId, channelCount, memberCount, type }`. */
export function getTeamDetails(ctx: ConnectorContext, teamId: string): ConnectorReply {
  const found = teamFor(ctx, teamId);
  if ('reply' in found) return found.reply;
  const { team } = found;
  return {
    status: 200,
    body: {
      id: team.id,
      name: team.name,
      aadGroupId: team.aadGroupId,
      channelCount: team.channels.length,
      memberCount: team.members.length,
      type: 'standard',
    },
  };
}

/** GET v3/conversations: the channels of the teams the bot is in, and its personal chats. */
export function getConversations(ctx: ConnectorContext): ConnectorReply {
  const channels = [...ctx.state.teams.values()]
    .filter((t) => t.botInstalled)
    .flatMap((t) => t.channels.map((c) => ({ id: c.id, members: [] })));
  const personal = [...ctx.state.personal.entries()].map(([id, chat]) => ({ id, members: [memberBody(chat.member)] }));
  return { status: 200, body: { conversations: [...channels, ...personal] } };
}
