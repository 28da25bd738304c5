/**
 * Plan files on disk: every `*.yaml`, `*.yml` and `*.json` of a folder parsed with `yaml`
 * (which reads JSON too and keeps source ranges), validated, with located problems, and
 * duplicate ids across files refused. Problems are printed with the English texts of
 * `locales/en/plan.json` unless a translator is given.
 */
import { readFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { Lang, Plan } from '../core/plan/plan.js';
import type {
  PlanPath,
  PlanProblem,
  ProblemTranslator,
  ProblemVars,
  SourcePosition,
} from '../core/plan/plan-problem.js';
import type { PlanDocument } from '../core/plan/plan-reader.js';
import { idFromFileName, validatePlan } from '../core/plan/plan-validate.js';
import { PLAN_LIMITS } from '../core/plan/plan-limits.js';
import { isValidCron } from './cron-next.js';

/** One plan file once read: its plan when valid, otherwise every problem. */
export interface PlanFile {
  /** The file as given (folder joined with the name for a folder). */
  file: string;
  /** The plan's id; for an invalid file, its `id` text or its file name. */
  id: string;
  plan?: Plan;
  problems: PlanProblem[];
  /** Where the id is written (1:1 when it comes from the file name). */
  idAt: SourcePosition;
}

/** File names read as plans. */
export const PLAN_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

const START: SourcePosition = { line: 1, column: 1 };

function positionOf(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** Finds where a path is written in a parsed YAML document. */
function locator(doc: Document, lines: LineCounter): PlanDocument['locate'] {
  return (target: PlanPath, part: 'key' | 'value' = 'value') => {
    let node: unknown = doc.contents;
    let found = isNode(node) && node.range ? node.range[0] : 0;
    for (const [i, step] of target.entries()) {
      const last = i === target.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        const keyAt = isNode(pair.key) && pair.key.range ? pair.key.range[0] : found;
        const valueAt = isNode(pair.value) && pair.value.range ? pair.value.range[0] : keyAt;
        found = last && part === 'key' ? keyAt : valueAt;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number' && step < node.items.length) {
        node = node.items[step];
        if (isNode(node) && node.range) found = node.range[0];
      } else {
        break;
      }
    }
    return positionOf(lines, found);
  };
}

function syntaxProblem(file: string, at: SourcePosition, message: string): PlanProblem {
  return { file, ...at, code: 'yaml_syntax', vars: { message } };
}

function fallbackId(data: unknown, file: string): string {
  if (typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string') return data.id;
  return idFromFileName(file);
}

/** Parses and validates the text of one plan file. `file` is what problems show. */
export function parsePlanText(file: string, text: string): PlanFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => syntaxProblem(file, positionOf(lines, e.pos[0]), e.message));
    return { file, id: idFromFileName(file), problems, idAt: START };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file, id: idFromFileName(file), problems: [syntaxProblem(file, START, message)], idAt: START };
  }
  const locate = locator(doc, lines);
  const idAt = typeof data === 'object' && data !== null && 'id' in data ? locate(['id']) : START;
  const result = validatePlan({ file, data, locate }, { isValidCron });
  if (result.ok) return { file, id: result.plan.id, plan: result.plan, problems: [], idAt };
  return { file, id: fallbackId(data, file), problems: result.problems, idAt };
}

/**
 * Reads the start of a file: at most `maxBytes` + 1 bytes, so a file over the limit is known
 * as such without being read whole. Tests pass their own to count reads.
 */
export type PlanTextReader = (file: string, maxBytes: number) => Promise<Buffer>;

/** The `PlanTextReader` over the file system. */
export const readPlanHead: PlanTextReader = async (file, maxBytes) => {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
};

/** How `loadPlanFile` reads. */
export interface LoadPlanOptions {
  /** The file's size when already known (a `stat`): over the limit, the file is not even opened. */
  size?: number;
  read?: PlanTextReader;
}

/** A file over `PLAN_LIMITS.maxFileBytes`: listed with this problem, never parsed. */
function tooLarge(file: string, size: number): PlanFile {
  const vars = { size: Math.ceil(size / 1024), max: PLAN_LIMITS.maxFileBytes / 1024 };
  return { file, id: idFromFileName(file), problems: [{ file, ...START, code: 'file_too_large', vars }], idAt: START };
}

