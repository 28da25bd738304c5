/**
 * Bolt listeners, each a thin translation into one `ChatService` call: the slash command,
 * channel and thread messages (edits and deletions too), reactions and poll buttons.
 * Commands and clicks are acknowledged at once and answered afterwards, only to the person
 * (`response_url`, ephemeral, in their language), a vote's reply only once the ballot is
 * stored. A person's message reaches the store before any Web API call, and Slack hears
 * "received" only then (`stored-ack.ts`, over HTTP and Socket Mode): a process that dies
 * earlier leaves the event to Slack's next delivery. A redelivered event (same envelope `event_id`, over HTTP or
 * Socket Mode) is dropped; a message event is claimed once stored, so its answer is written
 * by every delivery (the same record) and its side effects (the copy in the thread, a hint)
 * happen once; a command, click or form sent again does nothing twice (`replay-key.ts`).
 * Deleting an `A<k>` message deletes the bot's copy in its thread. One error boundary per event.
 */
import type { App } from '@slack/bolt';
import type { ChatService } from '../../core/service/chat-service.js';
import type { Logger, Store } from '../../core/ports.js';
import type { ChannelRef } from '../../core/engine/run.js';
import type { Message } from '../../core/engine/messages.js';
import type { InboundMessage } from '../../core/service/participation.js';
import { asCodedError } from '../../core/errors.js';
import { parseAnswerPrefix } from '../../core/engine/answers.js';
import { KeyedMutex } from '../../core/service/keyed-mutex.js';
import { visibleText } from '../../core/visible-text.js';
import { messageChanged } from './message-changes.js';
import type { PendingAuthors } from './pending-authors.js';
import { permalinkOf } from './slack-permalink.js';
import { orderingKey, readMessageEvent, tsMillis, type MessageEventMeaning } from './read-message-event.js';
import { renderMessage } from './render-blocks.js';
import type { SlackApi } from './slack-api.js';
import type { SlackChatPort } from './slack-chat-port.js';
import type { SlackIdentity } from './slack-connection.js';
import type { Translator } from '../../core/ports.js';
import type { UserDirectory } from './user-directory.js';
import type { StoredSignal } from './stored-ack.js';
import { replayOf } from './replay-key.js';

/** What the listeners need. */
export interface SlackListenerDeps {
  service: () => ChatService | undefined;
  directory: UserDirectory;
  /** Names being looked up for messages already handed to the engine (the copies in threads wait for them). */
  authors: PendingAuthors;
  /** Where the engine journals its steps: the copy of an `A<k>` message is found under `<runId>:link:<ts>`. */
  store: Pick<Store, 'getStep'>;
  port: SlackChatPort;
  api: SlackApi;
  translator: Translator;
  identity: () => SlackIdentity | undefined;
  logger: Logger;
  commandName: string;
}

/** A reply function of Bolt (`respond`). */
type Respond = (message: {
  response_type: 'ephemeral';
  replace_original: false;
  text: string;
  blocks: unknown[];
}) => Promise<unknown>;

/** The work the listeners have under way. */
export interface SlackListeners {
  /** Resolves once every inbound event being handled has been handled. */
  settled(): Promise<void>;
  /** Events being handled now. */
  inFlight(): number;
}

