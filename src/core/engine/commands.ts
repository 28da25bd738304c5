/**
 * The command grammar shared by Slack (`/roundtable <sub> …`) and Teams (`@Roundtable <sub> …`):
 * sub-commands, their French aliases, their arguments, and who may use them.
 */
import type { Lang, Localized } from '../plan/plan.js';
import type { AdHocPoll } from './decide.js';
import { tokenize } from './command-tokens.js';
import { parseDuration } from '../plan/duration.js';

/** The sub-commands. */
export type Sub =
  | 'start'
  | 'schedule'
  | 'unschedule'
  | 'stop'
  | 'next'
  | 'pause'
  | 'resume'
  | 'question'
  | 'poll'
  | 'recap'
  | 'export'
  | 'status'
  | 'plans'
  | 'lang'
  | 'here'
  | 'help'
  | 'forget-me'
  | 'new'
  | 'edit'
  | 'plan-file'
  | 'delete';

/** Export formats. */
export type ExportFormat = 'md' | 'csv' | 'html';

/** A parsed command. */
export type Command =
  | { sub: 'start' | 'schedule' | 'unschedule' | 'edit' | 'plan-file' | 'delete'; planId: string }
  | { sub: 'stop' | 'next' | 'pause' | 'resume' | 'status' | 'plans' | 'here' | 'help' | 'forget-me' | 'new' }
  | { sub: 'question'; text: Localized; oneLanguage: boolean }
  | { sub: 'poll'; poll: AdHocPoll; oneLanguage: boolean }
  | { sub: 'recap'; runId?: string }
  | { sub: 'export'; runId?: string; format: ExportFormat }
  | { sub: 'lang'; lang: Lang };

/** The result of parsing: a command, or why not (with the sub, so its usage line can be shown). */
export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; error: 'usage'; sub: Sub }
  | { ok: false; error: 'unknown'; word: string };

/** Sub-commands only organizers may use. */
export const ORGANIZER_SUBS: ReadonlySet<Sub> = new Set<Sub>([
  'start',
  'schedule',
  'unschedule',
  'stop',
  'next',
  'pause',
  'resume',
  'question',
  'poll',
  'recap',
  'export',
  'here',
  'new',
  'edit',
  'plan-file',
  'delete',
]);

const ALIASES: Record<string, Sub> = {
  start: 'start',
  démarrer: 'start',
  demarrer: 'start',
  commencer: 'start',
  schedule: 'schedule',
  planifier: 'schedule',
  unschedule: 'unschedule',
  déplanifier: 'unschedule',
  deplanifier: 'unschedule',
  stop: 'stop',
  arrêter: 'stop',
  arreter: 'stop',
  arrêt: 'stop',
  next: 'next',
  suivante: 'next',
  suivant: 'next',
  pause: 'pause',
  resume: 'resume',
  reprendre: 'resume',
  question: 'question',
  poll: 'poll',
  sondage: 'poll',
  recap: 'recap',
  bilan: 'recap',
  export: 'export',
  exporter: 'export',
  status: 'status',
  statut: 'status',
  état: 'status',
  plans: 'plans',
  plan: 'plans',
  lang: 'lang',
  langue: 'lang',
  here: 'here',
  ici: 'here',
  help: 'help',
  aide: 'help',
  '?': 'help',
  'forget-me': 'forget-me',
  'oublie-moi': 'forget-me',
  'oubliez-moi': 'forget-me',
  new: 'new',
  nouveau: 'new',
  nouvelle: 'new',
  edit: 'edit',
  modifier: 'edit',
  'plan-file': 'plan-file',
  'fichier-plan': 'plan-file',
  delete: 'delete',
  supprimer: 'delete',
};

const PLAN_ID = /^[a-z0-9-]{1,64}$/;
const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The canonical sub-command for a word (English or French), if any. */
export function subOf(word: string): Sub | undefined {
  const key = word.toLowerCase();
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}

/**
 * Parses the text after the command name. Empty text means `help`.
 *
 * @example
 * parseCommand('poll "Lunch?" "Yes | Oui" "No | Non" --anonymous')
 */
