/**
 * The local playground: a web page, served by Roundtable itself, that plays a channel for
 * rehearsals and demos with no Slack or Teams. The same engine, store and rights as the
 * platforms; bot posts are the same composed texts rendered as HTML, pushed to every tab
 * of a room over Server-Sent Events; each tab is a participant. The rooms are kept in the
 * store and come back after a restart.
 *
 * @example
 * const adapter = await createPlaygroundAdapter({ logger, store, translator, plans, speed: 1, commandName: '/roundtable', organizers: [] });
 */
import type { ChatService } from '../../core/service/chat-service.js';
import type { Logger, PlanSource, Store, Translator } from '../../core/ports.js';
import type { PlatformAdapter } from '../platform-adapter.js';
import { RoundtableError } from '../../core/errors.js';
import { Rooms } from './rooms.js';
import { RoomArchive } from './room-archive.js';
import { PlaygroundPort } from './playground-port.js';
import { PlaygroundApi } from './playground-api.js';
import { playgroundRoutes } from './playground-routes.js';
import { runView, type RunView } from './run-view.js';
import { StaticFiles } from './static-files.js';
import { roomChannel } from './room-channel.js';
import { webKeys } from './web-strings.js';

/** What the playground is built from. */
export interface PlaygroundDeps {
  logger: Logger;
  /** Where the rooms' posts are kept across restarts. */
  store: Store;
  translator: Translator;
  plans: PlanSource;
  /** `ROUNDTABLE_SPEED`: the speed the page selects first. */
  speed: number;
  /** `ROUNDTABLE_COMMAND`, typed in the composer (`/roundtable help`). */
  commandName: string;
  /** `ROUNDTABLE_ORGANIZERS`: a tab that ticks "I am the organizer" acts as the first one. */
  organizers: readonly string[];
  /** `ROUNDTABLE_PLAYGROUND_PUBLIC=1`: listening beyond loopback, any `Host` answered (warned at start). */
  public?: boolean;
}

/** Builds the playground adapter. */
export async function createPlaygroundAdapter(deps: PlaygroundDeps): Promise<PlatformAdapter> {
  const now = (): number => Date.now();
  const archive = new RoomArchive(deps.store, deps.logger);
  const rooms = new Rooms(archive);
  const restored = await archive.restore(rooms).catch((err: unknown) => {
    deps.logger.warn({ err }, 'could not read the playground channels from the store: they start empty');
    return 0;
  });
  const boot = now().toString(36);
  let seq = 0;
  const newId = () => `${boot}-${(++seq).toString(36)}`;
  let service: ChatService | undefined;
  const engine = (): ChatService => {
    if (!service)
      throw new RoundtableError('platform_unavailable', 'The playground is not attached to the engine yet.');
    return service;
  };

  /** The room's latest run; once `settled`, as it stands after the change under way (a post is made mid-change). */
  const runOf = async (roomId: string, settled = false): Promise<RunView | null> => {
    const desk = engine().desk;
    const latest = await desk.latestRun(roomChannel(roomId));
    const run = latest && settled ? await desk.settled(latest.id) : latest;
    return run ? runView(run, now()) : null;
  };
  const pending = new Set<string>();
  const pushRun = (roomId: string): void => {
    if (pending.has(roomId)) return;
    pending.add(roomId);
    setTimeout(() => {
      pending.delete(roomId);
      const room = rooms.find(roomId);
      if (!room || room.listeners.size === 0 || !service) return;
      runOf(roomId, true)
        .then((run) => room.broadcast('run', run))
        .catch((err: unknown) => deps.logger.warn({ err, room: roomId }, 'could not send the run state to the page'));
    }, 0);
  };

  const kit = { translator: deps.translator, command: deps.commandName };
  const port = new PlaygroundPort({ rooms, kit, now, newId, changed: pushRun });
  const api = new PlaygroundApi({
    rooms,
    port,
    service: engine,
    commandName: deps.commandName,
    organizers: deps.organizers,
    now,
    newId,
    pushRun,
  });
  const http = playgroundRoutes({
    api,
    rooms,
    runOf,
    files: new StaticFiles(),
    translator: deps.translator,
    plans: deps.plans,
    keys: webKeys(),
    commandName: deps.commandName,
    speed: deps.speed,
    organizerId: api.organizerId(),
    public: deps.public ?? false,
  });

  return {
    platform: 'playground',
    port,
    http,
    attach(s) {
      service = s;
    },
    async start() {
      if (deps.public)
        deps.logger.warn(
          {},
          'the playground is open to the network (ROUNDTABLE_PLAYGROUND_PUBLIC=1): anyone who reaches it has organizer rights',
        );
      deps.logger.info({ restored }, 'playground ready: open the page to rehearse a chat');
    },
    async stop() {
      for (const room of rooms.all()) for (const listener of [...room.listeners]) listener.close();
      await archive.flush();
    },
  };
}