/** Registers Roundtable's listeners on `app`. */
export function registerSlackListeners(app: App, deps: SlackListenerDeps): SlackListeners {
  const { logger } = deps;
  const working = new Set<Promise<void>>();
  const order = new KeyedMutex();
  /** One error boundary per inbound event. */
  const guard = async (kind: string, fn: (service: ChatService) => Promise<void>): Promise<void> => {
    const service = deps.service();
    if (!service) return logger.warn({ kind }, 'Slack event before the engine was attached; ignored');
    try {
      await fn(service);
    } catch (err) {
      const coded = asCodedError(err);
      logger.error({ err: coded, code: coded.code, kind }, 'Slack event could not be handled');
    }
  };
  const channelOf = (id: string, teamId?: string, name?: string): ChannelRef => ({
    platform: 'slack',
    id,
    ...(teamId ? { workspace: teamId } : {}),
    ...(name ? { name: `#${name}` } : {}),
  });
  /** Replies to the asker only: through `respond` when the payload has a response URL, else an ephemeral. */
  const reply = async (
    respond: Respond | undefined,
    channel: ChannelRef,
    user: string,
    message: Message,
  ): Promise<void> => {
    if (!respond) return deps.port.ephemeral(channel, user, message);
    for (const page of renderMessage(message, deps.translator, { command: deps.commandName })) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: page.text, blocks: page.blocks });
    }
  };

  // Every request is counted from its first middleware (before any I/O), so `settled()` never misses one whose ack
  // already went out, and events are queued behind earlier ones about the same message; redeliveries (Slack retries, a repeated Socket Mode envelope, another process) are dropped here.
  app.use(async ({ body, next }) => {
    const key = orderingKey(body);
    const handle = async () => {
      const eventId = (body as { event_id?: unknown }).event_id;
      const service = deps.service();
      // A message event is claimed only once what it carries is stored (see `post`): a process that dies before
      // the write must not leave a claim that drops Slack's next delivery of it.
      if (
        typeof eventId === 'string' &&
        service &&
        !isMessageEvent(body) &&
        !(await service.firstDelivery(`slack:${eventId}`))
      ) {
        logger.debug({ eventId }, 'Slack event delivered again; already handled');
        return;
      }
      const replay = service && (await replayOf(body, (key, ttlMs) => service.firstDelivery(key, ttlMs)));
      if (replay) return logger.warn({ request: replay }, 'Slack request replayed; ignored');
      await next();
    };
    const work = key ? order.run(key, handle) : handle();
    working.add(work);
    try {
      await work;
    } finally {
      working.delete(work);
    }
  });

  app.command(deps.commandName, async ({ command, ack, respond }) => {
    await ack();
    await guard('command', async (service) => {
      const channel = channelOf(command.channel_id, command.team_id, command.channel_name);
      const actor = await deps.directory.actor(command.user_id, command.user_name);
      for (const notice of await service.command(channel, actor, command.text ?? ''))
        await reply(respond as Respond, channel, command.user_id, notice);
    });
  });

  app.action({ type: 'block_actions', action_id: /^vote-/ }, async ({ ack, body, action, respond }) => {
    await ack();
    // One person's clicks are counted in the order they made them (a change of mind follows the first pick).
    await order.run(`click:${body.user.id}`, () =>
      guard('vote', async (service) => {
        const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
        const value = (action as { value?: unknown }).value;
        if (!channelId || typeof value !== 'string') return;
        const channel = channelOf(channelId, body.team?.id);
        const actor = await deps.directory.actor(body.user.id, body.user.name);
        await reply(respond as Respond, channel, body.user.id, await service.vote(channel, actor, value));
      }),
    );
  });

  app.event('message', async ({ event, body, context }) => {
    await guard('message', async (service) => {
      const meaning = readMessageEvent(event, deps.identity()?.botUserId);
      const channelId = (event as { channel?: string }).channel;
      if (meaning.kind === 'ignore' || !channelId) return;
      const channel = channelOf(channelId, body.team_id);
      // Edits and deletions are idempotent: a second delivery changes nothing (and says nothing again).
      if (meaning.kind === 'edit' || meaning.kind === 'delete')
        return messageChanged(deps, service, channel, meaning, body.event_id, (context as StoredSignal).stored);
      await post(
        deps,
        service,
        channel,
        meaning,
        deliveryOf(service, body.event_id, (context as StoredSignal).stored, logger),
      );
    });
  });

  for (const type of ['reaction_added', 'reaction_removed'] as const) {
    app.event(type, async ({ event, body }) => {
      await guard(type, async (service) => {
        if (event.item.type !== 'message') return;
        const channel = channelOf(event.item.channel, body.team_id);
        await service.react(
          channel,
          deps.directory.known(event.user),
          event.item.ts,
          event.reaction,
          type === 'reaction_added',
        );
      });
    });
  }

  app.error(async (error) => {
    const coded = asCodedError(error);
    logger.error({ err: coded, code: coded.code }, 'Slack request failed');
  });

  return {
    settled: async () => {
      while (working.size > 0) await Promise.allSettled([...working]);
    },
    inFlight: () => working.size,
  };
}

