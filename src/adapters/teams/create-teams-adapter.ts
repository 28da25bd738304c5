/**
 * The Microsoft Teams adapter: a botbuilder `CloudAdapter` authenticated from an explicit
 * configuration object (never the environment), `POST /api/messages` on the shared HTTP
 * server, the thin activity handler, and the Teams `ChatPort`.
 *
 * Requests are authenticated whenever an app id is set (no valid token: 401). Without one
 * (`ROUNDTABLE_TEAMS_INSECURE_LOCAL=1`, loopback only) botbuilder accepts anonymous
 * requests: a warning says so at start. Poll clicks are answered in the HTTP response;
 * a person's message once its answer is stored, and any other activity once handled (see
 * `stored-delivery.ts`); what follows (copies, hints, replies in threads) after that.
 *
 * @example
 * const teams = await createTeamsAdapter(config.teams, { logger, store, translator, plans });
 */
import { createHash } from 'node:crypto';
import {
  ActivityTypes,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type CloudAdapter,
} from 'botbuilder';
import type { TeamsConfig } from '../../config/load-config.js';
import type { ChatService } from '../../core/service/chat-service.js';
import type { Logger, PlanSource, Store, Translator } from '../../core/ports.js';
import { RoundtableError } from '../../core/errors.js';
import type { PlatformAdapter } from '../platform-adapter.js';
import { CachedConnectorsAuthentication } from './cached-connectors.js';
import { ConnectorCalls } from './connector-calls.js';
import { ConversationDirectory } from './conversation-directory.js';
import { ConversationPacer, type PacerOptions, type PacerStats } from './conversation-pacer.js';
import { InboundWork } from './inbound-work.js';
import { STORED_DELIVERY, storedDelivery, type StoredDelivery } from './stored-delivery.js';
import { RoundtableTeamsBot } from './teams-bot.js';
import { TeamsChatPort } from './teams-chat-port.js';
import { TeamsRenderer } from './teams-renderer.js';
import { describeError } from './teams-errors.js';
import { TeamsCloudAdapter, teamsHttpHandler } from './teams-http.js';
import { TeamsMembers } from './teams-members.js';

/** What the Teams adapter is built from. */
export interface TeamsAdapterDeps {
  logger: Logger;
  store: Store;
  translator: Translator;
  plans: PlanSource;
  /** Pacing and retry settings (tests shorten the backoff). */
  pacing?: PacerOptions;
  /** Largest request body accepted on `/api/messages`. */
  maxBodyBytes?: number;
}

/** The Teams adapter, with what tests and the bench look at. */
export interface TeamsAdapter extends PlatformAdapter {
  platform: 'teams';
  port: TeamsChatPort;
  /** Resolves when every activity received so far has been handled and every call it made has finished. */
  idle(): Promise<void>;
  /** Figures: activities handled in the background, Connector calls, retries and waits. */
  stats(): { inbound: number; pending: number; outbound: PacerStats };
}

