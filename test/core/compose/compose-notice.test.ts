import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import { HELP_EVERYONE, HELP_ORGANIZERS } from '../../../src/core/compose/compose-notice.js';
import type { Composed } from '../../../src/core/compose/composed.js';
import type { NoticeKey } from '../../../src/core/engine/messages.js';
import type { Lang } from '../../../src/core/plan/plan.js';
import type { Translator } from '../../../src/core/ports.js';
import { composedTexts, realTranslator, untranslated, visibleMarkup } from '../../support/fake-translator.js';

const EVIL = '<!channel>';
const ESCAPED = '[&lt;!channel&gt;]';
let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

const notice = (key: NoticeKey, vars?: Record<string, string | number>, lang?: Lang, command?: string): Composed =>
  composeMessage({ kind: 'notice', langs: ['en', 'fr'], key, ...(vars ? { vars } : {}) }, t, visibleMarkup, {
    ...(lang ? { lang } : {}),
    ...(command ? { command } : {}),
  });
const text = (c: Composed): string => c.sections.flatMap((s) => s.paragraphs).join('\n');

/** The variables each notice documents in compose-notice.ts. */
const VARS: Record<NoticeKey, Record<string, string | number>> = {
  'not-organizer': { tried: 'stop' },
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
  'answer-late': {},
  'change-late': { sub: 'forget-me' },
  'poll-closed': {},
  'poll-unknown': {},
  'vote-recorded': { n: 1, options: EVIL },
  'vote-withdrawn': {},
  'vote-kept': { n: 1, options: EVIL },
  'vote-none': {},
  'vote-too-many': { max: 2 },
  'lang-set': {},
  usage: { sub: 'start' },
  'both-languages': { sub: 'question' },
  'unknown-command': { word: EVIL },
  scheduled: { plan: EVIL },
  unscheduled: { plan: 'p' },
  'not-scheduled': { plan: 'p' },
  forgotten: { count: 3 },
  registered: { channel: EVIL },
  'not-recorded': { what: 'answer' },
  'status-idle': {},
  'status-running': { title: EVIL, next: 'Q3', minutes: 4, asked: 2, total: 5 },
  'status-paused': { title: EVIL },
  'plans-list': { count: 2, list: `✓ a\n✗ b (b.yaml): ${EVIL}` },
  help: {},
  'no-recap': {},
  'export-ready': { file: `transcript-${EVIL}.csv` },
  'export-link': { url: 'https://roundtable.example/exports/Zm9v', hours: 24, format: 'csv' },
  'editor-link': { url: 'https://roundtable.example/editor/Zm9v' },
  'editor-needs-public-url': {},
  'plan-file-link': { url: 'https://roundtable.example/plans/Zm9v/p.yaml', file: 'p.yaml' },
  'plan-file-sent': { file: `${EVIL}.yaml` },
  'plan-deleted': { plan: EVIL },
  'plan-deleted-unscheduled': { plan: EVIL },
  'plan-from-file': { plan: EVIL },
  'plan-running': { plan: EVIL },
  'command-failed': { code: 'platform_error' },
  'start-failed': { code: 'platform_error' },
  'too-long': { max: 3000 },
  'empty-answer': { n: 2 },
};

