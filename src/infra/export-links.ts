/**
 * Private download links to exports, served by Roundtable's own HTTP server: for platforms
 * where the bot cannot share a file (a Teams channel). A link holds 256 random bits, expires
 * after 24 hours, and names only the run and the format; the file is built when it is opened,
 * so people who asked to be forgotten are absent from it.
 */
import { randomBytes } from 'node:crypto';
import type { ExportFormat } from '../core/engine/commands.js';
import type { ExportLinks, Exporter } from '../core/service/command-handler.js';
import type { Logger, Store, Translator } from '../core/ports.js';
import type { Lang } from '../core/plan/plan.js';
import type { HttpHandler } from './http-server.js';

/** How long a link works. */
export const EXPORT_LINK_HOURS = 24;

const PATH = /^\/exports\/([A-Za-z0-9_-]{43})$/;

/** Both languages, the browser's preferred one (`Accept-Language`) first: a link is opened outside the chat, where nobody's choice is known. */
function languagesFor(acceptLanguage: string | undefined): Lang[] {
  const first = acceptLanguage?.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
  return first === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
}

/** Export links and the route that serves them. */
export function createExportLinks(deps: {
  store: Store;
  exporter: Exporter;
  publicUrl: string;
  logger: Logger;
  translator: Translator;
}): ExportLinks & { http: HttpHandler } {
  const base = deps.publicUrl.replace(/\/+$/, '');
  return {
    async create(run, format) {
      const token = randomBytes(32).toString('base64url');
      await deps.store.setValue(`export-link:${token}`, { runId: run.id, format }, EXPORT_LINK_HOURS * 3_600_000);
      deps.logger.info({ runId: run.id, format }, 'export link created');
      return { url: `${base}/exports/${token}`, hours: EXPORT_LINK_HOURS };
    },
    async http(req, res) {
      const m = req.method === 'GET' ? PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname) : null;
      if (!m) return false;
      const link = await deps.store.getValue<{ runId: string; format: ExportFormat }>(`export-link:${m[1]}`);
      const run = link && (await deps.store.getRun(link.runId));
      if (!link || !run) {
        const langs = languagesFor(req.headers['accept-language']);
        res.writeHead(404, {
          'content-type': 'text/plain; charset=utf-8',
          'content-language': langs.join(', '),
          'cache-control': 'no-store',
        });
        res.end(
          langs
            .map((lang) => `${deps.translator.t(lang, 'export:link.expired', { count: EXPORT_LINK_HOURS })}\n`)
            .join('\n'),
        );
        return true;
      }
      const file = await deps.exporter(run, link.format);
      res.writeHead(200, {
        'content-type': file.mime,
        'content-disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
      res.end(file.content);
      return true;
    },
  };
}
