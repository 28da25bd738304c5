import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../src/core/compose-message.js';
import { HELP_EVERYONE, HELP_ORGANIZERS } from '../../src/core/compose-notice.js';
import type { Composed } from '../../src/core/composed.js';
import type { NoticeKey } from '../../src/core/messages.js';
import type { Lang } from '../../src/core/plan.js';
import type { Translator } from '../../src/core/ports.js';
import { composedTexts, realTranslator, untranslated, visibleMarkup } from '../support/fake-translator.js';

const EVIL = '<!channel>';
const ESCAPED = '[&lt;!channel&gt;]';
const AT = Date.parse('2026-12-18T01:30:00Z');
let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

const notice = (key: NoticeKey, vars?: Record<string, string | number>, lang?: Lang, command?: string): Composed =>
  composeMessage({ kind: 'notice', langs: ['en', 'fr'], key, ...(vars ? { vars } : {}) }, t, visibleMarkup, { ...(lang ? { lang } : {}), ...(command ? { command } : {}) });
const text = (c: Composed): string => c.sections.flatMap((s) => s.paragraphs).join('\n');

/** The variables each notice documents in compose-notice.ts. */
const VARS: Record<NoticeKey, Record<string, string | number>> = {
  'not-organizer': { command: '/roundtable stop' },
  'no-run-here': {},
  'already-running': { title: EVIL },
  'unknown-plan': { plan: EVIL },
  'invalid-plan': { plan: 'p', error: EVIL },
  started: { title: EVIL },
  stopped: {},
  paused: {},
  resumed: {},
  'not-paused': {},
  'already-paused': {},
  'no-next': {},
  'question-added': { n: 4 },
  'poll-added': { n: 2 },
  'unknown-question': { n: 9 },
  'poll-closed': {},
  'poll-unknown': {},
  'vote-recorded': {},
  'vote-withdrawn': {},
  'vote-too-many': { max: 2 },
  'lang-set': {},
  usage: { sub: 'start' },
  'unknown-command': { word: EVIL },
  scheduled: { plan: 'p', at: AT, timezone: 'America/Toronto' },
  unscheduled: { plan: 'p' },
  'not-scheduled': { plan: 'p' },
  forgotten: { count: 3 },
  registered: { channel: EVIL },
  'not-recorded': { what: 'answer' },
  'status-idle': {},
  'status-running': { title: EVIL, next: 'question', n: 3, at: AT, timezone: 'America/Toronto' },
  'status-paused': { title: EVIL },
  'plans-list': { list: `a: ok\nb: ${EVIL}` },
  help: {},
  'no-recap': {},
  'export-ready': { format: 'csv', title: EVIL },
  'too-long': { max: 3000 },
};