/** Whether a request is an Events API `message` event (new, edited or deleted message). */
function isMessageEvent(body: unknown): boolean {
  const b = body as { type?: unknown; event?: { type?: unknown } };
  return b.type === 'event_callback' && b.event?.type === 'message';
}

/**
 * One delivery of a message event, once what it carries is stored: Slack is told it is
 * received (over HTTP), and the event is claimed, once; false when another delivery of it
 * claimed it first (that one posts the copy in the thread and any hint).
 */
function deliveryOf(
  service: ChatService,
  eventId: unknown,
  received: (() => void) | undefined,
  logger: Logger,
): () => Promise<boolean> {
  let claim: Promise<boolean> | undefined;
  const first = async (id: string): Promise<boolean> => {
    if (await service.firstDelivery(`slack:${id}`)) return true;
    logger.debug({ eventId: id }, 'Slack message event delivered again; its answer is stored, the rest was done once');
    return false;
  };
  return () => {
    received?.();
    return (claim ??= typeof eventId === 'string' ? first(eventId) : Promise.resolve(true));
  };
}

/**
 * A person's new message, handed to the engine before any Web API call: under their cached
 * profile, else under their user id while `users.info` is asked alongside. Slack hears
 * "received" once the answer is stored (`delivered`). The name then goes into the copy the
 * engine posts in the question's thread (it waits for it) and, once known, into the stored
 * answer (the engine takes the same message again as an update); a hint given meanwhile is
 * asked again in the person's language.
 */
async function post(
  deps: SlackListenerDeps,
  service: ChatService,
  channel: ChannelRef,
  meaning: Extract<MessageEventMeaning, { kind: 'post' }>,
  delivered: () => Promise<boolean>,
): Promise<void> {
  const permalink = permalinkOf(deps.identity()?.url, channel.id, meaning.ts, meaning.threadTs);
  const sentAt = tsMillis(meaning.ts);
  const msg: InboundMessage = {
    id: meaning.ts,
    text: meaning.text,
    ...(meaning.threadTs ? { threadId: meaning.threadTs } : {}),
    ...(permalink ? { permalink } : {}),
    ...(sentAt ? { sentAt } : {}),
  };
  const opts = { stored: delivered };
  const cached = deps.directory.fresh(meaning.user);
  let hint: Message | undefined;
  if (cached) hint = await service.message(channel, cached, msg, opts);
  else {
    const provisional = deps.directory.known(meaning.user);
    const lookup = deps.directory.actor(meaning.user);
    // The name reaches the thread's copy without passing through the service: cleaned here the same way.
    hint = await deps.authors.during(
      channel.id,
      meaning.ts,
      lookup.then((a) => visibleText(a.name)),
      () => service.message(channel, provisional, msg, opts),
    );
    const actor = await lookup;
    const mayAnswer = meaning.threadTs !== undefined || parseAnswerPrefix(meaning.text) !== undefined;
    if ((hint && actor.locale) || (!hint && mayAnswer && actor.name !== provisional.name))
      hint = await service.message(channel, actor, msg, opts);
  }
  // A hint is sent by one delivery only.
  if (hint && (await delivered()))
    await deps.port.ephemeral(
      channel,
      meaning.user,
      hint,
      meaning.threadTs ? { thread: { id: meaning.threadTs } } : {},
    );
}
