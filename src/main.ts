/**
 * Composition root: config -> store -> i18n -> plans -> scheduler -> engine -> adapters ->
 * HTTP server (`/healthz`, `/readyz`, `/metrics`). With no platform settings it runs the
 * local playground. `stop()` (SIGTERM, SIGINT) shuts down gracefully: readiness fails
 * first, work under way finishes (its steps journaled, its leases released), then the
 * adapters and the store close.
 */
import type { Config } from './config/load-config.js';
import type { PlatformAdapter } from './adapters/platform-adapter.js';
import type { Lease, Logger } from './core/ports.js';
import { ChatService } from './core/service/chat-service.js';
import { scheduleWorkspaceKey } from './core/service/plan-commands.js';
import { PlanCatalogue } from './core/service/plan-catalogue.js';
import { EditorTokens } from './core/service/editor-tokens.js';
import { createPlanStore } from './infra/plans/record-plan-store.js';
import { createPlanTexts } from './infra/plans/plan-texts.js';
import { PlanEditing } from './core/service/plan-editing.js';
import { importPlanText, planDataToYaml, validatePlanData } from './infra/plans/plan-data.js';
import { editorRoutes } from './adapters/web/editor-routes.js';
import { createLogger } from './infra/logger.js';
import { createStore } from './infra/store/create-store.js';
import { createMemoryLease } from './infra/memory-lease.js';
import { createRedisLease } from './infra/redis-lease.js';
import { createRedisCoordinator } from './infra/redis-coordinator.js';
import { createTranslator } from './infra/i18n.js';
import { createPlanSource } from './infra/plan-source.js';
import { createScheduler, type Scheduler } from './infra/scheduler.js';
import { startHttpServer, type HttpLimits } from './infra/http-server.js';
import { urlCredentials } from './infra/url-credentials.js';
import { loadAdapters, type AdapterDeps } from './load-adapters.js';
import { createMetrics, type MetricsRegistry } from './infra/metrics.js';
import { platformCollector, queueCollector, reportsStats, storeCollector } from './infra/metrics-collectors.js';
import { withDeadline } from './infra/store/guarded-backend.js';
import { StoreError } from './infra/store/store-error.js';
import { createExporter } from './infra/create-exporter.js';
import { createExportLinks } from './infra/export-links.js';
import { detectLanguage } from './infra/detect-language.js';
import { createAnonymousKeys } from './infra/anonymous-keys.js';
import { RoundtableError } from './core/errors.js';
import { randomBytes } from 'node:crypto';

