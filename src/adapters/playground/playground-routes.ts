/**
 * The playground's HTTP routes on the shared server:
 * `GET /` (the page), `GET /playground/<file>` (its CSS and JavaScript),
 * `GET /playground/api/strings?lang=fr`, `GET /playground/api/plans`,
 * `GET /playground/api/room?room=R` (posts and run, as JSON),
 * `GET /playground/api/person?room=R&name=N` (the participant id of a name in a room),
 * `GET /playground/api/events?room=R&user=U` (Server-Sent Events),
 * `POST /playground/api/{message,vote,like,edit,delete,control}` (JSON),
 * `GET /playground/files/<room>/<id>` (an uploaded export).
 * Only this computer's page is answered (`request-origin.ts`: 403 otherwise).
 * A refusal answers `{ ok: false, error, key?, lang }`: the words a person can meet in the
 * language of the page that asked (a POST's `user.lang`), the others in English.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../../core/plan/plan.js';
import { LANGS } from '../../core/plan/plan.js';
import type { PlanSource, Translator } from '../../core/ports.js';
import type { HttpHandler } from '../../infra/http-server.js';
import type { Rooms } from './rooms.js';
import type { PlaygroundApi, ApiReply } from './playground-api.js';
import { MAX_NAME, NAME_REFUSALS, SPEEDS } from './playground-api.js';
import type { RunView } from './run-view.js';
import type { StaticFiles } from './static-files.js';
import { BadRequest, readJson, refusalBody, sendJson, stringField } from './http-io.js';
import { personIdOf } from './person-id.js';
import { openEventStream } from './sse.js';
import { BAD_ROOM, DEFAULT_ROOM, ROOM_ID } from './room-channel.js';
import { webStrings } from './web-strings.js';
import { originProblem } from './request-origin.js';

/** What the routes need. */
export interface PlaygroundRoutesDeps {
  api: PlaygroundApi;
  rooms: Rooms;
  files: StaticFiles;
  translator: Translator;
  plans: PlanSource;
  /** Keys of the `web` namespace. */
  keys: readonly string[];
  commandName: string;
  /** `ROUNDTABLE_SPEED`: the speed the page selects first. */
  speed: number;
  /** The id an organizer tab acts as (so the page knows its own posts and likes). */
  organizerId: string;
  /** The latest run of a room, as the page shows it. */
  runOf(roomId: string): Promise<RunView | null>;
  /** `ROUNDTABLE_PLAYGROUND_PUBLIC=1`: any `Host` is answered (a POST must still come from the page itself). */
  public: boolean;
}

/** Who an event stream is for: a participant id, or the organizer identity (which may be an email). */
const LISTENER_ID = /^[\w.@+-]{1,200}$/;

const POSTS: Record<string, (api: PlaygroundApi, body: Record<string, unknown>) => Promise<ApiReply>> = {
  message: (api, body) => api.message(body),
  vote: (api, body) => api.vote(body),
  like: (api, body) => api.like(body),
  edit: (api, body) => api.edit(body),
  delete: (api, body) => api.remove(body),
  control: (api, body) => api.control(body),
};

