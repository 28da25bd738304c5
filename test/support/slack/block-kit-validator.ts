/**
 * Validates a message's Block Kit the way Slack does before posting it: the official JSON
 * Schema (`slack-block-kit.schema.json`, draft 2020-12, via Ajv) plus the message-level
 * limits the schema cannot express (50 blocks, unique ids, text lengths).
 *
 * @example
 * const problems = validateBlockKit({ text: 'Q1', blocks }, specsDir);
 * expect(problems).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Most blocks Slack accepts in one message (the schema allows 100: modals and Home tabs). */
export const MAX_MESSAGE_BLOCKS = 50;
/** Most characters of a message's top-level `text`. */
export const MAX_MESSAGE_TEXT = 40_000;

const SCHEMA_FILE = 'slack-block-kit.schema.json';

interface CompiledBlockKit {
  /** The schema's root: an array of blocks. */
  blocks: ValidateFunction;
  /** One validator per block `type`, for errors that name the right branch. */
  byType: Map<string, ValidateFunction>;
}

const cache = new Map<string, CompiledBlockKit>();

/** Compiles the schema of `specsDir` once per folder. */
function compiled(specsDir: string): CompiledBlockKit {
  const key = path.resolve(specsDir);
  const hit = cache.get(key);
  if (hit) return hit;
  const schema = JSON.parse(readFileSync(path.join(key, SCHEMA_FILE), 'utf8')) as {
    $id: string;
    $defs: Record<string, { oneOf?: { $ref: string }[]; properties?: { type?: { const?: string } } }>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const blocks = ajv.compile(schema);
  const byType = new Map<string, ValidateFunction>();
  for (const branch of schema.$defs.block?.oneOf ?? []) {
    const defName = branch.$ref.replace('#/$defs/', '');
    const type = schema.$defs[defName]?.properties?.type?.const;
    const validate = ajv.getSchema(`${schema.$id}#/$defs/${defName}`);
    if (type && validate) byType.set(type, validate);
  }
  const entry = { blocks, byType };
  cache.set(key, entry);
  return entry;
}

/** Slack's way of naming a failing place: `must be ... [json-pointer:/blocks/0/text]`. */
function describe(error: ErrorObject, prefix: string): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.message ?? error.keyword}${extra} [json-pointer:${prefix}${error.instancePath}]`;
}

/** Schema errors of each block, validated against the definition its `type` names. */
function schemaProblems(blocks: unknown[], kit: CompiledBlockKit): string[] {
  const problems: string[] = [];
  blocks.forEach((block, i) => {
    const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined;
    const validate = typeof type === 'string' ? kit.byType.get(type) : undefined;
    if (!validate) {
      problems.push(`unsupported block type: ${String(type)} [json-pointer:/blocks/${i}/type]`);
      return;
    }
    if (!validate(block)) problems.push(...(validate.errors ?? []).map((e) => describe(e, `/blocks/${i}`)));
  });
  if (problems.length === 0 && !kit.blocks(blocks)) {
    problems.push(...(kit.blocks.errors ?? []).map((e) => describe(e, '/blocks')));
  }
  return [...new Set(problems)];
}

/** The `text` of a text object, or undefined. */
function textOf(value: unknown): string | undefined {
  const text = typeof value === 'object' && value !== null ? (value as { text?: unknown }).text : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** Visits every object in `value` with its JSON pointer. */
function walk(value: unknown, pointer: string, visit: (node: Record<string, unknown>, pointer: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${pointer}/${i}`, visit));
  } else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    visit(node, pointer);
    for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${key}`, visit);
  }
}

/** Message-level rules the schema cannot check: ids unique in the message, text lengths. */
function limitProblems(blocks: unknown[]): string[] {
  const problems: string[] = [];
  if (blocks.length > MAX_MESSAGE_BLOCKS) {
    problems.push(
      `no more than ${MAX_MESSAGE_BLOCKS} items allowed in a message, got ${blocks.length} [json-pointer:/blocks]`,
    );
  }
  const seen = { block_id: new Map<string, string>(), action_id: new Map<string, string>() };
  const limit = (text: string | undefined, max: number, what: string, at: string): void => {
    if (text !== undefined && text.length > max) {
      problems.push(
        `${what} must be no more than ${max} characters, got ${text.length} [json-pointer:${at}/text/text]`,
      );
    }
  };
  walk(blocks, '/blocks', (node, at) => {
    for (const key of ['block_id', 'action_id'] as const) {
      const id = node[key];
      if (typeof id !== 'string') continue;
      const first = seen[key].get(id);
      if (first !== undefined)
        problems.push(`duplicate ${key} "${id}" (first at ${first}) [json-pointer:${at}/${key}]`);
      else seen[key].set(id, at);
    }
    if (node.type === 'section') limit(textOf(node.text), 3_000, 'section text', at);
    if (node.type === 'header') limit(textOf(node.text), 150, 'header text', at);
    if (node.type === 'button') limit(textOf(node.text), 75, 'button text', at);
    if (node.type === 'actions' && Array.isArray(node.elements) && node.elements.length > 25) {
      problems.push(
        `an actions block holds at most 25 elements, got ${node.elements.length} [json-pointer:${at}/elements]`,
      );
    }
  });
  return problems;
}

/**
 * Everything Slack would refuse in this message's `text` and `blocks`; empty when valid.
 * Each problem ends with the JSON pointer of its place, as in Slack's `invalid_blocks`
 * `response_metadata.messages` (without Slack's `[ERROR] ` prefix).
 *
 * @param message - the message's top-level `text` and `blocks`
 * @param specsDir - the folder holding `slack-block-kit.schema.json`
 */
export function validateBlockKit(message: { text?: string; blocks?: unknown[] }, specsDir: string): string[] {
  const problems: string[] = [];
  const { text, blocks } = message;
  if (text !== undefined && text.length > MAX_MESSAGE_TEXT) {
    problems.push(`text must be no more than ${MAX_MESSAGE_TEXT} characters, got ${text.length} [json-pointer:/text]`);
  }
  if (blocks === undefined) {
    if (!text) problems.push('a message needs text or blocks [json-pointer:/]');
    return problems;
  }
  if (!Array.isArray(blocks)) return [...problems, 'blocks must be an array [json-pointer:/blocks]'];
  if (blocks.length === 0 && !text) problems.push('blocks must not be empty without text [json-pointer:/blocks]');
  if (blocks.length > 0) problems.push(...schemaProblems(blocks, compiled(specsDir)));
  problems.push(...limitProblems(blocks));
  return problems;
}