/** A running Roundtable process. */
export interface Running {
  port: number;
  service: ChatService;
  adapters: PlatformAdapter[];
  /** The registry behind `/metrics`. */
  metrics: MetricsRegistry;
  /** Scheduled starts armed in this process. */
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** Options of `start`. */
export interface StartOptions {
  /** Stop gracefully on SIGTERM/SIGINT, then exit. */
  handleSignals?: boolean;
  logger?: Logger;
  /** Builds the platform adapters (default: from the settings). Tests pass their own. */
  loadAdapters?: (config: Config, deps: AdapterDeps) => Promise<PlatformAdapter[]>;
  /** Longest wait for work under way at shutdown before the store closes anyway (default 10 s). */
  shutdownGraceMs?: number;
  /** How often the plans scheduled in the store (through any instance) are armed here (default 30 s). */
  scheduleSyncMs?: number;
  /** HTTP time and connection limits other than the defaults (tests set small ones). */
  httpLimits?: Partial<HttpLimits>;
}

/** How long a lease round trip may take before it counts as a storage failure. */
const LEASE_TIMEOUT_MS = 5000;

/**
 * Starts Roundtable with `config` and runs until SIGTERM/SIGINT (when `handleSignals`).
 *
 * @example
 * const running = await start(loadConfig({ PORT: '0' }), { handleSignals: false });
 */
export async function start(config: Config, opts: StartOptions = {}): Promise<Running> {
  const serverSecret = serverSecretOf(config);
  const secrets = [
    config.slack?.botToken,
    config.slack?.appToken,
    config.slack?.signingSecret,
    config.teams?.appPassword,
    serverSecret.toString('base64'),
    serverSecret.toString('base64url'),
    ...urlCredentials(config.slack?.apiUrl),
  ].filter((x): x is string => Boolean(x));
  const logger = opts.logger ?? createLogger(config.logLevel, undefined, secrets);
  const metrics = createMetrics(logger);
  let storeError: string | undefined;
  // The server holds a SQLite store for itself: a second process on the file is refused.
  const store = await createStore(config.store, {
    logger,
    exclusive: true,
    onError: (err) => (storeError = err.message),
  });
  const clock = { now: () => Date.now() };
  const lease = store.redis ? guardLease(createRedisLease(store.redis), logger) : createMemoryLease(clock);
  const translator = await createTranslator();
  const planStore = createPlanStore(store.planRecords, clock);
  const plans = new PlanCatalogue(createPlanSource(config.plansDir), planStore, createPlanTexts(config.plansDir));
  const editorTokens = new EditorTokens(store, clock, config.editorIdleMs);
  // Outside the playground a link must reach people's browsers: without a public address none is made.
  const editorLinks =
    config.playground || config.publicUrlSet
      ? { tokens: editorTokens, base: config.publicUrl.replace(/\/+$/, '') }
      : undefined;
  /** The plan `id` as it starts now: the latest version in the workspace it was scheduled in. */
  const latestScheduled = async (id: string) => plans.get(id, await store.getValue<string>(scheduleWorkspaceKey(id)));
  const adapters = await (opts.loadAdapters ?? loadAdapters)(config, { logger, store, translator, plans });

  const scheduler = createScheduler({
    logger,
    ...(store.redis ? { coordinator: createRedisCoordinator(store.redis) } : {}),
    onStart: async (plan) => {
      // Unscheduled through another instance since this one last synced: it does not start.
      if (!(await service.schedules?.listed(plan.id)))
        return logger.info({ plan: plan.id }, 'scheduled start skipped: the plan is no longer scheduled');
      // A schedule follows the plan: each start takes the version current at that moment.
      await service.startScheduled((await latestScheduled(plan.id)) ?? plan);
    },
    onReminder: async (plan, startAt) => {
      const channel = plan.channel ? await service.resolveChannel(plan.channel) : undefined;
      const port = channel && adapters.find((a) => a.platform === channel.platform)?.port;
      if (!channel || !port)
        return logger.warn({ plan: plan.id }, 'reminder skipped: the plan names no channel the bot can reach');
      await port.post(
        channel,
        {
          kind: 'reminder',
          langs: plan.languages,
          title: plan.title,
          startsAt: startAt.toISOString(),
          timezone: plan.timezone,
          ...(plan.hashtag ? { hashtag: plan.hashtag } : {}),
        },
        { key: `reminder:${plan.id}:${startAt.toISOString()}` },
      );
    },
  });
  const keys = createAnonymousKeys(serverSecret);
  const exporter = createExporter({ store, translator, detectLanguage, keys });
  const exportLinks = createExportLinks({ store, exporter, publicUrl: config.publicUrl, logger, translator });
  const service: ChatService = new ChatService({
    store,
    keys,
    lease,
    clock,
    logger,
    plans,
    organizers: config.organizers,
    speed: config.speed,
    ...(editorLinks ? { editorLinks } : {}),
    ports: Object.fromEntries(adapters.map((a) => [a.platform, a.port])),
    scheduler: {
      arm: (p) => void scheduler.arm(p),
      disarm: (id) => void scheduler.disarm(id),
      armed: () => scheduler.armed(),
    },
    exporter,
    exportLinks,
    detectLanguage,
    metrics,
  });
  metrics.onScrape(storeCollector(store));
  metrics.onScrape(queueCollector(store));
  metrics.onScrape(platformCollector(adapters.filter(reportsStats)));
  for (const a of adapters) a.attach(service);

  // Every instance arms what is scheduled in the store, now and every `scheduleSyncMs`: a plan
  // scheduled or unscheduled through another instance is followed, and a start while the
  // store is down (not ready) arms once it answers. The cron coordinator runs each slot once.
  const syncSchedules = (): Promise<void> =>
    service.schedules
      ?.sync()
      .catch((err: unknown) => logger.warn({ err }, 'could not read the scheduled plans; trying again later')) ??
    Promise.resolve();
  await syncSchedules();
  const scheduleSync = setInterval(() => void syncSchedules(), opts.scheduleSyncMs ?? 30_000);
  scheduleSync.unref();
  const purge = setInterval(
    () =>
      void store
        .purgeBefore(Date.now() - config.retentionMs)
        .catch((err: unknown) => logger.warn({ err }, 'retention purge failed')),
    3_600_000,
  );
  purge.unref();
  void store
    .purgeBefore(Date.now() - config.retentionMs)
    .catch((err: unknown) => logger.warn({ err }, 'retention purge failed'));

  const editing = new PlanEditing({
    tokens: editorTokens,
    catalogue: plans,
    organizers: config.organizers,
    validate: validatePlanData,
    fileData: async (id) => readFileData(plans, id),
  });
  const publicOrigin = new URL(config.publicUrl).origin;
  const editor = editorRoutes({
    editing,
    t: translator,
    now: () => clock.now(),
    importText: importPlanText,
    toYaml: planDataToYaml,
    planFile: (ws, id) => plans.fileOf(ws, id),
    // The playground is on this computer only: its page is the organizer, as for its commands.
    origin: (req) => (config.playground ? `http://${req.headers.host ?? ''}` : publicOrigin),
    ...(config.playground
      ? {
          playgroundGrant: {
            user: { id: 'playground-organizer', name: 'Organizer' },
            platform: 'playground' as const,
            workspace: 'playground',
            lang: 'en' as const,
            viaRole: true,
            issuedAt: 0,
            usedAt: 0,
          },
        }
      : {}),
  });

  let stopping: Promise<void> | undefined;
  const http = await startHttpServer({
    host: config.host,
    port: config.port,
    logger,
    handlers: [editor, exportLinks.http, ...adapters.flatMap((a) => (a.http ? [a.http] : []))],
    metrics: () => metrics.render(),
    ...(opts.httpLimits ? { limits: opts.httpLimits } : {}),
    ready: [
      async () => ({ name: 'process', ok: !stopping, ...(stopping ? { detail: 'shutting down' } : {}) }),
      async () => {
        const h = await store.health();
        return { name: 'store', ok: h.ok, ...(h.ok ? {} : { detail: h.error ?? storeError ?? 'unavailable' }) };
      },
      ...adapters.map((a) => async () => ({ name: a.platform, ...((await a.ready?.()) ?? { ok: true }) })),
    ],
  }).catch(async (err: unknown) => {
    // Nothing listens (a port in use): let go of what was opened, the SQLite store's lock first of all, so the process can exit.
    clearInterval(purge);
    clearInterval(scheduleSync);
    await scheduler.stop();
    await store.close();
    throw err;
  });
  for (const a of adapters) await a.start();
  service.startTicking();

  const graceMs = opts.shutdownGraceMs ?? 10_000;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info({ graceMs }, 'shutting down: finishing the work under way');
      const closing = http.close();
      clearInterval(purge);
      clearInterval(scheduleSync);
      await scheduler.stop();
      if (!(await withGrace(service.stop(), graceMs))) {
        logger.warn(
          { graceMs },
          'work still under way at shutdown; another instance or the next start finishes its steps',
        );
      }
      for (const a of adapters)
        await a.stop().catch((err: unknown) => logger.warn({ err, platform: a.platform }, 'adapter stop failed'));
      await withGrace(closing, 2000);
      await store.close();
      logger.info({}, 'stopped');
    })());
  if (opts.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(
        signal,
        () =>
          void stop().then(
            () => process.exit(0),
            (err: unknown) => {
              logger.error({ err }, 'shutdown failed');
              process.exit(1);
            },
          ),
      );
  }
  return { port: http.port, service, adapters, metrics, scheduler, stop };
}