/** The playground's HTTP handler. */
export function playgroundRoutes(deps: PlaygroundRoutesDeps): HttpHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path !== '/' && !path.startsWith('/playground/')) return false;
    try {
      const problem = originProblem(req, { public: deps.public });
      if (problem) throw new BadRequest(403, problem);
      await route(req, res, url, deps);
    } catch (err) {
      if (!(err instanceof BadRequest)) throw err;
      sendJson(res, err.status, refusalBody(err, deps.translator, 'en'));
    }
    return true;
  };
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, deps: PlaygroundRoutesDeps): Promise<void> {
  const path = url.pathname;
  if (req.method === 'POST' && path.startsWith('/playground/api/')) {
    const action = POSTS[path.slice('/playground/api/'.length)];
    if (!action) throw new BadRequest(404, 'There is no such action.');
    const body = await readJson(req);
    try {
      sendJson(res, 200, { ok: true, ...(await action(deps.api, body)) });
    } catch (err) {
      if (!(err instanceof BadRequest)) throw err;
      // Once the body is read, a refusal speaks the language of the page that asked.
      sendJson(res, err.status, refusalBody(err, deps.translator, bodyLang(body)));
    }
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new BadRequest(405, 'Use GET here.');
  if (path === '/') return deps.files.send(res, 'index.html');
  switch (path) {
    case '/playground/api/strings': {
      const lang = langParam(url);
      sendJson(res, 200, { lang, command: deps.commandName, strings: webStrings(deps.translator, lang, deps.keys) });
      return;
    }
    case '/playground/api/plans':
      sendJson(res, 200, {
        speeds: speedsOffered(deps.speed),
        speed: deps.speed,
        organizer: deps.organizerId,
        plans: await plansOf(deps.plans),
      });
      return;
    case '/playground/api/room': {
      const room = deps.rooms.get(roomParam(url));
      sendJson(res, 200, { room: room.id, posts: room.views(), run: await deps.runOf(room.id) });
      return;
    }
    case '/playground/api/person': {
      const room = roomParam(url);
      const name = stringField({ name: url.searchParams.get('name') }, 'name', MAX_NAME, undefined, NAME_REFUSALS);
      sendJson(res, 200, { room, id: personIdOf(room, name) });
      return;
    }
    case '/playground/api/events':
      return events(req, res, url, deps);
  }
  const file = /^\/playground\/files\/([^/]+)\/([^/]+)$/.exec(path);
  if (file) return download(res, deps.rooms, decodeURIComponent(file[1]!), decodeURIComponent(file[2]!));
  const name = path.slice('/playground/'.length);
  if (deps.files.has(name)) return deps.files.send(res, name);
  throw new BadRequest(404, 'There is no such page.');
}

async function events(req: IncomingMessage, res: ServerResponse, url: URL, deps: PlaygroundRoutesDeps): Promise<void> {
  const room = deps.rooms.get(roomParam(url));
  const user = url.searchParams.get('user') ?? '';
  if (!LISTENER_ID.test(user)) throw new BadRequest(400, '"user" is not valid.');
  const run = await deps.runOf(room.id);
  const listener = openEventStream(req, res, user, (l) => room.listeners.delete(l));
  room.listeners.add(listener);
  listener.send('hello', { room: room.id, posts: room.views(), run });
}

function download(res: ServerResponse, rooms: Rooms, roomId: string, id: string): void {
  const file = rooms.find(roomId)?.posts.get(id)?.file;
  if (!file) throw new BadRequest(404, 'There is no such file.');
  res.writeHead(200, {
    'content-type': file.mime,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'content-security-policy': 'sandbox',
    'x-content-type-options': 'nosniff',
  });
  res.end(file.content);
}

/** The page's speeds plus `ROUNDTABLE_SPEED` when it is another one. */
function speedsOffered(speed: number): number[] {
  return [...new Set<number>([...SPEEDS, speed])].sort((a, b) => a - b);
}

async function plansOf(plans: PlanSource) {
  return (await plans.list(undefined, 'playground')).map((p) =>
    p.plan
      ? {
          id: p.id,
          title: p.plan.title,
          languages: p.plan.languages,
          durationMs: p.plan.durationMs,
          questions: p.plan.questions.length,
          polls: p.plan.polls.length,
        }
      : { id: p.id, error: p.error ?? 'invalid' },
  );
}

function langParam(url: URL): Lang {
  const lang = url.searchParams.get('lang');
  return LANGS.find((l) => l === lang) ?? 'en';
}

/** The page's language as a POST body says it (`user.lang`), else English. */
function bodyLang(body: Record<string, unknown>): Lang {
  const user = body.user;
  const lang = user && typeof user === 'object' ? (user as Record<string, unknown>).lang : undefined;
  return LANGS.find((l) => l === lang) ?? 'en';
}

function roomParam(url: URL): string {
  const room = url.searchParams.get('room') ?? DEFAULT_ROOM;
  if (!ROOM_ID.test(room))
    throw new BadRequest(400, 'A room name is 1 to 64 lower-case letters, digits, "-" or "_".', { key: BAD_ROOM });
  return room;
}