describe('composeMessage: notice', () => {
  it('composes every notice in both languages with no untranslated key or raw user text', () => {
    for (const [key, vars] of Object.entries(VARS) as [NoticeKey, Record<string, string | number>][]) {
      for (const lang of ['en', 'fr'] as const) {
        const c = notice(key, vars, lang);
        expect(
          c.sections.map((s) => s.lang),
          `${key} ${lang}`,
        ).toEqual([lang]);
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
    expect(text(notice('not-organizer', { tried: 'stop' }, 'en'))).toBe(
      'Only organizers can use `/roundtable [stop]`. Ask one of them, or type `/roundtable help` to see what you can do.',
    );
    expect(text(notice('not-organizer', { tried: 'stop' }, 'fr', '@Roundtable'))).toMatch(
      /^Seule l’équipe organisatrice peut utiliser `@Roundtable \[stop\]`/,
    );
    expect(text(notice('not-organizer', undefined, 'fr', '@Roundtable'))).toMatch(
      /^Seule l’équipe organisatrice peut utiliser `@Roundtable`\..*tapez `@Roundtable aide`/,
    );
  });

  it('escapes the caller’s text', () => {
    expect(text(notice('already-running', { title: EVIL }, 'en'))).toBe(
      `“${ESCAPED}” is already running here. End it with \`/roundtable stop\` before starting another.`,
    );
    expect(text(notice('unknown-command', { word: EVIL }, 'fr'))).toContain(`\`${ESCAPED}\` n’est pas une commande`);
  });

  it('tells how far the chat is and puts the next step in the asker’s words', () => {
    expect(text(notice('status-running', VARS['status-running'], 'en'))).toBe(
      `“${ESCAPED}” is running. Questions asked: 2 of 5. Next: Q3, in 4 min.`,
    );
    expect(text(notice('status-running', { ...VARS['status-running'], next: 'P2' }, 'fr'))).toBe(
      `La discussion «\u00a0${ESCAPED}\u00a0» est en cours. Questions posées\u00a0: 2 sur 5. Prochaine étape\u00a0: sondage 2, dans 4\u00a0min.`,
    );
    expect(text(notice('status-running', { ...VARS['status-running'], next: 'closing' }, 'fr'))).toContain(
      'Prochaine étape\u00a0: la fin de la discussion et le bilan,',
    );
    expect(text(notice('status-running', { ...VARS['status-running'], next: 'welcome' }, 'en'))).toContain(
      'Next: the welcome,',
    );
    expect(text(notice('status-running', { ...VARS['status-running'], next: EVIL }, 'en'))).toContain(
      `Next: ${ESCAPED},`,
    );
  });

  it('repeats the options a voter picked, escaped', () => {
    expect(text(notice('vote-recorded', { options: `Weekly, ${EVIL}` }, 'en'))).toBe(
      `Your vote is recorded: [Weekly, &lt;!channel&gt;]. You can change it until the poll closes.`,
    );
  });

  it('words “not recorded” for what was lost, with French agreement', () => {
    expect(text(notice('not-recorded', { what: 'answer' }, 'en'))).toBe(
      'Your answer was not recorded because storage is unavailable. Try again in a moment.',
    );
    expect(text(notice('not-recorded', { what: 'vote' }, 'fr'))).toMatch(/^Votre vote n’a pas été enregistré,/);
    expect(text(notice('not-recorded', { what: 'answer' }, 'fr'))).toMatch(/^Votre réponse n’a pas été enregistrée,/);
  });

  it('counts in the right plural form', () => {
    expect(text(notice('forgotten', { count: 1 }, 'en'))).toBe('Done: 1 of your answers and votes was deleted.');
    expect(text(notice('forgotten', { count: 0 }, 'fr'))).toMatch(/^Il n’y avait rien à supprimer/);
  });

  it('gives the usage line of the sub-command, in the asker’s words', () => {
    expect(text(notice('usage', { sub: 'poll' }, 'en'))).toBe(
      'Usage: `/roundtable poll "Which day? | Quel jour ?" "Monday | Lundi" "Friday | Vendredi" … [--multiple N] [--anonymous] [--hidden] [--close 10m]`',
    );
    expect(text(notice('usage', { sub: 'start' }, 'fr', '/rt'))).toBe('Utilisation\u00a0: `/rt démarrer ID-DU-PLAN`');
    for (const sub of [...HELP_EVERYONE, ...HELP_ORGANIZERS])
      expect(text(notice('usage', { sub }, 'en')), sub).toMatch(new RegExp(`^Usage: \`/roundtable ${sub}\\b`));
  });

  it('shows the help for an unknown sub rather than a broken usage line', () => {
    expect(text(notice('usage', { sub: 'dance' }, 'en'))).toBe(text(notice('help', undefined, 'en')));
  });

  it('lists every command in the help with the configured command name', () => {
    const en = text(notice('help', undefined, 'en', '@Roundtable'));
    for (const sub of [...HELP_EVERYONE, ...HELP_ORGANIZERS]) expect(en).toContain(`\`@Roundtable ${sub}`);
    expect(en).toContain('*For organizers*');
    const fr = text(notice('help', undefined, 'fr'));
    for (const word of ['démarrer', 'arrêter', 'suivante', 'sondage', 'bilan', 'aide'])
      expect(fr).toContain(`\`/roundtable ${word}`);
    expect(fr).toContain('*Pour l’équipe organisatrice*');
  });

  it('lists plans one per line, escaped, after their count', () => {
    const c = notice('plans-list', { count: 2, list: `✓ alpha\n✗ beta (beta.yaml): ${EVIL}` }, 'fr');
    expect(c.sections[0]!.paragraphs).toEqual([
      '2 plans trouvés\u00a0:',
      `[✓ alpha]\n[✗ beta (beta.yaml): &lt;!channel&gt;]`,
    ]);
    expect(text(notice('plans-list', { count: 0, list: '' }, 'en'))).toBe('No plans found in the plans folder.');
  });

  it('uses the command name of the platform that renders it, in help and usage lines too', () => {
    expect(text(notice('usage', { sub: 'stop' }, 'en', '/rt'))).toBe('Usage: `/rt stop`');
    expect(text(notice('help', undefined, 'en', '@Roundtable'))).toContain('`@Roundtable status`: ');
    expect(text(notice('status-idle', undefined, 'en', '/rt'))).toContain('Type `/rt plans`');
  });
});
