import { describe, expect, it } from 'vitest';
import { LangChoices, LANG_CACHE_MS } from '../../../src/core/service/lang-choices.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { FakeClock } from '../../support/fake-clock.js';

describe('people’s language choices, cached', () => {
  it('sees a choice made through it at once, and one made through another process once the cache expires', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(() => clock.now());
    const here = new LangChoices(store, () => clock.now());
    const elsewhere = new LangChoices(store, () => clock.now());
    expect(await here.get('U1')).toBeUndefined();
    await here.set('U1', 'fr');
    expect(await here.get('U1')).toBe('fr');
    await elsewhere.set('U1', 'en');
    expect(await here.get('U1')).toBe('fr');
    await clock.advance(LANG_CACHE_MS);
    expect(await here.get('U1')).toBe('en');
  });

  it('keeps a choice saved while an older read was on its way', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(() => clock.now());
    await store.setUserLang('U1', 'en');
    let release = () => {};
    const slowStore = {
      getUserLang: async (user: string) => {
        const lang = await store.getUserLang(user);
        await new Promise<void>((resolve) => (release = resolve));
        return lang;
      },
      setUserLang: (user: string, lang: 'en' | 'fr') => store.setUserLang(user, lang),
    };
    const langs = new LangChoices(slowStore, () => clock.now());
    const reading = langs.get('U1');
    await langs.set('U1', 'fr');
    release();
    expect(await reading).toBe('fr');
    expect(await langs.get('U1')).toBe('fr');
  });

  it('forgets a person whose records were removed, and remembers the last choice seen for "not recorded" replies', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(() => clock.now());
    const langs = new LangChoices(store, () => clock.now());
    await langs.set('U1', 'fr');
    await clock.advance(LANG_CACHE_MS * 10);
    expect(langs.known('U1')).toBe('fr');
    await store.forgetUser('U1');
    langs.forget('U1');
    expect(langs.known('U1')).toBeUndefined();
    expect(await langs.get('U1')).toBeUndefined();
  });
});
