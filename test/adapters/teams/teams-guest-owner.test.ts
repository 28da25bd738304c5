/**
 * Why: a team owner is an organizer only in the installation's own tenant. Through the real
 * botbuilder CloudAdapter over HTTP against the Bot Connector stand-in, whose roster gives
 * each member's tenant: an owner from another tenant (an external member of a shared
 * channel) is refused, and so is an owner of a team in a tenant other than the bot's own
 * (`MicrosoftAppTenantId`); the team's own owner, in the bot's tenant, starts the chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import type { StandinMember } from '../../support/teams/connector-state.js';
import { teamsHarness, type TeamsHarness } from './support/teams-harness.js';
import { messageText } from './support/card-text.js';

const specs = specsRequirement();
const HOME_TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';

describe.skipIf(specs.skip)(`Teams owners are organizers in the bot’s own tenant only${specs.reason}`, () => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const harness = async (opts: { teamTenantId?: string; botTenantId?: string } = {}) => {
    h = await teamsHarness({ specsDir: specs.value, ...opts });
    await h.send(
      h.standin.activities.botInstalled({
        ...h.scope,
        from: h.owner,
        teamName: 'LeadersGC',
        aadGroupId: h.team.aadGroupId,
      }),
    );
    return h;
  };
  /** `from` types `start`; the reply in the command's thread. */
  const startBy = async (t: TeamsHarness, from: StandinMember) =>
    messageText(t.standin.replies(t.channelId, await t.command(from, 'start sample-chat'))[0]);

  it('refuses an owner from another tenant (an external member of a shared channel); the team’s own owner starts', async () => {
    const t = await harness();
    const external = t.standin.addMember(t.team.id, {
      name: 'Xavier External',
      userRole: 'owner',
      tenantId: OTHER_TENANT,
    });
    expect(await startBy(t, external)).toContain('Only organizers can use `@Roundtable start`');
    expect(await t.run()).toBeUndefined();
    expect(await startBy(t, t.owner)).toContain('has started');
    expect((await t.run())?.status).toBe('running');
  });

  it('refuses the owner of a team in a tenant other than the bot’s (MicrosoftAppTenantId), accepts one in its own', async () => {
    const foreign = await harness({ teamTenantId: OTHER_TENANT, botTenantId: HOME_TENANT });
    expect(await startBy(foreign, foreign.owner)).toContain('Only organizers can use `@Roundtable start`');
    expect(await foreign.run()).toBeUndefined();
    await foreign.close();
    const home = await harness({ teamTenantId: HOME_TENANT, botTenantId: HOME_TENANT });
    expect(await startBy(home, home.owner)).toContain('has started');
  });
});