/** The botbuilder authentication settings for `config` (an empty app id: anonymous, local only). */
export function authenticationSettings(config: TeamsConfig): Record<string, string> {
  if (!config.appId) return { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' };
  return {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
  };
}

/**
 * A context for work after Teams has been answered: a turn's context is revoked when the
 * turn ends, so the work gets its own, with the same activity (copied) and the same
 * authenticated connector (the turn state), without authenticating or connecting again.
 */
export function detachedContext(adapter: CloudAdapter, ctx: TurnContext): TurnContext {
  const later = new TurnContext(adapter, { ...ctx.activity });
  for (const [key, value] of ctx.turnState) later.turnState.set(key, value);
  return later;
}

/** Which background jobs must run in order: a message, its edits, deletion and reactions. */
function subjectOf(activity: Activity): string {
  if (activity.type === ActivityTypes.MessageReaction) return `message:${activity.replyToId ?? activity.id ?? ''}`;
  return `${activity.type === ActivityTypes.ConversationUpdate || activity.type === ActivityTypes.InstallationUpdate ? 'install' : 'message'}:${activity.id ?? ''}`;
}

/**
 * The id under which a delivery is remembered to drop redeliveries: the activity id, plus
 * the time and text for an edit (every edit of a message carries the message's id).
 */
export function deliveryKey(activity: Activity): string {
  const id = activity.id ?? '';
  if (activity.type === ActivityTypes.MessageUpdate) {
    const at = activity.timestamp ? new Date(activity.timestamp).getTime() : 0;
    const text = createHash('sha256')
      .update(activity.text ?? '')
      .digest('base64url')
      .slice(0, 16);
    return `teams:${id}:edit:${at}:${text}`;
  }
  if (activity.type === ActivityTypes.MessageDelete) return `teams:${id}:delete`;
  return `teams:${id}`;
}

/** Builds the Teams adapter. */
export async function createTeamsAdapter(config: TeamsConfig, deps: TeamsAdapterDeps): Promise<TeamsAdapter> {
  const { logger, store, translator } = deps;
  if (!config.appId && !config.insecureLocal) {
    throw new RoundtableError(
      'config_invalid',
      'Teams needs MicrosoftAppId (or ROUNDTABLE_TEAMS_INSECURE_LOCAL=1 for a local trial without authentication).',
    );
  }
  const cloud = new TeamsCloudAdapter(
    new CachedConnectorsAuthentication(new ConfigurationBotFrameworkAuthentication(authenticationSettings(config))),
  );
  const pacer = new ConversationPacer({
    onRetry: (info) => logger.warn(info, 'Teams asked to slow down; retrying'),
    ...deps.pacing,
  });
  const directory = new ConversationDirectory({ store, logger });
  const calls = new ConnectorCalls(cloud, config.appId, pacer);
  const renderer = new TeamsRenderer(translator);
  const port = new TeamsChatPort({ calls, directory, renderer, store, logger });
  const members = new TeamsMembers({ logger, pacer, ...(config.tenantId ? { tenantId: config.tenantId } : {}) });
  let service: ChatService | undefined;
  const attached = (): ChatService => {
    if (!service)
      throw new RoundtableError('internal', 'The Teams adapter received an activity before the engine was attached.');
    return service;
  };
  const bot = new RoundtableTeamsBot({ service: attached, port, renderer, calls, directory, members, pacer, logger });

  const reportError = (err: unknown, activity: Partial<Activity> | undefined): void => {
    logger.error(
      { err: describeError(err), activity: activity?.type, id: activity?.id },
      'a Teams activity could not be handled',
    );
  };
  cloud.onTurnError = async (ctx, err) => reportError(err, ctx.activity);
  const work = new InboundWork((err, subject) =>
    logger.error({ err: describeError(err), subject }, 'a Teams activity could not be handled'),
  );

  // A message is claimed by the bot once its answer is stored; anything else before it is handled.
  const handle = async (ctx: TurnContext, delivery: StoredDelivery, slot: () => Promise<void>): Promise<void> => {
    delivery.afterStored = slot;
    try {
      if (ctx.activity.type !== ActivityTypes.Message && !(await delivery.claim())) {
        logger.debug({ id: ctx.activity.id, type: ctx.activity.type }, 'dropped a Teams redelivery');
        return;
      }
      ctx.turnState.set(STORED_DELIVERY, delivery);
      await bot.run(ctx);
      delivery.received();
    } catch (err) {
      // Not stored yet: Teams gets a 500 (and may deliver again); otherwise the failure is logged here.
      if (!delivery.failed(err)) throw err;
    }
  };
  const turn = async (ctx: TurnContext): Promise<void> => {
    if (ctx.activity.type === ActivityTypes.Invoke) return work.urgently(() => bot.run(ctx));
    const later = detachedContext(cloud, ctx);
    const delivery = storedDelivery(() => attached().firstDelivery(deliveryKey(later.activity)));
    work.start(subjectOf(later.activity), (slot) => handle(later, delivery, slot));
    await delivery.answered;
  };

  return {
    platform: 'teams',
    port,
    http: teamsHttpHandler(cloud, turn, logger, deps.maxBodyBytes),
    attach(s) {
      service = s;
    },
    async start() {
      if (!config.appId) {
        logger.warn(
          {},
          'Teams runs WITHOUT authentication (ROUNDTABLE_TEAMS_INSECURE_LOCAL=1): anyone who can reach this port can act as Teams. Loopback only; never in production.',
        );
      } else {
        logger.info({ appType: config.appType }, 'Teams messaging endpoint ready at POST /api/messages');
      }
    },
    async stop() {
      await work.idle();
      await pacer.idle();
    },
    async ready() {
      return { ok: true };
    },
    async idle() {
      do {
        await work.idle();
        await pacer.idle();
      } while (work.pending > 0);
    },
    stats: () => ({ inbound: work.started, pending: work.pending, outbound: { ...pacer.stats } }),
  };
}
