/**
 * Adaptive Card checks for Teams: the official 1.5 JSON schema (`adaptive-card-1.5.schema.json`),
 * what Teams adds on top (a top-level `version` no higher than 1.5, the `msteams` extension for
 * full width and mentions), and a size margin under Teams' ~100 KB message limit.
 *
 * The schema declares `"$schema": draft-06` but names itself with the draft-04 keyword `id`,
 * which Ajv 8 refuses: the root `id` is rewritten to `$id` and Ajv gets the draft-06 meta-schema.
 *
 * @example
 * const errors = validateAdaptiveCard(card, specsDir);
 * expect(errors).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { formatAjvErrors } from './swagger-validator.js';

/** The attachment content type of an Adaptive Card. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Our safe margin for one card, serialized: 80 KB, under Teams' ~100 KB per message. */
export const ADAPTIVE_CARD_MAX_BYTES = 80 * 1024;
/** The highest card version Teams renders. */
export const TEAMS_MAX_CARD_VERSION = '1.5';
/** File name of the Adaptive Cards schema in the specs folder. */
export const ADAPTIVE_CARD_SCHEMA_FILE = 'adaptive-card-1.5.schema.json';

const MAX_SCHEMA_LINES = 20;

interface CompiledCardSchema {
  check: ValidateFunction;
  /** The validator of one definition (`TextBlock`, `Action.Execute`, ...). */
  definition(type: string): ValidateFunction;
  knownTypes: ReadonlySet<string>;
}

const cache = new Map<string, CompiledCardSchema>();

function compiledSchema(specsDir: string): CompiledCardSchema {
  const file = path.resolve(specsDir, ADAPTIVE_CARD_SCHEMA_FILE);
  const cached = cache.get(file);
  if (cached) return cached;
  const { id, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { id?: string };
  const require = createRequire(import.meta.url);
  const draft06 = JSON.parse(
    readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats.default(ajv);
  const $id = id ?? 'http://adaptivecards.io/schemas/adaptive-card.json';
  const check = ajv.compile({ ...schema, $id });
  const definition = (type: string): ValidateFunction => {
    const found = ajv.getSchema(`${$id}#/definitions/${type}`);
    if (!found) throw new Error(`${ADAPTIVE_CARD_SCHEMA_FILE} has no definition ${type}.`);
    return found;
  };
  const compiled = { check, definition, knownTypes: typeNames(schema.definitions) };
  cache.set(file, compiled);
  return compiled;
}

/** Every `type` value the schema's definitions allow (`TextBlock`, `Action.Execute`, ...). */
function typeNames(definitions: unknown): Set<string> {
  const names = new Set<string>();
  for (const def of Object.values(
    (definitions ?? {}) as Record<string, { properties?: { type?: { enum?: unknown[] } } }>,
  )) {
    for (const value of def.properties?.type?.enum ?? []) if (typeof value === 'string') names.add(value);
  }
  return names;
}

/** `type` values the schema does not know, with their JSON pointer; `data` payloads are skipped. */
function unknownTypes(node: unknown, known: ReadonlySet<string>, pointer: string, out: string[]): string[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => unknownTypes(item, known, `${pointer}/${i}`, out));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'type' && typeof value === 'string' && !known.has(value))
        out.push(`${pointer || '/'} unknown element or action type "${value}"`);
      else if (key !== 'data') unknownTypes(value, known, `${pointer}/${key}`, out);
    }
  }
  return out;
}

/** The value at a JSON pointer (`/body/0`) of `root`. */
function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function typeOf(node: unknown, known: ReadonlySet<string>): string | undefined {
  const type = node !== null && typeof node === 'object' ? (node as { type?: unknown }).type : undefined;
  return typeof type === 'string' && known.has(type) ? type : undefined;
}

/** Known-typed nodes of the card (the card itself included), outside `data` payloads. */
function typedNodes(
  node: unknown,
  known: ReadonlySet<string>,
  pointer: string,
  out: Array<{ pointer: string; type: string }>,
): Array<{ pointer: string; type: string }> {
  if (Array.isArray(node)) {
    node.forEach((item, i) => typedNodes(item, known, `${pointer}/${i}`, out));
  } else if (node !== null && typeof node === 'object') {
    const type = (node as { type?: unknown }).type;
    if (typeof type === 'string') {
      if (!known.has(type)) return out;
      out.push({ pointer, type });
    }
    for (const [key, value] of Object.entries(node))
      if (key !== 'data') typedNodes(value, known, `${pointer}/${key}`, out);
  }
  return out;
}

/**
 * The pointer of the closest known-typed node at or above `pointer`, or undefined when an
 * element of unknown type comes first (those are reported on their own).
 */
function owner(card: unknown, pointer: string, known: ReadonlySet<string>): string | undefined {
  const segments = pointer.split('/');
  for (let k = segments.length; k > 0; k -= 1) {
    const prefix = segments.slice(0, k).join('/');
    const node = at(card, prefix);
    if (typeOf(node, known) !== undefined) return prefix;
    if (node !== null && typeof node === 'object' && typeof (node as { type?: unknown }).type === 'string')
      return undefined;
  }
  return '';
}

