import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConnectorStandin, type ConnectorStandin } from '../support/teams/connector-standin.js';
import type { StandinMember, StandinTeam } from '../support/teams/connector-state.js';
import { startBotServer, type BotServer } from '../support/teams/node-http-bridge.js';
import { specsRequirement } from '../support/requirements.js';

const specs = specsRequirement();

/** A small Teams bot that reports what botbuilder made of each activity. */
class ProbeBot extends TeamsActivityHandler {
  readonly seen: string[] = [];
  readonly errors: string[] = [];

  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      if (ctx.activity.value !== undefined) {
        this.seen.push(`submit ${JSON.stringify(ctx.activity.value)} text=${String(ctx.activity.text)}`);
      } else {
        const text = TurnContext.removeRecipientMention(ctx.activity)?.trim() ?? '';
        const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
        this.seen.push(`message "${text}" in ${ctx.activity.conversation.id}`);
        if (text === 'bad card') {
          await ctx.sendActivity(
            MessageFactory.attachment(
              CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Poll' }] }),
            ),
          );
        } else {
          await ctx.sendActivity(`Echo: ${text} (${member.name}, ${member.userRole ?? '?'})`);
        }
      }
      await next();
    });
    this.onTeamsMessageEditEvent(async (ctx, next) => {
      this.seen.push(`edit ${ctx.activity.id} "${ctx.activity.text}"`);
      await next();
    });
    this.onTeamsMessageSoftDeleteEvent(async (ctx, next) => {
      this.seen.push(`delete ${ctx.activity.id}`);
      await next();
    });
    this.onReactionsAdded(async (ctx, next) => {
      this.seen.push(
        `reactions ${(ctx.activity.reactionsAdded ?? []).map((r) => r.type).join(',')} on ${ctx.activity.replyToId}`,
      );
      await next();
    });
    this.onTeamsMembersAddedEvent(async (membersAdded, teamInfo, ctx, next) => {
      if (membersAdded.some((m) => m.id === ctx.activity.recipient.id)) {
        const channels = await TeamsInfo.getTeamChannels(ctx);
        const details = await TeamsInfo.getTeamDetails(ctx);
        await ctx.sendActivity(
          `Installed in ${details.name ?? '?'} (${teamInfo?.id === details.id ? 'same team' : 'other team'}), ${channels.length} channels`,
        );
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    _ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    this.seen.push(`invoke ${value.action.verb} ${JSON.stringify(value.action.data)}`);
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: { vote: value.action.data.option },
    };
  }
}

