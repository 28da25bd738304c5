import { describe, expect, it } from 'vitest';
import { connectorSwaggerValidator } from '../support/teams/swagger-validator.js';
import {
  adaptiveCardInvoke,
  botInstalled,
  cardSubmit,
  channelEvent,
  channelMessage,
  installationUpdate,
  messageDelete,
  messageReaction,
  messageUpdate,
  ROUNDTABLE_BOT,
  type ChannelScope,
  type TeamsActivity,
} from '../support/teams/teams-activities.js';
import { specsRequirement } from '../support/requirements.js';

const specs = specsRequirement();
const scope: ChannelScope = {
  serviceUrl: 'http://127.0.0.1:1/',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  teamId: '19:team@thread.tacv2',
  channelId: '19:chan@thread.tacv2',
};
const alice = { id: '29:1alice', name: 'Alice Tremblay', aadObjectId: 'c33aafc4-646d-4543-9d4c-abd28e4d2110' };

function all(): TeamsActivity[] {
  return [
    channelMessage({ ...scope, from: alice, text: 'start leadersgc', mentionBot: true }),
    channelMessage({ ...scope, from: alice, text: 'A1 yes', replyToPostId: '1700000000000' }),
    messageUpdate({ ...scope, from: alice, messageId: '1700000000001', rootId: '1700000000000', text: 'A1 edited' }),
    messageDelete({ ...scope, from: alice, messageId: '1700000000001', rootId: '1700000000000' }),
    messageReaction({
      ...scope,
      from: alice,
      messageId: '1700000000001',
      rootId: '1700000000000',
      added: ['like'],
      removed: ['sad'],
    }),
    botInstalled({ ...scope, from: alice, teamName: 'LeadersGC' }),
    installationUpdate({ ...scope, from: alice, action: 'add' }),
    adaptiveCardInvoke({ ...scope, from: alice, cardActivityId: '1700000000002', verb: 'vote', data: { option: 1 } }),
    cardSubmit({ ...scope, from: alice, cardActivityId: '1700000000002', data: { option: 1 } }),
    channelEvent({ ...scope, from: alice, eventType: 'channelRenamed', channelName: 'Lounge' }),
  ];
}

describe.skipIf(specs.skip)(`Teams activity builders match the Connector swagger${specs.reason}`, () => {
  it('every builder produces a valid swagger Activity, but where real Teams payloads break the swagger too', () => {
    const swagger = connectorSwaggerValidator(specs.value);
    // Teams sends a user's message also as a text/html attachment whose content is a string (the
    // swagger says object), and reaction types beyond the swagger's (like, plusOne): sad, heart...
    const teamsDeviation =
      /^\/attachments\/\d+\/content must be object$|^\/reactions(Added|Removed)\/\d+\/type must be equal to one of the allowed values \(like, plusOne\)$/;
    for (const activity of all()) {
      const errors = swagger.validate('Activity', activity).filter((e) => !teamsDeviation.test(e));
      expect({ type: activity.type, errors }).toEqual({ type: activity.type, errors: [] });
    }
  });
});

describe('Teams activity builders', () => {
  it('a new post names itself as the thread root; a reply names its post', () => {
    const [post, reply] = all();
    expect(post!.conversation).toEqual({
      isGroup: true,
      conversationType: 'channel',
      tenantId: scope.tenantId,
      id: `${scope.channelId};messageid=${post!.id}`,
    });
    expect(post!.id).toMatch(/^\d{13,}$/);
    expect(reply!.conversation.id).toBe(`${scope.channelId};messageid=1700000000000`);
  });

  it('an @mention puts <at>Roundtable</at> in the text and a mention entity naming the bot', () => {
    const [post, reply] = all();
    expect(post!.text).toBe('<at>Roundtable</at> start leadersgc');
    expect(post!.entities?.[0]).toEqual({ type: 'mention', mentioned: ROUNDTABLE_BOT, text: '<at>Roundtable</at>' });
    expect(post!.recipient).toEqual(ROUNDTABLE_BOT);
    expect(reply!.entities?.map((e) => e.type)).toEqual(['clientInfo']);
  });

  it('carries Teams channel data and the sender’s AAD object id', () => {
    const [post] = all();
    expect(post!.channelId).toBe('msteams');
    expect(post!.from).toEqual(alice);
    expect(post!.channelData).toEqual({
      teamsChannelId: scope.channelId,
      teamsTeamId: scope.teamId,
      channel: { id: scope.channelId },
      team: { id: scope.teamId },
      tenant: { id: scope.tenantId },
    });
  });

  it('marks edits, deletes, installs and channel events with the Teams event types', () => {
    const [, , edit, del, reaction, install, installation, , , renamed] = all();
    expect([edit!.type, edit!.channelData.eventType, edit!.id]).toEqual([
      'messageUpdate',
      'editMessage',
      '1700000000001',
    ]);
    expect([del!.type, del!.channelData.eventType]).toEqual(['messageDelete', 'softDeleteMessage']);
    expect(reaction).toMatchObject({
      type: 'messageReaction',
      replyToId: '1700000000001',
      reactionsAdded: [{ type: 'like' }],
      reactionsRemoved: [{ type: 'sad' }],
    });
    expect(install).toMatchObject({
      type: 'conversationUpdate',
      membersAdded: [{ id: ROUNDTABLE_BOT.id }],
      conversation: { id: scope.channelId },
      channelData: { eventType: 'teamMemberAdded', settings: { selectedChannel: { id: scope.channelId } } },
    });
    expect(installation).toMatchObject({ type: 'installationUpdate', action: 'add' });
    expect(renamed).toMatchObject({
      type: 'conversationUpdate',
      conversation: { id: scope.teamId },
      channelData: {
        eventType: 'channelRenamed',
        channel: { id: scope.channelId, name: 'Lounge' },
        team: { id: scope.teamId },
      },
    });
  });

  it('shapes card clicks as Teams does: an adaptiveCard/action invoke, or a message carrying the data', () => {
    const [, , , , , , , invoke, submit] = all();
    expect(invoke).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: '1700000000002',
      value: { action: { type: 'Action.Execute', verb: 'vote', data: { option: 1 } }, trigger: 'manual' },
      conversation: { id: `${scope.channelId};messageid=1700000000002` },
    });
    expect(submit).toMatchObject({ type: 'message', replyToId: '1700000000002', value: { option: 1 } });
    expect(submit!.text).toBeUndefined();
  });
});
