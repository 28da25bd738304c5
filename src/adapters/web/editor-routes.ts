/**
 * The plan editor over HTTP: `/editor/<token>` (the page), `…/validate`, `…/save`,
 * `…/restore`, `…/import`, `…/yaml`, and `/plans/<token>/<plan-id>.yaml`. Every request
 * checks the token first (404 unknown or altered, 410 expired, 403 other workspace or no
 * longer an organizer), every POST its `Origin`; nothing in a refused request changes a plan.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../../core/plan/plan.js';
import type { PlanProblem } from '../../core/plan/plan-problem.js';
import type { Translator } from '../../core/ports.js';
import type { EditorGrant } from '../../core/service/editor-tokens.js';
import type { PlanEditing } from '../../core/service/plan-editing.js';
import { editorPage, refusedPage } from './editor-page.js';
import { RefusalBrake, readBody, sameOrigin, send, sendJson } from './web-io.js';
import { editorAsset } from './editor-assets.js';

/** What the editor's routes need. */
export interface EditorRoutesDeps {
  editing: PlanEditing;
  t: Translator;
  /** The origin POSTs must come from: ROUNDTABLE_PUBLIC_URL's (the playground: the page's own host). */
  origin(req: IncomingMessage): string;
  now(): number;
  /** Parses an imported YAML or JSON text with the plan reader: its data, or located problems. */
  importText(text: string): { data?: unknown; problems: PlanProblem[] };
  toYaml(data: unknown): string;
  /** `<plan-id>.yaml` of a plan of a workspace (a file plan byte for byte). */
  planFile(workspace: string, id: string): Promise<{ name: string; content: string } | undefined>;
  /** The playground: `/editor` with no token, as this grant (loopback only, checked by the caller). */
  playgroundGrant?: EditorGrant;
}

const EDITOR = /^\/editor\/([^/]+)(?:\/(validate|save|restore|import|yaml))?$/;
const PLAYGROUND = /^\/editor(?:\/(validate|save|restore|import|yaml))?$/;
const PLAN_FILE = /^\/plans\/([^/]+)\/([a-z0-9-]{1,64})\.yaml$/;

/** The route handler: true when the request was the editor's. */
export function editorRoutes(deps: EditorRoutesDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const brake = new RefusalBrake(deps.now);
  const refuse = (res: ServerResponse, address: string, status: 403 | 404 | 410): void => {
    brake.refused(address);
    send(res, status, 'text/html; charset=utf-8', refusedPage(deps.t, 'invalid'));
  };
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/editor-assets/'))
      return editorAsset(url.pathname.slice('/editor-assets/'.length), res);
    const playground = deps.playgroundGrant ? PLAYGROUND.exec(url.pathname) : null;
    const m = playground ? null : (EDITOR.exec(url.pathname) ?? PLAN_FILE.exec(url.pathname));
    if (!playground && !m) return false;
    const address = req.socket.remoteAddress ?? '';
    if (brake.blocked(address)) {
      send(res, 429, 'text/html; charset=utf-8', refusedPage(deps.t, 'tooMany'), { 'retry-after': '60' });
      return true;
    }
    let grant = deps.playgroundGrant;
    if (!playground) {
      const checked = await deps.editing.grantOf(decodeURIComponent(m![1]!));
      if (!checked.ok) return (refuse(res, address, checked.status), true);
      grant = checked.grant;
    }
    const base = playground ? '/editor' : `/editor/${m![1]}`;
    const action = playground ? playground[1] : PLAN_FILE.test(url.pathname) ? 'plan-file' : m![2];
    await route(deps, req, res, { grant: grant!, base, action, url, refuse: (status) => refuse(res, address, status) });
    return true;
  };
}

interface RouteContext {
  grant: EditorGrant;
  base: string;
  action: string | undefined;
  url: URL;
  refuse(status: 403 | 404 | 410): void;
}

async function route(
  deps: EditorRoutesDeps,
  req: IncomingMessage,
  res: ServerResponse,
  c: RouteContext,
): Promise<void> {
  if (c.action === 'plan-file') return planFile(deps, res, c);
  if (c.action === undefined) {
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'GET only', { allow: 'GET' });
    const lang = pageLang(c.url, c.grant.lang);
    const asked = c.url.searchParams.has('duplicate') ? '' : (c.url.searchParams.get('plan') ?? undefined);
    const state = await deps.editing.open(c.grant, asked);
    return send(res, 200, 'text/html; charset=utf-8', editorPage({ state, lang, base: c.base, t: deps.t }));
  }
  if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only', { allow: 'POST' });
  if (!sameOrigin(req, deps.origin(req)))
    return send(res, 403, 'text/plain; charset=utf-8', 'Cross-site request refused.');
  const body = await readBody(req);
  if (typeof body === 'number') return sendJson(res, body, { ok: false });
  const lang: Lang = body.lang === 'fr' ? 'fr' : 'en';
  const problems = (list: PlanProblem[]) =>
    list.map((p) => ({
      path: p.path ?? [],
      line: p.line,
      column: p.column,
      message: deps.t.t(lang, `plan:${p.code}`, p.vars),
    }));
  if (c.action === 'validate')
    return sendJson(res, 200, { ok: true, problems: problems(deps.editing.validate(body.plan)) });
  if (c.action === 'yaml') return sendJson(res, 200, { ok: true, yaml: deps.toYaml(body.plan) });
  if (c.action === 'import') {
    const parsed = deps.importText(typeof body.text === 'string' ? body.text : '');
    return sendJson(res, 200, {
      ok: parsed.problems.length === 0,
      data: parsed.data ?? null,
      problems: problems(parsed.problems),
    });
  }
  const base = typeof body.baseVersion === 'number' ? body.baseVersion : undefined;
  const result =
    c.action === 'save'
      ? await deps.editing.save(c.grant, body.plan, base)
      : await deps.editing.restore(c.grant, String(body.id ?? ''), Number(body.number), base ?? 0);
  if ('status' in result) return c.refuse(result.status);
  if (result.ok) return sendJson(res, 200, { ok: true, id: result.saved.id, number: result.saved.number });
  if (result.reason === 'invalid') return sendJson(res, 422, { ok: false, problems: problems(result.problems) });
  if (result.reason === 'conflict')
    return sendJson(res, 409, {
      ok: false,
      by: result.latest.author.name,
      at: new Date(result.latest.at).toISOString(),
      number: result.latest.number,
    });
  return sendJson(res, 404, { ok: false });
}

async function planFile(deps: EditorRoutesDeps, res: ServerResponse, c: RouteContext): Promise<void> {
  const id = PLAN_FILE.exec(c.url.pathname)?.[2] ?? '';
  const file = await deps.planFile(c.grant.workspace, id);
  if (!file) return send(res, 404, 'text/html; charset=utf-8', refusedPage(deps.t, 'invalid'));
  send(res, 200, 'application/yaml; charset=utf-8', file.content, {
    'content-disposition': `attachment; filename="${id}.yaml"`,
  });
}

function pageLang(url: URL, fallback: Lang): Lang {
  const asked = url.searchParams.get('lang');
  return asked === 'fr' || asked === 'en' ? asked : fallback;
}