describe.skipIf(specs.skip)(`botbuilder CloudAdapter against the Teams stand-in${specs.reason}`, () => {
  let standin: ConnectorStandin;
  let adapter: CloudAdapter;
  let bot: ProbeBot;
  let server: BotServer;
  let team: StandinTeam;
  let channelId: string;
  let alice: StandinMember;
  const scope = (): { tenantId: string; teamId: string; channelId: string } => ({
    tenantId: team.tenantId,
    teamId: team.id,
    channelId,
  });

  beforeEach(async () => {
    standin = await startConnectorStandin({ specsDir: specs.value });
    team = standin.addTeam({ name: 'LeadersGC', channels: [{ name: 'Chats' }] });
    channelId = team.channels[1]!.id;
    alice = standin.addMember(team.id, { name: 'Alice Tremblay', userRole: 'owner' });
    // An empty MicrosoftAppId turns authentication off: local trials only.
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
    bot = new ProbeBot();
    adapter.onTurnError = async (_ctx, error) => {
      bot.errors.push(error instanceof Error ? error.message : String(error));
    };
    server = await startBotServer((req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)));
  });
  afterEach(async () => {
    await server.close();
    await standin.close();
  });

  it('delivers an @mention to the bot, which answers in the post’s thread with context.sendActivity', async () => {
    const post = standin.activities.channelMessage({ ...scope(), from: alice, text: 'help', mentionBot: true });
    const reply = await standin.userPost(post, { botUrl: server.messagesUrl });
    expect(reply.status).toBe(200);
    expect(bot.errors).toEqual([]);
    expect(bot.seen).toEqual([`message "help" in ${channelId};messageid=${post.id}`]);
    const replies = standin.replies(channelId, post.id);
    expect(replies.map((r) => [r.text, r.byBot, r.from.id])).toEqual([
      ['Echo: help (Alice Tremblay, owner)', true, standin.bot.id],
    ]);
    expect(standin.posts(channelId).map((p) => p.id)).toEqual([post.id]);
  });

  it('answers a reply in a thread in that same thread', async () => {
    const root = standin.activities.channelMessage({ ...scope(), from: alice, text: 'first' });
    standin.record(root);
    const answer = standin.activities.channelMessage({
      ...scope(),
      from: alice,
      text: 'A1 my answer',
      mentionBot: true,
      replyToPostId: root.id,
    });
    await standin.userPost(answer, { botUrl: server.messagesUrl });
    expect(standin.replies(channelId, root.id).map((r) => r.text)).toEqual([
      '<at>Roundtable</at> A1 my answer',
      'Echo: A1 my answer (Alice Tremblay, owner)',
    ]);
  });

  it('makes a new channel post with createConversationAsync; its id follows ";messageid="', async () => {
    let conversationId = '';
    await adapter.createConversationAsync(
      '',
      'msteams',
      standin.serviceUrl,
      '',
      {
        isGroup: true,
        channelData: { channel: { id: channelId } },
        activity: MessageFactory.text('Q1: What does a psychologically safe team look like?') as never,
        bot: standin.bot,
      } as never,
      async (ctx) => {
        conversationId = ctx.activity.conversation.id;
        await ctx.sendActivity('First reply in the new thread');
      },
    );
    const [channel, postId] = conversationId.split(';messageid=');
    expect(channel).toBe(channelId);
    expect(standin.posts(channelId).map((p) => [p.id, p.text])).toEqual([
      [postId, 'Q1: What does a psychologically safe team look like?'],
    ]);
    expect(standin.replies(channelId, postId!).map((r) => r.text)).toEqual(['First reply in the new thread']);
  });

  it('routes edits, soft deletes and reactions to TeamsActivityHandler, and the stand-in keeps them', async () => {
    const post = standin.activities.channelMessage({ ...scope(), from: alice, text: 'A1 first draft' });
    standin.record(post);
    await standin.userPost(
      standin.activities.messageUpdate({ ...scope(), from: alice, messageId: post.id, text: 'A1 final' }),
      { botUrl: server.messagesUrl },
    );
    await standin.userPost(
      standin.activities.messageReaction({ ...scope(), from: alice, messageId: post.id, added: ['like', 'heart'] }),
      { botUrl: server.messagesUrl },
    );
    await standin.userPost(standin.activities.messageDelete({ ...scope(), from: alice, messageId: post.id }), {
      botUrl: server.messagesUrl,
    });
    expect(bot.seen).toEqual([`edit ${post.id} "A1 final"`, `reactions like,heart on ${post.id}`, `delete ${post.id}`]);
    expect(standin.message(post.id)).toMatchObject({
      text: 'A1 final',
      deleted: true,
      versions: [{ text: 'A1 first draft' }],
      reactions: [{ type: 'like' }, { type: 'heart' }],
    });
    expect(standin.posts(channelId)).toEqual([]);
  });

  it('returns the bot’s invoke response for an Action.Execute click, and delivers an Action.Submit as a message with value', async () => {
    const card = standin.activities.channelMessage({ ...scope(), from: alice, text: 'stands for a card post' });
    standin.record(card);
    const invoke = await standin.userPost(
      standin.activities.adaptiveCardInvoke({
        ...scope(),
        from: alice,
        cardActivityId: card.id,
        verb: 'vote',
        data: { poll: 'p1', option: 2 },
      }),
      { botUrl: server.messagesUrl },
    );
    expect(invoke).toEqual({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: { vote: 2 } },
    });
    await standin.userPost(
      standin.activities.cardSubmit({
        ...scope(),
        from: alice,
        cardActivityId: card.id,
        data: { poll: 'p1', option: 1 },
      }),
      { botUrl: server.messagesUrl },
    );
    expect(bot.seen).toEqual([
      'invoke vote {"poll":"p1","option":2}',
      'submit {"poll":"p1","option":1} text=undefined',
    ]);
    expect(standin.replies(channelId, card.id)).toEqual([]);
  });

  it('lets the bot read the team on installation and post its welcome in the selected channel', async () => {
    team.botInstalled = false; // addTeam returns the live record
    await standin.userPost(standin.activities.botInstalled({ ...scope(), teamName: 'LeadersGC', from: alice }), {
      botUrl: server.messagesUrl,
    });
    expect(bot.errors).toEqual([]);
    expect(standin.posts(channelId).map((p) => p.text)).toEqual(['Installed in LeadersGC (same team), 2 channels']);
  });

  it('surfaces a card the stand-in refuses as a 400 error in the bot, and stores nothing', async () => {
    const post = standin.activities.channelMessage({ ...scope(), from: alice, text: 'bad card', mentionBot: true });
    await standin.userPost(post, { botUrl: server.messagesUrl });
    expect(bot.errors).toHaveLength(1);
    expect(bot.errors[0]).toContain('unknown element or action type "Poll"');
    expect(standin.replies(channelId, post.id)).toEqual([]);
    expect(standin.stats.badRequests).toBe(1);
  });
});
