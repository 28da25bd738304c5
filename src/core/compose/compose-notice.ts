/**
 * Notices (replies only the asker sees) as texts, in the asker's language: `notice:<key>`
 * with the caller's variables escaped, plus the few variables a notice derives here so
 * its wording stays in the locales (the next step, usage lines, the help).
 *
 * Variables a caller passes (strings are escaped, line breaks kept):
 * `title`, `plan`, `error`, `channel`, `word`, `file`, `options` (text); `n`, `max`, `count`,
 * `asked`, `total`, `minutes` (numbers); `tried` (for `not-organizer`: the sub-command tried).
 * `command` is the renderer's command name (`/roundtable`, `@Roundtable`) and `help` its help command;
 * `next`, a step label (`Q3`, `P2`, `welcome`, `closing`, `recap`), is put in words;
 * `what` (`answer` | `vote`) picks the wording of `not-recorded`;
 * `sub` (a sub-command) gives `{{usage}}`; `list` (one plan per line) follows `plans-list`;
 * `hours` (of `export-link`) also picks its singular or plural.
 */
import type { Lang } from '../plan/plan.js';
import type { Message } from '../engine/messages.js';
import type { ComposedSection } from './composed.js';
import { type ComposeKit, escapeLines, fitParagraphs, packParagraphs } from './compose-text.js';
import { ORGANIZER_SUBS, type Sub } from '../engine/commands.js';

/** A notice message. */
export type NoticeMessage = Extract<Message, { kind: 'notice' }>;

/** Sub-commands anyone may use, in the order the help lists them. */
export const HELP_EVERYONE = ['status', 'plans', 'lang', 'help', 'forget-me'] as const;

/** Sub-commands for organizers, in the order the help lists them (the order `ORGANIZER_SUBS` keeps). */
export const HELP_ORGANIZERS: readonly Sub[] = [...ORGANIZER_SUBS];

const SUBS: ReadonlySet<string> = new Set([...HELP_EVERYONE, ...HELP_ORGANIZERS]);
const RECORDS: ReadonlySet<string> = new Set(['answer', 'vote']);

/** The one section of a notice, in `lang`. */
export function noticeSection(m: NoticeMessage, lang: Lang, kit: ComposeKit): ComposedSection {
  const raw = m.vars ?? {};
  if (m.key === 'help' || (m.key === 'usage' && !SUBS.has(String(raw.sub))))
    return { lang, paragraphs: helpParagraphs(lang, kit) };
  const vars = noticeVars(raw, lang, kit);
  if (m.key === 'plans-list') return { lang, paragraphs: plansList(raw, vars, lang, kit) };
  return { lang, paragraphs: fitParagraphs([kit.t.t(lang, `notice:${m.key}`, vars)], kit.markup.newline) };
}

/** The caller's variables escaped, with the defaults and derived variables added. */
function noticeVars(
  raw: Record<string, string | number>,
  lang: Lang,
  kit: ComposeKit,
): Record<string, string | number> {
  const { t, markup } = kit;
  const vars: Record<string, string | number> = {
    command: kit.command,
    help: `${kit.command} ${t.t(lang, 'commands:words.help')}`,
  };
  for (const [key, value] of Object.entries(raw))
    vars[key] = typeof value === 'number' ? value : escapeLines(markup, value);
  if (typeof raw.tried === 'string') vars.command = `${kit.command} ${escapeLines(markup, raw.tried)}`;
  if (typeof raw.next === 'string') vars.next = stepWords(raw.next, lang, kit) ?? vars.next!;
  if (typeof raw.what === 'string' && RECORDS.has(raw.what)) vars.context = raw.what;
  if (typeof raw.hours === 'number' && raw.count === undefined) vars.count = raw.hours;
  if (typeof raw.sub === 'string' && SUBS.has(raw.sub))
    vars.usage = t.t(lang, `commands:usage.${raw.sub}`, { command: kit.command });
  return vars;
}

/** A timeline step label (`Q3`, `P2`, `closing`) in words, or undefined for an unknown label. */
function stepWords(label: string, lang: Lang, kit: ComposeKit): string | undefined {
  const m = /^([QP])(\d+)$/i.exec(label);
  if (m)
    return kit.t.t(lang, m[1]!.toUpperCase() === 'Q' ? 'notice:part.next.question' : 'notice:part.next.poll', {
      n: Number(m[2]),
    });
  if (label === 'closing' || label === 'recap') return kit.t.t(lang, 'notice:part.next.end');
  if (label === 'welcome') return kit.t.t(lang, 'notice:part.next.welcome');
  return undefined;
}

/** `3 plans found:` then the lines of `list`, one per line. */
function plansList(
  raw: Record<string, string | number>,
  vars: Record<string, string | number>,
  lang: Lang,
  kit: ComposeKit,
): string[] {
  const { markup } = kit;
  const lines = typeof raw.list === 'string' ? raw.list.split(/\r?\n/).filter((line) => line.trim() !== '') : [];
  const count = typeof raw.count === 'number' ? raw.count : lines.length;
  const head = kit.t.t(lang, 'notice:plans-list', { ...vars, count });
  return [
    head,
    ...packParagraphs(
      lines.map((line) => planLineText(line, lang, kit)),
      markup.newline,
      markup.newline,
    ),
  ];
}

/** A `plans` line: the plan, then where it comes from in words (after a tab: `file`, `shadowed`, `version`…). */
function planLineText(line: string, lang: Lang, kit: ComposeKit): string {
  const [head = '', origin, n, name, date] = line.split('\t');
  const text = kit.markup.escape(head.trim());
  if (origin === 'file' || origin === 'shadowed')
    return `${text}${origin === 'shadowed' ? ':' : ' —'} ${kit.markup.escape(kit.t.t(lang, `notice:plans-origin.${origin}`))}`;
  if (origin === 'version')
    return `${text} — ${kit.markup.escape(kit.t.t(lang, 'notice:plans-origin.version', { n: Number(n), name: name ?? '', date: date ?? '' }))}`;
  return text;
}

/** The help: what Roundtable does, then every command with its usage line, for everyone and for organizers. */
function helpParagraphs(lang: Lang, kit: ComposeKit): string[] {
  const { t, markup } = kit;
  const line = (sub: string): string =>
    t.t(lang, 'commands:help.line', {
      usage: t.t(lang, `commands:usage.${sub}`, { command: kit.command }),
      what: t.t(lang, `commands:help.${sub}`),
    });
  const group = (title: string, subs: readonly string[]): string =>
    [markup.bold(t.t(lang, title)), ...subs.map(line)].join(markup.newline);
  return fitParagraphs(
    [
      t.t(lang, 'notice:help'),
      group('commands:help.everyone', HELP_EVERYONE),
      group('commands:help.organizers', HELP_ORGANIZERS),
      t.t(lang, 'commands:help.aliases'),
    ],
    markup.newline,
  );
}
