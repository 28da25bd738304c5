/**
 * People as the core sees them (`Actor`), from a Teams activity: the Microsoft Entra
 * object id when Teams gives it (stable across apps, what administrators list in
 * `ROUNDTABLE_ORGANIZERS`), else the Teams user id; the display name and client locale;
 * and, asked only when an organizer right is checked, whether they own the team
 * (`TeamsInfo.getMember(...).userRole === 'owner'`), cached for a while. Owning counts only
 * in the installation's own tenant (the bot's `MicrosoftAppTenantId` when set) and for a
 * member of that tenant: an owner from another tenant (a shared channel) is not an organizer.
 */
import { TeamsInfo, type Activity, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { Actor } from '../../core/engine/actor.js';
import type { Logger } from '../../core/ports.js';
import type { ConversationPacer } from './conversation-pacer.js';
import { placeOf } from './teams-conversation.js';
import { describeError } from './teams-errors.js';

/** How long a roster answer is trusted. */
export const MEMBER_TTL_MS = 10 * 60_000;

/** Roster lookups with a cache (per team or chat, per person). */
export class TeamsMembers {
  private readonly cache = new Map<string, { at: number; member: Promise<TeamsChannelAccount | undefined> }>();

  constructor(
    private readonly deps: {
      logger: Logger;
      pacer: ConversationPacer;
      now?: () => number;
      ttlMs?: number;
      /** The bot's tenant (`MicrosoftAppTenantId`), when single-tenant. */ tenantId?: string;
    },
  ) {}

  /** The roster entry of the activity's sender, or undefined when Teams would not say. */
  member(ctx: TurnContext): Promise<TeamsChannelAccount | undefined> {
    const activity = ctx.activity;
    const scope =
      (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id ?? placeOf(activity).channelId;
    const key = `${scope}|${activity.from.id}`;
    const now = (this.deps.now ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.deps.ttlMs ?? MEMBER_TTL_MS)) return hit.member;
    const member = this.deps.pacer
      .run(scope, 'read', () => TeamsInfo.getMember(ctx, activity.from.id))
      .catch((err: unknown) => {
        this.deps.logger.warn(
          { err: describeError(err), user: activity.from.id },
          'Teams did not say who this member is; treating them as a member without organizer rights',
        );
        this.cache.delete(key);
        return undefined;
      });
    this.cache.set(key, { at: now, member });
    return member;
  }

  /**
   * The sender as an `Actor`. With `withEmail` (commands) the roster is read first so an
   * organizer listed by email is recognised; otherwise it is read only if `isAdmin` is asked.
   */
  async actorOf(ctx: TurnContext, opts: { withEmail?: boolean } = {}): Promise<Actor> {
    const from = ctx.activity.from;
    const member = opts.withEmail ? await this.member(ctx) : undefined;
    const email = member?.email ?? member?.userPrincipalName;
    return {
      id: from.aadObjectId || from.id,
      name: from.name || member?.name || from.id,
      ...(email ? { email } : {}),
      ...(ctx.activity.locale ? { locale: ctx.activity.locale } : {}),
      isAdmin: async () => ownsTeamHere(await this.member(ctx), ctx.activity, this.deps.tenantId),
    };
  }
}

/**
 * True when `member` owns the activity's team, in the installation's tenant: the activity's
 * tenant is the bot's (when the bot names one), and the member belongs to that tenant.
 * No team, tenant or roster answer: false.
 */
export function ownsTeamHere(
  member: TeamsChannelAccount | undefined,
  activity: Pick<Activity, 'conversation' | 'channelData'>,
  botTenant?: string,
): boolean {
  if (member?.userRole !== 'owner') return false;
  const tenant = placeOf(activity).tenantId;
  const team = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  if (!tenant || !team) return false;
  if (botTenant && tenant !== botTenant) return false;
  return member.tenantId === tenant;
}
