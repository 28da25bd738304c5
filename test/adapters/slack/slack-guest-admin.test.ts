/**
 * Why: a Slack Connect guest's `is_admin` / `is_owner` describe their own workspace, not the
 * installation's. Through the real Bolt app over HTTP against the Web API stand-in, whose
 * `users.info` names each user's team (and Enterprise Grid org): only admins of the
 * installation's own workspace, or of its own org, are organizers by platform role.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackProcess, waitFor, type SlackProcess } from '../../e2e/support/slack-process.js';
import type { SlackStandin } from '../../support/slack/slack-standin.js';

const CHANNEL = 'C0LEADERS1';
let p: SlackProcess | undefined;
afterEach(async () => {
  await p?.stop();
  p = undefined;
});

async function slackWith(setup: (s: SlackStandin) => void): Promise<SlackProcess> {
  p = await startSlackProcess({
    mode: 'http',
    speed: 1,
    organizers: 'U_NOBODY',
    setup: (s) => {
      s.addChannel(CHANNEL, { name: 'leadersgc' });
      setup(s);
    },
  });
  return p;
}

/** `user` types `start`; true when the chat started, false when they were refused as not an organizer. */
async function startBy(slack: SlackProcess, user: string): Promise<boolean> {
  const before = slack.standin.messages(CHANNEL).length;
  await slack.driver.command({
    command: '/roundtable',
    text: 'start leadersgc-monthly',
    user_id: user,
    channel_id: CHANNEL,
  });
  const reply = await waitFor(`the reply to ${user}`, () => slack.standin.ephemerals(user)[0]);
  const started = slack.standin.messages(CHANNEL).length > before;
  if (!started) expect(reply.text).toMatch(/organizer/i);
  return started;
}

describe('organizers by Slack role belong to the installation’s workspace', () => {
  it('an admin and an owner of another workspace (Slack Connect guests) are refused; an admin of this one starts', async () => {
    const slack = await slackWith((s) => {
      s.addUser({ id: 'U0GUESTADM', name: 'guest-admin', locale: 'en-US', isAdmin: true, teamId: 'T0ELSEWHERE' });
      s.addUser({ id: 'U0GUESTOWN', name: 'guest-owner', locale: 'en-US', isOwner: true, teamId: 'T0ELSEWHERE' });
      s.addUser({ id: 'U0HOMEADMN', name: 'home-admin', locale: 'en-US', isAdmin: true });
    });
    expect(await startBy(slack, 'U0GUESTADM')).toBe(false);
    expect(await startBy(slack, 'U0GUESTOWN')).toBe(false);
    expect(slack.standin.messages(CHANNEL)).toEqual([]);
    expect(await startBy(slack, 'U0HOMEADMN')).toBe(true);
  });

  it('in an Enterprise Grid org, an admin of a sister workspace of the org counts; an admin of another org does not', async () => {
    const slack = await slackWith((s) => {
      s.setEnterprise('E0HOMEORG1');
      s.addUser({
        id: 'U0OTHERORG',
        name: 'other-org-admin',
        locale: 'en-US',
        isAdmin: true,
        teamId: 'T0FOREIGN1',
        enterpriseId: 'E0FOREIGN1',
      });
      s.addUser({
        id: 'U0SISTERAD',
        name: 'sister-admin',
        locale: 'en-US',
        isAdmin: true,
        teamId: 'T0SISTER01',
        enterpriseId: 'E0HOMEORG1',
      });
    });
    expect(await startBy(slack, 'U0OTHERORG')).toBe(false);
    expect(await startBy(slack, 'U0SISTERAD')).toBe(true);
  });
});