/**
 * Reads, parses and validates one plan file. An unreadable file is a problem, not a throw; a
 * file over 256 KB is a problem too, and is never read whole nor parsed.
 */
export async function loadPlanFile(file: string, opts: LoadPlanOptions = {}): Promise<PlanFile> {
  const max = PLAN_LIMITS.maxFileBytes;
  if (opts.size !== undefined && opts.size > max) return tooLarge(file, opts.size);
  let bytes: Buffer;
  try {
    bytes = await (opts.read ?? readPlanHead)(file, max);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      file,
      id: idFromFileName(file),
      problems: [{ file, ...START, code: 'file_unreadable', vars: { message } }],
      idAt: START,
    };
  }
  if (bytes.length > max) return tooLarge(file, Math.max(opts.size ?? 0, bytes.length));
  return parsePlanText(file, bytes.toString('utf8'));
}

/** The plan files of `dir` (not its subfolders), sorted by name, as full paths. Throws when the folder cannot be read. */
export async function planFilesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isPlanFileName(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => path.join(dir, name));
}

/** What a plan file looks like on disk now: its size, and a stamp that changes whenever it changes. */
export interface FileStamp {
  size: number;
  /** Inode, size, modification and change times: equal stamps, same content. */
  stamp: string;
}

/** The stamp of `file`, or undefined when it cannot be read (`loadPlanFile` then says why). */
export async function fileStamp(file: string): Promise<FileStamp | undefined> {
  try {
    const s = await stat(file);
    return { size: s.size, stamp: `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}` };
  } catch {
    return undefined;
  }
}

/** True for a file name read as a plan (`.yaml`, `.yml`, `.json`, not hidden). */
export function isPlanFileName(name: string): boolean {
  return !name.startsWith('.') && PLAN_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));
}

/**
 * Every plan file of `dir` (not its subfolders), sorted by name, with duplicate ids refused.
 * Throws when the folder cannot be read.
 */
export async function loadPlanFolder(dir: string): Promise<PlanFile[]> {
  const files = await Promise.all(
    (await planFilesOf(dir)).map(async (file) => {
      const now = await fileStamp(file);
      return loadPlanFile(file, now ? { size: now.size } : {});
    }),
  );
  return refuseDuplicateIds(files);
}

/**
 * Makes every valid plan whose id another valid plan also has invalid, with a
 * `duplicate_id` problem naming the other files.
 */
export function refuseDuplicateIds(files: readonly PlanFile[]): PlanFile[] {
  const byId = new Map<string, PlanFile[]>();
  for (const f of files) if (f.plan) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  return files.map((f) => {
    const same = byId.get(f.id) ?? [];
    if (!f.plan || same.length < 2) return f;
    const other = same
      .filter((o) => o !== f)
      .map((o) => o.file)
      .join(', ');
    const problem: PlanProblem = { file: f.file, ...f.idAt, code: 'duplicate_id', vars: { id: f.id, other } };
    return { file: f.file, id: f.id, problems: [problem], idAt: f.idAt };
  });
}

const texts = new Map<Lang, Record<string, string>>();

/** The `plan` namespace texts of `lang`, read once from `locales/<lang>/plan.json`. */
export function planTexts(lang: Lang): Record<string, string> {
  let table = texts.get(lang);
  if (!table) {
    const file = new URL(`../../locales/${lang}/plan.json`, import.meta.url);
    table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    texts.set(lang, table);
  }
  return table;
}

/** Replaces each `{{name}}` of `template` with `vars.name` (i18next's syntax, no escaping). */
export function interpolate(template: string, vars: ProblemVars): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translator over the `plan` texts of `lang` read from the locales folder. */
export function problemTranslator(lang: Lang): ProblemTranslator {
  return (code, vars) => {
    const template = planTexts(lang)[code];
    return template === undefined ? `${code} ${JSON.stringify(vars)}` : interpolate(template, vars);
  };
}

/** The sentence of a problem: with `t` when given, else in English. */
export function problemMessage(problem: PlanProblem, t: ProblemTranslator = problemTranslator('en')): string {
  return t(problem.code, problem.vars);
}

/** A problem as one line, `file:line:column  sentence`, as compilers print them. */
export function formatProblem(problem: PlanProblem, t?: ProblemTranslator): string {
  return `${problem.file}:${problem.line}:${problem.column}  ${problemMessage(problem, t)}`;
}
