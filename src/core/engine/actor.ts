/** Who did something, as the adapter knows them, and what the core needs to know about them. */
import type { Lang } from '../plan/plan.js';

/** A person acting in a channel. */
export interface Actor {
  id: string;
  name: string;
  email?: string;
  /** Platform locale (`fr-CA`), a fallback for the language of private replies. */
  locale?: string;
  /** Whether the platform says they administer the workspace or own the team (asked lazily, cached by the adapter). */
  isAdmin?: () => Promise<boolean>;
}

/** The language of replies only `actor` sees: their `lang` choice, else their locale, else `fallback`. */
export function replyLang(chosen: Lang | undefined, actor: Actor, fallback: Lang): Lang {
  if (chosen) return chosen;
  const locale = actor.locale?.toLowerCase();
  if (locale?.startsWith('fr')) return 'fr';
  if (locale?.startsWith('en')) return 'en';
  return fallback;
}

/** Whether `actor` is an organizer: listed in the settings or the plan, or a platform admin/owner. */
export async function isOrganizer(actor: Actor, organizers: readonly string[]): Promise<boolean> {
  const ids = new Set(organizers.map((o) => o.toLowerCase()));
  if (ids.has(actor.id.toLowerCase())) return true;
  if (actor.email && ids.has(actor.email.toLowerCase())) return true;
  return (await actor.isAdmin?.()) ?? false;
}
