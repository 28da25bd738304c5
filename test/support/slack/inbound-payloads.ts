/**
 * Builds what Slack sends to an app, from the stand-in's state: the Events API
 * `event_callback` envelope, a slash command's fields, and a `block_actions` payload for a
 * click on a button that really is in a stored message (its text, value and block come
 * from the message, as Slack takes them).
 */
import { randomBytes } from 'node:crypto';
import { slackId, triggerId, tsClock, WORKSPACE } from './slack-ids.js';
import type { ResponseUrls } from './response-urls.js';
import type { WorkspaceState } from './workspace-state.js';

/** An Events API `event_callback` envelope. */
export interface EventEnvelope {
  token: string;
  team_id: string;
  context_team_id: string;
  context_enterprise_id: null;
  api_app_id: string;
  event: Record<string, unknown>;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: {
    enterprise_id: null;
    team_id: string;
    user_id: string;
    is_bot: boolean;
    is_enterprise_install: boolean;
  }[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

/** A slash command as typed by a user. */
export interface CommandInput {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  user_name?: string;
  team_id?: string;
}

/** A click on a button of a stored (or ephemeral) message. */
export interface ActionInput {
  user: string;
  channelId: string;
  messageTs: string;
  actionId: string;
  /** Narrows the search to one block; taken from the message otherwise. */
  blockId?: string;
  /** Overrides the button's value (to simulate a stale or tampered payload). */
  value?: string;
}

/** A found interactive element and the block holding it. */
interface FoundElement {
  element: Record<string, unknown>;
  blockId: string;
}

/** The first element with `actionId` in `blocks` (inside `blockId` when given). */
function findElement(blocks: unknown[], actionId: string, blockId?: string): FoundElement | undefined {
  for (const block of blocks as Record<string, unknown>[]) {
    const id = typeof block.block_id === 'string' ? block.block_id : '';
    if (blockId !== undefined && id !== blockId) continue;
    const candidates = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of candidates as (Record<string, unknown> | undefined)[]) {
      if (element && element.action_id === actionId) return { element, blockId: id };
    }
    if (Array.isArray(block.child_blocks)) {
      const nested = findElement(block.child_blocks, actionId, blockId);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** Builds inbound payloads over the workspace state. */
export class InboundPayloads {
  /** Click times: like Slack's, in microseconds and never the same twice (the app dedupes replays on them). */
  private readonly actionTs = tsClock();

  /** Payloads over `state`, with `response_url`s from `responses`. */
  constructor(
    private readonly state: WorkspaceState,
    private readonly responses: ResponseUrls,
    readonly verificationToken: string,
  ) {}

  /** An `event_callback` envelope around `event` (a fresh `event_id` unless given). */
  event(event: Record<string, unknown>, eventId?: string): EventEnvelope {
    const eventTs = typeof event.event_ts === 'string' ? Number(event.event_ts) : Date.now() / 1000;
    return {
      token: this.verificationToken,
      team_id: WORKSPACE.teamId,
      context_team_id: WORKSPACE.teamId,
      context_enterprise_id: null,
      api_app_id: WORKSPACE.appId,
      event,
      type: 'event_callback',
      event_id: eventId ?? slackId('Ev', 10),
      event_time: Math.floor(eventTs),
      authorizations: [
        {
          enterprise_id: null,
          team_id: WORKSPACE.teamId,
          user_id: WORKSPACE.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(24).toString('base64url')}`,
    };
  }

  /** A slash command's fields, with a `response_url` the stand-in serves. */
  command(input: CommandInput): Record<string, string> {
    const channel = this.state.channels.get(input.channel_id);
    const channelName = input.channel_id.startsWith('D')
      ? 'directmessage'
      : channel?.isPrivate
        ? 'privategroup'
        : (channel?.name ?? input.channel_id);
    return {
      token: this.verificationToken,
      team_id: input.team_id ?? WORKSPACE.teamId,
      team_domain: WORKSPACE.teamDomain,
      channel_id: input.channel_id,
      channel_name: channelName,
      user_id: input.user_id,
      user_name: input.user_name ?? this.state.users.get(input.user_id)?.name ?? input.user_id.toLowerCase(),
      command: input.command,
      text: input.text,
      api_app_id: WORKSPACE.appId,
      is_enterprise_install: 'false',
      response_url: this.responses.create({ kind: 'command', channel: input.channel_id, user: input.user_id }),
      trigger_id: triggerId(),
    };
  }

  /** A `block_actions` payload for a click; throws when the message holds no such element. */
  action(input: ActionInput): Record<string, unknown> {
    const stored = this.state.find(input.channelId, input.messageTs);
    const ephemeral = stored
      ? undefined
      : this.state.ephemerals.find((e) => e.ts === input.messageTs && e.user === input.user);
    if ((!stored || stored.deleted) && !ephemeral) {
      throw new Error(`sendAction: no message ${input.messageTs} in ${input.channelId} that ${input.user} can see`);
    }
    const blocks = stored?.blocks ?? ephemeral?.blocks ?? [];
    const found = findElement(blocks, input.actionId, input.blockId);
    if (!found)
      throw new Error(`sendAction: message ${input.messageTs} has no element with action_id "${input.actionId}"`);
    const threadTs = stored?.threadTs ?? ephemeral?.threadTs;
    const user = this.state.users.get(input.user);
    const channel = this.state.channels.get(input.channelId);
    const value = input.value ?? (typeof found.element.value === 'string' ? found.element.value : undefined);
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      user: {
        id: input.user,
        username: user?.name ?? input.user.toLowerCase(),
        name: user?.name ?? input.user.toLowerCase(),
        team_id: WORKSPACE.teamId,
      },
      api_app_id: WORKSPACE.appId,
      token: this.verificationToken,
      container: {
        type: 'message',
        message_ts: input.messageTs,
        channel_id: input.channelId,
        is_ephemeral: ephemeral !== undefined,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      },
      trigger_id: triggerId(),
      team: { id: WORKSPACE.teamId, domain: WORKSPACE.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: input.channelId, name: channel?.name ?? input.channelId },
      ...(stored ? { message: this.state.apiMessage(stored, { includeMetadata: true }) } : {}),
      state: { values: {} },
      response_url: this.responses.create({
        kind: 'action',
        channel: input.channelId,
        user: input.user,
        messageTs: input.messageTs,
        ephemeral: ephemeral !== undefined,
        ...(threadTs ? { threadTs } : {}),
      }),
      actions: [
        {
          action_id: input.actionId,
          block_id: found.blockId,
          text: found.element.text,
          ...(value !== undefined ? { value } : {}),
          ...(typeof found.element.style === 'string' ? { style: found.element.style } : {}),
          type: found.element.type,
          action_ts: this.actionTs(),
        },
      ],
    };
    return payload;
  }
}
