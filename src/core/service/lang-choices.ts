/**
 * People's `lang` choices, read through a short in-process cache: a vote or a hint is
 * answered in the voter's language without a store round trip each time. A choice made
 * through this process is seen at once; one made through another process (several
 * instances on Redis) is seen within `ttlMs`.
 */
import type { Lang } from '../plan/plan.js';
import type { Store } from '../ports.js';

/** How long a cached choice (or the absence of one) is trusted. */
export const LANG_CACHE_MS = 10_000;

/** Most people remembered at once; the oldest entries go first. */
const MAX_ENTRIES = 20_000;

/** The `lang` choices of people, cached. */
export class LangChoices {
  private readonly cache = new Map<string, { lang: Lang | undefined; at: number; seq: number }>();
  private seq = 0;

  constructor(
    private readonly store: Pick<Store, 'getUserLang' | 'setUserLang'>,
    private readonly now: () => number,
    private readonly ttlMs = LANG_CACHE_MS,
  ) {}

  /** The language `user` chose, if any. */
  async get(user: string): Promise<Lang | undefined> {
    const hit = this.cache.get(user);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.lang;
    const asked = this.seq;
    const lang = await this.store.getUserLang(user);
    // A choice saved while the store was being read is newer than what the read returned.
    const saved = this.cache.get(user);
    if (saved && saved.seq > asked) return saved.lang;
    this.remember(user, lang);
    return lang;
  }

  /** The choice last seen for `user`, however old, without asking the store (for "not recorded" replies while it is down). */
  known(user: string): Lang | undefined {
    return this.cache.get(user)?.lang;
  }

  /** Saves `user`'s choice. */
  async set(user: string, lang: Lang): Promise<void> {
    await this.store.setUserLang(user, lang);
    this.remember(user, lang);
  }

  /** Records that `user` has no choice any more (their records were just removed). */
  forget(user: string): void {
    this.remember(user, undefined);
  }

  private remember(user: string, lang: Lang | undefined): void {
    this.cache.delete(user);
    this.cache.set(user, { lang, at: this.now(), seq: ++this.seq });
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }
}
