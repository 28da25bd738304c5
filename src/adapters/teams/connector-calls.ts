/**
 * The bot's outbound calls to Teams, each through the `CloudAdapter` and the pacer: a new
 * channel post (`createConversationAsync`, whose conversation id ends in `;messageid=<post>`),
 * a message into a conversation or thread (`continueConversationAsync`), an update, and a
 * personal chat with one person. Failures reach the caller: a proactive turn would hand them
 * to `onTurnError` instead, so each turn catches its own failure and rethrows it outside.
 */
import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import { RoundtableError } from '../../core/errors.js';
import type { ConversationPacer } from './conversation-pacer.js';
import type { KnownConversation } from './conversation-directory.js';
import { postIdOf, threadConversationId } from './teams-conversation.js';
import { teamsCallError } from './teams-errors.js';

/** `call`, with its failure made safe to log (botbuilder's errors carry the request's token). */
async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw teamsCallError(err, what);
  }
}

/**
 * botbuilder's typings want an audience string, but only `undefined` means "the audience
 * the authentication was configured with" (an empty string would ask for a token for "").
 */
const CONFIGURED_AUDIENCE = undefined as unknown as string;

/** A message activity to send. */
export type OutboundActivity = Partial<Activity>;

/** Outbound Connector calls for one bot. */
export class ConnectorCalls {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly pacer: ConversationPacer,
  ) {}

  /** Runs `logic` in a proactive turn on `reference` and returns its result; its failure is thrown here. */
  private async inTurn<T>(
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
      try {
        outcome = { ok: true, value: await logic(ctx) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new RoundtableError('platform_error', 'The Teams turn ended without running.');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** A new post in a channel (its own thread); returns the post id. */
  async createPost(conversation: KnownConversation, activity: OutboundActivity): Promise<string> {
    const ref = conversation.reference;
    const params = {
      isGroup: true,
      channelData: {
        channel: { id: conversation.channelId },
        ...(conversation.tenantId ? { tenant: { id: conversation.tenantId } } : {}),
      },
      activity,
      ...(ref.bot ? { bot: ref.bot } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
    } as unknown as ConversationParameters;
    return guarded(`a new post in ${conversation.channelId}`, () =>
      this.pacer.run(conversation.channelId, 'create', async () => {
        let created: string | undefined;
        await this.adapter.createConversationAsync(
          this.appId,
          'msteams',
          this.serviceUrl(conversation),
          CONFIGURED_AUDIENCE,
          params,
          async (ctx) => {
            created = ctx.activity.conversation.id;
          },
        );
        const postId = created ? postIdOf(created) : undefined;
        if (!postId)
          throw new RoundtableError(
            'platform_error',
            `Teams created a conversation without a post id in channel ${conversation.channelId}.`,
          );
        return postId;
      }),
    );
  }

  /** A message into the conversation, or into the thread under `rootId`; returns its id. */
  send(conversation: KnownConversation, activity: OutboundActivity, rootId?: string): Promise<string> {
    const id =
      rootId && conversation.kind === 'channel'
        ? threadConversationId(conversation.channelId, rootId)
        : conversation.channelId;
    return guarded(`a message in ${id}`, () =>
      this.pacer.run(conversation.channelId, 'send', () =>
        this.inTurn(this.referenceTo(conversation, id), async (ctx) => (await ctx.sendActivity(activity))?.id ?? ''),
      ),
    );
  }

  /** Replaces the bot's message `activityId` (a root post, or a message in a chat). */
  update(conversation: KnownConversation, activityId: string, activity: OutboundActivity): Promise<void> {
    const id =
      conversation.kind === 'channel'
        ? threadConversationId(conversation.channelId, activityId)
        : conversation.channelId;
    return guarded(`an update of ${activityId} in ${conversation.channelId}`, () =>
      this.pacer.run(conversation.channelId, 'send', () =>
        this.inTurn(this.referenceTo(conversation, id), async (ctx) => {
          await ctx.updateActivity({
            ...activity,
            type: 'message',
            id: activityId,
            conversation: { ...ctx.activity.conversation, id },
          });
        }),
      ),
    );
  }

  /** A message in the personal chat of the bot with `userId` (a Teams user id, `29:…`), opened if need be. */
  async sendPersonal(conversation: KnownConversation, userId: string, activity: OutboundActivity): Promise<void> {
    const ref = conversation.reference;
    const params = {
      isGroup: false,
      members: [{ id: userId }],
      activity,
      ...(ref.bot ? { bot: ref.bot } : {}),
      ...(conversation.tenantId
        ? { tenantId: conversation.tenantId, channelData: { tenant: { id: conversation.tenantId } } }
        : {}),
    } as unknown as ConversationParameters;
    await guarded('a personal message', () =>
      this.pacer.run(`personal:${userId}`, 'send', () =>
        this.adapter.createConversationAsync(
          this.appId,
          'msteams',
          this.serviceUrl(conversation),
          CONFIGURED_AUDIENCE,
          params,
          async () => undefined,
        ),
      ),
    );
  }

  private serviceUrl(conversation: KnownConversation): string {
    const url = conversation.reference.serviceUrl;
    if (!url)
      throw new RoundtableError(
        'platform_error',
        `No Teams service URL is known for conversation ${conversation.channelId}: type "@Roundtable here" in it.`,
      );
    return url;
  }

  private referenceTo(conversation: KnownConversation, conversationId: string): Partial<ConversationReference> {
    const ref = conversation.reference;
    return {
      ...ref,
      conversation: { ...ref.conversation!, id: conversationId },
      serviceUrl: this.serviceUrl(conversation),
    };
  }
}
