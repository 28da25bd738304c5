/**
 * The page's own files (HTML, CSS, JavaScript) from `src/adapters/playground/public` at the
 * package root, found the same way from `src` (tsx, tests) and from `dist` (`npm start`):
 * tsc does not copy them, so they are read where they are written. Only the files present
 * in that folder are served, by exact name.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

/** The public folder: three levels above this file (in `src/adapters/playground` or `dist/adapters/playground`). */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../src/adapters/playground/public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Content-Security-Policy of the page: its own scripts, styles and connections only, no
 * inline script, no frames.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Serves the files of one folder by name. */
export class StaticFiles {
  private readonly names: ReadonlySet<string>;

  constructor(private readonly dir: string = PUBLIC_DIR) {
    this.names = new Set(
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && TYPES[path.extname(e.name)])
        .map((e) => e.name),
    );
  }

  /** Whether `name` is one of the files served. */
  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Sends file `name` (which `has` accepted). */
  async send(res: ServerResponse, name: string): Promise<void> {
    const body = await readFile(path.join(this.dir, name));
    res.writeHead(200, {
      'content-type': TYPES[path.extname(name)]!,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': PAGE_CSP,
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  }
}
