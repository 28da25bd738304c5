/**
 * Composition root: config -> store -> i18n -> plans -> scheduler -> engine -> adapters ->
 * HTTP server. With no platform settings it runs the local playground.
 */
import type { Config } from './config/load-config.js';
import type { PlatformAdapter } from './adapters/platform-adapter.js';
import type { Logger } from './core/ports.js';
import { ChatService } from './core/chat-service.js';
import { SCHEDULES_KEY } from './core/command-handler.js';
import { createLogger } from './infra/logger.js';
import { createStore } from './infra/store/create-store.js';
import { createMemoryLease } from './infra/memory-lease.js';
import { createRedisLease } from './infra/redis-lease.js';
import { createRedisCoordinator } from './infra/redis-coordinator.js';
import { createTranslator } from './infra/i18n.js';
import { createPlanSource } from './infra/plan-source.js';
import { createScheduler } from './infra/scheduler.js';
import { startHttpServer } from './infra/http-server.js';
import { loadAdapters } from './load-adapters.js';
import { createExporter } from './infra/create-exporter.js';
import { detectLanguage } from './infra/detect-language.js';

/** A running Roundtable process. */
export interface Running {
  port: number;
  service: ChatService;
  adapters: PlatformAdapter[];
  stop(): Promise<void>;
}

/**
 * Starts Roundtable with `config` and runs until SIGTERM/SIGINT (when `handleSignals`).
 *
 * @example
 * const running = await start(loadConfig({ PORT: '0' }), { handleSignals: false });
 */
export async function start(config: Config, opts: { handleSignals?: boolean; logger?: Logger } = {}): Promise<Running> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  let storeError: string | undefined;
  const store = await createStore(config.store, { logger, onError: (err) => (storeError = err.message) });
  const clock = { now: () => Date.now() };
  const lease = store.redis ? createRedisLease(store.redis) : createMemoryLease(clock);
  const translator = await createTranslator();
  const plans = createPlanSource(config.plansDir);
  const adapters = await loadAdapters(config, { logger, store, translator, plans });

  const scheduler = createScheduler({
    logger,
    ...(store.redis ? { coordinator: createRedisCoordinator(store.redis) } : {}),
    onStart: async (plan) => {
      await service.startScheduled(plan);
    },
    onReminder: async (plan, startAt) => {
      const channel = plan.channel ? await service.resolveChannel(plan.channel) : undefined;
      const port = channel && adapters.find((a) => a.platform === channel.platform)?.port;
      if (!channel || !port) return logger.warn({ plan: plan.id }, 'reminder skipped: the plan names no channel the bot can reach');
      await port.post(channel, { kind: 'reminder', langs: plan.languages, title: plan.title, startsAt: startAt.toISOString(), timezone: plan.timezone, ...(plan.hashtag ? { hashtag: plan.hashtag } : {}) }, { key: `reminder:${plan.id}:${startAt.toISOString()}` });
    },
  });
  const service: ChatService = new ChatService({
    store, lease, clock, logger, plans, organizers: config.organizers, speed: config.speed, commandName: config.command,
    ports: Object.fromEntries(adapters.map((a) => [a.platform, a.port])),
    scheduler: { arm: (p) => void scheduler.arm(p), disarm: (id) => void scheduler.disarm(id), armed: () => scheduler.armed() },
    exporter: createExporter({ store, translator, detectLanguage }),
    detectLanguage,
  });
  for (const a of adapters) a.attach(service);

  for (const id of (await store.getValue<string[]>(SCHEDULES_KEY)) ?? []) {
    const plan = await plans.get(id);
    if (plan) scheduler.arm(plan);
    else logger.warn({ plan: id }, 'a scheduled plan is no longer valid; it stays disarmed until fixed and scheduled again');
  }
  const purge = setInterval(() => void store.purgeBefore(Date.now() - config.retentionMs).catch((err: unknown) => logger.warn({ err }, 'retention purge failed')), 3_600_000);
  purge.unref();
  void store.purgeBefore(Date.now() - config.retentionMs).catch((err: unknown) => logger.warn({ err }, 'retention purge failed'));

  const http = await startHttpServer({
    host: config.host,
    port: config.port,
    logger,
    handlers: adapters.flatMap((a) => (a.http ? [a.http] : [])),
    ready: [
      async () => {
        const h = await store.health();
        return { name: 'store', ok: h.ok, ...(h.ok ? {} : { detail: h.error ?? storeError ?? 'unavailable' }) };
      },
      ...adapters.map((a) => async () => ({ name: a.platform, ...((await a.ready?.()) ?? { ok: true }) })),
    ],
  });
  for (const a of adapters) await a.start();
  service.startTicking();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info({}, 'shutting down');
      service.stop();
      await scheduler.stop();
      clearInterval(purge);
      for (const a of adapters) await a.stop().catch((err: unknown) => logger.warn({ err, platform: a.platform }, 'adapter stop failed'));
      await http.close();
      await store.close();
    })());
  if (opts.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  }
  return { port: http.port, service, adapters, stop };
}

/** `roundtable serve`: starts and keeps running until a signal. */
export async function serve(config: Config): Promise<void> {
  const running = await start(config, { handleSignals: true });
  const where = config.playground ? `Open http://localhost:${running.port} to rehearse a chat in your browser.` : `Roundtable is running on port ${running.port}.`;
  process.stdout.write(`${where}\n`);
  await new Promise<never>(() => undefined);
}
