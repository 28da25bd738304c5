/**
 * Channel names in an organization-wide install: names are not unique (every team has a
 * General; anyone can create a team with a "Chats"), so a name keeps every channel that
 * bears it, an ambiguous name leads nowhere, and only Teams' own events and an organizer's
 * `here` index names. A scheduled chat must never move to another team's channel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import { samplePlan } from '../../support/plans.js';
import type { StandinMember, StandinTeam } from '../../support/teams/connector-state.js';
import { teamsHarness, type TeamsHarness } from './support/teams-harness.js';
import { messageText } from './support/card-text.js';

const specs = specsRequirement();

describe.skipIf(specs.skip)(`Teams channel names across teams${specs.reason}`, () => {
  let h: TeamsHarness;
  let other: StandinTeam;
  let otherOwner: StandinMember;
  let otherMember: StandinMember;
  afterEach(async () => {
    await h?.close();
  });

  /** Our team LeadersGC (General, Chats), installed; and "Other team" with only General, not yet installed. */
  const start = async (channel = '#chats') => {
    h = await teamsHarness({ specsDir: specs.value, plan: samplePlan({ organizers: [], channel }) });
    other = h.standin.addTeam({ name: 'Other team', channels: [] });
    otherOwner = h.standin.addMember(other.id, { name: 'Oscar Owner', userRole: 'owner' });
    otherMember = h.standin.addMember(other.id, { name: 'Mia Member' });
    await h.send(
      h.standin.activities.botInstalled({
        ...h.scope,
        from: h.owner,
        teamName: 'LeadersGC',
        aadGroupId: h.team.aadGroupId,
      }),
    );
  };
  const otherScope = (channelId: string) => ({ tenantId: other.tenantId, teamId: other.id, channelId });
  const installOther = () =>
    h.send(
      h.standin.activities.botInstalled({
        ...otherScope(other.id),
        from: otherOwner,
        teamName: 'Other team',
        aadGroupId: other.aadGroupId,
      }),
    );
  const commandIn = async (channelId: string, from: StandinMember, text: string, channelName?: string) => {
    const post = h.standin.activities.channelMessage({
      ...otherScope(channelId),
      ...(channelName ? { channelName } : {}),
      from,
      text,
      mentionBot: true,
    });
    await h.send(post);
    return messageText(h.standin.replies(channelId, post.id)[0]);
  };
  const botPosts = (channelId: string) => h.standin.posts(channelId).filter((p) => p.byBot);

  it('keeps every channel that bears a name, and resolves an ambiguous one to none with a warning naming them all', async () => {
    await start();
    const theirChats = h.standin.addChannel(other.id, { name: 'Chats' }).id;
    await installOther();
    const port = h.adapter.port;
    expect(await port.resolveChannel('#chats')).toBeUndefined();
    expect(await port.resolveChannel('General')).toBeUndefined();
    expect(await port.resolveChannel('LeadersGC / Chats')).toMatchObject({ id: h.channelId });
    expect(await port.resolveChannel('Other team/Chats')).toMatchObject({ id: theirChats });
    expect(await port.resolveChannel('LeadersGC/General')).toMatchObject({ id: h.team.id });
    expect(await port.resolveChannel(h.channelId)).toMatchObject({ id: h.channelId });
    const warning = h.logger.lines.find((l) => l.startsWith('warn') && l.includes('"#chats" is ambiguous'));
    expect(warning).toContain(`LeadersGC/Chats (${h.channelId})`);
    expect(warning).toContain(`Other team/Chats (${theirChats})`);
    expect(warning).toContain('name the channel in the plan as Team/channel or by its id');
  });

  it('indexes no name on ordinary commands, nor on a non-organizer’s "here", whoever types them', async () => {
    await start();
    await installOther();
    // A channel created after the install, whose creation event never reached the bot.
    const late = h.standin.addChannel(other.id, { name: 'Chats' }).id;
    expect(await commandIn(late, otherMember, 'help', 'Chats')).toContain('Roundtable hosts structured chats');
    expect(await commandIn(late, otherMember, 'status', 'Chats')).toContain('No chat is running here');
    expect(await commandIn(late, otherMember, 'here', 'Chats')).toContain('Only organizers can use `@Roundtable here`');
    expect(await h.service.resolveChannel('chats')).toMatchObject({ id: h.channelId });

    // The scheduled chat starts where its plan meant.
    const run = await h.service.startScheduled(samplePlan({ organizers: [], channel: '#chats' }));
    expect(run?.channel.id).toBe(h.channelId);
    expect(botPosts(h.channelId)).toHaveLength(1);
    expect(botPosts(late)).toEqual([]);
  });

  it('never moves a scheduled chat to another team’s channel of the same name, even after that team’s owner types "here"', async () => {
    await start();
    await installOther();
    const theirs = h.standin.addChannel(other.id, { name: 'Chats' }).id;
    // A team owner is an organizer: "here" registers the channel, under the name that is unambiguous.
    expect(await commandIn(theirs, otherOwner, 'here', 'Chats')).toContain(
      'This channel is registered as Other team/Chats',
    );
    expect(await h.service.resolveChannel('chats')).toBeUndefined();
    expect(await h.service.resolveChannel('#chats')).toBeUndefined();
    await expect(h.service.startScheduled(samplePlan({ organizers: [], channel: '#chats' }))).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(botPosts(h.channelId)).toEqual([]);
    expect(botPosts(theirs)).toEqual([]);

    // Named as Team/channel, it starts in our channel.
    const run = await h.service.startScheduled(samplePlan({ organizers: [], channel: 'LeadersGC/Chats' }));
    expect(run?.channel.id).toBe(h.channelId);
    expect(botPosts(theirs)).toEqual([]);
  });

  it('follows channels Teams reports created, renamed and deleted', async () => {
    await start();
    await installOther();
    const lounge = h.standin.addChannel(other.id, { name: 'Lounge' }).id;
    const event = (eventType: 'channelCreated' | 'channelRenamed' | 'channelDeleted', channelName: string) =>
      h.send(h.standin.activities.channelEvent({ ...otherScope(lounge), from: otherOwner, eventType, channelName }));
    await event('channelCreated', 'Lounge');
    expect(await h.service.resolveChannel('Other team/Lounge')).toMatchObject({ id: lounge });
    await event('channelRenamed', 'Chats');
    expect(await h.service.resolveChannel('#lounge')).toBeUndefined();
    expect(await h.service.resolveChannel('#chats')).toBeUndefined();
    await event('channelDeleted', 'Chats');
    expect(await h.service.resolveChannel('#chats')).toMatchObject({ id: h.channelId });
  });

  it('tells an organizer’s "here" the name plans should use: the channel name when it is the only one', async () => {
    await start();
    const cmd = await h.command(h.owner, 'here');
    expect(messageText(h.standin.replies(h.channelId, cmd)[0])).toContain('This channel is registered as Chats');
  });
});
