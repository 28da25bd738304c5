/**
 * Validates request bodies against the Bot Connector swagger (`bot-framework-connector-api.json`):
 * every `#/definitions/...` is compiled by Ajv under one document id, so internal references
 * resolve as they do in the swagger itself.
 *
 * @example
 * const swagger = connectorSwaggerValidator(specsDir);
 * swagger.validate('Activity', { type: 'message', text: 'hi' }); // []
 * swagger.validate('Activity', { type: 'nonsense' });           // ['/type must be equal to one of the allowed values']
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** File name of the Bot Connector swagger in the specs folder. */
export const CONNECTOR_SWAGGER_FILE = 'bot-framework-connector-api.json';

const DOC_ID = 'https://roundtable.test/bot-framework-connector-api.json';

/** Checks values against named swagger definitions (`Activity`, `ConversationParameters`, ...). */
export interface SwaggerValidator {
  /** Error lines (`<json pointer> <message>`), empty when `value` matches `#/definitions/<definition>`. */
  validate(definition: string, value: unknown): string[];
  /** The definition names the swagger declares. */
  readonly definitions: readonly string[];
}

const cache = new Map<string, SwaggerValidator>();

/** The validator for the connector swagger in `specsDir`, compiled once per folder. */
export function connectorSwaggerValidator(specsDir: string): SwaggerValidator {
  const file = path.resolve(specsDir, CONNECTOR_SWAGGER_FILE);
  const cached = cache.get(file);
  if (cached) return cached;
  const swagger = JSON.parse(readFileSync(file, 'utf8')) as { definitions?: Record<string, unknown> };
  if (!swagger.definitions) throw new Error(`${file} has no "definitions": is it the Bot Connector swagger?`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: DOC_ID, definitions: swagger.definitions });
  const compiled = new Map<string, ValidateFunction>();
  const definitions = Object.keys(swagger.definitions);
  const validator: SwaggerValidator = {
    definitions,
    validate(definition, value) {
      let check = compiled.get(definition);
      if (!check) {
        if (!definitions.includes(definition))
          throw new Error(`The connector swagger has no definition "${definition}".`);
        check = ajv.getSchema(`${DOC_ID}#/definitions/${definition}`);
        if (!check) throw new Error(`Ajv could not compile #/definitions/${definition}.`);
        compiled.set(definition, check);
      }
      return check(value) ? [] : formatAjvErrors(check.errors);
    },
  };
  cache.set(file, validator);
  return validator;
}

/** Ajv errors as short, de-duplicated lines: `<instance path or /> <message>`. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String).join(', ')})`
          : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
  });
  return [...new Set(lines)];
}