/** `ROUNDTABLE_SECRET`, or in the playground one drawn now, kept in memory only (a platform without it is refused). */
function serverSecretOf(config: Config): Buffer {
  if (config.secret) return config.secret;
  if (config.playground) return randomBytes(32);
  throw new RoundtableError(
    'config_invalid',
    'Roundtable cannot start; fix these settings:\n- ROUNDTABLE_SECRET is missing: Slack and Teams need a server secret.',
  );
}

/** A file plan's document as data (the editor shows it read-only). */
async function readFileData(plans: PlanCatalogue, id: string): Promise<Record<string, unknown> | undefined> {
  const file = await plans.fileOf('', id);
  const data = file ? importPlanText(file.content).data : undefined;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** True when `work` settles within `ms`, false when the wait ran out. */
async function withGrace(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Redis lease as the core expects a store to behave: bounded in time and failing with a
 * coded `store_unavailable` error (so people get "not recorded, try again"); a renewal that
 * fails or times out throws the same (the desk tries again, and stops the run's effects once
 * the lease may have run out); a release that fails is logged, not thrown (the lease keeps
 * its token: the next acquire of the key here frees it, or it expires by itself).
 */
function guardLease(lease: Lease, logger: Logger): Lease {
  const coded = (err: unknown, op: string): StoreError =>
    err instanceof StoreError
      ? err
      : new StoreError('store_unavailable', `lease ${op} failed: ${err instanceof Error ? err.name : 'error'}`, {
          cause: err,
        });
  return {
    async acquire(key, ttlMs) {
      const attempt = lease.acquire(key, ttlMs);
      try {
        return await withDeadline(attempt, LEASE_TIMEOUT_MS, 'lease acquire');
      } catch (err) {
        // Won after the deadline (a frozen Redis that woke up): nobody uses it, so free it at once.
        attempt
          .then((won) => (won ? lease.release(key) : undefined))
          .catch((late: unknown) => logger.debug({ err: late, lease: key }, 'late lease attempt failed'));
        throw coded(err, 'acquire');
      }
    },
    async renew(key, ttlMs) {
      try {
        return await withDeadline(lease.renew(key, ttlMs), LEASE_TIMEOUT_MS, 'lease renew');
      } catch (err) {
        throw coded(err, 'renew');
      }
    },
    async release(key) {
      try {
        await withDeadline(lease.release(key), LEASE_TIMEOUT_MS, 'lease release');
      } catch (err) {
        logger.warn({ err: coded(err, 'release'), lease: key }, 'lease release failed; it expires by itself');
      }
    },
  };
}

/** `roundtable serve`: starts and keeps running until a signal. */
export async function serve(config: Config): Promise<void> {
  const running = await start(config, { handleSignals: true });
  const where = config.playground
    ? `Open http://localhost:${running.port} to rehearse a chat in your browser.`
    : `Roundtable is running on port ${running.port}.`;
  process.stdout.write(`${where}\n`);
  await new Promise<never>(() => undefined);
}