/**
 * Readable schema errors. The schema tries every element definition in an `anyOf`, so its raw
 * errors bury the real one under the other branches' complaints: instead each typed node is
 * checked against its own definition, keeping the errors that belong to it, and a node whose
 * own check passes but whose parent refuses it is "not allowed here".
 */
function readableErrors(compiled: CompiledCardSchema, card: unknown, raw: readonly ErrorObject[]): string[] {
  const errors: ErrorObject[] = [];
  const lines: string[] = [];
  for (const { pointer, type } of typedNodes(card, compiled.knownTypes, '', [])) {
    const check = compiled.definition(type);
    if (check(at(card, pointer))) {
      if (raw.some((e) => e.keyword === 'anyOf' && e.instancePath === pointer))
        lines.push(`${pointer || '/'} a "${type}" is not allowed here`);
      continue;
    }
    for (const e of check.errors ?? []) {
      const instancePath = `${pointer}${e.instancePath}`;
      if (owner(card, instancePath, compiled.knownTypes) === pointer) errors.push({ ...e, instancePath });
    }
  }
  const all = [...formatAjvErrors(errors), ...lines];
  return all.length > 0 || unknownTypes(card, compiled.knownTypes, '', []).length > 0 ? all : formatAjvErrors(raw);
}

/** Checks the Teams-only `msteams` extension of a card: `{ width?: 'Full', entities?: mention[] }`. */
function msteamsErrors(msteams: unknown): string[] {
  if (msteams === null || typeof msteams !== 'object' || Array.isArray(msteams)) return ['/msteams must be an object'];
  const errors: string[] = [];
  const { width, entities, ...rest } = msteams as Record<string, unknown>;
  if (width !== undefined && width !== 'Full') errors.push('/msteams/width must be "Full"');
  if (entities !== undefined) {
    if (!Array.isArray(entities)) errors.push('/msteams/entities must be an array');
    else
      entities.forEach((e: unknown, i) => {
        const m = e as { type?: unknown; text?: unknown; mentioned?: { id?: unknown } } | null;
        if (!m || m.type !== 'mention' || typeof m.text !== 'string' || typeof m.mentioned?.id !== 'string') {
          errors.push(`/msteams/entities/${i} must be { type: "mention", text, mentioned: { id, name } }`);
        }
      });
  }
  for (const key of Object.keys(rest)) errors.push(`/msteams has an unknown property "${key}"`);
  return errors;
}

function versionErrors(version: unknown): string[] {
  if (version === undefined) return ['/ a top-level card needs "version" (Teams renders up to 1.5)'];
  const match = typeof version === 'string' ? /^(\d+)\.(\d+)$/.exec(version) : null;
  if (!match) return [`/version must look like "1.5", got ${JSON.stringify(version)}`];
  const [maxMajor, maxMinor] = TEAMS_MAX_CARD_VERSION.split('.').map(Number) as [number, number];
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > maxMajor || (major === maxMajor && minor > maxMinor)
    ? [`/version ${version} is above ${TEAMS_MAX_CARD_VERSION}, the highest Teams renders`]
    : [];
}

/**
 * Schema and Teams checks of one top-level card (no size check); an empty array when valid.
 * Lines are `<json pointer> <problem>`, unknown types first.
 */
export function validateAdaptiveCardSchema(card: unknown, specsDir: string): string[] {
  if (card === null || typeof card !== 'object' || Array.isArray(card))
    return ['/ an Adaptive Card must be a JSON object'];
  const compiled = compiledSchema(specsDir);
  const { check, knownTypes } = compiled;
  const { msteams, ...standard } = card as Record<string, unknown>;
  const errors = [
    ...unknownTypes(standard, knownTypes, '', []),
    ...versionErrors(standard.version),
    ...(msteams === undefined ? [] : msteamsErrors(msteams)),
  ];
  if (!check(standard)) {
    const lines = readableErrors(compiled, standard, check.errors ?? []);
    errors.push(...lines.slice(0, MAX_SCHEMA_LINES));
    if (lines.length > MAX_SCHEMA_LINES) errors.push(`... and ${lines.length - MAX_SCHEMA_LINES} more schema errors`);
  }
  return errors;
}

/** Bytes of the card serialized as JSON (UTF-8). */
export function adaptiveCardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card) ?? '', 'utf8');
}

/** One line when the serialized card is over `maxBytes` (80 KB by default), else none. */
export function adaptiveCardSizeErrors(card: unknown, maxBytes = ADAPTIVE_CARD_MAX_BYTES): string[] {
  const bytes = adaptiveCardBytes(card);
  return bytes > maxBytes
    ? [`/ the card is ${bytes} bytes serialized, over our ${maxBytes}-byte margin under Teams' ~100 KB limit`]
    : [];
}

/**
 * Everything a card the bot renders must pass: the 1.5 schema, Teams' own rules and the 80 KB
 * margin. Returns the problems, one line each; an empty array means the card is good.
 */
export function validateAdaptiveCard(card: unknown, specsDir: string): string[] {
  return [...validateAdaptiveCardSchema(card, specsDir), ...adaptiveCardSizeErrors(card)];
}