describe('composeMessage: notice', () => {
  it('composes every notice in both languages with no untranslated key or raw user text', () => {
    for (const [key, vars] of Object.entries(VARS) as [NoticeKey, Record<string, string | number>][]) {
      for (const lang of ['en', 'fr'] as const) {
        const c = notice(key, vars, lang);
        expect(c.sections.map((s) => s.lang), `${key} ${lang}`).toEqual([lang]);
        expect(untranslated(composedTexts(c)), `${key} ${lang}`).toEqual([]);
        for (const s of composedTexts(c)) expect(s, `${key} ${lang}`).not.toContain(EVIL);
        expect(c.buttons).toBeUndefined();
      }
    }
  });

  it('is in the first plan language when no language is asked for', () => {
    const c = composeMessage({ kind: 'notice', langs: ['fr', 'en'], key: 'poll-closed' }, t, visibleMarkup);
    expect(c.sections).toHaveLength(1);
    expect(text(c)).toBe('Ce sondage est fermé\u00a0: votre vote n’a pas été compté.');
    expect(c.fallback).toBe(text(c));
  });

  it('refuses a non-organizer with the command tried and the help command', () => {
    expect(text(notice('not-organizer', { command: '/roundtable stop' }, 'en'))).toBe(
      'Only organizers can use `[/roundtable stop]`. Ask one of them, or type `/roundtable help` to see what you can do.',
    );
    expect(text(notice('not-organizer', undefined, 'fr', '@Roundtable'))).toMatch(/^Seule l’équipe organisatrice peut utiliser `@Roundtable`\..*tapez `@Roundtable aide`/);
  });

  it('escapes the caller’s text', () => {
    expect(text(notice('already-running', { title: EVIL }, 'en'))).toBe(`A chat is already running here: ${ESCAPED}. End it with \`/roundtable stop\` before starting another.`);
    expect(text(notice('unknown-command', { word: EVIL }, 'fr'))).toContain(`\`${ESCAPED}\` n’est pas une commande`);
  });

  it('tells the next step and its local time in the asker’s language', () => {
    expect(text(notice('status-running', VARS['status-running'], 'en'))).toBe(`${ESCAPED} is running. Next: Q3, at 8:30 p.m. EST.`);
    expect(text(notice('status-running', { ...VARS['status-running'], next: 'end' }, 'fr'))).toMatch(
      /^La discussion \[&lt;!channel&gt;\] est en cours\. Prochaine étape\u00a0: la fin de la discussion et le bilan, à 20\sh\s30 HNE\.$/,
    );
    expect(text(notice('scheduled', VARS.scheduled, 'en'))).toBe('[p] is scheduled. Next start: Thursday, December 17, 2026, 8:30 p.m. EST.');
  });

  it('words “not recorded” for what was lost, with French agreement', () => {
    expect(text(notice('not-recorded', { what: 'answer' }, 'en'))).toBe('Your answer was not recorded because storage is unavailable. Try again in a moment.');
    expect(text(notice('not-recorded', { what: 'vote' }, 'fr'))).toMatch(/^Votre vote n’a pas été enregistré,/);
    expect(text(notice('not-recorded', { what: 'answer' }, 'fr'))).toMatch(/^Votre réponse n’a pas été enregistrée,/);
  });

  it('counts in the right plural form', () => {
    expect(text(notice('forgotten', { count: 1 }, 'en'))).toBe('Done: 1 of your answers and votes was deleted.');
    expect(text(notice('forgotten', { count: 0 }, 'fr'))).toMatch(/^Il n’y avait rien à supprimer/);
  });

  it('gives the usage line of the sub-command, in the asker’s words', () => {
    expect(text(notice('usage', { sub: 'poll' }, 'en'))).toBe('Usage: `/roundtable poll "Question" "Option 1" "Option 2" … [--multiple N] [--anonymous] [--hidden] [--close 10m]`');
    expect(text(notice('usage', { sub: 'start' }, 'fr', '/rt'))).toBe('Utilisation\u00a0: `/rt démarrer ID-DU-PLAN`');
    for (const sub of [...HELP_EVERYONE, ...HELP_ORGANIZERS]) expect(text(notice('usage', { sub }, 'en')), sub).toMatch(new RegExp(`^Usage: \`/roundtable ${sub}\\b`));
  });

  it('shows the help for an unknown sub rather than a broken usage line', () => {
    expect(text(notice('usage', { sub: 'dance' }, 'en'))).toBe(text(notice('help', undefined, 'en')));
  });

  it('lists every command in the help with the configured command name', () => {
    const en = text(notice('help', undefined, 'en', '@Roundtable'));
    for (const sub of [...HELP_EVERYONE, ...HELP_ORGANIZERS]) expect(en).toContain(`\`@Roundtable ${sub}`);
    expect(en).toContain('*For organizers*');
    const fr = text(notice('help', undefined, 'fr'));
    for (const word of ['démarrer', 'arrêter', 'suivante', 'sondage', 'bilan', 'aide']) expect(fr).toContain(`\`/roundtable ${word}`);
    expect(fr).toContain('*Pour l’équipe organisatrice*');
  });

  it('lists plans one per line, escaped, after their count', () => {
    const c = notice('plans-list', { list: `alpha: ok\nbeta: ${EVIL}` }, 'fr');
    expect(c.sections[0]!.paragraphs).toEqual(['2 plans trouvés\u00a0:', `• [alpha: ok]\n• [beta: ${'&lt;!channel&gt;'}]`]);
    expect(text(notice('plans-list', { count: 0 }, 'en'))).toBe('No plans found in the plans folder.');
  });
});