export function parseCommand(text: string): ParseResult {
  const words = tokenize(text);
  const head = words?.[0] ?? (text.trim() ? text.trim().split(/\s+/)[0]! : 'help');
  const sub = subOf(head);
  if (!sub) return { ok: false, error: 'unknown', word: head.slice(0, 40) };
  if (!words) return { ok: false, error: 'usage', sub };
  const args = words.slice(1);
  const usage = { ok: false as const, error: 'usage' as const, sub };
  switch (sub) {
    case 'start':
    case 'schedule':
    case 'unschedule':
    case 'edit':
    case 'plan-file':
    case 'delete':
      return args.length === 1 && PLAN_ID.test(args[0]!) ? { ok: true, command: { sub, planId: args[0]! } } : usage;
    case 'stop':
    case 'next':
    case 'pause':
    case 'resume':
    case 'status':
    case 'plans':
    case 'here':
    case 'help':
    case 'forget-me':
    case 'new':
      return args.length === 0 ? { ok: true, command: { sub } } : usage;
    case 'question': {
      // Without quotes, the whole rest of the line is one question for every language.
      const rest = text.trim().slice(head.length).trim();
      if (rest && !/["“”«»'‘’]/.test(rest))
        return { ok: true, command: { sub, text: { en: rest, fr: rest }, oneLanguage: true } };
      return parseQuestion(args) ?? usage;
    }
    case 'poll':
      return parsePoll(args) ?? usage;
    case 'recap':
      if (args.length === 0) return { ok: true, command: { sub } };
      return args.length === 1 && RUN_ID.test(args[0]!) ? { ok: true, command: { sub, runId: args[0]! } } : usage;
    case 'export':
      return parseExport(args) ?? usage;
    case 'lang': {
      const lang = args[0]?.toLowerCase();
      return args.length === 1 && (lang === 'en' || lang === 'fr') ? { ok: true, command: { sub, lang } } : usage;
    }
  }
}

function parseQuestion(args: string[]): ParseResult | undefined {
  if (args.length < 1 || args.length > 2 || args.some((a) => !a)) return undefined;
  const [en, fr] = args as [string, string | undefined];
  return { ok: true, command: { sub: 'question', text: { en, fr: fr ?? en }, oneLanguage: fr === undefined } };
}

/**
 * Whether `command` gives a text in one language only where the chat has several: an
 * ad-hoc question or poll must then give both (`question "English" "français"`,
 * `poll "English | français" …`), or it is refused with its usage line.
 */
export function lacksLanguages(command: Command, languages: readonly Lang[]): boolean {
  return (command.sub === 'question' || command.sub === 'poll') && command.oneLanguage && languages.length > 1;
}

/** `"English | Français"` gives both languages; a single text serves both (`both` false). */
function bilingual(word: string): { text: Localized; both: boolean } {
  const [en, fr] = word.split(/\s+\|\s+/, 2).map((x) => x.trim());
  return { text: { en: en || word, fr: fr || en || word }, both: Boolean(en && fr) };
}

function parsePoll(args: string[]): ParseResult | undefined {
  const texts: string[] = [];
  let multiple = 1;
  let anonymous = false;
  let hidden = false;
  let closeAfterMs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--anonymous' || a === '--anonyme') anonymous = true;
    else if (a === '--hidden' || a === '--masqué' || a === '--masque') hidden = true;
    else if (a === '--multiple') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) return undefined;
      multiple = n;
    } else if (a === '--close' || a === '--fermer') {
      closeAfterMs = parseDuration(args[++i] ?? '');
      if (!closeAfterMs) return undefined;
    } else if (a.startsWith('--')) return undefined;
    else if (a) texts.push(a);
  }
  const [question, ...options] = texts.map(bilingual);
  if (!question || options.length < 2 || options.length > 10 || multiple > options.length) return undefined;
  const poll: AdHocPoll = {
    question: question.text,
    options: options.map((o) => o.text),
    multiple,
    anonymous,
    results: hidden ? 'hidden' : 'live',
    ...(closeAfterMs !== undefined ? { closeAfterMs } : {}),
  };
  return { ok: true, command: { sub: 'poll', poll, oneLanguage: [question, ...options].some((t) => !t.both) } };
}

function parseExport(args: string[]): ParseResult | undefined {
  const formats = ['md', 'csv', 'html'];
  if (args.length === 1 && formats.includes(args[0]!))
    return { ok: true, command: { sub: 'export', format: args[0] as ExportFormat } };
  if (args.length === 2 && RUN_ID.test(args[0]!) && formats.includes(args[1]!)) {
    return { ok: true, command: { sub: 'export', runId: args[0]!, format: args[1] as ExportFormat } };
  }
  return undefined;
}
