/**
 * Who a Slack user is, for the engine's `Actor`: name, locale and whether they administer
 * the workspace (`is_admin` or `is_owner`), from `users.info` with `include_locale`, kept
 * about ten minutes; one call at a time per user however many events arrive together.
 * Admin flags count only for a user of the installation's own workspace or Enterprise Grid
 * org: a Slack Connect guest's flags are about their own workspace.
 *
 * @example
 * const actor = await directory.actor('U0ALICE001');
 * if (await actor.isAdmin?.()) { ... }
 */
import type { Actor } from '../../core/engine/actor.js';
import type { Logger } from '../../core/ports.js';
import type { SlackApi, SlackProfile } from './slack-api.js';
import type { SlackIdentity } from './slack-connection.js';

/** Options of the directory. */
export interface UserDirectoryOptions {
  api: Pick<SlackApi, 'usersInfo'>;
  logger: Logger;
  /** The installation (`auth.test`); while unknown, nobody is an admin by platform role. */
  home: () => Pick<SlackIdentity, 'teamId' | 'enterpriseId'> | undefined;
  ttlMs?: number;
  now?: () => number;
}

/** Cached user profiles. */
export class UserDirectory {
  private readonly cache = new Map<string, { profile: SlackProfile; until: number }>();
  private readonly inFlight = new Map<string, Promise<SlackProfile>>();

  constructor(private readonly opts: UserDirectoryOptions) {}

  /**
   * The actor for `userId`. When Slack cannot be asked, the actor still acts under the name
   * the payload gave (`fallbackName`) or their id; their rights are asked again when needed.
   */
  async actor(userId: string, fallbackName?: string): Promise<Actor> {
    try {
      return this.toActor(await this.profile(userId));
    } catch (err) {
      this.opts.logger.warn({ err, user: userId }, 'users.info failed; acting with the user id as name');
      return { id: userId, name: fallbackName || userId, isAdmin: () => this.adminLater(userId) };
    }
  }

  /** The actor from a fresh cache entry (no call), or undefined when Slack must be asked. */
  fresh(userId: string): Actor | undefined {
    const hit = this.cache.get(userId);
    return hit && hit.until > (this.opts.now?.() ?? Date.now()) ? this.toActor(hit.profile) : undefined;
  }

  /** The actor from the cache only (no call), named by their id when not cached: for reactions, where only the id matters. */
  known(userId: string): Actor {
    const hit = this.cache.get(userId);
    return hit ? this.toActor(hit.profile) : { id: userId, name: userId, isAdmin: () => this.adminLater(userId) };
  }

  /** A fresh-enough profile, fetched once however many ask at the same time. */
  profile(userId: string): Promise<SlackProfile> {
    const now = this.opts.now?.() ?? Date.now();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now) return Promise.resolve(hit.profile);
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.opts.api.usersInfo(userId).then(
        (profile) => {
          this.cache.set(userId, {
            profile,
            until: (this.opts.now?.() ?? Date.now()) + (this.opts.ttlMs ?? 10 * 60_000),
          });
          this.inFlight.delete(userId);
          return profile;
        },
        (err: unknown) => {
          this.inFlight.delete(userId);
          throw err;
        },
      );
      this.inFlight.set(userId, pending);
    }
    return pending;
  }

  private toActor(p: SlackProfile): Actor {
    return {
      id: p.id,
      name: p.name,
      ...(p.locale ? { locale: p.locale } : {}),
      isAdmin: async () => administersHome(p, this.opts.home()),
    };
  }

  /** Whether `userId` administers the installation's workspace, asking Slack again (false if it cannot answer). */
  private async adminLater(userId: string): Promise<boolean> {
    const profile = await this.profile(userId).catch(() => undefined);
    return profile ? administersHome(profile, this.opts.home()) : false;
  }
}

/**
 * True when `p` is an admin or owner of the installation's own workspace: same team, or same
 * Enterprise Grid org when the installation is in one. Unknown installation or team: false.
 */
export function administersHome(
  p: SlackProfile,
  home: Pick<SlackIdentity, 'teamId' | 'enterpriseId'> | undefined,
): boolean {
  if (!p.isAdmin || !home) return false;
  if (p.teamId !== undefined && p.teamId === home.teamId) return true;
  return home.enterpriseId !== undefined && p.enterpriseId === home.enterpriseId;
}
