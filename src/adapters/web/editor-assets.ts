/**
 * The editor's script and style sheet, read from `src/adapters/web/public` (tsc does not copy
 * them; the same path serves `src` and `dist`), by exact name only.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { send } from './web-io.js';

const DIR = new URL('../../../src/adapters/web/public/', import.meta.url);
const FILES: Record<string, string> = {
  'editor.js': 'text/javascript; charset=utf-8',
  'editor.css': 'text/css; charset=utf-8',
};
const cache = new Map<string, string>();

/** Serves `name` when it is one of the editor's files; true when answered. */
export function editorAsset(name: string, res: ServerResponse): boolean {
  const type = FILES[name];
  if (!type) return false;
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(new URL(name, DIR), 'utf8')));
  send(res, 200, type, text);
  return true;
}
