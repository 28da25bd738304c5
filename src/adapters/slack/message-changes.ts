/**
 * Edits and deletions of people's messages in Slack: the engine decides (after the end of the
 * chat they change nothing and their author hears so, in the thread, once per event); a
 * deleted `A<k>` message takes the bot's copy in the question's thread with it.
 */
import type { ChatService } from '../../core/service/chat-service.js';
import type { ChannelRef } from '../../core/engine/run.js';
import type { Message } from '../../core/engine/messages.js';
import type { ChangeOptions } from '../../core/service/participation.js';
import { slackErrorCode } from './classify-slack-error.js';
import { tsMillis, type MessageEventMeaning } from './read-message-event.js';
import type { SlackListenerDeps } from './slack-listeners.js';

type Change = Extract<MessageEventMeaning, { kind: 'edit' | 'delete' }>;

/** Hands an edit or a deletion to the engine; Slack hears "received" (`received`) once it is done. */
export async function messageChanged(
  deps: SlackListenerDeps,
  service: ChatService,
  channel: ChannelRef,
  change: Change,
  eventId: unknown,
  received: (() => void) | undefined,
): Promise<void> {
  const opts = changeOf(deps, change);
  const late =
    change.kind === 'edit'
      ? await service.edit(channel, change.ts, change.text, opts)
      : await service.remove(channel, change.ts, opts);
  received?.();
  if (late && change.user) return tellOnce(deps, service, eventId, channel, change.user, late, change.ts);
  if (change.kind === 'delete') await removeCopy(deps, service, channel, change.ts);
}

/** The author and time of an edit or a deletion, as far as the event says. */
function changeOf(deps: SlackListenerDeps, change: Change): ChangeOptions {
  const sentAt = tsMillis(change.at);
  return { ...(change.user ? { author: deps.directory.known(change.user) } : {}), ...(sentAt ? { sentAt } : {}) };
}

/** A notice to the author of a message, in its thread, by one delivery of the event only. */
async function tellOnce(
  deps: SlackListenerDeps,
  service: ChatService,
  eventId: unknown,
  channel: ChannelRef,
  user: string,
  message: Message,
  ts: string,
): Promise<void> {
  if (typeof eventId === 'string' && !(await service.firstDelivery(`slack:${eventId}`))) return;
  await deps.port.ephemeral(channel, user, message, { thread: { id: ts } });
}

/**
 * Deletes the bot's copy of a deleted `A<k>` message from its question's thread: the engine
 * journals the copy under step `<runId>:link:<ts>` with its `ts`. A copy already gone is fine.
 */
async function removeCopy(
  deps: SlackListenerDeps,
  service: ChatService,
  channel: ChannelRef,
  ts: string,
): Promise<void> {
  const run = await service.desk.latestRun(channel);
  const copy = run ? (await deps.store.getStep(`${run.id}:link:${ts}`))?.ref : undefined;
  if (!copy) return;
  try {
    await deps.api.deleteMessage(channel.id, copy.id);
  } catch (err) {
    if (slackErrorCode(err) !== 'message_not_found') throw err;
    deps.logger.debug({ channel: channel.id, ts: copy.id }, 'copy of a deleted answer was already gone');
  }
}
