/**
 * Records what a user does in Teams into the stand-in's state before the bot hears of it, so
 * the bot's replies land in threads that exist: posts and thread replies are stored, edits
 * replace the text, soft deletes hide the message, reactions are counted, installs and
 * uninstalls switch the bot on and off in the team. Card clicks and other invokes store nothing.
 */
import type { Attachment } from 'botframework-schema';
import type { ConnectorState, StoredMessage } from './connector-state.js';
import type { TeamsActivity } from './teams-activities.js';
import { splitConversationId } from './teams-ids.js';

function target(state: ConnectorState, id: string | undefined, what: string): StoredMessage {
  const message = id === undefined ? undefined : state.messages.get(id);
  if (!message) throw new Error(`userPost: ${what} names message ${id ?? '(none)'}, which the stand-in does not have.`);
  return message;
}

function teamIdOf(activity: TeamsActivity): string {
  const teamId = activity.channelData.team?.id;
  if (!teamId) throw new Error(`userPost: a ${activity.type} needs channelData.team.id.`);
  return teamId;
}

function storeMessage(state: ConnectorState, activity: TeamsActivity): void {
  const { channelId, rootId } = splitConversationId(activity.conversation.id);
  if (!state.findChannel(channelId))
    throw new Error(`userPost: the stand-in has no channel ${channelId}: add it with addTeam/addChannel.`);
  const isPost = rootId === undefined || rootId === activity.id;
  if (!isPost) {
    const root = target(state, rootId, 'the thread');
    if (root.conversationId !== channelId || root.rootId !== undefined)
      throw new Error(`userPost: ${rootId} is not a post of channel ${channelId}.`);
  }
  state.addMessage({
    id: activity.id,
    conversationId: channelId,
    rootId: isPost ? undefined : rootId,
    byBot: false,
    from: {
      id: activity.from.id,
      name: activity.from.name,
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
    },
    text: activity.text,
    attachments: (activity.attachments ?? []) as Attachment[],
    entities: activity.entities ?? [],
    value: activity.value,
    createdAt: activity.timestamp,
    activity: { ...activity },
  });
}

/** Applies one user activity to the state; throws when it names messages or channels that do not exist. */
export function recordUserActivity(state: ConnectorState, activity: TeamsActivity): void {
  switch (activity.type) {
    case 'message':
      // An Action.Submit click is a message without text that carries the card's data: nothing shows in the channel.
      if (activity.value !== undefined && !activity.text) return;
      storeMessage(state, activity);
      return;
    case 'messageUpdate': {
      const message = target(state, activity.id, 'the edit');
      state.updateMessage(message.id, {
        text: activity.text,
        attachments: message.attachments,
        entities: message.entities,
        activity: { ...activity },
      });
      return;
    }
    case 'messageDelete':
      target(state, activity.id, 'the delete').deleted = true;
      return;
    case 'messageReaction': {
      const message = target(state, activity.replyToId, 'the reaction');
      for (const { type } of activity.reactionsAdded ?? [])
        if (type) message.reactions.push({ type, userId: activity.from.id });
      for (const { type } of activity.reactionsRemoved ?? []) {
        const at = message.reactions.findIndex((r) => r.type === type && r.userId === activity.from.id);
        if (at >= 0) message.reactions.splice(at, 1);
      }
      return;
    }
    case 'conversationUpdate':
      if (activity.membersAdded?.some((m) => m.id === activity.recipient.id))
        state.team(teamIdOf(activity)).botInstalled = true;
      return;
    case 'installationUpdate':
      state.team(teamIdOf(activity)).botInstalled = activity.action === 'add';
      return;
    case 'invoke':
      return;
  }
}
